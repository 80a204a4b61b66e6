/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst.c: the PST/OST evidence reader (through libpff): bid, open, the
 * folder tree with roles, and the walk that emits every item as it is read
 * (folder contents, hidden/FAI items, recovered and orphan items). Our own
 * reader (pst-own.h) reads the file instead unless --pst-reader=libpff
 * chose libpff; libpff reads the files ours refuses to open.
 *
 * Folders: every folder is emitted, the store root included (its name as
 * stored, usually empty; path ""). A folder's path is the "/"-joined stored
 * names below the root, so mailbox folders read "Top of Personal
 * Folders/Inbox" (the IPM subtree under its stored, possibly localized,
 * name) and system folders outside the IPM subtree read "Search Root",
 * "IPM_VIEWS"... This is also how pffexport lays its export out.
 * Roles come from the entry ids the message store, the receive folder table
 * and the root folder hold, never from names.
 *
 * Locators: folder "pst:folder:<nid>"; item "pst:<folder nid>/<item id>";
 * hidden "pst:<folder nid>/fai:<id>"; recovered "pst:recovered:<id>";
 * orphan "pst:orphan:<id>"; embedded "<holder>/att:<attachment index>".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "evidence-bfio.h"
#include "mapi-values.h"
#include "mime-message.h"
#include "parser.h"
#include "pst-accounting.h"
#include "pst-item.h"
#include "pst-own.h"
#include "pst-roles.h"

#define MAX_FOLDER_DEPTH MC_PST_MAX_FOLDER_DEPTH

enum { PR_DISPLAY_NAME = 0x3001 };

static int pst_bid(const struct mc_probe *p)
{
	if (p->head && p->head_len >= 4 && memcmp(p->head, "!BDN", 4) == 0)
		return 100;
	return 0;
}

