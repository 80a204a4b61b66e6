/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_mbox.c: unit tests of parsers/mbox.c: the splitter (exact offsets
 * and lengths over temp files, every test at several read chunk sizes so
 * that lines and From_ lines straddle chunk boundaries), the From_ line
 * test, and the mbox reader (whole reads of temp mbox files into a
 * collecting sink: folder, messages and embedded ones, problems).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "mbox.h"
#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

#define MAX_MSGS 16

struct got {
	int n;
	int64_t from_off[MAX_MSGS], off[MAX_MSGS], len[MAX_MSGS], held[MAX_MSGS];
	int by_cl[MAX_MSGS];
	char *sha[MAX_MSGS];     /* of a streamed message, or NULL */
	char *bytes[MAX_MSGS];
	char *from[MAX_MSGS];
	int stop_after;          /* return -1 after this many (0: never) */
};

static int collect(void *ctx, const struct mc_mbox_msg *m)
{
	struct got *g = ctx;
	ck_assert_int_lt(g->n, MAX_MSGS);
	g->from_off[g->n] = m->from_offset;
	g->off[g->n] = m->offset;
	g->len[g->n] = m->length;
	g->by_cl[g->n] = m->by_content_length;
	g->held[g->n] = m->held;
	g->bytes[g->n] = g_strndup(m->bytes, (gsize)m->held);
	g->sha[g->n] = g_strdup(m->sha256);
	g->from[g->n] = g_strdup(m->from_line);
	g->n++;
	return (g->stop_after && g->n >= g->stop_after) ? -1 : 0;
}

static void got_clear(struct got *g)
{
	for (int i = 0; i < g->n; i++) {
		g_free(g->bytes[i]);
		g_free(g->from[i]);
		g_free(g->sha[i]);
	}
	memset(g, 0, sizeof *g);
}

static char *write_temp(const char *data, size_t n)
{
	char *path = g_build_filename(g_get_tmp_dir(), "check_mbox.XXXXXX", NULL);
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

/* Splits data (from a temp file) reading chunk bytes at a time. */
static int split_buf(const char *data, size_t n, size_t chunk, struct got *g,
                     struct mc_mbox_stats *st)
{
	char *path = write_temp(data, n);
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	int rc = mc_mbox_split_chunked(fd, chunk, collect, g, st);
	close(fd);
	unlink(path);
	g_free(path);
	return rc;
}

/* Message i is exactly `want`, found at its (unique) place in data, and its
 * From_ line is the line before it. */
static void expect_msg(const struct got *g, int i, const char *data, const char *want,
                       const char *from_line)
{
	const char *at = strstr(data, want);
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(g->off[i], at - data);
	ck_assert_int_eq(g->len[i], (int64_t)strlen(want));
	ck_assert_str_eq(g->bytes[i], want);
	ck_assert_str_eq(g->from[i], from_line);
	ck_assert_int_eq(g->from_off[i], strstr(data, from_line) - data);
}

static const size_t chunks[] = { 1, 2, 3, 7, 13, 64, 4096, MC_MBOX_CHUNK };
#define FOR_CHUNKS(c) for (size_t ci_ = 0, c; ci_ < G_N_ELEMENTS(chunks) && ((c = chunks[ci_]), 1); ci_++)

#define F1 "From alice@example.com Mon Jan  1 10:00:00 2001"
#define F2 "From bob@example.com Tue Jan  2 11:00:00 2001"
#define F3 "From MAILER-DAEMON Wed Jan  3 12:00:00 2001"

START_TEST(simple_three)
{
	const char *d = F1 "\nSubject: one\n\nbody1\n\n"
	                F2 "\nSubject: two\n\nbody2\n\n"
	                F3 "\nSubject: three\n\nbody3\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 3);
		ck_assert_int_eq(st.messages, 3);
		expect_msg(&g, 0, d, "Subject: one\n\nbody1\n", F1);
		expect_msg(&g, 1, d, "Subject: two\n\nbody2\n", F2);
		expect_msg(&g, 2, d, "Subject: three\n\nbody3\n", F3);
		ck_assert_int_eq(g.from_off[0], 0);
		ck_assert_int_eq(st.eol, MC_EOL_LF);
		ck_assert_int_eq(st.leading_garbage, 0);
		ck_assert_int_eq(st.truncated, 0);
		ck_assert_int_eq(st.content_length, 0);
		ck_assert_int_eq(st.escaped_from + st.escaped_gtfrom, 0);
		ck_assert_int_eq(g.by_cl[0] + g.by_cl[1] + g.by_cl[2], 0);
		got_clear(&g);
	}
}
END_TEST

