/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * walk.h: turning the EVIDENCE arguments into a list of evidence items.
 *
 * Each argument is a file or a directory. A directory that a format claims
 * (a Maildir) is one evidence; any other directory is walked recursively in
 * byte order of names, so a run is deterministic. Nothing found is dropped:
 * symbolic links inside a walk, devices, FIFOs and unreadable directories
 * become items too, to be recorded as skipped or failed.
 *
 * The one exception is the case being written: when the case lies inside
 * the evidence, the case file (same device and inode), its SQLite -journal,
 * -wal and -shm files and its CASE.lock (a name in the case's directory,
 * resolved: the side files may appear only later) are left out of the list
 * altogether, with a note, and counted: they change on every run and are
 * no evidence.
 */
#ifndef MAILCASE_WALK_H
#define MAILCASE_WALK_H

#include <glib.h>
#include "parser.h"

enum mc_entry_kind {
	MC_ENTRY_FILE,        /* a regular file; its format is decided after hashing */
	MC_ENTRY_DIR,         /* a directory claimed by `format` */
	MC_ENTRY_SKIP,        /* not evidence we open (link, device...): `reason` */
	MC_ENTRY_ERROR,       /* could not be examined: `reason` */
};

struct mc_entry {
	char *path;
	enum mc_entry_kind kind;
	const struct mc_format *format;
	char *reason;
};

/* Returns a GPtrArray of struct mc_entry * (freed with g_ptr_array_free).
 * case_path: the case being written (NULL: none); *case_files (when not
 * NULL) gets the number of its files left out. */
GPtrArray *mc_walk(char **paths, int npaths, const char *case_path, int *case_files);

#endif
