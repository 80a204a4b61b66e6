/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-ltp.h: the LTP layer of our own PST/OST reader ([MS-PST] section 2.3,
 * issue 19): heap-on-node (HN, pst-heap.c), B-tree-on-heap (BTH,
 * pst-bth.c), property context (PC, pst-pc.c) and table context (TC,
 * pst-tc.c). It reads one node's data given as a list of blocks already in
 * memory (decoded by the NDB layer) and reaches the node's subnodes only
 * through a callback, so it depends on no NDB code.
 *
 * Nothing here trusts the file: every offset, count and size is checked
 * against the bytes present, recursion is bounded, and no allocation is
 * sized by a count from the file without a cap. A damaged structure is
 * reported through struct mc_ltp_error (what, and where: block, HID, row),
 * never by aborting.
 */
#ifndef MAILCASE_PST_LTP_H
#define MAILCASE_PST_LTP_H

#include <stddef.h>
#include <stdint.h>

#include "mapi-props.h"

/* Client signatures of the HNHDR (bClientSig, [MS-PST] 2.3.1.2). */
#define MC_LTP_SIG_TC  0x7Cu
#define MC_LTP_SIG_BTH 0xB5u
#define MC_LTP_SIG_PC  0xBCu

/* Limits. A BTH of 8 levels over 3580-byte allocations indexes far more
 * than a node can hold; a value larger than MC_LTP_MAX_VALUE is refused
 * (it would be a property of more than 64 MiB). */
#define MC_LTP_BTH_MAX_LEVELS 8
#define MC_LTP_MAX_VALUE (64u * 1024 * 1024)

/* Grades of an error. */
enum mc_ltp_grade {
	MC_LTP_OK = 0,
	MC_LTP_DAMAGED,      /* the bytes contradict the format */
	MC_LTP_LIMIT,        /* beyond a limit of ours (depth, size) */
	MC_LTP_UNSUPPORTED,  /* well formed, but not something we read */
	MC_LTP_MISSING       /* a subnode the callback could not give */
};

/* The first error met, with where it was; later errors are counted. */
struct mc_ltp_error {
	enum mc_ltp_grade grade;
	long block;          /* index of the node's block, -1 if none */
	uint32_t hid;        /* HID or HNID concerned, 0 if none */
	long row;            /* TC row index, -1 if none */
	char what[160];
	unsigned count;      /* errors met in all */
};

/* "damaged (block 1, HID 0x00010040): ..." into buf. Returns buf. */
const char *mc_ltp_error_text(const struct mc_ltp_error *e, char *buf, size_t size);

/* One data block of a node, as the NDB layer decoded it. */
struct mc_ltp_block {
	const unsigned char *data;
	size_t len;
};

/* A node's data: its blocks in order. */
struct mc_ltp_node {
	const struct mc_ltp_block *blocks;
	size_t nblocks;
	void *owner;         /* the callback's, for release */
};

/* How the LTP layer reaches the subnodes of the node it reads. get fills
 * *out with the data of subnode nid (1), or returns 0 if there is none and
 * -1 if it cannot be read (a message in errbuf); release is called once
 * for every node get filled.
 *
 * block is optional (NULL: a TC's row matrix is fetched whole with get):
 * block `index` of subnode nid's data, valid until the next call, 1 with
 * *out filled and *total the size its data tree declares, 0 beyond the
 * last block, -1 if unreadable. A TC reads its row matrix through it one
 * block at a time, in ascending order when its rows are read in order, so
 * that a table of a million rows is never whole in memory. */
struct mc_ltp_subnodes {
	int (*get)(void *ctx, uint32_t nid, struct mc_ltp_node *out,
	           char *errbuf, size_t errsize);
	void (*release)(void *ctx, struct mc_ltp_node *node);
	void *ctx;
	int (*block)(void *ctx, uint32_t nid, size_t index, struct mc_ltp_block *out,
	             uint64_t *total, char *errbuf, size_t errsize);
	/* The node is in a 4K-page OST, whose HIDs have a 14-bit allocation
	 * index and a 13-bit block index (5 and 16 bits elsewhere). */
	int hid4k;
};

/* A node's data read on demand, block by block (a heap of a million rows
 * is never whole in memory): block(index) gives block `index` of the
 * node's nblocks (1), or -1 if unreadable (a message in errbuf). What it
 * gives must stay valid until MC_LTP_BLOCKS_KEPT other blocks of the same
 * source have been asked for: the LTP layer holds at most one block's
 * bytes while it asks for another (a BTH walk asks again for a parent's
 * block after each child), so a source keeping the last few blocks
 * answers most requests without reading. */
#define MC_LTP_BLOCKS_KEPT 4
struct mc_ltp_block_source {
	int (*block)(void *ctx, size_t index, struct mc_ltp_block *out, char *errbuf,
	             size_t errsize);
	void *ctx;
	size_t nblocks;
};

/* ---- heap-on-node (pst-heap.c) ---- */

