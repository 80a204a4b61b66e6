/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_prefixes.c: unit tests of the generated fragments of a case
 * (analyzer/report/report-prefixes.c): whether the prefix table knows a
 * fragment, and the rows read from a temp case whose system columns are
 * set by hand (grouping, counts, identities, bases, script, dates, order,
 * --unknown).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "case-writer.h"
#include "record.h"
#include "report-prefixes.h"
#include "system-prefixes.h"
#include "../unit-util.h"

/* 外出答复： ("out-of-office answer:"), not a table prefix. */
#define ZH "\xe5\xa4\x96\xe5\x87\xba\xe7\xad\x94\xe5\xa4\x8d\xef\xbc\x9a"

START_TEST(fragment_known)
{
	ck_assert(mc_prefix_fragment_known("Automatic reply:"));
	ck_assert(mc_prefix_fragment_known("automatic reply :"));        /* case, space */
	ck_assert(mc_prefix_fragment_known("  Automatic reply:  "));
	ck_assert(mc_prefix_fragment_known("Automatic reply: \xe2\x80\xa6 Undeliverable:"));
	ck_assert(!mc_prefix_fragment_known("Automatic reply: Budget")); /* more after it */
	ck_assert(!mc_prefix_fragment_known("Automatic reply: \xe2\x80\xa6 (away)"));
	ck_assert(!mc_prefix_fragment_known(ZH));
	ck_assert(!mc_prefix_fragment_known(""));
	ck_assert(!mc_prefix_fragment_known(NULL));
	ck_assert(!mc_prefix_fragment_known("Automatic reply\xff:"));     /* not UTF-8 */
}
END_TEST

/* Every body boilerplate entry of the table is known as it is written
 * and in capitals; one with a word added is not. */
START_TEST(fragment_known_body)
{
	int n = 0;
	for (size_t i = 0; i < mc_n_system_prefixes; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		if (e->where != MC_PFX_BODY)
			continue;
		n++;
		ck_assert_msg(mc_prefix_fragment_known(e->text), "%s", e->text);
		char *up = g_utf8_strup(e->text, -1);
		ck_assert_msg(mc_prefix_fragment_known(up), "%s", up);
		char *more = g_strconcat(e->text, " zzqx", NULL);
		ck_assert_msg(!mc_prefix_fragment_known(more), "%s", more);
		g_free(up);
		g_free(more);
	}
	ck_assert_int_gt(n, 0);
}
END_TEST

/* Messages 1..7: prefix, kind, language, basis, identity, date. */
static const struct {
	const char *prefix, *kind, *lang, *basis, *identity, *date;
} sys[] = {
	{ "Automatic reply:", "auto_reply", "en", "table", "a@example.org", "2011-03-01T09:00:00Z" },
	{ "Automatic reply:", "auto_reply", "en", "thread-topic+table", "b@example.org",
	  "2011-03-03T09:00:00Z" },
	{ "Automatic reply:", "auto_reply", "en", "thread-topic", "a@example.org", "2011-03-02T09:00:00Z" },
	{ ZH, "auto_reply", NULL, "case-prefix;script=Hani", "a@example.org", "2011-03-10T09:00:00Z" },
	{ ZH, "auto_reply", NULL, NULL, NULL, NULL },
	{ ZH, "auto_reply", NULL, "case-prefix;script=Hani", "c@example.org", "2011-03-12T09:00:00Z" },
	{ NULL, NULL, NULL, NULL, "z@example.org", "2011-03-13T09:00:00Z" },   /* a person's */
};

