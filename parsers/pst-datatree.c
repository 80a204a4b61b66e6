/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-datatree.c: the trees of blocks under a node ([MS-PST] 2.2.2.8.3):
 * data trees (a single external block, or an XBLOCK / XXBLOCK of BIDs
 * leading to them) streamed block by block, and subnode trees (SLBLOCK
 * of SLENTRYs, SIBLOCK of SIENTRYs above them) looked up and walked. A
 * child block must be one level below its parent (no loops), internal and
 * external blocks must be where the format says, entry counts must fit
 * the block; a data tree whose blocks do not add up to lcbTotal is a
 * warning. See pst-ndb.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pst-ndb-internal.h"

#define BTYPE_XBLOCK 0x01u
#define BTYPE_SUBNODE 0x02u

static inline int is_internal(uint64_t bid)
{
	return (bid & 2u) != 0;
}

/* mc_ndb_block_read, with the node's NID put on what it records. */
static int read_block(mc_ndb *db, uint64_t bid, uint32_t nid, uint8_t *buf, size_t *len)
{
	size_t w0 = db->nwarn;
	int rc = mc_ndb_block_read(db, bid, buf, len);
	for (size_t i = w0; i < db->nwarn && i < MC_NDB_KEPT_WARNINGS; i++)
		db->warn[i].nid = nid;
	if (rc < MC_NDB_OK)
		db->last_error.nid = nid;
	return rc;
}

/* ---- data trees ---- */

struct mc_ndb_data {
	mc_ndb *db;
	uint32_t nid;
	uint64_t bid;
	unsigned levels; /* 0 one external block, 1 XBLOCK, 2 XXBLOCK */
	uint64_t declared, delivered;
	unsigned xxcount, xxpos, xcount, xpos;
	size_t datalen;
	int state; /* 0 running, 1 ended, <0 error */
	int x_loaded;
	int sought; /* mc_ndb_data_seek moved it: the blocks given do not add up */
	uint64_t xbase; /* XXBLOCK: leaf index of the loaded XBLOCK's first entry */
	/* the buffers last: mc_ndb_data_open clears what comes before them */
	uint8_t xx[MC_NDB_BLOCK_MAX], x[MC_NDB_BLOCK_MAX], data[MC_NDB_BLOCK_MAX];
};

/* Checks an XBLOCK/XXBLOCK of len bytes at level; returns its cEnt. */
static int parse_xblock(mc_ndb *db, const uint8_t *b, size_t len, unsigned level, uint64_t bid, uint32_t nid,
			unsigned *count, uint64_t *total)
{
	if (len < 8 || b[0] != BTYPE_XBLOCK)
		return ndb_fail(db, MC_NDB_CORRUPT, "internal block of a data tree is not an XBLOCK", 0, bid, nid);
	if (b[1] != level)
		return ndb_fail(db, MC_NDB_CORRUPT, "data tree block at the wrong level (loop or bad pointer)", 0,
				bid, nid);
	unsigned n = ndb_le16(b + 2);
	if (n == 0 || 8 + (size_t)n * db->idsize > len)
		return ndb_fail(db, MC_NDB_CORRUPT, "XBLOCK entry count out of range", 0, bid, nid);
	*count = n;
	*total = ndb_le32(b + 4);
	return MC_NDB_OK;
}

