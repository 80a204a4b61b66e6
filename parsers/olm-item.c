/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * olm-item.c: one Outlook for Mac message item (olm-item.h) read with
 * libxml2's tree parser. Element and attribute names as Outlook for Mac
 * writes them (OPFMessageCopySubject, OPFMessageCopyToAddresses/emailAddress
 * with OPFContactEmailAddressAddress and OPFContactEmailAddressName,
 * OPFMessageCopySentTime...), matched by local name so the namespaced
 * variant of older exports reads the same. Values may be attributes or,
 * in some exports, child elements of the same name; both are read.
 *
 * Safety: no network, no external DTD, and a document with a DTD of its own
 * is refused (Outlook writes none; its entities are the way to make a small
 * document expand); text is gathered from text nodes only.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "html-text.h"
#include "mime-headers.h"
#include "olm-item.h"

#define PROP_MAX 1024        /* longer simple elements are not kept as props */
#define TEXT_DEPTH 32        /* how deep text is gathered below an element */
#define MESSAGES_DIR "com.microsoft.__Messages/"

int mc_olm_is_message_entry(const char *name)
{
	const char *at = strstr(name, MESSAGES_DIR);
	if (!at || (at != name && at[-1] != '/'))
		return 0;
	size_t n = strlen(name);
	return n > 4 && g_ascii_strcasecmp(name + n - 4, ".xml") == 0 &&
	       strlen(at) > strlen(MESSAGES_DIR) + 4;
}

int mc_olm_time(const char *s, int64_t *t)
{
	if (!s)
		return -1;
	char *c = g_strstrip(g_strdup(s));
	GTimeZone *utc = g_time_zone_new_utc();
	GDateTime *dt = *c ? g_date_time_new_from_iso8601(c, utc) : NULL;
	g_time_zone_unref(utc);
	g_free(c);
	if (!dt)
		return -1;
	*t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 0;
}

/* err as printf would write it, valid UTF-8 (libxml2's messages quote the
 * input's bytes), cut on a character boundary. */
static void set_err(char *err, size_t errlen, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *raw = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *valid = g_utf8_make_valid(raw, -1);
	size_t n = strlen(valid);
	if (n >= errlen) {
		n = errlen - 1;
		while (n > 0 && ((unsigned char)valid[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(err, valid, n);
	err[n] = '\0';
	g_free(valid);
	g_free(raw);
}

static int is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void gather_text(const xmlNode *n, GString *out, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			g_string_append(out, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && depth < TEXT_DEPTH)
			gather_text(c, out, depth + 1);
	}
}

/* The element's text (entity references left out), valid UTF-8. */
static char *text_of(const xmlNode *n)
{
	GString *s = g_string_new(NULL);
	gather_text(n, s, 0);
	char *v = g_utf8_make_valid(s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	return v;
}

/* Trimmed text, NULL when empty. */
static char *trimmed_text(const xmlNode *n)
{
	char *v = g_strstrip(text_of(n));
	if (!*v) {
		g_free(v);
		return NULL;
	}
	return v;
}

/* A value as an attribute of n, else as a child element's text; NULL when
 * absent or empty. */
static char *field(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->type != XML_ATTRIBUTE_NODE || strcmp((const char *)a->name, name) != 0)
			continue;
		GString *s = g_string_new(NULL);
		for (const xmlNode *c = a->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && c->content)
				g_string_append(s, (const char *)c->content);
		char *v = g_strstrip(g_utf8_make_valid(s->str, (gssize)s->len));
		g_string_free(s, TRUE);
		if (*v)
			return v;
		g_free(v);
		return NULL;
	}
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_el(c, name))
			return trimmed_text(c);
	return NULL;
}

/* The addresses of a list element (<emailAddress> children; a bare text
 * address where there are none), each given to add(). */
typedef void (*addr_fn)(struct mc_message *m, const char *kind, char *name, char *addr);

static void read_addresses(const xmlNode *list, struct mc_message *m, const char *kind, addr_fn add)
{
	int any = 0;
	for (const xmlNode *c = list->children; c; c = c->next) {
		if (!is_el(c, "emailAddress"))
			continue;
		any = 1;
		add(m, kind, field(c, "OPFContactEmailAddressName"),
		    field(c, "OPFContactEmailAddressAddress"));
	}
	if (!any) {
		char *t = trimmed_text(list);
		if (t && strchr(t, '@') && !strchr(t, '\n'))
			add(m, kind, NULL, t);
		else
			g_free(t);
	}
}

static void add_recipient(struct mc_message *m, const char *kind, char *name, char *addr)
{
	if (name || addr)
		mc_message_add_recipient(m, kind, name, addr);
	g_free(name);
	g_free(addr);
}

/* The first From address is the message's sender. */
static void add_from(struct mc_message *m, const char *kind, char *name, char *addr)
{
	(void)kind;
	if (!m->from_addr && !m->from_name) {
		m->from_name = name;
		m->from_addr = addr;
		return;
	}
	g_free(name);
	g_free(addr);
}

/* Other address lists (Sender, Reply-To) as one prop "Name <addr>, ...". */
static void add_to_prop(struct mc_message *m, const char *kind, char *name, char *addr)
{
	GString *s = g_string_new(NULL);
	const char *old = NULL;
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		if (strcmp(p->name, kind) == 0)
			old = p->value;
	}
	if (old)
		g_string_append_printf(s, "%s, ", old);
	if (name && addr)
		g_string_append_printf(s, "%s <%s>", name, addr);
	else
		g_string_append(s, addr ? addr : name ? name : "");
	if (old) {
		for (guint i = 0; i < m->props->len; i++) {
			struct mc_prop *p = g_ptr_array_index(m->props, i);
			if (strcmp(p->name, kind) == 0) {
				g_free(p->value);
				p->value = g_string_free(s, FALSE);
				s = NULL;
				break;
			}
		}
	} else {
		mc_message_add_prop(m, kind, s->str);
	}
	if (s)
		g_string_free(s, TRUE);
	g_free(name);
	g_free(addr);
}