struct mc_ltp_heap {
	const struct mc_ltp_block *blocks;   /* all of them in memory, or NULL: */
	const struct mc_ltp_block_source *source;   /* ...asked for on demand */
	size_t nblocks;
	uint8_t client_sig;   /* bClientSig */
	uint32_t root;        /* hidUserRoot */
	size_t allocations;   /* sum of cAlloc over the readable page maps */
	int hid4k;            /* HIDs of a 4K-page OST (struct mc_ltp_subnodes) */
	struct mc_ltp_error err;
};

/* Reads the HNHDR of block 0 and the page map of every block. Returns 0,
 * or -1 if block 0 is not a heap (hn->err says why). A page map that
 * cannot be read only makes that block's HIDs fail. */
int mc_ltp_heap_open(struct mc_ltp_heap *hn, const struct mc_ltp_block *blocks,
                     size_t nblocks);

/* The same over blocks given on demand (the page maps read once, in order,
 * here; nothing kept). */
int mc_ltp_heap_open_paged(struct mc_ltp_heap *hn, const struct mc_ltp_block_source *src);

/* The bytes of heap item hid (pointing into the blocks; from a source,
 * valid while fewer than MC_LTP_BLOCKS_KEPT other blocks are asked for).
 * Returns 1, or -1 if hid is not a valid HID of this heap (recorded in
 * hn->err). */
int mc_ltp_heap_get(struct mc_ltp_heap *hn, uint32_t hid, const unsigned char **data,
                    size_t *len);

