/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_read.c: runs the PST/OST reader over every PST/OST of the
 * shared corpus (MANIFEST.tsv kinds pst, ost, pst(ost-ext)) with a
 * collecting sink, checks the records' invariants, and compares per-folder
 * item counts and attachment hashes with pffexport when it is installed.
 * Once with each reader: our own (the default) and libpff
 * (mc_pst_reader_select). Without a corpus it prints "SKIP: no corpus" and exits 77 (automake SKIP).
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

#include "../unit-corpus.h"
#include "parser.h"
#include "pst-own.h"

static char *corpus_dir;
static GPtrArray *files;      /* relative paths of the PST/OST files */

/* ---- collecting sink ---------------------------------------------------- */

struct seen_folder {
	int64_t id, parent;
	char *path, *locator;
	const char *role;
};

struct collect {
	GPtrArray *folders;       /* struct seen_folder * */
	GHashTable *folder_by_id; /* id -> struct seen_folder * */
	GHashTable *items;        /* "path" -> count of origin-folder items */
	GHashTable *unexported;   /* "path" -> items pffexport does not export */
	GHashTable *hashes;       /* attachment sha256 set */
	GHashTable *locators;     /* message locators, for uniqueness */
	GHashTable *msg_locator;  /* local id -> locator */
	int64_t last_id, n_folder, n_hidden, n_recovered, n_orphan, n_embedded;
	int64_t n_loose_exportable;  /* recovered + orphan items pffexport would export */
	int problems, errors, password_noted;
};

static void seen_folder_free(gpointer p)
{
	struct seen_folder *f = p;
	g_free(f->path);
	g_free(f->locator);
	g_free(f);
}

static void count(GHashTable *t, const char *key)
{
	gpointer v = g_hash_table_lookup(t, key);
	g_hash_table_replace(t, g_strdup(key), GINT_TO_POINTER(GPOINTER_TO_INT(v) + 1));
}

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	struct collect *c = ctx;
	ck_assert_int_gt(f->local_id, 0);
	ck_assert_ptr_null(g_hash_table_lookup(c->folder_by_id, &f->local_id));
	if (f->parent_local_id)
		ck_assert_ptr_nonnull(g_hash_table_lookup(c->folder_by_id, &f->parent_local_id));
	ck_assert_ptr_nonnull(f->name);
	ck_assert_ptr_nonnull(f->path);
	ck_assert(g_str_has_prefix(f->locator, "pst:"));
	ck_assert_ptr_nonnull(mc_role_static(f->role));
	struct seen_folder *s = g_new0(struct seen_folder, 1);
	s->id = f->local_id;
	s->parent = f->parent_local_id;
	s->path = g_strdup(f->path);
	s->locator = g_strdup(f->locator);
	s->role = f->role;
	g_ptr_array_add(c->folders, s);
	g_hash_table_insert(c->folder_by_id, &s->id, s);
	return 0;
}

/* What pffexport 20180714 writes out: it exports an item only when libpff
 * gives it a known item type; classes libpff types as "unknown" or
 * "configuration" (free/busy data, IPM.Microsoft.* views...) are skipped. */
static int pffexport_exports(const char *cls)
{
	static const char *const prefixes[] = {
		"IPM.Activity", "IPM.Appointment", "IPM.Contact", "IPM.DistList",
		"IPM.Document", "IPM.Note", "REPORT.IPM.Note", "IPM.FAX", "IPM.Schedule.Meeting",
		"IPM.StickyNote", "IPM.Post", "IPM.Task", "IPM.TaskRequest", "IPM.Sharing",
		"IPM.Conflict", "IPM.OLE.CLASS", "IPM", NULL
	};
	if (!cls)
		return 0;
	for (int i = 0; prefixes[i]; i++)
		if (g_ascii_strncasecmp(cls, prefixes[i], strlen(prefixes[i])) == 0) {
			if (strcmp(prefixes[i], "IPM") == 0)
				return cls[3] == '\0';
			return 1;
		}
	return 0;
}