START_TEST(from_in_body_without_blank)
{
	/* A From_ line right after text, followed by body text: not a separator. */
	const char *d = F1 "\nSubject: one\n\nquoted:\n" F2 "\nand more text\n\ntail\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 1);
		ck_assert_int_eq(g.off[0], strlen(F1) + 1);
		ck_assert_int_eq(g.len[0], strlen(d) - strlen(F1) - 1);
		got_clear(&g);
	}
}
END_TEST

START_TEST(from_after_text_with_headers)
{
	/* Exporters that write no empty line between messages: a From_ line that
	 * a header field follows separates even right after text. */
	const char *d = F1 "\nSubject: one\n\nbody one\n" F2 "\nSubject: two\n\nbody two\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		ck_assert_int_eq(g.off[0], strlen(F1) + 1);
		ck_assert_int_eq(g.len[0], strlen("Subject: one\n\nbody one\n"));
		got_clear(&g);
	}
}
END_TEST

START_TEST(from_the_desk_after_blank)
{
	const char *d = F1 "\nSubject: one\n\nhello\n\nFrom the desk of Mr. X\nregards\n\n"
	                F2 "\nThis line is no header\n\n"
	                F3 "\nSubject: real\n\nbody\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		expect_msg(&g, 0, d, "Subject: one\n\nhello\n\nFrom the desk of Mr. X\nregards\n\n"
		           F2 "\nThis line is no header\n", F1);
		expect_msg(&g, 1, d, "Subject: real\n\nbody\n", F3);
		got_clear(&g);
	}
}
END_TEST

/* "From - " (sender only) separates when a header follows; a full From_
 * line also separates before an empty line (a message without headers). */
START_TEST(bare_and_headerless_from_lines)
{
	const char *d = "From - \nSubject: one\n\nb1\n\n"
	                "From 1844347839636459560@xxx\nSubject: two\n\nb2\n\n"
	                "From - \n\nnot a separator\n\n"
	                F3 "\n\nheaderless\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 3);
		expect_msg(&g, 0, d, "Subject: one\n\nb1\n", "From - ");
		expect_msg(&g, 1, d, "Subject: two\n\nb2\n\nFrom - \n\nnot a separator\n",
		           "From 1844347839636459560@xxx");
		expect_msg(&g, 2, d, "\nheaderless\n", F3);
		got_clear(&g);
	}
}
END_TEST

START_TEST(mboxrd_escapes)
{
	const char *d = F1 "\nSubject: one\n\na\n>From here\n>>From there\n\n"
	                F2 "\nSubject: two\n\nb\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		expect_msg(&g, 0, d, "Subject: one\n\na\n>From here\n>>From there\n", F1);
		ck_assert_int_eq(st.escaped_from, 1);
		ck_assert_int_eq(st.escaped_gtfrom, 1);
		got_clear(&g);
	}
}
END_TEST

START_TEST(mboxo_escape_only)
{
	const char *d = F1 "\nSubject: one\n\n>From here\n";
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(split_buf(d, strlen(d), 4096, &g, &st), 0);
	ck_assert_int_eq(st.escaped_from, 1);
	ck_assert_int_eq(st.escaped_gtfrom, 0);
	got_clear(&g);
}
END_TEST

/* mboxcl2: the body holds an unescaped, blank-preceded From_ line with a
 * header after it; only Content-Length keeps the message whole. */
START_TEST(content_length_cl2)
{
	const char *body = "first\n\n" F3 "\nSubject: inner\n\nlast\n";
	char *d = g_strdup_printf(F1 "\nSubject: cl\nContent-Length: %zu\n\n%s\n"
	                          F2 "\nSubject: two\n\nb2\n", strlen(body), body);
	char *want0 = g_strdup_printf("Subject: cl\nContent-Length: %zu\n\n%s", strlen(body), body);
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		expect_msg(&g, 0, d, want0, F1);
		expect_msg(&g, 1, d, "Subject: two\n\nb2\n", F2);
		ck_assert_int_eq(g.by_cl[0], 1);
		ck_assert_int_eq(g.by_cl[1], 0);
		ck_assert_int_eq(st.content_length, 1);
		got_clear(&g);
	}
	g_free(want0);
	g_free(d);
}
END_TEST

