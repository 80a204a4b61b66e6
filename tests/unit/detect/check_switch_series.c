/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_switch_series.c: unit tests of analyzer/detect/switch-series.c: which
 * kinds follow the session's language, and the switch search over a series
 * (every kind, the session kinds alone, the owner's language as a short
 * baseline, a single later message), the window's opening message and the
 * scripts of language tags.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "switch-series.h"

/* A series from "kind:lang" items, one day apart, keyed by language. */
static GArray *series(const char *const *items)
{
	GArray *a = mc_sysmsg_array_new();
	for (int i = 0; items[i]; i++) {
		char **kv = g_strsplit(items[i], ":", 2);
		char *time = g_strdup_printf("2011-02-%02dT10:00:00Z", i + 1);
		/* "ndr:ko:home": written by the mailbox's own server */
		char **lh = g_strsplit(kv[1], ":", 2);
		mc_sysmsg_append(a, i + 1, time, kv[0], lh[0], lh[0], lh[1] && !strcmp(lh[1], "home"));
		g_strfreev(lh);
		g_free(time);
		g_strfreev(kv);
	}
	return a;
}

START_TEST(kinds_follow)
{
	ck_assert_str_eq(mc_switch_kind_follows("auto_reply"), "session");
	ck_assert_str_eq(mc_switch_kind_follows("read_receipt"), "session");
	ck_assert_str_eq(mc_switch_kind_follows("nonread_receipt"), "session");
	ck_assert_str_eq(mc_switch_kind_follows("meeting_response"), "session");
	ck_assert_str_eq(mc_switch_kind_follows("ndr"), "server");
	ck_assert_str_eq(mc_switch_kind_follows("delivery_receipt"), "server");
	ck_assert_str_eq(mc_switch_kind_follows("system_notice"), "server");
	ck_assert_ptr_null(mc_switch_kind_follows("list_or_bulk"));
	ck_assert_ptr_null(mc_switch_kind_follows(NULL));
}
END_TEST

START_TEST(switch_over_every_kind)
{
	static const char *const items[] = { "auto_reply:fr", "ndr:fr", "auto_reply:ko",
	                                     "read_receipt:ko", "ndr:ko", NULL };
	GArray *a = series(items);
	struct mc_switch sw = mc_switch_find(a, "fr", 0);
	ck_assert_int_eq(sw.k, 2);
	ck_assert_uint_eq(sw.in_new, 3);
	ck_assert_int_eq(sw.before, MC_BEFORE_MESSAGES);
	/* the language the person writes is no switch */
	ck_assert_int_eq(mc_switch_find(a, "ko", 0).k, -1);
	g_array_free(a, TRUE);
}
END_TEST

/* Server reports that stay French after the session turned Korean
 * outnumber the receipts over every kind, not among the session kinds. */
START_TEST(server_kinds_do_not_cancel)
{
	static const char *const items[] = { "auto_reply:fr", "read_receipt:fr",
		"read_receipt:ko", "delivery_receipt:fr", "system_notice:fr",
		"read_receipt:ko", "delivery_receipt:fr", NULL };
	GArray *a = series(items);
	ck_assert_int_eq(mc_switch_find(a, "fr", 0).k, -1);
	GArray *s = mc_switch_session_series(a);
	ck_assert_uint_eq(s->len, 4);
	struct mc_switch sw = mc_switch_find(s, "fr", 1);
	ck_assert_int_eq(sw.k, 2);
	ck_assert_uint_eq(sw.in_new, 2);
	ck_assert_int_eq(sw.before, MC_BEFORE_MESSAGES);
	ck_assert_str_eq(g_array_index(s, struct mc_sysmsg, 2).time, "2011-02-03T10:00:00Z");
	g_array_free(s, TRUE);
	g_array_free(a, TRUE);
}
END_TEST

START_TEST(owner_language_baseline)
{
	static const char *const items[] = { "read_receipt:fr", "auto_reply:zh-Hans",
	                                     "auto_reply:zh-Hans", "auto_reply:zh-Hans", NULL };
	GArray *a = series(items);
	ck_assert_int_eq(mc_switch_find(a, "fr", 0).k, -1);          /* one earlier message */
	struct mc_switch sw = mc_switch_find(a, "fr", 1);
	ck_assert_int_eq(sw.k, 1);
	ck_assert_int_eq(sw.before, MC_BEFORE_OWNER_LANGUAGE);
	ck_assert_int_eq(mc_switch_find(a, "de", 1).k, -1);          /* not the owner's */
	ck_assert_int_eq(mc_switch_find(a, NULL, 1).k, -1);          /* owner unknown */
	g_array_free(a, TRUE);
	/* nothing earlier at all: a mismatch, not a switch */
	static const char *const none[] = { "auto_reply:en", "auto_reply:en", "auto_reply:en", NULL };
	a = series(none);
	ck_assert_int_eq(mc_switch_find(a, "fr", 1).k, -1);
	g_array_free(a, TRUE);
}
END_TEST

