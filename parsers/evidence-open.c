/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-open.c: read-only opens of evidence with O_NOATIME when allowed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "evidence-open.h"

#ifndef O_NOATIME
#define O_NOATIME 0
#endif

int mc_evidence_openat(int dirfd, const char *path, int flags)
{
	int base = O_RDONLY | O_CLOEXEC | O_NOCTTY | (flags & ~(O_ACCMODE | O_CREAT | O_TRUNC |
	                                                        O_APPEND | O_NOATIME));
	int fd;
	do
		fd = openat(dirfd, path, base | O_NOATIME);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 && errno == EPERM && O_NOATIME != 0) {
		/* Not the owner: O_NOATIME is refused, plain read-only is not. */
		do
			fd = openat(dirfd, path, base);
		while (fd < 0 && errno == EINTR);
	}
	return fd;
}

int mc_evidence_open(const char *path, int flags)
{
	return mc_evidence_openat(AT_FDCWD, path, flags);
}

DIR *mc_evidence_opendir(int dirfd, const char *path, int flags)
{
	int fd = mc_evidence_openat(dirfd, path, flags | O_DIRECTORY);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *mc_evidence_list(int dirfd, const char *path)
{
	DIR *d = mc_evidence_opendir(dirfd, path, O_NOFOLLOW);
	if (!d)
		return NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			g_ptr_array_add(names, g_strdup(de->d_name));
	closedir(d);
	g_ptr_array_sort(names, cmp_names);
	return names;
}
