/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-open.h: opening evidence read-only without moving its access time.
 *
 * Every open of evidence by mailcase's own code (hashing, walking, the
 * readers, show --verify, verify) goes through here: O_RDONLY | O_CLOEXEC |
 * O_NOCTTY, plus O_NOATIME so that reading does not update the file's or
 * directory's access time. The kernel allows O_NOATIME only to the owner
 * of the file or a process with CAP_FOWNER; when it is refused (EPERM) the
 * file is opened without it, and its atime may then move as the mount
 * options (relatime, noatime) decide. Nothing is ever opened for writing.
 * docs/guarantees.md says what this guarantees.
 */
#ifndef MAILCASE_EVIDENCE_OPEN_H
#define MAILCASE_EVIDENCE_OPEN_H

#include <dirent.h>
#include <glib.h>

/* Opens path (relative to dirfd, or AT_FDCWD) read-only; flags may add
 * O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK. Returns the fd, or -1 with errno. */
int mc_evidence_openat(int dirfd, const char *path, int flags);

/* mc_evidence_openat(AT_FDCWD, path, flags). */
int mc_evidence_open(const char *path, int flags);

/* Opens dirfd/path as a directory to list (flags may add O_NOFOLLOW);
 * closedir() closes it. Returns NULL with errno. */
DIR *mc_evidence_opendir(int dirfd, const char *path, int flags);

/* The entries of dirfd/path (no "." and ".."), in byte order, as a
 * GPtrArray of g_malloc'd names (g_ptr_array_free(names, TRUE)), the
 * directory opened O_NOFOLLOW. Returns NULL with errno. */
GPtrArray *mc_evidence_list(int dirfd, const char *path);

#endif
