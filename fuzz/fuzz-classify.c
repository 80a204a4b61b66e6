/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-classify.c: the system-message classifier (analyzer/detect/classify.h),
 * mc_classify_message() on a record and mc_classify() on the same fields
 * with attachment types, aliases and a hidden item.
 *
 * Input: header lines ("Name: value", folded lines allowed) up to the first
 * blank line, then the body text. The headers go into the record as they
 * are; Subject, From, To/Cc/Bcc, Content-Type and X-Mapi-Class (a harness
 * convention, standing for the MAPI message class) also fill the record's
 * fields, X-Attachment-Type lines its attachment types. Invalid UTF-8 is
 * repaired first: classify.h takes UTF-8.
 *
 * Checks: a kind in range whose name is mc_sys_kind_name()'s, confidence
 * in [0, 1], every text of the result NUL-terminated in its array and
 * UTF-8, prefix_where "", "subject" or "body", a prefix only with a
 * language and only on a system message, and the same answer twice.
 */
#include "config.h"
#include "fuzz.h"
#include "fuzz-record.h"
#include "classify.h"
#include "dsn.h"

#define MAX_ATT 64

static void check_text(const char *s, size_t cap, const char *what)
{
	FUZZ_CHECK(memchr(s, 0, cap) != NULL, what);
	FUZZ_CHECK(g_utf8_validate(s, -1, NULL), what);
}

static void check_result(const struct mc_classify_result *r)
{
	FUZZ_CHECK(r->kind_id >= MC_SYS_NONE && r->kind_id < MC_SYS_N_KINDS, "kind in range");
	FUZZ_CHECK(r->kind == mc_sys_kind_name(r->kind_id), "kind is the static name");
	FUZZ_CHECK(r->confidence >= 0.0 && r->confidence <= 1.0, "confidence in [0,1]");
	check_text(r->reason, sizeof r->reason, "reason is a UTF-8 string");
	check_text(r->identity, sizeof r->identity, "identity is a UTF-8 string");
	check_text(r->prefix_lang, sizeof r->prefix_lang, "prefix_lang is a UTF-8 string");
	check_text(r->prefix, sizeof r->prefix, "prefix is a UTF-8 string");
	check_text(r->prefix_where, sizeof r->prefix_where, "prefix_where is a string");
	FUZZ_CHECK(!strcmp(r->prefix_where, "") || !strcmp(r->prefix_where, "subject") ||
	           !strcmp(r->prefix_where, "body"), "prefix_where is one of three");
	FUZZ_CHECK(r->prefix[0] == '\0' || r->kind_id != MC_SYS_NONE,
	           "a prefix only on a system message");
	FUZZ_CHECK(r->prefix[0] == '\0' || r->prefix_where[0] != '\0',
	           "a prefix says where it was");
}

static int same_result(const struct mc_classify_result *a, const struct mc_classify_result *b)
{
	return a->kind_id == b->kind_id && a->confidence == b->confidence &&
	       !strcmp(a->reason, b->reason) && !strcmp(a->identity, b->identity) &&
	       !strcmp(a->prefix, b->prefix) && !strcmp(a->prefix_lang, b->prefix_lang);
}

/* Splits "Name: value" (value trimmed); 0 if the line is no header. */
static int split_header(char *line, char **name, char **value)
{
	char *colon = strchr(line, ':');
	if (!colon || colon == line)
		return 0;
	*colon = '\0';
	*name = g_strstrip(line);
	*value = g_strstrip(colon + 1);
	return (*name)[0] != '\0';
}

