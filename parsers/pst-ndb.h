/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-ndb.h: our own reader of the NDB layer of PST/OST files ([MS-PST]
 * section 2.2): the header and its root, the node and block B-trees
 * (NBT, BBT) walked page by page on demand, blocks (trailer checked,
 * external blocks decoded), data trees (XBLOCK, XXBLOCK) and subnode trees
 * (SLBLOCK, SIBLOCK). ANSI (32-bit) and Unicode (64-bit) files, and the
 * 4K-page OST of Outlook 2013 (wVer 36: 4096-byte pages, blocks up to
 * 64 KiB, zlib-compressed blocks inflated by zlib; a damaged or cut
 * stream, or an inflated size above the block limit, is an error of that
 * block with its BID; a stream intact but of another size than its
 * trailer declares is a warning, its data returned).
 *
 * Reads go through pread on the caller's fd; nothing is read whole and no
 * tree is copied: a lookup holds one page per level, an iterator one page
 * per level of its path, a data stream one block per level. Hostile input
 * is bounded: B-tree and data/subnode tree levels must strictly decrease
 * on the way down (a page or block that points to itself or upwards is
 * refused), depths are capped, an NBT walk visits at most as many pages
 * as the file can hold and needs strictly increasing keys.
 *
 * Problems are graded: an error (negative mc_ndb_status) stops the
 * operation that met it and is kept as the handle's last issue; a warning
 * (a CRC or signature mismatch, a size that disagrees) is counted, kept in
 * a small list of the first ones, and the data is still returned. Every
 * issue says where: file offset, NID and/or BID. Implementation:
 * pst-ndb.c (open, header, blocks), pst-inflate.c (compressed blocks),
 * pst-ndb-io.c (pread, issues),
 * pst-btree.c (B-tree pages),
 * pst-datatree.c (data and subnode trees), pst-crypt.c (CRC, encodings).
 */
#ifndef MC_PST_NDB_H
#define MC_PST_NDB_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	MC_NDB_OK = 0,
	MC_NDB_NOT_FOUND = -1,   /* no such NID/BID (not a fault of the file) */
	MC_NDB_IO = -2,          /* pread failed or came back short (truncated file) */
	MC_NDB_CORRUPT = -3,     /* a structure breaks the format */
	MC_NDB_UNSUPPORTED = -4, /* valid but not read yet (wVer above 36, other encodings) */
	MC_NDB_LIMIT = -5,       /* a depth, size or visit cap was reached */
	MC_NDB_NOMEM = -6
} mc_ndb_status;

typedef enum { MC_NDB_ANSI, MC_NDB_UNICODE, MC_NDB_UNICODE_4K } mc_ndb_format;

enum { MC_NDB_CRYPT_NONE = 0, MC_NDB_CRYPT_PERMUTE = 1, MC_NDB_CRYPT_CYCLIC = 2 };

/* One problem met, with where it was met (0 where unknown). */
typedef struct {
	int status;           /* an mc_ndb_status; MC_NDB_OK for a warning */
	const char *what;     /* static text */
	uint64_t offset;      /* file offset of the structure */
	uint64_t bid;
	uint32_t nid;
} mc_ndb_issue;

typedef struct {
	mc_ndb_format format;
	uint16_t version;        /* wVer */
	uint16_t client_version; /* wVerClient */
	char client_magic[3];    /* "SM" (PST) or "SO" (OST) */
	uint8_t crypt;           /* bCryptMethod */
	uint64_t file_eof;       /* root.ibFileEof */
	uint64_t file_size;      /* what fstat says */
	uint64_t nbt_bid, nbt_ib, bbt_bid, bbt_ib;
	uint64_t amap_last;
	uint8_t amap_valid;
} mc_ndb_header;

/* A node B-tree entry (or a subnode entry: parent is 0 there). */
typedef struct {
	uint32_t nid;
	uint64_t bid_data, bid_sub;
	uint32_t parent;
} mc_ndb_node;

/* A block B-tree entry. */
typedef struct {
	uint64_t bid, ib;
	uint16_t cb, refs;
} mc_ndb_block_ref;

typedef struct mc_ndb mc_ndb;

/* Opens the PST on fd (not closed by us; it must stay open until
 * mc_ndb_close). On failure returns NULL and fills *err when given. */
mc_ndb *mc_ndb_open(int fd, mc_ndb_issue *err);
void mc_ndb_close(mc_ndb *db);
const mc_ndb_header *mc_ndb_get_header(const mc_ndb *db);

/* Issues: the last error, the number of warnings, and the first
 * MC_NDB_KEPT_WARNINGS of them. */
#define MC_NDB_KEPT_WARNINGS 16
const mc_ndb_issue *mc_ndb_last_error(const mc_ndb *db);
size_t mc_ndb_warning_count(const mc_ndb *db);
const mc_ndb_issue *mc_ndb_warning(const mc_ndb *db, size_t i);

