/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_mime_headers.c: unit tests of parsers/mime-headers.c. Proves that
 * mc_mime_parse_headers() reads a header block exactly as
 * mc_mime_parse(bytes, len, m, NULL, NULL) does for a body-less message:
 * the same return value, every record field and the same warnings, over
 * good, folded, RFC 2047, raw 8-bit, date-less, badly dated, CR-only,
 * junk-led, empty and unparseable blocks. Every block is written here.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "mime-headers.h"
#include "mime-message.h"
#include "record.h"
#include "resource-limits.h"
#include "rfc2047-join.h"

/* ---- comparing two records ---- */

static void assert_same_headers(const struct mc_message *a, const struct mc_message *b)
{
	ck_assert_uint_eq(a->headers->len, b->headers->len);
	for (guint i = 0; i < a->headers->len; i++) {
		const struct mc_header *x = g_ptr_array_index(a->headers, i);
		const struct mc_header *y = g_ptr_array_index(b->headers, i);
		ck_assert_pstr_eq(x->name, y->name);
		ck_assert_pstr_eq(x->value, y->value);
		ck_assert_pstr_eq(x->raw, y->raw);
	}
}

static void assert_same_recipients(const struct mc_message *a, const struct mc_message *b)
{
	ck_assert_uint_eq(a->recipients->len, b->recipients->len);
	for (guint i = 0; i < a->recipients->len; i++) {
		const struct mc_recipient *x = g_ptr_array_index(a->recipients, i);
		const struct mc_recipient *y = g_ptr_array_index(b->recipients, i);
		ck_assert_pstr_eq(x->kind, y->kind);
		ck_assert_pstr_eq(x->name, y->name);
		ck_assert_pstr_eq(x->addr, y->addr);
		ck_assert_pstr_eq(x->exdn, y->exdn);
	}
}

/* Every field of the record but the body half (body text, charset fields,
 * attachments) and the warnings. */
static void assert_same_header_fields(const struct mc_message *a, const struct mc_message *b)
{
	ck_assert_int_eq(a->local_id, b->local_id);
	ck_assert_int_eq(a->parent_local_id, b->parent_local_id);
	ck_assert_int_eq(a->folder_local_id, b->folder_local_id);
	ck_assert_pstr_eq(a->origin, b->origin);
	ck_assert_pstr_eq(a->locator, b->locator);
	ck_assert_int_eq(a->byte_offset, b->byte_offset);
	ck_assert_int_eq(a->byte_length, b->byte_length);
	ck_assert_pstr_eq(a->message_class, b->message_class);
	ck_assert_pstr_eq(a->subject, b->subject);
	ck_assert_pstr_eq(a->from_name, b->from_name);
	ck_assert_pstr_eq(a->from_addr, b->from_addr);
	ck_assert_int_eq(a->has_date, b->has_date);
	ck_assert_int_eq(a->date_unix, b->date_unix);
	ck_assert_int_eq(a->date_offset, b->date_offset);
	ck_assert_pstr_eq(a->message_id, b->message_id);
	ck_assert_pstr_eq(a->in_reply_to, b->in_reply_to);
	ck_assert_pstr_eq(a->references, b->references);
	ck_assert_pstr_eq(a->content_type, b->content_type);
	ck_assert_int_eq(a->size, b->size);
	ck_assert_str_eq(a->sha256, b->sha256);
	assert_same_headers(a, b);
	assert_same_recipients(a, b);
	ck_assert_pstr_eq(a->from_exdn, b->from_exdn);
	ck_assert_int_eq(a->submit_time, b->submit_time);
	ck_assert_int_eq(a->delivery_time, b->delivery_time);
	ck_assert_int_eq(a->creation_time, b->creation_time);
	ck_assert_int_eq(a->modification_time, b->modification_time);
	ck_assert_int_eq(a->last_verb_time, b->last_verb_time);
	ck_assert_int_eq(a->last_verb, b->last_verb);
	ck_assert_int_eq(a->message_flags, b->message_flags);
	ck_assert_int_eq(a->importance, b->importance);
	ck_assert_int_eq(a->sensitivity, b->sensitivity);
	ck_assert_int_eq(a->codepage, b->codepage);
	ck_assert_pstr_eq(a->conversation_topic, b->conversation_topic);
	ck_assert_pstr_eq(a->conversation_index, b->conversation_index);
	ck_assert_uint_eq(a->props->len, b->props->len);
}

