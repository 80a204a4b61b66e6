/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_time.c: unit tests of analyzer/case/case-time.c: what a case
 * time reader accepts (the Z or an offset, fractions, GLib's other ISO 8601
 * forms), what it refuses, what the MC_CASE_TIME_* flags add (a time
 * without offset as UTC, a date alone as its midnight), and writing times.
 * Runs with TZ set away from UTC, so that nothing may read local time.
 */

#include <stdlib.h>
#include <check.h>
#include <glib.h>

#include "case-time.h"

#define T_2011 INT64_C(1298080137)   /* 2011-02-19T01:48:57Z */
#define ALL (MC_CASE_TIME_NO_OFFSET | MC_CASE_TIME_DAY)

/* Seconds of s read with `accept`, or -99 when refused (*t untouched). */
static int64_t secs(const char *s, unsigned accept)
{
	int64_t t = -99;
	if (mc_case_time_unix(s, accept, &t) != 0)
		ck_assert_int_eq(t, -99);
	return t;
}

/* s is read as `want` whatever the flags. */
static void same_with_any_flags(const char *s, int64_t want)
{
	static const unsigned flags[] = { 0, MC_CASE_TIME_NO_OFFSET, MC_CASE_TIME_DAY, ALL };
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
		ck_assert_msg(secs(s, flags[i]) == want, "%s with flags %u", s, flags[i]);
}

START_TEST(case_format_and_offsets)
{
	same_with_any_flags("2011-02-19T01:48:57Z", T_2011);
	same_with_any_flags("2011-02-19T01:48:57+08:00", T_2011 - 8 * 3600);
	same_with_any_flags("2011-02-19T01:48:57+0800", T_2011 - 8 * 3600);
	same_with_any_flags("2011-02-19T01:48:57+08", T_2011 - 8 * 3600);
	same_with_any_flags("2011-02-19T01:48:57-05:30", T_2011 + 5 * 3600 + 30 * 60);
	same_with_any_flags("1970-01-01T00:00:00Z", 0);
	same_with_any_flags("9999-12-31T23:59:59Z", INT64_C(253402300799));
	same_with_any_flags("0001-01-01T00:00:00Z", INT64_C(-62135596800));
}
END_TEST

START_TEST(fractions_and_other_forms)
{
	same_with_any_flags("2011-02-19T01:48:57.5Z", T_2011);
	same_with_any_flags("2011-02-19T01:48:57.999999999Z", T_2011);
	same_with_any_flags("1969-12-31T23:59:59.5Z", -1);   /* towards the past */
	GDateTime *dt = mc_case_time_parse("2011-02-19T01:48:57.123456789Z", 0);
	ck_assert_ptr_nonnull(dt);
	ck_assert_int_eq(g_date_time_get_microsecond(dt), 123456);
	ck_assert_int_eq(g_date_time_get_utc_offset(dt), 0);
	g_date_time_unref(dt);
	dt = mc_case_time_parse("2011-02-19T01:48:57+08:00", 0);
	ck_assert_int_eq(g_date_time_get_utc_offset(dt), G_TIME_SPAN_HOUR * 8);
	g_date_time_unref(dt);
	same_with_any_flags("20110219T014857Z", T_2011);
	same_with_any_flags("2011-02-19t01:48:57Z", T_2011);
	same_with_any_flags("2011-02-19 01:48:57Z", T_2011);
	same_with_any_flags("2011-W07-6T01:48:57Z", T_2011);
	same_with_any_flags("2011-050T01:48:57Z", T_2011);
	same_with_any_flags("2011-02-19T01:48:60Z", T_2011 + 2);   /* second 60 is 59 */
}
END_TEST

