/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_msg.c: the Outlook .msg reader (parsers/msg.c, msg-props.c).
 *
 * - property stream decoding and bidding on built buffers;
 * - corpus files (../shared/corpus, MANIFEST kind msg): a Unicode MSG with
 *   an embedded .msg, a Shift_JIS (cp932) and a windows-1251 ANSI MSG,
 *   attachment hashes, recipients;
 * - "the same message gives the same record": every message of the corpus
 *   PSTs is written out as a .msg (a small MS-CFB writer below, properties
 *   copied from libpff: recipients, attachments, embedded messages), read
 *   back by the MSG reader and compared with what the PST reader emits,
 *   named properties included (written into a __nameid_version1.0 map).
 * The corpus parts are skipped (and the program exits 77 if nothing else
 * ran) when the corpus is absent.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "msg-props.h"
#include "parser.h"
#include "pst-libpff.h"

static char *corpus_dir;

/* ---- a collecting sink: one canonical text per message tree ------------- */

struct collect {
	GHashTable *root_of;    /* local id -> root local id */
	GHashTable *tree;       /* root local id -> GString: the root and its embedded */
	GHashTable *node;       /* pst.node_id of roots -> root local id */
	GPtrArray *subjects;    /* by local id - 1 */
	GPtrArray *bodies;
	GArray *parents;        /* int64 by local id - 1 */
	GPtrArray *atts;        /* "name|mime|size|sha" lines, by local id - 1 */
	int problems;
};

static void canon_str(GString *s, const char *name, const char *v)
{
	g_string_append_printf(s, "%s=%s\n", name, v ? v : "(null)");
}

/* Everything of a record but where it was found. */
static void canonical(GString *s, const struct mc_message *m)
{
	canon_str(s, "class", m->message_class);
	canon_str(s, "subject", m->subject);
	canon_str(s, "from", m->from_name);
	canon_str(s, "from_addr", m->from_addr);
	canon_str(s, "from_exdn", m->from_exdn);
	g_string_append_printf(s, "date=%d %" G_GINT64_FORMAT " %d\n", m->has_date,
	                       m->date_unix, m->date_offset);
	canon_str(s, "message_id", m->message_id);
	canon_str(s, "in_reply_to", m->in_reply_to);
	canon_str(s, "references", m->references);
	canon_str(s, "content_type", m->content_type);
	canon_str(s, "cs_declared", m->charset_declared);
	canon_str(s, "cs_used", m->charset_used);
	canon_str(s, "cs_detected", m->charset_detected);
	canon_str(s, "body_source", m->body_source);
	canon_str(s, "body", m->body_text);
	g_string_append_printf(s, "times=%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
	                       " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", m->submit_time,
	                       m->delivery_time, m->creation_time, m->modification_time,
	                       m->last_verb_time);
	g_string_append_printf(s, "mapi=%d %" G_GINT64_FORMAT " %d %d %d %" G_GINT64_FORMAT "\n",
	                       m->last_verb, m->message_flags, m->importance, m->sensitivity,
	                       m->codepage, m->size);
	canon_str(s, "topic", m->conversation_topic);
	canon_str(s, "index", m->conversation_index);
	for (guint i = 0; i < m->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(m->headers, i);
		g_string_append_printf(s, "header %s: %s\n", h->name, h->value);
	}
	for (guint i = 0; i < m->recipients->len; i++) {
		const struct mc_recipient *r = g_ptr_array_index(m->recipients, i);
		g_string_append_printf(s, "rcpt %s %s <%s> %s\n", r->kind, r->name ? r->name : "",
		                       r->addr ? r->addr : "", r->exdn ? r->exdn : "");
	}
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		g_string_append_printf(s, "att %s %s %s %s %s %" G_GINT64_FORMAT " %s\n", a->part_path,
		                       a->filename ? a->filename : "", a->mime_type ? a->mime_type : "",
		                       a->disposition ? a->disposition : "",
		                       a->content_id ? a->content_id : "", a->size, a->sha256);
	}
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		if (strcmp(p->name, "pst.node_id") != 0)
			g_string_append_printf(s, "prop %s=%s\n", p->name, p->value ? p->value : "");
	}
	canon_str(s, "warnings", m->warnings->str);
}

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int sink_message(void *ctx, const struct mc_message *m)
{
	struct collect *c = ctx;
	int64_t root = m->local_id;
	if (m->parent_local_id) {
		gpointer v = g_hash_table_lookup(c->root_of, GINT_TO_POINTER((int)m->parent_local_id));
		root = GPOINTER_TO_INT(v);
	}
	g_hash_table_insert(c->root_of, GINT_TO_POINTER((int)m->local_id), GINT_TO_POINTER((int)root));
	GString *s = g_hash_table_lookup(c->tree, GINT_TO_POINTER((int)root));
	if (!s) {
		s = g_string_new(NULL);
		g_hash_table_insert(c->tree, GINT_TO_POINTER((int)root), s);
	}
	g_string_append_printf(s, "--- message (%s)\n", m->parent_local_id ? "embedded" : "root");
	canonical(s, m);
	/* Items in folders only: recovered copies reuse their node ids. */
	int in_folder = m->origin && strcmp(m->origin, MC_ORIGIN_FOLDER) == 0;
	for (guint i = 0; in_folder && i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		if (strcmp(p->name, "pst.node_id") == 0)
			g_hash_table_insert(c->node, g_strdup(p->value), GINT_TO_POINTER((int)root));
	}
	g_ptr_array_add(c->subjects, g_strdup(m->subject));
	g_ptr_array_add(c->bodies, g_strdup(m->body_text));
	g_array_append_val(c->parents, m->parent_local_id);
	GString *a = g_string_new(NULL);
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *x = g_ptr_array_index(m->attachments, i);
		g_string_append_printf(a, "%s|%s|%" G_GINT64_FORMAT "|%s\n", x->filename,
		                       x->mime_type, x->size, x->sha256);
	}
	g_ptr_array_add(c->atts, g_string_free(a, FALSE));
	return 0;
}