/* Records an error in e (the first one is kept, all are counted). */
void mc_ltp_note(struct mc_ltp_error *e, enum mc_ltp_grade grade, long block, uint32_t hid,
                 long row, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* 1 when an HNID names a heap item (HID), 0 when it names a subnode. */
static inline int mc_ltp_hnid_is_hid(uint32_t hnid)
{
	return (hnid & 0x1Fu) == 0;
}

/* ---- B-tree-on-heap (pst-bth.c) ---- */

struct mc_ltp_bth {
	struct mc_ltp_heap *hn;
	uint8_t cb_key, cb_ent, levels;
	uint32_t root;        /* 0: empty tree */
};

/* Reads the BTHHEADER at hid. Returns 0, or -1 (hn->err). */
int mc_ltp_bth_open(struct mc_ltp_bth *b, struct mc_ltp_heap *hn, uint32_t hid);

/* The data of the record whose key (cb_key bytes, little-endian) is key.
 * Returns 1 with *ent pointing at cb_ent bytes, 0 if absent, -1 if the
 * tree is damaged on the way. */
int mc_ltp_bth_find(struct mc_ltp_bth *b, const unsigned char *key, const unsigned char **ent);

/* Calls visit on every leaf record in key order; visit returns nonzero to
 * stop. Returns 1 when done, 0 when stopped, -1 if damaged (what could be
 * read was visited). Keys out of order are noted and visited. */
typedef int (*mc_ltp_bth_visit_fn)(void *ctx, const unsigned char *key, const unsigned char *ent);
int mc_ltp_bth_each(struct mc_ltp_bth *b, mc_ltp_bth_visit_fn visit, void *ctx);

/* ---- value helpers shared by PC and TC (pst-pc.c) ---- */

/* 1 for the property types whose value a PC keeps in dwValueHnid itself
 * (fixed size of at most 4 bytes), with their size in *size. */
int mc_ltp_type_inline(uint16_t type, size_t *size);

/* The size of a fixed-size property type (1, 2, 4, 8 or 16 bytes), 0 for
 * variable-size and multi-valued types ([MS-PST] 2.3.3.3). */
size_t mc_ltp_type_size(uint16_t type);

/* The value an HNID names (a heap item, or a subnode's data, concatenated)
 * as a g_malloc'd copy padded with 2 NULs. hnid 0 is an empty value.
 * Returns 1, or -1 (noted in err). */
int mc_ltp_hnid_value(struct mc_ltp_heap *hn, const struct mc_ltp_subnodes *subs,
                      uint32_t hnid, long row, unsigned char **data, size_t *size);

/* ---- property context (pst-pc.c) ---- */

struct mc_ltp_pc {
	struct mc_ltp_heap hn;
	struct mc_ltp_bth bth;
	const struct mc_ltp_subnodes *subs;   /* may be NULL: no subnodes */
	struct mc_mapi_props props;           /* see mc_ltp_pc_props */
};

/* Opens the PC of a node (HN with bClientSig PC, BTH of cbKey 2 and cbEnt
 * 6 at hidUserRoot). Returns 0 or -1 (pc->hn.err). The struct must stay
 * where it is while in use (props points back to it). */
int mc_ltp_pc_open(struct mc_ltp_pc *pc, const struct mc_ltp_block *blocks, size_t nblocks,
                   const struct mc_ltp_subnodes *subs);
/* The same over blocks given on demand (src must outlive pc). */
int mc_ltp_pc_open_paged(struct mc_ltp_pc *pc, const struct mc_ltp_block_source *src,
                         const struct mc_ltp_subnodes *subs);

/* Property id's value: 1 with *type and a g_malloc'd *data (2 NULs of
 * padding not counted in *size), 0 if absent, -1 if unreadable. Inline
 * values come as 2 (PT_SHORT), 1 (PT_BOOLEAN) or 4 bytes; others as the
 * heap item or subnode holds them (multi-valued ones in the PST layout
 * mapi-values.h reads; PT_OBJECT as its NID and size, 8 bytes). */
int mc_ltp_pc_get(struct mc_ltp_pc *pc, uint16_t id, uint16_t *type, unsigned char **data,
                  size_t *size);

/* Calls fn on every property (id and type) in id order; fn returns nonzero
 * to stop. Returns as mc_ltp_bth_each. */
typedef int (*mc_ltp_pc_visit_fn)(void *ctx, uint16_t id, uint16_t type);
int mc_ltp_pc_each(struct mc_ltp_pc *pc, mc_ltp_pc_visit_fn fn, void *ctx);

/* The PC as a property source for mapi-props.h / mapi-message.c; errors on
 * a property become warnings of m (may be NULL). */
struct mc_mapi_props *mc_ltp_pc_props(struct mc_ltp_pc *pc, int codepage, struct mc_message *m);

/* ---- table context (pst-tc.c) ---- */

struct mc_ltp_tc_col {
	uint32_t tag;         /* property id << 16 | type */
	uint16_t ib;          /* offset of the cell in a row */
	uint8_t cb;           /* its size */
	uint8_t bit;          /* its bit in the cell existence bitmap */
};

struct mc_ltp_tc {
	struct mc_ltp_heap hn;
	const struct mc_ltp_subnodes *subs;
	unsigned ncols;
	struct mc_ltp_tc_col cols[256];   /* cCols is one byte */
	uint16_t rgib[4];                 /* ends of 8/4, 2, 1 byte cells, row size */
	uint32_t hnid_rows;
	struct mc_ltp_bth index;          /* row id -> row index */
	int have_index;
	/* the row matrix: one heap item (rows_hid: its size; asked of the heap
	 * again for every row), or the blocks of a subnode (whole, or one block
	 * at a time through subs->block: rows_streamed) */
	struct mc_ltp_block rows_hid;
	struct mc_ltp_node rows_node;
	int rows_in_subnode;
	int rows_streamed;
	struct mc_ltp_block rows_block;   /* streamed: the block at hand */
	size_t rows_block_index;
	size_t nrows;
	size_t rows_per_block;            /* rows of every block but the last */
};

/* Opens the TC of a node: TCINFO at hidUserRoot, its columns, the row
 * index BTH and the row matrix (fetching its subnode through subs when it
 * is one). Returns 0 or -1 (tc->hn.err). Close with mc_ltp_tc_close. */
int mc_ltp_tc_open(struct mc_ltp_tc *tc, const struct mc_ltp_block *blocks, size_t nblocks,
                   const struct mc_ltp_subnodes *subs);
/* The same over blocks given on demand (src must outlive tc): with the
 * row matrix in a subnode streamed (subs->block), a table holds a few
 * blocks whatever its number of rows. */
int mc_ltp_tc_open_paged(struct mc_ltp_tc *tc, const struct mc_ltp_block_source *src,
                         const struct mc_ltp_subnodes *subs);
void mc_ltp_tc_close(struct mc_ltp_tc *tc);

/* The bytes of row `row` (rgib[3] of them), or NULL if beyond the matrix.
 * With a streamed matrix they are valid until a row of another block is
 * asked for. */
const unsigned char *mc_ltp_tc_row(struct mc_ltp_tc *tc, size_t row);

/* The column of property tag (exact type), or NULL. */
const struct mc_ltp_tc_col *mc_ltp_tc_column(const struct mc_ltp_tc *tc, uint32_t tag);

/* The cell of column col in row `row`: 1 with a g_malloc'd value (2 NULs
 * of padding) as mc_ltp_pc_get gives it, 0 if the cell existence bitmap
 * says it is absent, -1 if unreadable (tc->hn.err has the row). */
int mc_ltp_tc_cell(struct mc_ltp_tc *tc, size_t row, const struct mc_ltp_tc_col *col,
                   unsigned char **data, size_t *size);

/* The row index of row id via the row index BTH: 1, 0 if absent, -1. */
int mc_ltp_tc_find_row(struct mc_ltp_tc *tc, uint32_t row_id, size_t *row);

/* One row of a TC as a property source for mapi-props.h (a recipient's
 * properties are a row of the recipient table): a property id is looked up
 * among the columns whatever its type; errors become warnings of m (may be
 * NULL). The struct must stay where it is while in use. */
struct mc_ltp_tc_row {
	struct mc_ltp_tc *tc;
	size_t row;
	struct mc_mapi_props props;
};
struct mc_mapi_props *mc_ltp_tc_row_props(struct mc_ltp_tc_row *rp, struct mc_ltp_tc *tc,
                                          size_t row, int codepage, struct mc_message *m);

#endif
