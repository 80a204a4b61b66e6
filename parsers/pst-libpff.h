/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-libpff.h: the reader's window on libpff: the include (with libbfio:
 * libpff reads evidence through parsers/evidence-bfio.c), libpff error text,
 * and a record set of an item (one item's properties, or one recipient's)
 * as a source of MAPI properties (mapi-props.h).
 */
#ifndef MAILCASE_PST_LIBPFF_H
#define MAILCASE_PST_LIBPFF_H

#include <stddef.h>
#include <stdint.h>
#include <libpff.h>

#include "mapi-props.h"
#include "record.h"

/* Writes libpff's text for *err into buf (or "unknown libpff error") and
 * frees the error. Returns buf. */
const char *mc_pst_error_text(libpff_error_t **err, char *buf, size_t size);

/* One record set of an item. Its properties are read through props with
 * the accessors of mapi-props.h; libpff's errors on a property become
 * warnings of props.m (when not NULL). "Present" is told from the data
 * size, without reading the data. */
struct mc_pst_record_set {
	struct mc_mapi_props props;
	libpff_record_set_t *rs;     /* NULL: no property at all */
};

/* Opens record set `index` of item. Returns 1, 0 if the item has no such
 * set, -1 on error (message in errbuf). The struct must stay where it is
 * while open (props points back to it). */
int mc_pst_record_set_open(struct mc_pst_record_set *rec, libpff_item_t *item,
                           int index, int codepage, struct mc_message *m,
                           char *errbuf, size_t errsize);
void mc_pst_record_set_close(struct mc_pst_record_set *rec);

#endif