/* Content-Length pointing at EOF, and a wrong one (falls back to lines). */
START_TEST(content_length_eof_and_wrong)
{
	const char *body = "x\n\n" F3 "\nSubject: inner\n\ny\n";
	char *d = g_strdup_printf(F1 "\nContent-Length: %zu\n\n%s", strlen(body), body);
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(split_buf(d, strlen(d), 5, &g, &st), 0);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.len[0], strlen(d) - strlen(F1) - 1);
	ck_assert_int_eq(g.by_cl[0], 1);
	got_clear(&g);
	g_free(d);

	d = g_strdup_printf(F1 "\nContent-Length: 1\n\n%s", body);
	ck_assert_int_eq(split_buf(d, strlen(d), 5, &g, &st), 0);
	ck_assert_int_eq(g.n, 2);
	expect_msg(&g, 0, d, "Content-Length: 1\n\nx\n", F1);
	expect_msg(&g, 1, d, "Subject: inner\n\ny\n", F3);
	ck_assert_int_eq(g.by_cl[0], 0);
	ck_assert_int_eq(st.content_length, 0);
	got_clear(&g);
	g_free(d);
}
END_TEST

START_TEST(crlf)
{
	const char *d = F1 "\r\nSubject: one\r\n\r\nbody1\r\n\r\n"
	                F2 "\r\nSubject: two\r\n\r\nbody2\r\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		ck_assert_int_eq(st.eol, MC_EOL_CRLF);
		expect_msg(&g, 0, d, "Subject: one\r\n\r\nbody1\r\n", F1);
		expect_msg(&g, 1, d, "Subject: two\r\n\r\nbody2\r\n", F2);
		got_clear(&g);
	}
}
END_TEST

START_TEST(cr_only)
{
	const char *d = F1 "\rSubject: one\r\rbody1\r\r"
	                F2 "\rSubject: two\r\rbody2\r";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		ck_assert_int_eq(st.eol, MC_EOL_CR);
		expect_msg(&g, 0, d, "Subject: one\r\rbody1\r", F1);
		expect_msg(&g, 1, d, "Subject: two\r\rbody2\r", F2);
		got_clear(&g);
	}
}
END_TEST

START_TEST(missing_final_newline)
{
	const char *d = F1 "\nSubject: one\n\nbody1\n\n" F2 "\nSubject: two\n\nbody2";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		expect_msg(&g, 1, d, "Subject: two\n\nbody2", F2);
		ck_assert_int_eq(g.off[1] + g.len[1], (int64_t)strlen(d));
		ck_assert_int_eq(st.truncated, 1);
		got_clear(&g);
	}
}
END_TEST

START_TEST(leading_garbage)
{
	const char *d = "junk line\nFrom nobody\n\n" F1 "\nSubject: one\n\nb\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 1);
		ck_assert_int_eq(st.leading_garbage, strlen("junk line\nFrom nobody\n\n"));
		expect_msg(&g, 0, d, "Subject: one\n\nb\n", F1);
		got_clear(&g);
	}
}
END_TEST

START_TEST(no_from_line_at_all)
{
	const char *d = "Subject: not an mbox\n\ntext\n";
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(split_buf(d, strlen(d), 3, &g, &st), 0);
	ck_assert_int_eq(g.n, 0);
	ck_assert_int_eq(st.leading_garbage, strlen(d));
}
END_TEST

START_TEST(empty_file)
{
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(split_buf("", 0, 4096, &g, &st), 0);
	ck_assert_int_eq(g.n, 0);
	ck_assert_int_eq(st.messages, 0);
	ck_assert_int_eq(st.leading_garbage, 0);
	ck_assert_int_eq(st.eol, MC_EOL_LF);
}
END_TEST

