/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.h: the catalogue of detection rules (docs/findings.md). Each rule
 * has an id (the string stored in findings.rule), a title, a one-line
 * description and the function that applies it; the catalogue lists them in
 * the order `mailcase analyze` applies them, which is the order their
 * findings are numbered in. Each rule lives in analyzer/detect/rule-<id>.c.
 *
 * Code that names a rule uses the MC_RULE_* id below (also inside SQL text:
 * "WHERE rule = '" MC_RULE_OFF_HOURS_ACTIVITY "'"), never a literal.
 */
#ifndef MAILCASE_RULES_H
#define MAILCASE_RULES_H

#include <stddef.h>
#include <sqlite3.h>

#define MC_RULE_SYSTEM_LANGUAGE_SWITCH "system-language-switch"
#define MC_RULE_COORDINATED_LANGUAGE_SWITCH "coordinated-language-switch"
#define MC_RULE_LOCALIZED_DEFAULT_FOLDERS "localized-default-folders"
#define MC_RULE_HIDDEN_FORWARDING_RULE "hidden-forwarding-rule"
#define MC_RULE_OFF_HOURS_ACTIVITY "off-hours-activity"
#define MC_RULE_CHARSET_MISMATCH "charset-mismatch"

struct mc_analyze_totals;

/* Applies a rule to an analysed case (inside analyze's transaction): stores
 * its findings with mc_finding_store(), which counts them in t. Returns 0,
 * or -1 after reporting why. */
typedef int (*mc_rule_fn)(sqlite3 *db, struct mc_analyze_totals *t);

struct mc_rule {
	const char *id;           /* as stored in findings.rule */
	const char *title;        /* a few plain words ("Activity at night") */
	const char *description;  /* one line: what it detects */
	mc_rule_fn apply;
};

/* The i-th rule in order, NULL after the last. */
const struct mc_rule *mc_rule_at(size_t i);
/* The rule with this id, NULL for an unknown id or NULL. */
const struct mc_rule *mc_rule_find(const char *id);
/* Its title, NULL for an unknown id or NULL. */
const char *mc_rule_title(const char *id);

/* The rules' functions (rule-<id>.c), for the catalogue. */
int mc_rule_system_language_switch(sqlite3 *db, struct mc_analyze_totals *t);
int mc_rule_coordinated_language_switch(sqlite3 *db, struct mc_analyze_totals *t);
int mc_rule_localized_default_folders(sqlite3 *db, struct mc_analyze_totals *t);
int mc_rule_hidden_forwarding_rule(sqlite3 *db, struct mc_analyze_totals *t);
int mc_rule_off_hours_activity(sqlite3 *db, struct mc_analyze_totals *t);
int mc_rule_charset_mismatch(sqlite3 *db, struct mc_analyze_totals *t);

#endif
