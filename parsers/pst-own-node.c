/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-node.c: one node of a PST read through our NDB layer for our LTP
 * layer: its data blocks read once in order when it is opened (to find
 * their number and any damage: nothing else is kept but the first few),
 * then given to the LTP layer one at a time from the last
 * MC_LTP_BLOCKS_KEPT kept (the stream moved by block index to one that
 * is not, reading no data block on the way); a property value in a subnode copied whole (capped); its subnodes
 * given to the LTP layer through the callback, and a subnode's data
 * streamed. See pst-own-node.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "pst-own-node.h"

const char *mc_pst_ndb_error_text(mc_ndb *db, char *buf, size_t size)
{
	const mc_ndb_issue *e = mc_ndb_last_error(db);
	if (!e || !e->what)
		snprintf(buf, size, "unreadable");
	else
		snprintf(buf, size, "%s (offset %llu, BID 0x%llx, NID 0x%x)", e->what,
		         (unsigned long long)e->offset, (unsigned long long)e->bid, e->nid);
	return buf;
}

/* The copies of the blocks of one node. */
struct blocks {
	GPtrArray *bufs;
	GArray *list;     /* struct mc_ltp_block */
};

static void blocks_free(struct mc_ltp_node *n)
{
	struct blocks *b = n->owner;
	if (b) {
		g_ptr_array_free(b->bufs, TRUE);
		g_array_free(b->list, TRUE);
		g_free(b);
	}
	memset(n, 0, sizeof *n);
}

/* Reads the data of (bid, nid) as its blocks into out. */
static int load_blocks(mc_ndb *db, uint64_t bid, uint32_t nid, struct mc_ltp_node *out,
                       char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	struct blocks *b = g_new0(struct blocks, 1);
	b->bufs = g_ptr_array_new_with_free_func(g_free);
	b->list = g_array_new(FALSE, FALSE, sizeof(struct mc_ltp_block));
	out->owner = b;
	if (bid == 0)
		return 0;
	mc_ndb_data *d = mc_ndb_data_open(db, bid, nid);
	if (!d) {
		mc_pst_ndb_error_text(db, err, errsize);
		return -1;
	}
	if (mc_ndb_data_declared_size(d) > MC_PST_NODE_MAX) {
		snprintf(err, errsize, "node 0x%x declares %llu bytes, more than we read (%zu)",
		         nid, (unsigned long long)mc_ndb_data_declared_size(d), MC_PST_NODE_MAX);
		mc_ndb_data_free(d);
		return -1;
	}
	const uint8_t *p;
	size_t len, total = 0;
	int rc;
	while ((rc = mc_ndb_data_next(d, &p, &len)) == 1) {
		total += len;
		if (total > MC_PST_NODE_MAX) {
			rc = MC_NDB_LIMIT;
			break;
		}
		unsigned char *copy = g_memdup2(p, len);
		g_ptr_array_add(b->bufs, copy);
		struct mc_ltp_block blk = { copy, len };
		g_array_append_val(b->list, blk);
	}
	mc_ndb_data_free(d);
	out->blocks = (const struct mc_ltp_block *)(void *)b->list->data;
	out->nblocks = b->list->len;
	if (rc < 0) {
		if (rc == MC_NDB_LIMIT)
			snprintf(err, errsize, "node 0x%x holds more than %zu bytes", nid,
			         MC_PST_NODE_MAX);
		else
			mc_pst_ndb_error_text(db, err, errsize);
		return -1;
	}
	return 0;
}

/* Subnode nid of parent's subnode tree: 1, 0 if there is none, -1 (err). */
static int sub_lookup(const struct mc_pst_node *parent, uint32_t nid, mc_ndb_node *out,
                      char *err, size_t errsize)
{
	if (!parent->bid_sub)
		return 0;
	int rc = mc_ndb_subnode_lookup(parent->db, parent->bid_sub, nid, out);
	if (rc == MC_NDB_NOT_FOUND)
		return 0;
	if (rc != MC_NDB_OK) {
		mc_pst_ndb_error_text(parent->db, err, errsize);
		return -1;
	}
	return 1;
}

/* ---- the subnode callback of the LTP layer ---- */

static int subs_get(void *ctx, uint32_t nid, struct mc_ltp_node *out, char *err, size_t errsize)
{
	struct mc_pst_node *node = ctx;
	mc_ndb_node sn;
	int rc = sub_lookup(node, nid, &sn, err, errsize);
	if (rc != 1)
		return rc;
	if (load_blocks(node->db, sn.bid_data, nid, out, err, errsize) < 0) {
		blocks_free(out);
		return -1;
	}
	return 1;
}

static void subs_release(void *ctx, struct mc_ltp_node *n)
{
	(void)ctx;
	blocks_free(n);
}

static void stream_close(struct mc_pst_node *node)
{
	if (node->stream)
		mc_ndb_data_free(node->stream);
	node->stream = NULL;
	node->stream_next = 0;
	memset(&node->stream_last, 0, sizeof node->stream_last);
}

