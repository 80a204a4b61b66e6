/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mime-message.c: one RFC 822 message (bytes) into a struct mc_message,
 * through GMime 3: the body half, on top of the header half. The framing of
 * the bytes (junk before the headers, lone-CR line endings, the extent of
 * an embedded message) is in mime-framing.c, shared with raw-message.c; the
 * parsing and the header fields (RFC 2047 and raw 8-bit headers, addresses,
 * the Date, ids, GMime's warnings) are in mime-headers.c. This file owns
 * the choice and decoding of the body text, attachment records (size and
 * SHA-256 of the decoded content) and the recursion into message/rfc822
 * parts; TNEF parts (winmail.dat) are handed to parsers/tnef-stream.h. The MIME
 * syntax itself is entirely GMime's.
 */

#include <string.h>
#include <gmime/gmime.h>

#include "mime-message.h"
#include "charset.h"
#include "resource-limits.h"
#include "mime-decode.h"
#include "mime-framing.h"
#include "mime-headers.h"
#include "html-text.h"
#include "tnef-stream.h"

#define MIME_MAX_DEPTH MC_LIMIT_MIME_DEPTH /* multipart and message nesting */

/* A message/rfc822 part waiting to be parsed as a record of its own. */
struct pending {
	size_t off, len;     /* its bytes within the parent's bytes as given */
	GByteArray *owned;   /* or re-serialised bytes when offsets were unknown */
	char *path;          /* MIME part path in the parent */
	int tnef;            /* a message attached inside TNEF: owned is a TNEF stream */
};

struct state {
	struct mc_message *m;
	const struct mc_mime_parsed *doc; /* the bytes, as parsed */
	GMimeObject *body;   /* the chosen body part or NULL */
	GString *reports;    /* text of delivery-status parts */
	GArray *pending;     /* struct pending */
	int depth_warned;
	int attachments_warned;
};

/* ---- small string helpers ---- */

/* Line breaks of a decoded text to LF. */
static void text_to_lf(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* ---- the MIME tree ---- */

static int is_type(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	return ct && g_mime_content_type_is_type(ct, type, subtype);
}

static int depth_ok(struct state *st, int depth)
{
	if (depth <= MIME_MAX_DEPTH)
		return 1;
	if (!st->depth_warned) {
		mc_limit_warn(st->m, "mime-depth", MIME_MAX_DEPTH,
		              "MIME nesting level %d; deeper parts ignored", depth);
		st->depth_warned = 1;
	}
	return 0;
}

static char *child_path(const char *path, int index)
{
	return path ? g_strdup_printf("%s.%d", path, index + 1)
	            : g_strdup_printf("%d", index + 1);
}

/* The filename of a part (RFC 2231/2047 decoded by GMime). */
static char *filename_of(struct state *st, GMimeObject *obj)
{
	char *fn = mc_mime_raw_8bit_param(st->doc, obj, "Content-Disposition", "filename");
	if (!fn)
		fn = mc_mime_raw_8bit_param(st->doc, obj, "Content-Type", "name");
	if (fn)
		return fn;
	if (GMIME_IS_PART(obj))
		return mc_mime_utf8_dup(g_mime_part_get_filename(GMIME_PART(obj)));
	const char *v = g_mime_object_get_content_disposition_parameter(obj, "filename");
	return mc_mime_utf8_dup(v ? v : g_mime_object_get_content_type_parameter(obj, "name"));
}

static int is_attachment(GMimeObject *obj)
{
	if (!GMIME_IS_PART(obj))
		return 1;
	return g_mime_part_is_attachment(GMIME_PART(obj)) ||
	       g_mime_part_get_filename(GMIME_PART(obj)) != NULL;
}

/* First leaf text/<subtype> that is not an attachment, in document order,
 * not looking into message/rfc822 parts. */
static GMimeObject *find_text(GMimeObject *obj, const char *subtype, int depth)
{
	if (!obj || depth > MIME_MAX_DEPTH)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			GMimeObject *r = find_text(g_mime_multipart_get_part(mp, i),
			                           subtype, depth + 1);
			if (r)
				return r;
		}
		return NULL;
	}
	if (GMIME_IS_PART(obj) && is_type(obj, "text", subtype) && !is_attachment(obj))
		return obj;
	return NULL;
}

