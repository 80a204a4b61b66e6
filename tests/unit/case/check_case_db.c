/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_case_db.c: unit tests of opening a case file (analyzer/case/case-db.c
 * with the schema of case-schema.c): creation, refusal of foreign files and
 * newer versions, and the upgrades of version 1 and 2 cases.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "../unit-util.h"

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
 * without the text index's insert trigger (version 4), with
 * messages.system_language_basis (version 5), the table shards
 * (version 6) and the table message_labels (version 7). */
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
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_5'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_6'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_7'"), 1);
	/* version 6's table, empty until merge runs; version 7's, until an
	 * ingest stores labels */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM shards"), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM message_labels"), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key = 'migrated_to_2'"), 0);
	/* version 5's column, empty until analyze runs */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages WHERE system_language_basis IS NULL"), 1);
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
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM case_info WHERE key LIKE 'migrated_to_%'"), 5);
	mc_case_close(db);
	g_free(p);
}
END_TEST

static Suite *case_db_suite(void)
{
	Suite *s = suite_create("case_db");
	TCase *t = tcase_create("case");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, case_create_and_reopen);
	tcase_add_test(t, case_refuses_foreign_files);
	tcase_add_test(t, case_upgrades_version_1);
	tcase_add_test(t, case_upgrades_version_2);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(case_db_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
