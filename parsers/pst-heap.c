/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-heap.c: heap-on-node ([MS-PST] 2.3.1) over a node's data blocks:
 * the HNHDR of block 0 (ibHnpm, bSig 0xEC, bClientSig, hidUserRoot), the
 * abridged HNPAGEHDR / HNBITMAPHDR of the other blocks, the HNPAGEMAP of
 * each block (cAlloc, cFree, cAlloc + 1 offsets), and HID -> bytes, over
 * blocks all in memory or asked of a source one at a time (a HID names its
 * block: nothing else is read). Also the LTP error record shared by the
 * layer. See pst-ltp.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "mapi-values.h"
#include "pst-ltp.h"

#define HN_SIG 0xECu

void mc_ltp_note(struct mc_ltp_error *e, enum mc_ltp_grade grade, long block, uint32_t hid,
                 long row, const char *fmt, ...)
{
	e->count++;
	if (e->grade != MC_LTP_OK)
		return;
	e->grade = grade;
	e->block = block;
	e->hid = hid;
	e->row = row;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->what, sizeof e->what, fmt, ap);
	va_end(ap);
}

const char *mc_ltp_error_text(const struct mc_ltp_error *e, char *buf, size_t size)
{
	static const char *const grades[] = { "ok", "damaged", "limit", "unsupported", "missing" };
	const char *g = (unsigned)e->grade < G_N_ELEMENTS(grades) ? grades[e->grade] : "?";
	GString *s = g_string_new(g);
	const char *sep = " (";
	if (e->block >= 0) {
		g_string_append_printf(s, "%sblock %ld", sep, e->block);
		sep = ", ";
	}
	if (e->hid) {
		g_string_append_printf(s, "%sHID 0x%08x", sep, e->hid);
		sep = ", ";
	}
	if (e->row >= 0) {
		g_string_append_printf(s, "%srow %ld", sep, e->row);
		sep = ", ";
	}
	if (sep[0] == ',')
		g_string_append_c(s, ')');
	g_string_append_printf(s, ": %s", e->what);
	if (e->count > 1)
		g_string_append_printf(s, " (and %u more)", e->count - 1);
	g_strlcpy(buf, s->str, size);
	g_string_free(s, TRUE);
	return buf;
}

/* Size of the page header of block i: HNHDR, HNBITMAPHDR (block 8, then
 * every 128th) or HNPAGEHDR. */
static size_t header_size(size_t i)
{
	if (i == 0)
		return 12;
	if (i >= 8 && (i - 8) % 128 == 0)
		return 66;
	return 2;
}

/* Block bi, from memory or from the source: NULL if unreadable (noted). */
static const struct mc_ltp_block *heap_block(struct mc_ltp_heap *hn, size_t bi, uint32_t hid,
                                             struct mc_ltp_block *room)
{
	if (hn->blocks)
		return &hn->blocks[bi];
	char ebuf[128] = "";
	if (hn->source->block(hn->source->ctx, bi, room, ebuf, sizeof ebuf) != 1) {
		mc_ltp_note(&hn->err, MC_LTP_MISSING, (long)bi, hid, -1, "heap block unreadable: %s",
		            ebuf);
		return NULL;
	}
	return room;
}

/* The page map of block b (index bi): 1 with *count and *offsets (count + 1
 * LE16 entries), -1 if unreadable (noted). */
static int page_map(struct mc_ltp_heap *hn, const struct mc_ltp_block *b, size_t bi, uint32_t hid,
                    unsigned *count, const unsigned char **offsets)
{
	if (!b->data || b->len < header_size(bi)) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "block of %zu bytes is shorter than its heap page header", b->len);
		return -1;
	}
	size_t ib = mc_le16(b->data);
	if (ib < header_size(bi) || ib + 4 > b->len) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "page map offset %zu outside the block (%zu bytes)", ib, b->len);
		return -1;
	}
	unsigned n = mc_le16(b->data + ib);
	if (ib + 4 + 2 * ((size_t)n + 1) > b->len) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "page map of %u allocations runs past the block (%zu bytes)", n, b->len);
		return -1;
	}
	*count = n;
	*offsets = b->data + ib + 4;
	return 1;
}