/* What base64 decoding met, as warnings of the message. */
static void warn_decoded(struct state *st, const char *what, const struct mc_mime_decoded *res)
{
	if (res->chunked)
		mc_message_warn(st->m, "%s: base64 content goes on after '=' padding "
		                "(several base64 chunks one after the other); decoded whole", what);
	if (res->undecoded > 0)
		mc_message_warn(st->m, "%s: %" G_GINT64_FORMAT " bytes of text after the end of its "
		                "base64 content (a footer added to it?) not decoded", what,
		                res->undecoded);
}

/* The transfer-decoded content of a part, in a new byte array; of a part
 * larger than MC_LIMIT_PART_BYTES, only its first MC_LIMIT_PART_BYTES
 * encoded bytes (decoding never grows them), with a limit warning naming
 * `what`. */
static GByteArray *decoded_content(struct state *st, GMimePart *part, const char *what)
{
	GByteArray *ba = g_byte_array_new();
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return ba;
	GMimeDataWrapper *cut = NULL;
	GMimeStream *ws = g_mime_data_wrapper_get_stream(w);
	gint64 enc_len = ws ? g_mime_stream_length(ws) : -1;
	if (enc_len > MC_LIMIT_PART_BYTES) {
		GMimeStream *sub = g_mime_stream_substream(ws, ws->bound_start,
		                                           ws->bound_start + MC_LIMIT_PART_BYTES);
		cut = g_mime_data_wrapper_new_with_stream(sub, g_mime_data_wrapper_get_encoding(w));
		g_object_unref(sub);
		mc_limit_warn(st->m, "part-bytes", MC_LIMIT_PART_BYTES,
		              "%s of %" G_GINT64_FORMAT " encoded bytes; only the first %d decoded",
		              what, enc_len, MC_LIMIT_PART_BYTES);
		w = cut;
	}
	GMimeStream *mem = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	struct mc_mime_decoded res;
	mc_mime_write_decoded(w, mem, &res);
	warn_decoded(st, what, &res);
	g_object_unref(mem);
	if (cut)
		g_object_unref(cut);
	return ba;
}

/* Size and SHA-256 of the decoded content, streamed (no copy). */
static void hash_content(struct state *st, GMimePart *part, struct mc_attachment *a)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *null = g_mime_stream_null_new();
	GMimeStream *fs = g_mime_stream_filter_new(null);
	GMimeFilter *ck = g_mime_filter_checksum_new(G_CHECKSUM_SHA256);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), ck);
	if (w) {
		struct mc_mime_decoded res;
		mc_mime_write_decoded(w, fs, &res);
		char *what = g_strdup_printf("attachment %s", a->part_path ? a->part_path : "?");
		warn_decoded(st, what, &res);
		g_free(what);
	}
	g_mime_stream_flush(fs);
	gchar *hex = g_mime_filter_checksum_get_string(GMIME_FILTER_CHECKSUM(ck));
	g_strlcpy(a->sha256, hex ? hex : "", sizeof a->sha256);
	a->size = (int64_t)GMIME_STREAM_NULL(null)->written;
	g_free(hex);
	g_object_unref(ck);
	g_object_unref(fs);
	g_object_unref(null);
}

static struct mc_attachment *attachment_record(struct state *st, GMimeObject *obj,
                                               const char *path)
{
	struct mc_attachment *a = mc_message_add_attachment(st->m);
	a->filename = filename_of(st, obj);
	a->mime_type = mc_mime_type_of(obj);
	a->disposition = mc_mime_lower_dup(g_mime_object_get_disposition(obj));
	a->content_id = mc_mime_utf8_dup(g_mime_object_get_content_id(obj));
	a->part_path = g_strdup(path);
	return a;
}

/* Decodes a text part to UTF-8 with its declared charset; fills the
 * charset fields of the message when `record` is set. */
