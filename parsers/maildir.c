/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * maildir.c: the Maildir / Maildir++ evidence reader. Folder roles come
 * from the names (folder-names.c: Maildir has no entry ids).
 *
 * The root is folder "INBOX"; every ".Name.Sub" directory with cur/ and new/
 * is the folder "Name/Sub" (parents made as needed). Messages are the
 * regular files of cur/ and new/, in name order; files in tmp/ are reported,
 * not ingested. Everything below the root is opened O_RDONLY|O_NOFOLLOW and
 * symbolic links are reported and skipped.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "dir-read.h"
#include "evidence-open.h"
#include "folder-names.h"
#include "eml.h"
#include "parser.h"
#include "record.h"

/* ------------------------------------------------------------------ */
/* Walking the Maildir                                                 */

struct maildir_read {
	struct mc_dir_read d;    /* the root, the grade */
	GHashTable *folders;     /* folder path -> id (GINT_TO_POINTER) */
	int64_t next_folder_id;
};

static int has_cur_new(int dirfd, const char *rel)
{
	char cur[4096], new_[4096];
	snprintf(cur, sizeof cur, "%s/cur", rel);
	snprintf(new_, sizeof new_, "%s/new", rel);
	return mc_dir_is_dir(dirfd, cur) && mc_dir_is_dir(dirfd, new_);
}

/* The file system's bytes exactly, UTF-8 or not: show --verify opens the
 * file again by its locator (docs/case-schema.md). */
static char *make_locator(const char *rel, const char *name)
{
	return name ? g_strdup_printf("maildir:%s/%s", rel, name)
	            : g_strdup_printf("maildir:%s", rel);
}

static void add_flags(struct mc_message *m, const char *name, const char *sub)
{
	const char *info = strstr(name, ":2,");
	if (!info)
		info = strstr(name, "!2,");     /* where ':' is not allowed */
	mc_message_add_prop(m, "maildir_subdir", sub);
	if (info)
		mc_message_add_prop(m, "maildir_flags", info + 3);
}

/* Checks, opens and reads one message file; NULL (problem recorded) if it
 * cannot be ingested, or NULL with *big_fd open when it is larger than
 * MC_RFC822_MAX_BYTES (read by mc_rfc822_emit_oversize). */
static char *read_message_file(struct maildir_read *c, int dfd, const char *name,
                               const char *loc, size_t *len, int *big_fd)
{
	char *buf = NULL;
	int64_t at;
	int fd = mc_dir_open_file(&c->d, dfd, name, loc);
	if (fd < 0)
		return NULL;
	if (mc_read_whole(fd, MC_RFC822_MAX_BYTES, &buf, len, &at) != 0) {
		if (errno == EFBIG) {
			*big_fd = fd;
			return NULL;
		}
		mc_dir_problem(&c->d, "error", loc, "read error at offset %" PRId64 ": %s; not"
		               " ingested", at, g_strerror(errno));
	}
	close(fd);
	return buf;
}

static void read_message(struct maildir_read *c, int dfd, const char *rel,
                         const char *name, const char *sub, int64_t folder_id)
{
	char *loc = make_locator(rel, name);
	size_t len = 0;
	int big_fd = -1;
	char *buf = read_message_file(c, dfd, name, loc, &len, &big_fd);
	if (buf || big_fd >= 0) {
		struct mc_message *m = mc_message_new();
		m->locator = loc;
		loc = NULL;
		m->folder_local_id = folder_id;
		m->origin = MC_ORIGIN_FOLDER;
		add_flags(m, name, sub);
		char err[256];
		int rc = buf ? mc_rfc822_emit(c->d.r, m, buf, len, buf, len)
		             : mc_rfc822_emit_oversize(c->d.r, m, big_fd, err, sizeof err);
		if (rc == -1 && !buf)
			mc_dir_problem(&c->d, "error", m->locator, "%s; not ingested", err);
		else if (rc != 0)
			c->d.fatal = 1;
		mc_message_free(m);
		g_free(buf);
		if (big_fd >= 0)
			close(big_fd);
	}
	g_free(loc);
}

static void read_subdir(struct maildir_read *c, const char *dir, const char *sub,
                        int64_t folder_id)
{
	char *rel = *dir ? g_strdup_printf("%s/%s", dir, sub) : g_strdup(sub);
	int dfd = mc_evidence_openat(c->d.root, rel, O_DIRECTORY | O_NOFOLLOW);
	GPtrArray *names = dfd >= 0 ? mc_evidence_list(dfd, ".") : NULL;
	if (!names) {
		char *loc = make_locator(rel, NULL);
		mc_dir_problem(&c->d, "error", loc, "cannot read the directory: %s", g_strerror(errno));
		g_free(loc);
	}
	for (guint i = 0; names && i < names->len && !c->d.fatal; i++)
		read_message(c, dfd, rel, g_ptr_array_index(names, i), sub, folder_id);
	if (names)
		g_ptr_array_free(names, TRUE);
	if (dfd >= 0)
		close(dfd);
	g_free(rel);
}

