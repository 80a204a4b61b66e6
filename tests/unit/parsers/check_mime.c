/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_mime.c: unit tests of parsers/mime-message.c (mc_mime_parse).
 * Every message is written here as a C string; none comes from the corpus.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "mime-message.h"
#include "record.h"
#include "resource-limits.h"

/* ---- helpers ---- */

static struct mc_message *parse_n(const char *s, size_t n, int *rc)
{
	struct mc_message *m = mc_message_new();
	int r = mc_mime_parse(s, n, m, NULL, NULL);
	if (rc)
		*rc = r;
	return m;
}

static struct mc_message *parse(const char *s)
{
	int rc = -2;
	struct mc_message *m = parse_n(s, strlen(s), &rc);
	ck_assert_int_eq(rc, 0);
	return m;
}

static const struct mc_attachment *att_at(const struct mc_message *m, const char *path)
{
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		if (a->part_path && strcmp(a->part_path, path) == 0)
			return a;
	}
	return NULL;
}

static const struct mc_header *hdr_at(const struct mc_message *m, guint i)
{
	ck_assert_uint_lt(i, m->headers->len);
	return g_ptr_array_index(m->headers, i);
}

static void assert_contains(const char *hay, const char *needle)
{
	ck_assert_ptr_nonnull(hay);
	ck_assert_msg(strstr(hay, needle) != NULL, "\"%s\" not in \"%s\"", needle, hay);
}

static void assert_sha(const char *sha, const char *content)
{
	char want[65];
	mc_sha256_hex(content, strlen(content), want);
	ck_assert_str_eq(sha, want);
}

/* Records what on_embedded saw (the record is freed after the call). */
#define MAX_EMB 8
struct emb_log {
	int count;
	int stop_after;           /* return -1 after this many calls (0: never) */
	char *locator[MAX_EMB];
	char *subject[MAX_EMB];
	char *parent_subject[MAX_EMB];
	char *body[MAX_EMB];
	const char *origin[MAX_EMB];
	char sha[MAX_EMB][65];
	int64_t size[MAX_EMB];
	struct mc_message *parent[MAX_EMB];
};

static int on_emb(void *ctx, struct mc_message *parent, struct mc_message *e)
{
	struct emb_log *log = ctx;
	int i = log->count++;
	if (i < MAX_EMB) {
		log->locator[i] = g_strdup(e->locator);
		log->subject[i] = g_strdup(e->subject);
		log->parent_subject[i] = g_strdup(parent->subject);
		log->body[i] = g_strdup(e->body_text);
		log->origin[i] = e->origin;
		memcpy(log->sha[i], e->sha256, 65);
		log->size[i] = e->size;
		log->parent[i] = parent;
	}
	return (log->stop_after && log->count >= log->stop_after) ? -1 : 0;
}

static void emb_log_clear(struct emb_log *log)
{
	for (int i = 0; i < MAX_EMB; i++) {
		g_free(log->locator[i]);
		g_free(log->subject[i]);
		g_free(log->parent_subject[i]);
		g_free(log->body[i]);
	}
}

/* ---- headers ---- */

/* Base64 made of several chunks, each with its padding: decoded whole, body
 * and attachment, with a warning (GMime 3.2.13 alone stops at the first
 * '=': mime-decode.h). */
START_TEST(test_base64_chunks)
{
	static const char msg[] =
		"From: a@example.org\r\nSubject: chunks\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
		"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n"
		"SGVsbG8=\r\nIHdvcmxk\r\n"
		"--XX\r\nContent-Type: application/octet-stream\r\n"
		"Content-Disposition: attachment; filename=a.bin\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n"
		"VklS\r\nVVM=ISE=\r\n"
		"--XX\r\nContent-Type: application/octet-stream\r\n"
		"Content-Disposition: attachment; filename=b.bin\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n"
		"SGk=\r\n\r\n___________\r\nlist footer\r\n"
		"--XX\r\nContent-Type: application/octet-stream\r\n"
		"Content-Disposition: attachment; filename=c.bin\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n"
		"SGk=  ignored\r\n"
		"--XX--\r\n";
	struct mc_message *m = parse(msg);
	ck_assert_str_eq(m->body_text, "Hello world");
	ck_assert_uint_eq(m->attachments->len, 3);
	const struct mc_attachment *a = g_ptr_array_index(m->attachments, 0);
	ck_assert_int_eq(a->size, 7);   /* "VIRUS!!" */
	char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "VIRUS!!", -1);
	ck_assert_str_eq(a->sha256, want);
	g_free(want);
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "body text part: base64 content goes on after"));
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "attachment 2: base64 content goes on after"));
	/* A footer after the padding ends the content: not decoded into garbage. */
	const struct mc_attachment *b = g_ptr_array_index(m->attachments, 1);
	ck_assert_int_eq(b->size, 2);   /* "Hi" */
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "attachment 3: 24 bytes of text after the end"));
	/* Text after the padding on its line ends it too. */
	const struct mc_attachment *c = g_ptr_array_index(m->attachments, 2);
	ck_assert_int_eq(c->size, 2);
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "attachment 4: 9 bytes of text after the end"));
	mc_message_free(m);
}
END_TEST