static char *part_text(struct state *st, GMimePart *part, int record)
{
	const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	GByteArray *ba = decoded_content(st, part, record ? "body text part" : "report part");
	struct mc_decoded d;
	mc_charset_decode((const char *)ba->data, ba->len, cs, &d);
	g_byte_array_free(ba, TRUE);
	if (record) {
		struct mc_message *m = st->m;
		m->charset_declared = mc_charset_canonical(cs);
		m->charset_used = g_strdup(d.charset_used);
		m->charset_detected = g_strdup(d.charset_detected);
		m->charset_mismatch = d.mismatch;
		if (d.mismatch)
			mc_message_warn(m, "body charset mismatch: declared %s, decoded as %s",
			                m->charset_declared ? m->charset_declared : "?",
			                d.charset_used ? d.charset_used : "?");
		if (d.lossy)
			mc_message_warn(m, "body text decoded lossily (as %s)",
			                d.charset_used ? d.charset_used : "?");
	}
	char *text = d.text;
	d.text = NULL;
	mc_decoded_clear(&d);
	char *clean = mc_mime_utf8_dup(text);
	g_free(text);
	text_to_lf(clean);
	return clean;
}

static void read_body(struct state *st, GMimeObject *top)
{
	struct mc_message *m = st->m;
	st->body = find_text(top, "plain", 0);
	if (!st->body)
		st->body = find_text(top, "html", 0);
	if (!st->body)
		return;
	char *text = part_text(st, GMIME_PART(st->body), 1);
	if (is_type(st->body, "text", "html")) {
		m->body_text = mc_html_to_text(text, strlen(text));
		m->body_source = g_strdup("text/html");
		g_free(text);
	} else {
		m->body_text = text;
		m->body_source = g_strdup("text/plain");
	}
}

static int is_report_part(GMimeObject *obj)
{
	return is_type(obj, "message", "delivery-status") ||
	       is_type(obj, "message", "disposition-notification") ||
	       is_type(obj, "message", "global-delivery-status") ||
	       is_type(obj, "message", "global-disposition-notification");
}

static void append_report(struct state *st, GMimePart *part)
{
	char *text = part_text(st, part, 0);
	g_strchomp(text);
	if (*text) {
		if (st->reports->len)
			g_string_append(st->reports, "\n\n");
		g_string_append(st->reports, text);
	}
	g_free(text);
}

static void message_part(struct state *st, GMimeObject *obj, GMimeObject *parent,
                         const char *path)
{
	struct mc_attachment *a = attachment_record(st, obj, path);
	GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
	struct pending p = { 0, 0, NULL, g_strdup(path), 0 };
	const struct mc_mime_parsed *doc = st->doc;
	gint64 start = inner ? mc_framing_embedded_start(inner) : -1;
	if (start >= 0 && (size_t)start <= doc->buf_len) {
		const char *boundary = parent
			? g_mime_object_get_content_type_parameter(parent, "boundary") : NULL;
		size_t end = mc_framing_part_end(doc->buf, doc->buf_len, (size_t)start, boundary);
		p.off = doc->base + (size_t)start;
		p.len = end - (size_t)start;
		mc_sha256_hex(doc->orig + p.off, p.len, a->sha256);
	} else if (inner) {
		GMimeStream *mem = g_mime_stream_mem_new();
		g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
		p.owned = g_byte_array_ref(g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem)));
		g_object_unref(mem);
		p.len = p.owned->len;
		mc_sha256_hex(p.owned->data, p.len, a->sha256);
	} else {
		mc_sha256_hex("", 0, a->sha256);
	}
	a->size = (int64_t)p.len;
	if (inner)
		g_array_append_val(st->pending, p);
	else
		g_free(p.path);
}

/* A message/rfc822 part with a transfer encoding (which GMime leaves as a
 * plain part): the decoded content is the embedded message. */
static void encoded_message_part(struct state *st, GMimePart *part, const char *path)
{
	struct pending p = { 0, 0, NULL, g_strdup(path), 0 };
	char *what = g_strdup_printf("encoded message part %s", path);
	p.owned = decoded_content(st, part, what);
	g_free(what);
	p.len = p.owned->len;
	g_array_append_val(st->pending, p);
}

/* Another rendering of the body (the HTML beside the chosen plain text in a
 * multipart/alternative) is not an attachment. */
static int is_alternative_body(GMimeObject *obj, GMimeObject *parent)
{
	return parent && is_type(parent, "multipart", "alternative") &&
	       GMIME_IS_PART(obj) && is_type(obj, "text", "*") && !is_attachment(obj);
}