/* One message, with and without a final empty line: the same range. */
START_TEST(single_message_trailing_blank_or_not)
{
	const char *a = F1 "\nSubject: s\n\nbody\n";
	const char *b = F1 "\nSubject: s\n\nbody\n\n";
	FOR_CHUNKS(c) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(a, strlen(a), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 1);
		expect_msg(&g, 0, a, "Subject: s\n\nbody\n", F1);
		ck_assert_int_eq(g.off[0] + g.len[0], (int64_t)strlen(a));
		got_clear(&g);
		ck_assert_int_eq(split_buf(b, strlen(b), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 1);
		ck_assert_int_eq(g.len[0], strlen("Subject: s\n\nbody\n"));
		ck_assert_int_eq(g.off[0] + g.len[0], (int64_t)strlen(b) - 1);
		ck_assert_int_eq(st.truncated, 0);
		got_clear(&g);
	}
}
END_TEST

/* A 5 MB message between two small ones: its bytes arrive intact through
 * many chunks (80 of 64 KiB, 20 of the default size). */
START_TEST(large_message)
{
	GString *d = g_string_new(F1 "\nSubject: small\n\nx\n\n" F2 "\nSubject: big\n\n");
	size_t big_start = strlen(F1 "\nSubject: small\n\nx\n\n" F2 "\n");
	for (int i = 0; d->len < 5 * 1024 * 1024; i++)
		g_string_append_printf(d, "line %d From someone Mon Jan  1 10:00:00 2001\n%s", i,
		                       i % 1000 == 0 ? "\nFrom nowhere\n" : "");
	size_t big_end = d->len;
	g_string_append(d, "\n" F3 "\nSubject: last\n\nz\n");
	const size_t sizes[] = { 65536, MC_MBOX_CHUNK };
	for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d->str, d->len, sizes[k], &g, &st), 0);
		ck_assert_int_eq(g.n, 3);
		ck_assert_int_eq(g.off[1], big_start);
		ck_assert_int_eq(g.len[1], big_end - big_start);
		ck_assert(memcmp(g.bytes[1], d->str + big_start, big_end - big_start) == 0);
		expect_msg(&g, 2, d->str, "Subject: last\n\nz\n", F3);
		got_clear(&g);
	}
	g_string_free(d, TRUE);
}
END_TEST

/* Every chunk size that cuts the second From_ line or the header after it. */
START_TEST(from_line_across_chunk_boundary)
{
	const char *d = F1 "\nSubject: one\n\nbody1\n\n" F2 "\nSubject: two\n\nbody2\n";
	size_t p = (size_t)(strstr(d, F2) - d);
	for (size_t c = p - 2; c < p + strlen(F2) + 12; c++) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		ck_assert_int_eq(split_buf(d, strlen(d), c, &g, &st), 0);
		ck_assert_int_eq(g.n, 2);
		expect_msg(&g, 0, d, "Subject: one\n\nbody1\n", F1);
		expect_msg(&g, 1, d, "Subject: two\n\nbody2\n", F2);
		got_clear(&g);
	}
}
END_TEST

START_TEST(callback_stops)
{
	const char *d = F1 "\nA: 1\n\n" F2 "\nB: 2\n\n" F3 "\nC: 3\n";
	struct got g = { .stop_after = 2 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(split_buf(d, strlen(d), 4096, &g, &st), -1);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(st.stopped, 1);
	got_clear(&g);
}
END_TEST

START_TEST(read_error_is_reported)
{
	int fd = open(g_get_tmp_dir(), O_RDONLY | O_DIRECTORY);
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(mc_mbox_split(fd, collect, &g, &st), -1);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(st.stopped, 0);
	ck_assert_int_eq(g.n, 0);
	close(fd);
}
END_TEST

/* A pipe cannot pread: plain read(2), same result. */
START_TEST(pipe_input)
{
	const char *d = F1 "\nSubject: one\n\nbody1\n\n" F2 "\nSubject: two\n\nbody2\n";
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], d, strlen(d)), (ssize_t)strlen(d));
	close(p[1]);
	struct got g = { 0 };
	struct mc_mbox_stats st;
	ck_assert_int_eq(mc_mbox_split_chunked(p[0], 5, collect, &g, &st), 0);
	close(p[0]);
	ck_assert_int_eq(g.n, 2);
	expect_msg(&g, 1, d, "Subject: two\n\nbody2\n", F2);
	got_clear(&g);
}
END_TEST

