/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_ltp.c: unit tests of the LTP layer of our own PST reader
 * (parsers/pst-ltp.h: heap-on-node, BTH, property and table contexts).
 *
 * Node data comes from the LTP side of our PST writer
 * (fixtures/mkevidence/pst-hn.c, linked here): its NDB calls are replaced
 * by the stand-ins below, which keep every block the writer emits in
 * memory, so a node's data is exactly the list of blocks it wrote, and its
 * subnodes are reached through the same callback the NDB layer will give.
 * Hand-built structures after [MS-PST] 2.3 (HNHDR, HNPAGEMAP, BTHHEADER,
 * TCINFO) check single facts and the hostile cases.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "mapi-props.h"
#include "mapi-values.h"
#include "pst-ltp.h"
#include "record.h"
#include "pst-hn.h"
#include "../unit-util.h"

/* ---- the writer's NDB calls, kept in memory ---- */

struct tree {
	GPtrArray *blocks;            /* GByteArray per block */
	struct mc_ltp_block *view;    /* the same as mc_ltp_block */
};

struct pst_file {
	int ansi;
	unsigned codepage;
	GPtrArray *trees;             /* struct tree *, BID = 4 * (index + 1) */
};

static pst_file *mem_file(int ansi)
{
	pst_file *f = g_new0(pst_file, 1);
	f->ansi = ansi;
	f->codepage = 1252;
	f->trees = g_ptr_array_new();
	return f;
}

static void mem_file_free(pst_file *f)
{
	for (guint i = 0; i < f->trees->len; i++) {
		struct tree *t = g_ptr_array_index(f->trees, i);
		for (guint k = 0; k < t->blocks->len; k++)
			g_byte_array_free(g_ptr_array_index(t->blocks, k), TRUE);
		g_ptr_array_free(t->blocks, TRUE);
		g_free(t->view);
		g_free(t);
	}
	g_ptr_array_free(f->trees, TRUE);
	g_free(f);
}

int pstf_is_ansi(const pst_file *f)
{
	return f->ansi;
}

unsigned pstf_codepage(const pst_file *f)
{
	return f->codepage;
}

size_t pstf_block_max(const pst_file *f)
{
	return f->ansi ? PST_BLOCK_MAX_DATA_ANSI : PST_BLOCK_MAX_DATA;
}

uint64_t pstf_write_pieces(pst_file *f, const uint8_t *const *pieces, const size_t *lens, size_t n)
{
	struct tree *t = g_new0(struct tree, 1);
	t->blocks = g_ptr_array_new();
	t->view = g_new0(struct mc_ltp_block, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		GByteArray *b = g_byte_array_new();
		g_byte_array_append(b, pieces[i], (guint)lens[i]);
		g_ptr_array_add(t->blocks, b);
	}
	for (size_t i = 0; i < n; i++) {
		GByteArray *b = g_ptr_array_index(t->blocks, i);
		t->view[i].data = b->data;
		t->view[i].len = b->len;
	}
	g_ptr_array_add(f->trees, t);
	return 4u * f->trees->len;
}

uint64_t pstf_write_data(pst_file *f, const void *data, size_t len)
{
	size_t max = pstf_block_max(f), n = len ? (len + max - 1) / max : 1;
	const uint8_t **pieces = g_new0(const uint8_t *, n);
	size_t *lens = g_new0(size_t, n);
	for (size_t i = 0; i < n; i++) {
		pieces[i] = (const uint8_t *)data + i * max;
		lens[i] = len - i * max < max ? len - i * max : max;
	}
	uint64_t bid = pstf_write_pieces(f, pieces, lens, n);
	g_free(pieces);
	g_free(lens);
	return bid;
}

uint64_t pstf_write_subnodes(pst_file *f, pst_subnode *entries, size_t n)
{
	(void)f;
	(void)entries;
	(void)n;
	return 0;
}

static struct tree *tree_of(pst_file *f, uint64_t bid)
{
	if (bid < 4 || bid / 4 > f->trees->len)
		return NULL;
	return g_ptr_array_index(f->trees, bid / 4 - 1);
}

/* The subnodes of the node under test: the writer's sublist. */
struct subs_ctx {
	pst_file *f;
	pst_sublist *list;
	int gets, releases;
};

static int subs_get(void *ctx, uint32_t nid, struct mc_ltp_node *out, char *errbuf, size_t errsize)
{
	struct subs_ctx *s = ctx;
	(void)errbuf;
	(void)errsize;
	for (size_t i = 0; i < s->list->n; i++)
		if (s->list->v[i].nid == nid) {
			struct tree *t = tree_of(s->f, s->list->v[i].bid_data);
			if (!t)
				return -1;
			out->blocks = t->view;
			out->nblocks = t->blocks->len;
			s->gets++;
			return 1;
		}
	return 0;
}

