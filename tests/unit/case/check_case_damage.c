/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_damage.c: unit tests of analyzer/case/case-damage.c: reads of
 * an intact database leave no damage noted; a loop that stops at the first
 * result other than a row, on a database with a scrambled page, still
 * leaves SQLITE_CORRUPT noted, which mc_case_damage_reported reports.
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <check.h>
#include <glib.h>
#include <sqlite3.h>

#include "case-damage.h"

static char *dir, *db_path;

static void setup(void)
{
	dir = g_dir_make_tmp("check_case_damage.XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	db_path = g_build_filename(dir, "t.db", NULL);
	sqlite3 *db = NULL;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
		"PRAGMA page_size = 1024;"
		"CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
		" INSERT INTO t SELECT i, printf('row %d of the table, some text', i) FROM n;",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
	g_free(db_path);
	g_free(dir);
}

/* Rows read by a loop that takes anything but a row as the end. */
static int rows_read(void)
{
	sqlite3 *db = NULL;
	ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT v FROM t ORDER BY id", -1, &st, NULL),
	                 SQLITE_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

START_TEST(intact_reads_note_nothing)
{
	ck_assert_int_eq(rows_read(), 2000);
	ck_assert_int_eq(mc_case_damage(), 0);
	ck_assert_int_eq(mc_case_damage_reported(db_path), 0);
}
END_TEST

START_TEST(a_scrambled_page_is_noted)
{
	/* Page 10 of 1024 bytes: a leaf of t, somewhere in the middle. */
	int fd = open(db_path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	char noise[1024];
	for (unsigned i = 0; i < sizeof noise; i++)
		noise[i] = (char)(0xA5 ^ (i * 37));
	ck_assert_int_eq(pwrite(fd, noise, sizeof noise, 9 * 1024), (ssize_t)sizeof noise);
	close(fd);
	int n = rows_read();
	ck_assert_int_lt(n, 2000);
	ck_assert_int_eq(mc_case_damage() & 0xff, SQLITE_CORRUPT);
	ck_assert_int_eq(mc_case_damage_reported(db_path), 1);
}
END_TEST

int main(void)
{
	mc_case_watch_damage();
	Suite *s = suite_create("case_damage");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, intact_reads_note_nothing);
	tcase_add_test(tc, a_scrambled_page_is_noted);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
