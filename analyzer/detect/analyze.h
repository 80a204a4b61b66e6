/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyze.h: `mailcase analyze`, what it derives from a case and how.
 *
 * Analysis reads what ingestion stored and writes derived data only: the
 * classification, language and client columns of messages, report_fields,
 * identities, evidence.mailbox, and the findings. It runs in one
 * transaction and replaces its previous results, so running it again gives
 * the same case, never duplicates. docs/findings.md documents every rule.
 */
#ifndef MAILCASE_ANALYZE_H
#define MAILCASE_ANALYZE_H

#include <stdint.h>
#include <glib.h>
#include <sqlite3.h>

#include "identity.h"

struct mc_analyze_totals {
	int64_t messages;
	int64_t system_messages;
	int findings;
};

/* How to analyse; all zero is the default analysis. */
struct mc_analyze_options {
	int no_prefix_table;   /* classify without the localized-prefix table
	                        * (mc_classify_input.no_prefix_table) */
};

/* The whole analysis of a case, with `opts` (NULL: the defaults). Returns
 * 0, or -1 after reporting why (the case is then unchanged), -2 when
 * that was another process holding the case past the wait (case-busy.h). */
int mc_analyze(sqlite3 *db, const struct mc_analyze_options *opts,
               struct mc_analyze_totals *totals);

/* Steps, in order (analyze-messages.c, identity.c, then the rules of
 * rules.h, each in its rule-<id>.c). */
int mc_analyze_messages(sqlite3 *db, const struct mc_identities *ids,
                        const struct mc_analyze_options *opts,
                        struct mc_analyze_totals *totals);
/* After mc_analyze_messages(): the basis case-prefix (learned-prefixes.c),
 * given to the system messages no other basis located a fragment for.
 * *updated gets how many. Returns 0 or -1. */
int mc_learn_case_prefixes(sqlite3 *db, uint64_t *updated);

/* A finding being built by a rule, stored by mc_finding_store(). */
struct mc_finding {
	const char *rule;          /* rule id: an MC_RULE_* of rules.h */
	const char *severity;      /* info, low, medium, high, critical */
	double confidence;         /* 0..1 */
	char *identity;            /* lower-case SMTP address or NULL */
	char *first_seen, *last_seen;
	GString *summary;          /* one line */
	GString *details;          /* a JSON object with the data to verify it */
	GArray *messages;          /* long long message ids */
	GPtrArray *roles;          /* const char * per message: "before", "after", "evidence" */
};

struct mc_finding *mc_finding_new(const char *rule, const char *severity,
                                  double confidence, const char *identity);
void mc_finding_add_message(struct mc_finding *f, long long message_id, const char *role);
void mc_finding_seen(struct mc_finding *f, const char *time_utc);
/* Stores f (with its message links) and frees it. Returns 0 or -1. */
int mc_finding_store(sqlite3 *db, struct mc_finding *f, struct mc_analyze_totals *t);
void mc_finding_free(struct mc_finding *f);

#endif
