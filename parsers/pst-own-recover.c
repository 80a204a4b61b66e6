/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-recover.c: the items of a PST that no folder lists, read by our
 * own reader after the folder walk (pst-own.c), as the libpff path
 * (pst.c, walk_loose) records them:
 *
 * - recovered (deleted) items: node entries that left the node B-tree but
 *   are still in the file, in the slack of live NBT leaf pages (the slots
 *   from cEnt up) and in NBT pages in free space, together with the block
 *   entries of BBT pages in free space; free space is what the allocation
 *   maps say (pst-amap.c: the AMap and PMap, or the 4K-page OST's AMap of
 *   512-byte units; B-tree pages of 512 or 4096 bytes). A node is
 *   recoverable when its data block (and its subnode block, if it has one)
 *   is among those free-space block entries, lies in free space and
 *   reads back whole: trailer size and BID, CRC. Everything read from free
 *   space is checked (page type and its repeat, page CRC, entry size,
 *   sizes within the format), loops are bounded; a page that looks like a
 *   B-tree page and fails its CRC is counted in a warning, never used;
 * - loose blocks: blocks of free space whose trailer checks (size, BID,
 *   signature, CRC: pst-free-blocks.c) but that no block entry, live or
 *   deleted, names (their BBT page was overwritten or is damaged): listed
 *   in one warning "pst:recovered-blocks" by BID and offset, and kept as
 *   block entries so that a deleted node entry naming them is read;
 * - orphan items: live nodes whose parent node is not in the node B-tree.
 *
 * Messages (NID types 0x04, 0x08) are emitted with origin recovered or
 * orphan and locator "pst:recovered:<nid>" (".<n>" for the n-th copy of a
 * node found more than once) or "pst:orphan:<nid>"; folders (0x02, 0x03)
 * are recorded, not walked ("pst:recovered-folder:<nid>"); other nodes
 * (tables, internal nodes) are counted in one warning. While these items
 * are read, block lookups go to the recovered block entries first
 * (mc_ndb_set_block_source), then to the BBT.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "mapi-values.h"
#include "pst-amap.h"
#include "pst-crypt.h"
#include "pst-free-blocks.h"
#include "pst-ndb-internal.h"
#include "pst-own-recover.h"
#include "resource-limits.h"

#define PTYPE_BBT 0x80u
#define PTYPE_NBT 0x81u
#define MAX_NODES MC_LIMIT_RECOVER_NODES
#define MAX_BLOCKS MC_LIMIT_RECOVER_BLOCKS

enum { PR_DISPLAY_NAME = 0x3001 };
#define NID_TYPE(nid) ((nid) & 0x1fu)

struct rnode {
	uint32_t nid, parent, seq;
	uint64_t data, sub;
};

struct rblock {
	uint64_t bid, ib;
	uint32_t seq;
	uint16_t cb;
	uint8_t loose;  /* found by its trailer alone (no B-tree entry) */
	uint8_t used;   /* read for a recovered item */
};

#define LOOSE_LISTED 8  /* loose blocks named in the warning */

struct loose {
	struct mc_pst_own *o;
	mc_ndb *db;
	uint64_t size;              /* bytes of the file that can be read */
	struct mc_pst_amap map;     /* the allocation maps */
	GArray *nodes;              /* struct rnode */
	GArray *blocks;             /* struct rblock */
	GHashTable *seen;           /* "nid:data:sub" and "bid:ib:cb" already kept */
	uint32_t seq;
	size_t garbled;             /* pages that look like B-tree pages, bad CRC */
	uint64_t first_garbled;
	size_t dropped;             /* entries whose blocks are gone */
	int capped;
	GArray *live;               /* live (nid, parent) pairs, NBT order */
	size_t fragments;
	uint8_t *blockbuf;          /* one block as stored (block_max bytes) */
	size_t loose;               /* blocks found by their trailer alone */
	struct rblock loose_listed[LOOSE_LISTED];
};

/* --- pages --------------------------------------------------------------- */

/* A B-tree page's cEnt, cbEnt, cLevel (4K: cEnt on two bytes, then
 * cEntMax on two, cbEnt, cLevel). */
