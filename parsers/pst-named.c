/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-named.c: the named properties of a PST/OST record set as
 * message_props rows (mapi-named.h), through libpff's name-to-id map: every
 * entry that libpff maps to a name (property set GUID plus a number or a
 * string) gives "<set>:<id or name>". Multi-valued ones give no row, as in
 * the MSG and TNEF readers.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-named.h"
#include "pst-libpff.h"
#include "pst-named.h"

#define NAMED_VALUE_MAX (16u << 20)

/* The name of a mapped entry: 1 with guid and *name (g_malloc'd) or *lid. */
static int entry_name(libpff_name_to_id_map_entry_t *ne, unsigned char guid[16],
                      char **name, uint32_t *lid)
{
	uint8_t kind = 0;
	*name = NULL;
	if (libpff_name_to_id_map_entry_get_type(ne, &kind, NULL) != 1 ||
	    libpff_name_to_id_map_entry_get_guid(ne, guid, 16, NULL) != 1)
		return 0;
	if (kind == LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_NUMERIC)
		return libpff_name_to_id_map_entry_get_number(ne, lid, NULL) == 1;
	if (kind != LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_STRING)
		return 0;
	size_t n = 0;
	if (libpff_name_to_id_map_entry_get_utf8_string_size(ne, &n, NULL) != 1 ||
	    n == 0 || n > 4096)
		return 0;
	*name = g_malloc0(n + 1);
	if (libpff_name_to_id_map_entry_get_utf8_string(ne, (uint8_t *)*name, n, NULL) != 1) {
		g_free(*name);
		*name = NULL;
		return 0;
	}
	return 1;
}

void mc_pst_read_named(struct mc_pst_record_set *rec, struct mc_message *m, int codepage)
{
	int n = 0;
	if (!rec->rs || libpff_record_set_get_number_of_entries(rec->rs, &n, NULL) != 1)
		return;
	GHashTable *seen = mc_mapi_named_seen_new();
	for (int i = 0; i < n; i++) {
		libpff_record_entry_t *e = NULL;
		if (libpff_record_set_get_entry_by_index(rec->rs, i, &e, NULL) != 1)
			continue;
		libpff_name_to_id_map_entry_t *ne = NULL;
		uint32_t vt = 0, lid = 0;
		size_t size = 0;
		unsigned char guid[16];
		char *name = NULL;
		if (libpff_record_entry_get_name_to_id_map_entry(e, &ne, NULL) == 1 && ne &&
		    libpff_record_entry_get_value_type(e, &vt, NULL) == 1 && !(vt & 0x1000) &&
		    entry_name(ne, guid, &name, &lid) &&
		    libpff_record_entry_get_data_size(e, &size, NULL) == 1 &&
		    size <= NAMED_VALUE_MAX) {
			unsigned char *d = g_malloc0(size + 2);
			if (size == 0 || libpff_record_entry_get_data(e, d, size, NULL) == 1)
				mc_mapi_add_named(m, seen, guid, name, lid, vt, d, size, codepage);
			g_free(d);
		}
		g_free(name);
		libpff_record_entry_free(&e, NULL);
	}
	g_hash_table_destroy(seen);
}
