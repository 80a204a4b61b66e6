/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-roles.c: folder roles of a PST from the entry ids of the message
 * store, the receive folder table and the root folder or inbox; the
 * store's code page and password. See pst-roles.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-values.h"
#include "pst-roles.h"

/* Message store and folder properties naming special folders. */
enum {
	PR_IPM_SUBTREE_ENTRYID = 0x35e0, PR_IPM_OUTBOX_ENTRYID = 0x35e2,
	PR_IPM_WASTEBASKET_ENTRYID = 0x35e3, PR_IPM_SENTMAIL_ENTRYID = 0x35e4,
	PR_IPM_DRAFTS_ENTRYID = 0x36d7, PR_ADDITIONAL_REN_ENTRYIDS = 0x36d8,
	PR_PST_PASSWORD = 0x67ff, PR_MESSAGE_CODEPAGE = 0x3ffd,
	PR_RCVFOLDER_CLASS = 0x001a, PR_RCVFOLDER_NID = 0x6605,
	PR_RECORD_KEY = 0x0ff9
};
#define REN_JUNK_INDEX 4

/* The NID an entry id names, if it names this store: entry ids copied
 * from another store (a PST imported or rebuilt) carry that store's UID
 * and NIDs that mean nothing here. */
static uint32_t store_node(struct mc_pst_roles *ro, uint32_t id, const unsigned char *e, size_t n)
{
	uint32_t nid = mc_mapi_entryid_node(e, n);
	if (nid && ro->has_uid && memcmp(e + 4, ro->uid, 16) != 0) {
		char *hex = mc_mapi_hex(e + 4, 16);
		mc_reader_problem(ro->r, "warning", "pst:store",
		                  "entry id in property 0x%04x names another store "
		                  "(provider %s, node %u); not used for folder roles",
		                  id, hex, nid);
		g_free(hex);
		return 0;
	}
	return nid;
}

static uint32_t entryid_prop(struct mc_pst_roles *ro, struct mc_mapi_props *p, uint32_t id)
{
	uint32_t type;
	unsigned char *d;
	size_t n;
	if (!mc_mapi_prop_raw(p, id, &type, &d, &n))
		return 0;
	uint32_t nid = store_node(ro, id, d, n);
	g_free(d);
	return nid;
}

int mc_pst_roles_store(struct mc_pst_roles *ro, struct mc_mapi_props *store, int *codepage)
{
	uint32_t type;
	unsigned char *d;
	size_t n;
	if (mc_mapi_prop_raw(store, PR_RECORD_KEY, &type, &d, &n)) {
		if (n == 16) {
			memcpy(ro->uid, d, 16);
			ro->has_uid = 1;
		}
		g_free(d);
	}
	ro->subtree = entryid_prop(ro, store, PR_IPM_SUBTREE_ENTRYID);
	ro->outbox = entryid_prop(ro, store, PR_IPM_OUTBOX_ENTRYID);
	ro->deleted = entryid_prop(ro, store, PR_IPM_WASTEBASKET_ENTRYID);
	ro->sent = entryid_prop(ro, store, PR_IPM_SENTMAIL_ENTRYID);
	int64_t v;
	if (mc_mapi_prop_int(store, PR_MESSAGE_CODEPAGE, &v) && v > 0)
		*codepage = (int)v;
	if (mc_mapi_prop_int(store, PR_PST_PASSWORD, &v) && v != 0 &&
	    mc_reader_problem(ro->r, "warning", "pst:store",
	                      "password-protected PST (password CRC-32 0x%08x); "
	                      "the password only guards Outlook's UI and is not "
	                      "needed to read the file", (unsigned)(uint32_t)v) != 0)
		return -1;
	return 0;
}

void mc_pst_roles_receive_row(struct mc_pst_roles *ro, struct mc_mapi_props *row, int *best_rank)
{
	char *cls = mc_mapi_prop_string(row, PR_RCVFOLDER_CLASS);
	int64_t nid = 0;
	int rank = !cls ? 3 : g_ascii_strcasecmp(cls, "IPM") == 0 ? 2
	         : g_ascii_strcasecmp(cls, "IPM.Note") == 0 ? 1 : 0;
	if (rank > *best_rank && mc_mapi_prop_int(row, PR_RCVFOLDER_NID, &nid) && nid > 0) {
		ro->inbox = (uint32_t)nid;
		*best_rank = rank;
	}
	g_free(cls);
}

void mc_pst_roles_drafts_junk(struct mc_pst_roles *ro, struct mc_mapi_props *folder)
{
	if (!ro->drafts)
		ro->drafts = entryid_prop(ro, folder, PR_IPM_DRAFTS_ENTRYID);
	uint32_t type;
	unsigned char *d;
	size_t n;
	if (!ro->junk && mc_mapi_prop_raw(folder, PR_ADDITIONAL_REN_ENTRYIDS, &type, &d, &n)) {
		const unsigned char *e;
		size_t elen;
		if (mc_mapi_mv_binary_get(d, n, REN_JUNK_INDEX, &e, &elen))
			ro->junk = store_node(ro, PR_ADDITIONAL_REN_ENTRYIDS, e, elen);
		g_free(d);
	}
}

const char *mc_pst_role_of(const struct mc_pst_roles *ro, uint32_t nid)
{
	if (!nid)
		return MC_ROLE_OTHER;
	if (nid == ro->inbox) return MC_ROLE_INBOX;
	if (nid == ro->sent) return MC_ROLE_SENT;
	if (nid == ro->deleted) return MC_ROLE_DELETED;
	if (nid == ro->outbox) return MC_ROLE_OUTBOX;
	if (nid == ro->drafts) return MC_ROLE_DRAFTS;
	if (nid == ro->junk) return MC_ROLE_JUNK;
	return MC_ROLE_OTHER;
}