static void subs_release(void *ctx, struct mc_ltp_node *node)
{
	struct subs_ctx *s = ctx;
	(void)node;
	s->releases++;
}

/* ---- helpers ---- */

/* With MC_PST_LTP_SEEDS=DIR, the node data of the tests is also written
 * there in fuzz/fuzz-pst-ltp.c's input format (how fuzz/seeds/pst-ltp/
 * was made). */
static void write_seed(const char *name, const struct tree *t)
{
	const char *dir = g_getenv("MC_PST_LTP_SEEDS");
	if (!dir || t->blocks->len == 0 || t->blocks->len > 16)
		return;
	GByteArray *b = g_byte_array_new();
	guint8 n = (guint8)(t->blocks->len - 1);
	g_byte_array_append(b, &n, 1);
	for (guint i = 0; i < t->blocks->len; i++) {
		if (i + 1 < t->blocks->len)
			append_le16(b, (uint32_t)t->view[i].len);
		g_byte_array_append(b, t->view[i].data, (guint)t->view[i].len);
	}
	char *path = g_build_filename(dir, name, NULL);
	ck_assert(g_file_set_contents(path, (const char *)b->data, b->len, NULL));
	g_free(path);
	g_byte_array_free(b, TRUE);
}

static struct tree *node(pst_file *f, uint64_t bid)
{
	struct tree *t = tree_of(f, bid);
	ck_assert_ptr_nonnull(t);
	return t;
}

static void value_eq(struct mc_ltp_pc *pc, uint16_t id, uint16_t want_type, const void *want,
                     size_t want_len)
{
	uint16_t type = 0;
	unsigned char *data = NULL;
	size_t size = 0;
	ck_assert_msg(mc_ltp_pc_get(pc, id, &type, &data, &size) == 1, "property 0x%04x", id);
	ck_assert_uint_eq(type, want_type);
	ck_assert_uint_eq(size, want_len);
	ck_assert(memcmp(data, want, want_len) == 0);
	ck_assert(data[size] == 0 && data[size + 1] == 0);
	g_free(data);
}

/* ---- property context from the writer ---- */

START_TEST(test_pc_writer_values)
{
	pst_file *f = mem_file(0);
	pst_sublist list = { 0 };
	pst_pc *w = pst_pc_new(f, &list);
	unsigned char big[10000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7 + 3);
	const unsigned char clsid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	pst_pc_long(w, 0x0E07, 0x12345678u);
	pst_pc_i2(w, 0x3FDE, 0xBEEF);
	pst_pc_bool(w, 0x0E1B, 1);
	pst_pc_time(w, 0x0E06, UINT64_C(128790414900000000));
	pst_pc_i8(w, 0x0E08, UINT64_C(0x0102030405060708));
	pst_pc_str(w, 0x0037, "Réponse automatique");
	pst_pc_str8(w, 0x001A, "IPM.Note");
	pst_pc_bin(w, 0x0FFF, "\x00\x00\x00\x00\x01\x02", 6);
	pst_pc_bin(w, 0x1009, big, sizeof big); /* > 3580 bytes: a subnode */
	pst_pc_raw(w, 0x3001, 0x0048, clsid, sizeof clsid);
	pst_pc_object(w, 0x3701, 0x8025, 4321);
	struct tree *t = node(f, pst_pc_write(w));
	write_seed("pc-values", t);

	struct subs_ctx sc = { f, &list, 0, 0 };
	struct mc_ltp_subnodes subs = { subs_get, subs_release, &sc };
	struct mc_ltp_pc pc;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, t->view, t->blocks->len, &subs), 0);
	ck_assert_uint_eq(pc.hn.client_sig, MC_LTP_SIG_PC);

	value_eq(&pc, 0x0E07, 0x0003, "\x78\x56\x34\x12", 4);
	value_eq(&pc, 0x3FDE, 0x0002, "\xEF\xBE", 2);
	value_eq(&pc, 0x0E1B, 0x000B, "\x01", 1);
	value_eq(&pc, 0x0E08, 0x0014, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
	value_eq(&pc, 0x001A, 0x001E, "IPM.Note", 8);
	value_eq(&pc, 0x0FFF, 0x0102, "\x00\x00\x00\x00\x01\x02", 6);
	value_eq(&pc, 0x1009, 0x0102, big, sizeof big);
	ck_assert_int_eq(sc.gets, 1);
	ck_assert_int_eq(sc.releases, 1);
	value_eq(&pc, 0x3001, 0x0048, clsid, sizeof clsid);
	value_eq(&pc, 0x3701, 0x000D, "\x25\x80\x00\x00\xE1\x10\x00\x00", 8);

	uint16_t type;
	unsigned char *data = (unsigned char *)"x";
	size_t size = 9;
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x0E09, &type, &data, &size), 0);
	ck_assert_ptr_null(data);
	ck_assert_uint_eq(size, 0);

	/* through the property source mapi-message.c reads */
	struct mc_mapi_props *p = mc_ltp_pc_props(&pc, 1252, NULL);
	char *s = mc_mapi_prop_string(p, 0x0037);
	ck_assert_str_eq(s, "Réponse automatique");
	g_free(s);
	s = mc_mapi_prop_string(p, 0x001A);
	ck_assert_str_eq(s, "IPM.Note");
	g_free(s);
	int64_t v = 0;
	ck_assert(mc_mapi_prop_int(p, 0x0E07, &v) && v == 0x12345678);
	ck_assert(mc_mapi_prop_int(p, 0x3FDE, &v) && v == (int16_t)0xBEEF);
	ck_assert(mc_mapi_prop_int(p, 0x0E1B, &v) && v == 1);
	ck_assert(mc_mapi_prop_int(p, 0x0E08, &v) && v == 0x0102030405060708);
	ck_assert_int_eq(mc_mapi_prop_time(p, 0x0E06), 1234567890);
	ck_assert(mc_mapi_prop_present(p, 0x1009));
	ck_assert(mc_mapi_prop_present(p, 0x0E1B));
	ck_assert(!mc_mapi_prop_present(p, 0x0E09));
	ck_assert_uint_eq(pc.hn.err.count, 0);
	g_free(list.v);
	mem_file_free(f);
}
END_TEST