static const char *const accept_lines[] = {
	"From alice@example.com Mon Jan  1 10:00:00 2001",
	"From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
	"From  Mon Jan  1 10:00:00 2001",
	"From - Tue Apr 22 16:21:02 2008",
	"From bob@example.com Sat Jan 3 01:05 1996",
	"From bob@example.com Sat Jan  3 01:05:34 EST 1996",
	"From bob@example.com Sat Jan  3 01:05:34 1996 +0100",
	"From 1234567890@xxx Mon Jan 01 00:00:00 +0000 2018",
	"From bob@example.com   Sat   Jan  3   01:05:34   1996",
	"From bob@example.com Sat, 3 Jan 1996 01:05:34 +0100",
	"From uucp!bob Sat Jan  3 01:05:34 1996 remote from host",
	"From bob@example.com\tSat Jan  3 01:05:34 1996",
	"From () 2019-10-02 05:04:34 +0000",
};

static const char *const reject_lines[] = {
	"From the desk of Mr. X",
	"From here on, at 12:30 on Jan 5 2001 we",
	"From bob@example.com",
	"From bob@example.com Sat Jan  3 1996",
	"From bob@example.com Sat Jan  3 01:05:34",
	"From bob@example.com Sat  3 01:05:34 1996",
	"From bob@example.com Sat Jan  3 25:05:34 1996",
	"From: bob@example.com Sat Jan  3 01:05:34 1996",
	">From bob@example.com Sat Jan  3 01:05:34 1996",
	"from bob@example.com Sat Jan  3 01:05:34 1996",
	"From bob@example.com Sat Jan  3 01:05:34 1996 and more words",
	"From bob@example.com Sat Jan Feb 3 01:05:34 1996",
	"From bob@example.com 2019-10-02 Jan 05:04:34",
	"From bob@example.com 2019-1-02 05:04:34",
	"From",
	"",
};

START_TEST(from_line_accept)
{
	const char *s = accept_lines[_i];
	ck_assert_msg(mc_mbox_is_from_line(s, strlen(s)) == 1, "rejected: %s", s);
}
END_TEST

START_TEST(from_line_reject)
{
	const char *s = reject_lines[_i];
	ck_assert_msg(mc_mbox_is_from_line(s, strlen(s)) == 0, "accepted: %s", s);
}
END_TEST

