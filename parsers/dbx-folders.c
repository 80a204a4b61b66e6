/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dbx-folders.c: the name, path and role of a message .dbx file's folder
 * from the Folders.dbx beside it (dbx-folders.h). Folders.dbx holds one
 * folder info object per folder in its first index tree: the folder's
 * index, its parent's index, its name, the name of its .dbx file and its
 * special-folder type (1 Inbox, 2 Outbox, 3 Sent Items, 4 Deleted Items,
 * 5 Drafts). The root ("Outlook Express", parent -1) is not part of paths.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbx-file.h"
#include "dbx-folders.h"
#include "evidence-open.h"
#include "folder-names.h"
#include "record.h"

#define FOLDERS_MAX 100000
#define PATH_MAX_DEPTH 64

struct folder_row {
	uint32_t index, parent, type;
	int has_parent;
	char *name, *file;
};

static void row_free(gpointer p)
{
	struct folder_row *r = p;
	g_free(r->name);
	g_free(r->file);
	g_free(r);
}

/* Folders.dbx in dir, whatever the case of its name; NULL when absent. */
static char *find_folders_dbx(const char *dir)
{
	DIR *d = mc_evidence_opendir(AT_FDCWD, dir, 0);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL)
		if (g_ascii_strcasecmp(e->d_name, "Folders.dbx") == 0)
			found = g_build_filename(dir, e->d_name, NULL);
	closedir(d);
	return found;
}

static GPtrArray *read_rows(int fd, uint64_t size)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	uint32_t root, count;
	char why[256];
	if (mc_dbx_u32(fd, size, MC_DBX_TREE_ROOT, &root) != 0 ||
	    mc_dbx_u32(fd, size, MC_DBX_TREE_COUNT, &count) != 0)
		return rows;
	GArray *vals = mc_dbx_tree_values(fd, size, root, FOLDERS_MAX, why, sizeof why);
	for (guint i = 0; i < vals->len; i++) {
		struct mc_dbx_info info;
		if (mc_dbx_info_read(fd, size, g_array_index(vals, uint32_t, i), &info,
		                     why, sizeof why) != 0)
			continue;
		struct folder_row *r = g_new0(struct folder_row, 1);
		mc_dbx_info_u32(&info, MC_DBX_FI_INDEX, &r->index);
		r->has_parent = mc_dbx_info_u32(&info, MC_DBX_FI_PARENT, &r->parent);
		mc_dbx_info_u32(&info, MC_DBX_FI_TYPE, &r->type);
		r->name = mc_dbx_info_string(&info, MC_DBX_FI_NAME);
		r->file = mc_dbx_info_string(&info, MC_DBX_FI_FILE);
		g_ptr_array_add(rows, r);
		mc_dbx_info_clear(&info);
	}
	g_array_unref(vals);
	return rows;
}

static const struct folder_row *by_index(GPtrArray *rows, uint32_t index)
{
	for (guint i = 0; i < rows->len; i++) {
		const struct folder_row *r = g_ptr_array_index(rows, i);
		if (r->index == index)
			return r;
	}
	return NULL;
}

static const char *role_of(const struct folder_row *r)
{
	switch (r->type) {
	case 1: return MC_ROLE_INBOX;
	case 2: return MC_ROLE_OUTBOX;
	case 3: return MC_ROLE_SENT;
	case 4: return MC_ROLE_DELETED;
	case 5: return MC_ROLE_DRAFTS;
	default: return mc_guess_folder_role(r->name ? r->name : "");
	}
}

int mc_dbx_folder_lookup(const char *dbx_path, struct mc_dbx_folder_name *out)
{
	memset(out, 0, sizeof *out);
	char *dir = g_path_get_dirname(dbx_path), *base = g_path_get_basename(dbx_path);
	char *folders = find_folders_dbx(dir);
	int rc = -1;
	int fd = folders ? mc_evidence_open(folders, O_NOFOLLOW) : -1;
	struct stat sb;
	guint8 head[16];
	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head &&
	    mc_dbx_kind(head, sizeof head) == MC_DBX_FOLDERS) {
		GPtrArray *rows = read_rows(fd, (uint64_t)sb.st_size);
		for (guint i = 0; i < rows->len && rc != 0; i++) {
			const struct folder_row *r = g_ptr_array_index(rows, i);
			if (!r->file || !r->name || g_ascii_strcasecmp(r->file, base) != 0)
				continue;
			GString *path = g_string_new(r->name);
			const struct folder_row *p = r;
			for (int depth = 0; depth < PATH_MAX_DEPTH && p->has_parent &&
			     p->parent != UINT32_MAX; depth++) {
				p = by_index(rows, p->parent);
				if (!p || p == r || !p->name || !p->has_parent || p->parent == UINT32_MAX)
					break;
				g_string_prepend(path, "/");
				g_string_prepend(path, p->name);
			}
			out->name = g_strdup(r->name);
			out->path = g_string_free(path, FALSE);
			out->role = role_of(r);
			out->source = g_strdup(folders);
			rc = 0;
		}
		g_ptr_array_unref(rows);
	}
	if (fd >= 0)
		close(fd);
	g_free(folders);
	g_free(dir);
	g_free(base);
	return rc;
}

void mc_dbx_folder_name_clear(struct mc_dbx_folder_name *f)
{
	g_free(f->name);
	g_free(f->path);
	g_free(f->source);
	memset(f, 0, sizeof *f);
}