struct seen {
	uint16_t ids[2000];
	size_t n;
};

static int collect(void *ctx, uint16_t id, uint16_t type)
{
	struct seen *s = ctx;
	(void)type;
	if (s->n < G_N_ELEMENTS(s->ids))
		s->ids[s->n++] = id;
	return 0;
}

/* Many properties: a BTH of two levels, and a heap of more than 8 blocks
 * (block 8 carries an HNBITMAPHDR). */
START_TEST(test_pc_writer_large)
{
	pst_file *f = mem_file(0);
	pst_sublist list = { 0 };
	pst_pc *w = pst_pc_new(f, &list);
	unsigned char val[3000];
	for (uint16_t i = 0; i < 1000; i++) {
		uint16_t id = (uint16_t)(0x8000 + 3 * i);
		if (i % 40 == 0) {
			memset(val, (int)(i & 0xFF), sizeof val);
			val[0] = (unsigned char)i;
			val[1] = (unsigned char)(i >> 8);
			pst_pc_bin(w, id, val, sizeof val);
		} else {
			pst_pc_long(w, id, 1000000u + i);
		}
	}
	struct tree *t = node(f, pst_pc_write(w));
	ck_assert_uint_gt(t->blocks->len, 9);
	write_seed("pc-large", t);
	ck_assert_uint_eq(list.n, 0);

	struct mc_ltp_pc pc;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, t->view, t->blocks->len, NULL), 0);
	ck_assert_uint_ge(pc.bth.levels, 1);
	for (uint16_t i = 0; i < 1000; i++) {
		uint16_t id = (uint16_t)(0x8000 + 3 * i);
		uint16_t type;
		unsigned char *data;
		size_t size;
		ck_assert_int_eq(mc_ltp_pc_get(&pc, id, &type, &data, &size), 1);
		if (i % 40 == 0) {
			ck_assert_uint_eq(type, 0x0102);
			ck_assert_uint_eq(size, 3000);
			ck_assert_uint_eq(mc_le16(data), i);
			ck_assert_uint_eq(data[2999], i & 0xFF);
		} else {
			ck_assert_uint_eq(type, 0x0003);
			ck_assert_uint_eq(mc_le32(data), 1000000u + i);
		}
		g_free(data);
		/* between two ids: absent */
		ck_assert_int_eq(mc_ltp_pc_get(&pc, (uint16_t)(id + 1), &type, &data, &size), 0);
	}
	static struct seen s;
	s.n = 0;
	ck_assert_int_eq(mc_ltp_pc_each(&pc, collect, &s), 1);
	ck_assert_uint_eq(s.n, 1000);
	for (size_t i = 0; i < s.n; i++)
		ck_assert_uint_eq(s.ids[i], 0x8000 + 3 * i);
	ck_assert_uint_eq(pc.hn.err.count, 0);
	mem_file_free(f);
}
END_TEST

/* ---- table context from the writer ---- */

