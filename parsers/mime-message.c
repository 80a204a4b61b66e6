#include "config.h"
/*
 * mime-message.c: one RFC 822 message (bytes) into a struct mc_message,
 * through GMime 3. Owns line-ending normalisation, the mbox "From " line
 * skip, header decoding (RFC 2047 and raw 8-bit), addresses, the Date, the
 * choice and decoding of the body text, attachment records (size and
 * SHA-256 of the decoded content) and the recursion into message/rfc822
 * parts; TNEF parts (winmail.dat) are handed to parsers/tnef.h. The MIME
 * syntax itself is entirely GMime's.
 */

#include <string.h>
#include <gmime/gmime.h>

#include "mime-message.h"
#include "charset.h"
#include "resource-limits.h"
#include "mime-guard.h"
#include "html-text.h"
#include "tnef.h"

#define MIME_MAX_DEPTH MC_LIMIT_MIME_DEPTH /* multipart and message nesting */
#define MIME_MAX_PARSER_WARNINGS 20 /* GMime warnings kept per message */

/* A message/rfc822 part waiting to be parsed as a record of its own. */
struct pending {
	size_t off, len;     /* its bytes within the parent's bytes as given */
	GByteArray *owned;   /* or re-serialised bytes when offsets were unknown */
	char *path;          /* MIME part path in the parent */
	int tnef;            /* a message attached inside TNEF: owned is a TNEF stream */
};

/* One header of the message, in document order. */
struct hdr {
	GMimeHeader *h;      /* borrowed from GMime's lists */
	char *utf8;          /* unfolded raw value, converted to UTF-8 */
	char *value;         /* utf8 with RFC 2047 decoded */
};

struct state {
	struct mc_message *m;
	GMimeParserOptions *opts;
	const char *orig;    /* the bytes as given */
	const char *buf;     /* what GMime parses (normalised, after "From ") */
	size_t buf_len;
	size_t base;         /* offset of buf within the bytes as given */
	char *hint;          /* charset for raw 8-bit header bytes */
	GArray *hdrs;        /* struct hdr */
	GMimeObject *body;   /* the chosen body part or NULL */
	GString *reports;    /* text of delivery-status parts */
	GArray *pending;     /* struct pending */
	int depth_warned;
	int parser_warnings;
	int attachments_warned;
};

void mc_mime_init(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		g_mime_init();
		g_once_init_leave(&once, 1);
	}
}

/* ---- small string helpers ---- */

/* UTF-8 copy of s with invalid sequences replaced (NULL stays NULL). */
static char *utf8_dup(const char *s)
{
	if (!s)
		return NULL;
	return g_utf8_make_valid(s, -1);
}

static char *lower_dup(const char *s)
{
	char *u = utf8_dup(s);
	if (!u)
		return NULL;
	char *l = g_ascii_strdown(u, -1);
	g_free(u);
	return l;
}

static char *mime_type_of(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *l = lower_dup(t);
	g_free(t);
	return l;
}

/* Unfolds a raw header value: every line break and the white space after it
 * become one space; leading and trailing white space go. */
static char *unfold(const char *raw)
{
	size_t n = strlen(raw);
	char *out = g_malloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (raw[i] == '\r' || raw[i] == '\n') {
			while (i + 1 < n && (raw[i + 1] == '\r' || raw[i + 1] == '\n'))
				i++;
			while (i + 1 < n && (raw[i + 1] == ' ' || raw[i + 1] == '\t'))
				i++;
			out[o++] = ' ';
			continue;
		}
		out[o++] = raw[i];
	}
	out[o] = '\0';
	return g_strstrip(out);
}

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

/* Converts bytes that are not valid UTF-8 with the charset hint. */
static char *to_utf8(const char *s, const char *hint)
{
	size_t n = strlen(s);
	if (mc_utf8_valid(s, n))
		return g_strdup(s);
	struct mc_decoded d;
	mc_charset_decode(s, n, hint, &d);
	char *t = d.text;
	d.text = NULL;
	mc_decoded_clear(&d);
	char *v = utf8_dup(t);
	g_free(t);
	return v;
}

