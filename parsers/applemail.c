/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * applemail.c: Apple Mail's mailbox tree as one evidence with folders
 * (mc_format_applemail). A mailbox is a directory `Name.mbox`; its messages
 * are the .emlx and .partial.emlx files of a `Messages/` directory in it,
 * or (newer Mail) deeper, under `Name.mbox/<UUID>/Data/<d>/<d>/Messages/`;
 * a mailbox inside it (`Name.mbox/Child.mbox`) is a subfolder. An account
 * directory (`V10/<account UUID>/`) holds several mailboxes. Each file is
 * read by emlx.c (mc_emlx_emit); its folder is the `.mbox` directory above
 * it, named without `.mbox`, its role guessed from the name
 * (folder-names.c).
 *
 * The attachments Mail did not keep inside a .partial.emlx are files
 * `Attachments/<id>/<MIME part>/<name>` beside `Messages/`: their size and
 * SHA-256 replace those of the empty part. Files the layout does not
 * explain (not .emlx in Messages/, attachment files of no part read,
 * anything else but Info.plist) are warnings naming them; unreadable ones
 * are errors. Symbolic links are reported and not followed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "digest.h"
#include "dir-read.h"
#include "eml.h"
#include "emlx.h"
#include "evidence-open.h"
#include "folder-names.h"
#include "parser.h"
#include "record.h"

#define MAX_DEPTH 32            /* directories below the root read */

struct applemail_read {
	struct mc_dir_read d;    /* the root, the grade */
	int64_t next_folder_id;
	GHashTable *used;        /* attachment files given to a message (relative paths) */
};