static int sink_problem(void *ctx, const char *sev, const char *loc, const char *text)
{
	struct collect *c = ctx;
	(void)sev;
	(void)loc;
	(void)text;
	c->problems++;
	return 0;
}

static void collect_init(struct collect *c)
{
	memset(c, 0, sizeof *c);
	c->root_of = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->tree = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->node = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->subjects = g_ptr_array_new_with_free_func(g_free);
	c->bodies = g_ptr_array_new_with_free_func(g_free);
	c->atts = g_ptr_array_new_with_free_func(g_free);
	c->parents = g_array_new(FALSE, FALSE, sizeof(int64_t));
}

static void collect_clear(struct collect *c)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, c->tree);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		g_string_free(v, TRUE);
		g_hash_table_iter_steal(&it);
	}
	g_hash_table_destroy(c->tree);
	g_hash_table_destroy(c->root_of);
	g_hash_table_destroy(c->node);
	g_ptr_array_free(c->subjects, TRUE);
	g_ptr_array_free(c->bodies, TRUE);
	g_ptr_array_free(c->atts, TRUE);
	g_array_free(c->parents, TRUE);
}

static enum mc_result read_file(const struct mc_format *fmt, const char *path,
                                struct collect *c, struct mc_reader *r)
{
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	static struct mc_sink sink = { sink_folder, sink_message, sink_problem, NULL };
	sink.ctx = c;
	mc_reader_init(r, path, fd, (uint64_t)st.st_size, &sink);
	enum mc_result res = fmt->read(r);
	close(fd);
	return res;
}

/* ---- a small MS-CFB writer (version 3, 512-byte sectors) ---------------- */

#define NOSTREAM 0xffffffffu
#define ENDOFCHAIN 0xfffffffeu
#define FATSECT 0xfffffffdu

struct cfb_node {
	char *name;
	int storage;
	GByteArray *data;
	GPtrArray *kids;
	uint32_t id, left, right, child, start;
};

struct cfb {
	struct cfb_node *root;
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void node_free(gpointer p)
{
	struct cfb_node *n = p;
	g_free(n->name);
	if (n->data)
		g_byte_array_free(n->data, TRUE);
	if (n->kids)
		g_ptr_array_free(n->kids, TRUE);
	g_free(n);
}

static struct cfb_node *cfb_add(struct cfb_node *parent, const char *name, int storage)
{
	struct cfb_node *n = g_new0(struct cfb_node, 1);
	n->name = g_strdup(name);
	n->storage = storage;
	n->left = n->right = n->child = NOSTREAM;
	if (storage)
		n->kids = g_ptr_array_new_with_free_func(node_free);
	else
		n->data = g_byte_array_new();
	if (parent)
		g_ptr_array_add(parent->kids, n);
	return n;
}

static struct cfb *cfb_new(void)
{
	struct cfb *w = g_new0(struct cfb, 1);
	w->root = cfb_add(NULL, "Root Entry", 1);
	return w;
}

static struct cfb_node *cfb_root(struct cfb *w)
{
	return w->root;
}

static void cfb_free(struct cfb *w)
{
	node_free(w->root);
	g_free(w);
}

static void cfb_stream(struct cfb_node *parent, const char *name, const unsigned char *d,
                       size_t n)
{
	struct cfb_node *s = cfb_add(parent, name, 0);
	g_byte_array_append(s->data, d, (guint)n);
}

/* Sibling order of MS-CFB: shorter names first, then upper-case order. */
static gint cfb_cmp(gconstpointer a, gconstpointer b)
{
	const struct cfb_node *x = *(const struct cfb_node *const *)a;
	const struct cfb_node *y = *(const struct cfb_node *const *)b;
	size_t lx = strlen(x->name), ly = strlen(y->name);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return g_ascii_strcasecmp(x->name, y->name);
}

static uint32_t cfb_tree(GPtrArray *kids, int lo, int hi)
{
	if (lo > hi)
		return NOSTREAM;
	int mid = (lo + hi) / 2;
	struct cfb_node *n = g_ptr_array_index(kids, mid);
	n->left = cfb_tree(kids, lo, mid - 1);
	n->right = cfb_tree(kids, mid + 1, hi);
	return n->id;
}

static void cfb_number(struct cfb_node *n, GPtrArray *all)
{
	n->id = all->len;
	g_ptr_array_add(all, n);
	if (!n->storage)
		return;
	g_ptr_array_sort(n->kids, cfb_cmp);
	for (guint i = 0; i < n->kids->len; i++)
		cfb_number(g_ptr_array_index(n->kids, i), all);
	n->child = cfb_tree(n->kids, 0, (int)n->kids->len - 1);
}

/* Chains count sectors from *next in fat; returns the first. */
static uint32_t chain(GArray *fat, uint32_t count)
{
	if (!count)
		return ENDOFCHAIN;
	uint32_t first = fat->len;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t v = i + 1 < count ? first + i + 1 : ENDOFCHAIN;
		g_array_append_val(fat, v);
	}
	return first;
}

