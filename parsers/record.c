/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record.c: construction and destruction of the records parsers emit.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "digest.h"
#include "record.h"

static void header_free(gpointer p)
{
	struct mc_header *h = p;
	g_free(h->name);
	g_free(h->value);
	g_free(h->raw);
	g_free(h);
}

static void recipient_free(gpointer p)
{
	struct mc_recipient *r = p;
	g_free(r->name);
	g_free(r->addr);
	g_free(r->exdn);
	g_free(r);
}

static void attachment_free(gpointer p)
{
	struct mc_attachment *a = p;
	g_free(a->filename);
	g_free(a->mime_type);
	g_free(a->disposition);
	g_free(a->content_id);
	g_free(a->part_path);
	g_free(a);
}

static void prop_free(gpointer p)
{
	struct mc_prop *x = p;
	g_free(x->name);
	g_free(x->value);
	g_free(x);
}

static void label_free(gpointer p)
{
	struct mc_label *x = p;
	g_free(x->name);
	g_free(x->role);
	g_free(x);
}

struct mc_message *mc_message_new(void)
{
	struct mc_message *m = g_new0(struct mc_message, 1);
	m->origin = MC_ORIGIN_FOLDER;
	m->byte_offset = -1;
	m->byte_length = -1;
	m->headers = g_ptr_array_new_with_free_func(header_free);
	m->recipients = g_ptr_array_new_with_free_func(recipient_free);
	m->attachments = g_ptr_array_new_with_free_func(attachment_free);
	m->props = g_ptr_array_new_with_free_func(prop_free);
	m->labels = g_ptr_array_new_with_free_func(label_free);
	m->warnings = g_string_new(NULL);
	m->submit_time = m->delivery_time = m->creation_time = MC_NO_TIME;
	m->modification_time = m->last_verb_time = MC_NO_TIME;
	m->last_verb = -1;
	m->message_flags = -1;
	m->importance = m->sensitivity = m->codepage = -1;
	return m;
}

void mc_message_free(struct mc_message *m)
{
	if (!m)
		return;
	g_free(m->locator);
	g_free(m->message_class);
	g_free(m->subject);
	g_free(m->from_name);
	g_free(m->from_addr);
	g_free(m->message_id);
	g_free(m->in_reply_to);
	g_free(m->references);
	g_free(m->content_type);
	g_free(m->charset_declared);
	g_free(m->charset_used);
	g_free(m->charset_detected);
	g_free(m->body_source);
	g_free(m->body_text);
	g_free(m->from_exdn);
	g_free(m->conversation_topic);
	g_free(m->conversation_index);
	g_ptr_array_free(m->headers, TRUE);
	g_ptr_array_free(m->recipients, TRUE);
	g_ptr_array_free(m->attachments, TRUE);
	g_ptr_array_free(m->props, TRUE);
	g_ptr_array_free(m->labels, TRUE);
	g_string_free(m->warnings, TRUE);
	g_free(m);
}

void mc_message_add_header(struct mc_message *m, const char *name,
                           const char *value, const char *raw)
{
	struct mc_header *h = g_new0(struct mc_header, 1);
	h->name = g_strdup(name ? name : "");
	h->value = g_strdup(value ? value : "");
	if (raw && strcmp(raw, h->value) != 0)
		h->raw = g_strdup(raw);
	g_ptr_array_add(m->headers, h);
}

void mc_message_add_recipient(struct mc_message *m, const char *kind,
                              const char *name, const char *addr)
{
	struct mc_recipient *r = g_new0(struct mc_recipient, 1);
	r->kind = mc_recipient_kind_static(kind);
	if (!r->kind)
		r->kind = "to";
	r->name = (name && *name) ? g_strdup(name) : NULL;
	r->addr = (addr && *addr) ? g_strdup(addr) : NULL;
	g_ptr_array_add(m->recipients, r);
}

void mc_message_set_recipient_exdn(struct mc_message *m, const char *exdn)
{
	if (m->recipients->len == 0)
		return;
	struct mc_recipient *r = g_ptr_array_index(m->recipients, m->recipients->len - 1);
	g_free(r->exdn);
	r->exdn = (exdn && *exdn) ? g_strdup(exdn) : NULL;
}

