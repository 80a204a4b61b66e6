/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-message.h: the MAPI mapping: a message's, a recipient's and an
 * attachment's MAPI properties into the record model (record.h), the same
 * whichever container holds them (a PST record set, an MSG storage, a TNEF
 * property list: any struct mc_mapi_source of mapi-props.h), so that one
 * message gives one record.
 */
#ifndef MAILCASE_MAPI_MESSAGE_H
#define MAILCASE_MAPI_MESSAGE_H

#include "mapi-props.h"
#include "record.h"

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