/* ---- GMime parser warnings ---- */

static const char *parser_warning_text(GMimeParserWarning code)
{
	switch (code) {
	case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid Content-Type";
	case GMIME_WARN_MALFORMED_MULTIPART: return "multipart without parts";
	case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated message";
	case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message";
	case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid header line";
	case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting header";
	case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting parameter";
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart without boundary";
	case GMIME_CRIT_NESTING_OVERFLOW: return "MIME nesting overflow";
	case GMIME_WARN_PART_WITHOUT_CONTENT: return "part without content";
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part without headers or content";
	default: return NULL; /* duplicated/8-bit headers etc.: handled or noise */
	}
}

static void on_parser_warning(gint64 offset, GMimeParserWarning code,
                              const gchar *item, gpointer data)
{
	struct state *st = data;
	const char *what = parser_warning_text(code);
	if (!what)
		return;
	if (++st->parser_warnings > MIME_MAX_PARSER_WARNINGS) {
		if (st->parser_warnings == MIME_MAX_PARSER_WARNINGS + 1)
			mc_message_warn(st->m, "MIME: further parser warnings omitted");
		return;
	}
	char *it = item ? g_strndup(item, 80) : NULL;
	char *clean = utf8_dup(it ? g_strstrip(g_strdelimit(it, "\r\n", ' ')) : NULL);
	GString *w = g_string_new("MIME: ");
	g_string_append(w, what);
	if (clean && *clean)
		g_string_append_printf(w, " (%s)", clean);
	if (offset >= 0)
		g_string_append_printf(w, " at offset %" G_GINT64_FORMAT, offset + (gint64)st->base);
	mc_message_warn(st->m, "%s", w->str);
	g_string_free(w, TRUE);
	g_free(clean);
	g_free(it);
}

/* ---- headers ---- */

static gint hdr_by_offset(gconstpointer a, gconstpointer b)
{
	gint64 x = g_mime_header_get_offset(((const struct hdr *)a)->h);
	gint64 y = g_mime_header_get_offset(((const struct hdr *)b)->h);
	return x < y ? -1 : x > y;
}

static void collect_header_list(GArray *out, GMimeObject *obj)
{
	GMimeHeaderList *list = obj ? g_mime_object_get_header_list(obj) : NULL;
	int n = list ? g_mime_header_list_get_count(list) : 0;
	for (int i = 0; i < n; i++) {
		struct hdr x = { g_mime_header_list_get_header_at(list, i), NULL, NULL };
		g_array_append_val(out, x);
	}
}

/* With no charset declared anywhere, uchardet's guess over all the raw
 * 8-bit header values together (one value alone is too short to guess). */
static char *guess_header_charset(const struct state *st)
{
	GString *all = g_string_new(NULL);
	for (guint i = 0; i < st->hdrs->len; i++) {
		const char *raw = g_mime_header_get_raw_value(
			g_array_index(st->hdrs, struct hdr, i).h);
		if (raw && !mc_utf8_valid(raw, strlen(raw)))
			g_string_append(all, raw);
	}
	char *guess = all->len ? mc_charset_detect(all->str, all->len) : NULL;
	g_string_free(all, TRUE);
	return guess;
}

/* The message's headers and its top-level part's (Content-*) merged back
 * into document order, decoded, and stored in m->headers. */
static void read_headers(struct state *st, GMimeMessage *msg, GMimeObject *top)
{
	collect_header_list(st->hdrs, GMIME_OBJECT(msg));
	collect_header_list(st->hdrs, top);
	g_array_sort(st->hdrs, hdr_by_offset);
	if (!st->hint)
		st->hint = guess_header_charset(st);
	for (guint i = 0; i < st->hdrs->len; i++) {
		struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		const char *raw = g_mime_header_get_raw_value(x->h);
		char *unf = unfold(raw ? raw : "");
		x->utf8 = to_utf8(unf, st->hint);
		char *dec = g_mime_utils_header_decode_text(st->opts, x->utf8);
		x->value = utf8_dup(dec);
		g_free(dec);
		char *name = utf8_dup(g_mime_header_get_raw_name(x->h));
		char *raw_utf8 = mc_utf8_valid(unf, strlen(unf)) ? unf : x->utf8;
		mc_message_add_header(st->m, name, x->value, raw_utf8);
		g_free(name);
		g_free(unf);
	}
}

