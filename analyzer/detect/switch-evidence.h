/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * switch-evidence.h: what else the case holds about a language switch of an
 * identity's system messages, for rule-system-language-switch.c
 * (docs/findings.md, "system-language-switch"): the events that date it
 * inside its window, and the independent evidence that someone else used
 * the mailbox, which a switch resting on a single message needs to be
 * high.
 */
#ifndef MAILCASE_SWITCH_EVIDENCE_H
#define MAILCASE_SWITCH_EVIDENCE_H

#include <glib.h>
#include <sqlite3.h>

#include "analyze.h"

/* Events of the identity inside (from, to] that date a session change:
 * hidden inbox rules created in its mailbox, webmail it used at night.
 * Links them to f as evidence, sets basis to the earliest one's kind and
 * returns its time (g_malloc'd), or NULL when there is none. */
char *mc_switch_dating_events(sqlite3 *db, const char *identity, const char *from,
                              const char *to, struct mc_finding *f, GString *basis);

/*
 * Evidence, independent of the system messages, that someone else used the
 * mailbox of identity, for a switch to key (a language, or with by_script a
 * script) whose window is (from, to]: its default folders named in the same
 * language (the localized-default-folders finding, which runs before the
 * switch rule; for a script, the same script other than Latin), a hidden
 * inbox rule that forwards mail (a hidden-forwarding-rule finding of medium
 * or above), or webmail used at night inside the window by an identity
 * that had never used it at night before. Adds a description of each to
 * found (g_malloc'd strings) and returns how many.
 */
int mc_switch_single_corroboration(sqlite3 *db, const char *identity, const char *key,
                                   int by_script, const char *from, const char *to,
                                   GPtrArray *found);

#endif