static void ref_free(gpointer p)
{
	struct mc_olm_attachment_ref *r = p;
	g_free(r->url);
	g_free(r);
}

static void read_attachments(const xmlNode *list, struct mc_message *m, GPtrArray *refs)
{
	for (const xmlNode *c = list->children; c; c = c->next) {
		if (!is_el(c, "messageAttachment"))
			continue;
		struct mc_attachment *a = mc_message_add_attachment(m);
		struct mc_olm_attachment_ref *r = g_new0(struct mc_olm_attachment_ref, 1);
		r->url = field(c, "OPFAttachmentURL");
		r->declared_size = -1;
		g_ptr_array_add(refs, r);
		a->filename = field(c, "OPFAttachmentName");
		char *type = field(c, "OPFAttachmentContentType");
		a->mime_type = type ? g_ascii_strdown(type, -1) : NULL;
		g_free(type);
		a->content_id = mc_strip_angles(field(c, "OPFAttachmentContentID"));
		a->disposition = g_strdup("attachment");
		a->part_path = g_strdup(r->url);
		char *size = field(c, "OPFAttachmentContentFileSize");
		if (size) {
			char *end;
			guint64 v = g_ascii_strtoull(size, &end, 10);
			if (end != size && !*end && v <= (guint64)INT64_MAX)
				r->declared_size = (int64_t)v;
			g_free(size);
		}
	}
}

/* The header block of OPFMessageCopySource (what comes before its first
 * empty line), as transport headers are read for MAPI items. */
static void read_source_headers(const char *src, struct mc_message *m, int *has_date,
                                int64_t *date, int *offset)
{
	const char *end = strstr(src, "\r\n\r\n");
	const char *lf = strstr(src, "\n\n");
	if (lf && (!end || lf < end))
		end = lf;
	char *block = end ? g_strndup(src, (gsize)(end - src)) : g_strdup(src);
	mc_mime_merge_headers(block, m, "the headers of OPFMessageCopySource", has_date, date,
	                      offset);
	g_free(block);
}