START_TEST(test_rfc2047_words)
{
	struct mc_message *m = parse(
		"From: =?GB2312?B?1cXI/Q==?= <Zhang.San@Example.COM>\n"
		"Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\n"
		"X-Jp: =?ISO-2022-JP?B?GyRCRnxLXDhsJE4lRiU5JUgbKEI=?=\n"
		"X-Ru: =?KOI8-R?Q?=F0=D2=C9=D7=C5=D4_=CD=C9=D2?=\n"
		"X-Cn: =?GB2312?B?u+HS6c2o1qo=?=\n"
		"\nbody\n");
	ck_assert_str_eq(m->subject, "Grüße aus Köln");
	ck_assert_str_eq(m->from_name, "张三");
	ck_assert_str_eq(m->from_addr, "Zhang.San@Example.COM");
	ck_assert_str_eq(mc_message_header(m, "X-Jp"), "日本語のテスト");
	ck_assert_str_eq(mc_message_header(m, "X-Ru"), "Привет мир");
	ck_assert_str_eq(mc_message_header(m, "X-Cn"), "会议通知");
	/* the raw value is kept when it differs */
	ck_assert_str_eq(hdr_at(m, 1)->raw, "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=");
	mc_message_free(m);
}
END_TEST

START_TEST(test_q_subject_koi8)
{
	struct mc_message *m = parse(
		"Subject: =?koi8-r?q?=F0=D2=C9=D7=C5=D4?= =?koi8-r?q?_=CD=C9=D2?=\n\nx\n");
	ck_assert_str_eq(m->subject, "Привет мир");
	mc_message_free(m);
}
END_TEST

START_TEST(test_raw_8bit_subject_gb2312)
{
	struct mc_message *m = parse(
		"Subject: " "\xbb\xe1\xd2\xe9\xbc\xcd\xd2\xaa" "\n"
		"From: " "\xd5\xc5\xc8\xfd" " <zs@example.cn>\n"
		"Content-Type: text/plain; charset=gb2312\n"
		"\n" "\xc4\xe3\xba\xc3\xa3\xac\xca\xc0\xbd\xe7\xa1\xa3" "\n");
	ck_assert_str_eq(m->subject, "会议纪要");
	ck_assert_str_eq(m->from_name, "张三");
	ck_assert_str_eq(m->body_text, "你好，世界。\n");
	ck_assert(g_utf8_validate(hdr_at(m, 0)->value, -1, NULL));
	ck_assert(hdr_at(m, 0)->raw == NULL || g_utf8_validate(hdr_at(m, 0)->raw, -1, NULL));
	mc_message_free(m);
}
END_TEST

START_TEST(test_headers_order_unfold)
{
	struct mc_message *m = parse(
		"Received: from a\n\tby b; Mon, 1 Jan 2024 00:00:00 +0000\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=us-ascii\n"
		"Subject: a long\n  folded subject\n"
		"Message-ID: <id-1@example.org>\n"
		"In-Reply-To: <parent@example.org> (comment)\n"
		"References: <r1@example.org>\n <r2@example.org>\n"
		"\nbody\n");
	ck_assert_uint_eq(m->headers->len, 7);
	ck_assert_str_eq(hdr_at(m, 0)->name, "Received");
	ck_assert_str_eq(hdr_at(m, 0)->value, "from a by b; Mon, 1 Jan 2024 00:00:00 +0000");
	ck_assert_str_eq(hdr_at(m, 2)->name, "Content-Type");
	ck_assert_str_eq(hdr_at(m, 3)->name, "Subject");
	ck_assert_str_eq(m->subject, "a long folded subject");
	ck_assert_str_eq(m->message_id, "id-1@example.org");
	ck_assert_str_eq(m->in_reply_to, "parent@example.org");
	ck_assert_str_eq(m->references, "<r1@example.org> <r2@example.org>");
	ck_assert_str_eq(m->content_type, "text/plain");
	mc_message_free(m);
}
END_TEST

START_TEST(test_recipients)
{
	struct mc_message *m = parse(
		"Sender: Real Sender <Sender@Example.org>\n"
		"To: Alice <Alice@Example.ORG>, undisclosed: b@x.org, \"Carl, C\" <c@x.org>;\n"
		"Cc: d@x.org\n"
		"Bcc: =?UTF-8?Q?Ren=C3=A9?= <rene@x.org>\n"
		"\nx\n");
	ck_assert_str_eq(m->from_name, "Real Sender");
	ck_assert_str_eq(m->from_addr, "Sender@Example.org");
	ck_assert_uint_eq(m->recipients->len, 5);
	const struct mc_recipient *r = g_ptr_array_index(m->recipients, 0);
	ck_assert_str_eq(r->kind, "to");
	ck_assert_str_eq(r->addr, "Alice@Example.ORG");
	r = g_ptr_array_index(m->recipients, 2);
	ck_assert_str_eq(r->name, "Carl, C");
	ck_assert_str_eq(r->addr, "c@x.org");
	r = g_ptr_array_index(m->recipients, 3);
	ck_assert_str_eq(r->kind, "cc");
	r = g_ptr_array_index(m->recipients, 4);
	ck_assert_str_eq(r->kind, "bcc");
	ck_assert_str_eq(r->name, "René");
	mc_message_free(m);
}
END_TEST

START_TEST(test_mbox_from_line)
{
	const char *s = "From sender@example.org Mon Jan  1 00:00:00 2024\n"
	                "Subject: after the From line\n\nbody\n";
	struct mc_message *m = parse(s);
	ck_assert_str_eq(hdr_at(m, 0)->name, "Subject");
	ck_assert_uint_eq(m->headers->len, 1);
	ck_assert_str_eq(m->subject, "after the From line");
	ck_assert_ptr_null(strstr(m->warnings->str, "MIME"));
	ck_assert_int_eq(m->size, (int64_t)strlen(s));
	assert_sha(m->sha256, s);
	mc_message_free(m);
}
END_TEST

