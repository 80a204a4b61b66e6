/*
 * pst-named.h: named properties of a PST/OST item (libpff's name-to-id
 * map) as message_props rows named like those of MSG and TNEF
 * (mapi-named.h).
 */
#ifndef MAILCASE_PST_NAMED_H
#define MAILCASE_PST_NAMED_H

#include "pst-libpff.h"

/* Adds a row per single-valued named property of p's record set to m;
 * PT_STRING8 values decoded with codepage. Nothing when p has no record
 * set (another property source). */
void mc_pst_read_named(struct mc_pst_props *p, struct mc_message *m, int codepage);

#endif
