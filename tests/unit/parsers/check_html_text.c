/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_html_text.c: unit tests of parsers/html-text.c (HTML to the text
 * a reader sees).
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "html-text.h"

/* Converts and checks the invariants every result must hold. */
static char *text_of_len(const char *html, size_t len)
{
	char *t = mc_html_to_text(html, len);

	ck_assert_ptr_nonnull(t);
	ck_assert_msg(g_utf8_validate(t, -1, NULL), "invalid UTF-8 out of html-text");
	return t;
}

static void assert_text(const char *html, const char *want)
{
	char *t = text_of_len(html, strlen(html));

	ck_assert_str_eq(t, want);
	g_free(t);
}

START_TEST(test_plain_and_tags)
{
	assert_text("hello", "hello");
	assert_text("<b>bold</b> and <i>it</i>alic", "bold and italic");
	assert_text("<html><body><span style=\"x\">Hi</span></body></html>", "Hi");
	assert_text("", "");
}
END_TEST

START_TEST(test_named_entities)
{
	assert_text("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", "a & b <c> \"d\" 'e'");
	assert_text("&copy; 2024 &reg; caf&eacute; &Eacute;t&eacute;", "© 2024 ® café Été");
	assert_text("&euro;5 &mdash; &hellip; &laquo;x&raquo; &szlig;", "€5 — … «x» ß");
	/* libxml2 reads HTML 4's rules: a reference needs its semicolon (HTML5
	 * browsers would show "&" for the last one). */
	assert_text("AT&T &unknown; &amp", "AT&T &unknown; &amp");
	assert_text("x&nbsp;&nbsp;&nbsp;y", "x y");
	assert_text("x\xC2\xA0\xC2\xA0y", "x y"); /* a literal no-break space too */
}
END_TEST

START_TEST(test_numeric_entities)
{
	assert_text("&#65;&#x42;&#X43;&#233;&#x20AC;", "ABCé€");
	assert_text("&#x1F600;", "\xF0\x9F\x98\x80");
	/* References to no character are dropped (browsers show U+FFFD). */
	assert_text("&#0;|&#xD800;|&#x110000;|&#99999999999999999999;", "|||");
	assert_text("&#150;&#153;", "–™"); /* windows-1252 reading of C1 */
	assert_text("\xC2\x80 5", "€ 5"); /* the same for a C1 character in text */
	/* An empty reference is dropped with its "&#". */
	assert_text("&#;&#x;&#abc;", "abc;");
	assert_text("&#65", "A");
}
END_TEST

START_TEST(test_script_style_head_removed)
{
	assert_text("<head><title>Secret title</title><style>p{color:red}</style>"
	            "<meta charset=utf-8></head><body>Visible</body>", "Visible");
	assert_text("a<script type=\"text/javascript\">if (a < b && c > d) "
	            "document.write('</p>');</script>b", "ab");
	assert_text("a<SCRIPT>x</SCRIPT >b<style>y</STYLE>c", "abc");
	assert_text("<script>var s = \"</scriptx>\";</script>after", "after");
	/* Text in <head> ends it and starts the body, as in browsers. */
	assert_text("<head>hidden<body>shown", "hidden\n\nshown");
	assert_text("<head><title>t</title></head>shown", "shown");
}
END_TEST

START_TEST(test_comments)
{
	assert_text("a<!-- hidden <b>x</b> -->b", "ab");
	assert_text("a<!--[if mso]><xml><o:x>word</o:x></xml><![endif]-->b", "ab");
	/* "<!-->" opens a comment that never closes here (HTML5: an empty one). */
	assert_text("a<!---->b<!-->c", "ab");
	assert_text("a<!---->b<!-- -->c", "abc");
	assert_text("<!DOCTYPE html><?xml version=\"1.0\"?>text", "text");
	/* Bogus comments (HTML5): Word's "downlevel-revealed" marks and a "<?"
	 * run to the first ">" and are not text (libxml2 alone shows them). */
	assert_text("a<![if !vml]><img src=x><![endif]>b", "ab");
	assert_text("<? mail(x <f@h.ar >visible", "visible");
	/* ... but a "<![endif]" inside a real comment is the comment's. */
	assert_text("a<!--[if mso]><x>w</x><![endif]-->b<![endif]>c", "abc");
}
END_TEST

/* What follows </body> and </html> is shown, as browsers show it: mail
 * gateways append footers and disclaimers there. */
START_TEST(test_after_html_end)
{
	assert_text("<html><body>a</body></html>footer", "a\n\nfooter");
	assert_text("<p>x</p></body></html>\n<div>gateway disclaimer</div>", "x\n\ngateway disclaimer");
	assert_text("<html><body>a</body></html><html><body>second</body></html>", "a\nsecond");
}
END_TEST

/* A charset named in the body is not obeyed: the body is already UTF-8. */
START_TEST(test_meta_charset_ignored)
{
	assert_text("caf\xC3\xA9 <meta http-equiv=content-type content=\"text/html; "
	            "charset=iso-8859-1\"> caf\xC3\xA9", "caf\xC3\xA9 caf\xC3\xA9");
}
END_TEST