static void pad(GByteArray *b, size_t unit)
{
	static const unsigned char zero[512];
	if (b->len % unit)
		g_byte_array_append(b, zero, (guint)(unit - b->len % unit));
}

/* The compound file, or NULL when it would need more than 109 FAT sectors. */
static GByteArray *cfb_write(struct cfb *w)
{
	GPtrArray *all = g_ptr_array_new();
	cfb_number(w->root, all);
	GByteArray *mini = g_byte_array_new(), *body = g_byte_array_new();
	GArray *minifat = g_array_new(FALSE, FALSE, 4), *fat = g_array_new(FALSE, FALSE, 4);
	for (guint i = 0; i < all->len; i++) {
		struct cfb_node *n = g_ptr_array_index(all, i);
		if (n->storage || n->data->len >= 4096)
			continue;
		n->start = chain(minifat, (n->data->len + 63) / 64);
		g_byte_array_append(mini, n->data->data, n->data->len);
		pad(mini, 64);
	}
	uint32_t mini_start = chain(fat, (mini->len + 511) / 512);
	g_byte_array_append(body, mini->data, mini->len);
	pad(body, 512);
	for (guint i = 0; i < all->len; i++) {
		struct cfb_node *n = g_ptr_array_index(all, i);
		if (n->storage || n->data->len < 4096)
			continue;
		n->start = chain(fat, (n->data->len + 511) / 512);
		g_byte_array_append(body, n->data->data, n->data->len);
		pad(body, 512);
	}
	uint32_t dir_start = chain(fat, (all->len + 3) / 4);
	for (guint i = 0; i < (all->len + 3) / 4 * 4; i++) {
		unsigned char e[128] = { 0 };
		put32(e + 68, NOSTREAM);
		put32(e + 72, NOSTREAM);
		put32(e + 76, NOSTREAM);
		if (i < all->len) {
			struct cfb_node *n = g_ptr_array_index(all, i);
			size_t len = strlen(n->name);
			for (size_t k = 0; k < len && k < 31; k++)
				e[2 * k] = (unsigned char)n->name[k];
			e[64] = (unsigned char)((len + 1) * 2);
			e[66] = i == 0 ? 5 : n->storage ? 1 : 2;
			e[67] = 1;
			put32(e + 68, n->left);
			put32(e + 72, n->right);
			put32(e + 76, n->child);
			if (i == 0) {
				put32(e + 116, mini->len ? mini_start : ENDOFCHAIN);
				put32(e + 120, mini->len);
			} else if (!n->storage) {
				put32(e + 116, n->data->len ? n->start : ENDOFCHAIN);
				put32(e + 120, n->data->len);
			}
		}
		g_byte_array_append(body, e, sizeof e);
	}
	uint32_t nminifat = (minifat->len * 4 + 511) / 512;
	uint32_t minifat_start = chain(fat, nminifat);
	g_byte_array_append(body, (const unsigned char *)minifat->data, minifat->len * 4);
	pad(body, 512);
	uint32_t nfat = 1;
	while ((fat->len + nfat) > nfat * 128)
		nfat++;
	GByteArray *out = NULL;
	if (nfat <= 109) {
		uint32_t fat_start = fat->len;
		for (uint32_t i = 0; i < nfat; i++) {
			uint32_t v = FATSECT;
			g_array_append_val(fat, v);
		}
		while (fat->len < nfat * 128) {
			uint32_t v = NOSTREAM;
			g_array_append_val(fat, v);
		}
		unsigned char h[512] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
		h[24] = 0x3e; h[26] = 3; h[28] = 0xfe; h[29] = 0xff; h[30] = 9; h[32] = 6;
		put32(h + 44, nfat);
		put32(h + 48, dir_start);
		put32(h + 56, 4096);
		put32(h + 60, nminifat ? minifat_start : ENDOFCHAIN);
		put32(h + 64, nminifat);
		put32(h + 68, ENDOFCHAIN);
		for (uint32_t i = 0; i < 109; i++)
			put32(h + 76 + 4 * i, i < nfat ? fat_start + i : NOSTREAM);
		out = g_byte_array_new();
		g_byte_array_append(out, h, sizeof h);
		g_byte_array_append(out, body->data, body->len);
		for (guint i = 0; i < fat->len; i++) {
			unsigned char v[4];
			put32(v, g_array_index(fat, uint32_t, i));
			g_byte_array_append(out, v, 4);
		}
	}
	g_byte_array_free(mini, TRUE);
	g_byte_array_free(body, TRUE);
	g_array_free(minifat, TRUE);
	g_array_free(fat, TRUE);
	g_ptr_array_free(all, TRUE);
	return out;
}