static void table_check(size_t nrows, int ansi)
{
	pst_file *f = mem_file(ansi);
	pst_sublist list = { 0 };
	const uint32_t tags[] = { PROP_TAG(0x0037, PT_UNICODE), PROP_TAG(0x0E07, PT_LONG),
		                  PROP_TAG(0x0E06, PT_SYSTIME), PROP_TAG(0x0E1B, PT_BOOLEAN),
		                  PROP_TAG(0x3FDE, PT_I2), PROP_TAG(0x0FFF, PT_BINARY) };
	pst_tc *w = pst_tc_new(f, &list, tags, G_N_ELEMENTS(tags));
	size_t rs = pst_tc_row_size(w);
	for (size_t i = 0; i < nrows; i++) {
		size_t r = pst_tc_row(w, (uint32_t)(0x200024 + 32 * (nrows - i)));
		char subj[32];
		g_snprintf(subj, sizeof subj, "row %zu", i);
		if (i % 3 != 0)
			pst_tc_str(w, r, 0x0037, subj);
		pst_tc_long(w, r, 0x0E07, (uint32_t)(i * 11));
		pst_tc_i8(w, r, 0x0E06, UINT64_C(128790414900000000) + i);
		pst_tc_bool(w, r, 0x0E1B, (int)(i & 1));
		if (i == 5)
			pst_tc_empty(w, r, 0x0FFF);
	}
	struct tree *t = node(f, pst_tc_write(w));
	char seed[32];
	g_snprintf(seed, sizeof seed, "tc-%zu-%s", nrows, ansi ? "ansi" : "unicode");
	write_seed(seed, t);

	struct subs_ctx sc = { f, &list, 0, 0 };
	struct mc_ltp_subnodes subs = { subs_get, subs_release, &sc };
	struct mc_ltp_tc tc;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, t->blocks->len, &subs), 0);
	ck_assert_uint_eq(tc.nrows, nrows);
	ck_assert_uint_eq(tc.rgib[3], rs);
	ck_assert_uint_eq(tc.ncols, G_N_ELEMENTS(tags) + 2);
	ck_assert_int_eq(tc.rows_in_subnode, rs * nrows > HN_MAX_ALLOC);
	uint16_t str_type = ansi ? 0x001E : 0x001F;
	const struct mc_ltp_tc_col *csubj = mc_ltp_tc_column(&tc, (0x0037u << 16) | str_type);
	const struct mc_ltp_tc_col *clong = mc_ltp_tc_column(&tc, 0x0E070003u);
	const struct mc_ltp_tc_col *ctime = mc_ltp_tc_column(&tc, 0x0E060040u);
	const struct mc_ltp_tc_col *cbool = mc_ltp_tc_column(&tc, 0x0E1B000Bu);
	const struct mc_ltp_tc_col *ci2 = mc_ltp_tc_column(&tc, 0x3FDE0002u);
	const struct mc_ltp_tc_col *cbin = mc_ltp_tc_column(&tc, 0x0FFF0102u);
	const struct mc_ltp_tc_col *crowid = mc_ltp_tc_column(&tc, 0x67F20003u);
	ck_assert(csubj && clong && ctime && cbool && ci2 && cbin && crowid);
	for (size_t i = 0; i < nrows; i++) {
		unsigned char *d;
		size_t n;
		uint32_t row_id = (uint32_t)(0x200024 + 32 * (nrows - i));
		size_t found = SIZE_MAX;
		ck_assert_int_eq(mc_ltp_tc_find_row(&tc, row_id, &found), 1);
		ck_assert_uint_eq(found, i);
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, crowid, &d, &n), 1);
		ck_assert_uint_eq(mc_le32(d), row_id);
		g_free(d);
		int rc = mc_ltp_tc_cell(&tc, i, csubj, &d, &n);
		if (i % 3 == 0) {
			ck_assert_int_eq(rc, 0);
		} else {
			ck_assert_int_eq(rc, 1);
			char want[32];
			g_snprintf(want, sizeof want, "row %zu", i);
			char *s = ansi ? g_strndup((char *)d, n) : mc_mapi_utf16le_to_utf8(d, n);
			ck_assert_str_eq(s, want);
			g_free(s);
			g_free(d);
		}
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, clong, &d, &n), 1);
		ck_assert_uint_eq(n, 4);
		ck_assert_uint_eq(mc_le32(d), i * 11);
		g_free(d);
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, ctime, &d, &n), 1);
		ck_assert_uint_eq(n, 8);
		ck_assert_uint_eq(mc_le32(d) | (uint64_t)mc_le32(d + 4) << 32,
		                  UINT64_C(128790414900000000) + i);
		g_free(d);
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, cbool, &d, &n), 1);
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(d[0], i & 1);
		g_free(d);
		/* never set: the cell existence bitmap says absent */
		ck_assert_int_eq(mc_ltp_tc_cell(&tc, i, ci2, &d, &n), 0);
		rc = mc_ltp_tc_cell(&tc, i, cbin, &d, &n);
		if (i == 5) {
			ck_assert_int_eq(rc, 1);
			ck_assert_uint_eq(n, 0);
			g_free(d);
		} else {
			ck_assert_int_eq(rc, 0);
		}
	}
	size_t found;
	ck_assert_int_eq(mc_ltp_tc_find_row(&tc, 0x200024 + 1, &found), 0);
	unsigned char *d;
	size_t n;
	ck_assert_int_eq(mc_ltp_tc_cell(&tc, nrows, clong, &d, &n), -1);
	ck_assert_int_eq(tc.hn.err.row, (long)nrows);
	mc_ltp_tc_close(&tc);
	ck_assert_int_eq(sc.gets, sc.releases);
	ck_assert_int_eq(sc.gets, rs * nrows > HN_MAX_ALLOC ? 1 : 0);
	g_free(list.v);
	mem_file_free(f);
}

