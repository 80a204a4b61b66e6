/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-system-language-switch.c: the rule system-language-switch
 * (docs/findings.md).
 *
 * For each identity, its system messages (auto-replies it sent, reports
 * generated for its mailbox, receipts it produced...) in time order, each
 * with the language of its system-generated part. A switch is the first
 * message in a language L that none of the (at least two) earlier messages
 * had, when L is then the language of most (60%) of the later ones, at
 * least two, and is not the language the person writes in. The moment of
 * the switch lies between the last message before it and the first one in
 * L; within that window, corroborating events (a hidden inbox rule
 * created, webmail used at night) date it more closely.
 *
 * rule-coordinated-language-switch.c reads the findings stored here.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "log.h"
#include "rules.h"

#define MIN_BEFORE 2
#define MIN_AFTER 2
#define AFTER_SHARE 0.6
#define LINK_BEFORE 10
#define LINK_AFTER 200

struct sysmsg {
	long long id;
	char *time;
	char *lang;
};

static const char *script_of_tag(const char *tag)
{
	static const struct { const char *prefix, *script; } map[] = {
		{ "zh", "Hani" }, { "ja", "Jpan" }, { "ko", "Hang" }, { "ru", "Cyrl" },
		{ "uk", "Cyrl" }, { "bg", "Cyrl" }, { "sr", "Cyrl" }, { "be", "Cyrl" },
		{ "mk", "Cyrl" }, { "ar", "Arab" }, { "fa", "Arab" }, { "ur", "Arab" },
		{ "he", "Hebr" }, { "el", "Grek" }, { "th", "Thai" }, { "hi", "Deva" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (g_str_has_prefix(tag, map[i].prefix))
			return map[i].script;
	return "Latn";
}

static void sysmsg_clear(gpointer p)
{
	struct sysmsg *s = p;
	g_free(s->time);
	g_free(s->lang);
}

/* The identity's system messages with a language, one per Message-ID. */
static GArray *load_system_messages(sqlite3 *db, const char *identity)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct sysmsg));
	g_array_set_clear_func(a, sysmsg_clear);
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT min(id), date_utc, system_language FROM messages"
		" WHERE system_identity = ? AND system_language IS NOT NULL"
		"   AND system_language <> 'und' AND date_utc IS NOT NULL"
		"   AND system_kind NOT IN ('list_or_bulk')"
		" GROUP BY coalesce(message_id, 'id:' || id)"
		" ORDER BY date_utc, min(id)");
	if (!st)
		return a;
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct sysmsg s = { sqlite3_column_int64(st, 0),
		                    g_strdup((const char *)sqlite3_column_text(st, 1)),
		                    g_strdup((const char *)sqlite3_column_text(st, 2)) };
		g_array_append_val(a, s);
	}
	sqlite3_finalize(st);
	return a;
}

static char *query_text(sqlite3 *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	char *v = NULL;
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* The language the person writes in: the commonest of their own messages. */
static char *home_language(sqlite3 *db, const char *identity)
{
	return query_text(db,
		"SELECT language FROM messages WHERE sender_identity = ? AND system_kind IS NULL"
		" AND language IS NOT NULL AND language <> 'und'"
		" GROUP BY language ORDER BY count(*) DESC, language LIMIT 1", identity);
}

static const char *mode_lang(GArray *a, guint from, guint to, unsigned *count)
{
	const char *best = NULL;
	unsigned best_n = 0;
	for (guint i = from; i < to; i++) {
		const char *l = g_array_index(a, struct sysmsg, i).lang;
		unsigned n = 0;
		for (guint j = from; j < to; j++)
			n += strcmp(g_array_index(a, struct sysmsg, j).lang, l) == 0;
		if (n > best_n) {
			best_n = n;
			best = l;
		}
	}
	*count = best_n;
	return best;
}

/* Index of the switch, or -1. */
static int find_switch(GArray *s, const char *home)
{
	for (guint k = MIN_BEFORE; k < s->len; k++) {
		const char *l = g_array_index(s, struct sysmsg, k).lang;
		int seen = 0;
		for (guint j = 0; j < k && !seen; j++)
			seen = strcmp(g_array_index(s, struct sysmsg, j).lang, l) == 0;
		if (seen || (home && strcmp(home, l) == 0))
			continue;
		unsigned in_l = 0, after = s->len - k;
		for (guint j = k; j < s->len; j++)
			in_l += strcmp(g_array_index(s, struct sysmsg, j).lang, l) == 0;
		if (in_l >= MIN_AFTER && (double)in_l / after >= AFTER_SHARE)
			return (int)k;
	}
	return -1;
}

/* Events of the identity inside (from, to] that corroborate a session
 * change: hidden rules created, webmail used at night. Appends them to the
 * finding and returns the earliest time (g_malloc'd) or NULL. */
static char *corroborate(sqlite3 *db, const char *identity, const char *from,
                         const char *to, struct mc_finding *f, GString *basis)
{
	char *earliest = NULL;
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT m.id, coalesce(m.creation_time, m.date_utc) AS t, 'hidden rule created'"
		"  FROM messages m JOIN evidence e ON e.id = m.evidence_id"
		" WHERE e.mailbox = ?1 AND m.origin = 'hidden'"
		"   AND (m.message_class LIKE 'IPM.Rule.%' OR m.message_class LIKE 'IPM.ExtendedRule.%')"
		"   AND t > ?2 AND t <= ?3"
		" UNION ALL "
		"SELECT m.id, m.date_utc, 'webmail at night'"
		"  FROM messages m LEFT JOIN identities i ON i.identity = m.sender_identity"
		" WHERE m.sender_identity = ?1 AND m.system_kind IS NULL AND m.client_kind = 'webmail'"
		"   AND m.date_utc > ?2 AND m.date_utc <= ?3"
		"   AND CAST(strftime('%H', m.date_utc, coalesce(i.utc_offset, 0) || ' minutes') AS INTEGER) < 6"
		" ORDER BY 2");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *what = (const char *)sqlite3_column_text(st, 2);
		if (!earliest) {
			earliest = g_strdup(t);
			g_string_append(basis, what);
		}
		mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
	}
	sqlite3_finalize(st);
	return earliest;
}

