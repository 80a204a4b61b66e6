/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-bth.c: B-tree-on-heap ([MS-PST] 2.3.2): the BTHHEADER (bType 0xB5,
 * cbKey, cbEnt, bIdxLevels, hidRoot), intermediate records (key, HID of
 * the next level) and leaf records (key, data); lookup of a key and
 * in-order iteration. Depth is bounded by bIdxLevels (at most
 * MC_LTP_BTH_MAX_LEVELS), and an iteration reads no more allocations than
 * the heap holds, so a tree that points back into itself ends. See
 * pst-ltp.h.
 */
#include "config.h"

#include <string.h>

#include "mapi-values.h"
#include "pst-ltp.h"

int mc_ltp_bth_open(struct mc_ltp_bth *b, struct mc_ltp_heap *hn, uint32_t hid)
{
	memset(b, 0, sizeof *b);
	b->hn = hn;
	const unsigned char *p;
	size_t len;
	if (mc_ltp_heap_get(hn, hid, &p, &len) != 1)
		return -1;
	if (len < 8 || p[0] != MC_LTP_SIG_BTH) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hid, -1,
		            "not a BTH header (%zu bytes, type 0x%02x)", len, len ? p[0] : 0);
		return -1;
	}
	b->cb_key = p[1];
	b->cb_ent = p[2];
	b->levels = p[3];
	b->root = mc_le32(p + 4);
	if (b->cb_key != 2 && b->cb_key != 4 && b->cb_key != 8 && b->cb_key != 16) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hid, -1, "BTH key size %u", b->cb_key);
		return -1;
	}
	if (b->cb_ent < 1 || b->cb_ent > 32) {
		mc_ltp_note(&hn->err, MC_LTP_DAMAGED, -1, hid, -1, "BTH data size %u", b->cb_ent);
		return -1;
	}
	if (b->levels > MC_LTP_BTH_MAX_LEVELS) {
		mc_ltp_note(&hn->err, MC_LTP_LIMIT, -1, hid, -1, "BTH of %u index levels (at most %d)",
		            b->levels, MC_LTP_BTH_MAX_LEVELS);
		return -1;
	}
	return 0;
}

/* Keys are little-endian unsigned integers. */
static int key_cmp(const unsigned char *a, const unsigned char *b, unsigned n)
{
	for (unsigned i = n; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* The records of one level's allocation: 1 with *n records of rs bytes. */
static int level_records(struct mc_ltp_bth *b, uint32_t hid, unsigned level, const unsigned char **p,
                         size_t *n)
{
	size_t rs = b->cb_key + (level > 0 ? 4u : b->cb_ent), len;
	if (mc_ltp_heap_get(b->hn, hid, p, &len) != 1)
		return -1;
	if (len % rs != 0) {
		mc_ltp_note(&b->hn->err, MC_LTP_DAMAGED, -1, hid, -1,
		            "BTH level %u allocation of %zu bytes is not a whole number of %zu-byte records",
		            level, len, rs);
		return -1;
	}
	*n = len / rs;
	return 1;
}

int mc_ltp_bth_find(struct mc_ltp_bth *b, const unsigned char *key, const unsigned char **ent)
{
	*ent = NULL;
	if (b->root == 0)
		return 0;
	uint32_t hid = b->root;
	for (int level = b->levels; level >= 0; level--) {
		const unsigned char *p;
		size_t n;
		if (level_records(b, hid, (unsigned)level, &p, &n) != 1)
			return -1;
		size_t rs = b->cb_key + (level > 0 ? 4u : b->cb_ent);
		/* the last record whose key is <= key (records are sorted) */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (key_cmp(p + mid * rs, key, b->cb_key) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0)
			return 0;
		const unsigned char *r = p + (lo - 1) * rs;
		if (level == 0) {
			if (key_cmp(r, key, b->cb_key) != 0)
				return 0;
			*ent = r + b->cb_key;
			return 1;
		}
		hid = mc_le32(r + b->cb_key);
	}
	return 0;
}

struct walk {
	mc_ltp_bth_visit_fn visit;
	void *ctx;
	size_t reads, max_reads;
	unsigned char last[16];
	int have_last, stopped, damaged;
};

/* Reads one level: every record's key lies in [lo, hi) (the parent's
 * bounds, NULL for none) and above the one before it, so that a lookup
 * finds every record an iteration visits. */
static void walk_level(struct mc_ltp_bth *b, uint32_t hid, unsigned level, const unsigned char *lo,
                       const unsigned char *hi, struct walk *w)
{
	if (w->stopped)
		return;
	if (++w->reads > w->max_reads) {
		mc_ltp_note(&b->hn->err, MC_LTP_DAMAGED, -1, hid, -1,
		            "BTH reads more allocations than the heap holds (%zu): a loop", w->max_reads);
		w->damaged = 1;
		w->stopped = 1;
		return;
	}
	const unsigned char *p;
	size_t n;
	if (level_records(b, hid, level, &p, &n) != 1) {
		w->damaged = 1;
		return;
	}
	size_t rs = b->cb_key + (level > 0 ? 4u : b->cb_ent);
	/* the bounds handed to a child are copies: the bytes of a heap read on
	 * demand last only while a few other blocks are read */
	unsigned char child_lo[16], child_hi[16];
	for (size_t i = 0; i < n && !w->stopped; i++) {
		const unsigned char *r = p + i * rs;
		if ((lo && key_cmp(r, lo, b->cb_key) < 0) || (hi && key_cmp(r, hi, b->cb_key) >= 0) ||
		    (i > 0 && key_cmp(r, r - rs, b->cb_key) <= 0) ||
		    (level == 0 && w->have_last && key_cmp(r, w->last, b->cb_key) <= 0)) {
			mc_ltp_note(&b->hn->err, MC_LTP_DAMAGED, -1, hid, -1,
			            "BTH level %u: key of record %zu out of order", level, i);
			w->damaged = 1;
		}
		if (level > 0) {
			memcpy(child_lo, r, b->cb_key);
			if (i + 1 < n)
				memcpy(child_hi, r + rs, b->cb_key);
			walk_level(b, mc_le32(r + b->cb_key), level - 1, child_lo,
			           i + 1 < n ? child_hi : hi, w);
		} else {
			memcpy(w->last, r, b->cb_key);
			w->have_last = 1;
			if (w->visit(w->ctx, r, r + b->cb_key))
				w->stopped = 1;
		}
		/* this level's records again: the child (or what the visit read)
		 * may have had other blocks of the heap read in their place */
		size_t again;
		if (i + 1 < n && !w->stopped &&
		    (level_records(b, hid, level, &p, &again) != 1 || again != n)) {
			w->damaged = 1;
			return;
		}
	}
}

int mc_ltp_bth_each(struct mc_ltp_bth *b, mc_ltp_bth_visit_fn visit, void *ctx)
{
	if (b->root == 0)
		return 1;
	struct walk w = { .visit = visit, .ctx = ctx, .max_reads = b->hn->allocations };
	walk_level(b, b->root, b->levels, NULL, NULL, &w);
	if (w.damaged)
		return -1;
	return w.stopped ? 0 : 1;
}
