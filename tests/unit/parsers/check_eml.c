/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_eml.c: unit tests of the EML reader (parsers/eml.c): a whole read of
 * a temp single-message file into a collecting sink (the message and those
 * embedded in it, locators, hashes, leading blank lines, an empty file).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

START_TEST(eml_read)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, "m.eml", NULL);
	struct collect c;
	struct mc_reader r;
	size_t n = strlen(NESTED);
	write_file(path, NESTED, n);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.folders->len, 0);
	ck_assert_uint_eq(c.msgs->len, 3);
	char loc[64];
	snprintf(loc, sizeof loc, "bytes:0+%zu", n);
	ck_assert_str_eq(MSG(&c, 0)->locator, loc);
	ck_assert_int_eq(MSG(&c, 0)->offset, 0);
	ck_assert_int_eq(MSG(&c, 0)->length, (int64_t)n);
	ck_assert_int_eq(MSG(&c, 0)->folder, 0);
	ck_assert_int_eq(MSG(&c, 0)->id, 1);
	expect_sha(MSG(&c, 0), NESTED, 0, (int64_t)n);
	ck_assert_int_eq(MSG(&c, 1)->id, 2);
	ck_assert_int_eq(MSG(&c, 1)->parent, 1);
	ck_assert_int_eq(MSG(&c, 2)->id, 3);
	ck_assert_int_eq(MSG(&c, 2)->parent, 2);
	ck_assert_int_eq(MSG(&c, 2)->folder, 0);
	ck_assert(g_str_has_prefix(MSG(&c, 1)->locator, loc));
	ck_assert_uint_eq(c.problems->len, 0);
	collect_free(&c);

	/* blank lines before the headers: skipped for parsing, kept in the hash */
	const char *ws = "   \r\n\r\nSubject: after blanks\r\n\r\nbody\r\n";
	write_file(path, ws, strlen(ws));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 1);
	ck_assert_str_eq(MSG(&c, 0)->subject, "after blanks");
	expect_sha(MSG(&c, 0), ws, 0, (int64_t)strlen(ws));
	collect_free(&c);

	write_file(path, "", 0);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 0);
	ck_assert_uint_eq(c.problems->len, 1);
	collect_free(&c);
	remove_tree(dir);
	g_free(path); g_free(dir);
}
END_TEST

static Suite *eml_suite(void)
{
	Suite *s = suite_create("eml");
	TCase *t = tcase_create("eml");
	tcase_add_test(t, eml_read);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	mc_mime_init();
	SRunner *sr = srunner_create(eml_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
