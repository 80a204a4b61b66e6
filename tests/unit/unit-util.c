/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit-util.c: the helpers of unit-util.h that are more than a line or
 * two: temp directories and files, the sample message record, case files
 * in the temp directory and evidence written into them, and the collecting
 * reader sink.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "unit-util.h"

/* ---- temp files ---- */

char *temp_dir(void)
{
	char *t = g_build_filename(g_get_tmp_dir(), "mailcase-unit.XXXXXX", NULL);
	ck_assert_ptr_nonnull(g_mkdtemp(t));
	return t;
}

void write_file(const char *path, const char *data, size_t n)
{
	ck_assert(g_file_set_contents(path, data, (gssize)n, NULL));
}

void put_rel(const char *root, const char *rel, const char *data)
{
	char *p = g_build_filename(root, rel, NULL);
	char *d = g_path_get_dirname(p);
	ck_assert_int_eq(g_mkdir_with_parents(d, 0700), 0);
	write_file(p, data, strlen(data));
	g_free(d);
	g_free(p);
}

void remove_tree(const char *path)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
}

GPtrArray *corpus_pst_files(char **dir)
{
	const char *top = getenv("top_srcdir");
	char *cand = top ? g_build_filename(top, "..", "shared", "corpus", NULL) : NULL;
	if (!cand || !g_file_test(cand, G_FILE_TEST_IS_DIR)) {
		g_free(cand);
		cand = g_strdup("/work/shared/corpus");
	}
	char *manifest = g_build_filename(cand, "MANIFEST.tsv", NULL);
	gchar *text = NULL;
	int ok = g_file_get_contents(manifest, &text, NULL, NULL);
	g_free(manifest);
	*dir = NULL;
	if (!ok) {
		g_free(cand);
		return NULL;
	}
	*dir = cand;
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	gchar **lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		gchar **f = g_strsplit(*l, "\t", -1);
		if (g_strv_length(f) >= 6 && (strcmp(f[5], "pst") == 0 || strcmp(f[5], "ost") == 0 ||
		                              strcmp(f[5], "pst(ost-ext)") == 0))
			g_ptr_array_add(files, g_strdup(f[0]));
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);
	return files;
}

static char *tmpdir;

void unit_tmp_setup(void)
{
	tmpdir = temp_dir();
}

void unit_tmp_teardown(void)
{
	remove_tree(tmpdir);
	g_free(tmpdir);
	tmpdir = NULL;
}

char *tmp_path(const char *name)
{
	ck_assert_ptr_nonnull(tmpdir);
	return g_build_filename(tmpdir, name, NULL);
}

/* ---- records and case files ---- */

struct mc_message *sample_message(void)
{
	struct mc_message *m = mc_message_new();
	m->local_id = 7;
	m->parent_local_id = 3;
	m->folder_local_id = 2;
	m->origin = MC_ORIGIN_EMBEDDED;
	m->locator = g_strdup("mbox:10+20#part=2");
	m->byte_offset = 10;
	m->byte_length = 20;
	m->subject = g_strdup("自动回复: Budget");
	m->from_addr = g_strdup("jan@example.com");
	m->has_date = 1;
	m->date_unix = 1300092012;
	m->date_offset = 480;
	m->body_text = g_strdup("line one\nline two\ttab\\");
	m->charset_mismatch = 1;
	m->submit_time = 1300000000;
	m->last_verb = 104;
	strcpy(m->sha256, "ab");
	mc_message_add_header(m, "Subject", "自动回复: Budget", "=?gb2312?B?...?= Budget");
	mc_message_add_header(m, "X-Empty", "", NULL);
	mc_message_add_recipient(m, "cc", "Anna", "anna@example.org");
	mc_message_set_recipient_exdn(m, "/o=ORG/cn=anna");
	struct mc_attachment *a = mc_message_add_attachment(m);
	a->filename = g_strdup("a.bin");
	a->size = 1024;
	strcpy(a->sha256, "cd");
	mc_message_add_prop(m, "maildir_flags", "S");
	mc_message_warn(m, "unparseable Date header: %s", "x");
	return m;
}

sqlite3 *open_case(const char *name, enum mc_case_mode mode, char *err)
{
	char *p = tmp_path(name);
	sqlite3 *db = mc_case_open(p, mode, err, 512);
	g_free(p);
	return db;
}

sqlite3 *new_case(const char *name)
{
	char err[512];
	sqlite3 *db = open_case(name, MC_CASE_WRITE, err);
	ck_assert_msg(db != NULL, "%s", err);
	return db;
}

