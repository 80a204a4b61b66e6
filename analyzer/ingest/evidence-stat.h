/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-stat.h: what the file system says about evidence (device, inode,
 * size, mtime and ctime with nanoseconds), taken before it is hashed and
 * again after it was parsed, so that evidence changed while it was read is
 * told apart from evidence that held still (docs/guarantees.md).
 *
 * A file's snapshot is one entry, from fstat of the descriptor the parser
 * reads; a directory's (a Maildir) is one entry per regular file of its
 * manifest (evidence-hash.h), taken by name, since its parser opens the
 * files by name.
 */
#ifndef MAILCASE_EVIDENCE_STAT_H
#define MAILCASE_EVIDENCE_STAT_H

#include <stddef.h>

struct mc_evidence_stat {
	void *entries;  /* GArray of entries, private */
};

/* Snapshot of the open file fd. Returns 0, or -1 with a message in err. */
int mc_evidence_stat_fd(int fd, struct mc_evidence_stat *out, char *err, size_t errlen);

/* Snapshot of every regular file below dir. Returns 0, or -1 with a
 * message in err. */
int mc_evidence_stat_tree(const char *dir, struct mc_evidence_stat *out,
                          char *err, size_t errlen);

/* NULL if before and after are the same, else a newly allocated sentence
 * naming what changed ("size 100 -> 200 bytes, mtime ..."; for a directory,
 * the first file added, removed or changed, and how many differ). */
char *mc_evidence_stat_diff(const struct mc_evidence_stat *before,
                            const struct mc_evidence_stat *after);

void mc_evidence_stat_clear(struct mc_evidence_stat *s);

#endif
