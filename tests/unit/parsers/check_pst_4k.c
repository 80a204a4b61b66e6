/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_4k.c: unit tests of the 4K-page OST in our NDB reader
 * (parsers/pst-ndb.h, pst-inflate.h): the zlib inflating of one block (a
 * good stream, a stream cut short, a declared size larger or smaller than
 * the stream gives, a stream beyond the block limit, never a byte written
 * past it, a damaged stream), then a 4K OST written by mkevidence --format
 * ost4k: its header, every block of its BBT read and, when compressed,
 * equal to what zlib's uncompress gives from the bytes as stored; damaged
 * copies: a compressed block whose trailer declares a wrong size is read
 * (its stream checked out) with a warning naming its BID, one that declares
 * more than the block limit or whose stream is damaged is an error of that
 * block with its BID (the other blocks and nodes still read), a 4096-byte
 * B-tree page with a flipped byte (CRC warning) or a 2-byte cEnt out of
 * range (error).
 * The same files are compared with libpff in check_pst_ndb.c.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <glib.h>

#include "../unit-util.h"
#include "pst-inflate.h"
#include "pst-ndb.h"

static char *gen_ost; /* a 4K OST written by mkevidence once for the run */
static char *gen_dir;

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* ---- one compressed block ---- */

static uint8_t plain[5000];

static size_t deflated(uint8_t *z, size_t cap)
{
	for (size_t i = 0; i < sizeof plain; i++)
		plain[i] = (uint8_t)("Abwesenheitsnotiz: ich bin bis Montag nicht im Buero. "[i % 54] + i / 977);
	uLongf zl = (uLongf)cap;
	ck_assert_int_eq(compress2(z, &zl, plain, sizeof plain, 9), Z_OK);
	ck_assert_uint_lt(zl, sizeof plain);
	return zl;
}

START_TEST(test_inflate)
{
	uint8_t z[6000], out[sizeof plain + 16];
	size_t zl = deflated(z, sizeof z), got, cap = sizeof out;
	const char *why = NULL;

	memset(out, 0xA5, sizeof out);
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, cap, sizeof plain, &got, &why), 0);
	ck_assert_uint_eq(got, sizeof plain);
	ck_assert(memcmp(out, plain, sizeof plain) == 0);

	/* the stream cut short */
	ck_assert_int_eq(mc_pst_inflate(z, zl - 6, out, cap, sizeof plain, &got, &why), -1);
	ck_assert_str_eq(why, "compressed block: zlib stream cut short (truncated)");

	/* declared one byte more, or one less, than the checked stream gives:
	 * the stream's data, told apart */
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, cap, sizeof plain + 1, &got, &why), 1);
	ck_assert_uint_eq(got, sizeof plain);
	ck_assert_str_eq(why, "compressed block inflates to fewer bytes than its trailer declares");
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, cap, sizeof plain - 1, &got, &why), 1);
	ck_assert_uint_eq(got, sizeof plain);
	ck_assert_str_eq(why, "compressed block inflates to more bytes than its trailer declares");
	ck_assert(memcmp(out, plain, sizeof plain) == 0);

	/* a stream beyond the block limit: stopped there, nothing written past */
	memset(out, 0xA5, sizeof out);
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, sizeof plain - 1, sizeof plain - 1, &got, &why), -1);
	ck_assert_str_eq(why, "compressed block inflates beyond the block limit");
	for (size_t i = sizeof plain - 1; i < sizeof out; i++)
		ck_assert_uint_eq(out[i], 0xA5);

	/* a damaged stream: its zlib header, its Adler-32 */
	z[0] ^= 0x0F;
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, cap, sizeof plain, &got, &why), -1);
	ck_assert_str_eq(why, "compressed block: zlib stream damaged");
	z[0] ^= 0x0F;
	z[zl - 1] ^= 0x01;
	ck_assert_int_eq(mc_pst_inflate(z, zl, out, cap, sizeof plain, &got, &why), -1);
	ck_assert_str_eq(why, "compressed block: zlib stream damaged");
	z[zl - 1] ^= 0x01;
	/* nothing at all */
	ck_assert_int_eq(mc_pst_inflate(z, 0, out, cap, sizeof plain, &got, &why), -1);
	ck_assert_str_eq(why, "compressed block: zlib stream cut short (truncated)");
}
END_TEST