/* ---- dates ---- */

START_TEST(test_date_offset)
{
	struct mc_message *m = parse(
		"Date: Tue, 02 Jan 2024 08:30:00 +0800\nSubject: d\n\nx\n");
	ck_assert_int_eq(m->has_date, 1);
	ck_assert_int_eq(m->date_unix, 1704155400);
	ck_assert_int_eq(m->date_offset, 480);
	ck_assert_str_eq(m->warnings->str, "");
	mc_message_free(m);

	m = parse("Date: Mon, 1 Jan 2024 19:00:00 -0500\n\nx\n");
	ck_assert_int_eq(m->date_unix, 1704153600);
	ck_assert_int_eq(m->date_offset, -300);
	mc_message_free(m);
}
END_TEST

START_TEST(test_date_missing_or_garbage)
{
	struct mc_message *m = parse("Subject: no date\n\nx\n");
	ck_assert_int_eq(m->has_date, 0);
	ck_assert_int_eq(m->date_unix, 0);
	assert_contains(m->warnings->str, "Date");
	mc_message_free(m);

	m = parse("Date: the day after tomorrow\nSubject: bad\n\nx\n");
	ck_assert_int_eq(m->has_date, 0);
	assert_contains(m->warnings->str, "unparseable Date header: the day after tomorrow");
	mc_message_free(m);
}
END_TEST

/* ---- bodies ---- */

START_TEST(test_alternative_prefers_plain)
{
	struct mc_message *m = parse(
		"Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
		"--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML version</p>\n"
		"--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain version\n"
		"--alt--\n");
	ck_assert_str_eq(m->body_source, "text/plain");
	ck_assert_str_eq(m->body_text, "Plain version");
	ck_assert_str_eq(m->content_type, "multipart/alternative");
	ck_assert_str_eq(m->charset_declared, "utf-8");
	/* The HTML rendering of the same body is not an attachment. */
	ck_assert_uint_eq(m->attachments->len, 0);
	mc_message_free(m);
}
END_TEST

START_TEST(test_html_only)
{
	struct mc_message *m = parse(
		"Content-Type: text/html; charset=iso-8859-1\n\n"
		"<html><head><style>p{}</style></head><body><p>Caf\xe9 <b>au</b> lait</p></body></html>\n");
	ck_assert_str_eq(m->body_source, "text/html");
	assert_contains(m->body_text, "Café");
	assert_contains(m->body_text, "au");
	ck_assert_ptr_null(strchr(m->body_text, '<'));
	ck_assert_uint_eq(m->attachments->len, 0);
	mc_message_free(m);
}
END_TEST

START_TEST(test_base64_and_qp)
{
	struct mc_message *m = parse(
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: base64\n\n"
		"Qm9keSBpbiBiYXNlNjQ6IMO8bsOvY8O2ZMOpCg==\n");
	ck_assert_str_eq(m->body_text, "Body in base64: ünïcödé\n");
	mc_message_free(m);

	m = parse(
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\n"
		"Caf=C3=A9 cr=C3=A8me =E2=80=94 tr=C3=A8s bien, une tr=C3=A8s longue ligne q=\n"
		"ui doit =C3=AAtre coup=C3=A9e.\n");
	ck_assert_str_eq(m->body_text,
	                 "Café crème — très bien, une très longue ligne qui doit être coupée.\n");
	mc_message_free(m);
}
END_TEST

static const char gb_text[] =
	"\xb8\xf7\xce\xbb\xcd\xac\xca\xc2\xa3\xba\xb1\xbe\xd6\xdc\xce\xe5\xcf\xc2\xce\xe7"
	"\xc8\xfd\xb5\xe3\xd4\xda\xc8\xfd\xc2\xa5\xbb\xe1\xd2\xe9\xca\xd2\xd5\xd9\xbf\xaa"
	"\xcf\xee\xc4\xbf\xbd\xf8\xb6\xc8\xbb\xe1\xd2\xe9\xa3\xac\xc7\xeb\xb4\xf3\xbc\xd2"
	"\xd7\xbc\xca\xb1\xb2\xce\xbc\xd3\xa3\xac\xb2\xa2\xcc\xe1\xc7\xb0\xd7\xbc\xb1\xb8"
	"\xba\xc3\xb8\xf7\xd7\xd4\xb8\xba\xd4\xf0\xb2\xbf\xb7\xd6\xb5\xc4\xb9\xa4\xd7\xf7"
	"\xd7\xdc\xbd\xe1\xba\xcd\xcf\xc2\xd6\xdc\xbc\xc6\xbb\xae\xa1\xa3\xc8\xe7\xd3\xd0"
	"\xce\xca\xcc\xe2\xc7\xeb\xc1\xaa\xcf\xb5\xb0\xec\xb9\xab\xca\xd2\xa1\xa3\xd0\xbb"
	"\xd0\xbb\xa3\xa1";
static const char gb_utf8[] =
	"各位同事：本周五下午三点在三楼会议室召开项目进度会议，请大家准时参加，"
	"并提前准备好各自负责部分的工作总结和下周计划。如有问题请联系办公室。谢谢！";