static int sink_message(void *ctx, const struct mc_message *m)
{
	struct collect *c = ctx;
	ck_assert_int_eq(m->local_id, c->last_id + 1);
	c->last_id = m->local_id;
	ck_assert_ptr_nonnull(mc_origin_static(m->origin));
	ck_assert(g_str_has_prefix(m->locator, "pst:"));
	ck_assert_msg(!g_hash_table_contains(c->locators, m->locator),
	              "duplicate locator %s", m->locator);
	g_hash_table_add(c->locators, g_strdup(m->locator));
	g_hash_table_insert(c->msg_locator, g_memdup2(&m->local_id, sizeof m->local_id),
	                    g_strdup(m->locator));
	if (m->folder_local_id)
		ck_assert_ptr_nonnull(g_hash_table_lookup(c->folder_by_id, &m->folder_local_id));
	if (m->has_date)
		ck_assert(m->date_unix == m->submit_time || m->date_unix == m->delivery_time ||
		          (m->submit_time == MC_NO_TIME && m->delivery_time == MC_NO_TIME));
	if (m->body_text)
		ck_assert(g_utf8_validate(m->body_text, -1, NULL));
	if (m->subject)
		ck_assert(g_utf8_validate(m->subject, -1, NULL) && m->subject[0] != '\x01');

	if (strcmp(m->origin, MC_ORIGIN_EMBEDDED) == 0) {
		c->n_embedded++;
		ck_assert_int_gt(m->parent_local_id, 0);
		ck_assert_int_lt(m->parent_local_id, m->local_id);
		const char *ploc = g_hash_table_lookup(c->msg_locator, &m->parent_local_id);
		ck_assert_ptr_nonnull(ploc);
		ck_assert(g_str_has_prefix(m->locator, ploc));
		ck_assert_ptr_nonnull(strstr(m->locator, "/att:"));
	} else {
		ck_assert_int_eq(m->parent_local_id, 0);
	}
	if (strcmp(m->origin, MC_ORIGIN_FOLDER) == 0) {
		c->n_folder++;
		const struct seen_folder *f = g_hash_table_lookup(c->folder_by_id, &m->folder_local_id);
		ck_assert_ptr_nonnull(f);
		count(c->items, f->path);
		if (!pffexport_exports(m->message_class))
			count(c->unexported, f->path);
	} else if (strcmp(m->origin, MC_ORIGIN_HIDDEN) == 0) {
		c->n_hidden++;
		ck_assert_ptr_nonnull(strstr(m->locator, "/fai:"));
	} else if (strcmp(m->origin, MC_ORIGIN_RECOVERED) == 0) {
		c->n_recovered++;
		c->n_loose_exportable += pffexport_exports(m->message_class);
		ck_assert(g_str_has_prefix(m->locator, "pst:recovered:"));
	} else if (strcmp(m->origin, MC_ORIGIN_ORPHAN) == 0) {
		c->n_orphan++;
		c->n_loose_exportable += pffexport_exports(m->message_class);
	}
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		ck_assert_ptr_nonnull(a->part_path);
		if (a->sha256[0])
			g_hash_table_add(c->hashes, g_strdup(a->sha256));
	}
	for (guint i = 0; i < m->recipients->len; i++) {
		const struct mc_recipient *r = g_ptr_array_index(m->recipients, i);
		ck_assert_ptr_nonnull(mc_recipient_kind_static(r->kind));
	}
	return 0;
}

static int sink_problem(void *ctx, const char *severity, const char *locator,
                        const char *text)
{
	struct collect *c = ctx;
	ck_assert(strcmp(severity, "warning") == 0 || strcmp(severity, "error") == 0);
	ck_assert_ptr_nonnull(locator);
	c->problems++;
	if (strcmp(severity, "error") == 0)
		c->errors++;
	if (strstr(text, "password-protected"))
		c->password_noted = 1;
	return 0;
}

/* ---- pffexport ----------------------------------------------------------- */

/* "Message00001" and the like ("Folder00002" is a folder without a name). */
static int item_dir_name(const char *name)
{
	if (g_str_has_prefix(name, "Folder"))
		return 0;
	size_t n = strlen(name), i = 0;
	while (i < n && g_ascii_isalpha(name[i]))
		i++;
	if (i == 0 || n - i != 5)
		return 0;
	for (; i < n; i++)
		if (!g_ascii_isdigit(name[i]))
			return 0;
	return 1;
}

static void hash_file(const char *path, GHashTable *out)
{
	gchar *data;
	gsize len;
	if (g_file_get_contents(path, &data, &len, NULL)) {
		g_hash_table_add(out, g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		                                                  (const guchar *)data, len));
		g_free(data);
	}
}

/* Walks pffexport's tree: item counts per folder path, and the hashes of
 * every exported attachment file. */
static void pff_walk(const char *dir, const char *rel, GHashTable *counts, GHashTable *att,
                     int in_item)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *full = g_build_filename(dir, name, NULL);
		if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
			if (!in_item && item_dir_name(name)) {
				count(counts, rel);
				pff_walk(full, rel, counts, att, 1);
			} else if (in_item) {
				pff_walk(full, rel, counts, att, strcmp(name, "Attachments") == 0 ? 2 : 1);
			} else {
				char *sub = rel[0] ? g_strdup_printf("%s/%s", rel, name) : g_strdup(name);
				pff_walk(full, sub, counts, att, 0);
				g_free(sub);
			}
		} else if (in_item == 2) {
			hash_file(full, att);
		}
		g_free(full);
	}
	g_dir_close(d);
}

