/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-btree.c: the node and block B-trees of the NDB reader ([MS-PST]
 * 2.2.2.7): one page (512 bytes; 4096 in the 4K-page OST, whose cEnt is
 * two bytes wide) read and checked at a time (ptype and its
 * repeat, the BID in the trailer, cLevel, cEnt/cbEnt within the page are
 * errors; signature and CRC mismatches are warnings), lookup of a NID or
 * BID by descent, and the in-order iterators over both trees. A child page must be
 * exactly one level below its parent, so no descent can loop; the
 * iterator also needs strictly increasing keys and stops after as many
 * page visits as the file has pages. See pst-ndb.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pst-crypt.h"
#include "pst-ndb-internal.h"

#define PTYPE_BBT 0x80u
#define PTYPE_NBT 0x81u

typedef struct {
	uint8_t b[NDB_PAGE_MAX];
	unsigned cent, cbent, level;
	uint64_t ib, bid;
} bt_page;

/* The pages read last, so that the upper levels of both trees (and the
 * leaves a message's blocks share) are read and checked once, not on every
 * lookup: direct-mapped by page offset, PAGE_CACHE_SLOTS pages at most
 * (about 4 MiB of address space per open file, whatever its size, since a
 * slot holds a 4K-page OST's page; only the slots used are touched, about
 * 530 KiB at most for 512-byte pages). A page's warnings
 * (signature, CRC) are recorded again on every use, as without the cache. */
#define PAGE_CACHE_SLOTS 1024u

struct ndb_page_cache {
	struct page_slot {
		bt_page pg;
		uint8_t ptype, used, bad_sig, bad_crc;
	} slot[PAGE_CACHE_SLOTS];
};

void ndb_page_cache_free(mc_ndb *db)
{
	free(db->pages);
	db->pages = NULL;
}

uint64_t mc_ndb_pages_read(const mc_ndb *db)
{
	return db->pages_read;
}

/* Reads and checks the page itself: ptype, trailer BID, signature, CRC. */
static int load_page(mc_ndb *db, uint8_t ptype, uint64_t bid, uint64_t ib, bt_page *pg,
		     int *bad_sig, int *bad_crc)
{
	if (ib % NDB_PAGE_SIZE != 0 || ib < NDB_PAGE_SIZE)
		return ndb_fail(db, MC_NDB_CORRUPT, "B-tree page not on a page boundary", ib, bid, 0);
	db->pages_read++;
	int rc = ndb_pread(db, pg->b, db->page_size, ib, bid, 0);
	if (rc != MC_NDB_OK)
		return rc;
	const uint8_t *t = pg->b + db->page_data;
	if (t[0] != ptype || t[1] != ptype)
		return ndb_fail(db, MC_NDB_CORRUPT, ptype == PTYPE_NBT ? "not a node B-tree page (ptype)"
								       : "not a block B-tree page (ptype)",
				ib, bid, 0);
	uint16_t sig = ndb_le16(t + 2);
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	uint64_t tbid = db->ansi ? ndb_le32(t + 4) : ndb_le64(t + 8);
	if (tbid != bid)
		return ndb_fail(db, MC_NDB_CORRUPT, "B-tree page trailer names another BID", ib, bid, 0);
	*bad_sig = sig != ndb_sig(ib, bid);
	*bad_crc = crc != mc_pst_crc32(0, pg->b, db->page_data);
	const uint8_t *m = pg->b + db->page_entries;
	if (db->page4k) { /* cEnt(2) cEntMax(2) cbEnt cLevel */
		pg->cent = ndb_le16(m);
		pg->cbent = m[4];
		pg->level = m[5];
	} else { /* cEnt cEntMax cbEnt cLevel */
		pg->cent = m[0];
		pg->cbent = m[2];
		pg->level = m[3];
	}
	pg->ib = ib;
	pg->bid = bid;
	return MC_NDB_OK;
}

/* Reads the page (bid, ib) of the tree of type ptype; expect_level is the
 * level the parent requires, or -1 for the root. */
