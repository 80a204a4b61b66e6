/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dbx-folders.h: naming a message .dbx file's folder from the Folders.dbx
 * beside it (dbx-folders.c), as Outlook Express shows it.
 */
#ifndef MAILCASE_DBX_FOLDERS_H
#define MAILCASE_DBX_FOLDERS_H

struct mc_dbx_folder_name {
	char *name;          /* the folder's name */
	char *path;          /* "/"-joined names below the root */
	const char *role;    /* MC_ROLE_*, static: the folder type, else guessed from the name */
	char *source;        /* the Folders.dbx it came from */
};

/* Looks in the directory of dbx_path for Folders.dbx (any case) and the
 * folder whose file name is dbx_path's base name (any case). Returns 0
 * with *out filled, or -1 when there is no such Folders.dbx or folder. */
int mc_dbx_folder_lookup(const char *dbx_path, struct mc_dbx_folder_name *out);
void mc_dbx_folder_name_clear(struct mc_dbx_folder_name *f);

#endif
