/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-item.h: one PST/OST item (mail, appointment, contact, rule...) into
 * a struct mc_message, emitted through the reader's sink together with the
 * messages embedded in its attachments. Shared state of the PST reader.
 * The MAPI properties are mapped by mapi-message.h.
 */
#ifndef MAILCASE_PST_ITEM_H
#define MAILCASE_PST_ITEM_H

#include "parser.h"
#include "pst-libpff.h"

struct mc_pst {
	struct mc_reader *r;
	libpff_file_t *file;
	int store_codepage;       /* for PT_STRING8 when an item names none */
	int64_t next_folder_id;
	int64_t bad;              /* folders/items libpff could not read */
	char first_bad[256];      /* locator of the first */
	int sink_failed;
};

/* Where an item was found. */
struct mc_pst_where {
	int64_t folder_local_id;
	int64_t parent_local_id;  /* embedded: the holding message */
	const char *origin;       /* MC_ORIGIN_* */
	const char *locator;
	int depth;                /* embedding depth */
};

/* Reads item and emits it, then the messages embedded in it. Unreadable
 * parts become problems or warnings. Returns 0, or -1 if the sink failed. */
int mc_pst_emit_item(struct mc_pst *ps, libpff_item_t *item,
                     const struct mc_pst_where *where);

/* Records that something at locator could not be read (problem row of
 * severity "error" with libpff's text) and counts it. Frees *err. Returns
 * -1 if the sink failed, else 0. */
int mc_pst_failed(struct mc_pst *ps, const char *locator, const char *what,
                  libpff_error_t **err);

#endif
