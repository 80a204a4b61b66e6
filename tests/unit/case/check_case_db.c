/*
 * check_core.c: unit tests for the core of ingestion: the worker wire
 * format, evidence hashing, the case file (schema, version checks) and the
 * case writer.
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

#include "case-db.h"
#include "case-writer.h"
#include "evidence-hash.h"
#include "record.h"
#include "walk.h"
#include "wire.h"

static char *tmpdir;

static void setup(void)
{
	tmpdir = g_dir_make_tmp("mailcase-core-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmpdir);
}

static void rm_rf(const char *path)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
}

static void teardown(void)
{
	rm_rf(tmpdir);
	g_free(tmpdir);
}

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static void write_file(const char *path, const char *data, size_t len)
{
	ck_assert(g_file_set_contents(path, data, (gssize)len, NULL));
}

static struct mc_message *sample_message(void)
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

/* ---- wire ---- */

static int spool_fd(void)
{
	char *p = tmp_path("spool");
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	g_free(p);
	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(wire_round_trip)
{
	int fd = spool_fd();
	struct mc_wire_out out;
	struct mc_sink sink;
	mc_wire_out_init(&out, fd);
	mc_wire_sink(&sink, &out);

	struct mc_folder *f = mc_folder_new();
	f->local_id = 2;
	f->name = g_strdup("Posteingang");
	f->path = g_strdup("Top/Posteingang");
	f->role = MC_ROLE_INBOX;
	ck_assert_int_eq(sink.folder(sink.ctx, f), 0);
	struct mc_message *m = sample_message();
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	ck_assert_int_eq(sink.problem(sink.ctx, "warning", "mbox:0+1", "odd"), 0);
	ck_assert_int_eq(mc_wire_write_end(&out, MC_WARN, "mboxrd", "3 bad", 1), 0);
	mc_wire_out_clear(&out);

	lseek(fd, 0, SEEK_SET);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_FOLDER);
	ck_assert_str_eq(rec.folder->name, "Posteingang");
	ck_assert_str_eq(rec.folder->role, MC_ROLE_INBOX);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_MESSAGE);
	struct mc_message *r = rec.message;
	ck_assert_int_eq(r->local_id, 7);
	ck_assert_int_eq(r->parent_local_id, 3);
	ck_assert_str_eq(r->origin, MC_ORIGIN_EMBEDDED);
	ck_assert_str_eq(r->subject, m->subject);
	ck_assert_str_eq(r->body_text, m->body_text);
	ck_assert_int_eq(r->date_offset, 480);
	ck_assert_int_eq(r->charset_mismatch, 1);
	ck_assert_int_eq(r->submit_time, 1300000000);
	ck_assert_int_eq(r->creation_time, MC_NO_TIME);
	ck_assert_int_eq(r->last_verb, 104);
	ck_assert_ptr_null(r->message_id);
	ck_assert_uint_eq(r->headers->len, 2);
	struct mc_header *h = g_ptr_array_index(r->headers, 0);
	ck_assert_str_eq(h->raw, "=?gb2312?B?...?= Budget");
	h = g_ptr_array_index(r->headers, 1);
	ck_assert_str_eq(h->value, "");
	ck_assert_ptr_null(h->raw);
	struct mc_recipient *rc = g_ptr_array_index(r->recipients, 0);
	ck_assert_str_eq(rc->kind, "cc");
	ck_assert_str_eq(rc->exdn, "/o=ORG/cn=anna");
	struct mc_attachment *a = g_ptr_array_index(r->attachments, 0);
	ck_assert_int_eq(a->size, 1024);
	ck_assert_str_eq(a->sha256, "cd");
	ck_assert_str_eq(r->warnings->str, "unparseable Date header: x");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_PROBLEM);
	ck_assert_str_eq(rec.problem.text, "odd");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_END);
	ck_assert_int_eq(rec.end.result, MC_WARN);
	ck_assert_str_eq(rec.end.variant, "mboxrd");
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_EOF);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	mc_message_free(m);
	mc_folder_free(f);
	close(fd);
}
END_TEST