/* The body half left alone by mc_mime_parse_headers. */
static void assert_no_body_half(const struct mc_message *m)
{
	ck_assert_ptr_null(m->charset_declared);
	ck_assert_ptr_null(m->charset_used);
	ck_assert_ptr_null(m->charset_detected);
	ck_assert_int_eq(m->charset_mismatch, 0);
	ck_assert_ptr_null(m->body_source);
	ck_assert_ptr_null(m->body_text);
	ck_assert_uint_eq(m->attachments->len, 0);
}

/* Parses n bytes both ways into *full and *hdrs and checks they agree on
 * the return value, the header fields and the warnings; returns the rc. */
static int parse_both(const char *s, size_t n, struct mc_message **full,
                      struct mc_message **hdrs)
{
	*full = mc_message_new();
	*hdrs = mc_message_new();
	int rc_full = mc_mime_parse(s, n, *full, NULL, NULL);
	int rc_hdrs = mc_mime_parse_headers(s, n, *hdrs);
	ck_assert_int_eq(rc_full, rc_hdrs);
	assert_same_header_fields(*full, *hdrs);
	assert_no_body_half(*hdrs);
	return rc_full;
}

/* ---- the header blocks ---- */

struct block {
	const char *name;
	const char *bytes;
	int empty;           /* parse 0 bytes (bytes unused) */
	int rc;              /* what both functions return */
	const char *warning; /* a warning both give, or NULL: no warning at all */
};

#define DATE "Date: Tue, 15 Mar 2011 09:30:00 +0100\r\n"

