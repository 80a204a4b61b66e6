/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dbx-file.c: reading the structures of an Outlook Express .dbx file
 * (dbx-file.h): the class id, the index tree, indexed info objects, chains
 * of message blocks, and the DBX locators. Every pointer is checked
 * against the file's size before it is followed, every walk is bounded.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "charset.h"
#include "dbx-file.h"

#define TREE_MAX_DEPTH 64
#define INFO_MAX_BODY  (1u << 20)   /* an indexed info object is a few hundred bytes */

static const guint8 dbx_magic[4] = { 0xcf, 0xad, 0x12, 0xfe };
static const guint8 dbx_tail[8] = { 0x66, 0xe3, 0xd1, 0x11, 0x9a, 0x4e, 0x00, 0xc0 };

static uint32_t le32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum mc_dbx_kind mc_dbx_kind(const unsigned char *h, size_t n)
{
	if (n < 16 || memcmp(h, dbx_magic, 4) != 0)
		return MC_DBX_NOT;
	uint32_t cls = le32(h + 4);
	if (cls == 0x26fe9d30u)
		return MC_DBX_OTHER;            /* Offline.dbx: its own tail */
	if (memcmp(h + 8, dbx_tail, 8) != 0)
		return MC_DBX_NOT;
	switch (cls) {
	case 0x6f74fdc5u: return MC_DBX_MESSAGES;
	case 0x6f74fdc6u: return MC_DBX_FOLDERS;
	case 0x6f74fdc7u: return MC_DBX_OTHER;
	default: return MC_DBX_NOT;
	}
}

static int read_at(int fd, uint64_t size, uint64_t off, void *buf, size_t n)
{
	if (off > size || n > size - off)
		return -1;
	size_t done = 0;
	while (done < n) {
		ssize_t got = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		done += (size_t)got;
	}
	return 0;
}

int mc_dbx_u32(int fd, uint64_t size, uint64_t off, uint32_t *v)
{
	guint8 b[4];
	if (read_at(fd, size, off, b, 4) != 0)
		return -1;
	*v = le32(b);
	return 0;
}

/* ---- the index tree ---- */

struct tree_walk {
	int fd;
	uint64_t size;
	uint32_t max;
	GArray *values;
	GHashTable *seen;
	char *why;
	size_t whylen;
	int failed;
};

static void tree_fail(struct tree_walk *w, const char *what, uint32_t off)
{
	if (!w->failed++)
		snprintf(w->why, w->whylen, "index tree node 0x%" PRIx32 " %s", off, what);
}

static void tree_node(struct tree_walk *w, uint32_t off, uint32_t parent, int depth)
{
	guint8 node[MC_DBX_NODE_BYTES];
	if (depth > TREE_MAX_DEPTH) {
		tree_fail(w, "is deeper than 64 levels", off);
		return;
	}
	if (g_hash_table_contains(w->seen, GUINT_TO_POINTER(off))) {
		tree_fail(w, "is reached twice (a loop)", off);
		return;
	}
	g_hash_table_add(w->seen, GUINT_TO_POINTER(off));
	if (off < MC_DBX_HEADER_BYTES || read_at(w->fd, w->size, off, node, sizeof node) != 0) {
		tree_fail(w, "is not inside the file", off);
		return;
	}
	if (le32(node) != off) {
		tree_fail(w, "does not name itself", off);
		return;
	}
	if (le32(node + 12) != parent)
		tree_fail(w, "names another parent", off);
	unsigned n = node[0x11];
	if (n > MC_DBX_NODE_ENTRIES) {
		tree_fail(w, "claims more than 0x33 entries", off);
		n = MC_DBX_NODE_ENTRIES;
	}
	uint32_t child = le32(node + 8);
	if (child && le32(node + 0x14))
		tree_node(w, child, off, depth + 1);
	for (unsigned i = 0; i < n && w->values->len < w->max; i++) {
		const guint8 *e = node + 0x18 + 12 * i;
		uint32_t v = le32(e);
		g_array_append_val(w->values, v);
		child = le32(e + 4);
		if (child && le32(e + 8))
			tree_node(w, child, off, depth + 1);
	}
}

GArray *mc_dbx_tree_values(int fd, uint64_t size, uint32_t root, uint32_t max,
                           char *why, size_t whylen)
{
	struct tree_walk w = { fd, size, max, g_array_new(FALSE, FALSE, sizeof(uint32_t)),
	                       g_hash_table_new(NULL, NULL), why, whylen, 0 };
	if (whylen)
		why[0] = '\0';
	if (root)
		tree_node(&w, root, 0, 0);
	g_hash_table_destroy(w.seen);
	return w.values;
}

