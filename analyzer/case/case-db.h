/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-db.h: opening, creating and checking a mailcase case file.
 *
 * The case file is an SQLite database whose schema (docs/case-schema.md) is
 * the product's public interface. PRAGMA application_id marks it as a
 * mailcase case and PRAGMA user_version holds the schema version; a file of
 * another version or another application is refused with a clear message,
 * never altered.
 */
#ifndef MAILCASE_CASE_DB_H
#define MAILCASE_CASE_DB_H

#include <stddef.h>
#include <sqlite3.h>

#define MC_CASE_SCHEMA_VERSION 7
/* The oldest version the read-only commands accept as it is: version 3
 * only added indexes, version 4 only changed how the text index is
 * filled, version 5 only added a column that only `prefixes` reads
 * (messages.system_language_basis, written by analyze; it shows the bases
 * as not recorded on an older case) and version 6 only added the table
 * shards (written by merge, read by no command yet), so a version 2 case gives the same
 * answers (more slowly) until a writing command upgrades it. */
#define MC_CASE_READABLE_VERSION 2
#define MC_CASE_APPLICATION_ID 0x4D434153 /* "MCAS" */

/* The schema's DDL (case-schema.c): version 1, then one migration per
 * version after it. */
extern const char mc_case_schema_sql[];
extern const char mc_case_migrate_1_to_2_sql[];
extern const char mc_case_migrate_2_to_3_sql[];
extern const char mc_case_migrate_3_to_4_sql[];
extern const char mc_case_migrate_4_to_5_sql[];
extern const char mc_case_migrate_5_to_6_sql[];
extern const char mc_case_migrate_6_to_7_sql[];

/* MC_CASE_WRITE creates the case if the path does not exist (ingest);
 * MC_CASE_UPDATE writes a case that must already exist (analyze, verify's
 * run record), so a mistyped name is an error, not a new empty case.
 * Neither turns an existing empty file into a case. */
enum mc_case_mode { MC_CASE_READ, MC_CASE_WRITE, MC_CASE_UPDATE };

/* Whether path can be opened in mode: it must exist unless mode is
 * MC_CASE_WRITE, and (empty_too) may not be an empty file. 0, or -1 with a
 * message naming the path in err. mc_case_open checks both; a writer checks
 * existence before taking the writer lock too, so a mistyped name leaves
 * no lock file, but emptiness only under the lock: another writer creating
 * the case has an empty file for a moment. */
int mc_case_path_check(const char *path, enum mc_case_mode mode, int empty_too,
                       char *err, size_t errlen);

/* Opens a case file (see mc_case_mode). Writing migrates
 * a case of an older schema version to the current one (in one
 * transaction, noted in case_info); reading requires at least
 * MC_CASE_READABLE_VERSION and leaves the file as it is. Returns NULL with a message in err on failure. */
sqlite3 *mc_case_open(const char *path, enum mc_case_mode mode, char *err, size_t errlen);

/* mc_case_open for the commands: on failure the reason (naming the file)
 * is printed with mc_error and NULL returned; the caller exits
 * MC_EXIT_CASE. */
sqlite3 *mc_case_open_reported(const char *path, enum mc_case_mode mode);
void mc_case_close(sqlite3 *db);

/* The file of an open case, for messages (SQLite's absolute path), or
 * "case file" for an in-memory one. */
const char *mc_case_path(sqlite3 *db);

/* The schema version of an open case (PRAGMA user_version), or -1. */
int mc_case_version(sqlite3 *db);

/* Runs SQL without results; returns 0 or -1 with sqlite's message in err. */
int mc_case_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Prepares a statement or returns NULL after reporting the error. */
sqlite3_stmt *mc_case_prepare(sqlite3 *db, const char *sql);

/* Records the start and the end of a run in the runs table. */
long long mc_case_run_begin(sqlite3 *db, const char *command, int argc, char **argv);
void mc_case_run_end(sqlite3 *db, long long run_id, const char *status);

#endif