static char *thread_index_hex(const char *b64)
{
	gsize n = 0;
	guchar *d = g_base64_decode(b64, &n);
	if (!d || n == 0) {
		g_free(d);
		return NULL;
	}
	GString *s = g_string_sized_new(n * 2);
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", d[i]);
	g_free(d);
	return g_string_free(s, FALSE);
}

static void time_field(struct mc_message *m, const xmlNode *c, int64_t *slot)
{
	char *v = trimmed_text(c);
	if (v && mc_olm_time(v, slot) != 0) {
		*slot = MC_NO_TIME;
		char *cut = g_utf8_substring(v, 0, MIN(g_utf8_strlen(v, -1), 60));
		mc_message_warn(m, "%s: '%s' is not a time", (const char *)c->name, cut);
		g_free(cut);
	}
	g_free(v);
}

/* A simple element (text only, short) as message_props olm.<name>. */
static void generic_prop(struct mc_message *m, const xmlNode *c)
{
	for (const xmlNode *k = c->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			return;
	char *v = trimmed_text(c);
	if (v && strlen(v) <= PROP_MAX) {
		char *name = g_strdup_printf("olm.%s", (const char *)c->name);
		mc_message_add_prop(m, name, v);
		g_free(name);
	}
	g_free(v);
}

static void set_body(struct mc_message *m, const char *body, const char *html);

static struct mc_message *read_email(const xmlNode *email, GPtrArray *refs)
{
	struct mc_message *m = mc_message_new();
	char *body = NULL, *html = NULL, *source = NULL;
	for (const xmlNode *c = email->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *n = (const char *)c->name;
		if (!strcmp(n, "OPFMessageCopySubject")) {
			g_free(m->subject);
			m->subject = text_of(c);
		} else if (!strcmp(n, "OPFMessageCopyFromAddresses")) {
			read_addresses(c, m, NULL, add_from);
		} else if (!strcmp(n, "OPFMessageCopySenderAddress")) {
			read_addresses(c, m, "olm.sender", add_to_prop);
		} else if (!strcmp(n, "OPFMessageCopyReplyToAddresses")) {
			read_addresses(c, m, "olm.reply_to", add_to_prop);
		} else if (!strcmp(n, "OPFMessageCopyToAddresses")) {
			read_addresses(c, m, "to", add_recipient);
		} else if (!strcmp(n, "OPFMessageCopyCCAddresses")) {
			read_addresses(c, m, "cc", add_recipient);
		} else if (!strcmp(n, "OPFMessageCopyBCCAddresses")) {
			read_addresses(c, m, "bcc", add_recipient);
		} else if (!strcmp(n, "OPFMessageCopySentTime")) {
			time_field(m, c, &m->submit_time);
		} else if (!strcmp(n, "OPFMessageCopyReceivedTime")) {
			time_field(m, c, &m->delivery_time);
		} else if (!strcmp(n, "OPFMessageCopyModDate")) {
			time_field(m, c, &m->modification_time);
		} else if (!strcmp(n, "OPFMessageCopyMessageID")) {
			g_free(m->message_id);
			m->message_id = mc_strip_angles(trimmed_text(c));
		} else if (!strcmp(n, "OPFMessageCopyInReplyTo")) {
			g_free(m->in_reply_to);
			m->in_reply_to = mc_strip_angles(trimmed_text(c));
		} else if (!strcmp(n, "OPFMessageCopyReferences")) {
			g_free(m->references);
			m->references = trimmed_text(c);
		} else if (!strcmp(n, "OPFMessageCopyThreadTopic")) {
			g_free(m->conversation_topic);
			m->conversation_topic = text_of(c);
		} else if (!strcmp(n, "OPFMessageCopyThreadIndex")) {
			char *v = trimmed_text(c);
			g_free(m->conversation_index);
			m->conversation_index = v ? thread_index_hex(v) : NULL;
			g_free(v);
		} else if (!strcmp(n, "OPFMessageCopyBody")) {
			g_free(body);
			body = text_of(c);
		} else if (!strcmp(n, "OPFMessageCopyHTMLBody")) {
			g_free(html);
			html = text_of(c);
		} else if (!strcmp(n, "OPFMessageCopySource")) {
			g_free(source);
			source = text_of(c);
		} else if (!strcmp(n, "OPFMessageCopyAttachmentList")) {
			read_attachments(c, m, refs);
		} else if (!strcmp(n, "OPFMessageGetIsRead")) {
			char *v = trimmed_text(c);
			if (v)
				mc_message_add_prop(m, "read", strcmp(v, "0") && g_ascii_strcasecmp(v, "false")
				                               ? "1" : "0");
			g_free(v);
		} else {
			generic_prop(m, c);
		}
	}
	int hdr_has_date = 0, hdr_offset = 0;
	int64_t hdr_date = 0;
	if (source && *source)
		read_source_headers(source, m, &hdr_has_date, &hdr_date, &hdr_offset);
	/* Outlook's times are UTC; the Date header tells the sender's offset */
	mc_message_date_from_store(m, hdr_has_date, hdr_date, hdr_offset);
	set_body(m, body, html);
	g_free(body);
	g_free(html);
	g_free(source);
	return m;
}

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (!g_ascii_isspace(*s))
			return 0;
	return 1;
}

