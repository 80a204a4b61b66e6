/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-check.h: checking that a case file holds together (mailcase verify).
 *
 * Two levels: SQLite's own PRAGMA integrity_check and foreign_key_check of
 * the database file, then the case's consistency: every evidence has a
 * final status; the counts an evidence and its folders and messages carry
 * (message_count, embedded_count, folder_count, problem_count, folders'
 * message_count, messages' attachment_count and recipient_count) equal the
 * rows the case holds; a duplicate_of names evidence of the same SHA-256.
 * Nothing is written.
 */
#ifndef MAILCASE_CASE_CHECK_H
#define MAILCASE_CASE_CHECK_H

#include <glib.h>
#include <sqlite3.h>

struct mc_case_check {
	GPtrArray *integrity;     /* lines of integrity_check other than "ok" */
	GPtrArray *problems;      /* consistency problems, one sentence each */
	GPtrArray *notes;         /* worth knowing, not wrong: unfinished runs */
	long long evidence;       /* rows counted */
	long long messages;
};

/* Runs every check on db. Returns 0 when the case passed, 1 when
 * integrity_check failed (the file is damaged; consistency was not
 * checked), 2 when only consistency problems were found. */
int mc_case_check(sqlite3 *db, struct mc_case_check *out);
void mc_case_check_clear(struct mc_case_check *c);

#endif