static const struct block blocks[] = {
	{ "good",
	  "From: Alice Example <alice@example.com>\r\n"
	  "To: Bob <bob@example.org>, carol@example.net\r\n"
	  "Cc: Dave <dave@example.com>\r\n"
	  "Bcc: eve@example.com\r\n"
	  "Subject: Quarterly figures\r\n"
	  DATE
	  "Message-ID: <abc123@example.com>\r\n"
	  "In-Reply-To: <prev@example.com>\r\n"
	  "References: <first@example.com> <prev@example.com>\r\n"
	  "MIME-Version: 1.0\r\n"
	  "Content-Type: text/plain; charset=utf-8\r\n"
	  "\r\n", 0, 0, NULL },
	{ "good, LF only",
	  "From: alice@example.com\nTo: bob@example.org\nSubject: lf\n"
	  "Date: Wed, 16 Mar 2011 23:59:59 -0500\nMessage-ID: <lf@example.com>\n\n",
	  0, 0, NULL },
	{ "received chain, no final blank line",
	  "Received: from mx.example.com (mx.example.com [192.0.2.1])\r\n"
	  "\tby mail.example.org with ESMTP id 123; " "Tue, 15 Mar 2011 09:31:00 +0100\r\n"
	  "Return-Path: <alice@example.com>\r\n"
	  "From: alice@example.com\r\n" DATE,
	  0, 0, "MIME: truncated message" },
	{ "folded",
	  "Subject: a long\r\n subject that is\r\n\tfolded\r\n"
	  "To: Bob <bob@example.org>,\r\n  Carol <carol@example.net>\r\n"
	  "References: <a@example.com>\r\n <b@example.com>\r\n\t<c@example.com>\r\n"
	  "Date: Tue,\r\n 15 Mar 2011 09:30:00 +0000\r\n"
	  "Message-ID:\r\n <folded@example.com>\r\n"
	  "From: \"Example, Alice\"\r\n <alice@example.com>\r\n"
	  "\r\n", 0, 0, NULL },
	{ "RFC 2047",
	  "From: =?iso-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.de>\r\n"
	  "To: =?GB2312?B?1cXI/Q==?= <zhang@example.cn>\r\n"
	  "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\n"
	  "X-Ru: =?KOI8-R?Q?=F0=D2=C9=D7=C5=D4_=CD=C9=D2?=\r\n"
	  DATE "\r\n", 0, 0, NULL },
	{ "raw 8-bit, charset declared",
	  "Subject: Gr\xfc\xdf" "e aus K\xf6ln\r\n"
	  "From: J\xf6rg M\xfcller <joerg@example.de>\r\n"
	  "Content-Type: text/plain; charset=iso-8859-1\r\n"
	  DATE "\r\n", 0, 0, NULL },
	{ "raw 8-bit, charset guessed",
	  "Subject: \xbb\xe1\xd2\xe9\xcd\xa8\xd6\xaa\xa3\xac\xc7\xeb\xb2\xce\xbc\xd3"
	  "\xc3\xf7\xcc\xec\xb5\xc4\xbb\xe1\xd2\xe9\r\n"
	  "From: \xd5\xc5\xc8\xfd <zhang@example.cn>\r\n"
	  DATE "\r\n", 0, 0, NULL },
	{ "raw UTF-8",
	  "Subject: Grüße aus Köln\r\nFrom: Jörg <joerg@example.de>\r\n" DATE "\r\n",
	  0, 0, NULL },
	{ "no Date",
	  "From: alice@example.com\r\nSubject: undated\r\n\r\n", 0, 0, "no Date header" },
	{ "bad Date",
	  "From: alice@example.com\r\nDate: the day after tomorrow\r\n\r\n",
	  0, 0, "unparseable Date header: the day after tomorrow" },
	{ "empty Date",
	  "From: alice@example.com\r\nDate:\r\n\r\n", 0, 0, "unparseable Date header" },
	{ "CR-only lines",
	  "From: Old Mac <mac@example.com>\rSubject: classic\r" DATE
	  "Message-ID: <cr@example.com>\r\r", 0, 0, NULL },
	{ "junk before",
	  " \r\n\t\r\nFrom alice@example.com Tue Mar 15 09:30:00 2011\r\n"
	  "From: alice@example.com\r\n" DATE "\r\n",
	  0, 0, "bytes of blank lines before the headers skipped" },
	{ "mbox From line",
	  "From alice@example.com Tue Mar 15 09:30:00 2011\r\n"
	  "From: alice@example.com\r\n" DATE "\r\n", 0, 0, NULL },
	{ "empty", "", 1, -1, "not a message: no bytes" },
	{ "blank lines only", "\r\n\r\n", 0, -1, "not a message: no header could be parsed" },
	{ "no header at all", "this is not a header line\r\n\r\n", 0, -1,
	  "not a message: no header could be parsed" },
	{ "invalid header line",
	  "Subject: x\r\nthis line has no colon\r\nFrom: alice@example.com\r\n" DATE "\r\n",
	  0, 0, "MIME: invalid header line" },
	{ "sender, groups, no From",
	  "Sender: Secretary <sec@example.com>\r\n"
	  "To: undisclosed-recipients:;\r\n"
	  "Cc: Team: a@example.com, B <b@example.com>;, c@example.com\r\n"
	  DATE "\r\n", 0, 0, NULL },
	{ "duplicates and odd ids",
	  "From: first@example.com\r\nFrom: second@example.com\r\n"
	  "Subject: one\r\nSubject: two\r\n"
	  "Message-ID: no-brackets@example.com\r\n"
	  "In-Reply-To: garbage (a comment) <real@example.com>\r\n"
	  "References:   \r\n" DATE "\r\n", 0, 0, "MIME: conflicting header (From)" },
	{ "multipart without a body",
	  "From: alice@example.com\r\nMIME-Version: 1.0\r\n"
	  "Content-Type: multipart/alternative; boundary=\"b1\"\r\n" DATE "\r\n",
	  0, 0, "MIME: truncated message" },
	{ "Content-Type with charset only",
	  "From: alice@example.com\r\nContent-Type: text/html; charset=windows-1251\r\n"
	  "Subject: \xcf\xf0\xe8\xe2\xe5\xf2\r\n" DATE "\r\n", 0, 0, NULL },
};

