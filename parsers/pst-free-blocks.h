/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-free-blocks.h: blocks found by their trailer in the free space of a
 * PST/OST, for recovery (pst-own-recover.c): a block whose block B-tree
 * entry is gone (not even in a stale B-tree page) can only be found this
 * way. See pst-free-blocks.c.
 */
#ifndef MC_PST_FREE_BLOCKS_H
#define MC_PST_FREE_BLOCKS_H

#include <stdint.h>

#include "pst-amap.h"

/* Called for every block found, in file order: its BID (as the trailer
 * has it, bit 0 cleared), offset and size. A non-zero return stops the
 * scan. */
typedef int (*mc_pst_free_block_fn)(void *ctx, uint64_t bid, uint64_t ib, uint16_t cb);

/* Scans every unit of free space (64 bytes, 512 in 4K) for the end of a
 * block whose trailer checks and whose whole extent is free; returns the
 * bytes of free space read. */
uint64_t mc_pst_free_blocks_scan(struct mc_pst_amap *m, mc_pst_free_block_fn fn, void *ctx);

#endif
