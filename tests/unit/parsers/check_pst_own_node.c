/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_own_node.c: unit tests of parsers/pst-own-node.c, the bridge of
 * our own PST reader from the NDB layer to the LTP layer: a node's data is
 * given to the LTP layer block by block and never held whole. On PSTs
 * written by ./mkevidence with one folder of 600 and one of 3,000 items,
 * every contents table is read row by row (each row also looked up by its
 * id, each cell read): the bytes of blocks a node holds stay at
 * MC_LTP_BLOCKS_KEPT blocks whatever the table's size, while the tables'
 * heaps span more blocks than that (issue 19: memory O(1) in the number of
 * items). Counted by the node (bytes_held_peak), not timed. Cells read
 * backwards (last row first) miss the blocks kept on every block: the data
 * tree is moved to the block by its index (mc_ndb_data_seek), so each miss
 * reads that block alone, not the heap again from its start (counted by
 * the NDB layer: mc_ndb_blocks_read). A stream moved by index gives the
 * same blocks as one read in order.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "../unit-util.h"
#include "mapi-values.h"
#include "pst-ltp.h"
#include "pst-ndb.h"
#include "pst-own-node.h"

static char *gen_dir;

static char *generate(size_t messages)
{
	const char *top = getenv("top_builddir");
	char *mk = g_build_filename(top ? top : ".", "mkevidence", NULL);
	char *out = g_strdup_printf("%s/m%zu", gen_dir, messages);
	char *cmd = g_strdup_printf("'%s' --scenario baseline --seed 1 --mailboxes 1 --weeks 1 "
	                            "--format pst --messages %zu --attachment-bytes 0 --out '%s' "
	                            ">/dev/null", mk, messages, out);
	if (system(cmd) != 0) {
		fprintf(stderr, "%s failed\n", cmd);
		exit(99);
	}
	g_free(cmd);
	g_free(mk);
	char *pst = g_build_filename(out, "oliver.grant.pst", NULL);
	g_free(out);
	return pst;
}

struct table_walk {
	size_t largest_rows, largest_blocks, peak;
	size_t blocks_read;   /* by the largest table's walk in order */
	uint64_t backward_reads; /* blocks read by its walk backwards */
};

/* Reads every row of contents table n: its row id cell, its lookup by id,
 * every cell. */
static void walk_table(mc_ndb *db, const mc_ndb_node *n, struct table_walk *w)
{
	struct mc_pst_node node;
	char err[256];
	ck_assert_int_eq(mc_pst_node_open(&node, db, n, err, sizeof err), 0);
	struct mc_ltp_tc tc;
	ck_assert_int_eq(mc_pst_node_tc(&node, &tc), 0);
	const struct mc_ltp_tc_col *rowid = mc_ltp_tc_column(&tc, 0x67F20003u);
	ck_assert_ptr_nonnull(rowid);
	/* as the reader walks a folder: the row ids, in order */
	unsigned char *d;
	size_t len;
	for (size_t i = 0; i < tc.nrows; i++) {
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, rowid, &d, &len), 1);
		g_free(d);
	}
	size_t walk_reads = node.blocks_read;
	/* then every row looked up by its id and every cell read */
	for (size_t i = 0; i < tc.nrows; i++) {
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, rowid, &d, &len), 1);
		size_t found = (size_t)-1;
		ck_assert_int_eq(mc_ltp_tc_find_row(&tc, mc_le32(d), &found), 1);
		ck_assert_uint_eq(found, i);
		g_free(d);
		for (unsigned c = 0; c < tc.ncols; c++) {
			ck_assert_int_ge(mc_ltp_tc_cell(&tc, i, &tc.cols[c], &d, &len), 0);
			g_free(d);
		}
	}
	/* every cell again, last row first */
	uint64_t before = mc_ndb_blocks_read(db);
	for (size_t i = tc.nrows; i-- > 0;)
		for (unsigned c = tc.ncols; c-- > 0;) {
			ck_assert_int_ge(mc_ltp_tc_cell(&tc, i, &tc.cols[c], &d, &len), 0);
			g_free(d);
		}
	uint64_t backward = mc_ndb_blocks_read(db) - before;
	ck_assert_uint_eq(tc.hn.err.count, 0);
	if (tc.nrows > w->largest_rows) {
		w->largest_rows = tc.nrows;
		w->largest_blocks = node.source.nblocks;
		w->blocks_read = walk_reads;
		w->backward_reads = backward;
	}
	if (node.bytes_held_peak > w->peak)
		w->peak = node.bytes_held_peak;
	mc_ltp_tc_close(&tc);
	mc_pst_node_close(&node);
}

static struct table_walk walk_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	mc_ndb_issue e;
	mc_ndb *db = mc_ndb_open(fd, &e);
	ck_assert_ptr_nonnull(db);
	struct table_walk w = { 0, 0, 0, 0, 0 };
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
	mc_ndb_node n;
	int rc;
	while ((rc = mc_ndb_nbt_iter_next(it, &n)) > 0)
		if ((n.nid & 0x1Fu) == 0x0E) /* a contents table */
			walk_table(db, &n, &w);
	ck_assert_int_eq(rc, 0);
	mc_ndb_nbt_iter_free(it);
	mc_ndb_close(db);
	close(fd);
	return w;
}

START_TEST(test_table_memory_flat)
{
	char *small = generate(600), *big = generate(3000);
	struct table_walk a = walk_file(small), b = walk_file(big);
	ck_assert_uint_ge(a.largest_rows, 600);
	ck_assert_uint_ge(b.largest_rows, 3000);
	/* the big table's heap spans several times the blocks kept... */
	ck_assert_uint_gt(b.largest_blocks, 2 * MC_LTP_BLOCKS_KEPT);
	ck_assert_uint_gt(b.largest_blocks, a.largest_blocks);
	/* ...and the node held no more than the blocks kept, for both */
	ck_assert_uint_le(a.peak, (size_t)MC_LTP_BLOCKS_KEPT * MC_NDB_BLOCK_MAX);
	ck_assert_uint_eq(b.peak, a.peak);
	/* the walk of the reader (row ids in order) read each block of the
	 * heap twice at most (opening the node, opening the heap): linear */
	ck_assert_uint_le(b.blocks_read, 2 * b.largest_blocks);
	ck_assert_uint_le(a.blocks_read, 2 * a.largest_blocks);
	/* backwards, each block of the heap (and of the row matrix) read about
	 * once: linear, where reading from the start on every miss was
	 * quadratic (about largest_blocks^2 / 2) */
	ck_assert_uint_gt(b.backward_reads, 0);
	ck_assert_uint_le(b.backward_reads, 3 * b.largest_blocks);
	g_free(small);
	g_free(big);
}
END_TEST

int main(void)
{
	gen_dir = g_build_filename(g_get_tmp_dir(), "mailcase-own-node.XXXXXX", NULL);
	if (!g_mkdtemp(gen_dir)) {
		perror(gen_dir);
		return 99;
	}
	Suite *s = suite_create("pst_own_node");
	TCase *tc = tcase_create("node");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_table_memory_flat);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	char *rm = g_strdup_printf("rm -rf '%s'", gen_dir);
	if (system(rm) != 0)
		fprintf(stderr, "cannot remove %s\n", gen_dir);
	g_free(rm);
	g_free(gen_dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
