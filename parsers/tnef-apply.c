/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tnef-apply.c: a decoded TNEF stream applied to the message that carries
 * it (or to the record of a bare winmail.dat): its MAPI properties go
 * through the MAPI mapping (mapi-message.h) into a scratch record, whose
 * class, subject, sender, times and body then fill what the message lacks;
 * the legacy attributes stand in for missing MAPI ones; attachments are
 * added (hashed) with part_path "tnef:<part>/<n>", and those that are
 * messages (a TNEF stream of their own) handed to the caller's callback;
 * named properties become message_props rows (mapi-named.h). See tnef-stream.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-message.h"
#include "mapi-named.h"
#include "mapi-values.h"
#include "tnef-stream.h"

#define PR_ATTACH_DATA 0x3701
#define DEFAULT_CODEPAGE 1252

static char *legacy_text(const unsigned char *d, size_t n, int codepage)
{
	if (!d)
		return NULL;
	char *s = mc_mapi_decode_string8(d, n, codepage, NULL, NULL);
	if (s && !*s) {
		g_free(s);
		s = NULL;
	}
	return s;
}

static void steal_str(char **dst, char **src)
{
	if (!*dst && *src) {
		*dst = *src;
		*src = NULL;
	}
}

static void fill_time(int64_t *dst, int64_t src)
{
	if (*dst == MC_NO_TIME && src != MC_NO_TIME)
		*dst = src;
}

/* 1 if the TNEF class should replace the message's: none yet, or the
 * generic IPM.Note that says less than a schedule or report class. */
static int class_wins(const char *have, const char *tnef)
{
	if (!tnef || !*tnef)
		return 0;
	return !have || g_ascii_strcasecmp(have, "IPM.Note") == 0;
}

static int has_prop(const struct mc_message *m, const char *name)
{
	for (guint i = 0; i < m->props->len; i++)
		if (strcmp(((const struct mc_prop *)g_ptr_array_index(m->props, i))->name, name) == 0)
			return 1;
	return 0;
}

/* The scratch record s (from the MAPI properties) into m. */
static void merge(struct mc_message *m, struct mc_message *s)
{
	if (class_wins(m->message_class, s->message_class)) {
		g_free(m->message_class);
		m->message_class = g_steal_pointer(&s->message_class);
	}
	steal_str(&m->subject, &s->subject);
	if (!m->from_addr && !m->from_name) {
		m->from_addr = g_steal_pointer(&s->from_addr);
		m->from_name = g_steal_pointer(&s->from_name);
	}
	steal_str(&m->from_exdn, &s->from_exdn);
	steal_str(&m->message_id, &s->message_id);
	steal_str(&m->in_reply_to, &s->in_reply_to);
	steal_str(&m->references, &s->references);
	steal_str(&m->conversation_topic, &s->conversation_topic);
	steal_str(&m->conversation_index, &s->conversation_index);
	fill_time(&m->submit_time, s->submit_time);
	fill_time(&m->delivery_time, s->delivery_time);
	fill_time(&m->creation_time, s->creation_time);
	fill_time(&m->modification_time, s->modification_time);
	fill_time(&m->last_verb_time, s->last_verb_time);
	if (m->last_verb < 0)
		m->last_verb = s->last_verb;
	if (m->message_flags < 0)
		m->message_flags = s->message_flags;
	if (m->importance < 0)
		m->importance = s->importance;
	if (m->sensitivity < 0)
		m->sensitivity = s->sensitivity;
	if (!m->has_date && s->has_date) {
		m->has_date = 1;
		m->date_unix = s->date_unix;
		m->date_offset = s->date_offset;
	}
	if ((!m->body_text || !*m->body_text) && s->body_text && *s->body_text) {
		g_free(m->body_text);
		m->body_text = g_steal_pointer(&s->body_text);
		g_free(m->body_source);
		m->body_source = g_steal_pointer(&s->body_source);
		g_free(m->charset_declared);
		m->charset_declared = g_steal_pointer(&s->charset_declared);
		g_free(m->charset_used);
		m->charset_used = g_steal_pointer(&s->charset_used);
		g_free(m->charset_detected);
		m->charset_detected = g_steal_pointer(&s->charset_detected);
		m->charset_mismatch = s->charset_mismatch;
		if (s->codepage > 0)
			m->codepage = s->codepage;
	}
	for (guint i = 0; i < s->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(s->props, i);
		if (!has_prop(m, p->name))
			mc_message_add_prop(m, p->name, p->value);
	}
}

/* Legacy attributes where the MAPI properties said nothing. */
static void legacy_fill(struct mc_message *s, const struct mc_tnef *t, int cp)
{
	if (!s->message_class)
		s->message_class = legacy_text(t->message_class, t->message_class_len, cp);
	if (!s->subject)
		s->subject = legacy_text(t->subject, t->subject_len, cp);
	if (!s->body_text && t->body) {
		char *used = NULL, *detected = NULL;
		char *b = mc_mapi_decode_string8(t->body, t->body_len, cp, &used, &detected);
		if (b && *b) {
			s->body_text = b;
			b = NULL;
			s->body_source = g_strdup("text/plain");
			s->charset_used = used;
			s->charset_detected = detected;
			used = detected = NULL;
		}
		g_free(b);
		g_free(used);
		g_free(detected);
	}
	fill_time(&s->submit_time, t->date_sent);
	fill_time(&s->delivery_time, t->date_received);
	fill_time(&s->modification_time, t->date_modified);
	if (!s->has_date && (t->date_sent != MC_NO_TIME || t->date_received != MC_NO_TIME)) {
		s->has_date = 1;
		s->date_unix = t->date_sent != MC_NO_TIME ? t->date_sent : t->date_received;
	}
}

