/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-message.c: the MAPI mapping of mapi-message.h: class, subject (its
 * PST prefix marker dropped), sender and "sent on behalf of", recipients,
 * MAPI times and flags, ids, transport headers (parsed by mc_mime_parse_headers),
 * code pages, bodies (plain, HTML, compressed RTF), inbox rule messages,
 * and attachment properties.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "html-text.h"
#include "mapi-message.h"
#include "mapi-rules.h"
#include "mapi-values.h"
#include "mime-headers.h"
#include "resource-limits.h"
#include "rtf-text.h"

#define HEX_PROP_MAX 4096

/* MAPI property ids (MS-OXPROPS). */
enum {
	PR_IMPORTANCE = 0x0017, PR_MESSAGE_CLASS = 0x001a, PR_SENSITIVITY = 0x0036,
	PR_SUBJECT = 0x0037, PR_CLIENT_SUBMIT_TIME = 0x0039, PR_SUBJECT_PREFIX = 0x003d,
	PR_SENT_REPR_NAME = 0x0042, PR_SENT_REPR_ADDRTYPE = 0x0064,
	PR_SENT_REPR_EMAIL = 0x0065, PR_CONVERSATION_TOPIC = 0x0070,
	PR_CONVERSATION_INDEX = 0x0071, PR_TRANSPORT_HEADERS = 0x007d,
	PR_RECIPIENT_TYPE = 0x0c15, PR_SENDER_NAME = 0x0c1a,
	PR_SENDER_ADDRTYPE = 0x0c1e, PR_SENDER_EMAIL = 0x0c1f,
	PR_DELIVERY_TIME = 0x0e06, PR_MESSAGE_FLAGS = 0x0e07, PR_MESSAGE_SIZE = 0x0e08,
	PR_ATTACH_SIZE = 0x0e20, PR_EXT_RULE_ACTIONS = 0x0e99,
	PR_EXT_RULE_CONDITION = 0x0e9a, PR_BODY = 0x1000, PR_RTF_COMPRESSED = 0x1009,
	PR_HTML = 0x1013, PR_INTERNET_MESSAGE_ID = 0x1035,
	PR_INTERNET_REFERENCES = 0x1039, PR_IN_REPLY_TO = 0x1042,
	PR_LAST_VERB = 0x1081, PR_LAST_VERB_TIME = 0x1082,
	PR_DISPLAY_NAME = 0x3001, PR_ADDRTYPE = 0x3002, PR_EMAIL_ADDRESS = 0x3003,
	PR_CREATION_TIME = 0x3007, PR_LAST_MOD_TIME = 0x3008,
	PR_ATTACH_FILENAME = 0x3704, PR_ATTACH_METHOD = 0x3705,
	PR_ATTACH_LONG_FILENAME = 0x3707, PR_ATTACH_MIME_TAG = 0x370e,
	PR_ATTACH_CONTENT_ID = 0x3712, PR_SMTP_ADDRESS = 0x39fe,
	PR_INTERNET_CPID = 0x3fde, PR_MESSAGE_CODEPAGE = 0x3ffd,
	PR_SENDER_SMTP = 0x5d01, PR_SENT_REPR_SMTP = 0x5d02,
	PR_RULE_MSG_STATE = 0x65e9, PR_RULE_MSG_PROVIDER = 0x65eb,
	PR_RULE_MSG_NAME = 0x65ec, PR_RULE_MSG_SEQUENCE = 0x65f3,
	PR_RULE_ACTIONS = 0x6680, PR_RW_RULES_STREAM = 0x6802,
	PR_ATTACHMENT_HIDDEN = 0x7ffe
};

/* PR_MESSAGE_FLAGS bits. */
#define MSGFLAG_READ     0x01
#define MSGFLAG_UNSENT   0x08
#define MSGFLAG_HASATTACH 0x10

static void prop_int(struct mc_message *m, const char *name, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, v);
	mc_message_add_prop(m, name, buf);
}

/* "<id@host>" -> "id@host" (g_malloc'd, NULL stays NULL). */
/* PST subjects may start with U+0001 and a character whose code is the
 * length of the prefix in characters plus one ("\x01\x05FW: x": the prefix
 * is "FW: "): the marker is not part of the subject, but the split it
 * records is the store's own (the prefix the client or server put there),
 * kept in *prefix (g_malloc'd; NULL when there is none or the length does
 * not fit the subject, which is warned about). */
