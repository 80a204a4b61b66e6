/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_ltp_libpff.c: our LTP layer (parsers/pst-ltp.h) against libpff,
 * the independent reader, on PSTs our generator writes (Unicode and ANSI).
 *
 * Without an NDB layer of our own yet, the property contexts are found by
 * scanning the file for data blocks ([MS-PST] 2.2.2.8: 64-byte aligned,
 * trailer of cb, wSig = ComputeSig(ib, bid), CRC and bid) that start with
 * an HNHDR of client signature 0xBC. Every message and folder libpff lists
 * is matched to its PC by a unique key (PidTagInternetMessageId, or the
 * folder's PidTagDisplayName) and all of its properties must be equal, type
 * and bytes, except those our PC cannot read from one block alone (values
 * in subnodes or in a later block of the heap), which are counted. Every
 * recipient row libpff reads must equal a row of a one-block TC of ours
 * (present cells, type and bytes).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libpff.h>
#include <unistd.h>

#include "mapi-values.h"
#include "pst-ltp.h"
#include "../unit-util.h"

/* One property context found in the file. */
struct found {
	GHashTable *props;    /* id -> "type:hex" */
	GHashTable *unread;   /* ids we could not read from the block */
};

static void found_free(gpointer p)
{
	struct found *f = p;
	g_hash_table_destroy(f->props);
	g_hash_table_destroy(f->unread);
	g_free(f);
}

static char *value_text(uint32_t type, const unsigned char *d, size_t n)
{
	char *hex = mc_mapi_hex(d, n);
	char *s = g_strdup_printf("%04x:%s", type, hex);
	g_free(hex);
	return s;
}

static int cmp_cell(const char *const *a, const char *const *b)
{
	return strcmp(*a, *b);
}

struct pc_collect {
	struct mc_ltp_pc *pc;
	struct found *f;
};

static int pc_collect_one(void *ctx, uint16_t id, uint16_t type)
{
	struct pc_collect *c = ctx;
	uint16_t t;
	unsigned char *d;
	size_t n;
	(void)type;
	if (mc_ltp_pc_get(c->pc, id, &t, &d, &n) == 1) {
		g_hash_table_insert(c->f->props, GUINT_TO_POINTER(id), value_text(t, d, n));
		g_free(d);
	} else {
		g_hash_table_add(c->f->unread, GUINT_TO_POINTER(id));
	}
	return 0;
}

/* [MS-PST] 2.2.2.8.1: ComputeSig over the low 32 bits of ib and bid. */
static uint16_t compute_sig(uint64_t ib, uint64_t bid)
{
	uint32_t x = (uint32_t)ib ^ (uint32_t)bid;
	return (uint16_t)((x >> 16) ^ (x & 0xFFFF));
}

/* The rows of a one-block TC, each as "id=type:hex;..." of its present
 * cells in column order (tag order), into rows. */
static void collect_rows(const struct mc_ltp_block *blk, GHashTable *rows)
{
	struct mc_ltp_tc tc;
	if (mc_ltp_tc_open(&tc, blk, 1, NULL) != 0)
		return;
	for (size_t r = 0; r < tc.nrows; r++) {
		GString *s = g_string_new(NULL);
		int ok = 1;
		for (unsigned c = 0; c < tc.ncols; c++) {
			unsigned char *d;
			size_t n;
			int rc = mc_ltp_tc_cell(&tc, r, &tc.cols[c], &d, &n);
			if (rc < 0)
				ok = 0;
			if (rc != 1)
				continue;
			char *v = value_text(tc.cols[c].tag & 0xFFFF, d, n);
			g_string_append_printf(s, "%04x=%s;", tc.cols[c].tag >> 16, v);
			g_free(v);
			g_free(d);
		}
		if (ok)
			g_hash_table_add(rows, g_string_free(s, FALSE));
		else
			g_string_free(s, TRUE);
	}
	mc_ltp_tc_close(&tc);
}

static GPtrArray *scan_pcs(const unsigned char *file, size_t size, int ansi, size_t *blocks,
                           GHashTable *rows)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(found_free);
	size_t trailer = ansi ? 12 : 16;
	*blocks = 0;
	for (size_t o = 0x4400; o + 64 <= size; o += 64) {
		if (file[o + 2] != 0xEC ||
		    (file[o + 3] != MC_LTP_SIG_PC && file[o + 3] != MC_LTP_SIG_TC))
			continue;
		for (size_t s = 64; s <= 8192 && o + s <= size; s += 64) {
			const unsigned char *t = file + o + s - trailer;
			size_t cb = mc_le16(t);
			uint64_t bid = ansi ? mc_le32(t + 4)
			                    : (mc_le32(t + 8) | (uint64_t)mc_le32(t + 12) << 32);
			if ((cb + trailer + 63) / 64 * 64 != s || mc_le16(t + 2) != compute_sig(o, bid))
				continue;
			struct mc_ltp_block blk = { file + o, cb };
			struct mc_ltp_pc pc;
			if (file[o + 3] == MC_LTP_SIG_TC) {
				collect_rows(&blk, rows);
				break;
			}
			(*blocks)++;
			if (mc_ltp_pc_open(&pc, &blk, 1, NULL) == 0) {
				struct found *f = g_new0(struct found, 1);
				f->props = g_hash_table_new_full(NULL, NULL, NULL, g_free);
				f->unread = g_hash_table_new(NULL, NULL);
				struct pc_collect c = { &pc, f };
				ck_assert_int_eq(mc_ltp_pc_each(&pc, pc_collect_one, &c), 1);
				g_ptr_array_add(out, f);
			}
			break;
		}
	}
	return out;
}