/* ---- a 4K OST ---- */

static void generate(void)
{
	const char *top = getenv("top_builddir");
	char *mk = g_build_filename(top ? top : ".", "mkevidence", NULL);
	gen_dir = g_build_filename(g_get_tmp_dir(), "mailcase-4k.XXXXXX", NULL);
	if (!g_mkdtemp(gen_dir)) {
		perror(gen_dir);
		exit(99);
	}
	char *cmd = g_strdup_printf("'%s' -s eu2011 -S 7 -m 1 -w 2 -n 3 -a 20000 -f ost4k -o '%s' >/dev/null", mk,
				    gen_dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "%s failed\n", cmd);
		exit(99);
	}
	g_free(cmd);
	g_free(mk);
	GDir *d = g_dir_open(gen_dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".ost"))
			gen_ost = g_build_filename(gen_dir, name, NULL);
	if (d)
		g_dir_close(d);
	if (!gen_ost) {
		fprintf(stderr, "mkevidence wrote no .ost\n");
		exit(99);
	}
}

/* A block as stored: where, its stored and inflated sizes. */
struct stored {
	uint64_t bid, ib;
	size_t cb, inflated, total;
};

static int read_stored(int fd, const mc_ndb_block_ref *r, struct stored *s, uint8_t *raw)
{
	s->bid = r->bid;
	s->ib = r->ib;
	s->cb = r->cb;
	s->total = ((size_t)r->cb + 24 + 511) / 512 * 512;
	ck_assert_int_eq(pread(fd, raw, s->total, (off_t)r->ib), (ssize_t)s->total);
	const uint8_t *t = raw + s->total - 24;
	ck_assert_uint_eq(le16(t), r->cb);
	ck_assert_uint_eq(le64(t + 8), r->bid);
	s->inflated = le16(t + 18);
	return s->inflated != s->cb && s->inflated && s->cb;
}