static int read_page(mc_ndb *db, uint8_t ptype, uint64_t bid, uint64_t ib, int expect_level, bt_page *pg)
{
	if (!db->pages)
		db->pages = calloc(1, sizeof *db->pages);
	struct page_slot *s = db->pages ? &db->pages->slot[(ib / NDB_PAGE_SIZE) % PAGE_CACHE_SLOTS] : NULL;
	int bad_sig = 0, bad_crc = 0;
	if (s && s->used && s->pg.ib == ib && s->pg.bid == bid && s->ptype == ptype) {
		*pg = s->pg;
		bad_sig = s->bad_sig;
		bad_crc = s->bad_crc;
	} else {
		int rc = load_page(db, ptype, bid, ib, pg, &bad_sig, &bad_crc);
		if (rc != MC_NDB_OK)
			return rc;
		if (s) {
			s->pg = *pg;
			s->ptype = ptype;
			s->used = 1;
			s->bad_sig = (uint8_t)bad_sig;
			s->bad_crc = (uint8_t)bad_crc;
		}
	}
	if (bad_sig)
		ndb_warn(db, "B-tree page signature mismatch", ib, bid, 0);
	if (bad_crc)
		ndb_warn(db, "B-tree page CRC mismatch", ib, bid, 0);
	if (expect_level >= 0 && pg->level != (unsigned)expect_level)
		return ndb_fail(db, MC_NDB_CORRUPT, "B-tree page at the wrong level (loop or bad pointer)", ib, bid,
				0);
	if (pg->level >= NDB_MAX_BT_DEPTH)
		return ndb_fail(db, MC_NDB_LIMIT, "B-tree deeper than the reader accepts", ib, bid, 0);
	unsigned need;
	if (pg->level > 0)
		need = 3 * db->idsize; /* BTENTRY: key, BREF */
	else if (ptype == PTYPE_NBT)
		need = 3 * db->idsize + 4; /* NBTENTRY */
	else
		need = 2 * db->idsize + 4; /* BBTENTRY */
	if (pg->cbent < need || (size_t)pg->cent * pg->cbent > db->page_entries)
		return ndb_fail(db, MC_NDB_CORRUPT, "B-tree page entry size or count out of range", ib, bid, 0);
	return MC_NDB_OK;
}

static inline const uint8_t *entry(const bt_page *pg, unsigned i)
{
	return pg->b + (size_t)i * pg->cbent;
}

/* The key of entry i: a NID (low 32 bits) in the NBT, a BID without its
 * reserved low bit in the BBT. */
static uint64_t entry_key(const mc_ndb *db, uint8_t ptype, const bt_page *pg, unsigned i)
{
	uint64_t k = ndb_id(db, entry(pg, i));
	return ptype == PTYPE_NBT ? (uint32_t)k : k & ~(uint64_t)1;
}

static void bbt_entry(const mc_ndb *db, const bt_page *pg, unsigned i, mc_ndb_block_ref *out)
{
	const uint8_t *e = entry(pg, i);
	const unsigned w = db->idsize;
	out->bid = ndb_id(db, e);
	out->ib = ndb_id(db, e + w);
	out->cb = ndb_le16(e + 2 * w);
	out->refs = ndb_le16(e + 2 * w + 2);
}

static void nbt_entry(const mc_ndb *db, const bt_page *pg, unsigned i, mc_ndb_node *out)
{
	const uint8_t *e = entry(pg, i);
	const unsigned w = db->idsize;
	out->nid = (uint32_t)ndb_id(db, e);
	out->bid_data = ndb_id(db, e + w);
	out->bid_sub = ndb_id(db, e + 2 * w);
	out->parent = ndb_le32(e + 3 * w);
}

/* Descends the tree to the leaf entry with that key. */
static int lookup(mc_ndb *db, uint8_t ptype, uint64_t key, bt_page *pg, unsigned *index)
{
	uint64_t bid = ptype == PTYPE_NBT ? db->h.nbt_bid : db->h.bbt_bid;
	uint64_t ib = ptype == PTYPE_NBT ? db->h.nbt_ib : db->h.bbt_ib;
	int expect = -1;
	for (unsigned depth = 0; depth <= NDB_MAX_BT_DEPTH; depth++) {
		int rc = read_page(db, ptype, bid, ib, expect, pg);
		if (rc != MC_NDB_OK)
			return rc;
		if (pg->level == 0) {
			for (unsigned i = 0; i < pg->cent; i++)
				if (entry_key(db, ptype, pg, i) == key) {
					*index = i;
					return MC_NDB_OK;
				}
			return MC_NDB_NOT_FOUND;
		}
		unsigned pick = pg->cent;
		for (unsigned i = 0; i < pg->cent && entry_key(db, ptype, pg, i) <= key; i++)
			pick = i;
		if (pick == pg->cent)
			return MC_NDB_NOT_FOUND;
		const uint8_t *e = entry(pg, pick);
		bid = ndb_id(db, e + db->idsize);
		ib = ndb_id(db, e + 2 * db->idsize);
		expect = (int)pg->level - 1;
	}
	return ndb_fail(db, MC_NDB_LIMIT, "B-tree descent too deep", ib, bid, 0);
}

int mc_ndb_node_lookup(mc_ndb *db, uint32_t nid, mc_ndb_node *out)
{
	bt_page pg;
	unsigned i;
	int rc = lookup(db, PTYPE_NBT, nid, &pg, &i);
	if (rc == MC_NDB_OK)
		nbt_entry(db, &pg, i, out);
	else if (rc < MC_NDB_NOT_FOUND)
		db->last_error.nid = nid;
	return rc;
}

void mc_ndb_set_block_source(mc_ndb *db, mc_ndb_block_source_fn fn, void *ctx)
{
	db->block_source = fn;
	db->block_source_ctx = ctx;
}

