/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dir-read.c: the shared part of the directory evidence readers (dir-read.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "dir-read.h"
#include "evidence-open.h"

enum mc_result mc_dir_read_open(struct mc_dir_read *d, struct mc_reader *r)
{
	*d = (struct mc_dir_read){ .r = r };
	d->root = mc_evidence_open(r->path, O_DIRECTORY);
	if (d->root < 0)
		return mc_reader_fail(r, MC_FATAL, "%s: cannot open: %s", r->path,
		                      g_strerror(errno));
	return MC_OK;
}

enum mc_result mc_dir_read_close(struct mc_dir_read *d)
{
	close(d->root);
	d->root = -1;
	if (d->fatal)
		return mc_reader_fail(d->r, MC_FATAL, "%s: the case could not store what was read",
		                      d->r->path);
	return d->warn ? MC_WARN : MC_OK;
}

void mc_dir_problem(struct mc_dir_read *d, const char *severity, const char *loc,
                    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mc_dir_vproblem(d, severity, loc, fmt, ap);
	va_end(ap);
}

void mc_dir_vproblem(struct mc_dir_read *d, const char *severity, const char *loc,
                     const char *fmt, va_list ap)
{
	char text[1024];
	vsnprintf(text, sizeof text, fmt, ap);
	if (strcmp(severity, "error") == 0) {
		if (!d->warn)
			mc_reader_fail(d->r, MC_WARN, "%s: %s", loc, text);
		d->warn = 1;
	}
	if (mc_reader_problem(d->r, severity, loc, "%s", text) != 0)
		d->fatal = 1;
}

int mc_dir_is_dir(int dirfd, const char *rel)
{
	struct stat sb;
	return fstatat(dirfd, rel, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode);
}

int mc_dir_open_file(struct mc_dir_read *d, int dirfd, const char *name, const char *loc)
{
	struct stat sb;
	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		mc_dir_problem(d, "error", loc, "cannot stat: %s; not ingested", g_strerror(errno));
		return -1;
	}
	if (S_ISLNK(sb.st_mode)) {
		mc_dir_problem(d, "warning", loc, "symbolic link not followed; not ingested");
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		mc_dir_problem(d, "warning", loc, "not a regular file; not ingested");
		return -1;
	}
	int fd = mc_evidence_openat(dirfd, name, O_NOFOLLOW);
	if (fd < 0)
		mc_dir_problem(d, "error", loc, "cannot open: %s; not ingested", g_strerror(errno));
	return fd;
}
