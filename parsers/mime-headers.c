/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mime-headers.c: the header half of mime-headers.h. Owns the framing and
 * guarding of the bytes before GMime parses them (through mime-framing.h
 * and mime-guard.h), GMime's parser warnings, the header block merged back
 * into document order and decoded (unfolding, raw 8-bit bytes through the
 * charset hint, adjacent B-words joined (rfc2047-join.h), RFC 2047),
 * addresses, the Date and the message ids.
 */

#include <string.h>
#include <gmime/gmime.h>

#include "mime-headers.h"
#include "charset.h"
#include "resource-limits.h"
#include "mime-framing.h"
#include "mime-guard.h"
#include "rfc2047-join.h"

void mc_mime_init(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		g_mime_init();
		g_once_init_leave(&once, 1);
	}
}

#define MIME_MAX_PARSER_WARNINGS 20 /* GMime warnings kept per message */

/* One header of the message, in document order. */
struct hdr {
	GMimeHeader *h;      /* borrowed from GMime's lists */
	char *utf8;          /* unfolded raw value, converted to UTF-8 */
	char *value;         /* utf8 with RFC 2047 decoded */
};

/* ---- small string helpers ---- */

char *mc_mime_utf8_dup(const char *s)
{
	if (!s)
		return NULL;
	return g_utf8_make_valid(s, -1);
}

char *mc_mime_lower_dup(const char *s)
{
	char *u = mc_mime_utf8_dup(s);
	if (!u)
		return NULL;
	char *l = g_ascii_strdown(u, -1);
	g_free(u);
	return l;
}

char *mc_mime_type_of(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *l = mc_mime_lower_dup(t);
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
	char *v = mc_mime_utf8_dup(t);
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
	struct mc_mime_parsed *st = data;
	const char *what = parser_warning_text(code);
	if (!what)
		return;
	if (++st->parser_warnings > MIME_MAX_PARSER_WARNINGS) {
		if (st->parser_warnings == MIME_MAX_PARSER_WARNINGS + 1)
			mc_message_warn(st->m, "MIME: further parser warnings omitted");
		return;
	}
	char *it = item ? g_strndup(item, 80) : NULL;
	char *clean = mc_mime_utf8_dup(it ? g_strstrip(g_strdelimit(it, "\r\n", ' ')) : NULL);
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
static char *guess_header_charset(const struct mc_mime_parsed *st)
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
static void read_headers(struct mc_mime_parsed *st, GMimeMessage *msg, GMimeObject *top)
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
		char *joined = mc_rfc2047_join_b_words(x->utf8);
		if (joined) {
			g_free(x->utf8);
			x->utf8 = joined;
		}
		char *dec = g_mime_utils_header_decode_text(st->opts, x->utf8);
		x->value = mc_mime_utf8_dup(dec);
		g_free(dec);
		char *name = mc_mime_utf8_dup(g_mime_header_get_raw_name(x->h));
		char *raw_utf8 = mc_utf8_valid(unf, strlen(unf)) ? unf : x->utf8;
		mc_message_add_header(st->m, name, x->value, raw_utf8);
		g_free(name);
		g_free(unf);
	}
}

static const struct hdr *find_hdr(const struct mc_mime_parsed *st, const char *name)
{
	for (guint i = 0; i < st->hdrs->len; i++) {
		const struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(x->h), name) == 0)
			return x;
	}
	return NULL;
}

static char *msgid_of(const struct mc_mime_parsed *st, const char *name)
{
	const struct hdr *x = find_hdr(st, name);
	if (!x || !*x->utf8)
		return NULL;
	char *id = g_mime_utils_decode_message_id(x->utf8);
	if (id && *id) {
		char *v = mc_mime_utf8_dup(id);
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

typedef void (*mailbox_fn)(struct mc_mime_parsed *st, const char *kind,
                           const char *name, const char *addr);

static int each_mailbox(struct mc_mime_parsed *st, InternetAddressList *list,
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
			char *name = mc_mime_utf8_dup(internet_address_get_name(ia));
			char *addr = mc_mime_utf8_dup(internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)));
			fn(st, kind, name, addr);
			g_free(name);
			g_free(addr);
			seen++;
		}
	}
	return seen;
}

static void add_recipient(struct mc_mime_parsed *st, const char *kind,
                          const char *name, const char *addr)
{
	mc_message_add_recipient(st->m, kind, name, addr);
}

static void set_from(struct mc_mime_parsed *st, const char *kind, const char *name,
                     const char *addr)
{
	(void)kind;
	if (st->m->from_addr || st->m->from_name)
		return;
	st->m->from_name = (name && *name) ? g_strdup(name) : NULL;
	st->m->from_addr = (addr && *addr) ? g_strdup(addr) : NULL;
}

