/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_busy.c: unit tests of analyzer/case/case-busy.c: a case held
 * by another connection (a writer's lock, or a reader's against a write)
 * is seen as busy (and other errors are not), the
 * wait is 10 s at least and --wait's when longer, and the message says who
 * holds the case (readers for a writer, a writer for a reader) and how
 * long this command waited.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "../unit-util.h"
#include "case-busy.h"

static sqlite3 *holder, *db;

static void setup(void)
{
	unit_tmp_setup();
	sqlite3_close(new_case("c.db"));
	char *path = tmp_path("c.db");
	ck_assert_int_eq(sqlite3_open(path, &holder), SQLITE_OK);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	g_free(path);
}

static void teardown(void)
{
	sqlite3_close(db);
	sqlite3_close(holder);
	mc_case_busy_set_wait(0);
	unit_tmp_teardown();
}

START_TEST(a_lock_held_elsewhere_is_busy)
{
	ck_assert_int_eq(sqlite3_exec(holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 0);   /* the test does not wait 10 s */
	ck_assert_int_ne(sqlite3_exec(db, "SELECT count(*) FROM messages", NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert(mc_case_is_busy(db));
	ck_assert_int_eq(sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "SELECT count(*) FROM messages", NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert(!mc_case_is_busy(db));
	ck_assert_int_ne(sqlite3_exec(db, "SELECT * FROM no_such_table", NULL, NULL, NULL),
	                 SQLITE_OK);
	ck_assert(!mc_case_is_busy(db));
	ck_assert(!mc_case_is_busy(NULL));
}
END_TEST

START_TEST(the_wait_is_ten_seconds_at_least)
{
	char why[512];
	mc_case_busy_set_wait(3);
	mc_case_busy_why(1, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "all of the 10 s"));
	mc_case_busy_set_wait(60);
	mc_case_busy_why(1, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "all of the 60 s"));
	mc_case_busy_set_wait(0);
	mc_case_busy_why(0, why, sizeof why);
	ck_assert_ptr_nonnull(strstr(why, "all of the 10 s"));
}
END_TEST

START_TEST(a_writer_held_by_a_reader_is_busy)
{
	ck_assert_int_eq(sqlite3_exec(holder, "BEGIN; SELECT count(*) FROM messages",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 0);
	ck_assert_int_ne(sqlite3_exec(db, "INSERT INTO case_info(key, value) VALUES ('k', 'v')",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert(mc_case_is_busy(db));
	ck_assert_int_eq(sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO case_info(key, value) VALUES ('k', 'v')",
	                              NULL, NULL, NULL), SQLITE_OK);
}
END_TEST

START_TEST(the_message_says_who_holds_it)
{
	char why[512];
	mc_case_busy_why(1, why, sizeof why);
	ck_assert(g_str_has_prefix(why, "busy: another process is reading it"));
	ck_assert_ptr_nonnull(strstr(why, "--wait=SECONDS"));
	mc_case_busy_why(0, why, sizeof why);
	ck_assert(g_str_has_prefix(why, "busy: another process is writing it"));
	ck_assert_ptr_null(strstr(why, "--wait"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("case_busy");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_lock_held_elsewhere_is_busy);
	tcase_add_test(tc, the_wait_is_ten_seconds_at_least);
	tcase_add_test(tc, a_writer_held_by_a_reader_is_busy);
	tcase_add_test(tc, the_message_says_who_holds_it);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
