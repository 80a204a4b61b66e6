/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * walk.c: enumerating evidence below the paths given on the command line.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "evidence-open.h"
#include "walk.h"

static void entry_free(gpointer p)
{
	struct mc_entry *e = p;
	g_free(e->path);
	g_free(e->reason);
	g_free(e);
}

static void add(GPtrArray *out, const char *path, enum mc_entry_kind kind,
                const struct mc_format *format, const char *reason)
{
	struct mc_entry *e = g_new0(struct mc_entry, 1);
	e->path = g_strdup(path);
	e->kind = kind;
	e->format = format;
	e->reason = g_strdup(reason);
	g_ptr_array_add(out, e);
}

static const struct mc_format *directory_format(const char *path)
{
	struct mc_probe probe = { .path = path, .is_dir = 1 };
	return mc_format_detect(&probe);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_path(GPtrArray *out, const char *path, int top_level);

static void walk_dir(GPtrArray *out, const char *path)
{
	const struct mc_format *format = directory_format(path);
	if (format) {
		add(out, path, MC_ENTRY_DIR, format, NULL);
		return;
	}
	DIR *d = mc_evidence_opendir(AT_FDCWD, path, 0);
	if (!d) {
		char *why = g_strdup_printf("cannot read directory: %s", strerror(errno));
		add(out, path, MC_ENTRY_ERROR, NULL, why);
		g_free(why);
		return;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			g_ptr_array_add(names, g_strdup(de->d_name));
	closedir(d);
	qsort(names->pdata, names->len, sizeof(char *), cmp_names);
	for (guint i = 0; i < names->len; i++) {
		char *child = g_build_filename(path, g_ptr_array_index(names, i), NULL);
		walk_path(out, child, 0);
		g_free(child);
	}
	g_ptr_array_free(names, TRUE);
}

static void walk_path(GPtrArray *out, const char *path, int top_level)
{
	struct stat st;
	/* A link named on the command line is followed; one met in a walk is not. */
	int rc = top_level ? stat(path, &st) : lstat(path, &st);
	if (rc != 0) {
		add(out, path, MC_ENTRY_ERROR, NULL, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(out, path);
	else if (S_ISREG(st.st_mode))
		add(out, path, MC_ENTRY_FILE, NULL, NULL);
	else if (S_ISLNK(st.st_mode))
		add(out, path, MC_ENTRY_SKIP, NULL, "symbolic link, not followed");
	else
		add(out, path, MC_ENTRY_SKIP, NULL, "not a regular file (device, FIFO or socket)");
}

GPtrArray *mc_walk(char **paths, int npaths)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(entry_free);
	for (int i = 0; i < npaths; i++)
		walk_path(out, paths[i], 1);
	return out;
}