mc_ndb_data *mc_ndb_data_open(mc_ndb *db, uint64_t bid, uint32_t nid)
{
	mc_ndb_data *d = malloc(sizeof *d);
	if (!d) {
		ndb_fail(db, MC_NDB_NOMEM, "out of memory", 0, bid, nid);
		return NULL;
	}
	memset(d, 0, offsetof(mc_ndb_data, xx));
	d->db = db;
	d->nid = nid;
	d->bid = bid;
	d->x_loaded = 0;
	size_t len;
	if (bid == 0) { /* a node without data: an empty stream */
		d->levels = 0;
		d->datalen = 0;
		d->declared = 0;
		return d;
	}
	if (!is_internal(bid)) {
		if (read_block(db, bid, nid, d->data, &d->datalen) != MC_NDB_OK)
			goto fail;
		d->levels = 0;
		d->declared = d->datalen;
		return d;
	}
	if (read_block(db, bid, nid, d->xx, &len) != MC_NDB_OK)
		goto fail;
	if (len < 2 || (d->xx[1] != 1 && d->xx[1] != 2)) {
		ndb_fail(db, MC_NDB_CORRUPT, "data tree root is neither an XBLOCK nor an XXBLOCK", 0, bid, nid);
		goto fail;
	}
	d->levels = d->xx[1];
	if (parse_xblock(db, d->xx, len, d->levels, bid, nid, &d->xxcount, &d->declared) != MC_NDB_OK)
		goto fail;
	if (d->levels == 1) {
		memcpy(d->x, d->xx, len);
		d->xcount = d->xxcount;
		d->x_loaded = 1;
	}
	return d;
fail:
	free(d);
	return NULL;
}

uint64_t mc_ndb_data_declared_size(const mc_ndb_data *d)
{
	return d->declared;
}

void mc_ndb_data_free(mc_ndb_data *d)
{
	free(d);
}

static int data_end(mc_ndb_data *d)
{
	if (!d->sought && d->delivered != d->declared)
		ndb_warn(d->db, "data tree blocks do not add up to lcbTotal", 0, d->bid, d->nid);
	d->state = 1;
	return 0;
}

/* Loads the XBLOCK of entry i of the XXBLOCK (d->x, d->xcount), whose
 * first entry is leaf block `base` of the tree; the next one to load is
 * then i + 1. */
static int load_x(mc_ndb_data *d, unsigned i, uint64_t base)
{
	mc_ndb *db = d->db;
	uint64_t xb = ndb_id(db, d->xx + 8 + (size_t)i * db->idsize);
	size_t xl;
	uint64_t sub_total;
	d->x_loaded = 0;
	d->xxpos = i + 1;
	if (!is_internal(xb))
		return ndb_fail(db, MC_NDB_CORRUPT, "XXBLOCK entry is not an internal block", 0, xb, d->nid);
	int rc = read_block(db, xb, d->nid, d->x, &xl);
	if (rc == MC_NDB_OK)
		rc = parse_xblock(db, d->x, xl, 1, xb, d->nid, &d->xcount, &sub_total);
	if (rc != MC_NDB_OK)
		return rc;
	d->x_loaded = 1;
	d->xbase = base;
	d->xpos = 0;
	return MC_NDB_OK;
}

int mc_ndb_data_seek(mc_ndb_data *d, uint64_t index)
{
	if (d->state < 0)
		return d->state;
	d->sought = 1;
	d->state = 0;
	if (d->levels == 0) {
		if (index > 0)
			d->state = 1;
		return MC_NDB_OK;
	}
	if (d->x_loaded && index >= d->xbase && index - d->xbase < d->xcount) {
		d->xpos = (unsigned)(index - d->xbase);
		return MC_NDB_OK;
	}
	if (d->levels == 1) { /* past its end */
		d->xpos = d->xcount;
		return MC_NDB_OK;
	}
	/* XXBLOCK: the XBLOCKs from the one loaded (seeking forward) or from
	 * the first (backward) are read for their cEnt up to the one holding
	 * index: internal blocks only, no data block read on the way */
	unsigned i = 0;
	uint64_t base = 0;
	if (d->x_loaded && index >= d->xbase) {
		i = d->xxpos;
		base = d->xbase + d->xcount;
	}
	for (; i < d->xxcount; i++) {
		int rc = load_x(d, i, base);
		if (rc != MC_NDB_OK)
			return d->state = rc;
		if (index - base < d->xcount) {
			d->xpos = (unsigned)(index - base);
			return MC_NDB_OK;
		}
		base += d->xcount;
	}
	d->xpos = d->xcount; /* past the end */
	return MC_NDB_OK;
}