START_TEST(from_line_rejects_control_and_length)
{
	const char nul[] = "From a@b Mon Jan  1 10:00:00 2001\0x";
	ck_assert_int_eq(mc_mbox_is_from_line(nul, sizeof nul - 1), 0);
	ck_assert_int_eq(mc_mbox_is_from_line(nul, strlen(nul)), 1);
	GString *s = g_string_new("From ");
	while (s->len < 1000)
		g_string_append_c(s, 'a');
	g_string_append(s, " Mon Jan  1 10:00:00 2001");
	ck_assert_int_eq(mc_mbox_is_from_line(s->str, s->len), 0);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- the reader ---- */

START_TEST(mbox_read)
{
	const char *m1 = "From: a@example.com\nSubject: first\n\nhello\n>From here\n>>From there\n";
	const char *m3 = "From: e@example.com\nSubject: third\n\nbye\n";
	char *data = g_strdup_printf("garbage\n\n" F1 "\n%s\n" F2 "\n" NESTED "\n" F3 "\n%s",
	                             m1, m3);
	char *dir = temp_dir(), *path = g_build_filename(dir, "Sent Items.mbox", NULL);
	struct collect c;
	struct mc_reader r;
	write_file(path, data, strlen(data));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);

	ck_assert_uint_eq(c.folders->len, 1);
	ck_assert_int_eq(FOLDER(&c, 0)->id, 1);
	ck_assert_str_eq(FOLDER(&c, 0)->name, "Sent Items.mbox");
	ck_assert_str_eq(FOLDER(&c, 0)->path, "Sent Items.mbox");
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_SENT);

	ck_assert_uint_eq(c.msgs->len, 5);
	ck_assert_int_eq(r.messages_emitted, 5);
	ck_assert_str_eq(r.variant, "mboxrd");
	int64_t off1 = strstr(data, m1) - data, off2 = strstr(data, NESTED) - data;
	int64_t off3 = strstr(data, m3) - data;
	const int64_t offs[] = { off1, off2, off3 };
	const int64_t lens[] = { (int64_t)strlen(m1), (int64_t)strlen(NESTED), (int64_t)strlen(m3) };
	const int top[] = { 0, 1, 4 };
	for (int i = 0; i < 3; i++) {
		const struct got_msg *m = MSG(&c, top[i]);
		char loc[64];
		snprintf(loc, sizeof loc, "mbox:%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT, offs[i], lens[i]);
		ck_assert_str_eq(m->locator, loc);
		ck_assert_int_eq(m->offset, offs[i]);
		ck_assert_int_eq(m->length, lens[i]);
		ck_assert_int_eq(m->folder, 1);
		ck_assert_int_eq(m->parent, 0);
		ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
		expect_sha(m, data, offs[i], lens[i]);
	}
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(MSG(&c, i)->id, i + 1);
	ck_assert_str_eq(MSG(&c, 0)->subject, "first");
	ck_assert_ptr_nonnull(strstr(MSG(&c, 0)->body, "\nFrom here"));
	ck_assert_ptr_nonnull(strstr(MSG(&c, 0)->body, "\n>From there"));
	/* embedded: inner (parent 2), innermost (parent 3), after their parent */
	ck_assert_str_eq(MSG(&c, 2)->subject, "inner");
	ck_assert_int_eq(MSG(&c, 2)->parent, 2);
	ck_assert_int_eq(MSG(&c, 2)->folder, 1);
	ck_assert_str_eq(MSG(&c, 2)->origin, MC_ORIGIN_EMBEDDED);
	ck_assert(g_str_has_prefix(MSG(&c, 2)->locator, MSG(&c, 1)->locator));
	ck_assert_str_eq(MSG(&c, 3)->subject, "innermost");
	ck_assert_int_eq(MSG(&c, 3)->parent, 3);
	ck_assert_str_eq(MSG(&c, 4)->subject, "third");
	/* the leading garbage */
	ck_assert_uint_eq(c.problems->len, 1);
	ck_assert_str_eq(PROBLEM(&c, 0)->severity, "warning");
	ck_assert_str_eq(PROBLEM(&c, 0)->locator, "mbox:0+9");

	collect_free(&c);
	remove_tree(dir);
	g_free(path); g_free(dir); g_free(data);
}
END_TEST

/* A chunk that is no message is a warning and still a record; a refused
 * message is fatal; a file without any From_ line is fatal. */
START_TEST(mbox_problems)
{
	const char *data = F1 "\n\n\n\n" F2 "\nSubject: ok\n\nb\n";
	char *dir = temp_dir(), *path = g_build_filename(dir, "box", NULL);
	struct collect c;
	struct mc_reader r;
	write_file(path, data, strlen(data));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 2);
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_OTHER);
	ck_assert_ptr_null(r.variant);
	ck_assert_uint_eq(c.problems->len, 1);
	ck_assert_str_eq(PROBLEM(&c, 0)->severity, "warning");
	ck_assert_str_eq(PROBLEM(&c, 0)->locator, MSG(&c, 0)->locator);
	expect_sha(MSG(&c, 0), data, MSG(&c, 0)->offset, MSG(&c, 0)->length);
	collect_free(&c);

	collect_init(&c);
	c.fail_message_at = 2;
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_FATAL);
	ck_assert_uint_eq(c.msgs->len, 1);
	collect_free(&c);

	write_file(path, "just text\n", 10);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_FATAL);
	ck_assert_ptr_nonnull(strstr(r.error, "no From_"));
	collect_free(&c);

	write_file(path, "\n \n", 3);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 0);
	ck_assert_uint_eq(c.problems->len, 0);
	collect_free(&c);

	remove_tree(dir);
	g_free(path); g_free(dir);
}
END_TEST

/* A message longer than the splitter holds: its head kept, its SHA-256 and
 * length over all of it; the messages around it are whole (issue 22, 8). */
