/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-stat.c: snapshots of evidence metadata and their comparison
 * (evidence-stat.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <glib.h>

#include "evidence-hash.h"
#include "evidence-stat.h"

struct entry {
	char *rel;              /* "" for a file evidence */
	int present;            /* 0: vanished between listing and stat */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

static void clear_entry(gpointer p)
{
	g_free(((struct entry *)p)->rel);
}

static GArray *new_entries(void)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct entry));
	g_array_set_clear_func(a, clear_entry);
	return a;
}

static void fill(struct entry *e, const struct stat *st)
{
	e->present = 1;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	e->ctime = st->st_ctim;
}

int mc_evidence_stat_fd(int fd, struct mc_evidence_stat *out, char *err, size_t errlen)
{
	struct stat st;
	out->entries = NULL;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot stat: %s", strerror(errno));
		return -1;
	}
	GArray *a = new_entries();
	struct entry e = { g_strdup(""), 0, 0, 0, 0, { 0, 0 }, { 0, 0 } };
	fill(&e, &st);
	g_array_append_val(a, e);
	out->entries = a;
	return 0;
}

int mc_evidence_stat_tree(const char *dir, struct mc_evidence_stat *out,
                          char *err, size_t errlen)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	out->entries = NULL;
	if (mc_hash_list_tree(dir, files, err, errlen) != 0) {
		g_ptr_array_free(files, TRUE);
		return -1;
	}
	GArray *a = new_entries();
	for (guint i = 0; i < files->len; i++) {
		const char *rel = g_ptr_array_index(files, i);
		char *path = g_build_filename(dir, rel, NULL);
		struct stat st;
		struct entry e = { g_strdup(rel), 0, 0, 0, 0, { 0, 0 }, { 0, 0 } };
		if (lstat(path, &st) == 0)
			fill(&e, &st);
		g_array_append_val(a, e);
		g_free(path);
	}
	g_ptr_array_free(files, TRUE);
	out->entries = a;
	return 0;
}

/* A time stamp as UTC with nanoseconds: 2011-03-07T10:00:00.123456789Z. */
static void append_time(GString *s, struct timespec t)
{
	struct tm tm;
	time_t sec = t.tv_sec;
	char buf[32];
	if (!gmtime_r(&sec, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm)) {
		g_string_append_printf(s, "%lld.%09ld", (long long)t.tv_sec, t.tv_nsec);
		return;
	}
	g_string_append_printf(s, "%s.%09ldZ", buf, t.tv_nsec);
}

static int same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Appends "<sep><name> <was> -> <now>". */
static void append_change(GString *s, const char *sep, const char *name,
                          struct timespec was, struct timespec now)
{
	g_string_append_printf(s, "%s%s ", sep, name);
	append_time(s, was);
	g_string_append(s, " -> ");
	append_time(s, now);
}

/* Appends what differs between two entries of the same name to s. */
static void describe(GString *s, const struct entry *a, const struct entry *b)
{
	const char *sep = "";
	if (a->present != b->present) {
		g_string_append(s, b->present ? "appeared" : "vanished");
		return;
	}
	if (a->dev != b->dev || a->ino != b->ino) {
		g_string_append(s, "replaced (another inode)");
		sep = ", ";
	}
	if (a->size != b->size) {
		g_string_append_printf(s, "%ssize %lld -> %lld bytes", sep, (long long)a->size,
		                       (long long)b->size);
		sep = ", ";
	}
	if (!same_time(a->mtime, b->mtime)) {
		append_change(s, sep, "mtime", a->mtime, b->mtime);
		sep = ", ";
	}
	if (!same_time(a->ctime, b->ctime))
		append_change(s, sep, "ctime", a->ctime, b->ctime);
}

static int entries_equal(const struct entry *a, const struct entry *b)
{
	return a->present == b->present && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && same_time(a->mtime, b->mtime) &&
	       same_time(a->ctime, b->ctime);
}

char *mc_evidence_stat_diff(const struct mc_evidence_stat *before,
                            const struct mc_evidence_stat *after)
{
	const GArray *a = before->entries, *b = after->entries;
	guint i = 0, j = 0, differ = 0;
	GString *first = NULL;
	/* Both lists are in the manifest's (strcmp) order: a merge. */
	while (i < a->len || j < b->len) {
		const struct entry *x = i < a->len ? &g_array_index(a, struct entry, i) : NULL;
		const struct entry *y = j < b->len ? &g_array_index(b, struct entry, j) : NULL;
		int c = !x ? 1 : !y ? -1 : strcmp(x->rel, y->rel);
		GString *why = g_string_new(NULL);
		if (c < 0)
			g_string_append_printf(why, "%s: removed", x->rel);
		else if (c > 0)
			g_string_append_printf(why, "%s: added", y->rel);
		else if (!entries_equal(x, y)) {
			if (x->rel[0])
				g_string_append_printf(why, "%s: ", x->rel);
			describe(why, x, y);
		}
		i += c <= 0;
		j += c >= 0;
		if (why->len == 0) {
			g_string_free(why, TRUE);
			continue;
		}
		differ++;
		if (!first)
			first = why;
		else
			g_string_free(why, TRUE);
	}
	if (!first)
		return NULL;
	if (differ > 1)
		g_string_append_printf(first, " (and %u more files changed)", differ - 1);
	return g_string_free(first, FALSE);
}

void mc_evidence_stat_clear(struct mc_evidence_stat *s)
{
	if (s->entries)
		g_array_free(s->entries, TRUE);
	s->entries = NULL;
}