START_TEST(test_same_as_mime_parse)
{
	const struct block *b = &blocks[_i];
	struct mc_message *full, *hdrs;
	size_t n = b->empty ? 0 : strlen(b->bytes);
	int rc = parse_both(b->bytes, n, &full, &hdrs);
	ck_assert_msg(rc == b->rc, "%s: rc %d", b->name, rc);
	ck_assert_str_eq(full->warnings->str, hdrs->warnings->str);
	if (b->warning)
		ck_assert_msg(strstr(hdrs->warnings->str, b->warning) != NULL,
		              "%s: \"%s\" not in \"%s\"", b->name, b->warning, hdrs->warnings->str);
	else
		ck_assert_msg(hdrs->warnings->len == 0, "%s: warned \"%s\"", b->name,
		              hdrs->warnings->str);
	/* mc_mime_parse found no body either */
	ck_assert_uint_eq(full->attachments->len, 0);
	ck_assert_msg(!full->body_text || !*full->body_text, "%s: body", b->name);
	mc_message_free(full);
	mc_message_free(hdrs);
}
END_TEST

/* Some fields, so the comparison above is known to compare something. */
START_TEST(test_fields)
{
	struct mc_message *full, *m;
	const struct block *b = &blocks[0];
	ck_assert_int_eq(parse_both(b->bytes, strlen(b->bytes), &full, &m), 0);
	ck_assert_str_eq(m->subject, "Quarterly figures");
	ck_assert_str_eq(m->from_name, "Alice Example");
	ck_assert_str_eq(m->from_addr, "alice@example.com");
	ck_assert_int_eq(m->has_date, 1);
	ck_assert_int_eq(m->date_unix, 1300177800);
	ck_assert_int_eq(m->date_offset, 60);
	ck_assert_str_eq(m->message_id, "abc123@example.com");
	ck_assert_str_eq(m->in_reply_to, "prev@example.com");
	ck_assert_str_eq(m->references, "<first@example.com> <prev@example.com>");
	ck_assert_str_eq(m->content_type, "text/plain");
	ck_assert_uint_eq(m->headers->len, 11);
	ck_assert_uint_eq(m->recipients->len, 4);
	mc_message_free(full);
	mc_message_free(m);

	b = &blocks[5]; /* raw 8-bit, charset declared */
	ck_assert_int_eq(parse_both(b->bytes, strlen(b->bytes), &full, &m), 0);
	ck_assert_str_eq(m->subject, "Grüße aus Köln");
	ck_assert_str_eq(m->from_name, "Jörg Müller");
	mc_message_free(full);
	mc_message_free(m);

	b = &blocks[11]; /* CR-only lines */
	ck_assert_int_eq(parse_both(b->bytes, strlen(b->bytes), &full, &m), 0);
	ck_assert_str_eq(m->subject, "classic");
	ck_assert_str_eq(m->message_id, "cr@example.com");
	mc_message_free(full);
	mc_message_free(m);
}
END_TEST

/* Adjacent B-encoded words, the first padded: GMime 3.2.13 alone keeps the
 * first word only (rfc2047-join.h). Subject and display name whole. */
START_TEST(test_adjacent_b_words)
{
	static const char msg[] =
		"From: =?UTF-8?B?SsO2cmc=?= =?utf-8?b?IE3DvGxsZXI=?= <j@example.org>\r\n"
		"Subject: =?utf-8?b?0J3QtdC00L7RgdGC0LDQstC70LU=?=\r\n"
		" =?utf-8?b?0L3QvdC+0LUg0YHQvtC+0LE=?=\r\n"
		" =?utf-8?b?0YnQtdC90LjQtQ==?=\r\n"
		"To: =?UTF-8?B?SGVsbG8=?= =?ISO-8859-1?B?IHf2cmxk?= <h@example.org>\r\n"
		"Message-ID: <bw@example.org>\r\n\r\nbody\r\n";
	struct mc_message *full, *m;
	ck_assert_int_eq(parse_both(msg, strlen(msg), &full, &m), 0);
	ck_assert_str_eq(m->subject, "Недоставленное сообщение");
	ck_assert_str_eq(m->from_name, "Jörg Müller");
	mc_message_free(full);
	mc_message_free(m);
}
END_TEST