START_TEST(test_gb2312_declared)
{
	char *s = g_strconcat("Subject: gb\nContent-Type: text/plain; charset=\"GB2312\"\n\n",
	                      gb_text, "\n", NULL);
	struct mc_message *m = parse(s);
	char *want = g_strconcat(gb_utf8, "\n", NULL);
	ck_assert_str_eq(m->body_text, want);
	ck_assert_str_eq(m->charset_declared, "gb2312");
	ck_assert_ptr_nonnull(m->charset_used);
	ck_assert_ptr_null(strstr(m->warnings->str, "mismatch"));
	g_free(want);
	g_free(s);
	mc_message_free(m);
}
END_TEST

START_TEST(test_undeclared_8bit)
{
	char *s = g_strconcat("Subject: no charset\nContent-Type: text/plain\n\n",
	                      gb_text, "\n", NULL);
	struct mc_message *m = parse(s);
	ck_assert_ptr_null(m->charset_declared);
	ck_assert_ptr_nonnull(m->charset_used);
	ck_assert_ptr_nonnull(m->charset_detected);
	ck_assert(g_utf8_validate(m->body_text, -1, NULL));
	assert_contains(m->body_text, "会议室");
	g_free(s);
	mc_message_free(m);
}
END_TEST

START_TEST(test_raw_8bit_header_no_charset)
{
	/* nothing declares a charset: the raw header bytes are guessed */
	char *s = g_strconcat("Subject: ", gb_text, "\nX-Short: " "\xd6\xd0\xce\xc4" "\n"
	                      "\nascii body\n", NULL);
	struct mc_message *m = parse(s);
	ck_assert_str_eq(m->subject, gb_utf8);
	/* too short to guess alone; guessed with the other header */
	ck_assert_str_eq(mc_message_header(m, "X-Short"), "中文");
	g_free(s);
	mc_message_free(m);
}
END_TEST

/* ---- line endings ---- */

static const char lf_msg[] =
	"From: A <a@example.org>\n"
	"Subject: line\n endings\n"
	"Content-Type: multipart/mixed; boundary=\"b1\"\n"
	"\n"
	"--b1\n"
	"Content-Type: text/plain\n"
	"\n"
	"first line\nsecond line\n"
	"--b1\n"
	"Content-Type: application/octet-stream; name=\"a.bin\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"aGVsbG8gYXR0YWNobWVudAo=\n"
	"--b1--\n";

static char *with_endings(const char *lf, const char *eol)
{
	GString *g = g_string_new(NULL);
	for (const char *p = lf; *p; p++) {
		if (*p == '\n')
			g_string_append(g, eol);
		else
			g_string_append_c(g, *p);
	}
	return g_string_free(g, FALSE);
}

static void assert_same_message(const struct mc_message *a, const struct mc_message *b)
{
	ck_assert_uint_eq(a->headers->len, b->headers->len);
	for (guint i = 0; i < a->headers->len; i++) {
		ck_assert_str_eq(hdr_at(a, i)->name, hdr_at(b, i)->name);
		ck_assert_str_eq(hdr_at(a, i)->value, hdr_at(b, i)->value);
	}
	ck_assert_str_eq(a->subject, b->subject);
	ck_assert_str_eq(a->body_text, b->body_text);
	ck_assert_uint_eq(a->attachments->len, b->attachments->len);
	for (guint i = 0; i < a->attachments->len; i++) {
		const struct mc_attachment *x = g_ptr_array_index(a->attachments, i);
		const struct mc_attachment *y = g_ptr_array_index(b->attachments, i);
		ck_assert_str_eq(x->sha256, y->sha256);
		ck_assert_str_eq(x->part_path, y->part_path);
	}
}

START_TEST(test_line_endings)
{
	char *crlf = with_endings(lf_msg, "\r\n");
	char *cr = with_endings(lf_msg, "\r");
	struct mc_message *a = parse(lf_msg);
	struct mc_message *b = parse(crlf);
	struct mc_message *c = parse(cr);
	ck_assert_str_eq(a->subject, "line endings");
	ck_assert_str_eq(a->body_text, "first line\nsecond line");
	assert_sha(att_at(a, "2")->sha256, "hello attachment\n");
	assert_same_message(a, b);
	assert_same_message(a, c);
	/* the raw bytes as given are what is hashed */
	assert_sha(c->sha256, cr);
	ck_assert_int_eq(c->size, (int64_t)strlen(cr));
	g_free(crlf);
	g_free(cr);
	mc_message_free(a);
	mc_message_free(b);
	mc_message_free(c);
}
END_TEST

/* A binary part's bare CR bytes are data, not line endings: its hash is of
 * the bytes as sent (the CR-only normalisation applies to CR-only mail). */
START_TEST(test_binary_part_keeps_cr)
{
	const char *s =
		"From: a@example.org\r\n"
		"Subject: binary\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n"
		"\r\n"
		"--b\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		"body\r\n"
		"--b\r\n"
		"Content-Type: application/octet-stream\r\n"
		"Content-Transfer-Encoding: binary\r\n"
		"Content-Disposition: attachment; filename=x.bin\r\n"
		"\r\n"
		"A\rB\rC"
		"\r\n--b--\r\n";
	struct mc_message *m = parse(s);
	assert_sha(att_at(m, "2")->sha256, "A\rB\rC");
	mc_message_free(m);
}
END_TEST

/* ---- attachments ---- */