START_TEST(test_tc_writer_heap_rows)
{
	table_check(20, 0);
}
END_TEST

START_TEST(test_tc_writer_subnode_rows)
{
	/* rows in a subnode of several 8 KB blocks (whole rows per block) */
	table_check(2500, 0);
	table_check(700, 1);
}
END_TEST

START_TEST(test_tc_empty)
{
	pst_file *f = mem_file(0);
	pst_sublist list = { 0 };
	const uint32_t tags[] = { PROP_TAG(0x3001, PT_UNICODE) };
	struct tree *t = node(f, pst_tc_write(pst_tc_new(f, &list, tags, 1)));
	struct mc_ltp_tc tc;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, t->blocks->len, NULL), 0);
	ck_assert_uint_eq(tc.nrows, 0);
	ck_assert_ptr_null(mc_ltp_tc_row(&tc, 0));
	mc_ltp_tc_close(&tc);
	mem_file_free(f);
}
END_TEST

/* ---- hand-built structures ([MS-PST] 2.3.1, 2.3.2) ---- */

/* One block of heap: HNHDR (ibHnpm, 0xEC, client sig, hidUserRoot, fill
 * levels), the items, the page map. */
static GByteArray *heap_block(uint8_t client, uint32_t root, const GByteArray *const *items,
                              size_t n)
{
	GByteArray *b = g_byte_array_new();
	guint8 hdr[12] = { 0, 0, 0xEC, client };
	g_byte_array_append(b, hdr, 12);
	b->data[4] = (guint8)root;
	b->data[5] = (guint8)(root >> 8);
	b->data[6] = (guint8)(root >> 16);
	b->data[7] = (guint8)(root >> 24);
	uint16_t offs[64];
	for (size_t i = 0; i < n; i++) {
		offs[i] = (uint16_t)b->len;
		g_byte_array_append(b, items[i]->data, items[i]->len);
	}
	offs[n] = (uint16_t)b->len;
	if (b->len & 1)
		g_byte_array_append(b, (const guint8 *)"", 1);
	b->data[0] = (guint8)b->len;
	b->data[1] = (guint8)(b->len >> 8);
	append_le16(b, (uint32_t)n);
	append_le16(b, 0);
	for (size_t i = 0; i <= n; i++)
		append_le16(b, offs[i]);
	return b;
}

static GByteArray *bytes(const void *p, size_t n)
{
	GByteArray *b = g_byte_array_new();
	g_byte_array_append(b, p, (guint)n);
	return b;
}

#define HID(block, index) ((uint32_t)(block) << 16 | (uint32_t)(index) << 5)