static char *clean_subject(char *s, char **prefix, struct mc_message *m)
{
	*prefix = NULL;
	if (!s || s[0] != '\x01')
		return s;
	if (s[1] == '\0') {
		s[0] = '\0';
		return s;
	}
	gunichar len_char = g_utf8_get_char_validated(s + 1, -1);
	const char *rest = g_utf8_next_char(s + 1);
	if (len_char != (gunichar)-1 && len_char != (gunichar)-2 && len_char > 1) {
		glong n = (glong)len_char - 1;
		if (g_utf8_validate(rest, -1, NULL) && g_utf8_strlen(rest, -1) >= n)
			*prefix = g_strndup(rest, (gsize)(g_utf8_offset_to_pointer(rest, n) - rest));
		else if (m)
			mc_message_warn(m, "PR_SUBJECT: the prefix length marker (%ld characters)"
			                   " is longer than the subject; no prefix taken from it",
			                (long)n);
	}
	char *t = g_strdup(rest);
	g_free(s);
	return t;
}

/* An address as MAPI holds it: display name, address type, address, and
 * the SMTP address when the type is EX. */
struct mapi_addr {
	char *name, *type, *email, *smtp;
};

static void addr_read(struct mc_mapi_props *p, struct mapi_addr *a, uint32_t name,
                      uint32_t type, uint32_t email, uint32_t smtp)
{
	a->name = mc_mapi_prop_string(p, name);
	a->type = mc_mapi_prop_string(p, type);
	a->email = mc_mapi_prop_string(p, email);
	a->smtp = mc_mapi_prop_string(p, smtp);
}

static void addr_clear(struct mapi_addr *a)
{
	g_free(a->name);
	g_free(a->type);
	g_free(a->email);
	g_free(a->smtp);
}

static int addr_is_ex(const struct mapi_addr *a)
{
	return a->type && g_ascii_strcasecmp(a->type, "EX") == 0;
}

/* The SMTP address (g_malloc'd or NULL) and, for EX, the legacy DN. */
static void addr_split(const struct mapi_addr *a, char **smtp, char **exdn)
{
	*exdn = NULL;
	if (addr_is_ex(a) || (a->email && a->email[0] == '/' && !strchr(a->email, '@'))) {
		*exdn = g_strdup(a->email);
		*smtp = g_strdup(a->smtp);
	} else {
		*smtp = g_strdup(a->email ? a->email : a->smtp);
	}
}

static void read_sender(struct mc_mapi_props *p, struct mc_message *m)
{
	struct mapi_addr repr = { 0 }, sender = { 0 };
	addr_read(p, &repr, PR_SENT_REPR_NAME, PR_SENT_REPR_ADDRTYPE,
	          PR_SENT_REPR_EMAIL, PR_SENT_REPR_SMTP);
	addr_read(p, &sender, PR_SENDER_NAME, PR_SENDER_ADDRTYPE, PR_SENDER_EMAIL,
	          PR_SENDER_SMTP);
	/* "From" is whom the message was sent as; the sender may differ
	 * (sent on behalf of), which is kept in props. */
	const struct mapi_addr *from = (repr.name || repr.email) ? &repr : &sender;
	m->from_name = g_strdup(from->name);
	addr_split(from, &m->from_addr, &m->from_exdn);
	if (from == &repr && (sender.name || sender.email)) {
		char *saddr, *sdn;
		addr_split(&sender, &saddr, &sdn);
		int same = g_strcmp0(sender.email, repr.email) == 0 &&
		           g_strcmp0(sender.name, repr.name) == 0;
		if (!same) {
			if (sender.name)
				mc_message_add_prop(m, "sender.name", sender.name);
			if (saddr)
				mc_message_add_prop(m, "sender.addr", saddr);
			if (sdn)
				mc_message_add_prop(m, "sender.exdn", sdn);
		}
		g_free(saddr);
		g_free(sdn);
	}
	if (from->type)
		mc_message_add_prop(m, "from.addrtype", from->type);
	addr_clear(&repr);
	addr_clear(&sender);
}