static void rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			char *full = g_build_filename(path, name, NULL);
			if (g_file_test(full, G_FILE_TEST_IS_DIR) && !g_file_test(full, G_FILE_TEST_IS_SYMLINK))
				rm_rf(full);
			else
				g_unlink(full);
			g_free(full);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

static void compare_with_pffexport(const char *path, struct collect *c)
{
	char *tool = g_find_program_in_path("pffexport");
	if (!tool) {
		printf("  pffexport not installed: no comparison\n");
		return;
	}
	char *tmp = g_dir_make_tmp("pst-read-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmp);
	char *target = g_build_filename(tmp, "x", NULL);
	char *argv[] = { tool, "-q", "-m", "all", "-f", "all", "-t", target, (char *)path, NULL };
	int status = 0;
	ck_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
	                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
	GHashTable *pff = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *pff_rec = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *att = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *exp = g_strconcat(target, ".export", NULL);
	char *rec = g_strconcat(target, ".recovered", NULL);
	char *orph = g_strconcat(target, ".orphans", NULL);
	pff_walk(exp, "", pff, att, 0);
	pff_walk(rec, "", pff_rec, att, 0);
	pff_walk(orph, "", pff_rec, att, 0);

	/* Every folder pffexport exported items from: we have the same items,
	 * plus those of classes pffexport does not export. */
	GHashTableIter it;
	gpointer k, v;
	int pff_total = 0;
	g_hash_table_iter_init(&it, pff);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		int ours = GPOINTER_TO_INT(g_hash_table_lookup(c->items, k));
		int skipped = GPOINTER_TO_INT(g_hash_table_lookup(c->unexported, k));
		pff_total += GPOINTER_TO_INT(v);
		ck_assert_msg(ours - skipped == GPOINTER_TO_INT(v),
		              "%s: folder \"%s\": pffexport %d items, we %d (%d of classes it skips)",
		              path, (char *)k, GPOINTER_TO_INT(v), ours, skipped);
	}
	/* ...and no folder where pffexport found nothing holds exportable items. */
	g_hash_table_iter_init(&it, c->items);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (g_hash_table_contains(pff, k))
			continue;
		int skipped = GPOINTER_TO_INT(g_hash_table_lookup(c->unexported, k));
		ck_assert_msg(GPOINTER_TO_INT(v) == skipped,
		              "%s: folder \"%s\": we %d items, pffexport none", path,
		              (char *)k, GPOINTER_TO_INT(v));
	}
	/* Every attachment file pffexport wrote has the hash of one of ours. */
	int att_checked = 0;
	g_hash_table_iter_init(&it, att);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		ck_assert_msg(g_hash_table_contains(c->hashes, k),
		              "%s: pffexport attachment with sha256 %s not among ours", path,
		              (char *)k);
		att_checked++;
	}
	int pff_recovered = 0;
	g_hash_table_iter_init(&it, pff_rec);
	while (g_hash_table_iter_next(&it, &k, &v))
		pff_recovered += GPOINTER_TO_INT(v);
	printf("  pffexport: %d folder items, %d recovered/orphan items, %d attachment files "
	       "(all hashes matched)\n", pff_total, pff_recovered, att_checked);
	/* Recovered and orphan items: the same ones, less the classes
	 * pffexport skips (it files them by their old folder; we do not).
	 * libpff's path only: our reader does not take tables and internal
	 * nodes for deleted messages as libpff does; pst-own-equality.sh
	 * compares its deleted and orphan items with libpff's, each difference
	 * listed there. */
	if (mc_pst_reader_selected() == MC_PST_READER_LIBPFF)
		ck_assert_msg(c->n_loose_exportable == pff_recovered,
		              "%s: pffexport %d recovered/orphan items, we %" G_GINT64_FORMAT
		              " of classes it exports", path, pff_recovered,
		              c->n_loose_exportable);

	g_hash_table_destroy(pff);
	g_hash_table_destroy(pff_rec);
	g_hash_table_destroy(att);
	rm_rf(tmp);
	g_free(exp);
	g_free(rec);
	g_free(orph);
	g_free(target);
	g_free(tmp);
	g_free(tool);
}

