/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dir-read.h: what the readers of a directory evidence (maildir.c,
 * applemail.c) share: the root opened once, problems graded (an error makes
 * the evidence partial, a sink failure stops the read), and the checks
 * before a file below the root is opened (a regular file, links not
 * followed).
 */
#ifndef MAILCASE_DIR_READ_H
#define MAILCASE_DIR_READ_H

#include <stdarg.h>

#include "parser.h"

struct mc_dir_read {
	struct mc_reader *r;
	int root;                /* fd of the evidence directory */
	int warn;                /* something could not be read */
	int fatal;               /* the sink failed */
};

/* Opens r->path as the root (it may itself be a link: the user named it).
 * MC_OK, or MC_FATAL with r->error set. */
enum mc_result mc_dir_read_open(struct mc_dir_read *d, struct mc_reader *r);

/* Closes the root and grades the read: MC_FATAL when the sink failed,
 * MC_WARN after an "error" problem (r->error names the first), else MC_OK. */
enum mc_result mc_dir_read_close(struct mc_dir_read *d);

/* Records a problem ("warning" or "error") at locator loc. */
void mc_dir_problem(struct mc_dir_read *d, const char *severity, const char *loc,
                    const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* mc_dir_problem with a va_list. */
void mc_dir_vproblem(struct mc_dir_read *d, const char *severity, const char *loc,
                     const char *fmt, va_list ap) G_GNUC_PRINTF(4, 0);

/* 1 if dirfd/rel is a directory, links not followed. */
int mc_dir_is_dir(int dirfd, const char *rel);

/* Opens dirfd/name to read it if it is a regular file; else -1, with a
 * problem at loc saying why it is not ingested. */
int mc_dir_open_file(struct mc_dir_read *d, int dirfd, const char *name, const char *loc);

#endif