/* The joining itself: runs of one charset only, text between kept. */
START_TEST(test_join_b_words)
{
	char *j = mc_rfc2047_join_b_words("=?UTF-8?B?SGVsbG8=?= \t=?utf-8?b?IHdvcmxk?= x");
	ck_assert_str_eq(j, "=?UTF-8?B?SGVsbG8gd29ybGQ=?= x");
	g_free(j);
	ck_assert_ptr_null(mc_rfc2047_join_b_words("=?UTF-8?B?SGVsbG8=?= and =?UTF-8?B?IHdvcmxk?="));
	ck_assert_ptr_null(mc_rfc2047_join_b_words("=?UTF-8?B?SGVsbG8=?= =?latin1?B?IHdvcmxk?="));
	ck_assert_ptr_null(mc_rfc2047_join_b_words("=?UTF-8?Q?Hello?= =?UTF-8?Q?_world?="));
	ck_assert_ptr_null(mc_rfc2047_join_b_words("plain =?UTF-8?B?broken"));
	j = mc_rfc2047_join_b_words("a =?x?B?YQ==?= =?X?b?Yg==?= =?x?B?Yw==?= b =?y?B?YQ==?= =?y?B?Yg==?=");
	ck_assert_str_eq(j, "a =?x?B?YWJj?= b =?y?B?YWI=?=");
	g_free(j);
}
END_TEST

/* The guard's limits (mime-guard.h) and their warnings, as in mc_mime_parse. */
START_TEST(test_header_count_limit)
{
	GString *s = g_string_new("From: alice@example.com\r\n" DATE);
	for (int i = 0; i < MC_LIMIT_HEADER_COUNT + 5; i++)
		g_string_append_printf(s, "X-H%d: v\r\n", i);
	g_string_append(s, "Subject: after the limit\r\n\r\n");
	struct mc_message *full, *m;
	ck_assert_int_eq(parse_both(s->str, s->len, &full, &m), 0);
	ck_assert_str_eq(full->warnings->str, m->warnings->str);
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "header-count"));
	mc_message_free(full);
	mc_message_free(m);
	g_string_free(s, TRUE);
}
END_TEST

/* What only the body half adds: a TNEF content type without TNEF content
 * is an attachment record and a warning in mc_mime_parse, after the same
 * header fields and warnings. */
START_TEST(test_body_half_extras)
{
	const char *s = "From: alice@example.com\r\nContent-Type: application/ms-tnef\r\n"
	                "Date: nonsense\r\n\r\n";
	struct mc_message *full, *m;
	ck_assert_int_eq(parse_both(s, strlen(s), &full, &m), 0);
	ck_assert_uint_eq(full->attachments->len, 1);
	ck_assert_str_eq(m->content_type, "application/ms-tnef");
	ck_assert_uint_gt(full->warnings->len, m->warnings->len);
	ck_assert_int_eq(strncmp(full->warnings->str, m->warnings->str, m->warnings->len), 0);
	ck_assert_ptr_nonnull(strstr(full->warnings->str + m->warnings->len, "TNEF"));
	mc_message_free(full);
	mc_message_free(m);
}
END_TEST

static Suite *mime_headers_suite(void)
{
	Suite *s = suite_create("mime-headers");
	TCase *t = tcase_create("same as mc_mime_parse");
	tcase_add_loop_test(t, test_same_as_mime_parse, 0, (int)G_N_ELEMENTS(blocks));
	tcase_add_test(t, test_fields);
	tcase_add_test(t, test_adjacent_b_words);
	tcase_add_test(t, test_join_b_words);
	tcase_add_test(t, test_header_count_limit);
	tcase_add_test(t, test_body_half_extras);
	tcase_set_timeout(t, 30);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	mc_mime_init();
	SRunner *sr = srunner_create(mime_headers_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
