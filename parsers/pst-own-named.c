/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-named.c: the named-property map of a PST ([MS-PST] 2.4.7) read
 * through our NDB and LTP layers, and a PC's named properties as rows.
 *
 * The map is the PC of NID 0x61: PidTagNameidStreamGuid (0x0002, GUIDs of
 * 16 bytes), PidTagNameidStreamEntry (0x0003, NAMEID records of 8 bytes:
 * dwPropertyID, a word whose bit 0 says a string name and whose other 15
 * bits are the GUID index - 1 PS_MAPI, 2 PS_PUBLIC_STRINGS, 3 and up the
 * GUID stream -, and wPropIdx: the property id is 0x8000 + wPropIdx) and
 * PidTagNameidStreamString (0x0004: a 4-byte length, then UTF-16LE; a
 * string name's dwPropertyID is its offset there). Only the entries are
 * kept, decoded once: a few bytes per named property of the store.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-named.h"
#include "mapi-values.h"
#include "pst-own-named.h"
#include "pst-own-node.h"
#include "pst-roles.h"

#define NAMED_VALUE_MAX (16u << 20)
#define NAME_MAX_BYTES 4096

enum { PID_GUIDS = 0x0002, PID_ENTRIES = 0x0003, PID_STRINGS = 0x0004 };

struct name {
	unsigned char guid[16];
	char *name;          /* UTF-8, or NULL for a numeric name */
	uint32_t lid;
};

struct mc_pst_names {
	GHashTable *by_id;   /* property id -> struct name */
};

static void name_free(gpointer p)
{
	struct name *n = p;
	g_free(n->name);
	g_free(n);
}

static int pc_value(struct mc_ltp_pc *pc, uint16_t id, unsigned char **d, size_t *n)
{
	uint16_t type;
	*d = NULL;
	*n = 0;
	return mc_ltp_pc_get(pc, id, &type, d, n);
}

static void build(struct mc_pst_names *names, const unsigned char *guids, size_t nguids,
                  const unsigned char *ents, size_t nents, const unsigned char *strs,
                  size_t nstrs)
{
	for (size_t o = 0; o + 8 <= nents; o += 8) {
		uint32_t prop = mc_le32(ents + o);
		uint16_t w = mc_le16(ents + o + 4);
		uint16_t idx = mc_le16(ents + o + 6);
		unsigned gi = w >> 1;
		struct name *nm = g_new0(struct name, 1);
		if (gi == 1)
			memcpy(nm->guid, mc_ps_mapi, 16);
		else if (gi == 2)
			memcpy(nm->guid, mc_ps_public_strings, 16);
		else if (gi >= 3 && (size_t)(gi - 3) * 16 + 16 <= nguids)
			memcpy(nm->guid, guids + (size_t)(gi - 3) * 16, 16);
		else {
			g_free(nm);
			continue;
		}
		if (w & 1) {
			if ((size_t)prop + 4 > nstrs) {
				g_free(nm);
				continue;
			}
			size_t len = mc_le32(strs + prop);
			if (len > NAME_MAX_BYTES || prop + 4 + len > nstrs) {
				g_free(nm);
				continue;
			}
			nm->name = mc_mapi_utf16le_to_utf8(strs + prop + 4, len);
		} else {
			nm->lid = prop;
		}
		g_hash_table_replace(names->by_id, GUINT_TO_POINTER(0x8000u + idx), nm);
	}
}

struct mc_pst_names *mc_pst_names_load(mc_ndb *db, char *err, size_t errsize)
{
	struct mc_pst_node node;
	err[0] = '\0';
	int rc = mc_pst_node_open_nid(&node, db, MC_PST_NID_NAME_TO_ID_MAP, err, errsize);
	if (rc != 1) {
		mc_pst_node_close(&node);
		return NULL;
	}
	struct mc_ltp_pc pc;
	if (mc_pst_node_pc(&node, &pc) != 0) {
		mc_ltp_error_text(&pc.hn.err, err, errsize);
		mc_pst_node_close(&node);
		return NULL;
	}
	unsigned char *guids, *ents, *strs;
	size_t ng, ne, ns;
	pc_value(&pc, PID_GUIDS, &guids, &ng);
	pc_value(&pc, PID_ENTRIES, &ents, &ne);
	pc_value(&pc, PID_STRINGS, &strs, &ns);
	struct mc_pst_names *names = g_new0(struct mc_pst_names, 1);
	names->by_id = g_hash_table_new_full(NULL, NULL, NULL, name_free);
	build(names, guids, ng, ents, ne, strs, ns);
	g_free(guids);
	g_free(ents);
	g_free(strs);
	mc_pst_node_close(&node);
	return names;
}

void mc_pst_names_free(struct mc_pst_names *names)
{
	if (!names)
		return;
	g_hash_table_destroy(names->by_id);
	g_free(names);
}

struct walk {
	const struct mc_pst_names *names;
	struct mc_ltp_pc *pc;
	struct mc_message *m;
	GHashTable *seen;
	int codepage;
};

static int visit(void *ctx, uint16_t id, uint16_t type)
{
	struct walk *w = ctx;
	if (id < 0x8000u || (type & 0x1000u))
		return 0;
	const struct name *nm = g_hash_table_lookup(w->names->by_id, GUINT_TO_POINTER(id));
	if (!nm)
		return 0;
	uint16_t t;
	unsigned char *d = NULL;
	size_t n = 0;
	if (mc_ltp_pc_get(w->pc, id, &t, &d, &n) == 1 && n <= NAMED_VALUE_MAX)
		mc_mapi_add_named(w->m, w->seen, nm->guid, nm->name, nm->lid, t, d, n, w->codepage);
	g_free(d);
	return 0;
}

void mc_pst_names_read(const struct mc_pst_names *names, struct mc_ltp_pc *pc,
                       struct mc_message *m, int codepage)
{
	if (!names)
		return;
	struct walk w = { names, pc, m, mc_mapi_named_seen_new(), codepage };
	mc_ltp_pc_each(pc, visit, &w);
	g_hash_table_destroy(w.seen);
}