START_TEST(test_attachments)
{
	struct mc_message *m = parse(
		"Subject: files\n"
		"Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
		"preamble\n"
		"--outer\n"
		"Content-Type: multipart/related; boundary=\"rel\"\n\n"
		"--rel\nContent-Type: text/html; charset=utf-8\n\n<p>see <img src=\"cid:img1\"></p>\n"
		"--rel\nContent-Type: image/PNG\nContent-ID: <img1@x>\nContent-Disposition: inline\n"
		"Content-Transfer-Encoding: base64\n\naGVsbG8gYXR0YWNobWVudAo=\n"
		"--rel--\n"
		"--outer\n"
		"Content-Type: text/plain; name=\"notes.txt\"\n"
		"Content-Disposition: attachment; filename=\"notes.txt\"\n\nnot the body\n"
		"--outer\n"
		"Content-Type: application/octet-stream\n"
		"Content-Disposition: attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf\n"
		"Content-Transfer-Encoding: base64\n\naGVsbG8gYXR0YWNobWVudAo=\n"
		"--outer\n"
		"Content-Type: application/octet-stream\n"
		"Content-Disposition: attachment;\n filename*0*=UTF-8''%E4%B8%AD;\n filename*1*=%E6%96%87%E4%BB%B6.txt\n\nx\n"
		"--outer\n"
		"Content-Type: application/ms-tnef; name=\"winmail.dat\"\n"
		"Content-Transfer-Encoding: base64\n\naGVsbG8gYXR0YWNobWVudAo=\n"
		"--outer--\n");
	ck_assert_str_eq(m->body_source, "text/html");
	assert_contains(m->body_text, "see");
	ck_assert_uint_eq(m->attachments->len, 5);

	const struct mc_attachment *a = att_at(m, "1.2");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->mime_type, "image/png");
	ck_assert_str_eq(a->content_id, "img1@x");
	ck_assert_str_eq(a->disposition, "inline");
	ck_assert_int_eq(a->size, 17);
	assert_sha(a->sha256, "hello attachment\n");

	a = att_at(m, "2");
	ck_assert_str_eq(a->filename, "notes.txt");
	ck_assert_str_eq(a->mime_type, "text/plain");
	ck_assert_str_eq(a->disposition, "attachment");
	assert_sha(a->sha256, "not the body");

	a = att_at(m, "3");
	ck_assert_str_eq(a->filename, "报告.pdf");
	a = att_at(m, "4");
	ck_assert_str_eq(a->filename, "中文件.txt");
	a = att_at(m, "5");
	ck_assert_str_eq(a->mime_type, "application/ms-tnef");
	ck_assert_str_eq(a->filename, "winmail.dat");
	ck_assert_ptr_null(att_at(m, "1.1"));
	mc_message_free(m);
}
END_TEST

START_TEST(test_single_part_attachment_path)
{
	struct mc_message *m = parse(
		"Content-Type: application/pdf; name=\"x.pdf\"\n"
		"Content-Transfer-Encoding: base64\n\naGVsbG8gYXR0YWNobWVudAo=\n");
	ck_assert_ptr_null(m->body_text);
	ck_assert_ptr_null(m->body_source);
	ck_assert_uint_eq(m->attachments->len, 1);
	const struct mc_attachment *a = att_at(m, "1");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->filename, "x.pdf");
	ck_assert_str_eq(m->content_type, "application/pdf");
	mc_message_free(m);
}
END_TEST

START_TEST(test_raw_8bit_filename)
{
	struct mc_message *m = parse(
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain; charset=gb2312\n\n" "\xc4\xe3\xba\xc3" "\n"
		"--b\nContent-Type: application/msword\n"
		"Content-Disposition: attachment; filename=\"" "\xbb\xe1\xd2\xe9\xbc\xcd\xd2\xaa" ".doc\"\n\nx\n"
		"--b--\n");
	ck_assert_str_eq(att_at(m, "2")->filename, "会议纪要.doc");
	mc_message_free(m);
}
END_TEST

/* ---- reports and embedded messages ---- */

