/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_walk.c: unit tests of the walk over evidence arguments
 * (analyzer/ingest/walk.c): byte order, Maildir directories, symbolic
 * links and missing paths.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "walk.h"
#include "../unit-util.h"

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
	GPtrArray *e = mc_walk(args, 1, NULL, NULL);
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
	e = mc_walk(args2, 1, NULL, NULL);
	ck_assert_uint_eq(e->len, 1);
	x = g_ptr_array_index(e, 0);
	ck_assert_int_eq(x->kind, MC_ENTRY_ERROR);
	g_ptr_array_free(e, TRUE);
	g_free(missing);
	g_free(root); g_free(md); g_free(cur); g_free(new_); g_free(f1); g_free(f2); g_free(link);
}
END_TEST

static Suite *walk_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *t = tcase_create("walk");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, walk_orders_and_accounts);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(walk_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
