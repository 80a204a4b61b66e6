/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-named.h: named properties of a PST/OST item (libpff's name-to-id
 * map) as message_props rows named like those of MSG and TNEF
 * (mapi-named.h).
 */
#ifndef MAILCASE_PST_NAMED_H
#define MAILCASE_PST_NAMED_H

#include "pst-libpff.h"

/* Adds a row per single-valued named property of rec's record set to m;
 * PT_STRING8 values decoded with codepage. Nothing when rec has no record
 * set. */
void mc_pst_read_named(struct mc_pst_record_set *rec, struct mc_message *m, int codepage);

#endif