/* ---- a PST item (libpff) written as .msg storages ----------------------- */

/* The named property map of the .msg being written (__nameid_version1.0):
 * PST named entries get ids 0x8000 + n in the order they are met. */
struct nameid_w {
	GHashTable *index;      /* "guid|kind|number or name" -> n + 1 */
	GByteArray *guids, *entries, *strings;
};
static struct nameid_w *nameid_w;

static void nameid_w_begin(void)
{
	nameid_w = g_new0(struct nameid_w, 1);
	nameid_w->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	nameid_w->guids = g_byte_array_new();
	nameid_w->entries = g_byte_array_new();
	nameid_w->strings = g_byte_array_new();
}

/* Writes the map's storage into root and forgets it. */
static void nameid_w_end(struct cfb_node *root)
{
	struct cfb_node *st = cfb_add(root, "__nameid_version1.0", 1);
	cfb_stream(st, "__substg1.0_00020102", nameid_w->guids->data, nameid_w->guids->len);
	cfb_stream(st, "__substg1.0_00030102", nameid_w->entries->data, nameid_w->entries->len);
	cfb_stream(st, "__substg1.0_00040102", nameid_w->strings->data, nameid_w->strings->len);
	g_hash_table_destroy(nameid_w->index);
	g_byte_array_free(nameid_w->guids, TRUE);
	g_byte_array_free(nameid_w->entries, TRUE);
	g_byte_array_free(nameid_w->strings, TRUE);
	g_free(nameid_w);
	nameid_w = NULL;
}

/* The .msg property id for a PST entry libpff maps to a name, or 0. */
static uint32_t nameid_w_id(libpff_record_entry_t *e)
{
	static const unsigned char ps_mapi[16] = { 0x28, 3, 2, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };
	static const unsigned char ps_public[16] = { 0x29, 3, 2, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };
	libpff_name_to_id_map_entry_t *ne = NULL;
	unsigned char guid[16];
	uint8_t kind = 0;
	uint32_t number = 0;
	char name[1024] = "";
	size_t nlen = 0;
	if (!nameid_w || libpff_record_entry_get_name_to_id_map_entry(e, &ne, NULL) != 1 || !ne ||
	    libpff_name_to_id_map_entry_get_type(ne, &kind, NULL) != 1 ||
	    libpff_name_to_id_map_entry_get_guid(ne, guid, 16, NULL) != 1)
		return 0;
	if (kind == 's') {
		if (libpff_name_to_id_map_entry_get_utf8_string_size(ne, &nlen, NULL) != 1 ||
		    nlen == 0 || nlen > sizeof name ||
		    libpff_name_to_id_map_entry_get_utf8_string(ne, (uint8_t *)name, nlen, NULL) != 1)
			return 0;
	} else if (libpff_name_to_id_map_entry_get_number(ne, &number, NULL) != 1) {
		return 0;
	}
	char *hex = g_strdup_printf("%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x|%c|%u|%s",
	                            guid[0], guid[1], guid[2], guid[3], guid[4], guid[5], guid[6],
	                            guid[7], guid[8], guid[9], guid[10], guid[11], guid[12],
	                            guid[13], guid[14], guid[15], kind, number, name);
	gpointer have = g_hash_table_lookup(nameid_w->index, hex);
	if (have) {
		g_free(hex);
		return 0x8000u + (uint32_t)GPOINTER_TO_UINT(have) - 1;
	}
	uint32_t n = g_hash_table_size(nameid_w->index);
	g_hash_table_insert(nameid_w->index, hex, GUINT_TO_POINTER(n + 1));
	unsigned gi;
	if (memcmp(guid, ps_mapi, 16) == 0)
		gi = 1;
	else if (memcmp(guid, ps_public, 16) == 0)
		gi = 2;
	else {
		gi = 0;
		for (guint k = 0; k < nameid_w->guids->len / 16; k++)
			if (memcmp(nameid_w->guids->data + 16 * k, guid, 16) == 0)
				gi = 3 + k;
		if (!gi) {
			gi = 3 + nameid_w->guids->len / 16;
			g_byte_array_append(nameid_w->guids, guid, 16);
		}
	}
	unsigned char ent[8];
	if (kind == 's') {
		put32(ent, nameid_w->strings->len);
		glong units = 0;
		gunichar2 *u = g_utf8_to_utf16(name, -1, NULL, &units, NULL);
		unsigned char len[4];
		put32(len, (uint32_t)units * 2);
		g_byte_array_append(nameid_w->strings, len, 4);
		g_byte_array_append(nameid_w->strings, (const guint8 *)u, (guint)units * 2);
		while (nameid_w->strings->len % 4)
			g_byte_array_append(nameid_w->strings, (const guint8 *)"", 1);
		g_free(u);
	} else {
		put32(ent, number);
	}
	ent[4] = (unsigned char)((gi << 1 | (kind == 's')) & 0xff);
	ent[5] = (unsigned char)((gi << 1) >> 8);
	ent[6] = (unsigned char)(n & 0xff);
	ent[7] = (unsigned char)(n >> 8);
	g_byte_array_append(nameid_w->entries, ent, 8);
	return 0x8000u + n;
}

