/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dbx.c: Outlook Express 5/6 message stores, .dbx (mc_format_dbx). A
 * message .dbx is one folder: its index tree names a message info object
 * per message, whose index 0x04 points to the first of a chain of 0x210-byte
 * blocks holding the raw RFC 822 message (dbx-file.h has the layout). Each
 * message is read from its chain and handed to the MIME path
 * (mc_rfc822_emit) with the locator dbx:info=<info offset>,data=<first
 * block>; the message info's flags and times become message_props dbx.*.
 *
 * Recovery: the whole file is scanned for block headers at 4-byte
 * alignment. Chains of freed blocks (a message deleted or compacted away,
 * its blocks on the free list, its text still there but for 4 bytes per
 * block) and chains of live blocks no message info names are read too,
 * checked block by block, and kept with origin recovered (dbx:freed=...,
 * dbx:data=...). A chain that breaks is a problem row naming its offset
 * and is not ingested.
 *
 * Accounting: the number of messages the header declares (its index
 * tree's entry count) against the messages read from the tree; a
 * difference is a warning naming both. The folder's name and role come
 * from the Folders.dbx beside the file, else from the file's own file info
 * (the name the folder had when created), else from the file name.
 * Folders.dbx, Pop3uidl.dbx and Offline.dbx hold no mail: they are read as
 * empty evidence (variants dbx-folders, dbx-other).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbx-file.h"
#include "dbx-folders.h"
#include "eml.h"
#include "folder-names.h"
#include "parser.h"
#include "record.h"
#include "resource-limits.h"

#define SCAN_WINDOW (1u << 20)

static const struct mc_flag_name dbx_flags[] = {
	{ 0x1, "downloaded" }, { 0x8, "draft" }, { 0x20, "marked" }, { 0x80, "read" },
	{ 0x100, "marked-for-download" }, { 0x800, "news" }, { 0x1000, "signed" },
	{ 0x4000, "attachment" }, { 0x80000, "answered" }, { 0x100000, "forwarded" },
	{ 0x400000, "watched" }, { 0x800000, "ignored" },
};

struct dbx_read {
	struct mc_reader *r;
	enum mc_result result;
	GHashTable *claimed;        /* blocks of the chains the index names */
	int64_t indexed, recovered, broken;
};

static int dbx_bid(const struct mc_probe *p)
{
	if (p->is_dir || !p->head)
		return 0;
	return mc_dbx_kind(p->head, p->head_len) != MC_DBX_NOT ? 100 : 0;
}

static void warn(struct dbx_read *d, const char *locator, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void warn(struct dbx_read *d, const char *locator, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	mc_reader_problem(d->r, "warning", locator, "%s", text);
	if (d->result == MC_OK)
		mc_reader_fail(d->r, MC_WARN, "%s: %s", d->r->path, text);
	d->result = MC_WARN;
	g_free(text);
}

/* ---- the folder ---- */

static char *fileinfo_name(struct mc_reader *r)
{
	uint32_t len;
	char name[0x101];
	if (mc_dbx_u32(r->fd, r->size, MC_DBX_FILEINFO_LEN, &len) != 0 || len < 0x206 ||
	    pread(r->fd, name, 0x100, MC_DBX_HEADER_BYTES + 0x105) != 0x100)
		return NULL;
	name[0x100] = '\0';
	if (!name[0])
		return NULL;
	return g_utf8_validate(name, -1, NULL) ? g_strdup(name) : g_utf8_make_valid(name, -1);
}

static int emit_folder(struct mc_reader *r)
{
	struct mc_dbx_folder_name fn;
	struct mc_folder *f = mc_folder_new();
	f->local_id = 1;
	if (mc_dbx_folder_lookup(r->path, &fn) == 0) {
		f->name = g_strdup(fn.name);
		f->path = g_strdup(fn.path);
		f->role = fn.role;
		char *base = g_path_get_basename(fn.source);
		f->locator = g_strdup_printf("dbx-folders:%s", base);
		g_free(base);
		mc_dbx_folder_name_clear(&fn);
	} else {
		f->name = fileinfo_name(r);
		f->locator = g_strdup(f->name ? "dbx:file-info" : "dbx:file-name");
		if (!f->name) {
			char *base = g_path_get_basename(r->path);
			if (g_str_has_suffix(base, ".dbx") || g_str_has_suffix(base, ".DBX"))
				base[strlen(base) - 4] = '\0';
			f->name = g_utf8_make_valid(base, -1);
			g_free(base);
		}
		f->path = g_strdup(f->name);
		f->role = mc_guess_folder_role(f->name);
	}
	int rc = mc_reader_folder(r, f);
	mc_folder_free(f);
	return rc;
}

/* ---- one message ---- */

static void time_prop(struct mc_message *m, const char *name, const struct mc_dbx_info *info,
                      unsigned idx)
{
	size_t avail;
	const guint8 *d = mc_dbx_info_data(info, idx, &avail);
	if (!d || avail < 8)
		return;
	uint64_t ft = 0;
	for (int i = 7; i >= 0; i--)
		ft = ft << 8 | d[i];
	if (ft == 0)
		return;
	int64_t secs = (int64_t)(ft / 10000000u) - INT64_C(11644473600);
	char iso[21];
	mc_format_utc(secs, iso);
	mc_message_add_prop(m, name, iso);
}

static void info_props(struct mc_message *m, const struct mc_dbx_info *info)
{
	uint32_t v;
	char num[16];
	if (mc_dbx_info_u32(info, MC_DBX_MI_INDEX, &v)) {
		g_snprintf(num, sizeof num, "%" PRIu32, v);
		mc_message_add_prop(m, "dbx.index", num);
	}
	if (mc_dbx_info_u32(info, MC_DBX_MI_FLAGS, &v)) {
		g_snprintf(num, sizeof num, "0x%" PRIx32, v);
		mc_message_add_prop(m, "dbx.flags", num);
		char *names = mc_flag_names(dbx_flags, G_N_ELEMENTS(dbx_flags), v);
		mc_message_add_prop(m, "dbx.flag_names", names);
		g_free(names);
	}
	time_prop(m, "dbx.sent", info, MC_DBX_MI_SENT);
	time_prop(m, "dbx.received", info, MC_DBX_MI_RECEIVED);
	char *s = mc_dbx_info_string(info, MC_DBX_MI_MSGID);
	if (s)
		mc_message_add_prop(m, "dbx.message_id", s);
	g_free(s);
}

/* Emits the chain's bytes as a message of the file's folder (a recovered
 * one too: its blocks are this folder's); 0, or -1 if the sink failed. */
static int emit(struct dbx_read *d, struct mc_message *m, const struct mc_dbx_chain *c)
{
	m->folder_local_id = 1;
	m->byte_offset = -1;
	m->byte_length = -1;
	return mc_rfc822_emit(d->r, m, (const char *)c->bytes->data, c->bytes->len,
	                      (const char *)c->bytes->data, c->bytes->len);
}

static int read_indexed(struct dbx_read *d, uint32_t info_off)
{
	struct mc_reader *r = d->r;
	struct mc_dbx_info info;
	char why[256], loc[64];
	g_snprintf(loc, sizeof loc, "dbx:info=%" PRIu32, info_off);
	if (mc_dbx_info_read(r->fd, r->size, info_off, &info, why, sizeof why) != 0) {
		warn(d, loc, "message info not read: %s", why);
		return 0;
	}
	uint32_t first = 0;
	if (!mc_dbx_info_u32(&info, MC_DBX_MI_MESSAGE, &first) || first == 0) {
		warn(d, loc, "the message info names no message blocks");
		mc_dbx_info_clear(&info);
		return 0;
	}
	struct mc_dbx_chain c;
	char *locator = mc_dbx_locator(info_off, first, 0);
	if (mc_dbx_chain_read(r->fd, r->size, first, 0, (size_t)MC_RFC822_MAX_BYTES, d->claimed,
	                      &c) != 0) {
		warn(d, locator, "the message's first block 0x%" PRIx32 " is no message block",
		     first);
		g_free(locator);
		mc_dbx_info_clear(&info);
		return 0;
	}
	struct mc_message *m = mc_message_new();
	m->origin = MC_ORIGIN_FOLDER;
	m->locator = locator;
	info_props(m, &info);
	if (c.too_long) {
		mc_limit_warn(m, "message-bytes", MC_RFC822_MAX_BYTES, "the chain of blocks at"
		              " 0x%" PRIx32 " is longer; its first %u bytes are kept", first,
		              c.bytes->len);
	} else if (!c.complete) {
		mc_message_warn(m, "the chain of blocks breaks after %" PRIu32 " blocks: %s;"
		                " the %u bytes before are kept", c.blocks, c.why, c.bytes->len);
		warn(d, locator, "the chain of blocks breaks after %" PRIu32 " blocks at 0x%"
		     PRIx32 ": %s", c.blocks, c.broken_at, c.why);
	}
	int rc = emit(d, m, &c);
	d->indexed++;
	mc_message_free(m);
	mc_dbx_chain_clear(&c);
	mc_dbx_info_clear(&info);
	return rc;
}

/* ---- recovery ---- */

struct scan {
	GHashTable *kind;           /* block offset -> 1 live, 2 freed */
	GHashTable *pointed;        /* offsets some block of the same kind names as next */
	GArray *order;              /* block offsets, ascending */
};

static void scan_blocks(struct mc_reader *r, struct scan *s)
{
	guint8 *buf = g_malloc(SCAN_WINDOW + 32);
	uint64_t off = MC_DBX_HEADER_BYTES;
	while (off + 16 <= r->size) {
		size_t want = (size_t)MIN((uint64_t)SCAN_WINDOW + 32, r->size - off);
		ssize_t got = pread(r->fd, buf, want, (off_t)off);
		if (got < 16)
			break;
		size_t i = 0;
		for (; i + 20 <= (size_t)got && i < SCAN_WINDOW; i += 4) {
			int k = mc_dbx_block_kind(buf + i, (uint32_t)(off + i), r->size);
			if (!k || off + i > UINT32_MAX - MC_DBX_BLOCK_BYTES)
				continue;
			uint32_t at = (uint32_t)(off + i);
			uint32_t next = GUINT32_FROM_LE(*(const guint32 *)(const void *)(buf + i + 12));
			g_hash_table_insert(s->kind, GUINT_TO_POINTER(at), GINT_TO_POINTER(k));
			if (next)
				g_hash_table_insert(s->pointed, GUINT_TO_POINTER(next), GINT_TO_POINTER(k));
			g_array_append_val(s->order, at);
			i += MC_DBX_BLOCK_BYTES - 4;
		}
		if (i == 0)
			break;
		off += i;
	}
	g_free(buf);
}

static int recover(struct dbx_read *d)
{
	struct mc_reader *r = d->r;
	struct scan s = { g_hash_table_new(NULL, NULL), g_hash_table_new(NULL, NULL),
	                  g_array_new(FALSE, FALSE, sizeof(uint32_t)) };
	scan_blocks(r, &s);
	GHashTable *used = g_hash_table_new(NULL, NULL);
	int rc = 0;
	for (guint i = 0; i < s.order->len && rc == 0; i++) {
		uint32_t at = g_array_index(s.order, uint32_t, i);
		int k = GPOINTER_TO_INT(g_hash_table_lookup(s.kind, GUINT_TO_POINTER(at)));
		if (g_hash_table_contains(d->claimed, GUINT_TO_POINTER(at)) ||
		    g_hash_table_contains(used, GUINT_TO_POINTER(at)) ||
		    GPOINTER_TO_INT(g_hash_table_lookup(s.pointed, GUINT_TO_POINTER(at))) == k)
			continue;               /* read from the index, or inside a chain */
		int freed = k == 2;
		struct mc_dbx_chain c;
		char *locator = mc_dbx_locator(0, at, freed);
		if (mc_dbx_chain_read(r->fd, r->size, at, freed, (size_t)MC_RFC822_MAX_BYTES, used,
		                      &c) != 0) {
			g_free(locator);
			continue;
		}
		if (!c.complete) {
			warn(d, locator, "%s chain of blocks not recovered: it breaks after %" PRIu32
			     " blocks at 0x%" PRIx32 ": %s", freed ? "a freed" : "an unindexed",
			     c.blocks, c.broken_at, c.why);
			d->broken++;
		} else if (c.bytes->len > 0) {
			struct mc_message *m = mc_message_new();
			m->origin = MC_ORIGIN_RECOVERED;
			m->locator = locator;
			locator = NULL;
			mc_message_add_prop(m, "dbx.recovered_from", freed ? "freed blocks"
			                    : "blocks no message info names");
			if (freed)
				mc_message_warn(m, "recovered from %" PRIu32 " freed blocks: the first 4"
				                " bytes of each were overwritten by the free list and"
				                " read as \"----\"", c.blocks);
			rc = emit(d, m, &c);
			d->recovered++;
			mc_message_free(m);
		}
		g_free(locator);
		mc_dbx_chain_clear(&c);
	}
	g_hash_table_destroy(used);
	g_hash_table_destroy(s.kind);
	g_hash_table_destroy(s.pointed);
	g_array_unref(s.order);
	return rc;
}

/* ---- the file ---- */

static enum mc_result dbx_read(struct mc_reader *r)
{
	guint8 head[16];
	if (r->size < MC_DBX_HEADER_BYTES || pread(r->fd, head, sizeof head, 0) != sizeof head)
		return mc_reader_fail(r, MC_FATAL, "%s: %" PRIu64 " bytes, shorter than the 0x%x"
		                      " bytes of a DBX header", r->path, r->size, MC_DBX_HEADER_BYTES);
	enum mc_dbx_kind kind = mc_dbx_kind(head, sizeof head);
	if (kind == MC_DBX_NOT)
		return mc_reader_fail(r, MC_FATAL, "%s: no DBX class id", r->path);
	if (kind != MC_DBX_MESSAGES) {
		r->variant = kind == MC_DBX_FOLDERS ? "dbx-folders" : "dbx-other";
		return MC_OK;                   /* no mail in it */
	}
	r->variant = "dbx";
	struct dbx_read d = { r, MC_OK, g_hash_table_new(NULL, NULL), 0, 0, 0 };
	uint32_t count = 0, root = 0;
	mc_dbx_u32(r->fd, r->size, MC_DBX_TREE_COUNT, &count);
	mc_dbx_u32(r->fd, r->size, MC_DBX_TREE_ROOT, &root);
	int rc = emit_folder(r);
	if (rc == 0 && root) {
		char why[256];
		GArray *vals = mc_dbx_tree_values(r->fd, r->size, root, (uint32_t)MIN(r->size / 4,
		                                  UINT32_MAX), why, sizeof why);
		if (why[0])
			warn(&d, "dbx:tree", "index tree: %s", why);
		for (guint i = 0; i < vals->len && rc == 0; i++)
			rc = read_indexed(&d, g_array_index(vals, uint32_t, i));
		g_array_unref(vals);
	} else if (rc == 0 && count) {
		warn(&d, "dbx:tree", "the header declares %" PRIu32 " messages but no index tree",
		     count);
	}
	if (rc == 0 && root && (int64_t)count != d.indexed)
		warn(&d, "dbx:tree", "the header declares %" PRIu32 " messages, %" PRId64 " were"
		     " read from the index tree", count, d.indexed);
	if (rc == 0)
		rc = recover(&d);
	g_hash_table_destroy(d.claimed);
	if (rc != 0)
		return mc_reader_fail(r, MC_FATAL, "%s: could not store a message", r->path);
	return d.result;
}

const struct mc_format mc_format_dbx = { "dbx", dbx_bid, dbx_read, 0 };
