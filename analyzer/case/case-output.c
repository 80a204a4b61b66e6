/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * case-output.c: opening a command's output file without ever writing
 * over the case or its evidence (case-output.h): the files to protect are
 * gathered (the case, its companions, every evidence path recorded), FILE
 * is resolved and compared with them by device and inode, then opened
 * directly (standard output, devices, FIFOs) or as a temporary file beside
 * it that mc_output_commit renames over it.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "case-output.h"

/* The companions of a case file that SQLite and mailcase create beside it. */
static const char *const COMPANIONS[] = { "", "-journal", "-wal", "-shm", ".lock" };

struct guarded {
	dev_t dev;
	ino_t ino;
	int is_dir;
	char *what;          /* "the case file", "evidence 3 (ev/x.eml)" */
};

static void add_guarded(GArray *g, const char *path, const char *what)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return;
	struct guarded x = { sb.st_dev, sb.st_ino, S_ISDIR(sb.st_mode) != 0, g_strdup(what) };
	g_array_append_val(g, x);
}

static void clear_guarded(void *p)
{
	g_free(((struct guarded *)p)->what);
}

/* The case, its companions and every recorded evidence path (as recorded,
 * and relative to the case's directory as `show` also reads it). */
static int gather(GArray *g, sqlite3 *db, const char *case_path, char *err, size_t errlen)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(COMPANIONS); i++) {
		char *p = g_strconcat(case_path, COMPANIONS[i], NULL);
		char *what = *COMPANIONS[i] ? g_strdup_printf("the case's file %s", p)
		                            : g_strdup_printf("the case file %s", case_path);
		add_guarded(g, p, what);
		g_free(what);
		g_free(p);
	}
	if (!db)
		return 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, path FROM evidence", -1, &st, NULL) != SQLITE_OK) {
		g_snprintf(err, errlen, "%s: cannot read the evidence list: %s", case_path,
		           sqlite3_errmsg(db));
		return -1;
	}
	char *dir = g_path_get_dirname(case_path);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 1);
		if (!path)
			continue;
		char *what = g_strdup_printf("evidence %lld (%s) recorded in the case",
		                             (long long)sqlite3_column_int64(st, 0), path);
		add_guarded(g, path, what);
		if (!g_path_is_absolute(path)) {
			char *alt = g_build_filename(dir, path, NULL);
			add_guarded(g, alt, what);
			g_free(alt);
		}
		g_free(what);
	}
	g_free(dir);
	if (rc != SQLITE_DONE) {
		g_snprintf(err, errlen, "%s: cannot read the evidence list: %s", case_path,
		           sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static const struct guarded *find(const GArray *g, const struct stat *sb, int dirs)
{
	for (guint i = 0; i < g->len; i++) {
		const struct guarded *x = &g_array_index(g, struct guarded, i);
		if (x->dev == sb->st_dev && x->ino == sb->st_ino && (!dirs || x->is_dir))
			return x;
	}
	return NULL;
}

/* The directory evidence `dir` (a resolved path) is inside, or NULL. */
static const struct guarded *inside_directory_evidence(const GArray *g, const char *dir)
{
	char *d = g_strdup(dir);
	const struct guarded *hit = NULL;
	for (;;) {
		struct stat sb;
		if (stat(d, &sb) == 0 && (hit = find(g, &sb, 1)) != NULL)
			break;
		if (strcmp(d, "/") == 0 || strcmp(d, ".") == 0)
			break;
		char *up = g_path_get_dirname(d);
		g_free(d);
		d = up;
	}
	g_free(d);
	return hit;
}

/* A companion of the case named `resolved` (for those not created yet). */
static int is_companion_name(const char *case_path, const char *resolved)
{
	char *real = realpath(case_path, NULL);
	int hit = 0;
	for (unsigned i = 0; real && i < G_N_ELEMENTS(COMPANIONS) && !hit; i++) {
		char *p = g_strconcat(real, COMPANIONS[i], NULL);
		hit = strcmp(p, resolved) == 0;
		g_free(p);
	}
	free(real);
	return hit;
}

/* FILE resolved: symbolic links followed, the last name kept when FILE
 * does not exist yet. NULL with errno set on failure. */
static char *resolve(const char *file, int exists)
{
	if (exists) {
		char *r = realpath(file, NULL);
		char *copy = r ? g_strdup(r) : NULL;
		free(r);
		return copy;
	}
	char *dir = g_path_get_dirname(file), *base = g_path_get_basename(file);
	char *rdir = realpath(dir, NULL);
	char *out = rdir ? g_build_filename(rdir, base, NULL) : NULL;
	free(rdir);
	g_free(dir);
	g_free(base);
	return out;
}

static enum mc_output_status fail(char *err, size_t errlen, enum mc_output_status s,
                                  const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static enum mc_output_status fail(char *err, size_t errlen, enum mc_output_status s,
                                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return s;
}

static enum mc_output_status refuse(char *err, size_t errlen, const char *file,
                                    const char *what)
{
	return fail(err, errlen, MC_OUTPUT_REFUSED,
	            "%s: refusing to write there: it is %s (mailcase never writes over"
	            " the case or its evidence)", file, what);
}

static enum mc_output_status open_temporary(struct mc_output *o, const char *resolved,
                                            const struct stat *old, const char *file,
                                            char *err, size_t errlen)
{
	char *dir = g_path_get_dirname(resolved), *base = g_path_get_basename(resolved);
	o->tmp = g_strdup_printf("%s/.%s.mailcase-XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	int fd = g_mkstemp_full(o->tmp, O_WRONLY | O_CLOEXEC, 0666);
	if (fd >= 0 && old)
		(void)fchmod(fd, old->st_mode & 07777);
	if (fd >= 0)
		o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			g_unlink(o->tmp);
		}
		g_free(o->tmp);
		o->tmp = NULL;
		return fail(err, errlen, MC_OUTPUT_ERROR, "%s: cannot create a file beside it: %s",
		            file, g_strerror(e));
	}
	o->final = g_strdup(resolved);
	return MC_OUTPUT_OK;
}

static enum mc_output_status open_checked(struct mc_output *o, const GArray *g,
                                          const char *case_path, const char *file,
                                          char *err, size_t errlen)
{
	struct stat sb, out_sb;
	int exists = stat(file, &sb) == 0;
	if (!exists && errno != ENOENT)
		return fail(err, errlen, MC_OUTPUT_ERROR, "%s: %s", file, g_strerror(errno));
	const struct guarded *hit = exists ? find(g, &sb, 0) : NULL;
	if (hit)
		return refuse(err, errlen, file, hit->what);
	if (exists && S_ISDIR(sb.st_mode))
		return fail(err, errlen, MC_OUTPUT_ERROR, "%s: is a directory", file);
	if (exists && fstat(STDOUT_FILENO, &out_sb) == 0 && out_sb.st_dev == sb.st_dev &&
	    out_sb.st_ino == sb.st_ino) {
		o->f = stdout;
		return MC_OUTPUT_OK;
	}
	if (exists && (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))) {
		int fd = open(file, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return fail(err, errlen, MC_OUTPUT_ERROR, "%s: %s", file, g_strerror(e));
		}
		return MC_OUTPUT_OK;
	}
	if (!exists && lstat(file, &sb) == 0 && S_ISLNK(sb.st_mode))
		return fail(err, errlen, MC_OUTPUT_REFUSED,
		            "%s: refusing to write there: a symbolic link to nothing", file);
	if (exists && !S_ISREG(sb.st_mode))
		return fail(err, errlen, MC_OUTPUT_ERROR, "%s: not a regular file, device or pipe",
		            file);
	char *resolved = resolve(file, exists);
	if (!resolved)
		return fail(err, errlen, MC_OUTPUT_ERROR, "%s: %s", file, g_strerror(errno));
	enum mc_output_status s;
	char *dir = g_path_get_dirname(resolved);
	if ((hit = inside_directory_evidence(g, dir)) != NULL) {
		char *what = g_strdup_printf("inside %s", hit->what);
		s = refuse(err, errlen, file, what);
		g_free(what);
	} else if (is_companion_name(case_path, resolved)) {
		s = refuse(err, errlen, file, "a file of the case (its journal, WAL or lock)");
	} else {
		s = open_temporary(o, resolved, exists ? &sb : NULL, file, err, errlen);
	}
	g_free(dir);
	g_free(resolved);
	return s;
}

enum mc_output_status mc_output_open(struct mc_output *o, sqlite3 *db, const char *case_path,
                                     const char *file, char *err, size_t errlen)
{
	*o = (struct mc_output){ 0 };
	GArray *g = g_array_new(FALSE, FALSE, sizeof(struct guarded));
	g_array_set_clear_func(g, clear_guarded);
	enum mc_output_status s;
	struct stat sb;
	const struct guarded *hit;
	if (gather(g, db, case_path, err, errlen) != 0) {
		s = MC_OUTPUT_ERROR;
	} else if (!file || strcmp(file, "-") == 0) {
		/* `> CASE` already truncated it; `>> EVIDENCE` would add to it. */
		if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (hit = find(g, &sb, 0)) != NULL) {
			s = refuse(err, errlen, "standard output", hit->what);
		} else {
			o->f = stdout;
			s = MC_OUTPUT_OK;
		}
	} else {
		s = open_checked(o, g, case_path, file, err, errlen);
	}
	g_array_free(g, TRUE);
	return s;
}