void mc_mapi_read_recipient(struct mc_mapi_props *p, struct mc_message *m)
{
	int64_t type = 1;
	mc_mapi_prop_int(p, PR_RECIPIENT_TYPE, &type);
	const char *kind = (type & 0xf) == 2 ? "cc" : (type & 0xf) == 3 ? "bcc" : "to";
	struct mapi_addr a = { 0 };
	addr_read(p, &a, PR_DISPLAY_NAME, PR_ADDRTYPE, PR_EMAIL_ADDRESS, PR_SMTP_ADDRESS);
	char *smtp, *exdn;
	addr_split(&a, &smtp, &exdn);
	mc_message_add_recipient(m, mc_recipient_kind_static(kind), a.name, smtp);
	if (exdn)
		mc_message_set_recipient_exdn(m, exdn);
	g_free(smtp);
	g_free(exdn);
	addr_clear(&a);
}

/* Transport headers, parsed as a header block (mime-headers.h). */
static void read_headers(struct mc_mapi_props *p, struct mc_message *m,
                         int *hdr_has_date, int64_t *hdr_date, int *hdr_offset)
{
	char *h = mc_mapi_prop_string(p, PR_TRANSPORT_HEADERS);
	if (!h)
		return;
	mc_mime_merge_headers(h, m, "transport headers", hdr_has_date, hdr_date, hdr_offset);
	g_free(h);
}

/* A text or HTML property as UTF-8, noting the charset when it was bytes. */
static char *body_string(struct mc_message *m, uint32_t type, const unsigned char *d,
                         size_t n, int codepage)
{
	if (type == MC_PT_UNICODE) {
		g_free(m->charset_used);
		m->charset_used = g_strdup("utf-16le");
		return mc_mapi_utf16le_to_utf8(d, n);
	}
	char buf[16];
	const char *cs = mc_mapi_codepage_charset(codepage > 0 ? codepage : 1252, buf, sizeof buf);
	g_free(m->charset_declared);
	m->charset_declared = g_strdup(cs);
	char *used = NULL, *detected = NULL;
	char *s = mc_mapi_decode_string8(d, n, codepage, &used, &detected);
	g_free(m->charset_used);
	m->charset_used = used;
	g_free(m->charset_detected);
	m->charset_detected = detected;
	return s;
}

static void read_rtf_body(struct mc_mapi_props *p, struct mc_message *m)
{
	uint32_t type;
	unsigned char *d;
	size_t n;
	if (!mc_mapi_prop_raw(p, PR_RTF_COMPRESSED, &type, &d, &n))
		return;
	GByteArray *rtf = g_byte_array_new();
	if (n >= 8 && mc_le32(d + 4) > MC_LIMIT_RTF_BYTES)
		mc_limit_warn(m, "rtf-bytes", MC_LIMIT_RTF_BYTES, "PR_RTF_COMPRESSED claims %u"
		              " bytes; only the first %u decompressed", (unsigned)mc_le32(d + 4),
		              (unsigned)MC_LIMIT_RTF_BYTES);
	enum mc_lzfu_result rc = mc_lzfu_decompress(d, n, rtf);
	g_free(d);
	if (rc == MC_LZFU_BAD) {
		mc_message_warn(m, "PR_RTF_COMPRESSED is not compressed RTF");
	} else {
		if (rc == MC_LZFU_CRC)
			mc_message_warn(m, "compressed RTF: CRC mismatch");
		else if (rc == MC_LZFU_TRUNCATED)
			mc_message_warn(m, "compressed RTF: truncated");
		const char *text = (const char *)rtf->data;
		char *html = mc_rtf_extract_html(text, rtf->len);
		if (html) {
			m->body_text = mc_html_to_text(html, strlen(html));
			mc_message_add_prop(m, "rtf.fromhtml", "1");
			g_free(html);
		} else {
			m->body_text = mc_rtf_to_text(text, rtf->len);
		}
		m->body_source = g_strdup("rtf");
	}
	g_byte_array_free(rtf, TRUE);
}

