/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-amap.c: the allocation maps of a PST/OST read for recovery (AMap,
 * PMap; the 4K-page OST's AMap): free-space queries, each map page read
 * and checked once while queries stay in its section. See pst-amap.h.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "pst-amap.h"
#include "pst-crypt.h"
#include "pst-ndb-internal.h"

#define PTYPE_PMAP 0x83u
#define PTYPE_AMAP 0x84u
#define AMAP_FIRST 0x4400u
#define AMAP_FIRST_4K 0x22000u
#define PMAP_FIRST 0x4600u

void mc_pst_amap_init(struct mc_pst_amap *m, mc_ndb *db, uint64_t size)
{
	memset(m, 0, sizeof *m);
	m->db = db;
	m->size = size;
	m->first = db->page4k ? AMAP_FIRST_4K : AMAP_FIRST;
	m->unit = db->page4k ? 512u : 64u;
	m->bytes = db->page4k ? 4072u : 496u;
	m->span = (uint64_t)m->bytes * 8u * m->unit;
	m->skip = db->ansi ? 4u : 0u;
	m->has_pmap = !db->page4k;
}

/* The map page at ib (AMap or PMap), checked: its type and repeat, its CRC. */
static const uint8_t *map_page(struct mc_pst_amap *m, struct mc_pst_map_cache *c, uint64_t ib,
			       uint8_t ptype)
{
	if (c->ib == ib)
		return c->ok ? c->bits : NULL;
	mc_ndb *db = m->db;
	uint8_t p[NDB_PAGE_MAX];
	const size_t psize = db->page_size;
	c->ib = ib;
	c->ok = 0;
	if (ib + psize > m->size || pread(db->fd, p, psize, (off_t)ib) != (ssize_t)psize)
		return NULL;
	const uint8_t *t = p + db->page_data;
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	if (t[0] != ptype || t[1] != ptype || crc != mc_pst_crc32(0, p, db->page_data)) {
		if (!m->bad_maps++)
			m->first_bad_map = ib;
		return NULL;
	}
	memcpy(c->bits, p + m->skip, m->bytes);
	c->ok = 1;
	return c->bits;
}

static int bit_clear(const uint8_t *bits, uint64_t i)
{
	return !(bits[i / 8] & (0x80u >> (i % 8)));
}

int mc_pst_amap_data_free(struct mc_pst_amap *m, uint64_t off, uint64_t len)
{
	if (off < m->first || len == 0 || off + len > m->size || off + len < off)
		return 0;
	for (uint64_t u = off / m->unit * m->unit; u < off + len; u += m->unit) {
		uint64_t map = m->first + (u - m->first) / m->span * m->span;
		const uint8_t *bits = map_page(m, &m->amap, map, PTYPE_AMAP);
		if (!bits || !bit_clear(bits, (u - map) / m->unit))
			return 0;
	}
	return 1;
}

int mc_pst_amap_page_free(struct mc_pst_amap *m, uint64_t ib)
{
	if (!m->has_pmap || ib < m->first)
		return 0;
	/* a PMap maps 8 AMap sections from the AMap before it */
	const uint64_t pspan = 8u * m->span;
	uint64_t map = PMAP_FIRST + (ib - m->first) / pspan * pspan;
	const uint8_t *bits = map_page(m, &m->pmap, map, PTYPE_PMAP);
	return bits && bit_clear(bits, (ib - (map - NDB_PAGE_SIZE)) / NDB_PAGE_SIZE);
}