static const struct hdr *find_hdr(const struct state *st, const char *name)
{
	for (guint i = 0; i < st->hdrs->len; i++) {
		const struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(x->h), name) == 0)
			return x;
	}
	return NULL;
}

static char *msgid_of(const struct state *st, const char *name)
{
	const struct hdr *x = find_hdr(st, name);
	if (!x || !*x->utf8)
		return NULL;
	char *id = g_mime_utils_decode_message_id(x->utf8);
	if (id && *id) {
		char *v = utf8_dup(id);
		g_free(id);
		return v;
	}
	g_free(id);
	const char *s = x->utf8;
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
		return g_strndup(s + 1, n - 2);
	return g_strdup(s);
}

/* ---- addresses ---- */

typedef void (*mailbox_fn)(struct state *st, const char *kind,
                           const char *name, const char *addr);

static int each_mailbox(struct state *st, InternetAddressList *list,
                        const char *kind, mailbox_fn fn, int depth)
{
	int n = list ? internet_address_list_length(list) : 0, seen = 0;
	for (int i = 0; i < n && depth < 4; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *members = internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia));
			seen += each_mailbox(st, members, kind, fn, depth + 1);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			char *name = utf8_dup(internet_address_get_name(ia));
			char *addr = utf8_dup(internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)));
			fn(st, kind, name, addr);
			g_free(name);
			g_free(addr);
			seen++;
		}
	}
	return seen;
}

static void add_recipient(struct state *st, const char *kind,
                          const char *name, const char *addr)
{
	mc_message_add_recipient(st->m, kind, name, addr);
}

static void set_from(struct state *st, const char *kind, const char *name,
                     const char *addr)
{
	(void)kind;
	if (st->m->from_addr || st->m->from_name)
		return;
	st->m->from_name = (name && *name) ? g_strdup(name) : NULL;
	st->m->from_addr = (addr && *addr) ? g_strdup(addr) : NULL;
}

/* Calls fn for every mailbox of every header called name. */
static int header_mailboxes(struct state *st, const char *name,
                            const char *kind, mailbox_fn fn)
{
	int seen = 0;
	for (guint i = 0; i < st->hdrs->len; i++) {
		const struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(x->h), name) != 0)
			continue;
		InternetAddressList *list = internet_address_list_parse(st->opts, x->utf8);
		seen += each_mailbox(st, list, kind, fn, 0);
		if (list)
			g_object_unref(list);
	}
	return seen;
}

static void read_addresses(struct state *st)
{
	if (header_mailboxes(st, "From", NULL, set_from) == 0)
		header_mailboxes(st, "Sender", NULL, set_from);
	header_mailboxes(st, "To", "to", add_recipient);
	header_mailboxes(st, "Cc", "cc", add_recipient);
	header_mailboxes(st, "Bcc", "bcc", add_recipient);
}

/* ---- date ---- */

static void read_date(struct state *st)
{
	const struct hdr *x = find_hdr(st, "Date");
	if (!x) {
		mc_message_warn(st->m, "no Date header");
		return;
	}
	GDateTime *dt = *x->utf8 ? g_mime_utils_header_decode_date(x->utf8) : NULL;
	if (!dt) {
		mc_message_warn(st->m, "unparseable Date header: %s", x->value);
		return;
	}
	st->m->has_date = 1;
	st->m->date_unix = g_date_time_to_unix(dt);
	st->m->date_offset = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
	g_date_time_unref(dt);
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

/* A parameter of a header holding raw 8-bit bytes that are not UTF-8,
 * re-read after converting them with the charset hint (GMime would read them
 * as Latin-1); NULL when the header is clean or has no such parameter. */
static char *raw_8bit_param(struct state *st, GMimeObject *obj,
                            const char *header, const char *param)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	GMimeHeader *h = list ? g_mime_header_list_get_header(list, header) : NULL;
	const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
	if (!raw || mc_utf8_valid(raw, strlen(raw)))
		return NULL;
	char *unf = unfold(raw);
	char *u = to_utf8(unf, st->hint);
	/* "value; params" parses the same way for both headers */
	GMimeContentDisposition *d = g_mime_content_disposition_parse(st->opts, u);
	char *found = d ? utf8_dup(g_mime_content_disposition_get_parameter(d, param)) : NULL;
	if (d)
		g_object_unref(d);
	g_free(unf);
	g_free(u);
	return found;
}

