/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-output.h: opening the file a command writes (export -o, report -o,
 * show --raw -o), so that no output can destroy the case or its evidence.
 *
 * The one way the commands open an output file. It refuses a FILE that is
 * the case file, its -journal, -wal or -shm file or its writer lock
 * (CASE.lock), any file recorded as evidence in the case, or a file inside
 * a directory recorded as evidence (a Maildir): compared by device and
 * inode once symbolic links are followed, and by resolved name for the
 * case's companions that do not exist yet. Then:
 *  - "-", or a FILE that is the process's standard output (/dev/stdout,
 *    /proc/self/fd/1): written to standard output;
 *  - a character device, FIFO or socket (/dev/null, a named pipe): opened
 *    and written directly, never replaced;
 *  - a regular file or a new name: written to a temporary file beside it
 *    and renamed over it once complete (a failed command leaves FILE as it
 *    was); an existing file keeps its permission bits;
 *  - a symbolic link is followed: the file it resolves to is the one
 *    checked and written (replaced, when regular); a link to nothing is
 *    refused.
 * docs/guarantees.md and docs/mailcase.1 (FILES) state it.
 */
#ifndef MAILCASE_CASE_OUTPUT_H
#define MAILCASE_CASE_OUTPUT_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

enum mc_output_status {
	MC_OUTPUT_OK,
	MC_OUTPUT_REFUSED,  /* FILE would overwrite the case or evidence (err says which) */
	MC_OUTPUT_ERROR     /* FILE cannot be opened (err says why) */
};

struct mc_output {
	FILE *f;            /* where to write: stdout, or a file of its own */
	char *tmp;          /* the temporary file renamed over `final`, or NULL */
	char *final;        /* the resolved FILE a temporary file replaces */
};

/* Opens FILE ("-" or NULL: standard output) for a command reading the case
 * at case_path through db, whose evidence table names the evidence. err
 * names FILE and says why when the result is not MC_OUTPUT_OK. */
enum mc_output_status mc_output_open(struct mc_output *o, sqlite3 *db, const char *case_path,
                                     const char *file, char *err, size_t errlen);

/* Whether a command may make or fill the directory dir (export --format
 * eml): refused when dir is, or is inside, a directory recorded as
 * evidence (checked from the nearest part of it that exists). */
enum mc_output_status mc_output_check_dir(sqlite3 *db, const char *case_path, const char *dir,
                                          char *err, size_t errlen);

/* Flushes and closes the output, renaming a temporary file over its
 * target: 0, or -1 with the reason in err (the temporary file removed). */
int mc_output_commit(struct mc_output *o, char *err, size_t errlen);

/* The same, except that a temporary file is given its name only if no
 * file has it yet (export --format eml without --force): -1 with "it exists
 * now" in err when one appeared since FILE was opened. */
int mc_output_commit_new(struct mc_output *o, char *err, size_t errlen);

/* Closes the output after a failure: a temporary file is removed and the
 * target left as it was. */
void mc_output_abort(struct mc_output *o);

#endif