START_TEST(test_block_breaks)
{
	assert_text("<p>one</p><p>two</p>", "one\n\ntwo");
	assert_text("line1<br>line2<br/>line3<BR />end", "line1\nline2\nline3\nend");
	assert_text("<div>a</div><div>b</div>", "a\nb");
	assert_text("<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter");
	assert_text("<h1>Title</h1>body", "Title\n\nbody");
	assert_text("a<hr>b<blockquote>q</blockquote>c", "a\n\nb\n\nq\n\nc");
	assert_text("a<br><br><br><br>b", "a\n\nb");
}
END_TEST

START_TEST(test_tables)
{
	assert_text("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>",
	            "a\tb\nc\td");
}
END_TEST

START_TEST(test_whitespace)
{
	assert_text("  lots   of \n\n spaces\t\there  ", "lots of spaces here");
	assert_text("\n\n<p>\n  x  \n</p>\n\n", "x");
	assert_text("<pre>a\nb</pre>", "a\nb");
}
END_TEST

START_TEST(test_broken_html)
{
	assert_text("a < b and c > d", "a < b and c > d");
	assert_text("1<2 x", "1<2 x");
	assert_text("<a href=\"x>y\" title='p>q'>link</a>", "link");
	assert_text("<b>unclosed <i>tags", "unclosed tags");
	/* Stray "</" are dropped, the ">" after them kept. */
	assert_text("x</>y</ >z", "x>y >z");
	assert_text("a<br", "a");
	assert_text("a<!-- never closed", "a");
	assert_text("a<script>never closed", "a");
	assert_text("a<div title=\"never closed>b", "a");
	assert_text("a&", "a&");
	assert_text("a&#", "a");
	assert_text("a&#x", "a");
	assert_text("<", "<");
	assert_text("</", "");
	assert_text("<averyveryverylongtagnamethatgoesonandon>x", "x");
}
END_TEST

START_TEST(test_truncated_every_length)
{
	static const char html[] =
		"<html><head><title>t</title></head><body><p class=\"a>b\">Caf&eacute; "
		"&#x263A;<!-- c --><script>s</script><table><tr><td>1</td></tr></table>"
		"日本語 <br/>&amp</body></html>";
	size_t n;

	/* Every prefix must be handled without reading past it. */
	for (n = 0; n <= sizeof html - 1; n++) {
		char *copy = g_memdup2(html, n);
		char *t = text_of_len(copy, n);

		g_free(t);
		g_free(copy);
	}
	/* A cut in the middle of a character reference keeps what came before. */
	{
		char *t = text_of_len("caf&eac", 7);

		ck_assert_str_eq(t, "caf&eac");
		g_free(t);
	}
}
END_TEST

START_TEST(test_non_ascii_preserved)
{
	assert_text("<p>Grüße, Привет, 自动回复</p>", "Grüße, Привет, 自动回复");
	/* Invalid UTF-8 in the input does not leak out. */
	assert_text("ok\xFF\xC3" "done", "ok\xEF\xBF\xBD\xEF\xBF\xBD" "done");
}
END_TEST

START_TEST(test_nul_and_null)
{
	char *t = text_of_len("a\0b<b>\0</b>c", 12);

	ck_assert_str_eq(t, "abc");
	g_free(t);
	t = text_of_len(NULL, 10);
	ck_assert_str_eq(t, "");
	g_free(t);
}
END_TEST

START_TEST(test_random_markup_is_safe)
{
	static const char alphabet[] = "<>/!-&#;x\"'= \nabpscrit\xC3\xA9";
	GRand *rng = g_rand_new_with_seed(7);
	int i;

	for (i = 0; i < 2000; i++) {
		size_t len = (size_t)g_rand_int_range(rng, 0, 64), j;
		char *buf = g_malloc(len + 1);
		char *t;

		for (j = 0; j < len; j++)
			buf[j] = alphabet[g_rand_int_range(rng, 0, (gint32)sizeof alphabet - 1)];
		t = text_of_len(buf, len);
		ck_assert(strstr(t, "\n\n\n") == NULL);
		g_free(t);
		g_free(buf);
	}
	g_rand_free(rng);
}
END_TEST

static Suite *html_text_suite(void)
{
	Suite *s = suite_create("html-text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_plain_and_tags);
	tcase_add_test(tc, test_named_entities);
	tcase_add_test(tc, test_numeric_entities);
	tcase_add_test(tc, test_script_style_head_removed);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_after_html_end);
	tcase_add_test(tc, test_meta_charset_ignored);
	tcase_add_test(tc, test_block_breaks);
	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_whitespace);
	tcase_add_test(tc, test_broken_html);
	tcase_add_test(tc, test_truncated_every_length);
	tcase_add_test(tc, test_non_ascii_preserved);
	tcase_add_test(tc, test_nul_and_null);
	tcase_add_test(tc, test_random_markup_is_safe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(html_text_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
