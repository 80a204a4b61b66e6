/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-tc.c: table context ([MS-PST] 2.3.4): a heap of client signature
 * 0x7C whose hidUserRoot is the TCINFO (column count, the four rgib
 * offsets of a row's layout, hidRowIndex, hnidRows, column descriptors);
 * the row index BTH (row id -> row index); the row matrix, one heap item
 * or a subnode whose blocks each hold whole rows (the same number in every
 * block but the last); the cell existence bitmap; cells inline (fixed
 * size up to 8 bytes) or by HNID. See pst-ltp.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-values.h"
#include "pst-ltp.h"

enum { TCI_4b, TCI_2b, TCI_1b, TCI_bm };

static int read_tcinfo(struct mc_ltp_tc *tc)
{
	struct mc_ltp_heap *hn = &tc->hn;
	const unsigned char *p;
	size_t len;
	if (mc_ltp_heap_get(hn, hn->root, &p, &len) != 1)
		return -1;
	if (len < 22 || p[0] != MC_LTP_SIG_TC) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hn->root, -1,
		            "not a TCINFO (%zu bytes, type 0x%02x)", len, len ? p[0] : 0);
		return -1;
	}
	tc->ncols = p[1];
	if (22 + 8 * (size_t)tc->ncols > len) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hn->root, -1,
		            "TCINFO of %zu bytes cannot hold %u column descriptors", len, tc->ncols);
		return -1;
	}
	for (int i = 0; i < 4; i++)
		tc->rgib[i] = mc_le16(p + 2 + 2 * i);
	if (tc->rgib[TCI_4b] > tc->rgib[TCI_2b] || tc->rgib[TCI_2b] > tc->rgib[TCI_1b] ||
	    (size_t)tc->rgib[TCI_1b] + (tc->ncols + 7) / 8 > tc->rgib[TCI_bm]) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hn->root, -1,
		            "row layout offsets %u, %u, %u, %u do not fit %u columns", tc->rgib[0],
		            tc->rgib[1], tc->rgib[2], tc->rgib[3], tc->ncols);
		return -1;
	}
	uint32_t hid_index = mc_le32(p + 10);
	tc->hnid_rows = mc_le32(p + 14);
	size_t ceb_bits = 8 * (size_t)(tc->rgib[TCI_bm] - tc->rgib[TCI_1b]);
	for (unsigned i = 0; i < tc->ncols; i++) {
		const unsigned char *d = p + 22 + 8 * i;
		struct mc_ltp_tc_col *c = &tc->cols[i];
		c->tag = mc_le32(d);
		c->ib = mc_le16(d + 4);
		c->cb = d[6];
		c->bit = d[7];
		if ((c->cb != 1 && c->cb != 2 && c->cb != 4 && c->cb != 8) ||
		    (size_t)c->ib + c->cb > tc->rgib[TCI_1b] || c->bit >= ceb_bits) {
			mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hn->root, -1,
			            "column %u (tag 0x%08x): %u bytes at %u, bit %u, outside the row layout", i,
			            c->tag, c->cb, c->ib, c->bit);
			return -1;
		}
	}
	tc->have_index = 0;
	if (hid_index != 0 && mc_ltp_bth_open(&tc->index, hn, hid_index) == 0) {
		if (tc->index.cb_key == 4 && (tc->index.cb_ent == 4 || tc->index.cb_ent == 2))
			tc->have_index = 1;
		else
			mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hid_index, -1,
			            "row index BTH of %u-byte keys and %u-byte records", tc->index.cb_key,
			            tc->index.cb_ent);
	}
	return 0;
}

/* The row matrix in a subnode read one block at a time: the first block
 * says how many rows a block holds, the declared size how many rows in all
 * (every block but the last holds the same number of whole rows). */
