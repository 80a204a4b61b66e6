/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-lock.h: the case's writer lock, which makes the commands that write
 * a case (ingest, analyze) run one at a time on it.
 *
 * The lock is an exclusive flock(2) on CASE.lock, a file beside the case,
 * held from before the case is opened (or created) until after it is
 * closed. It is not taken on the case file itself: SQLite locks the case
 * with POSIX record locks, which a process loses on every file of that
 * inode as soon as it closes any descriptor of it, so a descriptor of our
 * own on the case file could silently drop SQLite's locks. The lock file
 * is left in place after the run (removing it would let a waiter lock a
 * file that is no longer the lock); it holds only the last holder's pid,
 * command and start time, which a refused writer prints. Readers never
 * take it. The descriptor is close-on-exec and is opened after the ingest
 * spawner was forked, so no parser worker holds it.
 */
#ifndef MAILCASE_CASE_LOCK_H
#define MAILCASE_CASE_LOCK_H

#include <stddef.h>

enum mc_case_lock_result {
	MC_CASE_LOCKED = 0,   /* taken: *fd holds it until mc_case_unlock */
	MC_CASE_BUSY = 1,     /* another writer held it for all of wait_s */
	MC_CASE_LOCK_ERROR = 2 /* the lock file cannot be made or locked */
};

/* Takes the writer lock of the case at case_path for command, waiting up
 * to wait_s seconds for another writer to finish (0: not at all). Anything
 * but MC_CASE_LOCKED leaves a message naming the case (and, when busy, the
 * holder) in err. */
enum mc_case_lock_result mc_case_lock(const char *case_path, const char *command,
                                      unsigned wait_s, int *fd, char *err, size_t errlen);

/* Releases the lock taken by mc_case_lock (fd < 0: nothing). */
void mc_case_unlock(int fd);

#endif