/* Named properties as rows; the first of a repeated name wins. */
static void add_named(struct mc_message *m, const struct mc_tnef_props *pl, int cp)
{
	GHashTable *seen = mc_mapi_named_seen_new();
	for (guint i = 0; i < pl->props->len; i++) {
		const struct mc_tnef_prop *p = &g_array_index(pl->props, struct mc_tnef_prop, i);
		if (!p->named || (p->type & 0x1000) || p->count != 1)
			continue;
		size_t n = p->size;
		if (p->type == MC_PT_STRING8)
			while (n > 0 && p->data[n - 1] == 0)
				n--;
		mc_mapi_add_named(m, seen, p->guid, p->name, p->lid, p->type, p->data, n, cp);
	}
	g_hash_table_destroy(seen);
}

static const struct mc_tnef_prop *find_prop(const struct mc_tnef_props *pl, uint32_t id)
{
	for (guint i = 0; i < pl->props->len; i++) {
		const struct mc_tnef_prop *p = &g_array_index(pl->props, struct mc_tnef_prop, i);
		if (p->id == id && !p->named && p->count == 1)
			return p;
	}
	return NULL;
}

static void add_attachment(struct mc_message *m, struct mc_tnef_attachment *ta,
                           const char *part, int index, int cp,
                           mc_tnef_embedded_fn fn, void *ctx)
{
	int embedded = 0;
	struct mc_attachment *a = mc_message_add_attachment(m);
	a->part_path = *part ? g_strdup_printf("tnef:%s/%d", part, index)
	                     : g_strdup_printf("tnef:/%d", index);
	struct mc_tnef_props *pl = &ta->props;
	struct mc_mapi_props p = { .codepage = cp, .m = NULL, .source = &mc_tnef_props_source,
	                           .ctx = pl };
	mc_mapi_read_attachment(&p, a);
	if (!a->filename)
		a->filename = legacy_text(ta->title, ta->title_len, cp);
	const unsigned char *data = ta->data;
	size_t len = ta->data_len;
	const struct mc_tnef_prop *obj = find_prop(pl, PR_ATTACH_DATA);
	if (obj && obj->type == MC_PT_BINARY) {
		data = obj->data;
		len = obj->size;
	} else if (obj && obj->type == 0x000d && obj->size >= 16) {
		/* PT_OBJECT: the interface id, then the object (an embedded
		 * message is itself a TNEF stream). */
		data = obj->data + 16;
		len = obj->size - 16;
		embedded = mc_tnef_is_tnef(data, len);
		if (!a->mime_type)
			a->mime_type = g_strdup(embedded ? "application/ms-tnef"
			                                 : "application/octet-stream");
	}
	if (data) {
		mc_sha256_hex(data, len, a->sha256);
		a->size = (int64_t)len;
	} else {
		mc_message_warn(m, "TNEF%s%s: attachment %d has no data; no hash",
		                *part ? " " : "", part, index);
	}
	if (!a->disposition)
		a->disposition = g_strdup("attachment");
	if (embedded && fn)
		fn(ctx, index, data, len);
}

/* Each line of text as a warning of m, "TNEF <part>: ...". */
static void add_warnings(struct mc_message *m, const char *text, const char *part)
{
	gchar **lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++)
		if (**l)
			mc_message_warn(m, "TNEF%s%s: %s", *part ? " " : "", part, *l);
	g_strfreev(lines);
}

int mc_tnef_apply(const unsigned char *b, size_t n, struct mc_message *m, const char *part)
{
	return mc_tnef_apply_full(b, n, m, part, NULL, NULL);
}

int mc_tnef_apply_full(const unsigned char *b, size_t n, struct mc_message *m,
                       const char *part, mc_tnef_embedded_fn fn, void *ctx)
{
	struct mc_tnef t;
	if (mc_tnef_decode(b, n, &t) != 0) {
		mc_tnef_clear(&t);
		return -1;
	}
	int oem = t.oem_codepage > 0 ? t.oem_codepage : DEFAULT_CODEPAGE;
	struct mc_message *s = mc_message_new();
	struct mc_mapi_props p = { .codepage = oem, .m = s, .source = &mc_tnef_props_source,
	                           .ctx = &t.props };
	int cp = mc_mapi_read_message(&p, s, oem);
	legacy_fill(s, &t, oem);
	merge(m, s);
	add_warnings(m, s->warnings->str, part);
	mc_message_free(s);

	add_named(m, &t.props, cp);
	if (m->recipients->len == 0) {
		for (guint i = 0; i < t.recipients->len; i++) {
			struct mc_mapi_props rp = { .codepage = cp, .m = NULL,
			                            .source = &mc_tnef_props_source,
			                            .ctx = g_ptr_array_index(t.recipients, i) };
			mc_mapi_read_recipient(&rp, m);
		}
	}
	for (guint i = 0; i < t.attachments->len; i++)
		add_attachment(m, g_ptr_array_index(t.attachments, i), part, (int)i, cp, fn, ctx);

	mc_message_add_prop(m, "tnef.part", *part ? part : "/");
	if (t.checksum_errors) {
		char buf[16];
		g_snprintf(buf, sizeof buf, "%d", t.checksum_errors);
		mc_message_add_prop(m, "tnef.checksum_errors", buf);
	}
	if (t.truncated)
		mc_message_add_prop(m, "tnef.truncated", "1");
	add_warnings(m, t.warnings->str, part);
	mc_tnef_clear(&t);
	return 0;
}