static void fill(struct mc_message *m, const char *name, const char *value,
                 const char **att, size_t *n_att)
{
	mc_message_add_header(m, name, value, NULL);
	if (!g_ascii_strcasecmp(name, "Subject") && !m->subject)
		m->subject = g_strdup(value);
	else if (!g_ascii_strcasecmp(name, "From") && !m->from_addr)
		m->from_addr = g_strdup(value);
	else if (!g_ascii_strcasecmp(name, "X-Mapi-Class") && !m->message_class)
		m->message_class = g_strdup(value);
	else if (!g_ascii_strcasecmp(name, "Content-Type") && !m->content_type)
		m->content_type = g_ascii_strdown(value, -1);
	else if (!g_ascii_strcasecmp(name, "To"))
		mc_message_add_recipient(m, "to", NULL, value);
	else if (!g_ascii_strcasecmp(name, "Cc"))
		mc_message_add_recipient(m, "cc", NULL, value);
	else if (!g_ascii_strcasecmp(name, "X-Attachment-Type") && *n_att < MAX_ATT)
		att[(*n_att)++] = m->headers->len
			? ((const struct mc_header *)g_ptr_array_index(m->headers,
			                                               m->headers->len - 1))->value
			: NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	/* NUL bytes would cut the strings short: they become spaces */
	char *raw = g_malloc(size + 1);
	for (size_t i = 0; i < size; i++)
		raw[i] = data[i] ? (char)data[i] : ' ';
	char *text = g_utf8_make_valid(raw, (gssize)size);
	g_free(raw);
	struct mc_message *m = mc_message_new();
	const char *att[MAX_ATT];
	size_t n_att = 0;

	/* headers up to the first empty line, folded lines joined */
	char *p = text, *body = NULL;
	GString *cur = g_string_new(NULL);
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0) {
			body = nl ? nl + 1 : p + strlen(p);
			break;
		}
		if ((p[0] == ' ' || p[0] == '\t') && cur->len) {
			g_string_append_c(cur, ' ');
			g_string_append_len(cur, p, (gssize)n);
		} else {
			char *name, *value;
			if (cur->len && split_header(cur->str, &name, &value))
				fill(m, name, value, att, &n_att);
			g_string_assign(cur, "");
			g_string_append_len(cur, p, (gssize)n);
		}
		p = nl ? nl + 1 : p + n;
		if (!nl)
			break;
	}
	char *name, *value;
	if (cur->len && split_header(cur->str, &name, &value))
		fill(m, name, value, att, &n_att);
	g_string_free(cur, TRUE);
	if (body && *body)
		m->body_text = g_strdup(body);
	fuzz_check_message(m);

	struct mc_classify_result r1, r2;
	mc_classify_message(m, "owner@example.org", &r1);
	check_result(&r1);
	mc_classify_message(m, "owner@example.org", &r2);
	FUZZ_CHECK(same_result(&r1, &r2), "the classifier is deterministic");

	/* the same fields through mc_classify(), with what the record lacks */
	struct mc_classify_recipient rcpt[8];
	size_t n_rcpt = 0;
	for (guint i = 0; i < m->recipients->len && n_rcpt < G_N_ELEMENTS(rcpt); i++) {
		const struct mc_recipient *x = g_ptr_array_index(m->recipients, i);
		rcpt[n_rcpt].kind = x->kind;
		rcpt[n_rcpt].name = x->name;
		rcpt[n_rcpt].addr = x->addr;
		rcpt[n_rcpt].exdn = x->addr && x->addr[0] == '/' ? x->addr : NULL;
		n_rcpt++;
	}
	struct mc_header *hdrs = g_new0(struct mc_header, m->headers->len + 1);
	for (guint i = 0; i < m->headers->len; i++)
		hdrs[i] = *(const struct mc_header *)g_ptr_array_index(m->headers, i);
	struct mc_identity_alias alias = { "/o=example/ou=first administrative group/cn=recipients/cn=owner",
	                                   "owner@example.org" };
	struct mc_dsn_report report;
	mc_report_parse(m->body_text, m->body_text ? strlen(m->body_text) : 0, &report);
	struct mc_classify_input in = {
		.message_class = m->message_class, .subject = m->subject,
		.from_name = m->from_name, .from_addr = m->from_addr,
		.from_exdn = m->from_addr && m->from_addr[0] == '/' ? m->from_addr : NULL,
		.content_type = m->content_type, .body_text = m->body_text,
		.headers = hdrs, .n_headers = m->headers->len,
		.recipients = rcpt, .n_recipients = n_rcpt,
		.attachment_types = att, .n_attachments = n_att,
		.mailbox_owner = alias.exdn, .aliases = &alias, .n_aliases = 1,
		.origin_hidden = size > 0 && (data[0] & 1),
		.report = (size > 0 && (data[0] & 2)) ? &report : NULL,
	};
	mc_classify(&in, &r1);
	check_result(&r1);
	mc_report_clear(&report);
	g_free(hdrs);
	mc_message_free(m);
	g_free(text);
	return 0;
}