/* The first two compressed external blocks of the file. */
static void two_compressed(struct stored out[2])
{
	int fd = open(gen_ost, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(fd, &e);
	ck_assert_ptr_nonnull(db);
	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	mc_ndb_block_ref r;
	static uint8_t raw[65536];
	int found = 0;
	while (found < 2 && mc_ndb_bbt_iter_next(it, &r) > 0)
		if (read_stored(fd, &r, &out[found], raw))
			found++;
	ck_assert_int_eq(found, 2);
	mc_ndb_bbt_iter_free(it);
	mc_ndb_close(db);
	close(fd);
}

START_TEST(test_file)
{
	int fd = open(gen_ost, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(fd, &e);
	ck_assert_msg(db != NULL, "%s", e.what);
	const mc_ndb_header *h = mc_ndb_get_header(db);
	ck_assert_int_eq(h->format, MC_NDB_UNICODE_4K);
	ck_assert_uint_eq(h->version, 36);
	ck_assert_str_eq(h->client_magic, "SO");
	ck_assert_uint_eq(h->nbt_ib % 4096, 0);

	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	mc_ndb_block_ref r;
	static uint8_t raw[65536], buf[MC_NDB_BLOCK_MAX], ref[MC_NDB_BLOCK_MAX];
	long compressed = 0, plain_blocks = 0;
	int rc;
	while ((rc = mc_ndb_bbt_iter_next(it, &r)) > 0) {
		struct stored s;
		int z = read_stored(fd, &r, &s, raw);
		ck_assert_uint_eq(r.ib % 512, 0);
		size_t len;
		ck_assert_int_eq(mc_ndb_block_read(db, r.bid, buf, &len), MC_NDB_OK);
		if (z) {
			uLongf rl = sizeof ref;
			ck_assert_int_eq(uncompress(ref, &rl, raw, s.cb), Z_OK);
			ck_assert_uint_eq(rl, s.inflated);
			ck_assert_uint_eq(len, s.inflated);
			ck_assert(memcmp(buf, ref, len) == 0);
			compressed++;
		} else {
			ck_assert_uint_eq(len, s.cb);
			ck_assert(memcmp(buf, raw, len) == 0);
			plain_blocks++;
		}
	}
	ck_assert_int_eq(rc, 0);
	printf("%s: %ld compressed blocks, %ld stored as they are\n", gen_ost, compressed, plain_blocks);
	ck_assert_int_gt(compressed, 10);
	ck_assert_int_gt(plain_blocks, 10);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 0);
	ck_assert_ptr_null(mc_ndb_last_error(db));
	mc_ndb_bbt_iter_free(it);
	mc_ndb_close(db);
	close(fd);
}
END_TEST

/* A copy of the OST with `bytes` put at `off`, opened. */
static mc_ndb *damaged(const uint8_t *bytes, size_t n, uint64_t off, int *fd)
{
	gchar *all;
	gsize size;
	ck_assert(g_file_get_contents(gen_ost, &all, &size, NULL));
	ck_assert_uint_le(off + n, size);
	memcpy(all + off, bytes, n);
	char *dst = tmp_path("damaged.ost");
	ck_assert(g_file_set_contents(dst, all, (gssize)size, NULL));
	g_free(all);
	*fd = open(dst, O_RDONLY);
	g_free(dst);
	ck_assert_int_ge(*fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(*fd, &e);
	ck_assert_ptr_nonnull(db);
	return db;
}

/* Every node's data read: returns how many could not be. */
static long nodes_unread(mc_ndb *db)
{
	long ok = 0, bad = 0;
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
	mc_ndb_node n;
	while (mc_ndb_nbt_iter_next(it, &n) > 0) {
		uint8_t *data;
		size_t dl;
		if (mc_ndb_node_data(db, n.bid_data, n.nid, 1u << 26, &data, &dl) == MC_NDB_OK) {
			free(data);
			ok++;
		} else {
			bad++;
		}
	}
	mc_ndb_nbt_iter_free(it);
	ck_assert_int_gt(ok, 20);
	return bad;
}

/* Block s fails with `what` and its BID; block t still reads; of the
 * nodes, at most one fails. */
static void expect_block_error(mc_ndb *db, const struct stored *s, const struct stored *t, const char *what)
{
	static uint8_t buf[MC_NDB_BLOCK_MAX];
	size_t len;
	ck_assert_int_eq(mc_ndb_block_read(db, s->bid, buf, &len), MC_NDB_CORRUPT);
	const mc_ndb_issue *e = mc_ndb_last_error(db);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->what, what);
	ck_assert_uint_eq(e->bid, s->bid);
	ck_assert_uint_eq(e->offset, s->ib);
	ck_assert_int_eq(mc_ndb_block_read(db, t->bid, buf, &len), MC_NDB_OK);
	ck_assert_uint_eq(len, t->inflated);
	ck_assert_int_le(nodes_unread(db), 1);
}

/* Block s reads, as its stream gives it, with the warning `what` and its
 * BID; every node reads. */
static void expect_block_warning(mc_ndb *db, const struct stored *s, const char *what)
{
	static uint8_t buf[MC_NDB_BLOCK_MAX];
	size_t len;
	ck_assert_int_eq(mc_ndb_block_read(db, s->bid, buf, &len), MC_NDB_OK);
	ck_assert_uint_eq(len, s->inflated);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 1);
	ck_assert_str_eq(mc_ndb_warning(db, 0)->what, what);
	ck_assert_uint_eq(mc_ndb_warning(db, 0)->bid, s->bid);
	ck_assert_int_eq(nodes_unread(db), 0);
}