/* A frame cut anywhere reads as TRUNCATED after the whole frames before it. */
START_TEST(wire_truncated_anywhere)
{
	int fd = spool_fd();
	struct mc_wire_out out;
	struct mc_sink sink;
	mc_wire_out_init(&out, fd);
	mc_wire_sink(&sink, &out);
	struct mc_message *m = sample_message();
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	off_t first = lseek(fd, 0, SEEK_CUR);
	ck_assert_int_eq(sink.message(sink.ctx, m), 0);
	off_t total = lseek(fd, 0, SEEK_CUR);
	mc_wire_out_clear(&out);
	mc_message_free(m);

	for (off_t cut = first + 1; cut < total; cut++) {
		ck_assert_int_eq(ftruncate(fd, total), 0);
		ck_assert_int_eq(ftruncate(fd, cut), 0);
		lseek(fd, 0, SEEK_SET);
		struct mc_wire_in in;
		struct mc_wire_record rec = { 0 };
		mc_wire_in_init(&in, fd);
		ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_MESSAGE);
		ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
		mc_wire_record_clear(&rec);
		mc_wire_in_clear(&in);
	}
	close(fd);
}
END_TEST

START_TEST(wire_garbage)
{
	int fd = spool_fd();
	const char junk[] = "M\x05\x00\x00\x00\x01\x02\x03\x04\x05" "Zzzzzzzz";
	ck_assert_int_eq(write(fd, junk, sizeof junk - 1), (ssize_t)(sizeof junk - 1));
	lseek(fd, 0, SEEK_SET);
	struct mc_wire_in in;
	struct mc_wire_record rec = { 0 };
	mc_wire_in_init(&in, fd);
	ck_assert_int_eq(mc_wire_read(&in, &rec), MC_WIRE_TRUNCATED);
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&in);
	close(fd);
}
END_TEST

/* ---- hashing ---- */