static void problem(struct applemail_read *c, const char *severity, const char *rel,
                    const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void problem(struct applemail_read *c, const char *severity, const char *rel,
                    const char *fmt, ...)
{
	char *loc = g_strdup_printf("applemail:%s", *rel ? rel : ".");
	va_list ap;
	va_start(ap, fmt);
	mc_dir_vproblem(&c->d, severity, loc, fmt, ap);
	va_end(ap);
	g_free(loc);
}

static char *join(const char *dir, const char *name)
{
	return *dir ? g_strdup_printf("%s/%s", dir, name) : g_strdup(name);
}

static const char *dir_arg(const char *rel)
{
	return *rel ? rel : ".";
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */

/* A `.mbox` directory of Mail's layout: Messages/ in it, a `<UUID>/Data`
 * directory in it, or a mailbox of the layout inside it. */
static int is_mailbox(int dirfd, const char *rel, int depth)
{
	if (!g_str_has_suffix(rel, ".mbox") || !mc_dir_is_dir(dirfd, rel))
		return 0;
	char *messages = join(rel, "Messages");
	int yes = mc_dir_is_dir(dirfd, messages);
	g_free(messages);
	GPtrArray *names = yes || depth > 3 ? NULL : mc_evidence_list(dirfd, rel);
	for (guint i = 0; names && i < names->len && !yes; i++) {
		char *child = join(rel, g_ptr_array_index(names, i));
		char *data = join(child, "Data");
		yes = mc_dir_is_dir(dirfd, data) || is_mailbox(dirfd, child, depth + 1);
		g_free(data);
		g_free(child);
	}
	if (names)
		g_ptr_array_free(names, TRUE);
	return yes;
}

/* A `.mbox` directory that is not a mailbox exported by Mail (an mbox file
 * named `mbox` in it): an empty mailbox of the layout has no Messages/. */
static int is_mailbox_dir(int dirfd, const char *rel)
{
	struct stat sb;
	char *mbox = join(rel, "mbox");
	int exported = fstatat(dirfd, mbox, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	g_free(mbox);
	return g_str_has_suffix(rel, ".mbox") && mc_dir_is_dir(dirfd, rel) && !exported;
}

/* A directory that is a mailbox, or holds mailboxes (one at least with
 * messages) and nothing else but dot files and property lists (an account
 * directory). Anything else is walked by ingest, each mailbox in it then
 * read as its own evidence. */
static int applemail_bid(const struct mc_probe *p)
{
	if (!p->is_dir || !p->path)
		return 0;
	char *base = g_path_get_basename(p->path);
	int mailbox = g_str_has_suffix(base, ".mbox");
	g_free(base);
	if (mailbox)
		return is_mailbox(AT_FDCWD, p->path, 0) ? 100 : 0;
	int dfd = mc_evidence_open(p->path, O_DIRECTORY);
	GPtrArray *names = dfd >= 0 ? mc_evidence_list(dfd, ".") : NULL;
	int found = 0, other = names == NULL;
	for (guint i = 0; names && i < names->len && !other; i++) {
		const char *name = g_ptr_array_index(names, i);
		if (is_mailbox(dfd, name, 0))
			found = 1;
		else if (!is_mailbox_dir(dfd, name) && name[0] != '.' &&
		         !g_str_has_suffix(name, ".plist"))
			other = 1;
	}
	if (names)
		g_ptr_array_free(names, TRUE);
	if (dfd >= 0)
		close(dfd);
	return found && !other ? 95 : 0;
}

/* ------------------------------------------------------------------ */
/* Attachment files of a .partial.emlx                                 */

struct partial {
	struct applemail_read *c;
	const char *store;       /* the directory holding Messages/ and Attachments/ */
	char *id;                /* the file's number: "114892" of 114892.partial.emlx */
};

/* Size and SHA-256 of the regular file dirfd/rel; 0, or -1 with errno. */
static int hash_file(int dirfd, const char *rel, int64_t *size, char sha[65])
{
	int fd = mc_evidence_openat(dirfd, rel, O_NOFOLLOW);
	if (fd < 0)
		return -1;
	struct mc_digest *sum = mc_digest_new(MC_DIGEST_SHA256);
	char buf[65536];
	int64_t total = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		mc_digest_update(sum, buf, (size_t)n);
		total += n;
	}
	int e = errno;
	close(fd);
	if (n == 0) {
		*size = total;
		mc_digest_hex(sum, sha, 65);
	}
	mc_digest_free(sum);
	errno = e;
	return n == 0 ? 0 : -1;
}

/* The file kept for part a: the one named as the part, else the only one. */
static char *kept_file(struct applemail_read *c, const char *dir, const struct mc_attachment *a)
{
	GPtrArray *names = mc_evidence_list(c->d.root, dir);
	char *found = NULL;
	for (guint i = 0; names && i < names->len && !found; i++)
		if (a->filename && strcmp(g_ptr_array_index(names, i), a->filename) == 0)
			found = join(dir, a->filename);
	if (!found && names && names->len == 1)
		found = join(dir, g_ptr_array_index(names, 0));
	if (names)
		g_ptr_array_free(names, TRUE);
	return found;
}

static void attach_files(struct mc_message *m, void *ctx)
{
	struct partial *p = ctx;
	struct applemail_read *c = p->c;
	for (guint i = 0; i < m->attachments->len; i++) {
		struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		if (!a->part_path || g_str_has_prefix(a->part_path, "tnef:"))
			continue;
		char *dir = g_strdup_printf("%s%sAttachments/%s/%s", p->store, *p->store ? "/" : "",
		                            p->id, a->part_path);
		char *file = mc_dir_is_dir(c->d.root, dir) ? kept_file(c, dir, a) : NULL;
		struct stat sb;
		if (file && (fstatat(c->d.root, file, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		             !S_ISREG(sb.st_mode))) {
			g_free(file);
			file = NULL;
		}
		if (file) {
			char sha[65];
			int64_t size;
			if (hash_file(c->d.root, file, &size, sha) == 0) {
				a->size = size;
				memcpy(a->sha256, sha, sizeof a->sha256);
				char *name = g_strdup_printf("applemail.attachment.%s", a->part_path);
				mc_message_add_prop(m, name, file);
				g_free(name);
				g_hash_table_add(c->used, g_strdup(file));
			} else {
				mc_message_warn(m, "attachment %s: %s cannot be read: %s; its size and"
				                " hash are those of the part in the .partial.emlx",
				                a->part_path, file, g_strerror(errno));
			}
		} else if (a->size == 0) {
			mc_message_warn(m, "attachment %s (%s): Mail kept no file for it in %s;"
			                " its size and hash are those of the empty part",
			                a->part_path, a->filename ? a->filename : "no name", dir);
		}
		g_free(file);
		g_free(dir);
	}
}

/* Files below Attachments/ that no message took: reported, not read. */
static void report_unused(struct applemail_read *c, const char *rel, int depth)
{
	GPtrArray *names = mc_evidence_list(c->d.root, rel);
	if (!names) {
		problem(c, "error", rel, "cannot read the directory: %s", g_strerror(errno));
		return;
	}
	for (guint i = 0; i < names->len && !c->d.fatal; i++) {
		char *child = join(rel, g_ptr_array_index(names, i));
		if (mc_dir_is_dir(c->d.root, child) && depth < MAX_DEPTH)
			report_unused(c, child, depth + 1);
		else if (!g_hash_table_contains(c->used, child))
			problem(c, "warning", child, "attachment file of no .partial.emlx part read"
			        " here; not read");
		g_free(child);
	}
	g_ptr_array_free(names, TRUE);
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */

/* Checks, opens and reads the message file rel; NULL (problem recorded)
 * when it cannot be ingested. */
static char *read_file(struct applemail_read *c, const char *rel, size_t *len)
{
	char *buf = NULL;
	int64_t at;
	char *loc = g_strdup_printf("applemail:%s", rel);
	int fd = mc_dir_open_file(&c->d, c->d.root, rel, loc);
	g_free(loc);
	if (fd < 0)
		return NULL;
	if (mc_read_whole(fd, MC_RFC822_MAX_BYTES, &buf, len, &at) != 0)
		problem(c, "error", rel, "%s at offset %" PRId64 "; not ingested",
		        errno == EFBIG ? "larger than an .emlx file can be read"
		                       : g_strerror(errno), at);
	close(fd);
	return buf;
}

static void read_message(struct applemail_read *c, const char *store, const char *name,
                         int64_t folder_id)
{
	char *msgs = join(store, "Messages");
	char *rel = join(msgs, name);
	size_t len = 0;
	char *buf = read_file(c, rel, &len);
	if (buf) {
		struct mc_message *m = mc_message_new();
		m->folder_local_id = folder_id;
		m->origin = MC_ORIGIN_FOLDER;
		int partial = g_str_has_suffix(name, ".partial.emlx");
		struct partial p = { c, store, g_strndup(name, strcspn(name, ".")) };
		if (partial)
			mc_message_add_prop(m, "emlx.partial", "1");
		char err[512];
		int st = mc_emlx_emit(c->d.r, m, buf, len, rel, partial ? attach_files : NULL, &p,
		                      err, sizeof err);
		if (st == MC_EMLX_SINK)
			c->d.fatal = 1;
		else if (st != MC_EMLX_OK)
			problem(c, "error", rel, "%s%s", err, st == MC_EMLX_SHORT
			        ? "; what it holds is read" : "; not ingested");
		g_free(p.id);
		mc_message_free(m);
		g_free(buf);
	}
	g_free(rel);
	g_free(msgs);
}

/* The Messages/ directory of store: its .emlx files, in name order. */
static void read_messages(struct applemail_read *c, const char *store, int64_t folder_id)
{
	char *msgs = join(store, "Messages");
	GPtrArray *names = mc_evidence_list(c->d.root, msgs);
	if (!names)
		problem(c, "error", msgs, "cannot read the directory: %s", g_strerror(errno));
	for (guint i = 0; names && i < names->len && !c->d.fatal; i++) {
		const char *name = g_ptr_array_index(names, i);
		if (g_str_has_suffix(name, ".emlx")) {
			read_message(c, store, name, folder_id);
		} else {
			char *rel = join(msgs, name);
			problem(c, "warning", rel, "not an .emlx file; not read");
			g_free(rel);
		}
	}
	if (names)
		g_ptr_array_free(names, TRUE);
	g_free(msgs);
}

/* ------------------------------------------------------------------ */
/* Folders                                                             */

static void read_tree(struct applemail_read *c, const char *rel, const char *folder_path,
                      int64_t folder_id, int depth);

/* A `.mbox` directory (rel, "" for the root): the folder named after it,
 * without `.mbox`, under the current one, and what it holds. */
static void read_mailbox(struct applemail_read *c, const char *rel, const char *parent_path,
                         int64_t parent, int depth)
{
	char *name = g_path_get_basename(*rel ? rel : c->d.r->path);
	if (g_str_has_suffix(name, ".mbox") && strlen(name) > 5)
		name[strlen(name) - 5] = '\0';
	struct mc_folder *f = mc_folder_new();
	int64_t id = c->next_folder_id++;
	f->local_id = id;
	f->parent_local_id = parent;
	f->name = name;               /* the directory's bytes, as the locator */
	f->path = parent_path ? g_strdup_printf("%s/%s", parent_path, name) : g_strdup(name);
	f->role = mc_guess_folder_role(name);
	f->locator = g_strdup_printf("applemail:%s", *rel ? rel : ".");
	if (mc_reader_folder(c->d.r, f) != 0)
		c->d.fatal = 1;
	if (!c->d.fatal)
		read_tree(c, rel, f->path, id, depth);
	mc_folder_free(f);
}

/* The directory rel, in folder folder_id: Messages/ first, then the
 * attachment files no message took, then mailboxes and other directories. */
static void read_tree(struct applemail_read *c, const char *rel, const char *folder_path,
                      int64_t folder_id, int depth)
{
	GPtrArray *names = mc_evidence_list(c->d.root, dir_arg(rel));
	if (!names) {
		problem(c, "error", rel, "cannot read the directory: %s", g_strerror(errno));
		return;
	}
	if (depth >= MAX_DEPTH) {
		problem(c, "error", rel, "more than %d directories deep; not read", MAX_DEPTH);
		g_ptr_array_free(names, TRUE);
		return;
	}
	int has_messages = 0, has_attachments = 0;
	for (guint i = 0; i < names->len; i++) {
		char *child = join(rel, g_ptr_array_index(names, i));
		if (mc_dir_is_dir(c->d.root, child)) {
			has_messages |= strcmp(g_ptr_array_index(names, i), "Messages") == 0;
			has_attachments |= strcmp(g_ptr_array_index(names, i), "Attachments") == 0;
		}
		g_free(child);
	}
	if (has_messages)
		read_messages(c, rel, folder_id);
	if (has_attachments && !c->d.fatal) {
		char *att = join(rel, "Attachments");
		report_unused(c, att, depth + 1);
		g_free(att);
	}
	for (guint i = 0; i < names->len && !c->d.fatal; i++) {
		const char *name = g_ptr_array_index(names, i);
		char *child = join(rel, name);
		struct stat sb;
		if (fstatat(c->d.root, child, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			problem(c, "error", child, "cannot stat: %s; not read", g_strerror(errno));
		else if (S_ISLNK(sb.st_mode))
			problem(c, "warning", child, "symbolic link not followed");
		else if (S_ISDIR(sb.st_mode) && g_str_has_suffix(name, ".mbox"))
			read_mailbox(c, child, folder_path, folder_id, depth + 1);
		else if (S_ISDIR(sb.st_mode) &&
		         (strcmp(name, "Messages") == 0 || strcmp(name, "Attachments") == 0))
			;                   /* read above */
		else if (S_ISDIR(sb.st_mode))
			read_tree(c, child, folder_path, folder_id, depth + 1);
		else if (strcmp(name, "Info.plist") != 0)
			problem(c, "warning", child, "not part of Apple Mail's mailbox layout; not read");
		g_free(child);
	}
	g_ptr_array_free(names, TRUE);
}

static enum mc_result applemail_read(struct mc_reader *r)
{
	struct applemail_read c = { .next_folder_id = 1 };
	if (mc_dir_read_open(&c.d, r) != MC_OK)
		return MC_FATAL;
	c.used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *base = g_path_get_basename(r->path);
	if (g_str_has_suffix(base, ".mbox"))
		read_mailbox(&c, "", NULL, 0, 0);
	else
		read_tree(&c, "", NULL, 0, 0);
	g_free(base);
	g_hash_table_destroy(c.used);
	return mc_dir_read_close(&c.d);
}

const struct mc_format mc_format_applemail = { "applemail", applemail_bid, applemail_read, 1 };
