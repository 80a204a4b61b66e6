/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-roles.h: the roles of a PST's folders (inbox, sent, deleted, outbox,
 * drafts, junk) from the entry ids the message store, the receive folder
 * table and the root folder (or the inbox) hold, never from names; and
 * the store's code page and password. Read from MAPI properties
 * (mapi-props.h), so the same for both readers (libpff: pst.c; ours:
 * pst-own.c).
 */
#ifndef MAILCASE_PST_ROLES_H
#define MAILCASE_PST_ROLES_H

#include <stdint.h>

#include "mapi-props.h"
#include "parser.h"

/* Node ids of well-known nodes ([MS-PST] 2.4.1). */
#define MC_PST_NID_MESSAGE_STORE 0x21u
#define MC_PST_NID_NAME_TO_ID_MAP 0x61u
#define MC_PST_NID_ROOT_FOLDER 0x122u
#define MC_PST_NID_RECEIVE_FOLDER_TABLE 0x62bu

struct mc_pst_roles {
	uint32_t subtree, inbox, outbox, deleted, sent, drafts, junk;
	unsigned char uid[16];   /* the store's provider UID (PR_RECORD_KEY) */
	int has_uid;
	struct mc_reader *r;     /* for the warnings */
};

/* The message store's properties: UID, subtree, outbox, deleted, sent;
 * *codepage set from PR_MESSAGE_CODEPAGE when there is one. Returns 0, or
 * -1 if the sink failed. */
int mc_pst_roles_store(struct mc_pst_roles *ro, struct mc_mapi_props *store, int *codepage);

/* One row of the receive folder table: keeps the best-ranked folder for
 * the default ("") message class, then "IPM", then "IPM.Note" (*rank is
 * the best so far, 0 at first). */
void mc_pst_roles_receive_row(struct mc_pst_roles *ro, struct mc_mapi_props *row, int *rank);

/* Drafts and junk from a folder that holds them (the root, or the inbox),
 * where not known yet. */
void mc_pst_roles_drafts_junk(struct mc_pst_roles *ro, struct mc_mapi_props *folder);

/* The role of folder nid (MC_ROLE_*). */
const char *mc_pst_role_of(const struct mc_pst_roles *ro, uint32_t nid);

#endif