enum mc_output_status mc_output_check_dir(sqlite3 *db, const char *case_path, const char *dir,
                                          char *err, size_t errlen)
{
	GArray *g = g_array_new(FALSE, FALSE, sizeof(struct guarded));
	g_array_set_clear_func(g, clear_guarded);
	enum mc_output_status s = MC_OUTPUT_OK;
	if (gather(g, db, case_path, err, errlen) != 0) {
		s = MC_OUTPUT_ERROR;
	} else {
		/* The nearest directory that exists, DIR itself or above it. */
		char *d = g_strdup(dir), *real = NULL;
		while (!(real = realpath(d, NULL)) && strcmp(d, "/") != 0 && strcmp(d, ".") != 0) {
			char *up = g_path_get_dirname(d);
			g_free(d);
			d = up;
		}
		const struct guarded *hit = real ? inside_directory_evidence(g, real) : NULL;
		if (hit) {
			char *what = g_strdup_printf("within %s", hit->what);
			s = refuse(err, errlen, dir, what);
			g_free(what);
		}
		free(real);
		g_free(d);
	}
	g_array_free(g, TRUE);
	return s;
}

/* Moves the temporary file to its name: over an existing file (replace),
 * else only if the name is still free (link, then unlink). */
static int place(const struct mc_output *o, int replace)
{
	if (replace)
		return rename(o->tmp, o->final);
	if (link(o->tmp, o->final) != 0)
		return -1;
	g_unlink(o->tmp);
	return 0;
}