/* body_text from PR_BODY, else PR_HTML reduced, else PR_RTF_COMPRESSED. */
static void read_body(struct mc_mapi_props *p, struct mc_message *m, int html_codepage)
{
	GString *have = g_string_new(NULL);
	int has_text = mc_mapi_prop_present(p, PR_BODY);
	int has_html = mc_mapi_prop_present(p, PR_HTML);
	int has_rtf = mc_mapi_prop_present(p, PR_RTF_COMPRESSED);
	g_string_append_printf(have, "%s%s%s", has_text ? "text," : "",
	                       has_html ? "html," : "", has_rtf ? "rtf," : "");
	if (have->len) {
		g_string_truncate(have, have->len - 1);
		mc_message_add_prop(m, "pst.bodies", have->str);
	}
	g_string_free(have, TRUE);

	uint32_t type;
	unsigned char *d;
	size_t n;
	if (has_text && mc_mapi_prop_raw(p, PR_BODY, &type, &d, &n)) {
		if (type == MC_PT_UNICODE || type == MC_PT_STRING8) {
			m->body_text = body_string(m, type, d, n, p->codepage);
			m->body_source = g_strdup("text/plain");
		}
		g_free(d);
		if (m->body_text)
			return;
	}
	if (has_html && mc_mapi_prop_raw(p, PR_HTML, &type, &d, &n)) {
		char *html = body_string(m, type == MC_PT_UNICODE ? type : MC_PT_STRING8,
		                         d, n, html_codepage);
		g_free(d);
		m->body_text = mc_html_to_text(html, strlen(html));
		m->body_source = g_strdup("text/html");
		g_free(html);
		return;
	}
	if (has_rtf)
		read_rtf_body(p, m);
}

