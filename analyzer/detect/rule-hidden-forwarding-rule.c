/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-hidden-forwarding-rule.c: the rule hidden-forwarding-rule
 * (docs/findings.md): inbox rules, stored as hidden items of a mailbox,
 * that forward or redirect mail outside the mailbox's domain, or delete it.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "rules.h"

static const char RULES_SQL[] =
	"SELECT m.id, e.mailbox, coalesce(m.creation_time, m.date_utc),"
	"  coalesce(m.modification_time, m.date_utc),"
	"  (SELECT value FROM message_props WHERE message_id = m.id AND name = 'rule.actions'),"
	"  (SELECT value FROM message_props WHERE message_id = m.id AND name = 'rule.name'),"
	"  (SELECT value FROM message_props WHERE message_id = m.id AND name = 'rule.state')"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id"
	" WHERE m.origin = 'hidden'"
	"   AND (m.message_class LIKE 'IPM.Rule.%' OR m.message_class LIKE 'IPM.ExtendedRule.%')"
	" ORDER BY m.id";

static const char *domain_of(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	return at ? at + 1 : NULL;
}

/* Addresses after "forward to" / "redirect to" in a decoded action list,
 * and whether any of them is outside `home`. */
static int outside_targets(const char *actions, const char *home, GString *targets)
{
	int outside = 0;
	static const char *const verbs[] = { "forward to ", "redirect to ", NULL };
	for (const char *const *v = verbs; *v; v++) {
		for (const char *p = strstr(actions, *v); p; p = strstr(p + 1, *v)) {
			const char *a = p + strlen(*v);
			size_t n = strcspn(a, ";, ");
			char *addr = g_ascii_strdown(a, (gssize)n);
			const char *d = domain_of(addr);
			if (targets->len)
				g_string_append(targets, ", ");
			g_string_append(targets, addr);
			if (d && (!home || g_ascii_strcasecmp(d, home) != 0))
				outside = 1;
			g_free(addr);
		}
	}
	return outside;
}

int mc_rule_hidden_forwarding_rule(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db, RULES_SQL);
	if (!st)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *mailbox = (const char *)sqlite3_column_text(st, 1);
		const char *actions = (const char *)sqlite3_column_text(st, 4);
		if (!actions)
			continue;
		int forwards = strstr(actions, "forward to ") || strstr(actions, "redirect to ");
		int deletes = strstr(actions, "delete") != NULL;
		if (!forwards && !deletes)
			continue;
		GString *targets = g_string_new(NULL);
		int outside = forwards && outside_targets(actions, domain_of(mailbox), targets);
		const char *severity = outside ? "high" : forwards ? "medium" : "low";
		struct mc_finding *f = mc_finding_new(MC_RULE_HIDDEN_FORWARDING_RULE, severity,
		                                      outside ? 0.9 : 0.6, mailbox);
		const char *name = (const char *)sqlite3_column_text(st, 5);
		mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
		mc_finding_seen(f, (const char *)sqlite3_column_text(st, 2));
		mc_finding_seen(f, (const char *)sqlite3_column_text(st, 3));
		g_string_printf(f->summary, "inbox rule%s%s%s of %s %s%s%s", name ? " \"" : "",
		                name ? name : "", name ? "\"" : "", mailbox ? mailbox : "a mailbox",
		                forwards ? "forwards mail to " : "deletes mail",
		                forwards ? targets->str : "",
		                outside ? " (outside the organisation)" : "");
		g_string_append(f->details, "{\"rule_name\":");
		mc_json_string(f->details, name);
		g_string_append(f->details, ",\"actions\":");
		mc_json_string(f->details, actions);
		g_string_append(f->details, ",\"targets\":");
		mc_json_string(f->details, targets->str);
		g_string_append(f->details, ",\"state\":");
		mc_json_string(f->details, (const char *)sqlite3_column_text(st, 6));
		g_string_append_printf(f->details, ",\"outside\":%s}", outside ? "true" : "false");
		g_string_free(targets, TRUE);
		rc = mc_finding_store(db, f, t);
	}
	sqlite3_finalize(st);
	return rc;
}
