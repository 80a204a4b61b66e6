/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-free-blocks.c: the blocks lying in the free space of a PST/OST,
 * found by their trailer ([MS-PST] 2.2.2.8.1 BLOCKTRAILER; the 4K-page
 * OST's 24-byte trailer after libyal's PFF notes). Every block fills a
 * whole number of units (64 bytes, 512 in 4K) and ends with its trailer,
 * so the end of every free unit is a place a block may end: its trailer
 * is taken when its size fits the format (cb above 0, the block within
 * the block limit and wholly in free space), its BID is not 0, its
 * signature is the one of its offset and BID, and its CRC matches the cb
 * bytes before it. The signature is checked first (1 in 65,536 chances
 * for random bytes), the CRC read only then.
 *
 * Bounded: the file is read once, in windows of WINDOW bytes, only where
 * the AMaps say a unit is free; nothing is kept (the caller decides).
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "pst-crypt.h"
#include "pst-free-blocks.h"
#include "pst-ndb-internal.h"

#define WINDOW (1024u * 1024u)

/* The block ending at `end` whose trailer is at t (in memory), checked;
 * *bid and *ib filled. The CRC is read from the file (buf, block_max). */
static int block_at(struct mc_pst_amap *m, const uint8_t *t, uint64_t end, uint8_t *buf,
		    uint64_t *bid_out, uint64_t *ib_out, uint16_t *cb_out)
{
	mc_ndb *db = m->db;
	const unsigned tr = db->block_trailer, align = db->block_align;
	uint16_t cb = ndb_le16(t);
	if (cb == 0 || (size_t)cb + tr > db->block_max)
		return 0;
	uint64_t total = ((uint64_t)cb + tr + align - 1) / align * align;
	if (end < m->first + total)
		return 0;
	uint64_t ib = end - total;
	uint64_t bid = db->ansi ? ndb_le32(t + 4) : ndb_le64(t + 8);
	if ((bid & ~(uint64_t)1) == 0 || ndb_le16(t + 2) != ndb_sig(ib, bid))
		return 0;
	if (!mc_pst_amap_data_free(m, ib, total) ||
	    pread(db->fd, buf, cb, (off_t)ib) != (ssize_t)cb)
		return 0;
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	if (crc != mc_pst_crc32(0, buf, cb))
		return 0;
	*bid_out = bid & ~(uint64_t)1;
	*ib_out = ib;
	*cb_out = cb;
	return 1;
}

uint64_t mc_pst_free_blocks_scan(struct mc_pst_amap *m, mc_pst_free_block_fn fn, void *ctx)
{
	mc_ndb *db = m->db;
	const uint64_t unit = m->unit;
	const unsigned tr = db->block_trailer;
	uint8_t *win = malloc(WINDOW), *blk = malloc(db->block_max);
	uint64_t scanned = 0;
	int stop = 0;
	if (!win || !blk) {
		free(win);
		free(blk);
		return 0;
	}
	for (uint64_t w = m->first; !stop && w + unit <= m->size; w += WINDOW) {
		uint64_t len = m->size - w < WINDOW ? (m->size - w) / unit * unit : WINDOW;
		int any = 0;
		for (uint64_t u = w; u < w + len && !any; u += unit)
			any = mc_pst_amap_data_free(m, u, unit);
		if (!any)
			continue;
		if (pread(db->fd, win, len, (off_t)w) != (ssize_t)len)
			break;
		for (uint64_t u = w; !stop && u < w + len; u += unit) {
			if (!mc_pst_amap_data_free(m, u, unit))
				continue;
			scanned += unit;
			uint64_t bid, ib;
			uint16_t cb;
			if (block_at(m, win + (u - w) + unit - tr, u + unit, blk, &bid, &ib, &cb))
				stop = fn(ctx, bid, ib, cb) != 0;
		}
	}
	free(win);
	free(blk);
	return scanned;
}
