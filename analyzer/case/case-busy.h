/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-busy.h: how long a command waits for another process's SQLite lock
 * on the case, and what it says when the wait ran out (docs/scale-out.md,
 * "Reading a case while it is merged"). The case keeps SQLite's rollback
 * journal: a writer commits once no reader holds the file, and a reader
 * waits while a writer commits (or holds the file exclusively, once its
 * transaction outgrew the page cache).
 */
#ifndef MAILCASE_CASE_BUSY_H
#define MAILCASE_CASE_BUSY_H

#include <stddef.h>
#include <sqlite3.h>

/* The shortest wait, in seconds: every command waits this long. */
#define MC_CASE_BUSY_WAIT 10

/* Sets how long the case opened next waits for another process's lock:
 * MC_CASE_BUSY_WAIT seconds, or seconds if longer (a writing command's
 * --wait). Process-wide: a command opens one case. */
void mc_case_busy_set_wait(unsigned seconds);

/* Applies the wait to db (mc_case_open does). */
void mc_case_busy_apply(sqlite3 *db);

/* Whether the last error on db is SQLite's "busy" (a lock held by another
 * process past the wait). */
int mc_case_is_busy(sqlite3 *db);

/* "busy: ..." into buf: who holds the case (writing: readers; reading: a
 * writer), how long this command waited, and what to do. */
void mc_case_busy_why(int writing, char *buf, size_t len);

#endif