static void read_rule(struct mc_mapi_props *p, struct mc_message *m)
{
	const char *cls = m->message_class;
	if (!cls || !(g_str_has_prefix(cls, "IPM.Rule") ||
	              g_str_has_prefix(cls, "IPM.ExtendedRule")))
		return;
	char *s;
	if ((s = mc_mapi_prop_string(p, PR_RULE_MSG_NAME))) {
		mc_message_add_prop(m, "rule.name", s);
		g_free(s);
	}
	if ((s = mc_mapi_prop_string(p, PR_RULE_MSG_PROVIDER))) {
		mc_message_add_prop(m, "rule.provider", s);
		g_free(s);
	}
	int64_t v;
	if (mc_mapi_prop_int(p, PR_RULE_MSG_SEQUENCE, &v))
		prop_int(m, "rule.sequence", v);
	if (mc_mapi_prop_int(p, PR_RULE_MSG_STATE, &v))
		prop_int(m, "rule.state", v);

	uint32_t type;
	unsigned char *d;
	size_t n;
	if (mc_mapi_prop_raw(p, PR_EXT_RULE_ACTIONS, &type, &d, &n)) {
		s = mc_mapi_rule_actions(d, n, 1);
		mc_message_add_prop(m, "rule.actions", s);
		g_free(s);
		g_free(d);
	} else if (mc_mapi_prop_raw(p, PR_RULE_ACTIONS, &type, &d, &n)) {
		s = mc_mapi_rule_actions(d, n, 0);
		mc_message_add_prop(m, "rule.actions", s);
		g_free(s);
		g_free(d);
	}
	static const struct { uint32_t id; const char *name; } raw[] = {
		{ PR_EXT_RULE_CONDITION, "rule.condition_hex" },
		{ PR_RW_RULES_STREAM, "rule.stream_hex" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(raw); i++) {
		if (!mc_mapi_prop_raw(p, raw[i].id, &type, &d, &n))
			continue;
		s = mc_mapi_hex(d, n < HEX_PROP_MAX ? n : HEX_PROP_MAX);
		mc_message_add_prop(m, raw[i].name, s);
		g_free(s);
		g_free(d);
	}
}

void mc_mapi_read_attachment(struct mc_mapi_props *p, struct mc_attachment *a)
{
	a->filename = mc_mapi_prop_string(p, PR_ATTACH_LONG_FILENAME);
	if (!a->filename)
		a->filename = mc_mapi_prop_string(p, PR_ATTACH_FILENAME);
	if (!a->filename)
		a->filename = mc_mapi_prop_string(p, PR_DISPLAY_NAME);
	a->mime_type = mc_mapi_prop_string(p, PR_ATTACH_MIME_TAG);
	if (a->mime_type) {
		char *low = g_ascii_strdown(a->mime_type, -1);
		g_free(a->mime_type);
		a->mime_type = low;
	}
	a->content_id = mc_strip_angles(mc_mapi_prop_string(p, PR_ATTACH_CONTENT_ID));
	int64_t hidden = 0, v;
	mc_mapi_prop_int(p, PR_ATTACHMENT_HIDDEN, &hidden);
	a->disposition = g_strdup(hidden ? "inline" : "attachment");
	/* PtypInteger32: a negative size is damage, not a size */
	if (mc_mapi_prop_int(p, PR_ATTACH_SIZE, &v) && v >= 0)
		a->size = v;
}

static void read_times(struct mc_mapi_props *p, struct mc_message *m)
{
	m->submit_time = mc_mapi_prop_time(p, PR_CLIENT_SUBMIT_TIME);
	m->delivery_time = mc_mapi_prop_time(p, PR_DELIVERY_TIME);
	m->creation_time = mc_mapi_prop_time(p, PR_CREATION_TIME);
	m->modification_time = mc_mapi_prop_time(p, PR_LAST_MOD_TIME);
	m->last_verb_time = mc_mapi_prop_time(p, PR_LAST_VERB_TIME);
	int64_t v;
	if (mc_mapi_prop_int(p, PR_LAST_VERB, &v))
		m->last_verb = (int)v;
	if (mc_mapi_prop_int(p, PR_MESSAGE_FLAGS, &v)) {
		m->message_flags = (uint32_t)v;
		mc_message_add_prop(m, "read", (v & MSGFLAG_READ) ? "1" : "0");
		mc_message_add_prop(m, "has_attachments", (v & MSGFLAG_HASATTACH) ? "1" : "0");
		if (v & MSGFLAG_UNSENT)
			mc_message_add_prop(m, "unsent", "1");
	}
	if (mc_mapi_prop_int(p, PR_IMPORTANCE, &v))
		m->importance = (int)v;
	if (mc_mapi_prop_int(p, PR_SENSITIVITY, &v))
		m->sensitivity = (int)v;
	if (mc_mapi_prop_int(p, PR_MESSAGE_SIZE, &v))
		m->size = v;
}

static void read_ids(struct mc_mapi_props *p, struct mc_message *m)
{
	m->message_class = mc_mapi_prop_string(p, PR_MESSAGE_CLASS);
	char *marked;
	m->subject = clean_subject(mc_mapi_prop_string(p, PR_SUBJECT), &marked, m);
	char *s = mc_mapi_prop_string(p, PR_SUBJECT_PREFIX);
	if (!s) {
		/* The store's split of the subject: where PR_SUBJECT_PREFIX is not
		 * stored (a computed property), the marker says the same. */
		s = marked;
		marked = NULL;
	}
	if (s && *s)
		mc_message_add_prop(m, "subject_prefix", s);
	g_free(s);
	g_free(marked);
	m->conversation_topic = mc_mapi_prop_string(p, PR_CONVERSATION_TOPIC);
	uint32_t type;
	unsigned char *d;
	size_t n;
	if (mc_mapi_prop_raw(p, PR_CONVERSATION_INDEX, &type, &d, &n)) {
		if (n)
			m->conversation_index = mc_mapi_hex(d, n);
		g_free(d);
	}
	m->message_id = mc_strip_angles(mc_mapi_prop_string(p, PR_INTERNET_MESSAGE_ID));
	m->in_reply_to = mc_strip_angles(mc_mapi_prop_string(p, PR_IN_REPLY_TO));
	m->references = mc_mapi_prop_string(p, PR_INTERNET_REFERENCES);
}

int mc_mapi_read_message(struct mc_mapi_props *p, struct mc_message *m,
                         int default_codepage)
{
	/* Code pages: PR_MESSAGE_CODEPAGE for PT_STRING8 properties,
	 * PR_INTERNET_CPID for the HTML body. */
	int64_t cp = 0, cpid = 0;
	int has_cp = mc_mapi_prop_int(p, PR_MESSAGE_CODEPAGE, &cp) && cp > 0;
	int has_cpid = mc_mapi_prop_int(p, PR_INTERNET_CPID, &cpid) && cpid > 0;
	int string_cp = has_cp ? (int)cp : has_cpid ? (int)cpid : default_codepage;
	int html_cp = has_cpid ? (int)cpid : string_cp;
	p->codepage = string_cp;
	if (has_cp || has_cpid)
		m->codepage = has_cp ? (int)cp : (int)cpid;
	if (has_cpid)
		prop_int(m, "internet_cpid", cpid);

	read_ids(p, m);
	read_sender(p, m);
	read_times(p, m);
	int hdr_has_date = 0, hdr_offset = 0;
	int64_t hdr_date = 0;
	read_headers(p, m, &hdr_has_date, &hdr_date, &hdr_offset);
	/* MAPI times are UTC; the Date header tells the sender's offset. */
	mc_message_date_from_store(m, hdr_has_date, hdr_date, hdr_offset);
	read_body(p, m, html_cp);
	if (m->codepage < 0 && m->charset_declared)
		m->codepage = html_cp;
	read_rule(p, m);
	return string_cp;
}