START_TEST(hash_known_values)
{
	char *p = tmp_path("abc");
	write_file(p, "abc", 3);
	int fd = open(p, O_RDONLY);
	struct mc_hashes h;
	char err[256];
	ck_assert_int_eq(mc_hash_fd(fd, &h, err, sizeof err), 0);
	ck_assert_str_eq(h.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(h.md5, "900150983cd24fb0d6963f7d28e17f72");
	ck_assert_uint_eq(h.size, 3);
	close(fd);
	g_free(p);
}
END_TEST

START_TEST(hash_tree_manifest)
{
	char *root = tmp_path("md");
	char *sub = g_build_filename(root, "cur", NULL);
	g_mkdir_with_parents(sub, 0700);
	char *a = g_build_filename(root, "cur", "b", NULL), *b = g_build_filename(root, "a", NULL);
	write_file(a, "abc", 3);
	write_file(b, "", 0);
	char *link = g_build_filename(root, "link", NULL);
	ck_assert_int_eq(symlink("a", link), 0);

	/* The manifest: "<sha256>  <relative path>\n", byte order of paths. */
	GString *manifest = g_string_new(NULL);
	char hex[65];
	mc_sha256_hex("", 0, hex);
	g_string_append_printf(manifest, "%s  a\n", hex);
	mc_sha256_hex("abc", 3, hex);
	g_string_append_printf(manifest, "%s  cur/b\n", hex);
	mc_sha256_hex(manifest->str, manifest->len, hex);

	struct mc_hashes h;
	char err[256];
	ck_assert_int_eq(mc_hash_tree(root, &h, err, sizeof err), 0);
	ck_assert_str_eq(h.sha256, hex);
	ck_assert_uint_eq(h.files, 2);
	ck_assert_uint_eq(h.size, 3);
	g_string_free(manifest, TRUE);
	g_free(root); g_free(sub); g_free(a); g_free(b); g_free(link);
}
END_TEST

/* ---- walk ---- */

START_TEST(walk_orders_and_accounts)
{
	char *root = tmp_path("ev");
	char *md = g_build_filename(root, "box", NULL);
	char *cur = g_build_filename(md, "cur", NULL), *new_ = g_build_filename(md, "new", NULL);
	g_mkdir_with_parents(cur, 0700);
	g_mkdir_with_parents(new_, 0700);
	char *f1 = g_build_filename(root, "z.mbox", NULL), *f2 = g_build_filename(root, "a.txt", NULL);
	write_file(f1, "x", 1);
	write_file(f2, "y", 1);
	char *link = g_build_filename(root, "m-link", NULL);
	ck_assert_int_eq(symlink("z.mbox", link), 0);

	char *args[] = { root, NULL };
	GPtrArray *e = mc_walk(args, 1);
	ck_assert_uint_eq(e->len, 4);
	struct mc_entry *x = g_ptr_array_index(e, 0);
	ck_assert(g_str_has_suffix(x->path, "/a.txt") && x->kind == MC_ENTRY_FILE);
	x = g_ptr_array_index(e, 1);
	ck_assert(g_str_has_suffix(x->path, "/box") && x->kind == MC_ENTRY_DIR);
	ck_assert_str_eq(x->format->name, "maildir");
	x = g_ptr_array_index(e, 2);
	ck_assert(g_str_has_suffix(x->path, "/m-link") && x->kind == MC_ENTRY_SKIP);
	x = g_ptr_array_index(e, 3);
	ck_assert(g_str_has_suffix(x->path, "/z.mbox") && x->kind == MC_ENTRY_FILE);
	g_ptr_array_free(e, TRUE);

	char *missing = tmp_path("does-not-exist");
	char *args2[] = { missing, NULL };
	e = mc_walk(args2, 1);
	ck_assert_uint_eq(e->len, 1);
	x = g_ptr_array_index(e, 0);
	ck_assert_int_eq(x->kind, MC_ENTRY_ERROR);
	g_ptr_array_free(e, TRUE);
	g_free(missing);
	g_free(root); g_free(md); g_free(cur); g_free(new_); g_free(f1); g_free(f2); g_free(link);
}
END_TEST

/* ---- case file ---- */

static sqlite3 *open_case(const char *name, enum mc_case_mode mode, char *err)
{
	char *p = tmp_path(name);
	sqlite3 *db = mc_case_open(p, mode, err, 512);
	g_free(p);
	return db;
}

static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(case_create_and_reopen)
{
	char err[512];
	sqlite3 *db = open_case("c.db", MC_CASE_WRITE, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(scalar(db, "PRAGMA user_version"), MC_CASE_SCHEMA_VERSION);
	ck_assert_int_eq(scalar(db, "PRAGMA application_id"), MC_CASE_APPLICATION_ID);
	ck_assert_int_eq(scalar(db, "PRAGMA foreign_keys"), 1);
	mc_case_close(db);
	db = open_case("c.db", MC_CASE_READ, err);
	ck_assert_msg(db != NULL, "%s", err);
	mc_case_close(db);
}
END_TEST

START_TEST(case_refuses_foreign_files)
{
	char err[512];
	ck_assert_ptr_null(open_case("missing.db", MC_CASE_READ, err));
	char *p = tmp_path("text.db");
	write_file(p, "plain text, certainly not SQLite, long enough to have a header.........",
	           72);
	ck_assert_ptr_null(open_case("text.db", MC_CASE_WRITE, err));
	g_free(p);

	sqlite3 *other;
	p = tmp_path("other.db");
	ck_assert_int_eq(sqlite3_open(p, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	ck_assert_ptr_null(open_case("other.db", MC_CASE_WRITE, err));
	ck_assert_ptr_nonnull(strstr(err, "not a mailcase case file"));

	sqlite3 *db = open_case("v.db", MC_CASE_WRITE, err);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	mc_case_close(db);
	ck_assert_ptr_null(open_case("v.db", MC_CASE_WRITE, err));
	ck_assert_ptr_nonnull(strstr(err, "schema version 99"));
	g_free(p);
}
END_TEST

/* Asserts that two cases have the same tables, indexes and triggers, each
 * with the same DDL. */
static void assert_same_schema(sqlite3 *a, sqlite3 *b)
{
	const char *schema = "SELECT group_concat(name || ':' || sql, char(10)) FROM "
	                     "(SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name)";
	sqlite3_stmt *sa = mc_case_prepare(a, schema), *sb = mc_case_prepare(b, schema);
	ck_assert_int_eq(sqlite3_step(sa), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_step(sb), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(sa, 0), (const char *)sqlite3_column_text(sb, 0));
	sqlite3_finalize(sa);
	sqlite3_finalize(sb);
}

/* A version 1 case (as an older mailcase wrote it) is refused for reading
 * and upgraded for writing, to the same schema a new case has. */
START_TEST(case_upgrades_version_1)
{
	char err[512];
	char *p = tmp_path("v1.db");
	sqlite3 *raw;
	ck_assert_int_eq(sqlite3_open(p, &raw), SQLITE_OK);
	char *sql = g_strdup_printf("%sPRAGMA application_id = %d; PRAGMA user_version = 1;",
	                            mc_case_schema_sql, MC_CASE_APPLICATION_ID);
	ck_assert_int_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	g_free(sql);
	sqlite3_close(raw);

	ck_assert_ptr_null(open_case("v1.db", MC_CASE_READ, err));
	ck_assert_ptr_nonnull(strstr(err, "mailcase analyze"));
	sqlite3 *db = open_case("v1.db", MC_CASE_WRITE, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(scalar(db, "PRAGMA user_version"), MC_CASE_SCHEMA_VERSION);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_2'"), 1);
	sqlite3 *fresh = open_case("fresh.db", MC_CASE_WRITE, err);
	assert_same_schema(db, fresh);
	mc_case_close(fresh);
	mc_case_close(db);
	g_free(p);
}
END_TEST

/* A version 2 case (as an earlier mailcase wrote it: version 1 and the
 * migration to 2) is read as it is, unchanged, and upgraded for writing
 * to the schema a new case has: with the lower() indexes of version 3
 * that the planner uses for the case-insensitive address lookups, and
 * without the text index's insert trigger (version 4). */
START_TEST(case_upgrades_version_2)
{
	char err[512];
	char *p = tmp_path("v2.db");
	sqlite3 *raw;
	ck_assert_int_eq(sqlite3_open(p, &raw), SQLITE_OK);
	char *sql = g_strdup_printf("%s%sPRAGMA application_id = %d; PRAGMA user_version = 2;"
	                            "INSERT INTO case_info(key, value) VALUES ('schema_version', '2');"
	                            "INSERT INTO evidence(id, path, status, ingested_at)"
	                            " VALUES (1, 'x.mbox', 'ok', '2011-01-01T00:00:00Z');"
	                            "INSERT INTO messages(id, evidence_id, origin, locator, from_addr)"
	                            " VALUES (1, 1, 'folder', 'mbox:0+1', 'Anna.Meyer@Example.ORG');"
	                            "INSERT INTO recipients(message_id, seq, kind, addr)"
	                            " VALUES (1, 1, 'to', 'PIOTR.NOWAK@example.com');",
	                            mc_case_schema_sql, mc_case_migrate_1_to_2_sql,
	                            MC_CASE_APPLICATION_ID);
	ck_assert_int_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	g_free(sql);
	sqlite3_close(raw);

	sqlite3 *db = open_case("v2.db", MC_CASE_READ, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(mc_case_version(db), 2);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_lower'"), 0);
	mc_case_close(db);

	db = open_case("v2.db", MC_CASE_WRITE, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(mc_case_version(db), MC_CASE_SCHEMA_VERSION);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_3'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_4'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_2'"), 0);
	ck_assert_int_eq(scalar(db, "SELECT value FROM case_info WHERE key = 'schema_version'"),
	                 MC_CASE_SCHEMA_VERSION);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts_insert'"), 0);
	/* The message the version 2 trigger indexed stays indexed, once. */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts_docsize"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages"
	                            " WHERE lower(from_addr) = lower('ANNA.meyer@example.org')"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM recipients"
	                            " WHERE lower(addr) = lower('piotr.nowak@EXAMPLE.com')"), 1);
	static const char *const lookups[][2] = {
		{ "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE lower(from_addr) = lower(?)",
		  "messages_from_lower" },
		{ "EXPLAIN QUERY PLAN SELECT message_id FROM recipients WHERE lower(addr) = lower(?)",
		  "recipients_addr_lower" },
	};
	for (unsigned i = 0; i < G_N_ELEMENTS(lookups); i++) {
		sqlite3_stmt *st = mc_case_prepare(db, lookups[i][0]);
		ck_assert_ptr_nonnull(st);
		int used = 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			used |= strstr((const char *)sqlite3_column_text(st, 3), lookups[i][1]) != NULL;
		sqlite3_finalize(st);
		ck_assert_msg(used, "%s does not use %s", lookups[i][0], lookups[i][1]);
	}
	sqlite3 *fresh = open_case("fresh3.db", MC_CASE_WRITE, err);
	assert_same_schema(db, fresh);
	mc_case_close(fresh);
	mc_case_close(db);

	db = open_case("v2.db", MC_CASE_WRITE, err);   /* once only */
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key LIKE 'migrated_to_%'"), 2);
	mc_case_close(db);
	g_free(p);
}
END_TEST

static long long add_evidence(struct mc_case_writer *w, const char *path)
{
	struct mc_evidence_row row = { .path = path, .size = 1, .sha256 = "aa", .md5 = "bb",
	                               .status = "failed", .error = "ingest did not complete" };
	return mc_writer_add_evidence(w, &row);
}

START_TEST(writer_stores_and_links)
{
	char err[512];
	sqlite3 *db = open_case("w.db", MC_CASE_WRITE, err);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	long long ev = add_evidence(w, "/ev/a.mbox");
	ck_assert_int_gt(ev, 0);
	struct mc_folder *f = mc_folder_new();
	f->local_id = 2;
	f->name = g_strdup("Inbox");
	f->role = MC_ROLE_INBOX;
	ck_assert_int_eq(mc_writer_folder(w, f), 0);

	/* The embedded message arrives before its parent: linked at the end. */
	struct mc_message *child = sample_message();
	ck_assert_int_eq(mc_writer_message(w, child), 0);
	struct mc_message *parent = mc_message_new();
	parent->local_id = 3;
	parent->folder_local_id = 2;
	parent->locator = g_strdup("mbox:0+10");
	parent->subject = g_strdup("Undeliverable: x");
	ck_assert_int_eq(mc_writer_message(w, parent), 0);
	ck_assert_int_eq(mc_writer_problem(w, "bogus-severity", NULL, "x"), 0);
	ck_assert_int_eq(mc_writer_finish_evidence(w, "ok", "mboxo", NULL), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);

	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages c JOIN messages p ON p.id = c.parent_id"
	                        " WHERE p.subject = 'Undeliverable: x' AND c.origin = 'embedded'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT message_count * 10 + embedded_count FROM evidence"), 11);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM evidence WHERE status = 'ok'"
	                        " AND variant = 'mboxo' AND error IS NULL AND problem_count = 1"), 1);
	ck_assert_int_eq(scalar(db, "SELECT message_count FROM folders WHERE role = 'inbox'"), 2);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM problems WHERE severity = 'warning'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages WHERE date_utc = '2011-03-14T08:40:12Z'"
	                        " AND date_offset = 480 AND charset_mismatch = 1"
	                        " AND submit_time = '2011-03-13T07:06:40Z' AND creation_time IS NULL"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM headers WHERE raw IS NOT NULL"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 1);
	/* The text index has an entry for each message (indexed at commit, schema 4). */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts_docsize"), 2);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);

	/* Deleting the evidence takes everything with it, the index included. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	ck_assert_int_eq(mc_writer_delete_evidence(w, ev), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM headers)"
	                        " + (SELECT count(*) FROM recipients) + (SELECT count(*) FROM attachments)"
	                        " + (SELECT count(*) FROM folders) + (SELECT count(*) FROM problems)"
	                        " + (SELECT count(*) FROM message_props)"), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 0);

	mc_message_free(child);
	mc_message_free(parent);
	mc_folder_free(f);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

START_TEST(writer_rollback_leaves_nothing)
{
	char err[512];
	sqlite3 *db = open_case("r.db", MC_CASE_WRITE, err);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/b.mbox");
	struct mc_message *m = sample_message();
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	mc_writer_rollback(w);
	ck_assert_int_eq(scalar(db, "SELECT (SELECT count(*) FROM evidence) + (SELECT count(*) FROM messages)"
	                        " + (SELECT count(*) FROM messages_fts_docsize)"), 0);

	/* The next evidence indexes its own messages only, once. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/c.mbox");
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts_docsize"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 1);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);
	mc_message_free(m);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *t = tcase_create("wire");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, wire_round_trip);
	tcase_add_test(t, wire_truncated_anywhere);
	tcase_add_test(t, wire_garbage);
	suite_add_tcase(s, t);
	t = tcase_create("hash-walk");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, hash_known_values);
	tcase_add_test(t, hash_tree_manifest);
	tcase_add_test(t, walk_orders_and_accounts);
	suite_add_tcase(s, t);
	t = tcase_create("case");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, case_create_and_reopen);
	tcase_add_test(t, case_refuses_foreign_files);
	tcase_add_test(t, case_upgrades_version_1);
	tcase_add_test(t, case_upgrades_version_2);
	tcase_add_test(t, writer_stores_and_links);
	tcase_add_test(t, writer_rollback_leaves_nothing);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