START_TEST(test_heap_hostile)
{
	GByteArray *items[3] = { bytes("abc", 3), bytes("", 0), bytes("0123456789", 10) };
	GByteArray *b = heap_block(MC_LTP_SIG_PC, HID(0, 1), (const GByteArray *const *)items, 3);
	struct mc_ltp_block blk = { b->data, b->len };
	struct mc_ltp_heap hn;
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &blk, 1), 0);
	ck_assert_uint_eq(hn.allocations, 3);
	const unsigned char *p;
	size_t n;
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 3), &p, &n), 1);
	ck_assert_uint_eq(n, 10);
	ck_assert(memcmp(p, "0123456789", 10) == 0);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 2), &p, &n), 1);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(hn.err.count, 0);

	/* HID out of range: allocation index, block index, index 0, NID type */
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 4), &p, &n), -1);
	ck_assert_uint_eq(hn.err.hid, HID(0, 4));
	ck_assert_int_eq(hn.err.block, 0);
	ck_assert_int_eq(hn.err.grade, MC_LTP_DAMAGED);
	char buf[256];
	ck_assert_str_eq(mc_ltp_error_text(&hn.err, buf, sizeof buf),
	                 "damaged (block 0, HID 0x00000080): allocation 4 beyond the page map's 3");
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(1, 1), &p, &n), -1);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 0), &p, &n), -1);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 1) | 0x1F, &p, &n), -1);
	ck_assert_uint_eq(hn.err.count, 4);
	ck_assert(strstr(mc_ltp_error_text(&hn.err, buf, sizeof buf), "(and 3 more)"));

	/* page map count too large for the block */
	guint ib = mc_le16(b->data);
	GByteArray *c = bytes(b->data, b->len);
	c->data[ib] = 0xFF;
	c->data[ib + 1] = 0x7F;
	struct mc_ltp_block cb = { c->data, c->len };
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &cb, 1), 0);
	ck_assert_uint_eq(hn.allocations, 0);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 1), &p, &n), -1);
	ck_assert(strstr(hn.err.what, "runs past the block"));

	/* allocation offsets pointing into the page map / backwards */
	memcpy(c->data, b->data, b->len);
	c->data[ib + 4 + 2 * 3] = (guint8)(ib + 2); /* end of item 3 beyond ibHnpm */
	c->data[ib + 4 + 2 * 3 + 1] = (guint8)((ib + 2) >> 8);
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &cb, 1), 0);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 3), &p, &n), -1);
	memcpy(c->data, b->data, b->len);
	c->data[ib + 4] = 0; /* item 1 starts inside the HNHDR */
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &cb, 1), 0);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 1), &p, &n), -1);

	/* ibHnpm beyond the block; bad signature; too short */
	memcpy(c->data, b->data, b->len);
	c->data[0] = 0xF0;
	c->data[1] = 0xFF;
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &cb, 1), 0);
	ck_assert_int_eq(mc_ltp_heap_get(&hn, HID(0, 1), &p, &n), -1);
	ck_assert(strstr(hn.err.what, "page map offset"));
	memcpy(c->data, b->data, b->len);
	c->data[2] = 0xED;
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &cb, 1), -1);
	struct mc_ltp_block shortb = { b->data, 11 };
	ck_assert_int_eq(mc_ltp_heap_open(&hn, &shortb, 1), -1);
	ck_assert_int_eq(mc_ltp_heap_open(&hn, NULL, 0), -1);

	for (int i = 0; i < 3; i++)
		g_byte_array_free(items[i], TRUE);
	g_byte_array_free(b, TRUE);
	g_byte_array_free(c, TRUE);
}
END_TEST

static int count_visit(void *ctx, const unsigned char *key, const unsigned char *ent)
{
	(void)key;
	(void)ent;
	(*(size_t *)ctx)++;
	return 0;
}