int mc_ndb_data_next(mc_ndb_data *d, const uint8_t **data, size_t *len)
{
	mc_ndb *db = d->db;
	if (d->state)
		return d->state > 0 ? 0 : d->state;
	if (d->levels == 0) {
		d->state = 1;
		d->delivered = d->datalen;
		*data = d->data;
		*len = d->datalen;
		return 1;
	}
	while (!d->x_loaded || d->xpos >= d->xcount) {
		if (d->levels == 1 || d->xxpos >= d->xxcount)
			return data_end(d);
		int rc = load_x(d, d->xxpos, d->x_loaded ? d->xbase + d->xcount : 0);
		if (rc != MC_NDB_OK)
			return d->state = rc;
	}
	uint64_t b = ndb_id(db, d->x + 8 + (size_t)d->xpos++ * db->idsize);
	if (is_internal(b))
		return d->state = ndb_fail(db, MC_NDB_CORRUPT, "XBLOCK entry is not an external block", 0, b, d->nid);
	int rc = read_block(db, b, d->nid, d->data, &d->datalen);
	if (rc != MC_NDB_OK)
		return d->state = rc;
	d->delivered += d->datalen;
	*data = d->data;
	*len = d->datalen;
	return 1;
}

int mc_ndb_node_data(mc_ndb *db, uint64_t bid, uint32_t nid, size_t cap, uint8_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	mc_ndb_data *d = mc_ndb_data_open(db, bid, nid);
	if (!d)
		return db->last_error.status ? db->last_error.status : MC_NDB_NOMEM;
	if (d->declared > cap) {
		mc_ndb_data_free(d);
		return ndb_fail(db, MC_NDB_LIMIT, "node data larger than the cap", 0, bid, nid);
	}
	size_t size = 0, alloc = d->declared ? (size_t)d->declared : 1;
	uint8_t *buf = malloc(alloc);
	const uint8_t *p;
	size_t n;
	int rc;
	while (buf && (rc = mc_ndb_data_next(d, &p, &n)) > 0) {
		if (n > cap - size) {
			rc = ndb_fail(db, MC_NDB_LIMIT, "node data larger than the cap", 0, bid, nid);
			break;
		}
		if (size + n > alloc) {
			size_t na = alloc * 2 > size + n ? alloc * 2 : size + n;
			if (na > cap)
				na = cap;
			uint8_t *nb = realloc(buf, na);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			alloc = na;
		}
		memcpy(buf + size, p, n);
		size += n;
	}
	mc_ndb_data_free(d);
	if (!buf)
		return ndb_fail(db, MC_NDB_NOMEM, "out of memory", 0, bid, nid);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = size;
	return MC_NDB_OK;
}

/* ---- subnode trees ---- */

typedef struct {
	uint8_t b[MC_NDB_BLOCK_MAX];
	size_t len;
	unsigned count, level;
	uint64_t bid;
} sub_block;

static int read_sub_block(mc_ndb *db, uint64_t bid, uint32_t owner, int expect_level, sub_block *sb)
{
	if (!is_internal(bid))
		return ndb_fail(db, MC_NDB_CORRUPT, "subnode tree block is not an internal block", 0, bid, owner);
	int rc = read_block(db, bid, owner, sb->b, &sb->len);
	if (rc != MC_NDB_OK)
		return rc;
	const size_t hdr = db->ansi ? 4 : 8;
	if (sb->len < hdr || sb->b[0] != BTYPE_SUBNODE)
		return ndb_fail(db, MC_NDB_CORRUPT, "subnode tree block is not an SLBLOCK/SIBLOCK", 0, bid, owner);
	sb->level = sb->b[1];
	if (sb->level > 1 || (expect_level >= 0 && sb->level != (unsigned)expect_level))
		return ndb_fail(db, MC_NDB_CORRUPT, "subnode tree block at the wrong level (loop or bad pointer)", 0,
				bid, owner);
	sb->count = ndb_le16(sb->b + 2);
	size_t esize = (sb->level ? 2u : 3u) * db->idsize;
	if (hdr + sb->count * esize > sb->len)
		return ndb_fail(db, MC_NDB_CORRUPT, "subnode tree entry count out of range", 0, bid, owner);
	sb->bid = bid;
	return MC_NDB_OK;
}

