/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_formats.c: unit tests of format detection (parsers/formats.c): the
 * mbox and EML readers' bids on the first bytes of a file, and the format
 * mc_format_detect() picks from them.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <glib.h>

#include "parser.h"

static int bid(const struct mc_format *f, const char *head, size_t n)
{
	struct mc_probe p = { "x", 0, (const unsigned char *)head, n, n };
	return f->bid(&p);
}

static const char *detect(const char *head, size_t n)
{
	struct mc_probe p = { "x", 0, (const unsigned char *)head, n, n };
	const struct mc_format *f = mc_format_detect(&p);
	return f ? f->name : "none";
}

#define BID(f, s) bid(&(f), (s), sizeof(s) - 1)
#define DETECT(s) detect((s), sizeof(s) - 1)

START_TEST(bids_files)
{
	ck_assert_int_eq(BID(mc_format_mbox, "From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From a@b Mon Jan  1 10:00:00 2001\r\nSubject: x\r\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From - \nReturn-Path: <>\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From - \nhello\n"), 0);
	ck_assert_int_eq(BID(mc_format_mbox, "From the desk of X\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_mbox, "Received: from x\nFrom: a@b\n\nb\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Received: from x\n\tby y\nFrom: a@b\nSubject: s\n\nbody\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "X-Mailer: foo\r\n\r\nbody\r\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "\xEF\xBB\xBFSubject: s\n\nb\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "Content-Type: text/plain\n\nhi\n"), 50);
	ck_assert_int_eq(BID(mc_format_eml, "  \n\t\r\nDelivered-To: a@b\r\n\r\nb"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "\n\nhello\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Foo: bar\nBaz: x\n\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Hello world: not mail\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Subject: a\0b\n\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1Subject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "!BDN\x01\x02Subject: x\n"), 0);
	ck_assert_str_eq(DETECT("From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), "mbox");
	ck_assert_str_eq(DETECT("Date: Mon, 1 Jan 2001 10:00:00 +0000\nSubject: x\n\nb"), "eml");
	ck_assert_str_eq(DETECT("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), "none");
	ck_assert_str_eq(DETECT("\0\0\0\0\0\0\0\0binary"), "none");
}
END_TEST

static Suite *formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *t = tcase_create("bids");
	tcase_add_test(t, bids_files);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(formats_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