/* Block `index` of subnode nid, from one data stream kept open (moved by
 * block index when the blocks are asked for out of order). */
static int subs_block(void *ctx, uint32_t nid, size_t index, struct mc_ltp_block *out,
                      uint64_t *total, char *err, size_t errsize)
{
	struct mc_pst_node *node = ctx;
	if (node->stream && node->stream_nid == nid && index + 1 != node->stream_next &&
	    index != node->stream_next) {
		/* out of order: the stream moved to the block, none read on the
		 * way (pst-datatree.c) */
		if (mc_ndb_data_seek(node->stream, index) == MC_NDB_OK)
			node->stream_next = index;
		else
			stream_close(node);
	}
	if (!node->stream || node->stream_nid != nid || index + 1 < node->stream_next) {
		stream_close(node);
		mc_ndb_node sn;
		int rc = sub_lookup(node, nid, &sn, err, errsize);
		if (rc != 1)
			return rc;
		*total = 0;
		if (sn.bid_data == 0)
			return 0;
		node->stream = mc_ndb_data_open(node->db, sn.bid_data, nid);
		if (!node->stream) {
			mc_pst_ndb_error_text(node->db, err, errsize);
			return -1;
		}
		node->stream_nid = nid;
		node->stream_total = mc_ndb_data_declared_size(node->stream);
	}
	*total = node->stream_total;
	while (node->stream_next <= index) {
		const uint8_t *p;
		size_t len;
		int rc = mc_ndb_data_next(node->stream, &p, &len);
		if (rc <= 0) {
			if (rc < 0)
				mc_pst_ndb_error_text(node->db, err, errsize);
			stream_close(node);
			return rc < 0 ? -1 : 0;
		}
		node->stream_last.data = p;
		node->stream_last.len = len;
		node->stream_next++;
	}
	*out = node->stream_last;
	return 1;
}

/* ---- the node's own data, block by block ---- */

static void own_close(struct mc_pst_node *node)
{
	if (node->own)
		mc_ndb_data_free(node->own);
	node->own = NULL;
	node->own_next = 0;
}

/* The next block of the node's data stream (opened if need be): 1, 0 at
 * its end, -1 (err). */
static int own_read(struct mc_pst_node *node, const uint8_t **p, size_t *len, char *err,
                    size_t errsize)
{
	if (!node->own) {
		node->own = mc_ndb_data_open(node->db, node->bid_data, node->nid);
		node->own_next = 0;
		if (!node->own) {
			mc_pst_ndb_error_text(node->db, err, errsize);
			return -1;
		}
	}
	int rc = mc_ndb_data_next(node->own, p, len);
	if (rc < 0)
		mc_pst_ndb_error_text(node->db, err, errsize);
	if (rc <= 0) {
		own_close(node);
		return rc < 0 ? -1 : 0;
	}
	node->own_next++;
	node->blocks_read++;
	return 1;
}

/* Keeps a copy of block `index` in the slot used longest ago. */
static struct mc_pst_node_slot *keep(struct mc_pst_node *node, size_t index, const uint8_t *p,
                                     size_t len)
{
	struct mc_pst_node_slot *s = &node->kept[0];
	for (size_t i = 1; i < MC_LTP_BLOCKS_KEPT; i++)
		if (node->kept[i].used < s->used)
			s = &node->kept[i];
	if (!s->buf) {
		s->buf = g_malloc(MC_NDB_BLOCK_MAX);
		node->bytes_held += MC_NDB_BLOCK_MAX;
		if (node->bytes_held > node->bytes_held_peak)
			node->bytes_held_peak = node->bytes_held;
	}
	memcpy(s->buf, p, len);
	s->len = len;
	s->index = index;
	s->used = ++node->clock;
	return s;
}

/* mc_ltp_block_source.block over the node's data. */
static int own_block(void *ctx, size_t index, struct mc_ltp_block *out, char *err,
                     size_t errsize)
{
	struct mc_pst_node *node = ctx;
	struct mc_pst_node_slot *s = NULL;
	for (size_t i = 0; i < MC_LTP_BLOCKS_KEPT && !s; i++)
		if (node->kept[i].used && node->kept[i].index == index)
			s = &node->kept[i];
	if (!s) {
		if (index >= node->source.nblocks) {
			snprintf(err, errsize, "block %zu of a node of %zu", index, node->source.nblocks);
			return -1;
		}
		if (node->own && index != node->own_next) {
			/* out of order: the stream moved to the block, no block
			 * read on the way (pst-datatree.c) */
			if (mc_ndb_data_seek(node->own, index) != MC_NDB_OK)
				own_close(node);
			else
				node->own_next = index;
		}
		const uint8_t *p = NULL;
		size_t len = 0;
		int rc = 0;
		while ((!node->own || node->own_next <= index) &&
		       (rc = own_read(node, &p, &len, err, errsize)) == 1)
			;
		if (rc != 1) {
			if (rc == 0)
				snprintf(err, errsize, "the node's data ends before block %zu", index);
			return -1;
		}
		s = keep(node, index, p, len);
	}
	s->used = ++node->clock;
	out->data = s->buf;
	out->len = s->len;
	return 1;
}

