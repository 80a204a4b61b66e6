/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-ndb.c: our PST NDB reader (parsers/pst-ndb.h) on the input as a
 * PST file: open, then walk the node B-tree; for every node look it up
 * again, read its data block by block and whole (capped), walk its
 * subnode tree (nested, to a small depth) reading each subnode's data;
 * then walk the block B-tree. Contracts: open fails with an error status
 * and a text; every walk ends (the caps here only bound the time per
 * input: the reader's own guards must stop loops); data never exceeds the
 * cap; a walk that ended stays ended; statuses are documented ones.
 */
#include "config.h"
#include "fuzz.h"
#include "pst-ndb.h"

#define CAP ((size_t)1 << 20)
#define MAX_NODES 4000

static int documented(int rc)
{
	return rc == MC_NDB_OK || rc == MC_NDB_NOT_FOUND || rc == MC_NDB_IO || rc == MC_NDB_CORRUPT ||
	       rc == MC_NDB_UNSUPPORTED || rc == MC_NDB_LIMIT || rc == MC_NDB_NOMEM;
}

static long budget;

static void read_node(mc_ndb *db, uint64_t bid, uint32_t nid)
{
	if (--budget < 0)
		return;
	mc_ndb_data *d = mc_ndb_data_open(db, bid, nid);
	if (d) {
		const uint8_t *p;
		size_t n;
		int rc;
		uint64_t total = 0;
		while ((rc = mc_ndb_data_next(d, &p, &n)) > 0) {
			FUZZ_CHECK(n <= MC_NDB_BLOCK_MAX, "a block is at most 64 KiB (8 KiB but in 4K OSTs)");
			FUZZ_CHECK(p != NULL || n == 0, "block data exists");
			total += n;
			if (total > 64u * CAP)
				break;
		}
		FUZZ_CHECK(rc >= 0 || documented(rc), "a documented status");
		if (rc <= 0)
			FUZZ_CHECK(mc_ndb_data_next(d, &p, &n) == rc, "an ended stream stays ended");
		mc_ndb_data_free(d);
	} else {
		FUZZ_CHECK(mc_ndb_last_error(db) != NULL, "a failed open says why");
	}
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc = mc_ndb_node_data(db, bid, nid, CAP, &buf, &len);
	FUZZ_CHECK(documented(rc), "a documented status");
	FUZZ_CHECK(rc != MC_NDB_OK || (buf != NULL && len <= CAP), "whole data within the cap");
	FUZZ_CHECK(rc == MC_NDB_OK || buf == NULL, "nothing returned on failure");
	free(buf);
}

static void walk_subnodes(mc_ndb *db, uint64_t bid_sub, uint32_t owner, int depth)
{
	if (depth > 3 || budget < 0)
		return;
	mc_ndb_sub_iter *it = mc_ndb_sub_iter_new(db, bid_sub, owner);
	FUZZ_CHECK(it != NULL, "iterator allocated");
	mc_ndb_node s;
	int rc;
	while (budget >= 0 && (rc = mc_ndb_sub_iter_next(it, &s)) > 0) {
		mc_ndb_node again;
		FUZZ_CHECK(documented(mc_ndb_subnode_lookup(db, bid_sub, s.nid, &again)), "a documented status");
		read_node(db, s.bid_data, s.nid);
		if (s.bid_sub)
			walk_subnodes(db, s.bid_sub, s.nid, depth + 1);
	}
	mc_ndb_sub_iter_free(it);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = fuzz_fd(data, size);
	mc_ndb_issue err;
	mc_ndb *db = mc_ndb_open(fd, &err);
	if (!db) {
		FUZZ_CHECK(err.status < 0 && err.what != NULL, "a refused file says why");
		close(fd);
		return 0;
	}
	const mc_ndb_header *h = mc_ndb_get_header(db);
	FUZZ_CHECK(h->format == MC_NDB_ANSI || h->format == MC_NDB_UNICODE || h->format == MC_NDB_UNICODE_4K,
		   "an accepted format");
	FUZZ_CHECK(h->crypt <= MC_NDB_CRYPT_CYCLIC, "an accepted encoding");
	budget = MAX_NODES;
	mc_ndb_nbt_iter *it = mc_ndb_nbt_iter_new(db);
	FUZZ_CHECK(it != NULL, "iterator allocated");
	mc_ndb_node n;
	int rc;
	while (budget >= 0 && (rc = mc_ndb_nbt_iter_next(it, &n)) > 0) {
		mc_ndb_node again;
		FUZZ_CHECK(documented(mc_ndb_node_lookup(db, n.nid, &again)), "a documented status");
		read_node(db, n.bid_data, n.nid);
		if (n.bid_sub)
			walk_subnodes(db, n.bid_sub, n.nid, 0);
	}
	if (budget >= 0) {
		FUZZ_CHECK(rc == 0 || documented(rc), "a documented status");
		FUZZ_CHECK(mc_ndb_nbt_iter_next(it, &n) == rc, "an ended walk stays ended");
	}
	mc_ndb_nbt_iter_free(it);

	mc_ndb_bbt_iter *bit = mc_ndb_bbt_iter_new(db);
	FUZZ_CHECK(bit != NULL, "iterator allocated");
	mc_ndb_block_ref r;
	long blocks = 0;
	while ((rc = mc_ndb_bbt_iter_next(bit, &r)) > 0)
		blocks++;
	FUZZ_CHECK(rc == 0 || documented(rc), "a documented status");
	FUZZ_CHECK((uint64_t)blocks <= size / 8 * 64 + 1, "no more BBT entries than the pages can hold");
	mc_ndb_bbt_iter_free(bit);

	for (size_t i = 0; i < mc_ndb_warning_count(db) && i < MC_NDB_KEPT_WARNINGS; i++)
		FUZZ_CHECK(mc_ndb_warning(db, i)->what != NULL, "a warning says what");
	mc_ndb_close(db);
	close(fd);
	return 0;
}
