/*
 * pst-item.h: one PST/OST item (mail, appointment, contact, rule...) into
 * a struct mc_message, emitted through the reader's sink together with the
 * messages embedded in its attachments. Shared state of the PST reader.
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

/* The MAPI mapping, shared with the MSG reader so that the same message
 * gives the same record whichever container holds it. p may read from
 * libpff or from another source (struct mc_mapi_source). */

/* A message's own properties (class, subject, sender, times, flags,
 * transport headers, bodies, rule actions) into m. Sets p->codepage and
 * returns the code page for the PT_STRING8 values of its recipients and
 * attachments. */
int mc_mapi_read_message(struct mc_mapi_props *p, struct mc_message *m,
                         int default_codepage);
/* One recipient's properties, added to m's recipients. */
void mc_mapi_read_recipient(struct mc_mapi_props *p, struct mc_message *m);
/* One attachment's properties (names, MIME tag, content id, disposition,
 * PR_ATTACH_SIZE) into a; the data is the container's business. */
void mc_mapi_read_attachment(struct mc_mapi_props *p, struct mc_attachment *a);

#endif
