/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_lock.c: unit tests of analyzer/case/case-lock.c: the writer
 * lock is exclusive (a second taker is told who holds it), --wait waits
 * for the time given and no longer, a released lock can be taken again,
 * and a lock file that is a symbolic link or not a regular file is refused.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>
#include <glib.h>

#include "case-lock.h"

static char *dir, *case_path;

static void setup(void)
{
	dir = g_dir_make_tmp("check_case_lock.XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	case_path = g_build_filename(dir, "c.db", NULL);
}

static void teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
	g_free(case_path);
	g_free(dir);
}

START_TEST(exclusive_and_named)
{
	char err[1024] = "";
	int a = -1, b = -1;
	ck_assert_int_eq(mc_case_lock(case_path, "ingest", 0, &a, err, sizeof err), MC_CASE_LOCKED);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(mc_case_lock(case_path, "analyze", 0, &b, err, sizeof err), MC_CASE_BUSY);
	ck_assert_int_eq(b, -1);
	char *holder = g_strdup_printf("(pid %ld, mailcase ingest, since ", (long)getpid());
	ck_assert_msg(strstr(err, holder) != NULL, "%s", err);
	ck_assert_msg(strstr(err, case_path) == err, "%s", err);
	g_free(holder);
	mc_case_unlock(a);
	ck_assert_int_eq(mc_case_lock(case_path, "analyze", 0, &b, err, sizeof err), MC_CASE_LOCKED);
	mc_case_unlock(b);
}
END_TEST

START_TEST(waits_for_the_time_given)
{
	char err[1024] = "";
	int a = -1, b = -1;
	ck_assert_int_eq(mc_case_lock(case_path, "ingest", 0, &a, err, sizeof err), MC_CASE_LOCKED);
	gint64 t0 = g_get_monotonic_time();
	ck_assert_int_eq(mc_case_lock(case_path, "ingest", 1, &b, err, sizeof err), MC_CASE_BUSY);
	gint64 waited = g_get_monotonic_time() - t0;
	ck_assert_int_ge(waited, G_USEC_PER_SEC);
	ck_assert_int_lt(waited, 5 * G_USEC_PER_SEC);
	ck_assert_msg(strstr(err, "did not finish in the time given") != NULL, "%s", err);
	mc_case_unlock(a);
}
END_TEST

START_TEST(odd_lock_files_refused)
{
	char err[1024] = "";
	int fd = -1;
	char *lock = g_strconcat(case_path, ".lock", NULL);
	char *target = g_build_filename(dir, "target", NULL);
	ck_assert_int_eq(symlink(target, lock), 0);
	ck_assert_int_eq(mc_case_lock(case_path, "ingest", 0, &fd, err, sizeof err),
	                 MC_CASE_LOCK_ERROR);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_ne(access(target, F_OK), 0);
	ck_assert_int_eq(unlink(lock), 0);
	ck_assert_int_eq(mkfifo(lock, 0600), 0);
	ck_assert_int_eq(mc_case_lock(case_path, "ingest", 0, &fd, err, sizeof err),
	                 MC_CASE_LOCK_ERROR);
	ck_assert_msg(strstr(err, "not a regular file") != NULL, "%s", err);
	g_free(target);
	g_free(lock);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("case_lock");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exclusive_and_named);
	tcase_add_test(tc, waits_for_the_time_given);
	tcase_add_test(tc, odd_lock_files_refused);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