START_TEST(single_later_message)
{
	static const char *const last[] = { "auto_reply:fr", "auto_reply:fr", "read_receipt:ko", NULL };
	GArray *a = series(last);
	ck_assert_int_eq(mc_switch_find(a, "fr", 0).k, -1);
	struct mc_switch sw = mc_switch_find(a, "fr", 1);
	ck_assert_int_eq(sw.k, 2);
	ck_assert_uint_eq(sw.in_new, 1);
	g_array_free(a, TRUE);
	/* one message in another language between the owner's: no switch */
	static const char *const between[] = { "auto_reply:fr", "auto_reply:fr", "read_receipt:ko",
	                                       "auto_reply:fr", NULL };
	a = series(between);
	ck_assert_int_eq(mc_switch_find(a, "fr", 1).k, -1);
	g_array_free(a, TRUE);
}
END_TEST

/* The mailbox's own server's notices and reports join the session kinds;
 * a remote server's do not. */
START_TEST(home_server_series)
{
	static const char *const items[] = { "auto_reply:fr", "ndr:fr:home", "ndr:de",
	                                     "system_notice:zh:home", "ndr:fr", NULL };
	GArray *a = series(items);
	GArray *session = mc_switch_session_series(a);
	ck_assert_uint_eq(session->len, 1);
	ck_assert_int_eq(mc_switch_find(session, "fr", 1).k, -1);
	GArray *h = mc_switch_home_series(a);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->len, 3);
	ck_assert_str_eq(g_array_index(h, struct mc_sysmsg, 2).kind, "system_notice");
	ck_assert_int_eq(g_array_index(h, struct mc_sysmsg, 1).home_server, 1);
	struct mc_switch sw = mc_switch_find(h, "fr", 1);
	ck_assert_int_eq(sw.k, 2);
	ck_assert_uint_eq(sw.in_new, 1);
	g_array_free(h, TRUE);
	g_array_free(session, TRUE);
	g_array_free(a, TRUE);
	/* no server message of the mailbox's own: no such series */
	static const char *const remote[] = { "auto_reply:fr", "ndr:zh", "read_receipt:fr", NULL };
	a = series(remote);
	ck_assert_ptr_null(mc_switch_home_series(a));
	g_array_free(a, TRUE);

	ck_assert_int_eq(mc_switch_same_domain("postmaster@Example.ORG", "anna@example.org"), 1);
	ck_assert_int_eq(mc_switch_same_domain("MicrosoftExchange1@mail.example.org", "anna@example.org"), 1);
	ck_assert_int_eq(mc_switch_same_domain("postmaster@badexample.org", "anna@example.org"), 0);
	ck_assert_int_eq(mc_switch_same_domain("postmaster@example.org.evil", "anna@example.org"), 0);
	ck_assert_int_eq(mc_switch_same_domain("MAILER-DAEMON", "anna@example.org"), 0);
	ck_assert_int_eq(mc_switch_same_domain(NULL, "anna@example.org"), 0);
	ck_assert_int_eq(mc_switch_same_domain("a@example.org", "anna@"), 0);
}
END_TEST

/* A notice the server keeps writing in the old language after the switch
 * does not open the window; the last earlier receipt does. */
START_TEST(window_and_scripts)
{
	static const char *const items[] = { "read_receipt:it", "auto_reply:it",
		"read_receipt:it", "system_notice:it", "read_receipt:ko", "read_receipt:ko", NULL };
	GArray *a = series(items);
	int bounded = -1;
	ck_assert_uint_eq(mc_switch_window_start(a, 4, &bounded), 2);
	ck_assert_int_eq(bounded, 1);
	unsigned n = 0;
	ck_assert_str_eq(mc_switch_mode_lang(a, 0, 4, &n), "it");
	ck_assert_uint_eq(n, 4);
	g_array_free(a, TRUE);
	static const char *const other[] = { "ndr:it", "ndr:it", "auto_reply:ko", "auto_reply:ko",
	                                     NULL };
	a = series(other);
	ck_assert_uint_eq(mc_switch_window_start(a, 2, &bounded), 0);
	ck_assert_int_eq(bounded, 0);
	g_array_free(a, TRUE);
	ck_assert_str_eq(mc_switch_script_of_tag("ko"), "Hang");
	ck_assert_str_eq(mc_switch_script_of_tag("zh-Hant"), "Hani");
	ck_assert_str_eq(mc_switch_script_of_tag("und-Cyrl"), "Cyrl");
	ck_assert_str_eq(mc_switch_script_of_tag("fr"), "Latn");
	ck_assert_str_eq(mc_switch_script_name("Hang"), "Hangul");
	ck_assert_str_eq(mc_switch_script_name("Zzzz"), "Zzzz");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("switch_series");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, kinds_follow);
	tcase_add_test(tc, switch_over_every_kind);
	tcase_add_test(tc, server_kinds_do_not_cancel);
	tcase_add_test(tc, owner_language_baseline);
	tcase_add_test(tc, single_later_message);
	tcase_add_test(tc, home_server_series);
	tcase_add_test(tc, window_and_scripts);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