START_TEST(refused)
{
	static const char *const bad[] = {
		"", "garbage", "2011-02-19t01:48:57z", "2011-02-19T01:48Z", "2011-02-19T0148Z",
		"2011-02-19T01Z", "2011-02-30T00:00:00Z", "2011-02-19T24:00:00Z",
		"2011-02-19T01:48:57+25:00", "2011-02-19T01:48:57+08:60", "2011-02-19T01:48:57ZZ",
		" 2011-02-19T01:48:57Z", "2011-02-19T01:48:57Z ", "0000-01-01T00:00:00Z",
		"10000-01-01T00:00:00Z", "2011-02-19x", "2011-02-19 ", "20110219",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		same_with_any_flags(bad[i], -99);
	same_with_any_flags(NULL, -99);
	ck_assert_ptr_null(mc_case_time_parse(NULL, ALL));
	ck_assert_ptr_null(mc_case_time_parse("garbage", ALL));
}
END_TEST

START_TEST(time_without_offset)
{
	/* Refused unless the reader takes it, then UTC, never local time. */
	ck_assert_int_eq(secs("2011-02-19T01:48:57", 0), -99);
	ck_assert_int_eq(secs("2011-02-19T01:48:57", MC_CASE_TIME_DAY), -99);
	ck_assert_int_eq(secs("2011-02-19T01:48:57", MC_CASE_TIME_NO_OFFSET), T_2011);
	ck_assert_int_eq(secs("2011-02-19 01:48:57.5", MC_CASE_TIME_NO_OFFSET), T_2011);
	GDateTime *dt = mc_case_time_parse("2011-02-19T01:48:57", MC_CASE_TIME_NO_OFFSET);
	ck_assert_int_eq(g_date_time_get_utc_offset(dt), 0);
	ck_assert_int_eq(g_date_time_get_hour(dt), 1);
	g_date_time_unref(dt);
}
END_TEST

START_TEST(date_alone)
{
	const int64_t day = T_2011 - (1 * 3600 + 48 * 60 + 57);
	ck_assert_int_eq(secs("2011-02-19", 0), -99);
	ck_assert_int_eq(secs("2011-02-19", MC_CASE_TIME_NO_OFFSET), -99);
	ck_assert_int_eq(secs("2011-02-19", MC_CASE_TIME_DAY), day);
	ck_assert_int_eq(secs("2011-02-19", ALL), day);
	/* sscanf's leniency, kept as it was */
	ck_assert_int_eq(secs("2011-2-19", MC_CASE_TIME_DAY), day);
	ck_assert_int_eq(secs(" 2011-02-19", MC_CASE_TIME_DAY), day);
	ck_assert_int_eq(secs("2011-02-30", MC_CASE_TIME_DAY), -99);
	ck_assert_int_eq(secs("2011-02-19 ", MC_CASE_TIME_DAY), -99);
	ck_assert_int_eq(secs("2011-02-19T", MC_CASE_TIME_DAY), -99);
	ck_assert_int_eq(secs("0000-01-01", MC_CASE_TIME_DAY), -99);
	GDateTime *dt = mc_case_time_parse("2011-02-19", MC_CASE_TIME_DAY);
	ck_assert_int_eq(g_date_time_get_utc_offset(dt), 0);
	g_date_time_unref(dt);
}
END_TEST

START_TEST(format)
{
	char out[MC_CASE_TIME_LEN + 1];
	ck_assert_int_eq(mc_case_time_format(T_2011, out), 0);
	ck_assert_str_eq(out, "2011-02-19T01:48:57Z");
	ck_assert_int_eq(mc_case_time_format(0, out), 0);
	ck_assert_str_eq(out, "1970-01-01T00:00:00Z");
	ck_assert_int_eq(mc_case_time_format(-1, out), 0);
	ck_assert_str_eq(out, "1969-12-31T23:59:59Z");
	ck_assert_int_eq(mc_case_time_format(INT64_C(-30610224000), out), 0);
	ck_assert_str_eq(out, "1000-01-01T00:00:00Z");
	ck_assert_int_eq(mc_case_time_format(INT64_C(253402300799), out), 0);
	ck_assert_str_eq(out, "9999-12-31T23:59:59Z");
	/* years without four digits: refused, out untouched */
	ck_assert_int_eq(mc_case_time_format(INT64_C(-30610224001), out), -1);
	ck_assert_int_eq(mc_case_time_format(INT64_C(253402300800), out), -1);
	ck_assert_int_eq(mc_case_time_format(INT64_MIN, out), -1);
	ck_assert_str_eq(out, "9999-12-31T23:59:59Z");
	/* what is written reads back */
	static const int64_t ts[] = { T_2011, 0, -1, INT64_C(951782400), INT64_C(4102444799) };
	for (size_t i = 0; i < G_N_ELEMENTS(ts); i++) {
		ck_assert_int_eq(mc_case_time_format(ts[i], out), 0);
		ck_assert_int_eq(secs(out, 0), ts[i]);
	}
}
END_TEST

int main(void)
{
	g_setenv("TZ", "Asia/Shanghai", TRUE);
	Suite *s = suite_create("case_time");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, case_format_and_offsets);
	tcase_add_test(tc, fractions_and_other_forms);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, time_without_offset);
	tcase_add_test(tc, date_alone);
	tcase_add_test(tc, format);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
