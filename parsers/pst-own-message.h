/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-message.h: one message of a PST read by our own reader ([MS-PST]
 * 2.4.5, 2.4.6): its property context, its recipient table (subnode
 * 0x692), its attachment table (subnode 0x671) and attachment PCs, the
 * data of attachments by value (hashed as streamed) and embedded messages
 * (an attachment's PidTagAttachDataObject subnode holds a message PC),
 * mapped by mapi-message.h and emitted through the reader's sink exactly
 * as the libpff path (pst-item.c) does. Shared state of our reader.
 */
#ifndef MAILCASE_PST_OWN_MESSAGE_H
#define MAILCASE_PST_OWN_MESSAGE_H

#include "parser.h"
#include "pst-ndb.h"
#include "pst-own-named.h"
#include "pst-own-node.h"

struct mc_pst_own {
	struct mc_reader *r;
	mc_ndb *db;
	struct mc_pst_names *names;  /* NULL: the store maps none */
	int store_codepage;          /* for PT_STRING8 when an item names none */
	int64_t next_folder_id;
	int64_t bad;                 /* folders/items that could not be read */
	char first_bad[256];         /* locator of the first */
	int sink_failed;
};

/* Where an item was found. */
struct mc_pst_own_where {
	int64_t folder_local_id;
	int64_t parent_local_id;     /* embedded: the holding message */
	const char *origin;          /* MC_ORIGIN_* */
	const char *locator;
	int depth;                   /* embedding depth */
};

/* Reads the message whose node is `node` and emits it, then the messages
 * embedded in it. Returns 0, or -1 if the sink failed. */
int mc_pst_own_emit(struct mc_pst_own *o, struct mc_pst_node *node,
                    const struct mc_pst_own_where *where);

/* Records that something at locator could not be read (a problem row of
 * severity "error") and counts it. Returns -1 if the sink failed, else 0. */
int mc_pst_own_failed(struct mc_pst_own *o, const char *locator, const char *what,
                      const char *text);

#endif
