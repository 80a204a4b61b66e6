/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own.c: our own PST/OST reader's walk ([MS-PST] 2.4): the NDB opened
 * on the evidence's descriptor, the message store (NID 0x21) and the
 * receive folder table (0x62B) for the folder roles (pst-roles.h), the
 * named-property map (pst-own-named.h), then the folder hierarchy from the
 * root folder (NID 0x122): each folder's PC, its contents table (its NID
 * with type 0x0E) and associated contents table (0x0F: hidden items) read
 * one row at a time, each row's message emitted (pst-own-message.h), then
 * its hierarchy table (0x0D) for the sub folders. Folders, items and
 * locators are those of the libpff path (pst.c), so that the case rows of
 * both readers are the same. Then the items no folder lists: deleted
 * (recovered) and orphan items (pst-own-recover.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "mapi-values.h"
#include "mime-message.h"
#include "pst-accounting.h"
#include "pst-own.h"
#include "pst-own-message.h"
#include "pst-own-recover.h"
#include "pst-roles.h"

static enum mc_pst_reader_kind selected = MC_PST_READER_OWN;

int mc_pst_reader_select(const char *name)
{
	if (strcmp(name, "libpff") == 0)
		selected = MC_PST_READER_LIBPFF;
	else if (strcmp(name, "own") == 0)
		selected = MC_PST_READER_OWN;
	else
		return -1;
	return 0;
}

enum mc_pst_reader_kind mc_pst_reader_selected(void)
{
	return selected;
}

enum { PR_DISPLAY_NAME = 0x3001, PID_LTP_ROW_ID = 0x67f2 };

/* NID types ([MS-PST] 2.2.2.1): the low 5 bits of a node id. */
#define NID_TYPE(nid) ((nid) & 0x1fu)
#define NID_WITH_TYPE(nid, t) (((nid) & ~0x1fu) | (t))
enum {
	NID_TYPE_SEARCH_FOLDER = 0x03, NID_TYPE_HIERARCHY_TABLE = 0x0d,
	NID_TYPE_CONTENTS_TABLE = 0x0e, NID_TYPE_ASSOC_CONTENTS_TABLE = 0x0f
};

struct walk {
	struct mc_pst_own *o;
	struct mc_pst_roles ro;
	GHashTable *seen;    /* folder nids already walked (loops in a damaged file) */
};

/* Opens the PC of top-level node nid: 1, 0 absent, -1 (eb). */
static int open_pc(struct mc_pst_own *o, uint32_t nid, struct mc_pst_node *node,
                   struct mc_ltp_pc *pc, char *eb, size_t ebsize)
{
	int rc = mc_pst_node_open_nid(node, o->db, nid, eb, ebsize);
	if (rc == 1 && mc_pst_node_pc(node, pc) != 0) {
		mc_ltp_error_text(&pc->hn.err, eb, ebsize);
		rc = -1;
	}
	return rc;
}

/* Opens the TC of top-level node nid: 1, 0 absent, -1 (eb). Close the
 * table with mc_ltp_tc_close when 1. */
static int open_tc(struct mc_pst_own *o, uint32_t nid, struct mc_pst_node *node,
                   struct mc_ltp_tc *tc, char *eb, size_t ebsize)
{
	int rc = mc_pst_node_open_nid(node, o->db, nid, eb, ebsize);
	if (rc == 1 && mc_pst_node_tc(node, tc) != 0) {
		mc_ltp_error_text(&tc->hn.err, eb, ebsize);
		mc_ltp_tc_close(tc);
		rc = -1;
	}
	return rc;
}

/* The row id (PidTagLtpRowId: the NID a row stands for) of row i. */
static int row_nid(struct mc_ltp_tc *tc, size_t i, uint32_t *nid)
{
	const struct mc_ltp_tc_col *col = mc_ltp_tc_column(tc, (uint32_t)PID_LTP_ROW_ID << 16 |
	                                                          MC_PT_LONG);
	unsigned char *d = NULL;
	size_t n = 0;
	int ok = col && mc_ltp_tc_cell(tc, i, col, &d, &n) == 1 && n == 4;
	if (ok)
		*nid = mc_le32(d);
	g_free(d);
	return ok;
}

static void drafts_junk(struct walk *w, uint32_t nid)
{
	struct mc_pst_node node;
	struct mc_ltp_pc pc;
	char eb[256];
	if (open_pc(w->o, nid, &node, &pc, eb, sizeof eb) == 1)
		mc_pst_roles_drafts_junk(&w->ro, mc_ltp_pc_props(&pc, 0, NULL));
	mc_pst_node_close(&node);
}

static void receive_folder(struct walk *w)
{
	struct mc_pst_node node;
	struct mc_ltp_tc tc;
	char eb[256];
	int best_rank = 0;
	if (open_tc(w->o, MC_PST_NID_RECEIVE_FOLDER_TABLE, &node, &tc, eb, sizeof eb) == 1) {
		for (size_t i = 0; i < tc.nrows; i++) {
			struct mc_ltp_tc_row row;
			mc_pst_roles_receive_row(&w->ro, mc_ltp_tc_row_props(&row, &tc, i, 0, NULL),
			                         &best_rank);
		}
		mc_ltp_tc_close(&tc);
	}
	mc_pst_node_close(&node);
}

static int read_store(struct walk *w)
{
	struct mc_pst_own *o = w->o;
	struct mc_pst_node node;
	struct mc_ltp_pc pc;
	char eb[512];
	int rc = open_pc(o, MC_PST_NID_MESSAGE_STORE, &node, &pc, eb, sizeof eb);
	if (rc == 1) {
		rc = mc_pst_roles_store(&w->ro, mc_ltp_pc_props(&pc, 0, NULL), &o->store_codepage);
	} else if (rc == 0) {
		rc = mc_reader_problem(o->r, "warning", "pst:store",
		                       "no message store: folder roles unknown");
	} else {
		rc = mc_reader_problem(o->r, "warning", "pst:store", "message store: %s", eb);
	}
	mc_pst_node_close(&node);
	if (rc < 0)
		return -1;
	receive_folder(w);
	drafts_junk(w, MC_PST_NID_ROOT_FOLDER);
	if (w->ro.inbox && (!w->ro.drafts || !w->ro.junk))
		drafts_junk(w, w->ro.inbox);
	return 0;
}

/* Emits the items one contents table (contents or associated) lists;
 * *rows is how many rows it has (0 when there is no table). */
static int walk_items(struct walk *w, uint32_t nid, int64_t folder_id, const char *origin,
                      const char *tag, unsigned table_type, size_t *rows)
{
	struct mc_pst_own *o = w->o;
	struct mc_pst_node node;
	struct mc_ltp_tc tc;
	char eb[512], loc[128];
	int rc = open_tc(o, NID_WITH_TYPE(nid, table_type), &node, &tc, eb, sizeof eb);
	if (rc != 1) {
		mc_pst_node_close(&node);
		if (rc == 0)
			return 0;
		snprintf(loc, sizeof loc, "pst:folder:%u", nid);
		return mc_pst_own_failed(o, loc, tag[0] ? "hidden items" : "folder contents", eb);
	}
	rc = 0;
	*rows = tc.nrows;
	for (size_t i = 0; rc == 0 && i < tc.nrows; i++) {
		uint32_t id = 0;
		struct mc_pst_node item;
		if (!row_nid(&tc, i, &id)) {
			snprintf(loc, sizeof loc, "pst:%u/%sindex:%zu", nid, tag, i);
			rc = mc_pst_own_failed(o, loc, "item", "no row id in the contents table");
			continue;
		}
		snprintf(loc, sizeof loc, "pst:%u/%s%u", nid, tag, id);
		int got = mc_pst_node_open_nid(&item, o->db, id, eb, sizeof eb);
		if (got != 1) {
			rc = mc_pst_own_failed(o, loc, "item", got == 0 ? "no such node" : eb);
		} else {
			struct mc_pst_own_where where = { folder_id, 0, origin, loc, 0 };
			rc = mc_pst_own_emit(o, &item, &where);
		}
		mc_pst_node_close(&item);
	}
	mc_ltp_tc_close(&tc);
	mc_pst_node_close(&node);
	return rc;
}

static char *folder_name(struct mc_pst_own *o, struct mc_ltp_pc *pc)
{
	char *name = mc_mapi_prop_string(mc_ltp_pc_props(pc, o->store_codepage, NULL),
	                                 PR_DISPLAY_NAME);
	return name ? name : g_strdup("");
}

static int walk_folder(struct walk *w, uint32_t nid, int64_t parent_id, const char *parent_path,
                       int depth);

/* The sub folders of folder nid, from its hierarchy table. */
static int walk_subfolders(struct walk *w, uint32_t nid, int64_t fid, const char *path,
                           int depth, const char *loc)
{
	struct mc_pst_own *o = w->o;
	struct mc_pst_node node;
	struct mc_ltp_tc tc;
	char eb[512];
	int rc = open_tc(o, NID_WITH_TYPE(nid, NID_TYPE_HIERARCHY_TABLE), &node, &tc, eb,
	                 sizeof eb);
	if (rc != 1) {
		mc_pst_node_close(&node);
		return rc == 0 ? 0 : mc_pst_own_failed(o, loc, "sub folders", eb);
	}
	rc = 0;
	for (size_t i = 0; rc == 0 && i < tc.nrows; i++) {
		uint32_t sub = 0;
		if (!row_nid(&tc, i, &sub)) {
			char sloc[128];
			snprintf(sloc, sizeof sloc, "%s/sub:%zu", loc, i);
			rc = mc_pst_own_failed(o, sloc, "sub folder", "no row id in the hierarchy table");
		} else if (depth + 1 >= MC_PST_MAX_FOLDER_DEPTH) {
			rc = mc_reader_problem(o->r, "warning", loc, "folders nested deeper than %d not read",
			                       MC_PST_MAX_FOLDER_DEPTH);
		} else {
			rc = walk_folder(w, sub, fid, path, depth + 1);
		}
	}
	mc_ltp_tc_close(&tc);
	mc_pst_node_close(&node);
	return rc;
}

/* Emits a folder, its items, its hidden items, then its sub folders. */
static int walk_folder(struct walk *w, uint32_t nid, int64_t parent_id, const char *parent_path,
                       int depth)
{
	struct mc_pst_own *o = w->o;
	char loc[96], eb[512];
	snprintf(loc, sizeof loc, "pst:folder:%u", nid);
	if (g_hash_table_contains(w->seen, GUINT_TO_POINTER(nid)))
		return mc_reader_problem(o->r, "warning", loc,
		                         "folder reached twice (loop in the folder tree); skipped");
	g_hash_table_add(w->seen, GUINT_TO_POINTER(nid));

	struct mc_pst_node node;
	struct mc_ltp_pc pc;
	int got = open_pc(o, nid, &node, &pc, eb, sizeof eb);
	if (got != 1) {
		mc_pst_node_close(&node);
		return mc_pst_own_failed(o, loc, "folder", got == 0 ? "no such node" : eb);
	}
	struct mc_folder *f = mc_folder_new();
	f->local_id = ++o->next_folder_id;
	f->parent_local_id = parent_id;
	f->name = folder_name(o, &pc);
	/* What the folder says it holds, checked against its tables below. */
	struct mc_pst_declared declared;
	mc_pst_declared_read(mc_ltp_pc_props(&pc, o->store_codepage, NULL), &declared);
	mc_pst_node_close(&node);
	f->path = !parent_path ? g_strdup("")
	        : parent_path[0] ? g_strdup_printf("%s/%s", parent_path, f->name)
	        : g_strdup(f->name);
	f->role = mc_pst_role_of(&w->ro, nid);
	f->locator = g_strdup(loc);
	int rc = mc_reader_folder(o->r, f) == 0 ? 0 : -1;
	if (rc < 0)
		o->sink_failed = 1;
	int64_t fid = f->local_id;

	/* A search folder lists items that live in other folders. */
	int search = NID_TYPE(nid) == NID_TYPE_SEARCH_FOLDER;
	size_t rows = 0, hidden_rows = 0;
	if (rc == 0 && !search)
		rc = walk_items(w, nid, fid, MC_ORIGIN_FOLDER, "", NID_TYPE_CONTENTS_TABLE, &rows);
	if (rc == 0 && !search)
		rc = walk_items(w, nid, fid, MC_ORIGIN_HIDDEN, "fai:", NID_TYPE_ASSOC_CONTENTS_TABLE,
		                &hidden_rows);
	if (rc == 0 && !search)
		rc = mc_pst_declared_check(o->r, loc, &declared, rows, hidden_rows);
	if (rc == 0)
		rc = walk_subfolders(w, nid, fid, f->path, depth, loc);
	mc_folder_free(f);
	return rc;
}

/* "pst-unicode (own)"... */
static const char *variant(const mc_ndb_header *h)
{
	if (strcmp(h->client_magic, "SO") == 0)
		return "ost (own)";
	return h->format == MC_NDB_ANSI ? "pst-ansi (own)" : "pst-unicode (own)";
}

int mc_pst_own_read(struct mc_reader *r, enum mc_result *result, char *why, size_t whysize)
{
	mc_ndb_issue issue;
	memset(&issue, 0, sizeof issue);
	mc_ndb *db = r->fd >= 0 ? mc_ndb_open(r->fd, &issue) : NULL;
	if (!db) {
		snprintf(why, whysize, "%s (offset %llu)", issue.what ? issue.what : "cannot open",
		         (unsigned long long)issue.offset);
		return 0;
	}
	struct mc_pst_own o;
	memset(&o, 0, sizeof o);
	o.r = r;
	o.db = db;
	o.store_codepage = 1252;
	r->variant = variant(mc_ndb_get_header(db));
	mc_mime_init();

	struct walk w;
	memset(&w, 0, sizeof w);
	w.o = &o;
	w.ro.r = r;
	w.seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	char eb[512];
	int rc = read_store(&w);
	if (rc == 0) {
		o.names = mc_pst_names_load(db, eb, sizeof eb);
		if (!o.names && eb[0])
			rc = mc_reader_problem(r, "warning", "pst:names",
			                       "named-property map unreadable, named properties not "
			                       "read: %s", eb);
	}
	if (rc == 0)
		rc = walk_folder(&w, MC_PST_NID_ROOT_FOLDER, 0, NULL, 0);
	if (rc == 0)
		rc = mc_pst_own_loose(&o);
	g_hash_table_destroy(w.seen);
	mc_pst_names_free(o.names);
	size_t warnings = mc_ndb_warning_count(db);
	if (rc == 0 && warnings) {
		const mc_ndb_issue *first = mc_ndb_warning(db, 0);
		rc = mc_reader_problem(r, "warning", "pst:ndb",
		                       "%zu checks of the file failed (CRC, signature, size), data "
		                       "still read; first: %s at offset %llu (BID 0x%llx, NID 0x%x)",
		                       warnings, first && first->what ? first->what : "?",
		                       first ? (unsigned long long)first->offset : 0ULL,
		                       first ? (unsigned long long)first->bid : 0ULL, first ? first->nid : 0u);
	}
	mc_ndb_close(db);

	if (rc < 0 || o.sink_failed)
		*result = mc_reader_fail(r, MC_FATAL, "the case writer refused a record; reading stopped");
	else if (o.bad)
		*result = mc_reader_fail(r, MC_WARN, "%" G_GINT64_FORMAT " folders or items could not "
		                         "be read; first at %s", o.bad, o.first_bad);
	else
		*result = MC_OK;
	return 1;
}