int mc_pst_node_open(struct mc_pst_node *node, mc_ndb *db, const mc_ndb_node *n, char *err,
                     size_t errsize)
{
	memset(node, 0, sizeof *node);
	node->db = db;
	node->nid = n->nid;
	node->bid_data = n->bid_data;
	node->bid_sub = n->bid_sub;
	node->subs.get = subs_get;
	node->subs.release = subs_release;
	node->subs.ctx = node;
	node->subs.block = subs_block;
	node->subs.hid4k = mc_ndb_get_header(db)->format == MC_NDB_UNICODE_4K;
	node->source.block = own_block;
	node->source.ctx = node;
	if (n->bid_data == 0)
		return 0;
	/* every block read once: how many, and whether all of them read; the
	 * first ones kept (the heap's header is in block 0) */
	node->own = mc_ndb_data_open(db, n->bid_data, n->nid);
	if (!node->own) {
		mc_pst_ndb_error_text(db, err, errsize);
		return -1;
	}
	if (mc_ndb_data_declared_size(node->own) > MC_PST_NODE_DATA_MAX) {
		snprintf(err, errsize, "node 0x%x declares %llu bytes, more than we read (%llu)",
		         n->nid, (unsigned long long)mc_ndb_data_declared_size(node->own),
		         (unsigned long long)MC_PST_NODE_DATA_MAX);
		return -1;
	}
	const uint8_t *p;
	size_t len;
	uint64_t total = 0;
	int rc;
	while ((rc = own_read(node, &p, &len, err, errsize)) == 1) {
		total += len;
		if (total > MC_PST_NODE_DATA_MAX) {
			snprintf(err, errsize, "node 0x%x holds more than %llu bytes", n->nid,
			         (unsigned long long)MC_PST_NODE_DATA_MAX);
			return -1;
		}
		if (node->source.nblocks < MC_LTP_BLOCKS_KEPT)
			keep(node, node->source.nblocks, p, len);
		node->source.nblocks++;
	}
	return rc < 0 ? -1 : 0;
}

int mc_pst_node_open_nid(struct mc_pst_node *node, mc_ndb *db, uint32_t nid, char *err,
                         size_t errsize)
{
	mc_ndb_node n;
	memset(node, 0, sizeof *node);
	int rc = mc_ndb_node_lookup(db, nid, &n);
	if (rc == MC_NDB_NOT_FOUND)
		return 0;
	if (rc != MC_NDB_OK) {
		mc_pst_ndb_error_text(db, err, errsize);
		return -1;
	}
	return mc_pst_node_open(node, db, &n, err, errsize) == 0 ? 1 : -1;
}

int mc_pst_node_open_sub(struct mc_pst_node *node, const struct mc_pst_node *parent,
                         uint32_t nid, char *err, size_t errsize)
{
	mc_ndb_node n;
	memset(node, 0, sizeof *node);
	int rc = sub_lookup(parent, nid, &n, err, errsize);
	if (rc != 1)
		return rc;
	n.nid = nid;
	return mc_pst_node_open(node, parent->db, &n, err, errsize) == 0 ? 1 : -1;
}

void mc_pst_node_close(struct mc_pst_node *node)
{
	stream_close(node);
	own_close(node);
	for (size_t i = 0; i < MC_LTP_BLOCKS_KEPT; i++) {
		g_free(node->kept[i].buf);
		node->kept[i].buf = NULL;
		node->kept[i].used = 0;
	}
	node->bytes_held = 0;
}

int mc_pst_node_pc(struct mc_pst_node *node, struct mc_ltp_pc *pc)
{
	return mc_ltp_pc_open_paged(pc, &node->source, &node->subs);
}

int mc_pst_node_tc(struct mc_pst_node *node, struct mc_ltp_tc *tc)
{
	return mc_ltp_tc_open_paged(tc, &node->source, &node->subs);
}

int mc_pst_node_stream_sub(const struct mc_pst_node *parent, uint32_t nid, mc_pst_bytes_fn fn,
                           void *ctx, uint64_t *declared, char *err, size_t errsize)
{
	mc_ndb_node n;
	*declared = 0;
	int rc = sub_lookup(parent, nid, &n, err, errsize);
	if (rc != 1)
		return rc;
	if (n.bid_data == 0)
		return 1;
	mc_ndb_data *d = mc_ndb_data_open(parent->db, n.bid_data, nid);
	if (!d) {
		mc_pst_ndb_error_text(parent->db, err, errsize);
		return -1;
	}
	*declared = mc_ndb_data_declared_size(d);
	const uint8_t *p;
	size_t len;
	while ((rc = mc_ndb_data_next(d, &p, &len)) == 1)
		fn(ctx, p, len);
	mc_ndb_data_free(d);
	if (rc < 0) {
		mc_pst_ndb_error_text(parent->db, err, errsize);
		return -1;
	}
	return 1;
}
