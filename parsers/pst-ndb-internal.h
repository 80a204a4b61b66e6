/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-ndb-internal.h: what the files of the NDB reader share (pst-ndb.c,
 * pst-btree.c, pst-datatree.c): the handle, the sizes that differ between
 * ANSI and Unicode, little-endian loads, issue recording. Not for users of
 * the reader: they include pst-ndb.h.
 */
#ifndef MC_PST_NDB_INTERNAL_H
#define MC_PST_NDB_INTERNAL_H

#include "pst-ndb.h"

#define NDB_PAGE_SIZE 512u    /* pages of ANSI and Unicode files; the alignment of every page */
#define NDB_PAGE_MAX 4096u    /* pages of the 4K-page OST */
#define NDB_MAX_BT_DEPTH 16u   /* B-tree levels accepted (real files: 2 to 4) */

struct mc_ndb {
	int fd;
	mc_ndb_header h;
	int ansi;
	unsigned idsize;        /* BID/IB width: 4 or 8 */
	int page4k;             /* the 4K-page OST: 4096-byte pages, 512-byte block units, compression */
	unsigned block_trailer; /* 12, 16 or 24 (4K) */
	unsigned block_align;   /* a block with its trailer fills a multiple of 64 bytes (512 in 4K) */
	unsigned block_max;     /* the largest block with its trailer: 8192 (65536 in 4K) */
	unsigned page_size;     /* 512 or 4096 */
	unsigned page_data;     /* bytes before a page trailer: 500, 496 or 4072 */
	unsigned page_entries;  /* bytes of rgentries: 496, 488 or 4056 */
	uint8_t *raw;           /* one block as stored (block_max bytes) */
	mc_ndb_issue last_error;
	size_t nwarn;
	mc_ndb_issue warn[MC_NDB_KEPT_WARNINGS];
	struct ndb_page_cache *pages; /* B-tree pages read last (pst-btree.c) */
	uint64_t pages_read;
	uint64_t blocks_read;
	/* consulted before the BBT when set (recovery: pst-own-recover.c) */
	mc_ndb_block_source_fn block_source;
	void *block_source_ctx;
};

static inline uint16_t ndb_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t ndb_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t ndb_le64(const uint8_t *p)
{
	return (uint64_t)ndb_le32(p) | ((uint64_t)ndb_le32(p + 4) << 32);
}
/* A BID or IB in the file's width. */
static inline uint64_t ndb_id(const mc_ndb *db, const uint8_t *p)
{
	return db->ansi ? ndb_le32(p) : ndb_le64(p);
}

/* Records an error (returns status, for `return ndb_fail(...)`). */
int ndb_fail(mc_ndb *db, int status, const char *what, uint64_t offset, uint64_t bid, uint32_t nid);
/* Records a warning. */
void ndb_warn(mc_ndb *db, const char *what, uint64_t offset, uint64_t bid, uint32_t nid);
/* Frees the B-tree page cache (mc_ndb_close). */
void ndb_page_cache_free(mc_ndb *db);
/* pread of exactly len bytes at off, or MC_NDB_IO recorded. */
int ndb_pread(mc_ndb *db, void *buf, size_t len, uint64_t off, uint64_t bid, uint32_t nid);
/* The signature of a page or block at ib with that BID. */
static inline uint16_t ndb_sig(uint64_t ib, uint64_t bid)
{
	uint64_t x = ib ^ bid;
	return (uint16_t)((uint16_t)(x >> 16) ^ (uint16_t)x);
}

#endif