/* body_text from the text body, else the HTML body reduced to text. */
static void set_body(struct mc_message *m, const char *body, const char *html)
{
	if (body || html)
		mc_message_add_prop(m, "olm.bodies", body && html ? "text,html" : body ? "text" : "html");
	if (!blank(body)) {
		m->body_text = g_strdup(body);
		m->body_source = g_strdup("text/plain");
	} else if (!blank(html)) {
		m->body_text = mc_html_to_text(html, strlen(html));
		m->body_source = g_strdup("text/html");
	}
}

static void refs_free(gpointer p)
{
	g_ptr_array_unref(p);
}

void mc_olm_item_clear(struct mc_olm_item *item)
{
	if (item->messages)
		g_ptr_array_unref(item->messages);
	if (item->refs)
		g_ptr_array_unref(item->refs);
	item->messages = item->refs = NULL;
}

static void message_free(gpointer p)
{
	mc_message_free(p);
}

int mc_olm_item_parse(const char *xml, size_t len, struct mc_olm_item *item,
                      char *err, size_t errlen)
{
	item->messages = g_ptr_array_new_with_free_func(message_free);
	item->refs = g_ptr_array_new_with_free_func(refs_free);
	if (len > (size_t)G_MAXINT) {
		set_err(err, errlen, "larger than the XML parser reads");
		return -1;
	}
	xmlDoc *doc = xmlReadMemory(xml, (int)len, "item.xml", NULL,
	                             XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
	                             XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		set_err(err, errlen, "not well-formed XML%s%s (line %d)", e && e->message ? ": " : "",
		           e && e->message ? g_strchomp(e->message) : "", e ? e->line : 0);
		return -1;
	}
	int rc = 0;
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset) {
		set_err(err, errlen, "the item declares a DTD (Outlook writes none); not read");
		rc = -1;
	} else if (root && is_el(root, "email")) {
		GPtrArray *refs = g_ptr_array_new_with_free_func(ref_free);
		g_ptr_array_add(item->messages, read_email(root, refs));
		g_ptr_array_add(item->refs, refs);
	} else if (root && is_el(root, "emails")) {
		for (const xmlNode *c = root->children; c; c = c->next) {
			if (!is_el(c, "email"))
				continue;
			GPtrArray *refs = g_ptr_array_new_with_free_func(ref_free);
			g_ptr_array_add(item->messages, read_email(c, refs));
			g_ptr_array_add(item->refs, refs);
		}
	}
	if (rc == 0 && item->messages->len == 0) {
		char *name = root ? g_utf8_make_valid((const char *)root->name, -1) : g_strdup("");
		char *cut = g_utf8_substring(name, 0, MIN(g_utf8_strlen(name, -1), 40));
		set_err(err, errlen, "no <email> element (root <%s>)", cut);
		g_free(cut);
		g_free(name);
		rc = -1;
	}
	xmlFreeDoc(doc);
	if (rc != 0) {
		g_ptr_array_set_size(item->messages, 0);
		g_ptr_array_set_size(item->refs, 0);
	}
	return rc;
}
