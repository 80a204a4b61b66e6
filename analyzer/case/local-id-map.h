/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * local-id-map.h: the writer's map from the local ids a reader gives its
 * folders and messages (record.h: 1-based, in the order of emission within
 * one evidence) to the case ids they were stored under. Dense ids cost 4
 * bytes each (an offset from the first case id mapped), so that one
 * evidence of millions of messages keeps the writer's memory small; an id
 * far past the dense range, or a case id that does not fit an offset, goes
 * to a hash table instead, so that no id from a spool can make it allocate
 * much.
 */
#ifndef MC_LOCAL_ID_MAP_H
#define MC_LOCAL_ID_MAP_H

#include <stddef.h>
#include <stdint.h>

struct mc_local_id_map;

struct mc_local_id_map *mc_local_id_map_new(void);
void mc_local_id_map_free(struct mc_local_id_map *map);
/* Forgets every id (the next evidence), keeping the allocation. */
void mc_local_id_map_clear(struct mc_local_id_map *map);
/* Maps local (> 0) to case_id (> 0), replacing what it mapped before;
 * anything else is ignored. */
void mc_local_id_map_put(struct mc_local_id_map *map, int64_t local, long long case_id);
/* The case id mapped to local, or 0. */
long long mc_local_id_map_get(const struct mc_local_id_map *map, int64_t local);
/* Bytes the map holds now (its dense array and hash table entries). */
size_t mc_local_id_map_bytes(const struct mc_local_id_map *map);

#endif