/* A BTH whose index levels point back at themselves. */
START_TEST(test_bth_loop_and_depth)
{
	/* item 1: BTHHEADER (cbKey 2, cbEnt 6, levels 3, root item 2);
	 * item 2: an intermediate level of two records, both pointing at
	 * item 2 itself. */
	guint8 hdr[8] = { 0xB5, 2, 6, 3 };
	uint32_t self = HID(0, 2);
	hdr[4] = (guint8)self;
	hdr[5] = (guint8)(self >> 8);
	guint8 idx[12] = { 0x01, 0x00 };
	memcpy(idx + 2, &(uint32_t){ self }, 4); /* little-endian host */
	idx[6] = 0x05;
	memcpy(idx + 8, &(uint32_t){ self }, 4);
	GByteArray *items[2] = { bytes(hdr, 8), bytes(idx, 12) };
	GByteArray *b = heap_block(MC_LTP_SIG_PC, HID(0, 1), (const GByteArray *const *)items, 2);
	struct mc_ltp_block blk = { b->data, b->len };
	struct mc_ltp_pc pc;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, &blk, 1, NULL), 0);
	size_t visits = 0;
	ck_assert_int_eq(mc_ltp_bth_each(&pc.bth, count_visit, &visits), -1);
	ck_assert(strstr(pc.hn.err.what, "a loop"));
	/* lookup descends at most bIdxLevels times, then finds a level of
	 * 12 bytes that is not made of 8-byte leaf records */
	uint16_t type;
	unsigned char *d;
	size_t n;
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x0006, &type, &d, &n), -1);

	/* more levels than we accept */
	b->data[12 + 3] = MC_LTP_BTH_MAX_LEVELS + 1;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, &blk, 1, NULL), -1);
	ck_assert_int_eq(pc.hn.err.grade, MC_LTP_LIMIT);
	/* a key size the format does not have */
	b->data[12 + 3] = 0;
	b->data[12 + 1] = 3;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, &blk, 1, NULL), -1);
	/* not a PC */
	b->data[12 + 1] = 2;
	b->data[3] = MC_LTP_SIG_TC;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, &blk, 1, NULL), -1);
	ck_assert_int_eq(pc.hn.err.grade, MC_LTP_UNSUPPORTED);
	for (int i = 0; i < 2; i++)
		g_byte_array_free(items[i], TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* A PC whose values name heap items and subnodes that are not there, or
 * fixed-size values of the wrong size. */
START_TEST(test_pc_hostile_values)
{
	guint8 hdr[8] = { 0xB5, 2, 6, 0, 0x40, 0, 0, 0 }; /* root: item 2 */
	guint8 recs[5 * 8];
	const struct { uint16_t id, type; uint32_t v; } r[5] = {
		{ 0x0037, 0x001F, HID(0, 9) },     /* HID beyond the page map */
		{ 0x0E06, 0x0040, HID(0, 3) },     /* PtypTime of 3 bytes */
		{ 0x1000, 0x001F, 0x00000281 },    /* subnode, none given */
		{ 0x1013, 0x0102, HID(7, 1) },     /* block 7 of a 1-block heap */
		{ 0x3001, 0x001F, 0 },             /* empty */
	};
	for (int i = 0; i < 5; i++) {
		recs[8 * i] = (guint8)r[i].id;
		recs[8 * i + 1] = (guint8)(r[i].id >> 8);
		recs[8 * i + 2] = (guint8)r[i].type;
		recs[8 * i + 3] = (guint8)(r[i].type >> 8);
		memcpy(recs + 8 * i + 4, &r[i].v, 4);
	}
	GByteArray *items[3] = { bytes(hdr, 8), bytes(recs, sizeof recs), bytes("abc", 3) };
	GByteArray *b = heap_block(MC_LTP_SIG_PC, HID(0, 1), (const GByteArray *const *)items, 3);
	struct mc_ltp_block blk = { b->data, b->len };
	struct mc_ltp_pc pc;
	ck_assert_int_eq(mc_ltp_pc_open(&pc, &blk, 1, NULL), 0);
	uint16_t type;
	unsigned char *d;
	size_t n;
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x0037, &type, &d, &n), -1);
	ck_assert_uint_eq(pc.hn.err.hid, HID(0, 9));
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x0E06, &type, &d, &n), -1);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x1000, &type, &d, &n), -1);
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x1013, &type, &d, &n), -1);
	ck_assert_int_eq(mc_ltp_pc_get(&pc, 0x3001, &type, &d, &n), 1);
	ck_assert_uint_eq(n, 0);
	g_free(d);
	ck_assert_uint_eq(pc.hn.err.count, 4);

	/* through mapi-props: absent, with a warning on the message */
	struct mc_message *m = mc_message_new();
	struct mc_mapi_props *p = mc_ltp_pc_props(&pc, 1252, m);
	ck_assert_ptr_null(mc_mapi_prop_string(p, 0x0037));
	ck_assert_ptr_nonnull(m->warnings);
	ck_assert_int_eq(mc_mapi_prop_time(p, 0x0E06), MC_NO_TIME);
	ck_assert(!mc_mapi_prop_present(p, 0x3001));
	mc_message_free(m);
	for (int i = 0; i < 3; i++)
		g_byte_array_free(items[i], TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* ---- hostile tables ---- */

/* A TC from the writer, in heap rows, to corrupt. */
static struct tree *small_table(pst_file *f, pst_sublist *list, size_t nrows)
{
	const uint32_t tags[] = { PROP_TAG(0x0E07, PT_LONG), PROP_TAG(0x0037, PT_UNICODE) };
	pst_tc *w = pst_tc_new(f, list, tags, 2);
	for (size_t i = 0; i < nrows; i++) {
		size_t r = pst_tc_row(w, (uint32_t)(100 + i));
		pst_tc_long(w, r, 0x0E07, (uint32_t)i);
		pst_tc_str(w, r, 0x0037, "x");
	}
	return node(f, pst_tc_write(w));
}

/* The TCINFO bytes of a one-block TC (inside the block). */
static unsigned char *tcinfo(struct tree *t)
{
	struct mc_ltp_heap hn;
	ck_assert_int_eq(mc_ltp_heap_open(&hn, t->view, 1), 0);
	const unsigned char *p;
	size_t n;
	ck_assert_int_eq(mc_ltp_heap_get(&hn, hn.root, &p, &n), 1);
	return (unsigned char *)p;
}

START_TEST(test_tc_hostile)
{
	pst_file *f = mem_file(0);
	pst_sublist list = { 0 };
	struct tree *t = small_table(f, &list, 4);
	unsigned char *info = tcinfo(t);
	struct mc_ltp_tc tc;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), 0);
	ck_assert_uint_eq(tc.nrows, 4);
	mc_ltp_tc_close(&tc);

	/* a row size that makes the matrix hold more rows than are there:
	 * rows past the data are never read */
	unsigned char save[64];
	memcpy(save, info, sizeof save);
	uint16_t rs = mc_le16(info + 8);
	info[8] = (guint8)(rs * 3);
	info[9] = (guint8)((rs * 3) >> 8);
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), 0);
	ck_assert_uint_eq(tc.nrows, 1);
	ck_assert(strstr(tc.hn.err.what, "not a whole number"));
	ck_assert_ptr_null(mc_ltp_tc_row(&tc, 1));
	mc_ltp_tc_close(&tc);
	memcpy(info, save, sizeof save);

	/* a column beyond the row layout */
	info[22 + 8 * 2 + 4] = 0xF0;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), -1);
	ck_assert(strstr(tc.hn.err.what, "outside the row layout"));
	memcpy(info, save, sizeof save);
	/* more columns than the TCINFO holds */
	info[1] = 200;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), -1);
	memcpy(info, save, sizeof save);
	/* layout offsets out of order */
	info[2] = 0xFF;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), -1);
	memcpy(info, save, sizeof save);
	/* the row matrix in a subnode nobody can give */
	info[14] = 0x3F;
	info[15] = 0x00;
	info[16] = 0x00;
	info[17] = 0x00;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), -1);
	ck_assert_int_eq(tc.hn.err.grade, MC_LTP_MISSING);
	memcpy(info, save, sizeof save);
	/* a cell HNID naming a heap item that is not there */
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, 1, NULL), 0);
	const struct mc_ltp_tc_col *c = mc_ltp_tc_column(&tc, 0x0037001Fu);
	unsigned char *row = (unsigned char *)mc_ltp_tc_row(&tc, 2);
	memcpy(row + c->ib, &(uint32_t){ HID(0, 2000) }, 4);
	unsigned char *d;
	size_t n;
	ck_assert_int_eq(mc_ltp_tc_cell(&tc, 2, c, &d, &n), -1);
	ck_assert_int_eq(tc.hn.err.row, 2);
	ck_assert_uint_eq(tc.hn.err.hid, HID(0, 2000));
	mc_ltp_tc_close(&tc);
	g_free(list.v);
	mem_file_free(f);
}
END_TEST