/* The properties of a record set into st: the property stream (after a
 * header_size header, whose counts are filled in) and the value streams;
 * named properties through the map above. */
static int msg_props(struct cfb_node *st, libpff_record_set_t *rs, size_t header_size,
                     uint32_t nrecip, uint32_t natt)
{
	int n = 0;
	if (libpff_record_set_get_number_of_entries(rs, &n, NULL) != 1)
		return -1;
	GByteArray *ps = g_byte_array_new();
	unsigned char hdr[32] = { 0 };
	if (header_size >= 24) {
		put32(hdr + 8, nrecip);
		put32(hdr + 12, natt);
		put32(hdr + 16, nrecip);
		put32(hdr + 20, natt);
	}
	g_byte_array_append(ps, hdr, (guint)header_size);
	for (int i = 0; i < n; i++) {
		libpff_record_entry_t *e = NULL;
		uint32_t id = 0, vt = 0;
		size_t size = 0;
		if (libpff_record_set_get_entry_by_index(rs, i, &e, NULL) != 1)
			continue;
		if (libpff_record_entry_get_entry_type(e, &id, NULL) != 1 ||
		    libpff_record_entry_get_value_type(e, &vt, NULL) != 1 ||
		    libpff_record_entry_get_data_size(e, &size, NULL) != 1 ||
		    id == 0x3701 || (vt & 0x1000) || vt == 0x000d ||
		    (id >= 0x8000 && (id = nameid_w_id(e)) == 0)) {
			libpff_record_entry_free(&e, NULL);
			continue;
		}
		unsigned char *d = g_malloc0(size + 2);
		if (size && libpff_record_entry_get_data(e, d, size, NULL) != 1) {
			g_free(d);
			libpff_record_entry_free(&e, NULL);
			continue;
		}
		libpff_record_entry_free(&e, NULL);
		unsigned char ent[16] = { 0 };
		put32(ent, id << 16 | vt);
		put32(ent + 4, 6);
		if (mc_msg_fixed_size(vt)) {
			memcpy(ent + 8, d, size < 8 ? size : 8);
		} else {
			size_t term = vt == 0x001f ? 2 : vt == 0x001e ? 1 : 0;
			char name[24];
			cfb_stream(st, mc_msg_substg_name(id << 16 | vt, name), d, size + term);
			put32(ent + 8, (uint32_t)(size + term));
		}
		g_byte_array_append(ps, ent, sizeof ent);
		g_free(d);
	}
	cfb_stream(st, "__properties_version1.0", ps->data, ps->len);
	g_byte_array_free(ps, TRUE);
	return 0;
}

static int msg_props_of(struct cfb_node *st, libpff_item_t *item, int index, size_t header_size,
                        uint32_t nrecip, uint32_t natt)
{
	libpff_record_set_t *rs = NULL;
	if (libpff_item_get_record_set_by_index(item, index, &rs, NULL) != 1)
		return -1;
	int rc = msg_props(st, rs, header_size, nrecip, natt);
	libpff_record_set_free(&rs, NULL);
	return rc;
}

