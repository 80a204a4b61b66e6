/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-hash.h: SHA-256 and MD5 of evidence, computed before parsing.
 *
 * A file is hashed as its bytes. A directory evidence (a Maildir) is hashed
 * as its manifest: one line "<sha256 of file>  <relative path>\n" for every
 * regular file below it, in byte order of the relative paths; `size` is then
 * the sum of the files' sizes. docs/case-schema.md documents both, so the
 * values can be reproduced with sha256sum.
 */
#ifndef MAILCASE_EVIDENCE_HASH_H
#define MAILCASE_EVIDENCE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

struct mc_hashes {
	char sha256[65];
	char md5[33];
	uint64_t size;
	uint64_t files;     /* 1 for a file; files in the manifest for a directory */
};

/* What a hash that stopped because a stop was asked (interrupt.h) returns. */
#define MC_HASH_INTERRUPTED (-2)

/* Hashes everything readable from fd (from offset 0, with pread), at most
 * the size fstat gives a regular file: a file that yields more (procfs,
 * sysfs, or one growing) is an error. timeout_s limits the time (0: none).
 * Returns 0, or -1 (or MC_HASH_INTERRUPTED) with a message in err. */
int mc_hash_fd(int fd, struct mc_hashes *out, unsigned timeout_s, char *err, size_t errlen);

/* Fills files (which frees with g_free) with the relative paths of the
 * regular files below dir, in the manifest's order (symbolic links are not
 * followed and not listed). Returns 0, or -1 with a message in err. */
int mc_hash_list_tree(const char *dir, GPtrArray *files, char *err, size_t errlen);

/* Hashes the manifest of a directory tree (symbolic links are not followed
 * and not listed), each file as mc_hash_fd does, all within timeout_s (0:
 * no limit). Returns 0, or -1 (or MC_HASH_INTERRUPTED) with a message in err. */
int mc_hash_tree(const char *dir, struct mc_hashes *out, unsigned timeout_s,
                 char *err, size_t errlen);

/* Hashes the evidence at path as ingestion did: a directory as its
 * manifest (mc_hash_tree), a regular file as its bytes; *is_dir says which.
 * Anything else (a device, a FIFO) is refused. Returns 0, or -1 with a
 * message in err (naming files below a directory; not path itself). */
int mc_hash_path(const char *path, struct mc_hashes *out, int *is_dir,
                 char *err, size_t errlen);

#endif
