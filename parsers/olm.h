/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * olm.h: what the .olm reader (olm.c) shares with the rest of parsers/:
 * reading one entry of an archive again by its name, for the locators
 * "olm:<entry>" (raw-message.c, show --verify).
 */
#ifndef MAILCASE_OLM_H
#define MAILCASE_OLM_H

#include <stddef.h>
#include <glib.h>

/* The bytes of the entry named `entry` of the .olm archive at path, at most
 * max; 0, or -1 with err set. The caller unrefs *out. */
int mc_olm_read_entry(const char *path, const char *entry, size_t max, GByteArray **out,
                      char *err, size_t errlen);

#endif