struct mc_case_writer *begin_mail_evidence(sqlite3 *db, const char *path,
                                           const char *custodian, long long *ev)
{
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	struct mc_evidence_row row = { .path = path, .size = 1, .sha256 = "aa", .md5 = "bb",
	                               .format = "pst", .custodian = custodian, .status = "ok" };
	*ev = mc_writer_add_evidence(w, &row);
	ck_assert_int_gt(*ev, 0);
	static const struct { const char *name, *role; } folders[] = {
		{ "Inbox", MC_ROLE_INBOX }, { "Sent Items", MC_ROLE_SENT },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(folders); i++) {
		struct mc_folder *f = mc_folder_new();
		f->local_id = (int64_t)i + 1;
		f->name = g_strdup(folders[i].name);
		f->path = g_strdup(folders[i].name);
		f->role = folders[i].role;
		ck_assert_int_eq(mc_writer_folder(w, f), 0);
		mc_folder_free(f);
	}
	return w;
}

void end_mail_evidence(struct mc_case_writer *w)
{
	ck_assert_int_eq(mc_writer_finish_evidence(w, "ok", NULL, NULL), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	mc_writer_free(w);
}

long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- a sink that keeps what a reader gives it ---- */

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	struct collect *c = ctx;
	struct got_folder g = { f->local_id, f->parent_local_id, g_strdup(f->name),
	                        g_strdup(f->path), g_strdup(f->locator), f->role };
	g_array_append_val(c->folders, g);
	return 0;
}

static int sink_message(void *ctx, const struct mc_message *m)
{
	struct collect *c = ctx;
	if (c->fail_message_at && (int)c->msgs->len + 1 == c->fail_message_at)
		return -1;
	struct got_msg g = {
		m->local_id, m->parent_local_id, m->folder_local_id, m->byte_offset,
		m->byte_length, m->size, m->origin, g_strdup(m->locator),
		g_strdup(m->subject), g_strdup(m->body_text),
		g_strdup(message_prop(m, "maildir_flags")), g_strdup(message_prop(m, "maildir_subdir")), "", NULL, NULL, NULL,
	};
	memcpy(g.sha256, m->sha256, sizeof g.sha256);
	g.mozilla_flags = g_strdup(message_prop(m, "mozilla.flags"));
	GString *labels = g_string_new(NULL);
	for (guint i = 0; i < m->labels->len; i++) {
		const struct mc_label *l = g_ptr_array_index(m->labels, i);
		g_string_append_printf(labels, "%s%s=%s", i ? ";" : "", l->name, l->role);
	}
	g.labels = g_string_free(labels, FALSE);
	GString *atts = g_string_new(NULL);
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		g_string_append_printf(atts, "%s%s=%s:%" PRId64 ":%s", i ? ";" : "", a->part_path,
		                       a->filename ? a->filename : "", a->size, a->sha256);
	}
	g.attachments = g_string_free(atts, FALSE);
	g_array_append_val(c->msgs, g);
	return 0;
}

static int sink_problem(void *ctx, const char *severity, const char *locator,
                        const char *text)
{
	struct collect *c = ctx;
	struct got_problem g = { g_strdup(severity), g_strdup(locator), g_strdup(text) };
	g_array_append_val(c->problems, g);
	return 0;
}

void collect_init(struct collect *c)
{
	memset(c, 0, sizeof *c);
	c->folders = g_array_new(FALSE, TRUE, sizeof(struct got_folder));
	c->msgs = g_array_new(FALSE, TRUE, sizeof(struct got_msg));
	c->problems = g_array_new(FALSE, TRUE, sizeof(struct got_problem));
}

void collect_free(struct collect *c)
{
	for (guint i = 0; i < c->folders->len; i++) {
		g_free(FOLDER(c, i)->name);
		g_free(FOLDER(c, i)->path);
		g_free(FOLDER(c, i)->locator);
	}
	for (guint i = 0; i < c->msgs->len; i++) {
		struct got_msg *m = MSG(c, i);
		g_free(m->locator); g_free(m->subject); g_free(m->body);
		g_free(m->flags); g_free(m->subdir);
		g_free(m->mozilla_flags); g_free(m->labels); g_free(m->attachments);
	}
	for (guint i = 0; i < c->problems->len; i++) {
		g_free(PROBLEM(c, i)->severity);
		g_free(PROBLEM(c, i)->locator);
		g_free(PROBLEM(c, i)->text);
	}
	g_array_free(c->folders, TRUE);
	g_array_free(c->msgs, TRUE);
	g_array_free(c->problems, TRUE);
}

enum mc_result run_reader(const struct mc_format *format, const char *path,
                          struct collect *c, struct mc_reader *r)
{
	static struct mc_sink sink;
	struct stat sb;
	int fd = -1;
	sink = (struct mc_sink){ sink_folder, sink_message, sink_problem, c };
	ck_assert_int_eq(stat(path, &sb), 0);
	if (!S_ISDIR(sb.st_mode))
		ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
	mc_reader_init(r, path, fd, (uint64_t)sb.st_size, &sink);
	enum mc_result res = format->read(r);
	if (fd >= 0)
		close(fd);
	return res;
}

void expect_sha(const struct got_msg *m, const char *data, int64_t off, int64_t len)
{
	char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	                                        (const guchar *)data + off, (gsize)len);
	ck_assert_str_eq(m->sha256, hex);
	ck_assert_int_eq(m->size, len);
	g_free(hex);
}
