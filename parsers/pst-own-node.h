/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-node.h: the bridge between the NDB layer (pst-ndb.h) and the LTP
 * layer (pst-ltp.h) of our own PST reader: one node (a top-level node of
 * the NBT, or a subnode of one) whose data blocks the LTP layer asks for
 * one at a time (struct mc_ltp_block_source: the node keeps the last
 * MC_LTP_BLOCKS_KEPT, so a contents table of a million rows costs a few
 * blocks of memory, not its heap), and its subnodes reachable by the LTP
 * layer's callbacks (struct mc_ltp_subnodes: a TC's row matrix one block at
 * a time); property and table contexts opened over it; the data of a
 * subnode streamed block by block (attachment data, never whole).
 */
#ifndef MAILCASE_PST_OWN_NODE_H
#define MAILCASE_PST_OWN_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "pst-ltp.h"
#include "pst-ndb.h"

/* A property value in a subnode is refused above this (the LTP layer caps
 * values at MC_LTP_MAX_VALUE); a node's own data above MC_PST_NODE_DATA_MAX
 * (the 65,536 blocks a HID can name: it is never held whole). */
#define MC_PST_NODE_MAX ((size_t)MC_LTP_MAX_VALUE)
#define MC_PST_NODE_DATA_MAX ((uint64_t)65536 * MC_NDB_BLOCK_MAX)

struct mc_pst_node {
	mc_ndb *db;
	uint32_t nid;
	uint64_t bid_data, bid_sub;
	/* its data, block by block: the source the LTP layer reads, the stream
	 * it reads from (moved by block index to go back), the blocks kept */
	struct mc_ltp_block_source source;
	mc_ndb_data *own;
	size_t own_next;                /* index of the block it gives next */
	struct mc_pst_node_slot {
		unsigned char *buf;     /* MC_NDB_BLOCK_MAX bytes, or NULL */
		size_t len, index;
		unsigned long used;     /* 0: empty */
	} kept[MC_LTP_BLOCKS_KEPT];
	unsigned long clock;
	size_t blocks_read;             /* data blocks read from the file */
	size_t bytes_held, bytes_held_peak;   /* block copies held (kept[]) */
	struct mc_ltp_subnodes subs;    /* its subnodes, for the LTP layer */
	/* the subnode data stream subs.block reads (a TC's row matrix) */
	mc_ndb_data *stream;
	uint32_t stream_nid;
	size_t stream_next;             /* index of the block it gives next */
	uint64_t stream_total;
	struct mc_ltp_block stream_last;
};

/* Opens the node n (from mc_ndb_node_lookup or a subnode lookup): reads its
 * data blocks. Returns 0, or -1 with the reason in err. Close it with
 * mc_pst_node_close whatever it returned. */
int mc_pst_node_open(struct mc_pst_node *node, mc_ndb *db, const mc_ndb_node *n,
                     char *err, size_t errsize);
/* The top-level node nid: 1 opened, 0 no such node, -1 unreadable (err). */
int mc_pst_node_open_nid(struct mc_pst_node *node, mc_ndb *db, uint32_t nid,
                         char *err, size_t errsize);
/* Subnode nid of parent: 1 opened, 0 no such subnode, -1 unreadable. */
int mc_pst_node_open_sub(struct mc_pst_node *node, const struct mc_pst_node *parent,
                         uint32_t nid, char *err, size_t errsize);
void mc_pst_node_close(struct mc_pst_node *node);

/* The PC or TC of an opened node (pst-ltp.h; errors in ...hn.err). */
int mc_pst_node_pc(struct mc_pst_node *node, struct mc_ltp_pc *pc);
int mc_pst_node_tc(struct mc_pst_node *node, struct mc_ltp_tc *tc);

/* Streams the data of subnode nid of parent to fn, block by block, without
 * holding it whole. Returns 1 when all of it was given, 0 if there is no such
 * subnode, -1 if a block could not be read (err; fn got what came before).
 * *declared gets the size the data tree declares. */
typedef void (*mc_pst_bytes_fn)(void *ctx, const unsigned char *data, size_t len);
int mc_pst_node_stream_sub(const struct mc_pst_node *parent, uint32_t nid, mc_pst_bytes_fn fn,
                           void *ctx, uint64_t *declared, char *err, size_t errsize);

/* The reason of the NDB layer's last error, as text. */
const char *mc_pst_ndb_error_text(mc_ndb *db, char *buf, size_t size);

#endif
