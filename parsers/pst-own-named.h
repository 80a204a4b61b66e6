/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-named.h: the named-property map of a PST read by our own reader
 * ([MS-PST] 2.4.7: the property context of NID 0x61, its GUID, entry and
 * string streams), and a message's named properties as message_props rows
 * (mapi-named.h), as the libpff path gives them (pst-named.c).
 */
#ifndef MAILCASE_PST_OWN_NAMED_H
#define MAILCASE_PST_OWN_NAMED_H

#include "pst-ltp.h"
#include "pst-ndb.h"

struct mc_pst_names;

/* The map of the store, or NULL when the store has none or it cannot be
 * read (why in err; "" when there is none). */
struct mc_pst_names *mc_pst_names_load(mc_ndb *db, char *err, size_t errsize);
void mc_pst_names_free(struct mc_pst_names *names);

/* Adds a row per single-valued named property of pc to m; PT_STRING8
 * values decoded with codepage. Nothing when names is NULL. */
void mc_pst_names_read(const struct mc_pst_names *names, struct mc_ltp_pc *pc,
                       struct mc_message *m, int codepage);

#endif
