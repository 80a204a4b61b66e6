/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * olm-item.h: one message item of an Outlook for Mac .olm archive (an XML
 * document, `<emails><email>...</email></emails>`) into the record model
 * (record.h). The archive itself (ZIP entries, folders, attachment bytes)
 * is olm.c's business; this file reads what the XML says the message is.
 */
#ifndef MAILCASE_OLM_ITEM_H
#define MAILCASE_OLM_ITEM_H

#include <stddef.h>
#include <glib.h>

#include "record.h"

/* An attachment as the item lists it (OPFMessageCopyAttachmentList). */
struct mc_olm_attachment_ref {
	char *url;               /* OPFAttachmentURL: the ZIP entry with the bytes */
	int64_t declared_size;   /* OPFAttachmentContentFileSize, or -1 */
};

/* The messages of one item document, each with its attachment references
 * (refs->pdata[i] belongs to m->attachments->pdata[i]). */
struct mc_olm_item {
	GPtrArray *messages;     /* struct mc_message * */
	GPtrArray *refs;         /* GPtrArray * of struct mc_olm_attachment_ref *, per message */
};

/* 1 if the entry name is a message item: a .xml file below a
 * com.microsoft.__Messages directory. */
int mc_olm_is_message_entry(const char *name);

/*
 * Parses one item document (len bytes of XML, UTF-8 or as its declaration
 * says; no DTD, entity or network access). Every <email> element becomes a
 * message: subject, sender, recipients, times (UTC; the Date header of
 * OPFMessageCopySource gives the original offset), ids, bodies (text, else
 * HTML reduced to text), the headers of OPFMessageCopySource, attachment
 * records without their bytes, and the other simple elements as
 * message_props `olm.<element>`. Returns 0, or -1 when the bytes are not a
 * well-formed XML document holding an email element (err says why; *item
 * is then empty). Free with mc_olm_item_clear().
 */
int mc_olm_item_parse(const char *xml, size_t len, struct mc_olm_item *item,
                      char *err, size_t errlen);
void mc_olm_item_clear(struct mc_olm_item *item);

/* "2011-03-01T10:00:00" (no zone: UTC, as Outlook writes them) or with a
 * zone, into Unix seconds; 0, or -1 when it is no such time. */
int mc_olm_time(const char *s, int64_t *t);

#endif