static const char dsn_msg[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\n"
	"\n"
	"--dsn\n"
	"Content-Type: text/plain\n"
	"\n"
	"I'm sorry to have to inform you that your message could not be delivered.\n"
	"--dsn\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.org\n"
	"\n"
	"Final-Recipient: rfc822; nobody@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"--dsn\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"Subject: Original subject\n"
	"From: me@example.org\n"
	"\n"
	"the original text\n"
	"--dsn--\n";

static const char dsn_inner[] =
	"Subject: Original subject\n"
	"From: me@example.org\n"
	"\n"
	"the original text";

START_TEST(test_dsn)
{
	struct emb_log log = { 0 };
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("box.mbox@1234");
	ck_assert_int_eq(mc_mime_parse(dsn_msg, strlen(dsn_msg), m, on_emb, &log), 0);
	assert_contains(m->body_text, "could not be delivered");
	assert_contains(m->body_text, "Action: failed");
	assert_contains(m->body_text, "Status: 5.1.1");
	ck_assert_str_eq(m->body_source, "text/plain");
	ck_assert_str_eq(m->content_type, "multipart/report");

	const struct mc_attachment *a = att_at(m, "2");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->mime_type, "message/delivery-status");
	a = att_at(m, "3");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->mime_type, "message/rfc822");
	ck_assert_int_eq(a->size, (int64_t)strlen(dsn_inner));
	assert_sha(a->sha256, dsn_inner);

	ck_assert_int_eq(log.count, 1);
	ck_assert_str_eq(log.locator[0], "box.mbox@1234#part=3");
	ck_assert_str_eq(log.subject[0], "Original subject");
	ck_assert_str_eq(log.origin[0], MC_ORIGIN_EMBEDDED);
	ck_assert_ptr_eq(log.parent[0], m);
	ck_assert_str_eq(log.sha[0], a->sha256);
	assert_contains(log.body[0], "the original text");
	emb_log_clear(&log);
	mc_message_free(m);

	/* no locator; no callback */
	struct emb_log log2 = { 0 };
	m = mc_message_new();
	mc_mime_parse(dsn_msg, strlen(dsn_msg), m, on_emb, &log2);
	ck_assert_str_eq(log2.locator[0], "#part=3");
	emb_log_clear(&log2);
	mc_message_free(m);
	m = parse(dsn_msg);
	ck_assert_uint_eq(m->attachments->len, 2);
	mc_message_free(m);

	/* after an mbox "From " line, offsets still find the same bytes */
	char *s = g_strconcat("From x@y Mon Jan  1 00:00:00 2024\n", dsn_msg, NULL);
	struct emb_log log3 = { 0 };
	m = mc_message_new();
	ck_assert_int_eq(mc_mime_parse(s, strlen(s), m, on_emb, &log3), 0);
	ck_assert_int_eq(log3.count, 1);
	assert_sha(log3.sha[0], dsn_inner);
	assert_sha(att_at(m, "3")->sha256, dsn_inner);
	emb_log_clear(&log3);
	mc_message_free(m);
	g_free(s);

	/* CRLF: the line break before the boundary is not part of the message */
	s = with_endings(dsn_msg, "\r\n");
	char *inner = with_endings(dsn_inner, "\r\n");
	m = parse(s);
	assert_sha(att_at(m, "3")->sha256, inner);
	ck_assert_int_eq(att_at(m, "3")->size, (int64_t)strlen(inner));
	mc_message_free(m);
	g_free(inner);
	g_free(s);
}
END_TEST

START_TEST(test_embedded_boundary_prefix)
{
	/* the inner boundary starts with the outer one: not the end of the part */
	static const char inner[] =
		"Subject: in\nContent-Type: multipart/mixed; boundary=\"b-in\"\n\n"
		"--b-in\nContent-Type: text/plain\n\ninner text\n--b-in--";
	char *s = g_strconcat("Subject: out\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
	                      "--b\nContent-Type: message/rfc822\n\n", inner, "\n--b--\n", NULL);
	struct emb_log log = { 0 };
	struct mc_message *m = mc_message_new();
	ck_assert_int_eq(mc_mime_parse(s, strlen(s), m, on_emb, &log), 0);
	assert_sha(att_at(m, "1")->sha256, inner);
	ck_assert_int_eq(log.count, 1);
	ck_assert_str_eq(log.body[0], "inner text");
	emb_log_clear(&log);
	mc_message_free(m);
	g_free(s);
}
END_TEST

START_TEST(test_base64_message_part)
{
	static const char s[] =
		"Subject: outer\nContent-Type: multipart/mixed; boundary=B\n\n"
		"--B\nContent-Type: text/plain\n\nbody\n"
		"--B\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
		"U3ViamVjdDogaW5uZXIgYjY0CkZyb206IGFAYgoKaGVsbG8gaW5uZXIK\n"
		"--B--\n";
	struct emb_log log = { 0 };
	struct mc_message *m = mc_message_new();
	ck_assert_int_eq(mc_mime_parse(s, strlen(s), m, on_emb, &log), 0);
	ck_assert_int_eq(log.count, 1);
	ck_assert_str_eq(log.subject[0], "inner b64");
	ck_assert_str_eq(log.locator[0], "#part=2");
	const struct mc_attachment *a = att_at(m, "2");
	ck_assert_str_eq(a->mime_type, "message/rfc822");
	assert_sha(a->sha256, "Subject: inner b64\nFrom: a@b\n\nhello inner\n");
	ck_assert_str_eq(log.sha[0], a->sha256);
	emb_log_clear(&log);
	mc_message_free(m);
}
END_TEST

START_TEST(test_nested_embedded)
{
	char *inner_bounce = g_strdup(dsn_msg);
	char *s = g_strconcat(
		"Subject: bounce of a bounce\n"
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"outer\"\n\n"
		"--outer\nContent-Type: text/plain\n\nsecond bounce\n"
		"--outer\nContent-Type: text/rfc822-headers\n\nSubject: only headers\n\n"
		"--outer\nContent-Type: message/rfc822\n\n", inner_bounce,
		"--outer--\n", NULL);
	struct emb_log log = { 0 };
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("L");
	ck_assert_int_eq(mc_mime_parse(s, strlen(s), m, on_emb, &log), 0);
	ck_assert_int_eq(log.count, 2);
	ck_assert_str_eq(log.locator[0], "L#part=3");
	ck_assert_str_eq(log.subject[0], "Undelivered Mail Returned to Sender");
	ck_assert_str_eq(log.parent_subject[0], "bounce of a bounce");
	ck_assert_str_eq(log.locator[1], "L#part=3#part=3");
	ck_assert_str_eq(log.subject[1], "Original subject");
	ck_assert_str_eq(log.parent_subject[1], "Undelivered Mail Returned to Sender");
	/* text/rfc822-headers is an attachment only */
	ck_assert_str_eq(att_at(m, "2")->mime_type, "text/rfc822-headers");
	/* the embedded bounce's bytes as in the parent (up to the boundary) */
	size_t n = strlen(inner_bounce) - 1;
	ck_assert_int_eq(att_at(m, "3")->size, (int64_t)n);
	ck_assert_int_eq(log.size[0], (int64_t)n);
	emb_log_clear(&log);
	mc_message_free(m);

	/* a callback returning -1 stops the walk */
	struct emb_log stop = { .stop_after = 1 };
	m = mc_message_new();
	mc_mime_parse(s, strlen(s), m, on_emb, &stop);
	ck_assert_int_eq(stop.count, 1);
	emb_log_clear(&stop);
	mc_message_free(m);
	g_free(s);
	g_free(inner_bounce);
}
END_TEST

