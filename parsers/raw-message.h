/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * raw-message.h: reading a message's original bytes again from its
 * evidence, by its locator (docs/case-schema.md, "Locators").
 *
 *   mbox:<off>+<len>, bytes:<off>+<len>   pread on the evidence file
 *   maildir:<relative path>               a file below the evidence directory
 *   dbx:info=<n>,data=<n>, dbx:freed=<n>,
 *   dbx:data=<n>                          the chain of DBX blocks at offset n
 *   applemail:<off>+<len>:<relative path> a byte range of a file below it
 *   olm:<entry>[#email=<n>]               an entry of an .olm (ZIP) archive
 *   <locator>#part=<path>[#part=...]      the parent re-read, then the
 *                                         message/rfc822 part extracted with
 *                                         GMime, byte for byte as ingestion
 *                                         hashed it (mime-message.c)
 *   pst:...                               not re-readable: MC_RAW_NOT_BYTES
 */
#ifndef MAILCASE_RAW_MESSAGE_H
#define MAILCASE_RAW_MESSAGE_H

#include <stddef.h>
#include <glib.h>

enum mc_raw_status {
	MC_RAW_OK = 0,          /* *out holds the bytes */
	MC_RAW_NOT_BYTES = 1,   /* the item has no raw bytes (PST/OST items) */
	MC_RAW_ERROR = -1       /* err says why (unreadable evidence, bad locator) */
};

/* Reads the bytes of the message at locator in the evidence at
 * evidence_path; variant is evidence.variant (mboxcl2 files are not
 * ">From "-unescaped before an embedded part is extracted). The caller
 * frees *out with g_byte_array_unref. */
enum mc_raw_status mc_raw_read(const char *evidence_path, const char *variant,
                               const char *locator, GByteArray **out,
                               char *err, size_t errlen);

/* 1 if the locator names a PST/OST item (no raw bytes). */
int mc_raw_is_pst(const char *locator);

/* 1 if the locator names a message whose bytes in the evidence are not an
 * RFC 822 message: an Outlook for Mac item (its XML, "olm:" and a
 * com.microsoft.__Messages entry). mc_raw_read gives those bytes (show
 * --verify checks them); what hands on a message as RFC 822 (show --raw,
 * export --format mbox/eml) writes a reconstruction instead, as for PST. */
int mc_raw_is_store_item(const char *locator);

#endif
