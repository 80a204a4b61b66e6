/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_output.c: unit tests of the commit step of
 * analyzer/case/case-output.c: mc_output_commit replaces FILE once the
 * output is complete; mc_output_commit_new (export --format eml without
 * --force) gives a free name its file but never replaces a file that took
 * the name while the output was written, and leaves no temporary file.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "case-output.h"

static char *dir, *case_path, *file;

static void setup(void)
{
	dir = g_dir_make_tmp("check_case_output.XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	case_path = g_build_filename(dir, "c.db", NULL);
	file = g_build_filename(dir, "1.eml", NULL);
}

static void teardown(void)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
	g_free(file);
	g_free(case_path);
	g_free(dir);
}

static char *contents(const char *path)
{
	char *s = NULL;
	ck_assert(g_file_get_contents(path, &s, NULL, NULL));
	return s;
}

static int files_in_dir(void)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	int n = 0;
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

static void open_and_write(struct mc_output *o, const char *text)
{
	char err[512] = "";
	ck_assert_int_eq(mc_output_open(o, NULL, case_path, file, err, sizeof err), MC_OUTPUT_OK);
	fputs(text, o->f);
}

START_TEST(commit_new_takes_a_free_name)
{
	struct mc_output o;
	char err[512] = "";
	open_and_write(&o, "new\n");
	ck_assert_int_eq(mc_output_commit_new(&o, err, sizeof err), 0);
	char *s = contents(file);
	ck_assert_str_eq(s, "new\n");
	g_free(s);
	ck_assert_int_eq(files_in_dir(), 1);
}
END_TEST

START_TEST(commit_new_never_replaces_a_file_that_appeared)
{
	struct mc_output o;
	char err[512] = "";
	open_and_write(&o, "export\n");
	ck_assert(g_file_set_contents(file, "someone else's\n", -1, NULL));
	ck_assert_int_eq(mc_output_commit_new(&o, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "exists"));
	char *s = contents(file);
	ck_assert_str_eq(s, "someone else's\n");
	g_free(s);
	ck_assert_int_eq(files_in_dir(), 1);   /* no temporary file left */
}
END_TEST

START_TEST(commit_replaces)
{
	struct mc_output o;
	char err[512] = "";
	open_and_write(&o, "export\n");
	ck_assert(g_file_set_contents(file, "old\n", -1, NULL));
	ck_assert_int_eq(mc_output_commit(&o, err, sizeof err), 0);
	char *s = contents(file);
	ck_assert_str_eq(s, "export\n");
	g_free(s);
	ck_assert_int_eq(files_in_dir(), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("case_output");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, commit_new_takes_a_free_name);
	tcase_add_test(tc, commit_new_never_replaces_a_file_that_appeared);
	tcase_add_test(tc, commit_replaces);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