/* ---- malformed input ---- */

START_TEST(test_missing_closing_boundary)
{
	struct mc_message *m = parse(
		"Subject: cut\nContent-Type: multipart/mixed; boundary=zz\n\n"
		"--zz\nContent-Type: text/plain\n\nthe body\n"
		"--zz\nContent-Type: application/zip; name=a.zip\n"
		"Content-Transfer-Encoding: base64\n\naGVsbG8gYXR0YWNo");
	ck_assert_str_eq(m->body_text, "the body");
	ck_assert_uint_eq(m->attachments->len, 1);
	ck_assert_str_eq(att_at(m, "2")->filename, "a.zip");
	ck_assert_int_eq(att_at(m, "2")->size, 12);
	mc_message_free(m);
}
END_TEST

START_TEST(test_empty_and_garbage)
{
	int rc = 0;
	struct mc_message *m = parse_n("", 0, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(m->size, 0);
	assert_sha(m->sha256, "");
	ck_assert_uint_gt(m->warnings->len, 0);
	mc_message_free(m);

	/* binary without a single "name:" line: not a message */
	char garbage[4096];
	guint32 x = 12345;
	for (size_t i = 0; i < sizeof garbage; i++) {
		x = x * 1103515245u + 12345u;
		garbage[i] = (char)(x >> 16);
		if (garbage[i] == ':')
			garbage[i] = 0;
	}
	m = parse_n(garbage, sizeof garbage, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(m->size, (int64_t)sizeof garbage);
	assert_contains(m->warnings->str, "no header");
	mc_message_free(m);

	/* NUL bytes and a header line without a colon: still a message */
	static const char nul_msg[] = "Subject: a\0b\nno colon here\nFrom: x@y\n\nbo\0dy\n";
	m = parse_n(nul_msg, sizeof nul_msg - 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(m->from_addr, "x@y");
	ck_assert_ptr_nonnull(m->body_text);
	mc_message_free(m);

	/* truncated base64 and a broken Content-Type */
	m = parse("Content-Type: ;;;\nContent-Transfer-Encoding: base64\n\naGVsbG8gYX");
	ck_assert_ptr_nonnull(m->content_type);
	mc_message_free(m);
}
END_TEST

START_TEST(test_deep_nesting)
{
	GString *g = g_string_new("Subject: deep\n");
	for (int i = 0; i < 200; i++)
		g_string_append_printf(g, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	g_string_append(g, "Content-Type: text/plain\n\ndeep body\n");
	for (int i = 199; i >= 0; i--)
		g_string_append_printf(g, "--b%d--\n", i);
	struct mc_message *m = parse(g->str);
	ck_assert_str_eq(m->subject, "deep");
	ck_assert_ptr_null(m->body_text);
	assert_contains(m->warnings->str, "nesting");
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

/* ---- resource limits (parsers/resource-limits.h, mime-guard.c) ---- */

static GString *nested_multiparts(int levels)
{
	GString *g = g_string_new("Subject: nested\n");
	for (int i = 0; i < levels; i++)
		g_string_append_printf(g, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	g_string_append(g, "Content-Type: text/plain\n\ninnermost\n");
	for (int i = levels - 1; i >= 0; i--)
		g_string_append_printf(g, "--b%d--\n", i);
	return g;
}

START_TEST(test_limit_depth_edges)
{
	/* well inside the limit: parsed to the bottom, no limit warning */
	GString *g = nested_multiparts(MC_LIMIT_MIME_DEPTH - 8);
	struct mc_message *m = parse(g->str);
	ck_assert_str_eq(m->body_text, "innermost");
	ck_assert_ptr_null(strstr(m->warnings->str, MC_LIMIT_PREFIX));
	mc_message_free(m);
	g_string_free(g, TRUE);
	/* far over it: one warning naming the limit, the rest kept opaque */
	g = nested_multiparts(5000);
	m = parse(g->str);
	ck_assert_str_eq(m->subject, "nested");
	assert_contains(m->warnings->str, "resource limit mime-depth (64) exceeded: a multipart");
	ck_assert_uint_eq(m->attachments->len, 1);
	const struct mc_attachment *a = g_ptr_array_index(m->attachments, 0);
	ck_assert_str_eq(a->mime_type, "x-limited/mixed");
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

START_TEST(test_limit_rfc822_depth)
{
	GString *g = g_string_new("Subject: top\n");
	for (int i = 0; i < 3000; i++)
		g_string_append_printf(g, "Content-Type: message/rfc822\n\nSubject: level %d\n", i);
	g_string_append(g, "\ninnermost\n");
	struct mc_message *m = parse(g->str);
	ck_assert_str_eq(m->subject, "top");
	assert_contains(m->warnings->str, "resource limit mime-depth (64) exceeded: a message");
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

START_TEST(test_limit_header_count_and_bytes)
{
	GString *g = g_string_new("Subject: many\n");
	for (int i = 0; i < MC_LIMIT_HEADER_COUNT + 5; i++)
		g_string_append_printf(g, "X-H%d: v\n", i);
	g_string_append(g, "\nbody\n");
	struct mc_message *m = parse(g->str);
	ck_assert_uint_eq(m->headers->len, MC_LIMIT_HEADER_COUNT);
	ck_assert_str_eq(m->subject, "many");
	assert_contains(m->warnings->str, "resource limit header-count (10000) exceeded: ");
	mc_message_free(m);
	g_string_free(g, TRUE);

	g = g_string_new("Subject: huge\nX-Huge: x");
	for (int i = 0; i < MC_LIMIT_HEADER_BYTES / 1000 + 2; i++)
		g_string_append_printf(g, "\n %0998d", i);
	g_string_append(g, "\nX-After: y\n\nbody\n");
	m = parse(g->str);
	ck_assert_str_eq(m->subject, "huge");
	ck_assert_ptr_null(mc_message_header(m, "X-Huge"));
	assert_contains(m->warnings->str, "resource limit header-bytes (1048576) exceeded: "
	                "a header field of ");
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

START_TEST(test_limit_attachments)
{
	GString *g = g_string_new("Subject: att\nContent-Type: multipart/mixed; boundary=A\n\n"
	                          "--A\nContent-Type: text/plain\n\nhello\n");
	for (int i = 0; i < MC_LIMIT_ATTACHMENTS + 3; i++)
		g_string_append_printf(g, "--A\nContent-Type: application/octet-stream\n\n%d\n", i);
	g_string_append(g, "--A--\n");
	struct mc_message *m = parse(g->str);
	ck_assert_uint_eq(m->attachments->len, MC_LIMIT_ATTACHMENTS);
	ck_assert_str_eq(m->body_text, "hello");
	assert_contains(m->warnings->str, "resource limit attachments (10000) exceeded: part ");
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

START_TEST(test_limit_part_bytes)
{
	size_t n = MC_LIMIT_PART_BYTES + 4096;
	GString *g = g_string_new("Subject: big\nContent-Type: text/plain\n\n");
	size_t head = g->len;
	g_string_set_size(g, head + n);
	memset(g->str + head, 'a', n);
	struct mc_message *m = parse_n(g->str, g->len, NULL);
	ck_assert_uint_eq(strlen(m->body_text), MC_LIMIT_PART_BYTES);
	assert_contains(m->warnings->str, "resource limit part-bytes (33554432) exceeded: "
	                "body text part of 33558528 encoded bytes");
	ck_assert_int_eq(m->size, (int64_t)g->len);
	mc_message_free(m);
	g_string_free(g, TRUE);
}
END_TEST

static Suite *mime_suite(void)
{
	Suite *s = suite_create("mime");
	TCase *h = tcase_create("headers");
	tcase_add_test(h, test_rfc2047_words);
	tcase_add_test(h, test_base64_chunks);
	tcase_add_test(h, test_q_subject_koi8);
	tcase_add_test(h, test_raw_8bit_subject_gb2312);
	tcase_add_test(h, test_headers_order_unfold);
	tcase_add_test(h, test_recipients);
	tcase_add_test(h, test_mbox_from_line);
	tcase_add_test(h, test_date_offset);
	tcase_add_test(h, test_date_missing_or_garbage);
	suite_add_tcase(s, h);

	TCase *b = tcase_create("bodies");
	tcase_add_test(b, test_alternative_prefers_plain);
	tcase_add_test(b, test_html_only);
	tcase_add_test(b, test_base64_and_qp);
	tcase_add_test(b, test_gb2312_declared);
	tcase_add_test(b, test_undeclared_8bit);
	tcase_add_test(b, test_raw_8bit_header_no_charset);
	tcase_add_test(b, test_line_endings);
	tcase_add_test(b, test_binary_part_keeps_cr);
	suite_add_tcase(s, b);

	TCase *a = tcase_create("attachments");
	tcase_add_test(a, test_attachments);
	tcase_add_test(a, test_single_part_attachment_path);
	tcase_add_test(a, test_raw_8bit_filename);
	tcase_add_test(a, test_dsn);
	tcase_add_test(a, test_nested_embedded);
	tcase_add_test(a, test_base64_message_part);
	tcase_add_test(a, test_embedded_boundary_prefix);
	suite_add_tcase(s, a);

	TCase *x = tcase_create("malformed");
	tcase_add_test(x, test_missing_closing_boundary);
	tcase_add_test(x, test_empty_and_garbage);
	tcase_add_test(x, test_deep_nesting);
	tcase_add_test(x, test_limit_depth_edges);
	tcase_add_test(x, test_limit_rfc822_depth);
	tcase_add_test(x, test_limit_header_count_and_bytes);
	tcase_add_test(x, test_limit_attachments);
	tcase_add_test(x, test_limit_part_bytes);
	tcase_set_timeout(x, 30);
	suite_add_tcase(s, x);
	return s;
}

int main(void)
{
	mc_mime_init();
	mc_mime_init(); /* idempotent */
	SRunner *sr = srunner_create(mime_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