/* application/ms-tnef (or vnd.ms-tnef), or a part named winmail.dat. */
static int is_tnef_part(GMimeObject *obj, const struct mc_attachment *a)
{
	return is_type(obj, "application", "ms-tnef") ||
	       is_type(obj, "application", "vnd.ms-tnef") ||
	       (a->filename && g_ascii_strcasecmp(a->filename, "winmail.dat") == 0);
}

/* Where the messages attached inside a TNEF stream are queued. */
struct tnef_queue {
	GArray *pending;
	const char *path;    /* MIME part path of the TNEF, "" inside TNEF */
};

/* mc_tnef_embedded_fn: a message attached inside TNEF, queued like a
 * message/rfc822 part under the path "tnef:<part>/<n>". */
static void tnef_embedded(void *ctx, int index, const unsigned char *b, size_t n)
{
	struct tnef_queue *q = ctx;
	struct pending p = { 0, n, g_byte_array_new(), NULL, 1 };
	p.path = *q->path ? g_strdup_printf("tnef:%s/%d", q->path, index)
	                  : g_strdup_printf("tnef:/%d", index);
	g_byte_array_append(p.owned, b, (guint)n);
	g_array_append_val(q->pending, p);
}

/* The TNEF's class, bodies and attachments into the message (tnef-stream.h); the
 * part itself stays an attachment record (a). */
static void tnef_part(struct state *st, GMimePart *part, const char *path,
                      struct mc_attachment *a)
{
	struct tnef_queue q = { st->pending, path };
	/* Binary content: take the bytes as given, not the copy whose lone
	 * CRs mc_framing_normalise_cr() turned into LFs. */
	GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *cs = w ? g_mime_data_wrapper_get_stream(w) : NULL;
	const struct mc_mime_parsed *doc = st->doc;
	const char *given = doc->orig + doc->base;
	if (cs && doc->buf != given && (enc == GMIME_CONTENT_ENCODING_BINARY ||
	                               enc == GMIME_CONTENT_ENCODING_8BIT ||
	                               enc == GMIME_CONTENT_ENCODING_DEFAULT)) {
		gint64 from = cs->bound_start;
		gint64 to = cs->bound_end < 0 ? (gint64)doc->buf_len : cs->bound_end;
		const unsigned char *raw = (const unsigned char *)given + from;
		if (from >= 0 && from <= to && to <= (gint64)doc->buf_len &&
		    mc_tnef_is_tnef(raw, (size_t)(to - from))) {
			/* the part's record: the bytes as given, too */
			mc_sha256_hex(raw, (size_t)(to - from), a->sha256);
			a->size = to - from;
			mc_tnef_apply_full(raw, (size_t)(to - from), st->m, path, tnef_embedded, &q);
			return;
		}
	}
	char *what = g_strdup_printf("TNEF part %s", path);
	GByteArray *ba = decoded_content(st, part, what);
	g_free(what);
	if (mc_tnef_apply_full(ba->data, ba->len, st->m, path, tnef_embedded, &q) != 0)
		mc_message_warn(st->m, "TNEF part %s: no TNEF signature; kept as an attachment",
		                path);
	g_byte_array_free(ba, TRUE);
}

static void walk(struct state *st, GMimeObject *obj, GMimeObject *parent,
                 const char *path, int depth)
{
	if (!depth_ok(st, depth))
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			char *cp = child_path(path, i);
			walk(st, g_mime_multipart_get_part(mp, i), obj, cp, depth + 1);
			g_free(cp);
		}
		return;
	}
	const char *leaf = path ? path : "1";
	if (st->m->attachments->len >= MC_LIMIT_ATTACHMENTS) {
		if (!st->attachments_warned)
			mc_limit_warn(st->m, "attachments", MC_LIMIT_ATTACHMENTS,
			              "part %s and the parts after it not recorded", leaf);
		st->attachments_warned = 1;
		return;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		message_part(st, obj, parent, leaf);
		return;
	}
	if (!GMIME_IS_PART(obj) || obj == st->body || is_alternative_body(obj, parent))
		return;
	struct mc_attachment *a = attachment_record(st, obj, leaf);
	hash_content(st, GMIME_PART(obj), a);
	if (is_report_part(obj))
		append_report(st, GMIME_PART(obj));
	else if (is_type(obj, "message", "rfc822") || is_type(obj, "message", "global"))
		encoded_message_part(st, GMIME_PART(obj), leaf);
	else if (is_tnef_part(obj, a))
		tnef_part(st, GMIME_PART(obj), leaf, a);
}

