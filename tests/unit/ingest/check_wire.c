/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_wire.c: unit tests of the worker wire format (analyzer/ingest/wire.c):
 * records written through the wire sink read back whole, a spool cut
 * anywhere or holding garbage reads as truncated; and forged spools: frame
 * headers claiming more bytes than the spool holds or than the documented
 * maximum must be refused before anything that large is allocated, with a
 * message naming the frame's spool offset.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "record.h"
#include "wire.h"
#include "../unit-util.h"

/* ---- round trip ---- */

static int spool_fd(void)
{
	char *p = tmp_path("spool");
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	g_free(p);
	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(wire_round_trip)
{
	int fd = spool_fd();
	struct mc_wire_out out;
	struct mc_sink sink;
	mc_wire_out_init(&out, fd);
	mc_wire_sink(&sink, &out);

	struct mc_folder *f = mc_folder_new();
	f->local_id = 2;
	f->name = g_strdup("Posteingang");
	f->path = g_strdup("Top/Posteingang");
	f->role = MC_ROLE_INBOX;
	ck_assert_int_eq(sink.folder(sink.ctx, f), 0);
	struct mc_message *m = sample_message();
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	ck_assert_int_eq(sink.problem(sink.ctx, "warning", "mbox:0+1", "odd"), 0);
	ck_assert_int_eq(mc_wire_write_end(&out, MC_WARN, "mboxrd", "3 bad", 1), 0);
	mc_wire_out_clear(&out);

	lseek(fd, 0, SEEK_SET);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_FOLDER);
	ck_assert_str_eq(rec.folder->name, "Posteingang");
	ck_assert_str_eq(rec.folder->role, MC_ROLE_INBOX);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_MESSAGE);
	struct mc_message *r = rec.message;
	ck_assert_int_eq(r->local_id, 7);
	ck_assert_int_eq(r->parent_local_id, 3);
	ck_assert_str_eq(r->origin, MC_ORIGIN_EMBEDDED);
	ck_assert_str_eq(r->subject, m->subject);
	ck_assert_str_eq(r->body_text, m->body_text);
	ck_assert_int_eq(r->date_offset, 480);
	ck_assert_int_eq(r->charset_mismatch, 1);
	ck_assert_int_eq(r->submit_time, 1300000000);
	ck_assert_int_eq(r->creation_time, MC_NO_TIME);
	ck_assert_int_eq(r->last_verb, 104);
	ck_assert_ptr_null(r->message_id);
	ck_assert_uint_eq(r->headers->len, 2);
	struct mc_header *h = g_ptr_array_index(r->headers, 0);
	ck_assert_str_eq(h->raw, "=?gb2312?B?...?= Budget");
	h = g_ptr_array_index(r->headers, 1);
	ck_assert_str_eq(h->value, "");
	ck_assert_ptr_null(h->raw);
	struct mc_recipient *rc = g_ptr_array_index(r->recipients, 0);
	ck_assert_str_eq(rc->kind, "cc");
	ck_assert_str_eq(rc->exdn, "/o=ORG/cn=anna");
	struct mc_attachment *a = g_ptr_array_index(r->attachments, 0);
	ck_assert_int_eq(a->size, 1024);
	ck_assert_str_eq(a->sha256, "cd");
	ck_assert_str_eq(r->warnings->str, "unparseable Date header: x");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_PROBLEM);
	ck_assert_str_eq(rec.problem.text, "odd");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_END);
	ck_assert_int_eq(rec.end.result, MC_WARN);
	ck_assert_str_eq(rec.end.variant, "mboxrd");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_EOF);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	mc_message_free(m);
	mc_folder_free(f);
	close(fd);
}
END_TEST

/* A new spool and a sink writing frames into it. */
static int spool_sink(struct mc_wire_out *out, struct mc_sink *sink)
{
	int fd = spool_fd();
	mc_wire_out_init(out, fd);
	mc_wire_sink(sink, out);
	return fd;
}

/* A frame cut anywhere reads as TRUNCATED after the whole frames before it. */
START_TEST(wire_truncated_anywhere)
{
	struct mc_wire_out out;
	struct mc_sink sink;
	int fd = spool_sink(&out, &sink);
	struct mc_message *m = sample_message();
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	off_t first = lseek(fd, 0, SEEK_CUR);
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	off_t total = lseek(fd, 0, SEEK_CUR);
	mc_wire_out_clear(&out);
	mc_message_free(m);

	for (off_t cut = first + 1; cut < total; cut++) {
		ck_assert_int_eq(ftruncate(fd, total), 0);
		ck_assert_int_eq(ftruncate(fd, cut), 0);
		lseek(fd, 0, SEEK_SET);
		struct mc_wire_in in;
		struct mc_wire_record rec = { 0 };
		mc_wire_in_init(&in, fd);
		ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_MESSAGE);
		ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
		mc_wire_record_clear(&rec);
		mc_wire_in_clear(&in);
	}
	close(fd);
}
END_TEST