static const uint8_t *sub_entry(const mc_ndb *db, const sub_block *sb, unsigned i)
{
	const size_t hdr = db->ansi ? 4 : 8;
	return sb->b + hdr + (size_t)i * (sb->level ? 2u : 3u) * db->idsize;
}

static void sl_entry(const mc_ndb *db, const sub_block *sb, unsigned i, mc_ndb_node *out)
{
	const uint8_t *e = sub_entry(db, sb, i);
	out->nid = (uint32_t)ndb_id(db, e);
	out->bid_data = ndb_id(db, e + db->idsize);
	out->bid_sub = ndb_id(db, e + 2 * db->idsize);
	out->parent = 0;
}

int mc_ndb_subnode_lookup(mc_ndb *db, uint64_t bid_sub, uint32_t nid, mc_ndb_node *out)
{
	sub_block *sb = malloc(sizeof *sb);
	if (!sb)
		return ndb_fail(db, MC_NDB_NOMEM, "out of memory", 0, bid_sub, nid);
	int rc = read_sub_block(db, bid_sub, nid, -1, sb);
	if (rc == MC_NDB_OK && sb->level == 1) {
		unsigned pick = sb->count;
		for (unsigned i = 0; i < sb->count && (uint32_t)ndb_id(db, sub_entry(db, sb, i)) <= nid; i++)
			pick = i;
		if (pick == sb->count)
			rc = MC_NDB_NOT_FOUND;
		else
			rc = read_sub_block(db, ndb_id(db, sub_entry(db, sb, pick) + db->idsize), nid, 0, sb);
	}
	if (rc == MC_NDB_OK) {
		rc = MC_NDB_NOT_FOUND;
		for (unsigned i = 0; i < sb->count; i++)
			if ((uint32_t)ndb_id(db, sub_entry(db, sb, i)) == nid) {
				sl_entry(db, sb, i, out);
				rc = MC_NDB_OK;
				break;
			}
	}
	free(sb);
	return rc;
}

struct mc_ndb_sub_iter {
	mc_ndb *db;
	uint32_t owner;
	uint64_t root;
	sub_block top, leaf; /* top is the SIBLOCK when there is one */
	unsigned top_pos, leaf_pos;
	int started, have_leaf, state, have_last;
	uint32_t last;
};

mc_ndb_sub_iter *mc_ndb_sub_iter_new(mc_ndb *db, uint64_t bid_sub, uint32_t owner_nid)
{
	mc_ndb_sub_iter *it = calloc(1, sizeof *it);
	if (!it)
		return NULL;
	it->db = db;
	it->owner = owner_nid;
	it->root = bid_sub;
	return it;
}

void mc_ndb_sub_iter_free(mc_ndb_sub_iter *it)
{
	free(it);
}

int mc_ndb_sub_iter_next(mc_ndb_sub_iter *it, mc_ndb_node *out)
{
	mc_ndb *db = it->db;
	if (it->state)
		return it->state > 0 ? 0 : it->state;
	if (!it->started) {
		it->started = 1;
		if (it->root == 0)
			return it->state = 1, 0;
		int rc = read_sub_block(db, it->root, it->owner, -1, &it->top);
		if (rc != MC_NDB_OK)
			return it->state = rc;
		if (it->top.level == 0) {
			it->leaf = it->top;
			it->have_leaf = 1;
			it->top.count = 0;
		}
	}
	while (!it->have_leaf || it->leaf_pos >= it->leaf.count) {
		if (it->top_pos >= it->top.count)
			return it->state = 1, 0;
		uint64_t child = ndb_id(db, sub_entry(db, &it->top, it->top_pos++) + db->idsize);
		int rc = read_sub_block(db, child, it->owner, 0, &it->leaf);
		if (rc != MC_NDB_OK)
			return it->state = rc;
		it->have_leaf = 1;
		it->leaf_pos = 0;
	}
	sl_entry(db, &it->leaf, it->leaf_pos++, out);
	if (it->have_last && out->nid <= it->last)
		return it->state = ndb_fail(db, MC_NDB_CORRUPT, "subnode keys out of order", 0, it->leaf.bid,
					    it->owner);
	it->have_last = 1;
	it->last = out->nid;
	return 1;
}