static void page_meta(const mc_ndb *db, const uint8_t *p, unsigned *cent, unsigned *cbent,
		      unsigned *level)
{
	const uint8_t *m = p + db->page_entries;
	if (db->page4k) {
		*cent = ndb_le16(m);
		*cbent = m[4];
		*level = m[5];
	} else {
		*cent = m[0];
		*cbent = m[2];
		*level = m[3];
	}
}

static unsigned leaf_cbent(const mc_ndb *db, uint8_t ptype)
{
	return ptype == PTYPE_NBT ? (db->ansi ? 16u : 32u) : (db->ansi ? 12u : 24u);
}

/* --- entries found ------------------------------------------------------- */

static int kept_before(struct loose *l, char *key)
{
	if (g_hash_table_contains(l->seen, key)) {
		g_free(key);
		return 1;
	}
	g_hash_table_add(l->seen, key);
	return 0;
}

static void keep_node(struct loose *l, uint32_t nid, uint64_t data, uint64_t sub, uint32_t parent)
{
	if (nid == 0 || data == 0)
		return;
	mc_ndb_node live;
	if (mc_ndb_node_lookup(l->db, nid, &live) == MC_NDB_OK && live.bid_data == data &&
	    live.bid_sub == sub)
		return;
	if (kept_before(l, g_strdup_printf("n%x:%" G_GINT64_MODIFIER "x:%" G_GINT64_MODIFIER "x",
	                                   nid, data, sub)))
		return;
	if (l->nodes->len >= (guint)MAX_NODES) {
		l->capped = 1;
		return;
	}
	struct rnode n = { nid, parent, l->seq++, data, sub };
	g_array_append_val(l->nodes, n);
}

static void keep_block(struct loose *l, uint64_t bid, uint64_t ib, uint16_t cb)
{
	bid &= ~(uint64_t)1;
	if (bid == 0 || ib == 0 || cb == 0 || (size_t)cb + l->db->block_trailer > l->db->block_max)
		return;
	mc_ndb_block_ref live;
	if (mc_ndb_block_lookup(l->db, bid, &live) == MC_NDB_OK && live.ib == ib && live.cb == cb)
		return;
	if (!mc_pst_amap_data_free(&l->map, ib, cb))
		return;
	if (kept_before(l, g_strdup_printf("b%" G_GINT64_MODIFIER "x:%" G_GINT64_MODIFIER "x:%x",
	                                   bid, ib, cb)))
		return;
	if (l->blocks->len >= (guint)MAX_BLOCKS) {
		l->capped = 1;
		return;
	}
	struct rblock b = { bid, ib, l->seq++, cb, 0, 0 };
	g_array_append_val(l->blocks, b);
}

/* The leaf entries of a B-tree page, from slot `from` to the last slot
 * the page has room for. */
static void page_entries(struct loose *l, const uint8_t *p, uint8_t ptype, unsigned from)
{
	mc_ndb *db = l->db;
	const unsigned w = db->idsize;
	const unsigned cbent = leaf_cbent(db, ptype);
	const unsigned max = db->page_entries / cbent;
	for (unsigned i = from; i < max; i++) {
		const uint8_t *e = p + (size_t)i * cbent;
		if (ptype == PTYPE_NBT)
			keep_node(l, (uint32_t)ndb_id(db, e), ndb_id(db, e + w), ndb_id(db, e + 2 * w),
			          ndb_le32(e + 3 * w));
		else
			keep_block(l, ndb_id(db, e), ndb_id(db, e + w), ndb_le16(e + 2 * w));
	}
}

/* A page of free space: if it is a B-tree leaf page that checks, its
 * entries (all of its slots: the ones past cEnt are older still). */
static void free_page(struct loose *l, uint64_t ib)
{
	mc_ndb *db = l->db;
	uint8_t p[NDB_PAGE_MAX];
	const size_t psize = db->page_size;
	if (pread(db->fd, p, psize, (off_t)ib) != (ssize_t)psize)
		return;
	const uint8_t *t = p + db->page_data;
	if (t[0] != t[1] || (t[0] != PTYPE_NBT && t[0] != PTYPE_BBT))
		return;
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	unsigned cent, cbent_found, level;
	page_meta(db, p, &cent, &cbent_found, &level);
	unsigned cbent = leaf_cbent(db, t[0]);
	if (level != 0)
		cbent = 3 * db->idsize; /* an intermediate page: nothing to recover */
	if (crc != mc_pst_crc32(0, p, db->page_data) || cbent_found != cbent ||
	    (size_t)cent * cbent > db->page_entries) {
		if (!l->garbled++)
			l->first_garbled = ib;
		return;
	}
	if (level == 0)
		page_entries(l, p, t[0], 0);
}

