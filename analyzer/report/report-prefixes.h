/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-prefixes.h: the generated fragments the analysis located in a
 * case (messages.system_prefix of system messages), as `mailcase prefixes`
 * and the report's "Generated text seen" section read them: one row per
 * fragment, kind and language, with its script, how many messages and
 * identities it was seen for, when, the bases that located it, and whether
 * the classifier's prefix table knows it. Aggregated in SQL; ordered so
 * that what the table does not know comes first.
 */
#ifndef MAILCASE_REPORT_PREFIXES_H
#define MAILCASE_REPORT_PREFIXES_H

#include <sqlite3.h>

/* Identities and bases kept per row (the first, most frequent). */
#define MC_PREFIX_IDENTITIES_KEPT 5
#define MC_PREFIX_BASES_KEPT 8

struct mc_prefix_named_count {
	char *name;       /* an identity or a basis; NULL: a message without one */
	long long count;  /* messages */
};

struct mc_prefix_row {
	char *fragment;   /* system_prefix as it appeared */
	char *kind;       /* system_kind */
	char *language;   /* system_language, NULL when unknown */
	char *script;     /* ISO 15924: the basis's ";script=", else of the fragment */
	long long count;  /* messages */
	char *first_seen, *last_seen; /* date_utc, NULL when no message had one */
	long long n_identities;       /* distinct system_identity */
	struct mc_prefix_named_count identities[MC_PREFIX_IDENTITIES_KEPT];
	int n_identities_kept;        /* most messages first */
	struct mc_prefix_named_count bases[MC_PREFIX_BASES_KEPT];
	int n_bases;      /* the BASIS part of system_language_basis, most messages first */
	int known;        /* 1 when the prefix table knows the fragment */
};

struct mc_prefix_list {
	struct mc_prefix_row *rows;
	size_t n;
	size_t n_unknown;
};

/* Whether the prefix table (system-prefixes.h) knows the whole fragment:
 * a subject prefix or phrase with nothing after it, or a body boilerplate
 * entry (compared case-folded); a "before … after" fragment when it knows
 * each side. */
int mc_prefix_fragment_known(const char *fragment);

/* Reads the rows of the case (only those the table does not know when
 * unknown_only), unknown first, then most messages, then by fragment.
 * 0, or -1 when the case could not be read (reported with mc_error). A
 * case older than schema version 5 has no bases: they read as NULL. */
int mc_prefixes_read(sqlite3 *db, int unknown_only, struct mc_prefix_list *out);
void mc_prefixes_free(struct mc_prefix_list *list);

#endif