struct tally {
	GPtrArray *pcs;
	GHashTable *rows;     /* TC rows found, as collect_rows writes them */
	int compared, props, skipped_props, unmatched;
	int rows_compared, rows_unmatched;
};

/* Entry i of a record set libpff reads: its property id in *id, its value
 * as value_text writes it (g_free it). */
static char *libpff_entry_text(libpff_record_set_t *rs, int i, uint32_t *id)
{
	libpff_record_entry_t *e = NULL;
	ck_assert_int_eq(libpff_record_set_get_entry_by_index(rs, i, &e, NULL), 1);
	uint32_t vt = 0;
	size_t sz = 0;
	ck_assert_int_eq(libpff_record_entry_get_entry_type(e, id, NULL), 1);
	ck_assert_int_eq(libpff_record_entry_get_value_type(e, &vt, NULL), 1);
	ck_assert_int_eq(libpff_record_entry_get_data_size(e, &sz, NULL), 1);
	unsigned char *d = g_malloc0(sz + 1);
	if (sz)
		ck_assert_int_eq(libpff_record_entry_get_data(e, d, sz, NULL), 1);
	char *v = value_text(vt, d, sz);
	g_free(d);
	libpff_record_entry_free(&e, NULL);
	return v;
}

/* A row of a table libpff reads (a record set) as collect_rows writes
 * ours: present values in property id order (our columns are in tag
 * order, and one id has one type in a table). */
static char *libpff_row(libpff_record_set_t *rs)
{
	int n = 0;
	ck_assert_int_eq(libpff_record_set_get_number_of_entries(rs, &n, NULL), 1);
	GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < n; i++) {
		uint32_t id = 0;
		char *v = libpff_entry_text(rs, i, &id);
		g_ptr_array_add(cells, g_strdup_printf("%04x=%s;", id, v));
		g_free(v);
	}
	g_ptr_array_sort(cells, (GCompareFunc)cmp_cell);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < cells->len; i++)
		g_string_append(s, g_ptr_array_index(cells, i));
	g_ptr_array_free(cells, TRUE);
	return g_string_free(s, FALSE);
}

static void compare_recipients(struct tally *t, libpff_item_t *message)
{
	libpff_item_t *recips = NULL;
	if (libpff_message_get_recipients(message, &recips, NULL) != 1 || !recips)
		return;
	int n = 0;
	ck_assert_int_eq(libpff_item_get_number_of_record_sets(recips, &n, NULL), 1);
	for (int i = 0; i < n; i++) {
		libpff_record_set_t *rs = NULL;
		ck_assert_int_eq(libpff_item_get_record_set_by_index(recips, i, &rs, NULL), 1);
		char *row = libpff_row(rs);
		if (g_hash_table_contains(t->rows, row))
			t->rows_compared++;
		else
			t->rows_unmatched++;
		if (!g_hash_table_contains(t->rows, row) && t->rows_unmatched == 1)
			fprintf(stderr, "check_pst_ltp_libpff: libpff recipient row not among ours: %s\n", row);
		g_free(row);
		libpff_record_set_free(&rs, NULL);
	}
	libpff_item_free(&recips, NULL);
}

/* The PC whose property `id` has the value `text`, if exactly one has. */
static struct found *find_by(struct tally *t, uint32_t id, const char *text)
{
	struct found *hit = NULL;
	for (guint i = 0; i < t->pcs->len; i++) {
		struct found *f = g_ptr_array_index(t->pcs, i);
		const char *v = g_hash_table_lookup(f->props, GUINT_TO_POINTER(id));
		if (v && strcmp(v, text) == 0) {
			if (hit)
				return NULL;
			hit = f;
		}
	}
	return hit;
}

static void compare_item(struct tally *t, libpff_item_t *item, uint32_t key_id)
{
	libpff_record_set_t *rs = NULL;
	ck_assert_int_eq(libpff_item_get_record_set_by_index(item, 0, &rs, NULL), 1);
	int n = 0;
	ck_assert_int_eq(libpff_record_set_get_number_of_entries(rs, &n, NULL), 1);
	GHashTable *theirs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	for (int i = 0; i < n; i++) {
		uint32_t id = 0;
		char *v = libpff_entry_text(rs, i, &id);
		g_hash_table_insert(theirs, GUINT_TO_POINTER(id), v);
	}
	libpff_record_set_free(&rs, NULL);
	const char *key = g_hash_table_lookup(theirs, GUINT_TO_POINTER(key_id));
	struct found *f = key ? find_by(t, key_id, key) : NULL;
	if (!f) {
		t->unmatched++;
		g_hash_table_destroy(theirs);
		return;
	}
	t->compared++;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, theirs);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (g_hash_table_contains(f->unread, k)) {
			t->skipped_props++;
			continue;
		}
		const char *ours = g_hash_table_lookup(f->props, k);
		ck_assert_msg(ours != NULL, "property 0x%04x: libpff %s, absent in our PC",
		              GPOINTER_TO_UINT(k), (char *)v);
		ck_assert_msg(strcmp(ours, v) == 0, "property 0x%04x: libpff %s, ours %s",
		              GPOINTER_TO_UINT(k), (char *)v, ours);
		t->props++;
	}
	ck_assert_uint_eq(g_hash_table_size(theirs),
	                  g_hash_table_size(f->props) + g_hash_table_size(f->unread));
	g_hash_table_destroy(theirs);
}

