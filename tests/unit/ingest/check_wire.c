/*
 * check_wire.c: unit tests of the spool reader (analyzer/ingest/wire.c) against
 * forged spools: frame headers claiming more bytes than the spool holds or
 * than the documented maximum must be refused before anything that large
 * is allocated, with a message naming the frame's spool offset.
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

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *t = tcase_create("forged");
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