static int msg_from_item(struct cfb_node *st, libpff_item_t *item, size_t header_size)
{
	libpff_item_t *recips = NULL;
	int nr = 0, na = 0;
	if (libpff_message_get_recipients(item, &recips, NULL) == 1) {
		libpff_item_get_number_of_record_sets(recips, &nr, NULL);
		for (int i = 0; i < nr; i++) {
			char name[40];
			snprintf(name, sizeof name, "__recip_version1.0_#%08X", (unsigned)i);
			msg_props_of(cfb_add(st, name, 1), recips, i, MC_MSG_HDR_CHILD, 0, 0);
		}
		libpff_item_free(&recips, NULL);
	}
	if (libpff_message_get_number_of_attachments(item, &na, NULL) != 1)
		na = 0;
	int rc = 0;
	for (int i = 0; rc == 0 && i < na; i++) {
		libpff_item_t *att = NULL, *sub = NULL;
		char name[40];
		int type = 0;
		snprintf(name, sizeof name, "__attach_version1.0_#%08X", (unsigned)i);
		struct cfb_node *as = cfb_add(st, name, 1);
		if (libpff_message_get_attachment(item, i, &att, NULL) != 1 ||
		    msg_props_of(as, att, 0, MC_MSG_HDR_CHILD, 0, 0) != 0 ||
		    libpff_attachment_get_type(att, &type, NULL) != 1) {
			rc = -1;
		} else if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
			size64_t size = 0;
			if (libpff_attachment_get_data_size(att, &size, NULL) == 1 && size < (8u << 20)) {
				unsigned char *d = g_malloc(size + 1);
				libpff_attachment_data_seek_offset(att, 0, SEEK_SET, NULL);
				if (libpff_attachment_data_read_buffer(att, d, size, NULL) == (ssize_t)size)
					cfb_stream(as, "__substg1.0_37010102", d, size);
				else
					rc = -1;
				g_free(d);
			} else {
				rc = -1;
			}
		} else if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
			if (libpff_attachment_get_item(att, &sub, NULL) == 1)
				rc = msg_from_item(cfb_add(as, "__substg1.0_3701000D", 1), sub,
				                   MC_MSG_HDR_EMBEDDED);
			else
				rc = -1;
		}
		if (sub)
			libpff_item_free(&sub, NULL);
		if (att)
			libpff_item_free(&att, NULL);
	}
	if (rc == 0)
		rc = msg_props_of(st, item, 0, header_size, (uint32_t)nr, (uint32_t)na);
	return rc;
}

/* ---- built buffers ------------------------------------------------------ */

START_TEST(test_parse_props)
{
	unsigned char s[32 + 32] = { 0 };
	s[32] = 0x1f; s[34] = 0x37;                        /* 0x0037001F, size 10 */
	s[40] = 10;
	s[48] = 0x03; s[50] = 0x07; s[51] = 0x0e;          /* 0x0E070003 = 0x11 */
	s[56] = 0x11;
	GArray *a = mc_msg_parse_props(s, sizeof s, 32);
	ck_assert_uint_eq(a->len, 2);
	ck_assert_uint_eq(g_array_index(a, struct mc_msg_entry, 0).tag, 0x0037001fu);
	ck_assert_uint_eq(g_array_index(a, struct mc_msg_entry, 1).tag, 0x0e070003u);
	ck_assert_uint_eq(g_array_index(a, struct mc_msg_entry, 1).value[0], 0x11);
	g_array_free(a, TRUE);
	a = mc_msg_parse_props(s, 20, 24);                /* shorter than its header */
	ck_assert_uint_eq(a->len, 0);
	g_array_free(a, TRUE);
	ck_assert_uint_eq(mc_msg_fixed_size(0x0040), 8);
	ck_assert_uint_eq(mc_msg_fixed_size(0x0003), 4);
	ck_assert_uint_eq(mc_msg_fixed_size(0x001f), 0);
	char name[24];
	ck_assert_str_eq(mc_msg_substg_name(0x3701000d, name), "__substg1.0_3701000D");
}
END_TEST

/* A written MSG bids 95; the same container holding a Word stream, 0. */
START_TEST(test_bid)
{
	struct cfb *w = cfb_new();
	struct cfb_node *root = cfb_root(w);
	cfb_stream(root, "__properties_version1.0", (const unsigned char *)"x", 1);
	GByteArray *f = cfb_write(w);
	struct mc_probe p = { NULL, 0, f->data, f->len, f->len };
	ck_assert_int_eq(mc_format_msg.bid(&p), 95);
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_msg);
	g_byte_array_free(f, TRUE);
	cfb_free(w);

	w = cfb_new();
	cfb_stream(cfb_root(w), "WordDocument", (const unsigned char *)"x", 1);
	f = cfb_write(w);
	struct mc_probe q = { NULL, 0, f->data, f->len, f->len };
	ck_assert_int_eq(mc_format_msg.bid(&q), 0);
	g_byte_array_free(f, TRUE);
	cfb_free(w);
}
END_TEST

