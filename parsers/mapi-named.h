/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-named.h: MAPI named properties (MS-OXPROPS property sets and names)
 * as message_props rows, the same for every container that carries them:
 * MSG (__nameid_version1.0), PST (libpff's name-to-id map) and TNEF
 * (names inline in attMAPIProps). A row is named "<set>:<id or name>":
 * "PSETID_Common:0x8580", "PS_INTERNET_HEADERS:x-mailer", or the set's
 * GUID "{XXXXXXXX-...}" when the set is not a well-known one. Values are
 * text: integers in decimal, booleans 0/1, times ISO 8601 UTC, GUIDs in
 * braces, strings as UTF-8, binary as lower-case hex (capped). Multi-valued
 * properties and types without a text form give no row.
 */
#ifndef MAILCASE_MAPI_NAMED_H
#define MAILCASE_MAPI_NAMED_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "record.h"

/* Binary values longer than this are cut, with "...(N bytes)" appended. */
#define MC_MAPI_NAMED_HEX_MAX 1024

/* "{00062008-0000-0000-C000-000000000046}" for 16 GUID bytes as stored
 * (Data1..3 little-endian), into buf[39]. */
const char *mc_mapi_guid_text(const unsigned char guid[16], char buf[39]);

/* The set's well-known name ("PSETID_Common") or its GUID text, into
 * buf[39]. */
const char *mc_mapi_guid_name(const unsigned char guid[16], char buf[39]);

/* The 16 bytes of PS_MAPI and PS_PUBLIC_STRINGS (MSG GUID indexes 1, 2). */
extern const unsigned char mc_ps_mapi[16];
extern const unsigned char mc_ps_public_strings[16];

/* The row name of a named property: numeric (name == NULL, lid) or string
 * (name, UTF-8). g_malloc'd. */
char *mc_mapi_named_row_name(const unsigned char guid[16], const char *name,
                             uint32_t lid);

/* Text of one single value of MAPI type `type` (g_malloc'd), or NULL when
 * the type has no text form here (multi-valued, object, unset time).
 * PT_STRING8 is decoded with codepage. */
char *mc_mapi_value_text(uint32_t type, const unsigned char *d, size_t n, int codepage);

/* Adds the row for one named property to m (nothing when the value has no
 * text form). seen (a set of row names from mc_mapi_named_seen_new(), or
 * NULL) keeps the first of a name met twice: some writers map two property
 * ids to one name. */
void mc_mapi_add_named(struct mc_message *m, GHashTable *seen,
                       const unsigned char guid[16], const char *name, uint32_t lid,
                       uint32_t type, const unsigned char *d, size_t n, int codepage);
GHashTable *mc_mapi_named_seen_new(void);

#endif