START_TEST(wire_garbage)
{
	int fd = spool_fd();
	const char junk[] = "M\x05\x00\x00\x00\x01\x02\x03\x04\x05" "Zzzzzzzz";
	ck_assert_int_eq(write(fd, junk, sizeof junk - 1), (ssize_t)(sizeof junk - 1));
	lseek(fd, 0, SEEK_SET);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* ---- forged spools ---- */

/* An anonymous regular file holding len bytes of data, at offset 0. */
static int spool_with(const void *data, size_t len)
{
	char tmpl[] = "/tmp/check-wire-XXXXXX";
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	unlink(tmpl);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* A frame header: type byte and little-endian payload length. */
static void header(unsigned char h[5], char type, uint32_t len)
{
	h[0] = (unsigned char)type;
	for (int i = 0; i < 4; i++)
		h[1 + i] = (unsigned char)(len >> (8 * i));
}

/* The memory behind the reader's buffer stays small whatever was claimed. */
static void assert_small_buffer(const struct mc_wire_in *in)
{
	size_t usable = in->buf->data ? malloc_usable_size(in->buf->data) : 0;
	ck_assert_msg(usable < 4u * 1024 * 1024, "reader buffer holds %zu bytes", usable);
}

/* 1 GiB claimed by a 20-byte spool: refused, nothing that large allocated. */
START_TEST(wire_claim_beyond_spool)
{
	unsigned char spool[20] = { 0 };
	header(spool, MC_WIRE_MESSAGE, 1024u * 1024u * 1024u);
	int fd = spool_with(spool, sizeof spool);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	ck_assert_ptr_null(rec.message);
	ck_assert_msg(strstr(in.error, "spool offset 0") != NULL, "error: %s", in.error);
	ck_assert_msg(strstr(in.error, "1073741824") != NULL, "error: %s", in.error);
	ck_assert_msg(strstr(in.error, "spool holds (15)") != NULL, "error: %s", in.error);
	assert_small_buffer(&in);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* A length over MC_WIRE_MAX_FRAME is refused as such. */
START_TEST(wire_claim_beyond_maximum)
{
	unsigned char h[5];
	header(h, MC_WIRE_FOLDER, 0xFFFFFFF0u);
	int fd = spool_with(h, sizeof h);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	ck_assert_msg(strstr(in.error, "maximum frame size") != NULL, "error: %s", in.error);
	assert_small_buffer(&in);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* Good records, then a forged frame: the good ones are read, the error
 * names the forged frame's offset, and the reader stops there. */
START_TEST(wire_forged_after_good_records)
{
	char tmpl[] = "/tmp/check-wire-XXXXXX";
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	unlink(tmpl);
	struct mc_wire_out out;
	struct mc_sink sink;
	mc_wire_out_init(&out, fd);
	mc_wire_sink(&sink, &out);
	ck_assert_int_eq(sink.problem(sink.ctx, "warning", "mbox:0+1", "odd"), 0);
	ck_assert_int_eq(sink.problem(sink.ctx, "error", NULL, "worse"), 0);
	mc_wire_out_clear(&out);
	off_t forged_at = lseek(fd, 0, SEEK_CUR);
	unsigned char h[5];
	header(h, MC_WIRE_MESSAGE, 600u * 1024u * 1024u);
	ck_assert_int_eq(write(fd, h, sizeof h), 5);
	ck_assert_int_eq(write(fd, "0123456789", 10), 10);
	lseek(fd, 0, SEEK_SET);

	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_PROBLEM);
	ck_assert_str_eq(rec.problem.text, "odd");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_PROBLEM);
	ck_assert_str_eq(rec.problem.text, "worse");
	ck_assert_str_eq(in.error, "");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	char want[64];
	snprintf(want, sizeof want, "spool offset %lld:", (long long)forged_at);
	ck_assert_msg(strstr(in.error, want) != NULL, "error: %s (want %s)", in.error, want);
	assert_small_buffer(&in);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* Through a pipe the spool's size is unknown: the payload is read as it
 * arrives, so a 512 MiB claim backed by 10 bytes allocates little and
 * reads as cut short at its offset. */
START_TEST(wire_claim_through_pipe)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	unsigned char h[5];
	header(h, MC_WIRE_END, 512u * 1024u * 1024u);
	ck_assert_int_eq(write(p[1], h, sizeof h), 5);
	ck_assert_int_eq(write(p[1], "0123456789", 10), 10);
	close(p[1]);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, p[0]);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	ck_assert_msg(strstr(in.error, "spool offset 0 cut short: 10 of its 536870912 bytes") != NULL,
	              "error: %s", in.error);
	assert_small_buffer(&in);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(p[0]);
}
END_TEST

/* A frame whose declared length fits but whose fields do not. */
START_TEST(wire_malformed_fields)
{
	unsigned char spool[5 + 4];
	header(spool, MC_WIRE_PROBLEM, 4);
	memset(spool + 5, 0x7F, 4); /* a string length of 2 GiB inside a 4-byte payload */
	int fd = spool_with(spool, sizeof spool);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	ck_assert_msg(strstr(in.error, "malformed frame (type 0x50, 4 bytes) at spool offset 0") != NULL,
	              "error: %s", in.error);
	assert_small_buffer(&in);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* A header cut short: TRUNCATED with its offset; an empty spool: EOF. */
START_TEST(wire_short_header)
{
	int fd = spool_with("M\x01", 2);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	ck_assert_msg(strstr(in.error, "frame header at offset 0") != NULL, "error: %s", in.error);
	mc_wire_in_clear(&in);
	close(fd);
	fd = spool_with("", 0);
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_EOF);
	ck_assert_str_eq(in.error, "");
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* A spool read while its worker writes it, a byte at a time: a frame is
 * ready only once all of it is there, the bytes read ahead of it (the next
 * frame's first ones) are kept for it, and each record reads back whole. */
START_TEST(wire_growing_spool)
{
	struct mc_wire_out out;
	struct mc_sink sink;
	int fd = spool_sink(&out, &sink);
	struct mc_message *m = sample_message();
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	off_t first = lseek(fd, 0, SEEK_CUR);
	ck_assert_int_eq(sink.problem(sink.ctx, "warning", "pst:1", "odd"), 0);
	off_t second = lseek(fd, 0, SEEK_CUR);
	ck_assert_int_eq(mc_wire_write_end(&out, MC_OK, NULL, NULL, 1), 0);
	off_t total = lseek(fd, 0, SEEK_CUR);
	mc_wire_out_clear(&out);
	unsigned char *bytes = g_malloc((size_t)total);
	ck_assert_int_eq(pread(fd, bytes, (size_t)total, 0), (ssize_t)total);
	ck_assert_int_eq(ftruncate(fd, 0), 0);

	char *p = tmp_path("spool");
	int rfd = open(p, O_RDONLY);   /* the writer's own descriptor, as in ingest */
	g_free(p);
	ck_assert_int_ge(rfd, 0);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, rfd);
	enum mc_wire_type want[] = { MC_WIRE_MESSAGE, MC_WIRE_PROBLEM, MC_WIRE_END };
	size_t next = 0;
	for (off_t i = 0; i < total; i++) {
		ck_assert_int_eq(pwrite(fd, bytes + i, 1, i), 1);
		int ready = mc_wire_frame_ready(&in);
		/* the frames end at first, second and total */
		off_t ends[] = { first, second, total };
		int whole = next < G_N_ELEMENTS(ends) && i + 1 >= ends[next];
		ck_assert_msg(ready == whole, "byte %lld: ready %d", (long long)i, ready);
		while (ready && next < G_N_ELEMENTS(want)) {
			ck_assert_int_eq(mc_wire_read(&in, &rec), want[next]);
			next++;
			ready = next == G_N_ELEMENTS(want) ? 0 : mc_wire_frame_ready(&in);
		}
	}
	ck_assert_uint_eq(next, G_N_ELEMENTS(want));
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_EOF);
	ck_assert_uint_eq(in.offset, (uint64_t)total);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	mc_message_free(m);
	g_free(bytes);
	close(rfd);
	close(fd);
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *t = tcase_create("round-trip");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, wire_round_trip);
	tcase_add_test(t, wire_truncated_anywhere);
	tcase_add_test(t, wire_garbage);
	tcase_add_test(t, wire_growing_spool);
	/* wire_truncated_anywhere reads the spool again at every cut: 0.1 CPU s,
	 * 1.7 under ASan, past Check's 4 s default on a loaded machine */
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	t = tcase_create("forged");
	tcase_add_test(t, wire_claim_beyond_spool);
	tcase_add_test(t, wire_claim_beyond_maximum);
	tcase_add_test(t, wire_forged_after_good_records);
	tcase_add_test(t, wire_claim_through_pipe);
	tcase_add_test(t, wire_malformed_fields);
	tcase_add_test(t, wire_short_header);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(wire_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