/* ---- corpus files ------------------------------------------------------- */

static char *corpus_file(const char *rel)
{
	char *p = g_build_filename(corpus_dir, rel, NULL);
	if (!g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
		g_free(p);
		return NULL;
	}
	return p;
}

START_TEST(test_unicode_embedded)
{
	char *path = corpus_file("aspose-email-java/Examples/src/main/resources/outlook/WithEmbeddedMsg.msg");
	if (!path)
		return;
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(read_file(&mc_format_msg, path, &c, &r), MC_OK);
	ck_assert_str_eq(r.variant, "msg-unicode");
	ck_assert_uint_eq(c.subjects->len, 2);
	ck_assert_str_eq(g_ptr_array_index(c.subjects, 0), "Subj");
	ck_assert_str_eq(g_ptr_array_index(c.bodies, 0), "This is a message body");
	ck_assert_str_eq(g_ptr_array_index(c.subjects, 1), "creating an outlook message file");
	ck_assert_int_eq(g_array_index(c.parents, int64_t, 0), 0);
	ck_assert_int_eq(g_array_index(c.parents, int64_t, 1), 1);
	ck_assert_ptr_nonnull(strstr(g_ptr_array_index(c.atts, 0), "application/vnd.ms-outlook"));
	collect_clear(&c);
	g_free(path);
}
END_TEST

START_TEST(test_attachment_hash)
{
	char *path = corpus_file("aspose-email-java/Examples/src/main/resources/email/Embedded MSG.msg");
	if (!path)
		return;
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(read_file(&mc_format_msg, path, &c, &r), MC_OK);
	ck_assert_str_eq(g_ptr_array_index(c.atts, 0), "image001.jpg|image/jpeg|5276|"
	                 "f972b16e82b7ac204d09b53afec54017ad9014cd2d2ccfbb1b57454657079a91\n");
	collect_clear(&c);
	g_free(path);
}
END_TEST

START_TEST(test_ansi_codepages)
{
	char *path = corpus_file("msgreader-js/test/nonUnicodeCP932.msg");
	struct collect c;
	struct mc_reader r;
	if (path) {
		collect_init(&c);
		ck_assert_int_eq(read_file(&mc_format_msg, path, &c, &r), MC_OK);
		ck_assert_str_eq(r.variant, "msg-ansi");
		ck_assert_str_eq(g_ptr_array_index(c.subjects, 0),
		                 "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e Non Unicode "
		                 "\xe3\x82\xbf\xe3\x82\xa4\xe3\x83\x88\xe3\x83\xab");
		collect_clear(&c);
		g_free(path);
	}
	path = corpus_file("poi/test-data/hsmf/cyrillic_message.msg");
	if (path) {
		collect_init(&c);
		ck_assert_int_eq(read_file(&mc_format_msg, path, &c, &r), MC_OK);
		ck_assert_str_eq(r.variant, "msg-ansi");
		ck_assert(g_str_has_prefix(g_ptr_array_index(c.subjects, 0),
		                           "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd0\xbc\xd0\xb0\xd1\x82"));
		GString *t = g_hash_table_lookup(c.tree, GINT_TO_POINTER(1));
		ck_assert_ptr_nonnull(strstr(t->str, "cs_used=windows-1251\n"));
		ck_assert_ptr_nonnull(strstr(t->str, "rcpt to "));
		collect_clear(&c);
		g_free(path);
	}
}
END_TEST

/* ---- the same message from a PST and from a .msg ------------------------ */

static GPtrArray *psts;

static int compare_item(libpff_item_t *item, uint32_t nid, struct collect *pc,
                        const char *tmp, int *same, int *differ)
{
	char key[16];
	snprintf(key, sizeof key, "%u", nid);
	gpointer root = g_hash_table_lookup(pc->node, key);
	if (!root)
		return 0;
	struct cfb *w = cfb_new();
	nameid_w_begin();
	int written = msg_from_item(cfb_root(w), item, MC_MSG_HDR_TOP);
	nameid_w_end(cfb_root(w));
	if (written != 0) {
		cfb_free(w);
		return 0;
	}
	GByteArray *f = cfb_write(w);
	cfb_free(w);
	if (!f)
		return 0;
	ck_assert(g_file_set_contents(tmp, (const char *)f->data, f->len, NULL));
	g_byte_array_free(f, TRUE);
	struct collect mc;
	struct mc_reader r;
	collect_init(&mc);
	ck_assert_int_eq(read_file(&mc_format_msg, tmp, &mc, &r), MC_OK);
	GString *a = g_hash_table_lookup(pc->tree, root);
	GString *b = g_hash_table_lookup(mc.tree, GINT_TO_POINTER(1));
	ck_assert_ptr_nonnull(b);
	if (strcmp(a->str, b->str) == 0) {
		(*same)++;
	} else if ((*differ)++ < 3) {
		printf("PST item %u differs as a .msg:\n--- pst\n%s--- msg\n%s", nid, a->str, b->str);
		fflush(stdout);
	}
	collect_clear(&mc);
	return 1;
}