static void walk_folder(struct tally *t, libpff_item_t *folder, int depth)
{
	ck_assert_int_lt(depth, 16);
	compare_item(t, folder, 0x3001);
	int n = 0;
	ck_assert_int_eq(libpff_folder_get_number_of_sub_messages(folder, &n, NULL), 1);
	for (int i = 0; i < n; i++) {
		libpff_item_t *m = NULL;
		ck_assert_int_eq(libpff_folder_get_sub_message(folder, i, &m, NULL), 1);
		compare_item(t, m, 0x1035);
		compare_recipients(t, m);
		libpff_item_free(&m, NULL);
	}
	ck_assert_int_eq(libpff_folder_get_number_of_sub_folders(folder, &n, NULL), 1);
	for (int i = 0; i < n; i++) {
		libpff_item_t *sub = NULL;
		ck_assert_int_eq(libpff_folder_get_sub_folder(folder, i, &sub, NULL), 1);
		walk_folder(t, sub, depth + 1);
		libpff_item_free(&sub, NULL);
	}
}

static void check_format(const char *format, int ansi)
{
	char *dir = g_dir_make_tmp("mailcase-ltp.XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	const char *gen = g_getenv("MKEVIDENCE");
	char *argv[] = { (char *)(gen ? gen : "./mkevidence"), "--scenario", "eu2011", "--seed", "5",
		         "--mailboxes", "1", "--weeks", "4", "--format", (char *)format, "--out", dir,
		         NULL };
	int status = -1;
	GError *err = NULL;
	ck_assert_msg(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
	                           NULL, &status, &err),
	              "mkevidence: %s", err ? err->message : "?");
	ck_assert_int_eq(status, 0);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	char *pst = NULL;
	while ((name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".pst"))
			pst = g_build_filename(dir, name, NULL);
	g_dir_close(d);
	ck_assert_ptr_nonnull(pst);

	gchar *bytes;
	gsize size;
	ck_assert(g_file_get_contents(pst, &bytes, &size, NULL));
	size_t blocks;
	struct tally t = { 0 };
	t.rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	t.pcs = scan_pcs((const unsigned char *)bytes, size, ansi, &blocks, t.rows);

	libpff_file_t *file = NULL;
	ck_assert_int_eq(libpff_file_initialize(&file, NULL), 1);
	ck_assert_int_eq(libpff_file_open(file, pst, LIBPFF_OPEN_READ, NULL), 1);
	libpff_item_t *root = NULL;
	ck_assert_int_eq(libpff_file_get_root_folder(file, &root, NULL), 1);
	walk_folder(&t, root, 0);
	libpff_item_free(&root, NULL);
	libpff_file_close(file, NULL);
	libpff_file_free(&file, NULL);

	fprintf(stderr,
	        "check_pst_ltp_libpff %s: %zu PC blocks; %d items equal to libpff's (%d properties, "
	        "%d in subnodes or later blocks skipped); %d items without a unique one-block PC\n",
	        format, blocks, t.compared, t.props, t.skipped_props, t.unmatched);
	fprintf(stderr, "check_pst_ltp_libpff %s: %d recipient rows equal to a TC row of ours, %d not\n",
	        format, t.rows_compared, t.rows_unmatched);
	ck_assert_int_ge(t.compared, 10);
	ck_assert_int_ge(t.rows_compared, 50);
	ck_assert_int_eq(t.rows_unmatched, 0);
	ck_assert_int_ge(t.props, 200);
	g_ptr_array_free(t.pcs, TRUE);
	g_hash_table_destroy(t.rows);
	g_free(bytes);
	unlink(pst);
	g_free(pst);
	char *truth[] = { "truth.json", "truth-items.tsv" };
	for (size_t i = 0; i < G_N_ELEMENTS(truth); i++) {
		char *p = g_build_filename(dir, truth[i], NULL);
		unlink(p);
		g_free(p);
	}
	g_rmdir(dir);
	g_free(dir);
}

START_TEST(test_unicode_against_libpff)
{
	check_format("pst", 0);
}
END_TEST

START_TEST(test_ansi_against_libpff)
{
	check_format("pst-ansi", 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pst_ltp_libpff");
	TCase *tc = tcase_create("libpff");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_unicode_against_libpff);
	tcase_add_test(tc, test_ansi_against_libpff);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