static int commit(struct mc_output *o, int replace, char *err, size_t errlen)
{
	int failed = fflush(o->f) != 0 || ferror(o->f);
	int e = errno;
	if (o->f != stdout) {
		if (o->tmp && !failed && fsync(fileno(o->f)) != 0) {
			failed = 1;
			e = errno;
		}
		if (fclose(o->f) != 0 && !failed) {
			failed = 1;
			e = errno;
		}
	}
	o->f = NULL;
	if (!failed && o->tmp && place(o, replace) != 0) {
		failed = 1;
		e = errno;
	}
	if (failed) {
		if (e == EEXIST && !replace)
			g_snprintf(err, errlen, "it exists now (not replaced)");
		else
			g_snprintf(err, errlen, "write error: %s", g_strerror(e));
		if (o->tmp)
			g_unlink(o->tmp);
	}
	g_free(o->tmp);
	g_free(o->final);
	o->tmp = o->final = NULL;
	return failed ? -1 : 0;
}

int mc_output_commit(struct mc_output *o, char *err, size_t errlen)
{
	return commit(o, 1, err, errlen);
}

int mc_output_commit_new(struct mc_output *o, char *err, size_t errlen)
{
	return commit(o, 0, err, errlen);
}

void mc_output_abort(struct mc_output *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	else if (o->f)
		fflush(o->f);
	if (o->tmp)
		g_unlink(o->tmp);
	g_free(o->tmp);
	g_free(o->final);
	*o = (struct mc_output){ 0 };
}
