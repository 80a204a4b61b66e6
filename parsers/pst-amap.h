/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-amap.h: the allocation maps of a PST/OST, read for recovery: whether
 * a byte range is free ([MS-PST] 2.2.2.7.2 AMap: one bit per 64 bytes from
 * 0x4400, a map every 253,952 bytes) and whether a 512-byte page is free
 * (2.2.2.7.3 PMap: one bit per page from 0x4600, every 8 AMaps); in the
 * 4K-page OST (libyal's PFF notes) one AMap of 4096 bytes per section,
 * 4,072 bytes of bits, one bit per 512 bytes from 0x22000, a map every
 * 16,678,912 bytes, and no PMap. A map page is used only when it checks
 * (its type twice, its CRC); one that does not counts as all allocated and
 * is counted (bad_maps). Two map pages are kept (the last AMap and PMap
 * read): O(1) memory whatever the file.
 */
#ifndef MC_PST_AMAP_H
#define MC_PST_AMAP_H

#include <stdint.h>
#include <stddef.h>

#include "pst-ndb.h"

#define MC_PST_MAP_BYTES_MAX 4072u

struct mc_pst_map_cache {
	uint64_t ib;    /* offset of the cached map page, 0 none */
	int ok;         /* it read and checked */
	uint8_t bits[MC_PST_MAP_BYTES_MAX];
};

struct mc_pst_amap {
	mc_ndb *db;
	uint64_t size;          /* bytes of the file that can be read */
	uint64_t first;         /* the first AMap, where the mapped space begins */
	uint64_t unit;          /* bytes per AMap bit: 64, or 512 in 4K */
	uint64_t span;          /* bytes one AMap maps */
	unsigned bytes;         /* bytes of bits in a map page: 496 or 4072 */
	unsigned skip;          /* bytes before the bits (4 in ANSI) */
	int has_pmap;           /* not in 4K */
	struct mc_pst_map_cache amap, pmap;
	size_t bad_maps;        /* map pages that did not check */
	uint64_t first_bad_map;
};

void mc_pst_amap_init(struct mc_pst_amap *m, mc_ndb *db, uint64_t size);
/* Whether [off, off + len) is free according to the AMaps (a map that does
 * not read counts as all allocated). */
int mc_pst_amap_data_free(struct mc_pst_amap *m, uint64_t off, uint64_t len);
/* Whether the 512-byte page at ib is free according to its PMap (never in
 * 4K, which has none). */
int mc_pst_amap_page_free(struct mc_pst_amap *m, uint64_t ib);

#endif
