/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.h: who is who in a case.
 *
 * An identity is one person or mailbox, named by its lower-case SMTP
 * address. Exchange legacy DNs ("/o=Org/ou=.../cn=Recipients/cn=anna")
 * name the same people inside PSTs; every pair the case itself shows (a
 * sender or recipient with both a DN and an SMTP address) makes the DN an
 * alias of the address. A DN with no known address stays an identity of
 * its own, lower-cased.
 */
#ifndef MAILCASE_IDENTITY_H
#define MAILCASE_IDENTITY_H

#include <sqlite3.h>
#include <glib.h>

struct mc_identities {
	GHashTable *alias;   /* lower-case DN or address -> identity (owned strings) */
};

/* Lower-case, trimmed, without <> or an "SMTP:" prefix; NULL for empty or
 * NULL input. g_malloc'd. */
char *mc_identity_normalize(const char *addr);

/* Builds the alias map from the messages and recipients of the case. */
int mc_identities_load(struct mc_identities *ids, sqlite3 *db);
void mc_identities_clear(struct mc_identities *ids);

/* The identity of an address or DN (either may be NULL); g_malloc'd, or
 * NULL when both are empty. */
char *mc_identity_resolve(const struct mc_identities *ids, const char *addr,
                          const char *exdn);

/* Decides evidence.mailbox for every evidence: the custodian when it is an
 * address, else the identity that sent most messages found in the
 * evidence's sent-role folders, else the commonest To recipient of its
 * inbox-role folders. Needs messages.sender_identity. */
int mc_identities_assign_mailboxes(sqlite3 *db);

/* Replaces identity_aliases with the alias map. */
int mc_identities_store_aliases(const struct mc_identities *ids, sqlite3 *db);
/* Sets messages.sender_identity to what mc_identity_resolve gives for its
 * from_addr and from_exdn with ids (the same function, run in SQL). */
int mc_identities_resolve_senders(sqlite3 *db, const struct mc_identities *ids);
/* Replaces the identities table: every sender, system identity and
 * mailbox, with display name, language written, usual UTC offset (from the
 * Date headers of its own messages) and counts. */
int mc_identities_fill(sqlite3 *db);

#endif