/* The filename of a part (RFC 2231/2047 decoded by GMime). */
static char *filename_of(struct state *st, GMimeObject *obj)
{
	char *fn = raw_8bit_param(st, obj, "Content-Disposition", "filename");
	if (!fn)
		fn = raw_8bit_param(st, obj, "Content-Type", "name");
	if (fn)
		return fn;
	if (GMIME_IS_PART(obj))
		return utf8_dup(g_mime_part_get_filename(GMIME_PART(obj)));
	const char *v = g_mime_object_get_content_disposition_parameter(obj, "filename");
	return utf8_dup(v ? v : g_mime_object_get_content_type_parameter(obj, "name"));
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

/* First charset parameter of a text part (the hint for 8-bit headers). */
static const char *find_charset(GMimeObject *obj, int depth)
{
	if (!obj || depth > MIME_MAX_DEPTH)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			const char *r = find_charset(g_mime_multipart_get_part(mp, i), depth + 1);
			if (r)
				return r;
		}
		return NULL;
	}
	if (GMIME_IS_PART(obj) && is_type(obj, "text", "*"))
		return g_mime_object_get_content_type_parameter(obj, "charset");
	return NULL;
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
	g_mime_data_wrapper_write_to_stream(w, mem);
	g_object_unref(mem);
	if (cut)
		g_object_unref(cut);
	return ba;
}

/* Size and SHA-256 of the decoded content, streamed (no copy). */
static void hash_content(GMimePart *part, struct mc_attachment *a)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *null = g_mime_stream_null_new();
	GMimeStream *fs = g_mime_stream_filter_new(null);
	GMimeFilter *ck = g_mime_filter_checksum_new(G_CHECKSUM_SHA256);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), ck);
	if (w)
		g_mime_data_wrapper_write_to_stream(w, fs);
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
	a->mime_type = mime_type_of(obj);
	a->disposition = lower_dup(g_mime_object_get_disposition(obj));
	a->content_id = utf8_dup(g_mime_object_get_content_id(obj));
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
	char *clean = utf8_dup(text);
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

/* 1 if the line at p is "--boundary" or "--boundary--" (and not the start
 * of a longer boundary). */
static int is_boundary_line(const char *p, const char *end, const char *boundary,
                            size_t blen)
{
	if ((size_t)(end - p) < blen + 2 || p[0] != '-' || p[1] != '-' ||
	    memcmp(p + 2, boundary, blen) != 0)
		return 0;
	p += blen + 2;
	if (end - p >= 2 && p[0] == '-' && p[1] == '-')
		return 1;
	return p == end || *p == '\r' || *p == '\n' || *p == ' ' || *p == '\t';
}

/* Offset just before the line break that ends the part at `from`: the next
 * "--boundary" line, or the end of the buffer. */
static size_t part_end(const struct state *st, size_t from, const char *boundary)
{
	size_t blen = boundary ? strlen(boundary) : 0;
	const char *p = st->buf + from, *end = st->buf + st->buf_len;
	while (blen && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (is_boundary_line(nl + 1, end, boundary, blen)) {
			size_t e = (size_t)(nl - st->buf);
			if (e > from && st->buf[e - 1] == '\r')
				e--;
			return e;
		}
		p = nl + 1;
	}
	return st->buf_len;
}