static void json_kv(GString *d, const char *key, const char *value, int comma)
{
	if (comma)
		g_string_append_c(d, ',');
	mc_json_string(d, key);
	g_string_append_c(d, ':');
	mc_json_string(d, value);
}

static int report_switch(sqlite3 *db, const char *identity, GArray *s, int k,
                         const char *home, struct mc_analyze_totals *t)
{
	struct sysmsg *first = &g_array_index(s, struct sysmsg, k);
	struct sysmsg *prev = &g_array_index(s, struct sysmsg, k - 1);
	unsigned n_before, n_after = 0;
	const char *before_lang = mode_lang(s, 0, (guint)k, &n_before);
	const char *l = first->lang;
	int cross_script = strcmp(script_of_tag(l), script_of_tag(home ? home : before_lang)) != 0;

	struct mc_finding *f = mc_finding_new(MC_RULE_SYSTEM_LANGUAGE_SWITCH,
	                                      cross_script ? "critical" : "high",
	                                      cross_script ? 0.9 : 0.75, identity);
	for (guint j = (guint)k > LINK_BEFORE ? (guint)k - LINK_BEFORE : 0; j < (guint)k; j++)
		mc_finding_add_message(f, g_array_index(s, struct sysmsg, j).id, "before");
	const char *last = first->time;
	for (guint j = (guint)k; j < s->len; j++) {
		struct sysmsg *x = &g_array_index(s, struct sysmsg, j);
		if (strcmp(x->lang, l) != 0)
			continue;
		n_after++;
		last = x->time;
		if (n_after <= LINK_AFTER)
			mc_finding_add_message(f, x->id, "after");
	}
	mc_finding_seen(f, first->time);
	mc_finding_seen(f, last);

	GString *basis = g_string_new(NULL);
	char *estimate = corroborate(db, identity, prev->time, first->time, f, basis);
	if (!estimate) {
		estimate = g_strdup(first->time);
		g_string_assign(basis, "first system message in the new language");
	}
	g_string_printf(f->summary, "system messages of %s switched from %s to %s on %.10s "
	                "(%u before, %u after; person writes %s)", identity, before_lang, l,
	                estimate, n_before, n_after, home ? home : "unknown");
	GString *d = f->details;
	g_string_append_c(d, '{');
	json_kv(d, "home_language", home, 0);
	g_string_append(d, ",\"before\":{");
	json_kv(d, "language", before_lang, 0);
	g_string_append_printf(d, ",\"count\":%u", n_before);
	json_kv(d, "last_seen", prev->time, 1);
	g_string_append(d, "},\"after\":{");
	json_kv(d, "language", l, 0);
	g_string_append_printf(d, ",\"count\":%u", n_after);
	json_kv(d, "first_seen", first->time, 1);
	json_kv(d, "last_seen", last, 1);
	g_string_append(d, "},\"window\":[");
	mc_json_string(d, prev->time);
	g_string_append_c(d, ',');
	mc_json_string(d, first->time);
	g_string_append_c(d, ']');
	json_kv(d, "switch_estimate", estimate, 1);
	json_kv(d, "switch_basis", basis->str, 1);
	g_string_append_printf(d, ",\"cross_script\":%s}", cross_script ? "true" : "false");
	g_string_free(basis, TRUE);
	g_free(estimate);
	return mc_finding_store(db, f, t);
}

int mc_rule_system_language_switch(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *ids = mc_case_prepare(db,
		"SELECT system_identity FROM messages WHERE system_identity IS NOT NULL"
		" AND system_language IS NOT NULL GROUP BY system_identity"
		" HAVING count(*) >= 4 ORDER BY system_identity");
	if (!ids)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(ids) == SQLITE_ROW) {
		char *identity = g_strdup((const char *)sqlite3_column_text(ids, 0));
		GArray *s = load_system_messages(db, identity);
		char *home = home_language(db, identity);
		int k = find_switch(s, home);
		if (k > 0)
			rc = report_switch(db, identity, s, k, home, t);
		g_free(home);
		g_array_free(s, TRUE);
		g_free(identity);
	}
	sqlite3_finalize(ids);
	return rc;
}