/* Every page of free space (AMap or PMap), in file order: 512-byte pages,
 * 4096-byte ones (on 4096-byte boundaries) in the 4K-page OST. */
static void scan_free_space(struct loose *l)
{
	const uint64_t psize = l->db->page_size;
	for (uint64_t ib = l->map.first; ib + psize <= l->size; ib += psize)
		if (mc_pst_amap_data_free(&l->map, ib, psize) || mc_pst_amap_page_free(&l->map, ib))
			free_page(l, ib);
}

/* The live NBT, page by page: its entries (for the orphans) and the slack
 * of its leaf pages (deleted entries). Bounded: levels strictly decrease,
 * at most as many page visits as the file has pages. */
static int scan_live_nbt(struct loose *l)
{
	mc_ndb *db = l->db;
	/* depth first: at most one page's entries per level are pending */
	struct at { uint64_t bid, ib; int level; };
	const size_t cap = NDB_MAX_BT_DEPTH * (db->page_entries / 12u + 1u);
	struct at *stack = g_new(struct at, cap);
	uint8_t *p = g_malloc(db->page_size);
	size_t top = 0;
	const size_t psize = db->page_size;
	uint64_t visits = 0, max_visits = l->size / psize + 1;
	int rc = 0;
	stack[top++] = (struct at){ db->h.nbt_bid, db->h.nbt_ib, -1 };
	while (rc == 0 && top > 0) {
		struct at at = stack[--top];
		if (++visits > max_visits || at.ib % NDB_PAGE_SIZE || at.ib + psize > l->size ||
		    pread(db->fd, p, psize, (off_t)at.ib) != (ssize_t)psize) {
			rc = -1;
			break;
		}
		const uint8_t *t = p + db->page_data;
		unsigned cent, cbent, ulevel;
		page_meta(db, p, &cent, &cbent, &ulevel);
		int level = (int)ulevel;
		if (t[0] != PTYPE_NBT || t[1] != PTYPE_NBT || level >= (int)NDB_MAX_BT_DEPTH ||
		    (at.level >= 0 && level != at.level) || cbent == 0 ||
		    (size_t)cent * cbent > db->page_entries) {
			rc = -1;
			break;
		}
		if (level == 0) {
			if (cbent != leaf_cbent(db, PTYPE_NBT)) {
				rc = -1;
				break;
			}
			for (unsigned i = 0; i < cent; i++) {
				const uint8_t *e = p + (size_t)i * cbent;
				uint32_t pair[2] = { (uint32_t)ndb_id(db, e), ndb_le32(e + 3 * db->idsize) };
				g_array_append_vals(l->live, pair, 1);
			}
			page_entries(l, p, PTYPE_NBT, cent);
			continue;
		}
		if (cbent != 3 * db->idsize || top + cent > cap) {
			rc = -1;
			break;
		}
		for (unsigned i = cent; i-- > 0;) { /* pushed backwards: popped in order */
			const uint8_t *e = p + (size_t)i * cbent;
			stack[top++] = (struct at){ ndb_id(db, e + db->idsize),
			                                   ndb_id(db, e + 2 * db->idsize), level - 1 };
		}
	}
	g_free(stack);
	g_free(p);
	return rc;
}

/* A block of free space found by its trailer (pst-free-blocks.c): loose
 * when no block entry, live or deleted, names it there; kept (capped) so
 * that a deleted node entry can be read through it. */
static int free_block(void *ctx, uint64_t bid, uint64_t ib, uint16_t cb)
{
	struct loose *l = ctx;
	mc_ndb_block_ref live;
	if (mc_ndb_block_lookup(l->db, bid, &live) == MC_NDB_OK && live.ib == ib)
		return 0;
	char *key = g_strdup_printf("b%" G_GINT64_MODIFIER "x:%" G_GINT64_MODIFIER "x:%x", bid, ib,
	                            cb);
	int known = g_hash_table_contains(l->seen, key);
	g_free(key);
	if (known)
		return 0;
	struct rblock b = { bid, ib, l->seq++, cb, 1, 0 };
	if (l->loose < LOOSE_LISTED)
		l->loose_listed[l->loose] = b;
	l->loose++;
	if (l->blocks->len >= (guint)MAX_BLOCKS) {
		l->capped = 1;
		return 0;
	}
	g_array_append_val(l->blocks, b);
	return 0;
}

