/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg-nameid.c: the .msg named property map (__nameid_version1.0) and the
 * named properties of one storage. Entry stream: 8 bytes per property,
 * the number or string offset (32 bits), then 16 bits holding the GUID
 * index (bits 1-15: 1 PS_MAPI, 2 PS_PUBLIC_STRINGS, n >= 3 the (n-3)th
 * GUID of the GUID stream) and the kind (bit 0: 1 for a string name), then
 * the 16-bit property index (property id 0x8000 + index). String stream:
 * a 32-bit byte length, then the UTF-16LE name. See msg-nameid.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-named.h"
#include "mapi-props.h"
#include "mapi-values.h"
#include "msg-nameid.h"

#define NAMEID_STREAM_MAX (16u << 20)

static void named_free(gpointer p)
{
	struct mc_msg_named *n = p;
	g_free(n->name);
	g_free(n);
}

static void map_init(struct mc_msg_nameid *map)
{
	if (!map->by_id)
		map->by_id = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, named_free);
}

void mc_msg_nameid_parse(struct mc_msg_nameid *map,
                         const unsigned char *guids, size_t guids_len,
                         const unsigned char *entries, size_t entries_len,
                         const unsigned char *strings, size_t strings_len, int *bad)
{
	map_init(map);
	size_t count = entries ? entries_len / 8 : 0;
	if (count > MC_MSG_NAMEID_MAX) {
		count = MC_MSG_NAMEID_MAX;
		*bad = 1;
	}
	for (size_t i = 0; i < count; i++) {
		const unsigned char *e = entries + 8 * i;
		uint32_t v = mc_le32(e);
		unsigned gk = mc_le16(e + 4), index = mc_le16(e + 6);
		unsigned gi = gk >> 1;
		struct mc_msg_named *n = g_new0(struct mc_msg_named, 1);
		int ok = 1;
		if (gi == 1)
			memcpy(n->guid, mc_ps_mapi, 16);
		else if (gi == 2)
			memcpy(n->guid, mc_ps_public_strings, 16);
		else if (gi >= 3 && guids && (size_t)(gi - 3) < guids_len / 16)
			memcpy(n->guid, guids + 16 * (size_t)(gi - 3), 16);
		else
			ok = 0;
		if (ok && (gk & 1)) {
			if (!strings || v > strings_len || strings_len - v < 4 ||
			    mc_le32(strings + v) > strings_len - v - 4)
				ok = 0;
			else
				n->name = mc_mapi_utf16le_to_utf8(strings + v + 4, mc_le32(strings + v));
		} else {
			n->lid = v;
		}
		if (!ok) {
			*bad = 1;
			named_free(n);
			continue;
		}
		g_hash_table_replace(map->by_id, GUINT_TO_POINTER(0x8000u + index), n);
	}
}

static int read_stream(struct mc_msg_storage *st, const char *name, unsigned char **d,
                       size_t *n, char *eb, size_t es)
{
	*d = NULL;
	*n = 0;
	libolecf_item_t *s = mc_msg_child(st, name);
	if (!s)
		return 0;
	int rc = mc_msg_stream_read(s, NAMEID_STREAM_MAX, d, n, eb, es);
	libolecf_item_free(&s, NULL);
	return rc;
}

int mc_msg_nameid_load(struct mc_msg_nameid *map, struct mc_msg_storage *root,
                       char *errbuf, size_t errsize)
{
	map_init(map);
	libolecf_item_t *item = mc_msg_child(root, "__nameid_version1.0");
	if (!item)
		return 0;
	struct mc_msg_storage st;
	int rc = 0;
	if (mc_msg_storage_open(&st, item, 0, NULL, errbuf, errsize) != 0) {
		rc = -1;
	} else {
		unsigned char *g = NULL, *e = NULL, *s = NULL;
		size_t gl = 0, el = 0, sl = 0;
		int bad = 0;
		if (read_stream(&st, "__substg1.0_00020102", &g, &gl, errbuf, errsize) < 0 ||
		    read_stream(&st, "__substg1.0_00030102", &e, &el, errbuf, errsize) < 0 ||
		    read_stream(&st, "__substg1.0_00040102", &s, &sl, errbuf, errsize) < 0)
			rc = -1;
		mc_msg_nameid_parse(map, g, gl, e, el, s, sl, &bad);
		if (bad && rc == 0) {
			g_strlcpy(errbuf, "named property map: entries pointing outside "
			          "their streams were dropped", errsize);
			rc = -1;
		}
		g_free(g);
		g_free(e);
		g_free(s);
	}
	mc_msg_storage_close(&st);
	libolecf_item_free(&item, NULL);
	return rc;
}

void mc_msg_nameid_clear(struct mc_msg_nameid *map)
{
	if (map->by_id)
		g_hash_table_destroy(map->by_id);
	map->by_id = NULL;
}

const struct mc_msg_named *mc_msg_nameid_lookup(const struct mc_msg_nameid *map, uint32_t id)
{
	return map->by_id ? g_hash_table_lookup(map->by_id, GUINT_TO_POINTER(id)) : NULL;
}

void mc_msg_read_named(struct mc_msg_storage *st, const struct mc_msg_nameid *map,
                       struct mc_message *m, int codepage)
{
	if (!st->entries || !map->by_id || g_hash_table_size(map->by_id) == 0)
		return;
	GHashTable *seen = mc_mapi_named_seen_new();
	for (guint i = 0; i < st->entries->len; i++) {
		const struct mc_msg_entry *e = &g_array_index(st->entries, struct mc_msg_entry, i);
		uint32_t id = e->tag >> 16, type = e->tag & 0xffff;
		if (id < 0x8000 || (type & 0x1000))
			continue;
		const struct mc_msg_named *n = mc_msg_nameid_lookup(map, id);
		if (!n)
			continue;
		uint32_t t;
		unsigned char *d = NULL;
		size_t size = 0;
		if (mc_msg_storage_get(st, id, &t, &d, &size) == 1)
			mc_mapi_add_named(m, seen, n->guid, n->name, n->lid, t, d, size, codepage);
		g_free(d);
	}
	g_hash_table_destroy(seen);
}