struct mc_attachment *mc_message_add_attachment(struct mc_message *m)
{
	struct mc_attachment *a = g_new0(struct mc_attachment, 1);
	g_ptr_array_add(m->attachments, a);
	return a;
}

void mc_message_add_prop(struct mc_message *m, const char *name, const char *value)
{
	struct mc_prop *p = g_new0(struct mc_prop, 1);
	p->name = g_strdup(name);
	p->value = g_strdup(value ? value : "");
	g_ptr_array_add(m->props, p);
}

void mc_message_add_label(struct mc_message *m, const char *name, const char *role)
{
	struct mc_label *l = g_new0(struct mc_label, 1);
	l->name = g_strdup(name ? name : "");
	l->role = g_strdup(role ? role : "user");
	g_ptr_array_add(m->labels, l);
}

char *mc_flag_names(const struct mc_flag_name *table, size_t n, uint64_t flags)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		if (flags & table[i].bit)
			g_string_append_printf(s, "%s%s", s->len ? "," : "", table[i].name);
	return g_string_free(s, FALSE);
}

void mc_message_warn(struct mc_message *m, const char *fmt, ...)
{
	va_list ap;
	if (m->warnings->len)
		g_string_append_c(m->warnings, '\n');
	va_start(ap, fmt);
	g_string_append_vprintf(m->warnings, fmt, ap);
	va_end(ap);
}

const char *mc_message_header(const struct mc_message *m, const char *name)
{
	for (guint i = 0; i < m->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(m->headers, i);
		if (g_ascii_strcasecmp(h->name, name) == 0)
			return h->value;
	}
	return NULL;
}

struct mc_folder *mc_folder_new(void)
{
	struct mc_folder *f = g_new0(struct mc_folder, 1);
	f->role = MC_ROLE_OTHER;
	return f;
}

void mc_folder_free(struct mc_folder *f)
{
	if (!f)
		return;
	g_free(f->name);
	g_free(f->path);
	g_free(f->locator);
	g_free(f);
}

void mc_sha256_hex(const void *data, size_t len, char out[65])
{
	struct mc_digest *d = mc_digest_new(MC_DIGEST_SHA256);
	mc_digest_update(d, data, len);
	mc_digest_hex(d, out, 65);
	mc_digest_free(d);
}

void mc_format_utc(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
		g_strlcpy(out, "0000-00-00T00:00:00Z", 21);
		return;
	}
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *intern(const char *s, const char *const *table)
{
	if (!s)
		return NULL;
	for (; *table; table++)
		if (strcmp(s, *table) == 0)
			return *table;
	return NULL;
}

const char *mc_role_static(const char *role)
{
	static const char *const roles[] = {
		MC_ROLE_INBOX, MC_ROLE_SENT, MC_ROLE_DELETED, MC_ROLE_OUTBOX,
		MC_ROLE_DRAFTS, MC_ROLE_JUNK, MC_ROLE_OTHER, NULL
	};
	return intern(role, roles);
}

const char *mc_origin_static(const char *origin)
{
	static const char *const origins[] = {
		MC_ORIGIN_FOLDER, MC_ORIGIN_HIDDEN, MC_ORIGIN_RECOVERED,
		MC_ORIGIN_ORPHAN, MC_ORIGIN_EMBEDDED, NULL
	};
	return intern(origin, origins);
}

const char *mc_recipient_kind_static(const char *kind)
{
	static const char *const kinds[] = { "to", "cc", "bcc", NULL };
	return intern(kind, kinds);
}

char *mc_strip_angles(char *s)
{
	if (!s)
		return NULL;
	g_strstrip(s);
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
	if (!*s) {
		g_free(s);
		return NULL;
	}
	return s;
}

void mc_message_date_from_store(struct mc_message *m, int hdr_has_date, int64_t hdr_date,
                                int hdr_offset)
{
	int64_t t = m->submit_time != MC_NO_TIME ? m->submit_time : m->delivery_time;
	if (t != MC_NO_TIME) {
		m->has_date = 1;
		m->date_unix = t;
		if (hdr_has_date && hdr_date >= t - 120 && hdr_date <= t + 120)
			m->date_offset = hdr_offset;
	} else if (hdr_has_date) {
		m->has_date = 1;
		m->date_unix = hdr_date;
		m->date_offset = hdr_offset;
	}
}