static int stream_matrix(struct mc_ltp_tc *tc)
{
	struct mc_ltp_heap *hn = &tc->hn;
	size_t rs = tc->rgib[TCI_bm];
	char ebuf[128] = "";
	uint64_t total = 0;
	int rc = tc->subs->block(tc->subs->ctx, tc->hnid_rows, 0, &tc->rows_block, &total, ebuf,
	                         sizeof ebuf);
	if (rc < 0 || (rc == 0 && total > 0)) {
		mc_ltp_note(&hn->err, MC_LTP_MISSING, -1, tc->hnid_rows, -1, "row matrix subnode %s%s",
		            rc == 0 ? "absent" : "unreadable: ", rc == 0 ? "" : ebuf);
		return -1;
	}
	tc->rows_streamed = 1;
	tc->rows_block_index = 0;
	if (rc == 0)
		return 0;
	tc->rows_per_block = tc->rows_block.len / rs;
	if (tc->rows_per_block == 0) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, 0, tc->hnid_rows, -1,
		            "row matrix block of %zu bytes holds no %zu-byte row", tc->rows_block.len, rs);
		return -1;
	}
	uint64_t per_block = (uint64_t)tc->rows_per_block * rs;
	tc->nrows = (size_t)(total / per_block * tc->rows_per_block + total % per_block / rs);
	return 0;
}

/* Row `row` of a streamed matrix. */
static const unsigned char *streamed_row(struct mc_ltp_tc *tc, size_t row, size_t rs)
{
	size_t bi = row / tc->rows_per_block, at = (row % tc->rows_per_block) * rs;
	if (bi != tc->rows_block_index) {
		char ebuf[128] = "";
		uint64_t total;
		int rc = tc->subs->block(tc->subs->ctx, tc->hnid_rows, bi, &tc->rows_block, &total,
		                         ebuf, sizeof ebuf);
		if (rc != 1) {
			memset(&tc->rows_block, 0, sizeof tc->rows_block);
			tc->rows_block_index = (size_t)-1;
			/* the data ends before the size it declared: the table ends
			 * there (a walk in order stops instead of asking again for
			 * every row the size promised) */
			if (rc == 0 && tc->nrows > bi * tc->rows_per_block)
				tc->nrows = bi * tc->rows_per_block;
			mc_ltp_note(&tc->hn.err, rc == 0 ? MC_LTP_DAMAGED : MC_LTP_MISSING, (long)bi,
			            tc->hnid_rows, (long)row, "row matrix block %s%s",
			            rc == 0 ? "missing (the matrix is shorter than declared)"
			                    : "unreadable: ", rc == 0 ? "" : ebuf);
			return NULL;
		}
		tc->rows_block_index = bi;
	}
	if (at + rs > tc->rows_block.len) {
		mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, (long)bi, tc->hnid_rows, (long)row,
		            "row beyond its block's %zu bytes", tc->rows_block.len);
		return NULL;
	}
	return tc->rows_block.data + at;
}

static int read_matrix(struct mc_ltp_tc *tc)
{
	struct mc_ltp_heap *hn = &tc->hn;
	size_t rs = tc->rgib[TCI_bm];
	tc->nrows = 0;
	if (tc->hnid_rows == 0)
		return 0;
	if (rs == 0) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, tc->hnid_rows, -1, "rows of 0 bytes");
		return -1;
	}
	if (mc_ltp_hnid_is_hid(tc->hnid_rows)) {
		const unsigned char *p;
		size_t len;
		if (mc_ltp_heap_get(hn, tc->hnid_rows, &p, &len) != 1)
			return -1;
		if (len % rs)
			mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, tc->hnid_rows, -1,
			            "row matrix of %zu bytes is not a whole number of %zu-byte rows", len, rs);
		tc->rows_hid.data = NULL; /* asked of the heap again for each row */
		tc->rows_hid.len = len;
		tc->nrows = len / rs;
		tc->rows_per_block = tc->nrows;
		return 0;
	}
	if (tc->subs && tc->subs->block)
		return stream_matrix(tc);
	if (!tc->subs || !tc->subs->get) {
		mc_ltp_note(&hn->err, MC_LTP_MISSING, -1, tc->hnid_rows, -1,
		            "row matrix in subnode 0x%08x, and no subnode reader", tc->hnid_rows);
		return -1;
	}
	char ebuf[128] = "";
	int rc = tc->subs->get(tc->subs->ctx, tc->hnid_rows, &tc->rows_node, ebuf, sizeof ebuf);
	if (rc != 1) {
		memset(&tc->rows_node, 0, sizeof tc->rows_node);
		mc_ltp_note(&hn->err, MC_LTP_MISSING, -1, tc->hnid_rows, -1, "row matrix subnode %s%s",
		            rc == 0 ? "absent" : "unreadable: ", rc == 0 ? "" : ebuf);
		return -1;
	}
	tc->rows_in_subnode = 1;
	const struct mc_ltp_node *nd = &tc->rows_node;
	if (nd->nblocks == 0)
		return 0;
	/* Rows never span blocks: every block but the last holds as many
	 * rows as the first. */
	tc->rows_per_block = nd->blocks[0].len / rs;
	if (tc->rows_per_block == 0) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, 0, tc->hnid_rows, -1,
		            "row matrix block of %zu bytes holds no %zu-byte row", nd->blocks[0].len, rs);
		return -1;
	}
	for (size_t i = 0; i + 1 < nd->nblocks; i++)
		if (nd->blocks[i].len / rs != tc->rows_per_block)
			mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)i, tc->hnid_rows, -1,
			            "row matrix block holds %zu rows, the first %zu", nd->blocks[i].len / rs,
			            tc->rows_per_block);
	tc->nrows = tc->rows_per_block * (nd->nblocks - 1) + nd->blocks[nd->nblocks - 1].len / rs;
	return 0;
}