/* A subnode row matrix whose blocks are cut short. */
START_TEST(test_tc_subnode_short_block)
{
	pst_file *f = mem_file(0);
	pst_sublist list = { 0 };
	struct tree *t = small_table(f, &list, 1500);
	ck_assert_uint_eq(list.n, 1);
	struct tree *rows = tree_of(f, list.v[0].bid_data);
	ck_assert_uint_ge(rows->blocks->len, 3);
	size_t full = rows->view[0].len;
	rows->view[1].len = full / 2; /* the middle block loses half its rows */
	struct subs_ctx sc = { f, &list, 0, 0 };
	struct mc_ltp_subnodes subs = { subs_get, subs_release, &sc };
	struct mc_ltp_tc tc;
	ck_assert_int_eq(mc_ltp_tc_open(&tc, t->view, t->blocks->len, &subs), 0);
	ck_assert_uint_eq(tc.hn.err.block, 1);
	size_t per = tc.rows_per_block;
	ck_assert_ptr_nonnull(mc_ltp_tc_row(&tc, per - 1));
	ck_assert_ptr_null(mc_ltp_tc_row(&tc, 2 * per - 1));
	ck_assert_ptr_nonnull(mc_ltp_tc_row(&tc, 2 * per));
	/* the rows of the intact blocks still read */
	const struct mc_ltp_tc_col *c = mc_ltp_tc_column(&tc, 0x0E070003u);
	unsigned char *d;
	size_t n;
	ck_assert_int_eq(mc_ltp_tc_cell(&tc, 2 * per + 3, c, &d, &n), 1);
	ck_assert_uint_eq(mc_le32(d), 2 * per + 3);
	g_free(d);
	mc_ltp_tc_close(&tc);
	ck_assert_int_eq(sc.releases, 1);
	g_free(list.v);
	mem_file_free(f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pst_ltp");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_pc_writer_values);
	tcase_add_test(tc, test_pc_writer_large);
	tcase_add_test(tc, test_tc_writer_heap_rows);
	tcase_add_test(tc, test_tc_writer_subnode_rows);
	tcase_add_test(tc, test_tc_empty);
	tcase_add_test(tc, test_heap_hostile);
	tcase_add_test(tc, test_bth_loop_and_depth);
	tcase_add_test(tc, test_pc_hostile_values);
	tcase_add_test(tc, test_tc_hostile);
	tcase_add_test(tc, test_tc_subnode_short_block);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