/* Lookups in the B-trees. Return MC_NDB_OK, MC_NDB_NOT_FOUND or an error. */
int mc_ndb_node_lookup(mc_ndb *db, uint32_t nid, mc_ndb_node *out);
int mc_ndb_block_lookup(mc_ndb *db, uint64_t bid, mc_ndb_block_ref *out);

/* B-tree pages read from the file so far (a cache keeps the pages read
 * last: a lookup through cached pages reads none). */
uint64_t mc_ndb_pages_read(const mc_ndb *db);
/* Blocks read from the file so far (mc_ndb_block_read: data, internal and
 * subnode blocks). */
uint64_t mc_ndb_blocks_read(const mc_ndb *db);
/* A source of block references consulted before the BBT by every block
 * lookup (recovery reads deleted items whose blocks left the BBT): it
 * returns MC_NDB_OK with *out filled, or MC_NDB_NOT_FOUND to let the BBT
 * answer. NULL removes it. */
typedef int (*mc_ndb_block_source_fn)(void *ctx, uint64_t bid, mc_ndb_block_ref *out);
void mc_ndb_set_block_source(mc_ndb *db, mc_ndb_block_source_fn fn, void *ctx);

/* In-order walk of every NBT entry. next returns 1 with *out filled, 0 at
 * the end, or an error (the walk is over then). */
typedef struct mc_ndb_nbt_iter mc_ndb_nbt_iter;
mc_ndb_nbt_iter *mc_ndb_nbt_iter_new(mc_ndb *db);
int mc_ndb_nbt_iter_next(mc_ndb_nbt_iter *it, mc_ndb_node *out);
void mc_ndb_nbt_iter_free(mc_ndb_nbt_iter *it);

/* The same over every BBT entry (allocation accounting, re-encoding). */
typedef struct mc_ndb_bbt_iter mc_ndb_bbt_iter;
mc_ndb_bbt_iter *mc_ndb_bbt_iter_new(mc_ndb *db);
int mc_ndb_bbt_iter_next(mc_ndb_bbt_iter *it, mc_ndb_block_ref *out);
void mc_ndb_bbt_iter_free(mc_ndb_bbt_iter *it);

/* Largest block data a read returns: 8192 bytes minus the trailer in ANSI
 * and Unicode files, 65536 minus the trailer in the 4K-page OST (stored
 * or inflated). */
#define MC_NDB_BLOCK_MAX 65536u

/* Reads block bid into buf (MC_NDB_BLOCK_MAX bytes), decoded when it is an
 * external block; *len gets its size. */
int mc_ndb_block_read(mc_ndb *db, uint64_t bid, uint8_t *buf, size_t *len);

/* A node's data as a stream of its data blocks, in order (one block when
 * bid is an external block, the leaves of the XBLOCK/XXBLOCK tree
 * otherwise). next returns 1 with *data and *len pointing at the stream's own
 * buffer (valid until the next call), 0 at the end, or an error. */
typedef struct mc_ndb_data mc_ndb_data;
mc_ndb_data *mc_ndb_data_open(mc_ndb *db, uint64_t bid, uint32_t nid);
/* The size the tree declares (lcbTotal), or the block's size. */
uint64_t mc_ndb_data_declared_size(const mc_ndb_data *d);
/* Moves the stream so that the next mc_ndb_data_next gives its leaf block
 * `index` (0 first; past the end, the stream ends): no data block is read
 * on the way, only the XBLOCKs of an XXBLOCK tree that must be counted
 * through (from the XBLOCK loaded when seeking forward, from the first
 * backward). MC_NDB_OK, or the error met (the stream is over then). The
 * lcbTotal check is not made on a stream that was moved. */
int mc_ndb_data_seek(mc_ndb_data *d, uint64_t index);
int mc_ndb_data_next(mc_ndb_data *d, const uint8_t **data, size_t *len);
void mc_ndb_data_free(mc_ndb_data *d);

/* The whole data of a node in one malloc'd buffer (free it), refused with
 * MC_NDB_LIMIT when the tree declares more than cap bytes. */
int mc_ndb_node_data(mc_ndb *db, uint64_t bid, uint32_t nid, size_t cap, uint8_t **out, size_t *len);

/* The subnode nid of the subnode tree rooted at bid_sub. */
int mc_ndb_subnode_lookup(mc_ndb *db, uint64_t bid_sub, uint32_t nid, mc_ndb_node *out);

/* In-order walk of a subnode tree (SLENTRYs). */
typedef struct mc_ndb_sub_iter mc_ndb_sub_iter;
mc_ndb_sub_iter *mc_ndb_sub_iter_new(mc_ndb *db, uint64_t bid_sub, uint32_t owner_nid);
int mc_ndb_sub_iter_next(mc_ndb_sub_iter *it, mc_ndb_node *out);
void mc_ndb_sub_iter_free(mc_ndb_sub_iter *it);

#endif