/* The TC over an opened heap (hn->err set when the heap failed). */
static int tc_read(struct mc_ltp_tc *tc, int heap_rc)
{
	if (heap_rc != 0)
		return -1;
	tc->hn.hid4k = tc->subs && tc->subs->hid4k;
	if (tc->hn.client_sig != MC_LTP_SIG_TC) {
		mc_ltp_note(&tc->hn.err, MC_LTP_UNSUPPORTED, 0, 0, -1,
		            "heap client signature 0x%02x, not a table context", tc->hn.client_sig);
		return -1;
	}
	if (read_tcinfo(tc) != 0)
		return -1;
	if (read_matrix(tc) != 0) {
		mc_ltp_tc_close(tc);
		return -1;
	}
	return 0;
}

int mc_ltp_tc_open(struct mc_ltp_tc *tc, const struct mc_ltp_block *blocks, size_t nblocks,
                   const struct mc_ltp_subnodes *subs)
{
	memset(tc, 0, sizeof *tc);
	tc->subs = subs;
	return tc_read(tc, mc_ltp_heap_open(&tc->hn, blocks, nblocks));
}

int mc_ltp_tc_open_paged(struct mc_ltp_tc *tc, const struct mc_ltp_block_source *src,
                         const struct mc_ltp_subnodes *subs)
{
	memset(tc, 0, sizeof *tc);
	tc->subs = subs;
	return tc_read(tc, mc_ltp_heap_open_paged(&tc->hn, src));
}

void mc_ltp_tc_close(struct mc_ltp_tc *tc)
{
	if (tc->rows_in_subnode && tc->subs && tc->subs->release)
		tc->subs->release(tc->subs->ctx, &tc->rows_node);
	tc->rows_in_subnode = 0;
	tc->rows_streamed = 0;
	memset(&tc->rows_node, 0, sizeof tc->rows_node);
	memset(&tc->rows_block, 0, sizeof tc->rows_block);
	tc->nrows = 0;
}

const unsigned char *mc_ltp_tc_row(struct mc_ltp_tc *tc, size_t row)
{
	size_t rs = tc->rgib[TCI_bm];
	if (row >= tc->nrows || rs == 0)
		return NULL;
	if (tc->rows_streamed)
		return streamed_row(tc, row, rs);
	if (!tc->rows_in_subnode) {
		const unsigned char *p;
		size_t len;
		if (mc_ltp_heap_get(&tc->hn, tc->hnid_rows, &p, &len) != 1 || (row + 1) * rs > len)
			return NULL;
		return p + row * rs;
	}
	size_t bi = row / tc->rows_per_block, at = (row % tc->rows_per_block) * rs;
	if (bi >= tc->rows_node.nblocks)
		return NULL;
	const struct mc_ltp_block *b = &tc->rows_node.blocks[bi];
	if (at + rs > b->len) {
		mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, (long)bi, tc->hnid_rows, (long)row,
		            "row beyond its block's %zu bytes", b->len);
		return NULL;
	}
	return b->data + at;
}

const struct mc_ltp_tc_col *mc_ltp_tc_column(const struct mc_ltp_tc *tc, uint32_t tag)
{
	for (unsigned i = 0; i < tc->ncols; i++)
		if (tc->cols[i].tag == tag)
			return &tc->cols[i];
	return NULL;
}