START_TEST(long_message_streams)
{
	GString *body = g_string_new(NULL);
	for (int i = 0; i < 300; i++)
		g_string_append_printf(body, "line %03d of a long body, padded to be longer\n", i);
	GString *mb = g_string_new("From a@b Mon Jan  1 00:00:00 2001\nSubject: one\n\nshort\n\n");
	size_t long_at = mb->len + strlen("From c@d Mon Jan  1 00:00:00 2001\n");
	g_string_append(mb, "From c@d Mon Jan  1 00:00:00 2001\nSubject: long\n\n");
	g_string_append(mb, body->str);
	size_t long_len = mb->len - long_at;
	g_string_append(mb, "\nFrom e@f Mon Jan  1 00:00:00 2001\nSubject: three\n\nlast\n\n");
	/* The same long message last, ended by the end of the file. */
	g_string_append(mb, "From g@h Mon Jan  1 00:00:00 2001\nSubject: long\n\n");
	g_string_append(mb, body->str);
	char *want_sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	                                             (const guchar *)mb->str + long_at, long_len);
	char *path = write_temp(mb->str, mb->len);
	FOR_CHUNKS(chunk) {
		struct got g = { 0 };
		struct mc_mbox_stats st;
		int fd = open(path, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(mc_mbox_split_limited(fd, chunk, 500, 40, collect, &g, &st), 0);
		close(fd);
		ck_assert_int_eq(g.n, 4);
		ck_assert_str_eq(g.bytes[0], "Subject: one\n\nshort\n");
		ck_assert_ptr_null(g.sha[0]);
		ck_assert_int_eq(g.off[1], (int64_t)long_at);
		ck_assert_int_eq(g.len[1], (int64_t)long_len);
		ck_assert_int_eq(g.held[1], 40);
		ck_assert(strncmp(g.bytes[1], mb->str + long_at, 40) == 0);
		ck_assert_ptr_nonnull(g.sha[1]);
		ck_assert_str_eq(g.sha[1], want_sha);
		ck_assert_str_eq(g.bytes[2], "Subject: three\n\nlast\n");
		ck_assert_ptr_null(g.sha[2]);
		ck_assert_int_eq(g.off[3] + g.len[3], (int64_t)mb->len);
		ck_assert_str_eq(g.sha[3], want_sha);   /* same bytes, up to the file's end */
		got_clear(&g);
	}
	unlink(path);
	g_free(path);
	g_free(want_sha);
	g_string_free(mb, TRUE);
	g_string_free(body, TRUE);
}
END_TEST

static Suite *mbox_suite(void)
{
	Suite *s = suite_create("mbox");
	TCase *t = tcase_create("split");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, simple_three);
	tcase_add_test(t, from_in_body_without_blank);
	tcase_add_test(t, from_after_text_with_headers);
	tcase_add_test(t, from_the_desk_after_blank);
	tcase_add_test(t, bare_and_headerless_from_lines);
	tcase_add_test(t, mboxrd_escapes);
	tcase_add_test(t, mboxo_escape_only);
	tcase_add_test(t, content_length_cl2);
	tcase_add_test(t, content_length_eof_and_wrong);
	tcase_add_test(t, crlf);
	tcase_add_test(t, cr_only);
	tcase_add_test(t, missing_final_newline);
	tcase_add_test(t, leading_garbage);
	tcase_add_test(t, no_from_line_at_all);
	tcase_add_test(t, empty_file);
	tcase_add_test(t, single_message_trailing_blank_or_not);
	tcase_add_test(t, large_message);
	tcase_add_test(t, from_line_across_chunk_boundary);
	tcase_add_test(t, callback_stops);
	tcase_add_test(t, read_error_is_reported);
	tcase_add_test(t, pipe_input);
	tcase_add_test(t, long_message_streams);
	suite_add_tcase(s, t);
	TCase *f = tcase_create("from_line");
	tcase_add_loop_test(f, from_line_accept, 0, G_N_ELEMENTS(accept_lines));
	tcase_add_loop_test(f, from_line_reject, 0, G_N_ELEMENTS(reject_lines));
	tcase_add_test(f, from_line_rejects_control_and_length);
	suite_add_tcase(s, f);
	TCase *r = tcase_create("read");
	tcase_add_test(r, mbox_read);
	tcase_add_test(r, mbox_problems);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	mc_mime_init();
	SRunner *sr = srunner_create(mbox_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