/* The HNHDR of block 0 and every block's page map. */
static int heap_read(struct mc_ltp_heap *hn)
{
	size_t nblocks = hn->nblocks;
	struct mc_ltp_block room;
	const struct mc_ltp_block *b0 = nblocks ? heap_block(hn, 0, 0, &room) : NULL;
	if (!b0 && nblocks)
		return -1;
	if (nblocks == 0 || !b0->data || b0->len < 12) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, 0, 0, -1, "no heap header (node data of %zu bytes)",
		            nblocks ? b0->len : 0);
		return -1;
	}
	if (nblocks > 0xFFFFu + 1) {
		mc_ltp_note(&hn->err, MC_LTP_LIMIT, -1, 0, -1,
		            "%zu blocks: a HID addresses at most 65536", nblocks);
		return -1;
	}
	const unsigned char *h = b0->data;
	if (h[2] != HN_SIG) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, 0, 0, -1, "heap signature 0x%02x, not 0xEC", h[2]);
		return -1;
	}
	hn->client_sig = h[3];
	hn->root = mc_le32(h + 4);
	for (size_t i = 0; i < nblocks; i++) {
		unsigned n;
		const unsigned char *offs;
		const struct mc_ltp_block *b = heap_block(hn, i, 0, &room);
		if (b && page_map(hn, b, i, 0, &n, &offs) == 1)
			hn->allocations += n;
	}
	return 0;
}

int mc_ltp_heap_open(struct mc_ltp_heap *hn, const struct mc_ltp_block *blocks, size_t nblocks)
{
	memset(hn, 0, sizeof *hn);
	hn->err.block = -1;
	hn->err.row = -1;
	hn->blocks = blocks;
	hn->nblocks = blocks ? nblocks : 0;
	return heap_read(hn);
}

int mc_ltp_heap_open_paged(struct mc_ltp_heap *hn, const struct mc_ltp_block_source *src)
{
	memset(hn, 0, sizeof *hn);
	hn->err.block = -1;
	hn->err.row = -1;
	hn->source = src;
	hn->nblocks = src->nblocks;
	return heap_read(hn);
}

int mc_ltp_heap_get(struct mc_ltp_heap *hn, uint32_t hid, const unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (hid & 0x1Fu) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hid, -1, "HID of type %u, not a heap item",
		            hid & 0x1Fu);
		return -1;
	}
	/* hidIndex and hidBlockIndex: 11 and 16 bits, 14 and 13 in 4K */
	unsigned index = hn->hid4k ? (hid >> 5) & 0x3FFFu : (hid >> 5) & 0x7FFu;
	size_t bi = hn->hid4k ? hid >> 19 : hid >> 16;
	if (index == 0) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1, "HID with allocation index 0");
		return -1;
	}
	if (bi >= hn->nblocks) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "HID names block %zu of a heap of %zu", bi, hn->nblocks);
		return -1;
	}
	unsigned n;
	const unsigned char *offs;
	struct mc_ltp_block room;
	const struct mc_ltp_block *b = heap_block(hn, bi, hid, &room);
	if (!b || page_map(hn, b, bi, hid, &n, &offs) != 1)
		return -1;
	if (index > n) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "allocation %u beyond the page map's %u", index, n);
		return -1;
	}
	size_t start = mc_le16(offs + 2 * (index - 1)), end = mc_le16(offs + 2 * index);
	size_t ib = mc_le16(b->data);
	if (start < header_size(bi) || end < start || end > ib) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, (long)bi, hid, -1,
		            "allocation %u spans bytes %zu to %zu, outside %zu to %zu", index, start, end,
		            header_size(bi), ib);
		return -1;
	}
	*data = b->data + start;
	*len = end - start;
	return 1;
}