/* "pst-unicode", "pst-ansi" or "ost" from wMagicClient and wVer. */
static const char *header_variant(struct mc_reader *r)
{
	unsigned char h[12];
	if (r->fd < 0 || pread(r->fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return NULL;
	if (memcmp(h + 8, "SO", 2) == 0)
		return "ost";
	unsigned ver = mc_le16(h + 10);
	if (ver == 14 || ver == 15)
		return "pst-ansi";
	if (ver == 36)
		return "ost";
	return "pst-unicode";
}

/* Drafts and junk from a folder that holds them (the root, or the inbox). */
static void drafts_junk(struct mc_pst_roles *ro, libpff_item_t *folder)
{
	struct mc_pst_record_set rec;
	char eb[256];
	if (!folder || mc_pst_record_set_open(&rec, folder, 0, 0, NULL, eb, sizeof eb) != 1)
		return;
	mc_pst_roles_drafts_junk(ro, &rec.props);
	mc_pst_record_set_close(&rec);
}

/* The inbox: the receive folder table's entry for the default ("") or
 * "IPM" message class. */
static void receive_folder(struct mc_pst *ps, struct mc_pst_roles *ro)
{
	libpff_item_t *t = NULL;
	if (libpff_file_get_item_by_identifier(ps->file, MC_PST_NID_RECEIVE_FOLDER_TABLE, &t,
	                                       NULL) != 1)
		return;
	int n = 0, best_rank = 0;
	libpff_item_get_number_of_record_sets(t, &n, NULL);
	for (int i = 0; i < n; i++) {
		struct mc_pst_record_set rec;
		char eb[256];
		if (mc_pst_record_set_open(&rec, t, i, 0, NULL, eb, sizeof eb) != 1)
			continue;
		mc_pst_roles_receive_row(ro, &rec.props, &best_rank);
		mc_pst_record_set_close(&rec);
	}
	libpff_item_free(&t, NULL);
}

static int read_store(struct mc_pst *ps, struct mc_pst_roles *ro, libpff_item_t *root)
{
	libpff_item_t *store = NULL;
	libpff_error_t *err = NULL;
	int rc = libpff_file_get_message_store(ps->file, &store, &err);
	if (rc != 1) {
		if (rc < 0)
			return mc_pst_failed(ps, "pst:store", "message store", &err);
		return mc_reader_problem(ps->r, "warning", "pst:store",
		                         "no message store: folder roles unknown");
	}
	struct mc_pst_record_set rec;
	char eb[512];
	if (mc_pst_record_set_open(&rec, store, 0, 0, NULL, eb, sizeof eb) == 1) {
		if (mc_pst_roles_store(ro, &rec.props, &ps->store_codepage) != 0)
			rc = -1;
		mc_pst_record_set_close(&rec);
	} else {
		rc = mc_reader_problem(ps->r, "warning", "pst:store", "message store: %s", eb);
	}
	libpff_item_free(&store, NULL);
	if (rc < 0)
		return -1;

	receive_folder(ps, ro);
	drafts_junk(ro, root);
	if (ro->inbox && (!ro->drafts || !ro->junk)) {
		libpff_item_t *inbox = NULL;
		if (libpff_file_get_item_by_identifier(ps->file, ro->inbox, &inbox, NULL) == 1) {
			drafts_junk(ro, inbox);
			libpff_item_free(&inbox, NULL);
		}
	}
	return 0;
}

struct walk {
	struct mc_pst *ps;
	const struct mc_pst_roles *ro;
	GHashTable *seen;    /* folder nids already walked (loops in a damaged file) */
};

typedef int (*get_count_fn)(libpff_item_t *, int *, libpff_error_t **);
typedef int (*get_item_fn)(libpff_item_t *, int, libpff_item_t **, libpff_error_t **);

/* Emits the items of one list of a folder (messages or FAI). */
static int walk_items(struct walk *w, libpff_item_t *folder, uint32_t nid, int64_t folder_id,
                      const char *origin, const char *tag, get_count_fn count,
                      get_item_fn get, size_t *rows)
{
	struct mc_pst *ps = w->ps;
	libpff_error_t *err = NULL;
	char loc[128];
	int n = 0;
	if (count(folder, &n, &err) != 1) {
		snprintf(loc, sizeof loc, "pst:folder:%u", nid);
		return mc_pst_failed(ps, loc, tag[0] ? "hidden items" : "folder contents", &err);
	}
	*rows = n > 0 ? (size_t)n : 0;
	for (int i = 0; i < n; i++) {
		libpff_item_t *item = NULL;
		if (get(folder, i, &item, &err) != 1) {
			snprintf(loc, sizeof loc, "pst:%u/%sindex:%d", nid, tag, i);
			if (mc_pst_failed(ps, loc, "item", &err) < 0)
				return -1;
			continue;
		}
		uint32_t id = 0;
		libpff_item_get_identifier(item, &id, NULL);
		snprintf(loc, sizeof loc, "pst:%u/%s%u", nid, tag, id);
		struct mc_pst_where where = { folder_id, 0, origin, loc, 0 };
		int rc = mc_pst_emit_item(ps, item, &where);
		libpff_item_free(&item, NULL);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The folder's name, and the item counts it declares. */
static char *folder_name(libpff_item_t *folder, int codepage, struct mc_pst_declared *declared)
{
	struct mc_pst_record_set rec;
	char eb[256];
	char *name = NULL;
	declared->items = declared->hidden = -1;
	if (mc_pst_record_set_open(&rec, folder, 0, codepage, NULL, eb, sizeof eb) == 1) {
		name = mc_mapi_prop_string(&rec.props, PR_DISPLAY_NAME);
		mc_pst_declared_read(&rec.props, declared);
		mc_pst_record_set_close(&rec);
	}
	return name ? name : g_strdup("");
}

/* Emits a folder, its items, its hidden items, then its sub folders. */
static int walk_folder(struct walk *w, libpff_item_t *folder, int64_t parent_id,
                       const char *parent_path, int depth, const char *origin,
                       const char *loc_prefix)
{
	struct mc_pst *ps = w->ps;
	libpff_error_t *err = NULL;
	uint32_t nid = 0;
	libpff_item_get_identifier(folder, &nid, NULL);
	char loc[96];
	snprintf(loc, sizeof loc, "%s%u", loc_prefix, nid);
	if (g_hash_table_contains(w->seen, GUINT_TO_POINTER(nid)))
		return mc_reader_problem(ps->r, "warning", loc,
		                         "folder reached twice (loop in the folder tree); skipped");
	g_hash_table_add(w->seen, GUINT_TO_POINTER(nid));

	struct mc_folder *f = mc_folder_new();
	f->local_id = ++ps->next_folder_id;
	f->parent_local_id = parent_id;
	struct mc_pst_declared declared;
	f->name = folder_name(folder, ps->store_codepage, &declared);
	f->path = !parent_path ? g_strdup("")
	        : parent_path[0] ? g_strdup_printf("%s/%s", parent_path, f->name)
	        : g_strdup(f->name);
	f->role = mc_pst_role_of(w->ro, nid);
	f->locator = g_strdup(loc);
	int rc = mc_reader_folder(ps->r, f) == 0 ? 0 : -1;
	if (rc < 0)
		ps->sink_failed = 1;
	int64_t fid = f->local_id;

	/* A search folder lists items that live in other folders. */
	int search = (nid & 0x1f) == 0x03;
	size_t rows = 0, hidden_rows = 0;
	if (rc == 0 && !search)
		rc = walk_items(w, folder, nid, fid, origin, "",
		                libpff_folder_get_number_of_sub_messages,
		                libpff_folder_get_sub_message, &rows);
	if (rc == 0 && !search)
		rc = walk_items(w, folder, nid, fid, MC_ORIGIN_HIDDEN, "fai:",
		                libpff_folder_get_number_of_sub_associated_contents,
		                libpff_folder_get_sub_associated_content, &hidden_rows);
	if (rc == 0 && !search)
		rc = mc_pst_declared_check(ps->r, loc, &declared, rows, hidden_rows);
	int n = 0;
	if (rc == 0 && libpff_folder_get_number_of_sub_folders(folder, &n, &err) != 1)
		rc = mc_pst_failed(ps, loc, "sub folders", &err);
	for (int i = 0; rc == 0 && i < n; i++) {
		libpff_item_t *sub = NULL;
		if (libpff_folder_get_sub_folder(folder, i, &sub, &err) != 1) {
			char sloc[128];
			snprintf(sloc, sizeof sloc, "%s/sub:%d", loc, i);
			rc = mc_pst_failed(ps, sloc, "sub folder", &err);
			continue;
		}
		if (depth + 1 >= MAX_FOLDER_DEPTH)
			rc = mc_reader_problem(ps->r, "warning", loc,
			                       "folders nested deeper than %d not read",
			                       MAX_FOLDER_DEPTH);
		else
			rc = walk_folder(w, sub, fid, f->path, depth + 1, origin,
			                 "pst:folder:");
		libpff_item_free(&sub, NULL);
	}
	mc_folder_free(f);
	return rc;
}

typedef int (*file_count_fn)(libpff_file_t *, int *, libpff_error_t **);
typedef int (*file_item_fn)(libpff_file_t *, int, libpff_item_t **, libpff_error_t **);

/* NID types (MS-PST 2.2.2.1): the low 5 bits of a node id. */
#define NID_TYPE(nid) ((nid) & 0x1f)
#define NID_TYPE_NORMAL_FOLDER 0x02
#define NID_TYPE_SEARCH_FOLDER 0x03
#define NID_TYPE_NORMAL_MESSAGE 0x04
#define NID_TYPE_ATTACHMENT 0x05
#define NID_TYPE_ASSOC_MESSAGE 0x08

/* A recovered or orphan folder is recorded (its name is evidence of a
 * deleted folder) but not walked: its contents tables name items by node
 * id, which resolve to live items (duplicates) or fail; the deleted
 * messages themselves come through the recovered/orphan lists. */
static int emit_loose_folder(struct walk *w, libpff_item_t *item, uint32_t nid,
                             const char *origin)
{
	struct mc_pst *ps = w->ps;
	struct mc_folder *f = mc_folder_new();
	f->local_id = ++ps->next_folder_id;
	struct mc_pst_declared unused;
	f->name = folder_name(item, ps->store_codepage, &unused);
	f->path = g_strdup_printf("%s/%s", origin, f->name);
	f->role = MC_ROLE_OTHER;
	f->locator = g_strdup_printf("pst:%s-folder:%u", origin, nid);
	int rc = mc_reader_folder(ps->r, f) == 0 ? 0 : -1;
	if (rc < 0)
		ps->sink_failed = 1;
	int n = -1;
	if (rc == 0 && libpff_folder_get_number_of_sub_messages(item, &n, NULL) != 1)
		n = -1;
	if (rc == 0)
		rc = mc_reader_problem(ps->r, "warning", f->locator,
		                       "%s folder \"%s\" (%d items listed): its contents are "
		                       "not walked; deleted items come as %s items",
		                       origin, f->name, n, origin);
	mc_folder_free(f);
	return rc;
}

/* Recovered or orphan items. Messages are emitted with that origin,
 * folders recorded; nodes that are neither (internal nodes, tables,
 * attachment and recipient lists) are counted in one warning. */
static int walk_loose(struct walk *w, const char *origin, file_count_fn count,
                      file_item_fn get)
{
	struct mc_pst *ps = w->ps;
	libpff_error_t *err = NULL;
	char loc[96];
	int n = 0;
	if (count(ps->file, &n, &err) != 1) {
		snprintf(loc, sizeof loc, "pst:%s", origin);
		return mc_pst_failed(ps, loc, origin, &err);
	}
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	int rc = 0, fragments = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		libpff_item_t *item = NULL;
		if (get(ps->file, i, &item, &err) != 1) {
			snprintf(loc, sizeof loc, "pst:%s:index:%d", origin, i);
			rc = mc_pst_failed(ps, loc, "item", &err);
			continue;
		}
		uint32_t id = 0;
		uint8_t type = 0;
		libpff_item_get_identifier(item, &id, NULL);
		libpff_item_get_type(item, &type, NULL);
		/* The same node may be recovered in several versions. */
		unsigned copies = GPOINTER_TO_UINT(g_hash_table_lookup(seen, GUINT_TO_POINTER(id))) + 1;
		g_hash_table_insert(seen, GUINT_TO_POINTER(id), GUINT_TO_POINTER(copies));
		if (copies == 1)
			snprintf(loc, sizeof loc, "pst:%s:%u", origin, id);
		else
			snprintf(loc, sizeof loc, "pst:%s:%u.%u", origin, id, copies);
		int sets = 0;
		libpff_error_t *rerr = NULL;
		int readable = libpff_item_get_number_of_record_sets(item, &sets, &rerr) == 1;
		char why[512];
		mc_pst_error_text(&rerr, why, sizeof why);
		unsigned nt = NID_TYPE(id);
		int message_like = nt == NID_TYPE_NORMAL_MESSAGE || nt == NID_TYPE_ASSOC_MESSAGE ||
		                   nt == NID_TYPE_NORMAL_FOLDER || nt == NID_TYPE_SEARCH_FOLDER ||
		                   id >= 0x200000; /* sub-node ids of embedded items */
		if (type == LIBPFF_ITEM_TYPE_FOLDER) {
			rc = emit_loose_folder(w, item, id, origin);
		} else if (type == LIBPFF_ITEM_TYPE_ATTACHMENT || type == LIBPFF_ITEM_TYPE_ATTACHMENTS ||
		           type == LIBPFF_ITEM_TYPE_RECIPIENTS ||
		           type == LIBPFF_ITEM_TYPE_SUB_FOLDERS ||
		           type == LIBPFF_ITEM_TYPE_SUB_MESSAGES ||
		           type == LIBPFF_ITEM_TYPE_SUB_ASSOCIATED_CONTENTS ||
		           (!readable && !message_like)) {
			fragments++;
		} else if (!readable) {
			/* Deleted data is often partly overwritten: a warning, not a
			 * failure to read the evidence. */
			rc = mc_reader_problem(ps->r, "warning", loc, "%s item could not be read: %s",
			                       origin, why);
		} else {
			struct mc_pst_where where = { 0, 0, mc_origin_static(origin), loc, 0 };
			rc = mc_pst_emit_item(ps, item, &where);
		}
		libpff_item_free(&item, NULL);
	}
	g_hash_table_destroy(seen);
	if (rc == 0 && fragments) {
		snprintf(loc, sizeof loc, "pst:%s", origin);
		rc = mc_reader_problem(ps->r, "warning", loc,
		                       "%d %s nodes are not messages or folders (internal "
		                       "nodes, tables, attachment or recipient lists); skipped",
		                       fragments, origin);
	}
	return rc;
}

static enum mc_result pst_read(struct mc_reader *r)
{
	struct mc_pst ps;
	memset(&ps, 0, sizeof ps);
	ps.r = r;
	ps.store_codepage = 1252;
	if (mc_pst_reader_selected() == MC_PST_READER_OWN) {
		enum mc_result result;
		char why[256];
		if (mc_pst_own_read(r, &result, why, sizeof why))
			return result;
		/* refused before anything was read: libpff reads it */
		if (mc_reader_problem(r, "warning", "pst:reader", "our own PST reader refused the "
		                      "file (%s); read with libpff", why) != 0)
			return mc_reader_fail(r, MC_FATAL, "the case writer refused a record");
	}
	r->variant = header_variant(r);
	mc_mime_init();

	libpff_error_t *err = NULL;
	char eb[1024];
	if (libpff_file_initialize(&ps.file, &err) != 1)
		return mc_reader_fail(r, MC_FATAL, "libpff: %s",
		                      mc_pst_error_text(&err, eb, sizeof eb));
	/* libpff reads through our read-only, O_NOATIME descriptor */
	libbfio_handle_t *io = mc_evidence_bfio_open(r->path);
	if (!io) {
		int e = errno;
		libpff_file_free(&ps.file, NULL);
		return mc_reader_fail(r, MC_FATAL, "cannot open: %s", g_strerror(e));
	}
	if (libpff_file_open_file_io_handle(ps.file, io, LIBPFF_OPEN_READ, &err) != 1) {
		mc_pst_error_text(&err, eb, sizeof eb);
		libpff_file_free(&ps.file, NULL);
		mc_evidence_bfio_free(&io);
		return mc_reader_fail(r, MC_FATAL, "cannot open as PST/OST: %s", eb);
	}
	int cp = 0;
	if (libpff_file_get_ascii_codepage(ps.file, &cp, NULL) == 1 && cp > 0)
		ps.store_codepage = cp;

	struct mc_pst_roles ro;
	memset(&ro, 0, sizeof ro);
	ro.r = r;
	struct walk w = { &ps, &ro, g_hash_table_new(g_direct_hash, g_direct_equal) };
	libpff_item_t *root = NULL;
	int rc = libpff_file_get_root_folder(ps.file, &root, &err);
	if (rc < 0) {
		rc = mc_pst_failed(&ps, "pst:root", "root folder", &err);
	} else if (rc == 0) {
		rc = mc_reader_problem(r, "error", "pst:root", "the file has no root folder");
		ps.bad++;
		g_strlcpy(ps.first_bad, "pst:root", sizeof ps.first_bad);
	} else {
		rc = read_store(&ps, &ro, root);
		if (rc == 0)
			rc = walk_folder(&w, root, 0, NULL, 0, MC_ORIGIN_FOLDER, "pst:folder:");
		libpff_item_free(&root, NULL);
	}

	if (rc == 0) {
		if (libpff_file_recover_items(ps.file, 0, &err) != 1)
			rc = mc_pst_failed(&ps, "pst:recovered", "recovering deleted items", &err);
		else
			rc = walk_loose(&w, MC_ORIGIN_RECOVERED,
			                libpff_file_get_number_of_recovered_items,
			                libpff_file_get_recovered_item_by_index);
	}
	if (rc == 0)
		rc = walk_loose(&w, MC_ORIGIN_ORPHAN, libpff_file_get_number_of_orphan_items,
		                libpff_file_get_orphan_item_by_index);

	g_hash_table_destroy(w.seen);
	libpff_file_close(ps.file, NULL);
	libpff_file_free(&ps.file, NULL);
	mc_evidence_bfio_free(&io);

	if (rc < 0 || ps.sink_failed)
		return mc_reader_fail(r, MC_FATAL, "the case writer refused a record; reading stopped");
	if (ps.bad)
		return mc_reader_fail(r, MC_WARN, "%" G_GINT64_FORMAT " folders or items could not "
		                      "be read; first at %s", ps.bad, ps.first_bad);
	return MC_OK;
}

const struct mc_format mc_format_pst = { "pst", pst_bid, pst_read, 0 };