/* Calls fn for every mailbox of every header called name. */
static int header_mailboxes(struct mc_mime_parsed *st, const char *name,
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

static void read_addresses(struct mc_mime_parsed *st)
{
	if (header_mailboxes(st, "From", NULL, set_from) == 0)
		header_mailboxes(st, "Sender", NULL, set_from);
	header_mailboxes(st, "To", "to", add_recipient);
	header_mailboxes(st, "Cc", "cc", add_recipient);
	header_mailboxes(st, "Bcc", "bcc", add_recipient);
}

/* ---- date ---- */

static void read_date(struct mc_mime_parsed *st)
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

char *mc_mime_raw_8bit_param(const struct mc_mime_parsed *st, GMimeObject *obj,
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
	char *found = d ? mc_mime_utf8_dup(g_mime_content_disposition_get_parameter(d, param))
	                : NULL;
	if (d)
		g_object_unref(d);
	g_free(unf);
	g_free(u);
	return found;
}

/* First charset parameter of a text part (the hint for 8-bit headers). */
static const char *find_charset(GMimeObject *obj, int depth)
{
	if (!obj || depth > MC_LIMIT_MIME_DEPTH)
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
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	if (GMIME_IS_PART(obj) && ct && g_mime_content_type_is_type(ct, "text", "*"))
		return g_mime_object_get_content_type_parameter(obj, "charset");
	return NULL;
}

/* ---- one message ---- */

/* The header fields of the record. */
static void fill_header_fields(struct mc_mime_parsed *st)
{
	struct mc_message *m = st->m;
	GMimeObject *top = g_mime_message_get_mime_part(st->msg);
	const char *cs = find_charset(top, 0);
	if (!cs && top)
		cs = g_mime_object_get_content_type_parameter(top, "charset");
	st->hint = cs ? g_strdup(cs) : NULL;

	read_headers(st, st->msg, top);
	const struct hdr *x = find_hdr(st, "Subject");
	m->subject = x ? g_strdup(x->value) : NULL;
	read_addresses(st);
	read_date(st);
	m->message_id = msgid_of(st, "Message-ID");
	m->in_reply_to = msgid_of(st, "In-Reply-To");
	x = find_hdr(st, "References");
	m->references = x && *x->utf8 ? g_strdup(x->utf8) : NULL;
	m->content_type = top ? mc_mime_type_of(top) : NULL;
	st->top = top;
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

void mc_mime_parsed_clear(struct mc_mime_parsed *st)
{
	if (st->msg)
		g_object_unref(st->msg);
	if (st->parser)
		g_object_unref(st->parser);
	if (st->stream)
		g_object_unref(st->stream);
	if (st->borrowed)
		g_byte_array_free(st->borrowed, FALSE);
	g_free(st->copy);
	for (guint i = 0; st->hdrs && i < st->hdrs->len; i++) {
		struct hdr *x = &g_array_index(st->hdrs, struct hdr, i);
		g_free(x->utf8);
		g_free(x->value);
	}
	if (st->hdrs)
		g_array_free(st->hdrs, TRUE);
	g_free(st->hint);
	if (st->opts)
		g_mime_parser_options_free(st->opts);
	memset(st, 0, sizeof *st);
}

int mc_mime_parsed_read(struct mc_mime_parsed *st, const char *bytes, size_t len,
                        struct mc_message *m)
{
	*st = (struct mc_mime_parsed){ .m = m, .orig = bytes };
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
	size_t blank;
	st->base = mc_framing_headers_start(bytes, len, &blank);
	if (blank)
		mc_message_warn(m, "%zu bytes of blank lines before the headers skipped", blank);
	char *copy = mc_framing_normalise_cr(bytes + st->base, len - st->base);
	st->buf_len = mc_mime_guard(copy ? copy : bytes + st->base, len - st->base, &copy, m);
	st->buf = copy ? copy : bytes + st->base;
	st->copy = copy;
	st->hdrs = g_array_new(FALSE, TRUE, sizeof(struct hdr));
	st->opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(st->opts, on_parser_warning, st);

	st->stream = borrowed_stream(st->buf, st->buf_len, &st->borrowed);
	st->parser = g_mime_parser_new_with_stream(st->stream);
	g_mime_parser_set_format(st->parser, GMIME_FORMAT_MESSAGE);
	st->msg = st->buf_len ? g_mime_parser_construct_message(st->parser, st->opts) : NULL;
	if (!st->msg || !has_headers(st->msg)) {
		mc_message_warn(m, "not a message: no header could be parsed from %zu bytes", len);
		return -1;
	}
	fill_header_fields(st);
	return 0;
}

int mc_mime_parse_headers(const char *bytes, size_t len, struct mc_message *m)
{
	struct mc_mime_parsed p;
	int rc = mc_mime_parsed_read(&p, bytes, len, m);
	mc_mime_parsed_clear(&p);
	return rc;
}

void mc_mime_merge_headers(const char *block, struct mc_message *m, const char *what,
                           int *has_date, int64_t *date, int *offset)
{
	GString *buf = g_string_new(block);
	while (buf->len && g_ascii_isspace(buf->str[buf->len - 1]))
		g_string_truncate(buf, buf->len - 1);
	g_string_append(buf, "\r\n\r\n");
	struct mc_message *s = mc_message_new();
	if (mc_mime_parse_headers(buf->str, buf->len, s) == 0) {
		for (guint i = 0; i < s->headers->len; i++) {
			const struct mc_header *x = g_ptr_array_index(s->headers, i);
			mc_message_add_header(m, x->name, x->value, x->raw);
		}
		if (!m->message_id)
			m->message_id = g_steal_pointer(&s->message_id);
		if (!m->in_reply_to)
			m->in_reply_to = g_steal_pointer(&s->in_reply_to);
		if (!m->references)
			m->references = g_steal_pointer(&s->references);
		if (!m->from_addr && s->from_addr)
			m->from_addr = g_steal_pointer(&s->from_addr);
		if (!m->content_type)
			m->content_type = g_steal_pointer(&s->content_type);
		*has_date = s->has_date;
		*date = s->date_unix;
		*offset = s->date_offset;
	} else {
		mc_message_warn(m, "%s could not be parsed: %s", what, s->warnings->str);
	}
	mc_message_free(s);
	g_string_free(buf, TRUE);
}