START_TEST(test_damaged_block)
{
	struct stored s[2];
	two_compressed(s);
	uint8_t v[16];
	int fd;
	const uint64_t at = s[0].ib + s[0].total - 24 + 18; /* the inflated size */

	put16(v, (uint16_t)(s[0].inflated + 1));
	mc_ndb *db = damaged(v, 2, at, &fd);
	expect_block_warning(db, &s[0], "compressed block inflates to fewer bytes than its trailer declares");
	mc_ndb_close(db);
	close(fd);

	put16(v, (uint16_t)(s[0].inflated - 1));
	db = damaged(v, 2, at, &fd);
	expect_block_warning(db, &s[0], "compressed block inflates to more bytes than its trailer declares");
	mc_ndb_close(db);
	close(fd);

	put16(v, 65535); /* above 65536 less the trailer */
	db = damaged(v, 2, at, &fd);
	expect_block_error(db, &s[0], &s[1], "compressed block: inflated size above the block limit");
	mc_ndb_close(db);
	close(fd);

	/* the stream's Adler-32 (its last 4 bytes) changed: the stored bytes
	 * no longer match their CRC either */
	memset(v, 0xFF, sizeof v);
	db = damaged(v, 4, s[0].ib + s[0].cb - 4, &fd);
	static uint8_t buf[MC_NDB_BLOCK_MAX];
	size_t len;
	ck_assert_int_eq(mc_ndb_block_read(db, s[0].bid, buf, &len), MC_NDB_CORRUPT);
	ck_assert_uint_eq(mc_ndb_last_error(db)->bid, s[0].bid);
	ck_assert_str_eq(mc_ndb_last_error(db)->what, "compressed block: zlib stream damaged");
	ck_assert_uint_eq(mc_ndb_warning_count(db), 1);
	ck_assert_str_eq(mc_ndb_warning(db, 0)->what, "block CRC mismatch");
	mc_ndb_close(db);
	close(fd);
}
END_TEST

START_TEST(test_page)
{
	int fd;
	mc_ndb_issue e;
	fd = open(gen_ost, O_RDONLY);
	mc_ndb *db = mc_ndb_open(fd, &e);
	ck_assert_ptr_nonnull(db);
	uint64_t bbt = mc_ndb_get_header(db)->bbt_ib;
	mc_ndb_block_ref r;
	mc_ndb_bbt_iter *it = mc_ndb_bbt_iter_new(db);
	ck_assert_int_eq(mc_ndb_bbt_iter_next(it, &r), 1);
	mc_ndb_bbt_iter_free(it);
	mc_ndb_close(db);
	close(fd);

	/* a byte of the 4072 the page CRC covers, past the entries in use */
	uint8_t v[2] = { 0x5A, 0 };
	db = damaged(v, 1, bbt + 4062, &fd);
	mc_ndb_block_ref again;
	ck_assert_int_eq(mc_ndb_block_lookup(db, r.bid, &again), MC_NDB_OK);
	ck_assert_uint_eq(again.ib, r.ib);
	ck_assert_uint_eq(mc_ndb_warning_count(db), 1);
	ck_assert_str_eq(mc_ndb_warning(db, 0)->what, "B-tree page CRC mismatch");
	mc_ndb_close(db);
	close(fd);

	/* cEnt is two bytes in a 4K page: 512 entries of 24 bytes do not fit */
	put16(v, 512);
	db = damaged(v, 2, bbt + 4056, &fd);
	ck_assert_int_eq(mc_ndb_block_lookup(db, r.bid, &again), MC_NDB_CORRUPT);
	ck_assert_str_eq(mc_ndb_last_error(db)->what, "B-tree page entry size or count out of range");
	ck_assert_uint_eq(mc_ndb_last_error(db)->offset, bbt);
	mc_ndb_close(db);
	close(fd);
}
END_TEST

int main(void)
{
	generate();
	Suite *s = suite_create("pst_4k");
	TCase *tc = tcase_create("4k");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(tc, test_inflate);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_damaged_block);
	tcase_add_test(tc, test_page);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	char *rm = g_strdup_printf("rm -rf '%s'", gen_dir);
	if (system(rm) != 0)
		failed++;
	g_free(rm);
	g_free(gen_dir);
	g_free(gen_ost);
	return failed ? 1 : 0;
}