/* ---- indexed info ---- */

int mc_dbx_info_read(int fd, uint64_t size, uint32_t off, struct mc_dbx_info *info,
                     char *why, size_t whylen)
{
	guint8 h[12];
	memset(info, 0, sizeof *info);
	info->offset = off;
	if (off < MC_DBX_HEADER_BYTES || read_at(fd, size, off, h, sizeof h) != 0) {
		snprintf(why, whylen, "info object 0x%" PRIx32 " is not inside the file", off);
		return -1;
	}
	if (le32(h) != off) {
		snprintf(why, whylen, "info object 0x%" PRIx32 " does not name itself", off);
		return -1;
	}
	uint32_t len = le32(h + 4);
	unsigned n = h[10];
	if (len > INFO_MAX_BODY || (uint64_t)n * 4 > len) {
		snprintf(why, whylen, "info object 0x%" PRIx32 " claims %" PRIu32 " bytes for %u"
		         " entries", off, len, n);
		return -1;
	}
	info->body = g_malloc(len + 1);
	if (read_at(fd, size, (uint64_t)off + 12, info->body, len) != 0) {
		snprintf(why, whylen, "info object 0x%" PRIx32 " runs past the end of the file", off);
		mc_dbx_info_clear(info);
		return -1;
	}
	info->body[len] = 0;
	info->body_len = len;
	info->entries = n;
	return 0;
}

void mc_dbx_info_clear(struct mc_dbx_info *info)
{
	g_free(info->body);
	info->body = NULL;
	info->body_len = 0;
	info->entries = 0;
}

/* The entry for idx: its word, or 0 when absent. */
static int info_entry(const struct mc_dbx_info *info, unsigned idx, uint32_t *word)
{
	for (unsigned i = 0; i < info->entries; i++) {
		uint32_t e = le32(info->body + 4 * i);
		if ((e & 0x7f) == idx) {
			*word = e;
			return 1;
		}
	}
	return 0;
}

const guint8 *mc_dbx_info_data(const struct mc_dbx_info *info, unsigned idx, size_t *avail)
{
	uint32_t e;
	if (!info_entry(info, idx, &e) || (e & 0x80))
		return NULL;
	size_t start = (size_t)info->entries * 4 + (e >> 8);
	if (start >= info->body_len)
		return NULL;
	*avail = info->body_len - start;
	return info->body + start;
}

int mc_dbx_info_u32(const struct mc_dbx_info *info, unsigned idx, uint32_t *v)
{
	uint32_t e;
	if (!info_entry(info, idx, &e))
		return 0;
	if (e & 0x80) {
		*v = e >> 8;
		return 1;
	}
	size_t avail;
	const guint8 *d = mc_dbx_info_data(info, idx, &avail);
	if (!d || avail < 4)
		return 0;
	*v = le32(d);
	return 1;
}

char *mc_dbx_info_string(const struct mc_dbx_info *info, unsigned idx)
{
	size_t avail;
	const guint8 *d = mc_dbx_info_data(info, idx, &avail);
	if (!d)
		return NULL;
	size_t n = strnlen((const char *)d, avail);
	if (g_utf8_validate((const char *)d, (gssize)n, NULL))
		return g_strndup((const char *)d, n);
	struct mc_decoded dec;
	mc_charset_decode((const char *)d, n, "windows-1252", &dec);
	char *s = dec.text;
	dec.text = NULL;
	mc_decoded_clear(&dec);
	return s;
}

/* ---- message blocks ---- */

/* The block's own words, its next pointer aside. */
static int block_words(const guint8 *w, uint32_t off, uint64_t size)
{
	if (le32(w) != off || (uint64_t)off + MC_DBX_BLOCK_BYTES > size)
		return 0;
	if (le32(w + 4) == MC_DBX_BLOCK_TEXT && le32(w + 8) <= MC_DBX_BLOCK_TEXT)
		return 1;
	if (le32(w + 4) == MC_DBX_FREED_BODY && le32(w + 8) == MC_DBX_BLOCK_BYTES)
		return 2;
	return 0;
}

int mc_dbx_block_kind(const guint8 *w, uint32_t off, uint64_t size)
{
	uint32_t next = le32(w + 12);
	if (next == off || (next & 3) || (next && (next < MC_DBX_HEADER_BYTES ||
	                                           (uint64_t)next + 16 > size)))
		return 0;
	return block_words(w, off, size);
}

