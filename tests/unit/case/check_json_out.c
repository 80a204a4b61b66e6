/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_json_out.c: unit tests of analyzer/case/json-out.c: strings are
 * valid UTF-8 JSON whatever the input (U+FFFD for bytes that are not
 * UTF-8), a member that is not UTF-8 gets its KEY_hex twin, and controls,
 * C1 and bidi controls are \u escapes.
 */

#include <stdlib.h>
#include <check.h>
#include <glib.h>

#include "json-out.h"

static void str_is(const char *in, const char *want)
{
	GString *out = g_string_new(NULL);
	mc_json_string(out, in);
	ck_assert_str_eq(out->str, want);
	ck_assert(g_utf8_validate(out->str, -1, NULL));
	g_string_free(out, TRUE);
}

START_TEST(strings)
{
	str_is(NULL, "null");
	str_is("plain \"q\" \\", "\"plain \\\"q\\\" \\\\\"");
	str_is("a\nb\tc\r\033\177", "\"a\\nb\\tc\\r\\u001b\\u007f\"");
	str_is("R\xC3\xA9ponse \xE8\x87\xAA", "\"R\xC3\xA9ponse \xE8\x87\xAA\"");
	str_is("\xC2\x9B\xE2\x80\xAE\xE2\x80\xA8", "\"\\u009b\\u202e\\u2028\"");
	str_is("bad\xFF\xFEutf8", "\"bad\\ufffd\\ufffdutf8\"");
	str_is("cut \xE2\x80", "\"cut \\ufffd\\ufffd\"");
}
END_TEST

START_TEST(members)
{
	GString *out = g_string_new(NULL);
	mc_json_member(out, "path", "/ev/ok.eml");
	ck_assert_str_eq(out->str, "\"path\":\"/ev/ok.eml\"");
	g_string_truncate(out, 0);
	mc_json_member(out, "path", "/ev/bad\xFF\xFE.eml");
	ck_assert_str_eq(out->str, "\"path\":\"/ev/bad\\ufffd\\ufffd.eml\","
	                 "\"path_hex\":\"2f65762f626164fffe2e656d6c\"");
	g_string_truncate(out, 0);
	mc_json_member(out, "path", NULL);
	ck_assert_str_eq(out->str, "\"path\":null");
	g_string_free(out, TRUE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json_out");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, strings);
	tcase_add_test(tc, members);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
