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
#include "log.h"
#include "walk.h"

/* What of the case being written the walk leaves out (walk.h). */
struct case_files {
	int have_case, have_dir;
	dev_t case_dev, dir_dev;
	ino_t case_ino, dir_ino;
	char *base;        /* the case's file name */
	int count;         /* files left out */
};

static const char *const case_suffixes[] = { "-journal", "-wal", "-shm", ".lock" };

static void case_files_init(struct case_files *cf, const char *case_path)
{
	*cf = (struct case_files){ 0 };
	if (!case_path)
		return;
	struct stat st;
	if (stat(case_path, &st) == 0) {
		cf->have_case = 1;
		cf->case_dev = st.st_dev;
		cf->case_ino = st.st_ino;
	}
	char *dir = g_path_get_dirname(case_path);
	if (stat(dir, &st) == 0) {
		cf->have_dir = 1;
		cf->dir_dev = st.st_dev;
		cf->dir_ino = st.st_ino;
		cf->base = g_path_get_basename(case_path);
	}
	g_free(dir);
}

/* 1 if path (stat st) is the case file or one of its side files. */
static int is_case_file(const struct case_files *cf, const char *path, const struct stat *st)
{
	if (cf->have_case && st->st_dev == cf->case_dev && st->st_ino == cf->case_ino)
		return 1;
	if (!cf->have_dir)
		return 0;
	char *name = g_path_get_basename(path);
	size_t blen = strlen(cf->base);
	int named = 0;
	if (strncmp(name, cf->base, blen) == 0)
		for (size_t i = 0; i < G_N_ELEMENTS(case_suffixes); i++)
			if (strcmp(name + blen, case_suffixes[i]) == 0)
				named = 1;
	g_free(name);
	if (!named)
		return 0;
	char *dir = g_path_get_dirname(path);
	struct stat ds;
	int same = stat(dir, &ds) == 0 && ds.st_dev == cf->dir_dev && ds.st_ino == cf->dir_ino;
	g_free(dir);
	return same;
}

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

static void walk_path(GPtrArray *out, const char *path, int top_level,
                      struct case_files *cf);

static void walk_dir(GPtrArray *out, const char *path, struct case_files *cf)
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
	g_ptr_array_sort(names, cmp_names);   /* qsort(NULL, 0) would be undefined */
	for (guint i = 0; i < names->len; i++) {
		char *child = g_build_filename(path, g_ptr_array_index(names, i), NULL);
		walk_path(out, child, 0, cf);
		g_free(child);
	}
	g_ptr_array_free(names, TRUE);
}

static void walk_path(GPtrArray *out, const char *path, int top_level,
                      struct case_files *cf)
{
	struct stat st;
	/* A link named on the command line is followed; one met in a walk is not. */
	int rc = top_level ? stat(path, &st) : lstat(path, &st);
	if (rc != 0) {
		add(out, path, MC_ENTRY_ERROR, NULL, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode) && is_case_file(cf, path, &st)) {
		mc_note("%s: a file of the case being written, not evidence: not read", path);
		cf->count++;
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(out, path, cf);
	else if (S_ISREG(st.st_mode))
		add(out, path, MC_ENTRY_FILE, NULL, NULL);
	else if (S_ISLNK(st.st_mode))
		add(out, path, MC_ENTRY_SKIP, NULL, "symbolic link, not followed");
	else
		add(out, path, MC_ENTRY_SKIP, NULL, "not a regular file (device, FIFO or socket)");
}

GPtrArray *mc_walk(char **paths, int npaths, const char *case_path, int *case_files)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(entry_free);
	struct case_files cf;
	case_files_init(&cf, case_path);
	for (int i = 0; i < npaths; i++)
		walk_path(out, paths[i], 1, &cf);
	if (case_files)
		*case_files = cf.count;
	g_free(cf.base);
	return out;
}
