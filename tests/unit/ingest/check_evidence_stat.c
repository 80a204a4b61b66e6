/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_evidence_stat.c: unit tests of evidence metadata snapshots
 * (analyzer/ingest/evidence-stat.c): no difference for evidence that held
 * still; appended, rewritten with its mtime put back, and replaced files;
 * files added to and removed from a directory.
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

#include "evidence-stat.h"
#include "../unit-util.h"

/* Waits until the file system clock has moved past the last stamp. */
static void next_tick(void)
{
	g_usleep(30000);
}

static char *diff_fd(int fd, const struct mc_evidence_stat *before)
{
	struct mc_evidence_stat after;
	char err[256];
	ck_assert_int_eq(mc_evidence_stat_fd(fd, &after, err, sizeof err), 0);
	char *d = mc_evidence_stat_diff(before, &after);
	mc_evidence_stat_clear(&after);
	return d;
}

START_TEST(file_unchanged_and_appended)
{
	char *p = tmp_path("a.mbox");
	write_file(p, "abc", 3);
	int fd = open(p, O_RDONLY);
	struct mc_evidence_stat before;
	char err[256];
	ck_assert_int_eq(mc_evidence_stat_fd(fd, &before, err, sizeof err), 0);
	ck_assert_ptr_null(diff_fd(fd, &before));
	next_tick();
	int w = open(p, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(w, "de", 2), 2);
	close(w);
	char *d = diff_fd(fd, &before);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(strstr(d, "size 3 -> 5 bytes"));
	ck_assert_ptr_nonnull(strstr(d, "mtime "));
	g_free(d);
	mc_evidence_stat_clear(&before);
	close(fd);
	g_free(p);
}
END_TEST

START_TEST(file_rewritten_mtime_put_back)
{
	char *p = tmp_path("b.mbox");
	write_file(p, "abc", 3);
	int fd = open(p, O_RDONLY);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	struct mc_evidence_stat before;
	char err[256];
	ck_assert_int_eq(mc_evidence_stat_fd(fd, &before, err, sizeof err), 0);
	next_tick();
	int w = open(p, O_WRONLY);
	ck_assert_int_eq(write(w, "X", 1), 1);
	struct timespec times[2] = { st.st_atim, st.st_mtim };
	ck_assert_int_eq(futimens(w, times), 0);
	close(w);
	char *d = diff_fd(fd, &before);
	/* Same size, same mtime: only ctime tells. */
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(strstr(d, "size"));
	ck_assert_ptr_null(strstr(d, "mtime"));
	ck_assert_ptr_nonnull(strstr(d, "ctime "));
	g_free(d);
	mc_evidence_stat_clear(&before);
	close(fd);
	g_free(p);
}
END_TEST

static char *diff_tree(const char *dir, const struct mc_evidence_stat *before)
{
	struct mc_evidence_stat after;
	char err[256];
	ck_assert_int_eq(mc_evidence_stat_tree(dir, &after, err, sizeof err), 0);
	char *d = mc_evidence_stat_diff(before, &after);
	mc_evidence_stat_clear(&after);
	return d;
}

START_TEST(tree_added_removed_replaced)
{
	char *root = tmp_path("md");
	char *cur = g_build_filename(root, "cur", NULL);
	g_mkdir_with_parents(cur, 0700);
	char *a = g_build_filename(cur, "a", NULL), *b = g_build_filename(cur, "b", NULL);
	char *c = g_build_filename(cur, "c", NULL), *tmp = tmp_path("t");
	write_file(a, "one", 3);
	write_file(b, "two", 3);
	struct mc_evidence_stat before;
	char err[256];
	ck_assert_int_eq(mc_evidence_stat_tree(root, &before, err, sizeof err), 0);
	ck_assert_ptr_null(diff_tree(root, &before));

	write_file(c, "three", 5);
	char *d = diff_tree(root, &before);
	ck_assert_str_eq(d, "cur/c: added");
	g_free(d);
	unlink(c);

	write_file(tmp, "one", 3); /* before a goes, so that it has another inode */
	unlink(a);
	d = diff_tree(root, &before);
	ck_assert_str_eq(d, "cur/a: removed");
	g_free(d);
	ck_assert_int_eq(rename(tmp, a), 0);
	write_file(c, "three", 5);
	d = diff_tree(root, &before);
	ck_assert_msg(strstr(d, "cur/a: replaced (another inode)") != NULL, "%s", d);
	ck_assert_ptr_nonnull(strstr(d, "(and 1 more files changed)"));
	g_free(d);

	mc_evidence_stat_clear(&before);
	g_free(root); g_free(cur); g_free(a); g_free(b); g_free(c); g_free(tmp);
}
END_TEST

static Suite *evidence_stat_suite(void)
{
	Suite *s = suite_create("evidence_stat");
	TCase *t = tcase_create("stat");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, file_unchanged_and_appended);
	tcase_add_test(t, file_rewritten_mtime_put_back);
	tcase_add_test(t, tree_added_removed_replaced);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(evidence_stat_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
