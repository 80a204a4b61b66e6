/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_case_writer.c: unit tests of the case writer
 * (analyzer/case/case-writer.c): records stored and linked, counts, the
 * text index (written in batches as a large evidence is stored, and its
 * pending-index size, case-fts.h), deletion of an
 * evidence, rollback, and the memory the writer keeps for each message of
 * an evidence.
 */
#include "config.h"

#include <check.h>
#include <malloc.h>
#include <stdlib.h>
#include <glib.h>

#include "case-db.h"
#include "case-fts.h"
#include "case-writer.h"
#include "record.h"
#include "../unit-util.h"

static long long add_evidence(struct mc_case_writer *w, const char *path)
{
	struct mc_evidence_row row = { .path = path, .size = 1, .sha256 = "aa", .md5 = "bb",
	                               .status = "failed", .error = "ingest did not complete" };
	return mc_writer_add_evidence(w, &row);
}

START_TEST(writer_stores_and_links)
{
	char err[512];
	sqlite3 *db = open_case("w.db", MC_CASE_WRITE, err);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	long long ev = add_evidence(w, "/ev/a.mbox");
	ck_assert_int_gt(ev, 0);
	struct mc_folder *f = mc_folder_new();
	f->local_id = 2;
	f->name = g_strdup("Inbox");
	f->role = MC_ROLE_INBOX;
	ck_assert_int_eq(mc_writer_folder(w, f), 0);

	/* The embedded message arrives before its parent: linked at the end. */
	struct mc_message *child = sample_message();
	ck_assert_int_eq(mc_writer_message(w, child), 0);
	struct mc_message *parent = mc_message_new();
	parent->local_id = 3;
	parent->folder_local_id = 2;
	parent->locator = g_strdup("mbox:0+10");
	parent->subject = g_strdup("Undeliverable: x");
	ck_assert_int_eq(mc_writer_message(w, parent), 0);
	ck_assert_int_eq(mc_writer_problem(w, "bogus-severity", NULL, "x"), 0);
	ck_assert_int_eq(mc_writer_finish_evidence(w, "ok", "mboxo", NULL), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);

	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages c JOIN messages p ON p.id = c.parent_id"
	                        " WHERE p.subject = 'Undeliverable: x' AND c.origin = 'embedded'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT message_count * 10 + embedded_count FROM evidence"), 11);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM evidence WHERE status = 'ok'"
	                        " AND variant = 'mboxo' AND error IS NULL AND problem_count = 1"), 1);
	ck_assert_int_eq(scalar(db, "SELECT message_count FROM folders WHERE role = 'inbox'"), 2);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM problems WHERE severity = 'warning'"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages WHERE date_utc = '2011-03-14T08:40:12Z'"
	                        " AND date_offset = 480 AND charset_mismatch = 1"
	                        " AND submit_time = '2011-03-13T07:06:40Z' AND creation_time IS NULL"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM headers WHERE raw IS NOT NULL"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 1);
	/* The text index has an entry for each message (indexed at commit, schema 4). */
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts_docsize"), 2);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);

	/* Deleting the evidence takes everything with it, the index included. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	ck_assert_int_eq(mc_writer_delete_evidence(w, ev), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM headers)"
	                        " + (SELECT count(*) FROM recipients) + (SELECT count(*) FROM attachments)"
	                        " + (SELECT count(*) FROM folders) + (SELECT count(*) FROM problems)"
	                        " + (SELECT count(*) FROM message_props)"), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 0);

	mc_message_free(child);
	mc_message_free(parent);
	mc_folder_free(f);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

START_TEST(writer_sets_the_text_index_pending_size)
{
	char err[512];
	sqlite3 *db = open_case("h.db", MC_CASE_WRITE, err);
	const char *q = "SELECT count(*) FROM messages_fts_config WHERE k = 'hashsize' AND v = "
	                G_STRINGIFY(MC_FTS_HASHSIZE);
	ck_assert_int_eq(scalar(db, q), 0);
	struct mc_case_writer *w = mc_writer_new(db);
	/* Rolled back with the transaction it was set in, then set again. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	ck_assert_int_eq(scalar(db, q), 1);
	mc_writer_rollback(w);
	ck_assert_int_eq(scalar(db, q), 0);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/h.mbox");
	struct mc_message *m = sample_message();
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, q), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 1);
	mc_message_free(m);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

START_TEST(writer_rollback_leaves_nothing)
{
	char err[512];
	sqlite3 *db = open_case("r.db", MC_CASE_WRITE, err);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/b.mbox");
	struct mc_message *m = sample_message();
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	mc_writer_rollback(w);
	ck_assert_int_eq(scalar(db, "SELECT (SELECT count(*) FROM evidence) + (SELECT count(*) FROM messages)"
	                        " + (SELECT count(*) FROM messages_fts_docsize)"), 0);

	/* The next evidence indexes its own messages only, once. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/c.mbox");
	ck_assert_int_eq(mc_writer_message(w, m), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts_docsize"), 1);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '自动回复'"), 1);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);
	mc_message_free(m);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

/* Writes n messages numbered from first, each with a word of its own. */
static void write_numbered(struct mc_case_writer *w, int first, int n)
{
	struct mc_message *m = mc_message_new();
	m->origin = MC_ORIGIN_FOLDER;
	for (int i = first; i < first + n; i++) {
		m->local_id = i;
		g_free(m->locator);
		m->locator = g_strdup_printf("pst:%d", i);
		g_free(m->body_text);
		m->body_text = g_strdup_printf("Abwesenheitsnotiz item%06d", i);
		ck_assert_int_eq(mc_writer_message(w, m), 0);
	}
	mc_message_free(m);
}

