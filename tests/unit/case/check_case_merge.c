/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_case_merge.c: unit tests of analyzer/case/case-merge.c's checks:
 * mc_case_merge_check gives the SHA-256 of the shard it checked; a shard
 * merged unchanged since (the same SHA-256) is not checked for damage a
 * second time (no PRAGMA quick_check on the case's connection), while one
 * changed since, or merged without a check, is; a shard damaged after its
 * check is still refused, and the case left as it was; the merge sets
 * the text index's pending size as the writer does.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "../unit-util.h"
#include "case-fts.h"
#include "case-merge.h"

static int quick_checks;

static int count_quick_checks(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (type == SQLITE_TRACE_STMT && strstr((const char *)x, "quick_check"))
		quick_checks++;
	(void)p;
	return 0;
}

/* A shard at tmp/name holding one evidence of one message. */
static char *make_shard(const char *name, const char *evidence)
{
	sqlite3 *db = new_case(name);
	long long ev;
	struct mc_case_writer *w = begin_mail_evidence(db, evidence, NULL, &ev);
	struct mc_message *m = mc_message_new();
	m->local_id = 1;
	m->folder_local_id = 1;
	m->locator = g_strdup("pst:1");
	m->subject = g_strdup("Automatic reply: merged");
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	mc_message_free(m);
	end_mail_evidence(w);
	mc_case_close(db);
	return tmp_path(name);
}

static char *shard, sha[65], err[1024];
static struct mc_merge_counts counts;

/* Each test starts with the shard s.db, checked: its SHA-256 in sha. */
static void setup(void)
{
	unit_tmp_setup();
	shard = make_shard("s.db", "/ev/a.pst");
	ck_assert_int_eq(mc_case_merge_check(shard, NULL, 0, sha, err, sizeof err), MC_MERGE_DONE);
}

static void teardown(void)
{
	g_free(shard);
	unit_tmp_teardown();
}

static sqlite3 *traced_case(const char *name)
{
	sqlite3 *db = new_case(name);
	quick_checks = 0;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, count_quick_checks, NULL);
	return db;
}

START_TEST(the_check_gives_the_sha256_of_the_file_it_checked)
{
	gchar *bytes;
	gsize len;
	ck_assert(g_file_get_contents(shard, &bytes, &len, NULL));
	gchar *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
	ck_assert_str_eq(sha, want);
	g_free(want);
	g_free(bytes);

	/* A shard refused gives no SHA-256. */
	char *foreign = tmp_path("foreign.db");
	ck_assert(g_file_set_contents(foreign, "not a case", -1, NULL));
	ck_assert_int_eq(mc_case_merge_check(foreign, NULL, 0, sha, err, sizeof err), MC_MERGE_REFUSED);
	ck_assert_str_eq(sha, "");
	g_free(foreign);
}
END_TEST

START_TEST(a_shard_unchanged_since_its_check_is_not_checked_again)
{
	sqlite3 *db = traced_case("c.db");
	ck_assert_int_eq(mc_case_merge_shard(db, shard, 0, 0, sha, &counts, err, sizeof err), MC_MERGE_DONE);
	ck_assert_int_eq(quick_checks, 0);
	ck_assert_int_eq(counts.messages, 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'merged'"), 1);
	/* The merge writes the text index with the writer's pending size. */
	ck_assert_int_eq(scalar(db, "SELECT v FROM messages_fts_config WHERE k = 'hashsize'"),
	                 MC_FTS_HASHSIZE);
	mc_case_close(db);
}
END_TEST

START_TEST(a_shard_changed_since_its_check_or_never_checked_is_checked)
{
	char *other = make_shard("t.db", "/ev/b.pst");
	/* Written again after its check: another evidence. */
	sqlite3 *s = open_case("s.db", MC_CASE_WRITE, err);
	ck_assert_ptr_nonnull(s);
	long long ev;
	end_mail_evidence(begin_mail_evidence(s, "/ev/c.pst", NULL, &ev));
	mc_case_close(s);

	sqlite3 *db = traced_case("c.db");
	ck_assert_int_eq(mc_case_merge_shard(db, shard, 0, 0, sha, &counts, err, sizeof err), MC_MERGE_DONE);
	ck_assert_int_eq(quick_checks, 1);
	ck_assert_int_eq(counts.evidence_added, 2);
	ck_assert_int_eq(mc_case_merge_shard(db, other, 0, 0, NULL, &counts, err, sizeof err), MC_MERGE_DONE);
	ck_assert_int_eq(quick_checks, 2);
	mc_case_close(db);
	g_free(other);
}
END_TEST

START_TEST(a_shard_damaged_since_its_check_is_refused)
{
	/* Its last page zeroed: a B-tree page of it is gone, which only
	 * quick_check reads before the copy. */
	FILE *f = fopen(shard, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	ck_assert_int_eq(fseek(f, size - 4096, SEEK_SET), 0);
	for (long i = size - 4096; i < size; i++)
		fputc(0, f);
	fclose(f);

	sqlite3 *db = traced_case("c.db");
	ck_assert_int_eq(mc_case_merge_shard(db, shard, 0, 0, sha, &counts, err, sizeof err), MC_MERGE_REFUSED);
	ck_assert_msg(strstr(err, "s.db: shard refused: damaged") != NULL, "%s", err);
	ck_assert_int_eq(quick_checks, 1);
	ck_assert_int_eq(scalar(db, "SELECT (SELECT count(*) FROM evidence) + (SELECT count(*) FROM messages)"
	                        " + (SELECT count(*) FROM shards)"), 0);
	mc_case_close(db);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("case_merge");
	TCase *tc = tcase_create("checks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, the_check_gives_the_sha256_of_the_file_it_checked);
	tcase_add_test(tc, a_shard_unchanged_since_its_check_is_not_checked_again);
	tcase_add_test(tc, a_shard_changed_since_its_check_or_never_checked_is_checked);
	tcase_add_test(tc, a_shard_damaged_since_its_check_is_refused);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
