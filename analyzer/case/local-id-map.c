/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * local-id-map.c: local ids of one evidence to case ids (local-id-map.h):
 * a dense array of 4-byte offsets, a hash table for the ids it cannot hold.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "local-id-map.h"

/* How far past the dense array's end a local id may be and still extend
 * it (slots between are left empty): 256 KiB at most for one put. */
#define DENSE_GAP 65536

struct mc_local_id_map {
	uint32_t *dense;       /* [local - 1]: case id - base + 1, or 0 */
	size_t len, cap;       /* slots in use (the largest dense local id), allocated */
	long long base;        /* the first case id mapped since the last clear */
	GHashTable *sparse;    /* int64 local -> long long case id; NULL until needed */
};

struct mc_local_id_map *mc_local_id_map_new(void)
{
	return g_new0(struct mc_local_id_map, 1);
}

void mc_local_id_map_free(struct mc_local_id_map *map)
{
	if (!map)
		return;
	g_free(map->dense);
	if (map->sparse)
		g_hash_table_destroy(map->sparse);
	g_free(map);
}

void mc_local_id_map_clear(struct mc_local_id_map *map)
{
	map->len = 0;
	map->base = 0;
	if (map->sparse)
		g_hash_table_remove_all(map->sparse);
}

/* Makes local (1-based) a slot of the dense array, new slots empty. */
static void extend(struct mc_local_id_map *map, size_t local)
{
	if (local > map->cap) {
		size_t cap = map->cap ? map->cap : 1024;
		while (cap < local)
			cap *= 2;
		map->dense = g_renew(uint32_t, map->dense, cap);
		map->cap = cap;
	}
	memset(map->dense + map->len, 0, (local - map->len) * sizeof *map->dense);
	map->len = local;
}

static void sparse_remove(struct mc_local_id_map *map, int64_t local)
{
	if (map->sparse)
		g_hash_table_remove(map->sparse, &local);
}

void mc_local_id_map_put(struct mc_local_id_map *map, int64_t local, long long case_id)
{
	if (local <= 0 || case_id <= 0)
		return;
	if (map->base == 0)
		map->base = case_id;
	int dense_id = (uint64_t)local <= (uint64_t)map->len + DENSE_GAP;
	int fits = case_id >= map->base && case_id - map->base < (long long)UINT32_MAX;
	if (dense_id && fits) {
		if ((size_t)local > map->len)
			extend(map, (size_t)local);
		map->dense[local - 1] = (uint32_t)(case_id - map->base + 1);
		sparse_remove(map, local);
		return;
	}
	if ((uint64_t)local <= (uint64_t)map->len)
		map->dense[local - 1] = 0;
	if (!map->sparse)
		map->sparse = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	int64_t *k = g_new(int64_t, 1);
	long long *v = g_new(long long, 1);
	*k = local;
	*v = case_id;
	g_hash_table_replace(map->sparse, k, v);
}

long long mc_local_id_map_get(const struct mc_local_id_map *map, int64_t local)
{
	if (local <= 0)
		return 0;
	if ((uint64_t)local <= (uint64_t)map->len && map->dense[local - 1])
		return map->base + (long long)map->dense[local - 1] - 1;
	if (!map->sparse)
		return 0;
	const long long *v = g_hash_table_lookup(map->sparse, &local);
	return v ? *v : 0;
}

size_t mc_local_id_map_bytes(const struct mc_local_id_map *map)
{
	/* A hash entry: its key and value blocks, and a slot of three arrays. */
	size_t entry = 2 * sizeof(long long) + 2 * sizeof(void *) + sizeof(guint);
	return map->cap * sizeof *map->dense +
	       (map->sparse ? g_hash_table_size(map->sparse) * entry : 0);
}
