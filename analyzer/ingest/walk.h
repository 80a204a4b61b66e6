/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * walk.h: turning the EVIDENCE arguments into a list of evidence items.
 *
 * Each argument is a file or a directory. A directory that a format claims
 * (a Maildir) is one evidence; any other directory is walked recursively in
 * byte order of names, so a run is deterministic. Nothing found is dropped:
 * symbolic links inside a walk, devices, FIFOs and unreadable directories
 * become items too, to be recorded as skipped or failed.
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

/* Returns a GPtrArray of struct mc_entry * (freed with g_ptr_array_free). */
GPtrArray *mc_walk(char **paths, int npaths);

#endif