static void report_tmp(struct maildir_read *c, const char *dir)
{
	char *rel = *dir ? g_strdup_printf("%s/tmp", dir) : g_strdup("tmp");
	GPtrArray *names = mc_evidence_list(c->d.root, rel);
	for (guint i = 0; names && i < names->len && !c->d.fatal; i++) {
		char *loc = make_locator(rel, g_ptr_array_index(names, i));
		mc_dir_problem(&c->d, "warning", loc, "message in tmp/ (delivery not completed) not ingested");
		g_free(loc);
	}
	if (names)
		g_ptr_array_free(names, TRUE);
	g_free(rel);
}

static void read_folder(struct maildir_read *c, const char *dir, int64_t folder_id)
{
	read_subdir(c, dir, "cur", folder_id);
	if (!c->d.fatal)
		read_subdir(c, dir, "new", folder_id);
	if (!c->d.fatal)
		report_tmp(c, dir);
}

static int64_t add_folder(struct maildir_read *c, const char *name, const char *path,
                          int64_t parent, const char *role, char *locator)
{
	struct mc_folder *f = mc_folder_new();
	int64_t id = c->next_folder_id++;
	f->local_id = id;
	f->parent_local_id = parent;
	f->name = g_strdup(name);   /* the directory's bytes, as the locator */
	f->path = g_strdup(path);
	f->role = role ? role : mc_guess_folder_role(name);
	f->locator = locator;
	if (mc_reader_folder(c->d.r, f) != 0)
		c->d.fatal = 1;
	g_hash_table_insert(c->folders, g_strdup(path), GINT_TO_POINTER((int)id));
	mc_folder_free(f);
	return id;
}

/* ".Archive.2011" -> folder "Archive/2011", making "Archive" if needed. */
static void read_plus_folder(struct maildir_read *c, const char *dirname)
{
	gchar **parts = g_strsplit(dirname + 1, ".", -1);
	GString *path = g_string_new(NULL);
	int64_t parent = 0;
	guint n = g_strv_length(parts);
	for (guint i = 0; i < n && !c->d.fatal; i++) {
		if (!*parts[i])
			continue;
		if (path->len)
			g_string_append_c(path, '/');
		g_string_append(path, parts[i]);
		gpointer id = g_hash_table_lookup(c->folders, path->str);
		if (i + 1 < n)
			parent = id ? GPOINTER_TO_INT(id)
			            : add_folder(c, parts[i], path->str, parent, NULL, NULL);
		else
			parent = add_folder(c, parts[i], path->str, parent, NULL,
			                    make_locator(dirname, NULL));
	}
	if (!c->d.fatal && path->len)
		read_folder(c, dirname, parent);
	g_string_free(path, TRUE);
	g_strfreev(parts);
}

static void read_plus_folders(struct maildir_read *c)
{
	GPtrArray *names = mc_evidence_list(c->d.root, ".");
	if (!names) {
		mc_dir_problem(&c->d, "error", "maildir:.", "cannot list the root: %s", g_strerror(errno));
		return;
	}
	for (guint i = 0; i < names->len && !c->d.fatal; i++) {
		const char *name = g_ptr_array_index(names, i);
		struct stat sb;
		if (name[0] != '.' || fstatat(c->d.root, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISLNK(sb.st_mode)) {
			char *loc = make_locator(name, NULL);
			mc_dir_problem(&c->d, "warning", loc, "symbolic link not followed");
			g_free(loc);
		} else if (S_ISDIR(sb.st_mode) && has_cur_new(c->d.root, name)) {
			read_plus_folder(c, name);
		}
	}
	g_ptr_array_free(names, TRUE);
}

static int maildir_bid(const struct mc_probe *p)
{
	if (!p->is_dir || !p->path)
		return 0;
	return has_cur_new(AT_FDCWD, p->path) ? 100 : 0;
}

static enum mc_result maildir_read(struct mc_reader *r)
{
	struct maildir_read c = { .next_folder_id = 1 };
	if (mc_dir_read_open(&c.d, r) != MC_OK)
		return MC_FATAL;
	c.folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int64_t inbox = add_folder(&c, "INBOX", "INBOX", 0, MC_ROLE_INBOX,
	                           g_strdup("maildir:."));
	if (!c.d.fatal)
		read_folder(&c, "", inbox);
	if (!c.d.fatal)
		read_plus_folders(&c);
	g_hash_table_destroy(c.folders);
	return mc_dir_read_close(&c.d);
}

const struct mc_format mc_format_maildir = { "maildir", maildir_bid, maildir_read, 1 };