int mc_ltp_tc_cell(struct mc_ltp_tc *tc, size_t row, const struct mc_ltp_tc_col *col,
                   unsigned char **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	const unsigned char *r = mc_ltp_tc_row(tc, row);
	if (!r) {
		if (row >= tc->nrows)
			mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, -1, 0, (long)row, "row beyond the %zu of the table",
			            tc->nrows);
		return -1;
	}
	if (!(r[tc->rgib[TCI_1b] + col->bit / 8] & (0x80u >> (col->bit % 8))))
		return 0;
	uint16_t type = (uint16_t)(col->tag & 0xFFFFu);
	size_t n = mc_ltp_type_size(type);
	if (n == 0 || n > 8) {
		if (col->cb != 4) {
			mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, -1, 0, (long)row,
			            "column 0x%08x of %u bytes cannot hold an HNID", col->tag, col->cb);
			return -1;
		}
		uint32_t hnid = mc_le32(r + col->ib);
		if (mc_ltp_hnid_value(&tc->hn, tc->subs, hnid, (long)row, data, size) != 1)
			return -1;
		if (n && *size != n) {
			mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, -1, hnid, (long)row,
			            "cell of type 0x%04x: %zu bytes, not %zu", type, *size, n);
			g_free(*data);
			*data = NULL;
			*size = 0;
			return -1;
		}
		return 1;
	}
	if (col->cb < n) {
		mc_ltp_note(&tc->hn.err, MC_LTP_DAMAGED, -1, 0, (long)row,
		            "column 0x%08x of %u bytes for a %zu-byte type", col->tag, col->cb, n);
		return -1;
	}
	unsigned char *buf = g_malloc0(n + 2);
	memcpy(buf, r + col->ib, n);
	*data = buf;
	*size = n;
	return 1;
}

int mc_ltp_tc_find_row(struct mc_ltp_tc *tc, uint32_t row_id, size_t *row)
{
	if (!tc->have_index)
		return -1;
	unsigned char key[4] = { (unsigned char)row_id, (unsigned char)(row_id >> 8),
		                 (unsigned char)(row_id >> 16), (unsigned char)(row_id >> 24) };
	const unsigned char *ent;
	int rc = mc_ltp_bth_find(&tc->index, key, &ent);
	if (rc != 1)
		return rc;
	*row = tc->index.cb_ent == 4 ? mc_le32(ent) : mc_le16(ent);
	return 1;
}

/* ---- a row as a property source (mapi-props.h) ---- */

static const struct mc_ltp_tc_col *column_of_id(const struct mc_ltp_tc *tc, uint32_t id)
{
	for (unsigned i = 0; i < tc->ncols; i++)
		if (tc->cols[i].tag >> 16 == id)
			return &tc->cols[i];
	return NULL;
}

static int row_source_get(void *ctx, uint32_t id, uint32_t *type, unsigned char **data,
                          size_t *size)
{
	struct mc_ltp_tc_row *rp = ctx;
	const struct mc_ltp_tc_col *col = id <= 0xFFFFu ? column_of_id(rp->tc, id) : NULL;
	if (!col)
		return 0;
	unsigned before = rp->tc->hn.err.count;
	int rc = mc_ltp_tc_cell(rp->tc, rp->row, col, data, size);
	if (rc == 1) {
		*type = col->tag & 0xFFFFu;
		return 1;
	}
	if (rc < 0 && rp->props.m && rp->tc->hn.err.count > before) {
		char ebuf[256];
		mc_message_warn(rp->props.m, "property 0x%04x: unreadable in a PST table row; %s",
		                id, mc_ltp_error_text(&rp->tc->hn.err, ebuf, sizeof ebuf));
	}
	return 0;
}

static int row_source_present(void *ctx, uint32_t id)
{
	uint32_t type;
	unsigned char *d = NULL;
	size_t n = 0;
	if (!row_source_get(ctx, id, &type, &d, &n))
		return 0;
	g_free(d);
	return n > 0;
}

static const struct mc_mapi_source row_source = { row_source_get, row_source_present };

struct mc_mapi_props *mc_ltp_tc_row_props(struct mc_ltp_tc_row *rp, struct mc_ltp_tc *tc,
                                          size_t row, int codepage, struct mc_message *m)
{
	rp->tc = tc;
	rp->row = row;
	rp->props.source = &row_source;
	rp->props.ctx = rp;
	rp->props.codepage = codepage;
	rp->props.m = m;
	return &rp->props;
}