START_TEST(test_read_file)
{
	const char *rel = g_ptr_array_index(files, _i);
	char *path = g_build_filename(corpus_dir, rel, NULL);
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);

	struct collect c;
	memset(&c, 0, sizeof c);
	c.folders = g_ptr_array_new_with_free_func(seen_folder_free);
	c.folder_by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
	c.items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.unexported = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.hashes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.locators = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.msg_locator = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	struct mc_sink sink = { sink_folder, sink_message, sink_problem, &c };
	struct mc_reader r;
	mc_reader_init(&r, path, fd, (uint64_t)st.st_size, &sink);
	enum mc_result res = mc_format_pst.read(&r);
	close(fd);

	printf("%s: result %d (%s) variant %s: %u folders, %" G_GINT64_FORMAT " in folders, %"
	       G_GINT64_FORMAT " hidden, %" G_GINT64_FORMAT " embedded, %" G_GINT64_FORMAT
	       " recovered, %" G_GINT64_FORMAT " orphan, %d problems\n",
	       rel, res, r.error, r.variant, c.folders->len, c.n_folder, c.n_hidden,
	       c.n_embedded, c.n_recovered, c.n_orphan, c.problems);
	ck_assert_int_ne(res, MC_FATAL);
	ck_assert_int_eq(res == MC_OK, c.errors == 0);
	ck_assert_int_eq(r.messages_emitted, c.last_id);
	ck_assert_ptr_nonnull(r.variant);
	const char *own = mc_pst_reader_selected() == MC_PST_READER_OWN ? " (own)" : "";
	char want[64];
	snprintf(want, sizeof want, "ost%s", own);
	if (strstr(rel, "SampleOstFile.ost"))
		ck_assert_str_eq(r.variant, want);
	snprintf(want, sizeof want, "pst-unicode%s", own);
	if (strstr(rel, "PersonalStorageFile.ost")) /* .ost by name, PST by header */
		ck_assert_str_eq(r.variant, want);
	if (strstr(rel, "passworded.pst"))
		ck_assert_int_eq(c.password_noted, 1);
	/* The root, then at most one folder per special role. */
	ck_assert_uint_ge(c.folders->len, 1);
	const struct seen_folder *root = g_ptr_array_index(c.folders, 0);
	ck_assert_int_eq(root->parent, 0);
	ck_assert_str_eq(root->path, "");
	static const char *const roles[] = { MC_ROLE_INBOX, MC_ROLE_SENT, MC_ROLE_DELETED,
	                                     MC_ROLE_OUTBOX, MC_ROLE_DRAFTS, MC_ROLE_JUNK };
	for (size_t i = 0; i < G_N_ELEMENTS(roles); i++) {
		int n = 0;
		for (guint k = 0; k < c.folders->len; k++)
			n += strcmp(((const struct seen_folder *)g_ptr_array_index(c.folders, k))->role,
			            roles[i]) == 0;
		ck_assert_int_le(n, 1);
	}
	if (strstr(rel, "libyal-testdata/pst/outlook.pst")) {
		/* The inbox is found by its entry id, under its localized name. */
		for (guint k = 0; k < c.folders->len; k++) {
			const struct seen_folder *f = g_ptr_array_index(c.folders, k);
			if (strcmp(f->role, MC_ROLE_INBOX) == 0)
				ck_assert_str_eq(f->path, "Top of Personal Folders/\xe6\x94\xb6\xe4\xbb\xb6\xe7\xae\xb1");
		}
	}
	compare_with_pffexport(path, &c);

	g_ptr_array_free(c.folders, TRUE);
	g_hash_table_destroy(c.folder_by_id);
	g_hash_table_destroy(c.items);
	g_hash_table_destroy(c.unexported);
	g_hash_table_destroy(c.hashes);
	g_hash_table_destroy(c.locators);
	g_hash_table_destroy(c.msg_locator);
	g_free(path);
}
END_TEST

static int load_manifest(void)
{
	files = corpus_pst_files(&corpus_dir);
	return files && files->len > 0;
}

static void select_libpff(void)
{
	mc_pst_reader_select("libpff");
}

int main(void)
{
	if (!load_manifest()) {
		printf("SKIP: no corpus\n");
		return 77;
	}
	Suite *s = suite_create("pst_read");
	TCase *tc = tcase_create("corpus");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_read_file, 0, (int)files->len);
	suite_add_tcase(s, tc);
	TCase *tl = tcase_create("corpus-libpff");
	tcase_set_timeout(tl, 300);
	tcase_add_checked_fixture(tl, select_libpff, NULL);
	tcase_add_loop_test(tl, test_read_file, 0, (int)files->len);
	suite_add_tcase(s, tl);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
