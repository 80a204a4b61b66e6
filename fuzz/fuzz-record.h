/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-record.h: contract checks on the records parsers produce
 * (record.h: every string is UTF-8 or NULL), shared by the harnesses that
 * see a struct mc_message or struct mc_folder.
 */
#ifndef MAILCASE_FUZZ_RECORD_H
#define MAILCASE_FUZZ_RECORD_H

#include "fuzz.h"
#include "record.h"

static inline void fuzz_check_sha(const char *sha)
{
	size_t n = strlen(sha);
	FUZZ_CHECK(n == 0 || n == 64, "sha256 is 64 hex digits or empty");
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(g_ascii_isxdigit(sha[i]) && !g_ascii_isupper(sha[i]),
		           "sha256 is lower-case hex");
}

static inline void fuzz_check_message(const struct mc_message *m)
{
	const char *strs[] = {
		m->locator, m->message_class, m->subject, m->from_name, m->from_addr,
		m->message_id, m->in_reply_to, m->references, m->content_type,
		m->charset_declared, m->charset_used, m->charset_detected,
		m->body_source, m->body_text, m->from_exdn, m->conversation_topic,
		m->conversation_index,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
		FUZZ_CHECK(fuzz_utf8_or_null(strs[i]), "message string field is UTF-8");
	fuzz_check_sha(m->sha256);
	FUZZ_CHECK(m->headers && m->recipients && m->attachments && m->props,
	           "message arrays exist");
	for (guint i = 0; i < m->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(m->headers, i);
		FUZZ_CHECK(h->name && fuzz_utf8_or_null(h->name), "header name");
		FUZZ_CHECK(fuzz_utf8_or_null(h->value), "header value is UTF-8");
		FUZZ_CHECK(fuzz_utf8_or_null(h->raw), "header raw value is UTF-8");
	}
	for (guint i = 0; i < m->recipients->len; i++) {
		const struct mc_recipient *r = g_ptr_array_index(m->recipients, i);
		FUZZ_CHECK(r->kind && mc_recipient_kind_static(r->kind) != NULL,
		           "recipient kind is one of the static kinds");
		FUZZ_CHECK(fuzz_utf8_or_null(r->name) && fuzz_utf8_or_null(r->addr) &&
		           fuzz_utf8_or_null(r->exdn), "recipient strings are UTF-8");
	}
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		FUZZ_CHECK(fuzz_utf8_or_null(a->filename) && fuzz_utf8_or_null(a->mime_type) &&
		           fuzz_utf8_or_null(a->disposition) && fuzz_utf8_or_null(a->content_id) &&
		           fuzz_utf8_or_null(a->part_path), "attachment strings are UTF-8");
		FUZZ_CHECK(a->size >= 0, "attachment size >= 0");
		fuzz_check_sha(a->sha256);
	}
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		FUZZ_CHECK(p->name && fuzz_utf8_or_null(p->name) && fuzz_utf8_or_null(p->value),
		           "prop strings are UTF-8");
	}
	if (m->origin)
		FUZZ_CHECK(mc_origin_static(m->origin) != NULL, "origin is static");
}

static inline void fuzz_check_folder(const struct mc_folder *f)
{
	FUZZ_CHECK(fuzz_utf8_or_null(f->name) && fuzz_utf8_or_null(f->path) &&
	           fuzz_utf8_or_null(f->locator), "folder strings are UTF-8");
	if (f->role)
		FUZZ_CHECK(mc_role_static(f->role) != NULL, "folder role is static");
}

#endif
