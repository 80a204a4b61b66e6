/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_visible.c: unit tests of analyzer/case/visible.c: what is shown
 * escaped for a terminal (C0, DEL, C1, bidi controls, bytes that are not
 * UTF-8), what stays (printable text in any script; newline, tab and CRLF
 * in multi-line mode), and the printf helper's buffers.
 */

#include <stdlib.h>
#include <check.h>
#include <glib.h>

#include "visible.h"

static void is(const char *in, unsigned flags, const char *want)
{
	char *got = mc_visible_dup(in, flags);
	ck_assert_str_eq(got, want);
	g_free(got);
}

START_TEST(plain_text_unchanged)
{
	is("Budget review", MC_VISIBLE_LINE, "Budget review");
	is("R\xC3\xA9ponse automatique \xE8\x87\xAA\xE5\x8B\x95", MC_VISIBLE_LINE,
	   "R\xC3\xA9ponse automatique \xE8\x87\xAA\xE5\x8B\x95");
	is("a\\x1b", MC_VISIBLE_LINE, "a\\x1b");   /* a backslash stays */
	is("", MC_VISIBLE_LINE, "");
	ck_assert_ptr_null(mc_visible_dup(NULL, MC_VISIBLE_LINE));
	ck_assert_ptr_null(mc_vis(NULL));
}
END_TEST

START_TEST(controls_escaped)
{
	is("\033]0;pwned\007\033[2J", MC_VISIBLE_LINE, "\\x1b]0;pwned\\x07\\x1b[2J");
	is("a\tb\nc\rd\177", MC_VISIBLE_LINE, "a\\x09b\\x0ac\\x0dd\\x7f");
	is("csi \xC2\x9B" "2J", MC_VISIBLE_LINE, "csi \\u009b2J");        /* U+009B */
	is("\xE2\x80\xAE" "exe.pdf", MC_VISIBLE_LINE, "\\u202eexe.pdf");  /* RLO */
	is("\xE2\x81\xA6x\xE2\x81\xA9", MC_VISIBLE_LINE, "\\u2066x\\u2069"); /* isolates */
	is("\xE2\x80\x8F", MC_VISIBLE_LINE, "\xE2\x80\x8F");  /* RLM is not an override */
}
END_TEST

START_TEST(invalid_utf8_as_bytes)
{
	is("bad\xFF\xFEutf8", MC_VISIBLE_LINE, "bad\\xff\\xfeutf8");
	is("raw csi \x9B" "2J", MC_VISIBLE_LINE, "raw csi \\x9b2J");
	is("cut \xE2\x80", MC_VISIBLE_LINE, "cut \\xe2\\x80");          /* truncated */
	is("\xC0\xAF", MC_VISIBLE_LINE, "\\xc0\\xaf");                   /* overlong */
	is("\xED\xA0\x80", MC_VISIBLE_LINE, "\\xed\\xa0\\x80");          /* surrogate */
	GString *s = g_string_new(NULL);
	mc_visible_append(s, "ab\0c", 4, MC_VISIBLE_LINE);               /* a NUL inside */
	ck_assert_str_eq(s->str, "ab\\x00c");
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(lines_mode)
{
	is("one\n\ttwo\r\nthree\rover\033[8m", MC_VISIBLE_LINES,
	   "one\n\ttwo\r\nthree\\x0dover\\x1b[8m");
	is("end\r", MC_VISIBLE_LINES, "end\\x0d");
}
END_TEST

START_TEST(vis_buffers)
{
	const char *a = mc_vis("\033a");
	const char *b = mc_vis("\033b");
	ck_assert_str_eq(a, "\\x1ba");
	ck_assert_str_eq(b, "\\x1bb");
	for (int i = 0; i < 14; i++)
		mc_vis("x");
	ck_assert_str_eq(a, "\\x1ba");   /* still valid 15 calls later */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("visible");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, plain_text_unchanged);
	tcase_add_test(tc, controls_escaped);
	tcase_add_test(tc, invalid_utf8_as_bytes);
	tcase_add_test(tc, lines_mode);
	tcase_add_test(tc, vis_buffers);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