static void add_reports_to_body(struct state *st)
{
	struct mc_message *m = st->m;
	if (!st->reports->len)
		return;
	if (!m->body_text) {
		m->body_text = g_strdup(st->reports->str);
		m->body_source = g_strdup("text/plain");
		return;
	}
	char *t = g_strconcat(m->body_text, "\n\n", st->reports->str, NULL);
	g_free(m->body_text);
	m->body_text = t;
}

/* ---- one message ---- */

/* The body text and the parts, after the header fields. */
static void fill_body(struct state *st, GMimeObject *top)
{
	read_body(st, top);
	walk(st, top, NULL, GMIME_IS_MULTIPART(top) ? NULL : "1", 1);
	add_reports_to_body(st);
}

static int parse_message(const char *bytes, size_t len, struct mc_message *m,
                         GArray *pending)
{
	struct mc_mime_parsed doc;
	int rc = mc_mime_parsed_read(&doc, bytes, len, m);
	if (rc == 0 && doc.top) {
		struct state st = { .m = m, .doc = &doc, .pending = pending };
		st.reports = g_string_new(NULL);
		fill_body(&st, doc.top);
		g_string_free(st.reports, TRUE);
	}
	mc_mime_parsed_clear(&doc);
	return rc;
}

/* ---- embedded messages ---- */

static void pending_clear(GArray *pending)
{
	for (guint i = 0; i < pending->len; i++) {
		struct pending *p = &g_array_index(pending, struct pending, i);
		g_free(p->path);
		if (p->owned)
			g_byte_array_unref(p->owned);
	}
	g_array_free(pending, TRUE);
}

/* A message attached inside TNEF: its record from the stream (tnef-stream.h);
 * the messages attached to it in turn go to sub. */
static void tnef_message(const GByteArray *b, struct mc_message *e, GArray *sub)
{
	struct tnef_queue q = { sub, "" };
	e->size = (int64_t)b->len;
	mc_sha256_hex(b->data, b->len, e->sha256);
	if (mc_tnef_apply_full(b->data, b->len, e, "", tnef_embedded, &q) != 0)
		mc_message_warn(e, "attached message: not a TNEF stream");
}

/* Parses each pending message/rfc822 part of parent into a record, hands it
 * to fn, then does the same for the parts it holds. Returns -1 when fn asked
 * to stop. */
static int emit_embedded(const char *bytes, struct mc_message *parent,
                         GArray *pending, mc_embedded_fn fn, void *ctx, int depth)
{
	int rc = 0;
	for (guint i = 0; i < pending->len && rc == 0; i++) {
		const struct pending *p = &g_array_index(pending, struct pending, i);
		if (depth > MIME_MAX_DEPTH) {
			mc_limit_warn(parent, "mime-depth", MIME_MAX_DEPTH,
			              "embedded message at level %d; part %s not parsed",
			              depth, p->path);
			break;
		}
		const char *b = p->owned ? (const char *)p->owned->data : bytes + p->off;
		struct mc_message *e = mc_message_new();
		GArray *sub = g_array_new(FALSE, TRUE, sizeof(struct pending));
		e->origin = MC_ORIGIN_EMBEDDED;
		e->locator = g_strdup_printf("%s#part=%s",
		                             parent->locator ? parent->locator : "", p->path);
		if (p->tnef)
			tnef_message(p->owned, e, sub);
		else
			parse_message(b, p->len, e, sub);
		rc = fn(ctx, parent, e) < 0 ? -1 : 0;
		if (rc == 0)
			rc = emit_embedded(b, e, sub, fn, ctx, depth + 1);
		pending_clear(sub);
		mc_message_free(e);
	}
	return rc;
}

int mc_mime_parse(const char *bytes, size_t len, struct mc_message *m,
                  mc_embedded_fn on_embedded, void *ctx)
{
	GArray *pending = g_array_new(FALSE, TRUE, sizeof(struct pending));
	int rc = parse_message(bytes, len, m, pending);
	if (rc == 0 && on_embedded)
		emit_embedded(bytes, m, pending, on_embedded, ctx, 1);
	pending_clear(pending);
	return rc;
}
