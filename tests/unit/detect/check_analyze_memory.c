/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_analyze_memory.c: the memory SQLite takes during the analysis of a
 * mailbox of many messages (analyzer/detect/analyze.c and its rules) stays
 * within the case's page cache plus a bound that does not grow with the
 * messages: a query that sorts all of a mailbox's messages in memory (the
 * case's temp store) fails it. Also checks what off-hours-activity finds
 * there: one event per Message-ID, the earliest night events linked.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "analyze.h"
#include "case-db.h"
#include "case-writer.h"
#include "record.h"
#include "../unit-util.h"

#define OWNER "jan@example.com"
#define SENT 60000          /* distinct sends, one an hour */
#define COPIES 100          /* the first sends again, in the Inbox */
#define T0 INT64_C(1300000000)   /* 2011-03-13T07:06:40Z */
#define CACHE_KIB 2048
/* What SQLite may take beyond its (already full) page cache whatever the
 * number of messages: statements, the analysis' bounded sorts. Measured at
 * 30,000 / 60,000 / 120,000 sends: 69 / 98 / 100 KB; before, when
 * off-hours-activity and the identities' usual values sorted a mailbox's
 * messages in memory, 1.9 MB at 30,000, growing with the messages. */
#define BOUND_BYTES (512 * 1024)

static int night(int64_t i)
{
	return ((T0 + i * 3600) % 86400) / 3600 < 6;
}

static void write_mailbox(sqlite3 *db)
{
	long long ev;
	struct mc_case_writer *w = begin_mail_evidence(db, "/ev/jan.pst", OWNER, &ev);
	for (int64_t i = 0; i < SENT + COPIES; i++) {
		int copy = i >= SENT;
		int64_t n = copy ? i - SENT : i;
		struct mc_message *m = mc_message_new();
		m->local_id = i + 1;
		m->folder_local_id = copy ? 1 : 2;
		m->origin = MC_ORIGIN_FOLDER;
		m->locator = g_strdup_printf("pst:%lld", (long long)i + 1);
		m->subject = g_strdup_printf("report %lld", (long long)n);
		m->from_addr = g_strdup(OWNER);
		m->message_id = g_strdup_printf("<%lld@example.com>", (long long)n);
		m->has_date = 1;
		m->date_unix = T0 + n * 3600;
		mc_message_add_recipient(m, "to", NULL, "anna@example.org");
		ck_assert_int_eq(mc_writer_message(w, m), 0);
		mc_message_free(m);
	}
	end_mail_evidence(w);
}

START_TEST(analysis_memory_bounded)
{
	sqlite3 *db = new_case("many.db");
	write_mailbox(db);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", CACHE_KIB);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_int64 before, high;
	ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &before, &high, 1), SQLITE_OK);
	struct mc_analyze_totals totals;
	ck_assert_int_eq(mc_analyze(db, NULL, &totals), 0);
	sqlite3_int64 now;
	ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &now, &high, 0), SQLITE_OK);
	ck_assert_int_eq(totals.messages, SENT + COPIES);
	long long grown = (long long)(high - before);
	ck_assert_msg(grown < BOUND_BYTES, "the analysis took %lld bytes beyond the page cache",
	              grown);

	int64_t nights = 0, last_linked = -1;
	for (int64_t i = 0; i < SENT; i++) {
		if (!night(i))
			continue;
		if (++nights == 200)
			last_linked = i;
	}
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM findings WHERE rule = 'off-hours-activity'"
	                        " AND identity = '" OWNER "'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT json_extract(details, '$.events') FROM findings"
	                        " WHERE rule = 'off-hours-activity'"), SENT);
	ck_assert_int_eq(scalar(db, "SELECT json_extract(details, '$.night_events') FROM findings"
	                        " WHERE rule = 'off-hours-activity'"), nights);
	/* The 200 earliest night sends, each the first stored of its copies. */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM finding_messages fm JOIN findings f"
	                        " ON f.id = fm.finding_id WHERE f.rule = 'off-hours-activity'"), 200);
	char *q = g_strdup_printf("SELECT count(*) FROM finding_messages fm JOIN findings f"
	                          " ON f.id = fm.finding_id JOIN messages m ON m.id = fm.message_id"
	                          " JOIN folders d ON d.id = m.folder_id"
	                          " WHERE f.rule = 'off-hours-activity' AND d.role = 'sent'"
	                          " AND m.date_utc <= (SELECT date_utc FROM messages"
	                          "  WHERE subject = 'report %lld' AND folder_id = d.id)",
	                          (long long)last_linked);
	ck_assert_int_eq(scalar(db, q), 200);
	g_free(q);
	mc_case_close(db);
}
END_TEST

int main(void)
{
	/* SQLite's own count of its memory, which mc_case_open() turns off
	 * when it initialises SQLite first. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
	sqlite3_initialize();
	Suite *s = suite_create("analyze_memory");
	TCase *t = tcase_create("memory");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, analysis_memory_bounded);
	tcase_set_timeout(t, 120);
	suite_add_tcase(s, t);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