/* Where the embedded message starts: its first header's offset, or -1. */
static gint64 embedded_start(GMimeMessage *inner)
{
	GMimeObject *objs[2] = { GMIME_OBJECT(inner), g_mime_message_get_mime_part(inner) };
	gint64 best = -1;
	for (int k = 0; k < 2; k++) {
		GMimeHeaderList *list = objs[k] ? g_mime_object_get_header_list(objs[k]) : NULL;
		int n = list ? g_mime_header_list_get_count(list) : 0;
		for (int i = 0; i < n; i++) {
			gint64 off = g_mime_header_get_offset(g_mime_header_list_get_header_at(list, i));
			if (off >= 0 && (best < 0 || off < best))
				best = off;
		}
	}
	return best;
}

static void message_part(struct state *st, GMimeObject *obj, GMimeObject *parent,
                         const char *path)
{
	struct mc_attachment *a = attachment_record(st, obj, path);
	GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
	struct pending p = { 0, 0, NULL, g_strdup(path), 0 };
	gint64 start = inner ? embedded_start(inner) : -1;
	if (start >= 0 && (size_t)start <= st->buf_len) {
		const char *boundary = parent
			? g_mime_object_get_content_type_parameter(parent, "boundary") : NULL;
		size_t end = part_end(st, (size_t)start, boundary);
		p.off = st->base + (size_t)start;
		p.len = end - (size_t)start;
		mc_sha256_hex(st->orig + p.off, p.len, a->sha256);
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

/* The TNEF's class, bodies and attachments into the message (tnef.h); the
 * part itself stays an attachment record (a). */
static void tnef_part(struct state *st, GMimePart *part, const char *path,
                      struct mc_attachment *a)
{
	struct tnef_queue q = { st->pending, path };
	/* Binary content: take the bytes as given, not the copy whose lone
	 * CRs normalise_cr() turned into LFs. */
	GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *cs = w ? g_mime_data_wrapper_get_stream(w) : NULL;
	const char *given = st->orig + st->base;
	if (cs && st->buf != given && (enc == GMIME_CONTENT_ENCODING_BINARY ||
	                               enc == GMIME_CONTENT_ENCODING_8BIT ||
	                               enc == GMIME_CONTENT_ENCODING_DEFAULT)) {
		gint64 from = cs->bound_start;
		gint64 to = cs->bound_end < 0 ? (gint64)st->buf_len : cs->bound_end;
		const unsigned char *raw = (const unsigned char *)given + from;
		if (from >= 0 && from <= to && to <= (gint64)st->buf_len &&
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
	hash_content(GMIME_PART(obj), a);
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

static void fill_record(struct state *st, GMimeMessage *msg)
{
	struct mc_message *m = st->m;
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	const char *cs = find_charset(top, 0);
	if (!cs && top)
		cs = g_mime_object_get_content_type_parameter(top, "charset");
	st->hint = cs ? g_strdup(cs) : NULL;

	read_headers(st, msg, top);
	const struct hdr *x = find_hdr(st, "Subject");
	m->subject = x ? g_strdup(x->value) : NULL;
	read_addresses(st);
	read_date(st);
	m->message_id = msgid_of(st, "Message-ID");
	m->in_reply_to = msgid_of(st, "In-Reply-To");
	x = find_hdr(st, "References");
	m->references = x && *x->utf8 ? g_strdup(x->utf8) : NULL;
	m->content_type = top ? mime_type_of(top) : NULL;

	if (!top)
		return;
	read_body(st, top);
	walk(st, top, NULL, GMIME_IS_MULTIPART(top) ? NULL : "1", 1);
	add_reports_to_body(st);
}

/* Length of the line at b (with its line break). */
static size_t line_length(const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (b[i] == '\n')
			return i + 1;
		if (b[i] == '\r')
			return (i + 1 < len && b[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return len;
}

/* Bytes before the headers: white-space-only lines (warned about), then
 * one mbox "From " line (normal, not warned about). */
static size_t junk_before_headers(const char *b, size_t len, struct mc_message *m)
{
	size_t skip = 0;
	for (;;) {
		size_t n = line_length(b + skip, len - skip);
		size_t i = skip;
		while (i < skip + n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
			i++;
		if (n == 0 || i < skip + n || skip + n == len)
			break;
		skip += n;
	}
	if (skip)
		mc_message_warn(m, "%zu bytes of blank lines before the headers skipped", skip);
	if (len - skip >= 5 && memcmp(b + skip, "From ", 5) == 0)
		skip += line_length(b + skip, len - skip);
	return skip;
}

/*
 * For a message whose lines end in CR alone (old Mac mail): a copy with
 * every CR not followed by LF turned into LF (same length, so offsets stay
 * valid for the bytes as given). NULL when the first line ending is LF or
 * CRLF: then a bare CR is data (a binary part's byte) and must stay.
 */
static char *normalise_cr(const char *b, size_t len)
{
	const char *end = b + len;
	const char *p = b;
	while (p < end && *p != '\r' && *p != '\n')
		p++;
	if (p == end || *p == '\n' || (p + 1 < end && p[1] == '\n'))
		return NULL;
	char *copy = g_malloc(len);
	memcpy(copy, b, len);
	for (size_t i = (size_t)(p - b); i < len; i++)
		if (copy[i] == '\r' && (i + 1 == len || copy[i + 1] != '\n'))
			copy[i] = '\n';
	return copy;
}

/* A memory stream reading buf in place (GMime never writes to it; the
 * array only borrows buf and is freed with free_segment FALSE). */
static GMimeStream *borrowed_stream(const char *buf, size_t len, GByteArray **ba)
{
	*ba = g_byte_array_new_take((guint8 *)buf, len);
	GMimeStream *s = g_mime_stream_mem_new_with_byte_array(*ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	return s;
}

static int has_headers(GMimeMessage *msg)
{
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	GMimeHeaderList *a = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	GMimeHeaderList *b = top ? g_mime_object_get_header_list(top) : NULL;
	return (a && g_mime_header_list_get_count(a) > 0) ||
	       (b && g_mime_header_list_get_count(b) > 0);
}

static void state_clear(struct state *st)
{
	for (guint i = 0; i < st->hdrs->len; i++) {
		struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		g_free(x->utf8);
		g_free(x->value);
	}
	g_array_free(st->hdrs, TRUE);
	g_string_free(st->reports, TRUE);
	g_free(st->hint);
	g_mime_parser_options_free(st->opts);
}

static int parse_message(const char *bytes, size_t len, struct mc_message *m,
                         GArray *pending)
{
	m->size = (int64_t)len;
	mc_sha256_hex(len ? bytes : "", len, m->sha256);
	if (len == 0 || !bytes) {
		mc_message_warn(m, "not a message: no bytes");
		return -1;
	}
	if (len > G_MAXUINT) {
		mc_message_warn(m, "message of %zu bytes too large for the MIME parser", len);
		return -1;
	}
	struct state st = { .m = m, .orig = bytes, .pending = pending };
	st.base = junk_before_headers(bytes, len, m);
	char *copy = normalise_cr(bytes + st.base, len - st.base);
	st.buf_len = mc_mime_guard(copy ? copy : bytes + st.base, len - st.base, &copy, m);
	st.buf = copy ? copy : bytes + st.base;
	st.hdrs = g_array_new(FALSE, TRUE, sizeof(struct hdr));
	st.reports = g_string_new(NULL);
	st.opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(st.opts, on_parser_warning, &st);

	GByteArray *ba = NULL;
	GMimeStream *stream = borrowed_stream(st.buf, st.buf_len, &ba);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = st.buf_len ? g_mime_parser_construct_message(parser, st.opts) : NULL;
	int rc = 0;
	if (!msg || !has_headers(msg)) {
		mc_message_warn(m, "not a message: no header could be parsed from %zu bytes", len);
		rc = -1;
	} else {
		fill_record(&st, msg);
	}
	if (msg)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	g_byte_array_free(ba, FALSE);
	g_free(copy);
	state_clear(&st);
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

/* A message attached inside TNEF: its record from the stream (tnef.h);
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