int mc_ndb_block_lookup(mc_ndb *db, uint64_t bid, mc_ndb_block_ref *out)
{
	bt_page pg;
	unsigned i;
	if (db->block_source) {
		int src = db->block_source(db->block_source_ctx, bid, out);
		if (src != MC_NDB_NOT_FOUND)
			return src;
	}
	int rc = lookup(db, PTYPE_BBT, bid & ~(uint64_t)1, &pg, &i);
	if (rc == MC_NDB_OK)
		bbt_entry(db, &pg, i, out);
	return rc;
}

struct mc_ndb_nbt_iter {
	mc_ndb *db;
	uint8_t ptype;
	bt_page page[NDB_MAX_BT_DEPTH];
	unsigned pos[NDB_MAX_BT_DEPTH];
	int top; /* index of the leaf-most page on the path, -1 before the start */
	int state; /* 0 running, 1 ended, <0 the error that ended it */
	uint64_t visits, max_visits;
	int have_last;
	uint64_t last;
};

static mc_ndb_nbt_iter *iter_new(mc_ndb *db, uint8_t ptype)
{
	mc_ndb_nbt_iter *it = calloc(1, sizeof *it);
	if (!it)
		return NULL;
	it->db = db;
	it->ptype = ptype;
	it->top = -1;
	it->max_visits = db->h.file_size / db->page_size + 1;
	return it;
}

mc_ndb_nbt_iter *mc_ndb_nbt_iter_new(mc_ndb *db)
{
	return iter_new(db, PTYPE_NBT);
}

void mc_ndb_nbt_iter_free(mc_ndb_nbt_iter *it)
{
	free(it);
}

struct mc_ndb_bbt_iter {
	mc_ndb_nbt_iter it;
};

mc_ndb_bbt_iter *mc_ndb_bbt_iter_new(mc_ndb *db)
{
	return (mc_ndb_bbt_iter *)iter_new(db, PTYPE_BBT);
}

void mc_ndb_bbt_iter_free(mc_ndb_bbt_iter *it)
{
	free(it);
}

static int iter_push(mc_ndb_nbt_iter *it, uint64_t bid, uint64_t ib, int expect)
{
	if (it->top + 1 >= (int)NDB_MAX_BT_DEPTH)
		return ndb_fail(it->db, MC_NDB_LIMIT, "B-tree deeper than the reader accepts", ib, bid, 0);
	if (++it->visits > it->max_visits)
		return ndb_fail(it->db, MC_NDB_LIMIT, "B-tree walk visits more pages than the file holds", ib, bid,
				0);
	int rc = read_page(it->db, it->ptype, bid, ib, expect, &it->page[it->top + 1]);
	if (rc != MC_NDB_OK)
		return rc;
	it->top++;
	it->pos[it->top] = 0;
	return MC_NDB_OK;
}

/* The next leaf entry of either tree: its page and index. */
static int iter_step(mc_ndb_nbt_iter *it, const bt_page **leaf, unsigned *index)
{
	mc_ndb *db = it->db;
	if (it->state)
		return it->state > 0 ? 0 : it->state;
	if (it->top < 0) {
		int rc = it->ptype == PTYPE_NBT ? iter_push(it, db->h.nbt_bid, db->h.nbt_ib, -1)
						: iter_push(it, db->h.bbt_bid, db->h.bbt_ib, -1);
		if (rc != MC_NDB_OK)
			return it->state = rc;
	}
	while (it->top >= 0) {
		bt_page *pg = &it->page[it->top];
		unsigned *pos = &it->pos[it->top];
		if (*pos >= pg->cent) {
			it->top--;
			continue;
		}
		unsigned i = (*pos)++;
		if (pg->level > 0) {
			const uint8_t *e = entry(pg, i);
			int rc = iter_push(it, ndb_id(db, e + db->idsize), ndb_id(db, e + 2 * db->idsize),
					   (int)pg->level - 1);
			if (rc != MC_NDB_OK)
				return it->state = rc;
			continue;
		}
		uint64_t key = entry_key(db, it->ptype, pg, i);
		if (it->have_last && key <= it->last)
			return it->state = ndb_fail(db, MC_NDB_CORRUPT, "B-tree keys out of order", pg->ib, pg->bid,
						    it->ptype == PTYPE_NBT ? (uint32_t)key : 0);
		it->have_last = 1;
		it->last = key;
		*leaf = pg;
		*index = i;
		return 1;
	}
	it->state = 1;
	return 0;
}

int mc_ndb_nbt_iter_next(mc_ndb_nbt_iter *it, mc_ndb_node *out)
{
	const bt_page *pg;
	unsigned i;
	int rc = iter_step(it, &pg, &i);
	if (rc > 0)
		nbt_entry(it->db, pg, i, out);
	return rc;
}

int mc_ndb_bbt_iter_next(mc_ndb_bbt_iter *bit, mc_ndb_block_ref *out)
{
	const bt_page *pg;
	unsigned i;
	int rc = iter_step(&bit->it, &pg, &i);
	if (rc > 0)
		bbt_entry(bit->it.db, pg, i, out);
	return rc;
}