/* --- reading what was found ----------------------------------------------- */

/* Whether the recovered block b reads back whole (trailer, CRC). */
static int block_ok(struct loose *l, const struct rblock *b)
{
	mc_ndb *db = l->db;
	const unsigned tr = db->block_trailer;
	const unsigned align = db->block_align;
	size_t total = ((size_t)b->cb + tr + align - 1) / align * align;
	uint8_t *raw = l->blockbuf;
	if (total > db->block_max || b->ib + total > l->size ||
	    pread(db->fd, raw, total, (off_t)b->ib) != (ssize_t)total)
		return 0;
	const uint8_t *t = raw + total - tr;
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	uint64_t tbid = db->ansi ? ndb_le32(t + 4) : ndb_le64(t + 8);
	return ndb_le16(t) == b->cb && (tbid & ~(uint64_t)1) == b->bid &&
	       crc == mc_pst_crc32(0, raw, b->cb);
}

static int cmp_block(const void *a, const void *b)
{
	const struct rblock *x = a, *y = b;
	if (x->bid != y->bid)
		return x->bid < y->bid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_node(const void *a, const void *b)
{
	const struct rnode *x = a, *y = b;
	if (x->nid != y->nid)
		return x->nid < y->nid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The first recovered entry of bid that reads back whole, or NULL. */
static struct rblock *find_block(struct loose *l, uint64_t bid)
{
	bid &= ~(uint64_t)1;
	GArray *a = l->blocks;
	size_t lo = 0, hi = a->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g_array_index(a, struct rblock, mid).bid < bid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < a->len && g_array_index(a, struct rblock, i).bid == bid; i++)
		if (block_ok(l, &g_array_index(a, struct rblock, i)))
			return &g_array_index(a, struct rblock, i);
	return NULL;
}

static int block_source(void *ctx, uint64_t bid, mc_ndb_block_ref *out)
{
	struct rblock *b = find_block(ctx, bid);
	if (!b)
		return MC_NDB_NOT_FOUND;
	b->used = 1;
	*out = (mc_ndb_block_ref){ b->bid, b->ib, b->cb, 1 };
	return MC_NDB_OK;
}

/* A recovered or orphan folder: recorded with its name, not walked (as the
 * libpff path does). */
static int loose_folder(struct loose *l, struct mc_pst_node *node, const char *origin)
{
	struct mc_pst_own *o = l->o;
	char loc[96], eb[512];
	struct mc_ltp_pc pc;
	snprintf(loc, sizeof loc, "pst:%s-folder:%u", origin, node->nid);
	if (mc_pst_node_pc(node, &pc) != 0) {
		mc_ltp_error_text(&pc.hn.err, eb, sizeof eb);
		return mc_reader_problem(o->r, "warning", loc, "%s folder could not be read: %s", origin,
		                         eb);
	}
	struct mc_folder *f = mc_folder_new();
	f->local_id = ++o->next_folder_id;
	char *name = mc_mapi_prop_string(mc_ltp_pc_props(&pc, o->store_codepage, NULL),
	                                 PR_DISPLAY_NAME);
	f->name = name ? name : g_strdup("");
	f->path = g_strdup_printf("%s/%s", origin, f->name);
	f->role = MC_ROLE_OTHER;
	f->locator = g_strdup(loc);
	int rc = mc_reader_folder(o->r, f) == 0 ? 0 : -1;
	if (rc < 0)
		o->sink_failed = 1;
	/* The contents table of this version of the folder is not the live
	 * one: its items are not counted, its deleted items come on their own. */
	if (rc == 0)
		rc = mc_reader_problem(o->r, "warning", f->locator,
		                       "%s folder \"%s\": its contents are not walked; deleted items "
		                       "come as %s items", origin, f->name, origin);
	mc_folder_free(f);
	return rc;
}

/* One recovered or orphan node: a message emitted, a folder recorded,
 * anything else counted. */
static int loose_node(struct loose *l, const mc_ndb_node *n, const char *origin, const char *loc)
{
	struct mc_pst_own *o = l->o;
	unsigned t = NID_TYPE(n->nid);
	int folder = t == 0x02 || t == 0x03, message = t == 0x04 || t == 0x08;
	if (!folder && !message) {
		l->fragments++;
		return 0;
	}
	struct mc_pst_node node;
	char eb[512];
	int rc = 0;
	if (mc_pst_node_open(&node, l->db, n, eb, sizeof eb) != 0) {
		rc = mc_reader_problem(o->r, "warning", loc, "%s item could not be read: %s", origin, eb);
	} else if (folder) {
		rc = loose_folder(l, &node, origin);
	} else {
		struct mc_ltp_pc pc;
		if (mc_pst_node_pc(&node, &pc) != 0) {
			/* partly overwritten: a warning, never a message */
			mc_ltp_error_text(&pc.hn.err, eb, sizeof eb);
			rc = mc_reader_problem(o->r, "warning", loc, "%s item could not be read: %s", origin,
			                       eb);
		} else {
			struct mc_pst_own_where where = { 0, 0, mc_origin_static(origin), loc, 0 };
			rc = mc_pst_own_emit(o, &node, &where);
		}
	}
	mc_pst_node_close(&node);
	return rc;
}

static int fragments_warning(struct loose *l, const char *origin)
{
	if (!l->fragments)
		return 0;
	char loc[64];
	snprintf(loc, sizeof loc, "pst:%s", origin);
	size_t n = l->fragments;
	l->fragments = 0;
	return mc_reader_problem(l->o->r, "warning", loc, "%zu %s nodes are not messages or folders "
	                         "(internal nodes, tables, attachment or recipient lists); skipped",
	                         n, origin);
}

/* The recoverable nodes, in NID order, each copy with its own locator. */
static int emit_recovered(struct loose *l)
{
	g_array_sort(l->nodes, cmp_node);
	g_array_sort(l->blocks, cmp_block);
	GHashTable *copies = g_hash_table_new(g_direct_hash, g_direct_equal);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < l->nodes->len; i++) {
		const struct rnode *r = &g_array_index(l->nodes, struct rnode, i);
		if (!find_block(l, r->data) || (r->sub && !find_block(l, r->sub))) {
			l->dropped++;
			continue;
		}
		unsigned c = GPOINTER_TO_UINT(g_hash_table_lookup(copies, GUINT_TO_POINTER(r->nid))) + 1;
		g_hash_table_insert(copies, GUINT_TO_POINTER(r->nid), GUINT_TO_POINTER(c));
		char loc[96];
		if (c == 1)
			snprintf(loc, sizeof loc, "pst:recovered:%u", r->nid);
		else
			snprintf(loc, sizeof loc, "pst:recovered:%u.%u", r->nid, c);
		mc_ndb_node n = { r->nid, r->data, r->sub, r->parent };
		rc = loose_node(l, &n, MC_ORIGIN_RECOVERED, loc);
	}
	g_hash_table_destroy(copies);
	if (rc == 0)
		rc = fragments_warning(l, MC_ORIGIN_RECOVERED);
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Live nodes whose parent is no node of the file. */
static int emit_orphans(struct loose *l)
{
	GArray *a = l->live;
	size_t n = a->len;
	uint32_t *nids = g_new(uint32_t, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		nids[i] = g_array_index(a, uint32_t, 2 * i);
	qsort(nids, n, sizeof *nids, cmp_u32);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		uint32_t nid = g_array_index(a, uint32_t, 2 * i);
		uint32_t parent = g_array_index(a, uint32_t, 2 * i + 1);
		if (parent == 0 || parent == nid || bsearch(&parent, nids, n, sizeof *nids, cmp_u32))
			continue;
		mc_ndb_node node;
		if (mc_ndb_node_lookup(l->db, nid, &node) != MC_NDB_OK)
			continue;
		char loc[64];
		snprintf(loc, sizeof loc, "pst:orphan:%u", nid);
		rc = loose_node(l, &node, MC_ORIGIN_ORPHAN, loc);
	}
	g_free(nids);
	if (rc == 0)
		rc = fragments_warning(l, MC_ORIGIN_ORPHAN);
	return rc;
}

/* One warning for the loose blocks: how many, the first ones by BID and
 * offset, how many were read for recovered items. */
static int loose_warning(struct loose *l)
{
	if (!l->loose)
		return 0;
	size_t used = 0;
	for (guint i = 0; i < l->blocks->len; i++) {
		const struct rblock *b = &g_array_index(l->blocks, struct rblock, i);
		used += b->loose && b->used;
	}
	GString *list = g_string_new(NULL);
	for (size_t i = 0; i < l->loose && i < LOOSE_LISTED; i++)
		g_string_append_printf(list, "%sBID 0x%" G_GINT64_MODIFIER "x at offset %" G_GUINT64_FORMAT
		                       " (%u bytes)", i ? ", " : "", l->loose_listed[i].bid,
		                       l->loose_listed[i].ib, l->loose_listed[i].cb);
	int rc = mc_reader_problem(l->o->r, "warning", "pst:recovered-blocks", "%zu blocks in free space "
	                           "check (trailer size, BID, signature, CRC) but no block B-tree "
	                           "entry, live or deleted, names them; %zu of them were read for "
	                           "the deleted items recovered; %s%s: %s", l->loose, used,
	                           l->loose > LOOSE_LISTED ? "the first " : "",
	                           l->loose > LOOSE_LISTED ? "ones" : "all", list->str);
	g_string_free(list, TRUE);
	return rc;
}

int mc_pst_own_loose(struct mc_pst_own *o)
{
	const mc_ndb_header *h = mc_ndb_get_header(o->db);
	struct loose l;
	memset(&l, 0, sizeof l);
	l.o = o;
	l.db = o->db;
	l.size = h->file_size;
	mc_pst_amap_init(&l.map, o->db, l.size);
	l.blockbuf = g_malloc(o->db->block_max);
	l.nodes = g_array_new(FALSE, FALSE, sizeof(struct rnode));
	l.blocks = g_array_new(FALSE, FALSE, sizeof(struct rblock));
	l.live = g_array_new(FALSE, FALSE, 2 * sizeof(uint32_t));
	l.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct mc_reader *r = o->r;
	int rc = 0;
	int walked = scan_live_nbt(&l);
	scan_free_space(&l);
	mc_pst_free_blocks_scan(&l.map, free_block, &l);
	g_hash_table_destroy(l.seen);
	l.seen = NULL;
	if (walked != 0)
		rc = mc_reader_problem(r, "warning", "pst:recovered", "the node B-tree could not be "
		                       "walked page by page: its deleted entries and orphan items "
		                       "were not looked for");
	if (rc == 0 && l.map.bad_maps)
		rc = mc_reader_problem(r, "warning", "pst:recovered", "%zu allocation map pages do "
		                       "not check (type, CRC; first at offset %" G_GUINT64_FORMAT
		                       "): the space they map was taken as allocated",
		                       l.map.bad_maps, l.map.first_bad_map);
	if (rc == 0 && l.garbled)
		rc = mc_reader_problem(r, "warning", "pst:recovered", "%zu pages in free space look "
		                       "like B-tree pages but do not check (CRC, entry size; first at "
		                       "offset %" G_GUINT64_FORMAT "): not used",
		                       l.garbled, l.first_garbled);
	if (rc == 0 && l.capped)
		rc = mc_reader_problem(r, "warning", "pst:recovered", "resource limit recover-entries "
		                       "(%d nodes, %d blocks) exceeded: the deleted entries found "
		                       "first are read, the rest are not", MAX_NODES, MAX_BLOCKS);
	if (rc == 0) {
		mc_ndb_set_block_source(o->db, block_source, &l);
		rc = emit_recovered(&l);
		mc_ndb_set_block_source(o->db, NULL, NULL);
	}
	if (rc == 0 && l.dropped)
		rc = mc_reader_problem(r, "warning", "pst:recovered", "%zu deleted node entries whose "
		                       "blocks are no longer in free space or do not read back whole "
		                       "(trailer, CRC): not recoverable", l.dropped);
	if (rc == 0)
		rc = loose_warning(&l);
	if (rc == 0 && walked == 0)
		rc = emit_orphans(&l);
	g_array_free(l.nodes, TRUE);
	g_array_free(l.blocks, TRUE);
	g_array_free(l.live, TRUE);
	g_free(l.blockbuf);
	return rc;
}