static long long matches(sqlite3 *db, int i)
{
	char *q = g_strdup_printf("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH"
	                          " '\"item%06d\"'", i);
	long long n = scalar(db, q);
	g_free(q);
	return n;
}

/* Messages in the text index. */
static long long indexed(sqlite3 *db)
{
	return scalar(db, "SELECT count(*) FROM messages_fts_docsize");
}

/* A large evidence is indexed while it is written, a batch at a time, so
 * that the text index shares the time the writer waits for its parser;
 * the last batch at the commit. Every message is indexed exactly once,
 * and a rollback takes the batches already written with it. */
START_TEST(writer_indexes_text_in_batches)
{
	char err[512];
	sqlite3 *db = open_case("t.db", MC_CASE_WRITE, err);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/big.pst");
	write_numbered(w, 1, 16383);
	ck_assert_int_eq(indexed(db), 0);
	write_numbered(w, 16384, 1);
	ck_assert_int_eq(indexed(db), 16384);
	write_numbered(w, 16385, 40000 - 16384);
	ck_assert_int_eq(indexed(db), 32768);
	ck_assert_int_eq(mc_writer_finish_evidence(w, "ok", NULL, NULL), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(indexed(db), 40000);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH"
	                        " 'Abwesenheitsnotiz'"), 40000);
	const int probe[] = { 1, 16383, 16384, 16385, 32768, 32769, 40000 };
	for (size_t k = 0; k < G_N_ELEMENTS(probe); k++)
		ck_assert_int_eq(matches(db, probe[k]), 1);

	/* Rolled back after two batches: none of its messages stays indexed. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/gone.pst");
	write_numbered(w, 50001, 2 * 16384 + 5);
	ck_assert_int_eq(indexed(db), 40000 + 2 * 16384);
	mc_writer_rollback(w);
	ck_assert_int_eq(indexed(db), 40000);
	ck_assert_int_eq(matches(db, 50001), 0);

	/* The next evidence: its own messages, once, after those rolled back. */
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/small.pst");
	write_numbered(w, 90001, 3);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(indexed(db), 40003);
	ck_assert_int_eq(matches(db, 90003), 1);
	ck_assert_int_eq(matches(db, 40000), 1);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

/* Heap bytes in use (SQLite's too: mc_case_open turns its own statistics
 * off; its page cache is bounded by cache_size, filled before measuring). */
static long long heap_in_use(void)
{
	return (long long)mallinfo2().uordblks;
}

/* One evidence of many messages is one transaction; what the writer keeps
 * for each message until the evidence ends (its local id mapped to the
 * case id, for embedded messages' parents) must stay a few bytes: a hash
 * table of allocated keys and values was about 100 bytes a message, 100 MiB
 * for an evidence of 1,000,000 (docs/performance.md). */
#define WARM_MESSAGES 20000
#define MANY_MESSAGES 100000
START_TEST(writer_keeps_few_bytes_a_message)
{
	char err[512];
	sqlite3 *db = open_case("m.db", MC_CASE_WRITE, err);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA cache_size = -1024", NULL, NULL, NULL), SQLITE_OK);
	struct mc_case_writer *w = mc_writer_new(db);
	ck_assert_int_eq(mc_writer_begin(w), 0);
	add_evidence(w, "/ev/many.pst");
	struct mc_message *m = mc_message_new();
	m->origin = MC_ORIGIN_FOLDER;
	m->locator = g_strdup("pst:node");
	/* Messages first until SQLite's page cache (1 MiB here) is full and
	 * what is allocated once is in place. */
	int64_t i = 1;
	for (; i <= WARM_MESSAGES; i++) {
		m->local_id = i;
		ck_assert_int_eq(mc_writer_message(w, m), 0);
	}
	long long before = heap_in_use();
	for (; i <= WARM_MESSAGES + MANY_MESSAGES; i++) {
		m->local_id = i;
		ck_assert_int_eq(mc_writer_message(w, m), 0);
	}
	long long grown = heap_in_use() - before;
	ck_assert_msg(grown < 16LL * MANY_MESSAGES, "the writer grew by %lld bytes for %d messages",
	              grown, MANY_MESSAGES);
	/* The map still links an embedded message to its parent, the first and the last. */
	struct mc_message *child = mc_message_new();
	child->origin = MC_ORIGIN_EMBEDDED;
	child->locator = g_strdup("pst:node#1");
	child->local_id = i;
	child->parent_local_id = 1;
	ck_assert_int_eq(mc_writer_message(w, child), 0);
	child->local_id = i + 1;
	child->parent_local_id = i - 1;
	ck_assert_int_eq(mc_writer_message(w, child), 0);
	ck_assert_int_eq(mc_writer_finish_evidence(w, "ok", NULL, NULL), 0);
	ck_assert_int_eq(mc_writer_commit(w), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages c JOIN messages p ON p.id = c.parent_id"
	                        " WHERE c.origin = 'embedded' AND p.id IN ((SELECT min(id) FROM messages),"
	                        " (SELECT max(id) FROM messages WHERE origin = 'folder'))"), 2);
	mc_message_free(child);
	mc_message_free(m);
	mc_writer_free(w);
	mc_case_close(db);
}
END_TEST

static Suite *case_writer_suite(void)
{
	Suite *s = suite_create("case_writer");
	TCase *t = tcase_create("writer");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, writer_stores_and_links);
	tcase_add_test(t, writer_rollback_leaves_nothing);
	tcase_add_test(t, writer_sets_the_text_index_pending_size);
	tcase_add_test(t, writer_keeps_few_bytes_a_message);
	tcase_add_test(t, writer_indexes_text_in_batches);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(case_writer_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