int mc_dbx_chain_read(int fd, uint64_t size, uint32_t first, int freed, size_t max_bytes,
                      GHashTable *blocks, struct mc_dbx_chain *c)
{
	memset(c, 0, sizeof *c);
	c->bytes = g_byte_array_new();
	GHashTable *seen = g_hash_table_new(NULL, NULL);
	uint32_t off = first;
	guint8 block[MC_DBX_BLOCK_BYTES];
	int want = freed ? 2 : 1;
	while (off) {
		if (g_hash_table_contains(seen, GUINT_TO_POINTER(off))) {
			snprintf(c->why, sizeof c->why, "block 0x%" PRIx32 " comes again (a loop)", off);
			break;
		}
		g_hash_table_add(seen, GUINT_TO_POINTER(off));
		if (blocks && g_hash_table_contains(blocks, GUINT_TO_POINTER(off))) {
			snprintf(c->why, sizeof c->why, "block 0x%" PRIx32 " belongs to a chain read"
			         " before", off);
			break;
		}
		if (off < MC_DBX_HEADER_BYTES ||
		    read_at(fd, size, off, block, sizeof block) != 0) {
			snprintf(c->why, sizeof c->why, "block 0x%" PRIx32 " is not inside the file", off);
			break;
		}
		if (block_words(block, off, size) != want) {
			snprintf(c->why, sizeof c->why, "0x%" PRIx32 " is no %s message block", off,
			         freed ? "freed" : "");
			break;
		}
		uint32_t used = freed ? MC_DBX_BLOCK_TEXT : le32(block + 8);
		if (c->bytes->len + (size_t)used > max_bytes) {
			snprintf(c->why, sizeof c->why, "the message is longer than %zu bytes at block"
			         " 0x%" PRIx32, max_bytes, off);
			c->too_long = 1;
			break;
		}
		if (freed)
			memset(block + 16, '-', 4);
		g_byte_array_append(c->bytes, block + 16, used);
		c->blocks++;
		if (blocks)
			g_hash_table_add(blocks, GUINT_TO_POINTER(off));
		off = le32(block + 12);
		if (!off)
			c->complete = 1;
	}
	g_hash_table_destroy(seen);
	if (!c->complete)
		c->broken_at = off;
	if (freed)
		while (c->bytes->len && c->bytes->data[c->bytes->len - 1] == 0)
			g_byte_array_set_size(c->bytes, c->bytes->len - 1);
	if (c->blocks == 0) {
		mc_dbx_chain_clear(c);
		return -1;
	}
	return 0;
}

void mc_dbx_chain_clear(struct mc_dbx_chain *c)
{
	if (c->bytes)
		g_byte_array_unref(c->bytes);
	c->bytes = NULL;
}

/* ---- locators ---- */

char *mc_dbx_locator(uint32_t info, uint32_t data, int freed)
{
	if (freed)
		return g_strdup_printf("dbx:freed=%" PRIu32, data);
	if (info)
		return g_strdup_printf("dbx:info=%" PRIu32 ",data=%" PRIu32, info, data);
	return g_strdup_printf("dbx:data=%" PRIu32, data);
}

static int parse_u32(const char *s, const char **end, uint32_t *v)
{
	char *e;
	errno = 0;
	unsigned long long n = strtoull(s, &e, 10);
	if (errno || e == s || n > UINT32_MAX || !g_ascii_isdigit(*s))
		return -1;
	*v = (uint32_t)n;
	*end = e;
	return 0;
}

int mc_dbx_locator_parse(const char *loc, uint32_t *data, int *freed)
{
	const char *end;
	uint32_t info;
	if (strncmp(loc, "dbx:", 4) != 0)
		return -1;
	loc += 4;
	*freed = 0;
	if (strncmp(loc, "freed=", 6) == 0) {
		*freed = 1;
		loc += 6;
	} else if (strncmp(loc, "info=", 5) == 0) {
		if (parse_u32(loc + 5, &end, &info) != 0 || strncmp(end, ",data=", 6) != 0)
			return -1;
		loc = end + 6;
	} else if (strncmp(loc, "data=", 5) == 0) {
		loc += 5;
	} else {
		return -1;
	}
	if (parse_u32(loc, &end, data) != 0 || *end)
		return -1;
	return 0;
}