static void walk_folder(libpff_item_t *folder, struct collect *pc, const char *tmp,
                        int *same, int *differ, int depth)
{
	int n = 0;
	if (depth > 32)
		return;
	if (libpff_folder_get_number_of_sub_messages(folder, &n, NULL) == 1)
		for (int i = 0; i < n; i++) {
			libpff_item_t *it = NULL;
			uint32_t nid = 0;
			if (libpff_folder_get_sub_message(folder, i, &it, NULL) != 1)
				continue;
			if (libpff_item_get_identifier(it, &nid, NULL) == 1)
				compare_item(it, nid, pc, tmp, same, differ);
			libpff_item_free(&it, NULL);
		}
	if (libpff_folder_get_number_of_sub_folders(folder, &n, NULL) == 1)
		for (int i = 0; i < n; i++) {
			libpff_item_t *sub = NULL;
			if (libpff_folder_get_sub_folder(folder, i, &sub, NULL) != 1)
				continue;
			walk_folder(sub, pc, tmp, same, differ, depth + 1);
			libpff_item_free(&sub, NULL);
		}
}

START_TEST(test_same_as_pst)
{
	const char *rel = g_ptr_array_index(psts, _i);
	char *path = g_build_filename(corpus_dir, rel, NULL);
	struct collect pc;
	struct mc_reader r;
	collect_init(&pc);
	enum mc_result res = read_file(&mc_format_pst, path, &pc, &r);
	ck_assert_int_ne(res, MC_FATAL);

	libpff_file_t *file = NULL;
	libpff_item_t *rootf = NULL;
	ck_assert_int_eq(libpff_file_initialize(&file, NULL), 1);
	ck_assert_int_eq(libpff_file_open(file, path, LIBPFF_OPEN_READ, NULL), 1);
	char *tmp = g_strdup_printf("%s/check_msg_%d.msg", g_get_tmp_dir(), (int)getpid());
	int same = 0, differ = 0;
	if (libpff_file_get_root_folder(file, &rootf, NULL) == 1) {
		walk_folder(rootf, &pc, tmp, &same, &differ, 0);
		libpff_item_free(&rootf, NULL);
	}
	g_unlink(tmp);
	/* the comparison covers named properties: Outlook.pst has some */
	int named = 0;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, pc.tree);
	while (g_hash_table_iter_next(&it, &k, &v))
		for (const char *x = ((GString *)v)->str; (x = strstr(x, "\nprop PS")); x++)
			named++;
	printf("%s: %d messages the same as .msg, %d differ; %d named property rows\n",
	       rel, same, differ, named);
	ck_assert_int_eq(differ, 0);
	if (g_str_has_suffix(rel, "outlook/Outlook.pst"))
		ck_assert_int_gt(named, 100);
	libpff_file_close(file, NULL);
	libpff_file_free(&file, NULL);
	collect_clear(&pc);
	g_free(tmp);
	g_free(path);
}
END_TEST

static void load_corpus(void)
{
	const char *top = getenv("top_srcdir");
	char *cand = top ? g_build_filename(top, "..", "shared", "corpus", NULL) : NULL;
	char *manifest = cand ? g_build_filename(cand, "MANIFEST.tsv", NULL) : NULL;
	gchar *text = NULL;
	if (!manifest || !g_file_get_contents(manifest, &text, NULL, NULL)) {
		g_free(cand);
		g_free(manifest);
		return;
	}
	corpus_dir = cand;
	psts = g_ptr_array_new_with_free_func(g_free);
	gchar **lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		gchar **f = g_strsplit(*l, "\t", -1);
		if (g_strv_length(f) >= 6 && strcmp(f[5], "pst") == 0)
			g_ptr_array_add(psts, g_strdup(f[0]));
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(manifest);
}

int main(void)
{
	load_corpus();
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("built");
	tcase_add_test(tc, test_parse_props);
	tcase_add_test(tc, test_bid);
	suite_add_tcase(s, tc);
	if (corpus_dir) {
		tc = tcase_create("corpus");
		tcase_set_timeout(tc, 300);
		tcase_add_test(tc, test_unicode_embedded);
		tcase_add_test(tc, test_attachment_hash);
		tcase_add_test(tc, test_ansi_codepages);
		if (psts->len)
			tcase_add_loop_test(tc, test_same_as_pst, 0, (int)psts->len);
		suite_add_tcase(s, tc);
	} else {
		printf("SKIP: no corpus; corpus tests not run\n");
	}
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