static sqlite3 *prefixes_case(void)
{
	sqlite3 *db = new_case("pfx.db");
	long long ev;
	struct mc_case_writer *w = begin_mail_evidence(db, "/ev/box.pst", NULL, &ev);
	for (size_t i = 0; i < G_N_ELEMENTS(sys); i++) {
		struct mc_message *m = mc_message_new();
		m->local_id = (int64_t)i + 1;
		m->folder_local_id = 1;
		m->origin = MC_ORIGIN_FOLDER;
		m->locator = g_strdup_printf("pst:m%zu", i + 1);
		m->subject = g_strdup("subject");
		ck_assert_int_eq(mc_writer_message(w, m), 0);
		mc_message_free(m);
	}
	end_mail_evidence(w);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db,
		"UPDATE messages SET system_prefix = ?2, system_kind = ?3, system_language = ?4,"
		" system_language_basis = ?5, system_identity = ?6, date_utc = ?7"
		" WHERE id = (SELECT id FROM messages ORDER BY id LIMIT 1 OFFSET ?1 - 1)",
		-1, &st, NULL), SQLITE_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(sys); i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
		const char *v[] = { sys[i].prefix, sys[i].kind, sys[i].lang, sys[i].basis,
		                    sys[i].identity, sys[i].date };
		for (int k = 0; k < 6; k++)
			sqlite3_bind_text(st, k + 2, v[k], -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
		ck_assert_int_eq(sqlite3_changes(db), 1);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return db;
}

START_TEST(read_rows)
{
	sqlite3 *db = prefixes_case();
	struct mc_prefix_list l;
	ck_assert_int_eq(mc_prefixes_read(db, 0, &l), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.n_unknown, 1);

	const struct mc_prefix_row *u = &l.rows[0];  /* unknown first, though as frequent */
	ck_assert_str_eq(u->fragment, ZH);
	ck_assert_int_eq(u->known, 0);
	ck_assert_str_eq(u->kind, "auto_reply");
	ck_assert_ptr_null(u->language);
	ck_assert_str_eq(u->script, "Hani");
	ck_assert_int_eq(u->count, 3);
	ck_assert_str_eq(u->first_seen, "2011-03-10T09:00:00Z");
	ck_assert_str_eq(u->last_seen, "2011-03-12T09:00:00Z");
	ck_assert_int_eq(u->n_identities, 2);
	ck_assert_int_eq(u->n_identities_kept, 2);
	ck_assert_str_eq(u->identities[0].name, "a@example.org");
	ck_assert_str_eq(u->identities[1].name, "c@example.org");
	ck_assert_int_eq(u->n_bases, 2);
	ck_assert_str_eq(u->bases[0].name, "case-prefix");
	ck_assert_int_eq(u->bases[0].count, 2);
	ck_assert_ptr_null(u->bases[1].name);          /* not recorded */
	ck_assert_int_eq(u->bases[1].count, 1);

	const struct mc_prefix_row *k = &l.rows[1];
	ck_assert_str_eq(k->fragment, "Automatic reply:");
	ck_assert_int_eq(k->known, 1);
	ck_assert_str_eq(k->language, "en");
	ck_assert_str_eq(k->script, "Latn");
	ck_assert_int_eq(k->count, 3);
	ck_assert_str_eq(k->first_seen, "2011-03-01T09:00:00Z");
	ck_assert_str_eq(k->last_seen, "2011-03-03T09:00:00Z");
	ck_assert_int_eq(k->n_identities, 2);
	ck_assert_str_eq(k->identities[0].name, "a@example.org");
	ck_assert_int_eq(k->identities[0].count, 2);
	ck_assert_str_eq(k->identities[1].name, "b@example.org");
	ck_assert_int_eq(k->n_bases, 2);               /* the first part of each basis */
	ck_assert_str_eq(k->bases[0].name, "thread-topic");
	ck_assert_int_eq(k->bases[0].count, 2);
	ck_assert_str_eq(k->bases[1].name, "table");
	mc_prefixes_free(&l);

	ck_assert_int_eq(mc_prefixes_read(db, 1, &l), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.rows[0].fragment, ZH);
	mc_prefixes_free(&l);

	/* More messages for the known one: it is still after the unknown. */
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE messages SET system_prefix = 'Automatic reply:',"
	                              " system_kind = 'auto_reply', system_language = 'en'"
	                              " WHERE system_prefix IS NULL", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(mc_prefixes_read(db, 0, &l), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_int_eq(l.rows[0].known, 0);
	ck_assert_int_eq(l.rows[1].count, 4);
	mc_prefixes_free(&l);
	mc_case_close(db);
}
END_TEST

static Suite *prefixes_suite(void)
{
	Suite *s = suite_create("prefixes");
	TCase *t = tcase_create("known");
	tcase_add_test(t, fragment_known);
	tcase_add_test(t, fragment_known_body);
	suite_add_tcase(s, t);
	t = tcase_create("read");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, read_rows);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(prefixes_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
