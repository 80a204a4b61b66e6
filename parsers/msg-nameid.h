/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg-nameid.h: the named property map of an Outlook .msg file (MS-OXMSG
 * 2.2.3, the __nameid_version1.0 storage at the root: GUID stream, entry
 * stream, string stream), and the named properties of a storage as
 * message_props rows named like those of PST and TNEF (mapi-named.h).
 */
#ifndef MAILCASE_MSG_NAMEID_H
#define MAILCASE_MSG_NAMEID_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "msg-props.h"

/* Cap on the map's entries (a property id is 0x8000 + a 15-bit index). */
#define MC_MSG_NAMEID_MAX 32768

struct mc_msg_named {
	unsigned char guid[16];
	char *name;          /* string name (UTF-8), or NULL */
	uint32_t lid;        /* numeric name */
};

struct mc_msg_nameid {
	GHashTable *by_id;   /* GUINT_TO_POINTER(property id) -> struct mc_msg_named * */
};

/* Builds the map from the three streams (any may be NULL/empty); entries
 * that point outside the streams are dropped and counted in *bad. */
void mc_msg_nameid_parse(struct mc_msg_nameid *map,
                         const unsigned char *guids, size_t guids_len,
                         const unsigned char *entries, size_t entries_len,
                         const unsigned char *strings, size_t strings_len, int *bad);

/* Reads the map from the root storage. The map is empty (never NULL) when
 * the file has none. Returns 0, or -1 when a stream was there but
 * unreadable or entries were malformed (message in errbuf; what could be
 * read is in the map). */
int mc_msg_nameid_load(struct mc_msg_nameid *map, struct mc_msg_storage *root,
                       char *errbuf, size_t errsize);
void mc_msg_nameid_clear(struct mc_msg_nameid *map);

const struct mc_msg_named *mc_msg_nameid_lookup(const struct mc_msg_nameid *map,
                                                uint32_t id);

/* A row per single-valued named property of storage st into m. */
void mc_msg_read_named(struct mc_msg_storage *st, const struct mc_msg_nameid *map,
                       struct mc_message *m, int codepage);

#endif
