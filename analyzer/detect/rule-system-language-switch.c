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
 * the switch lies between the last earlier message of a kind seen in L and
 * the first one in L; within that window, corroborating events (a hidden
 * inbox rule created, webmail used at night) date it more closely. Without
 * a language switch, the same search runs on scripts, counting messages
 * whose fragment has a script but no language (issue 18).
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
	char *kind;
	char *lang;   /* the language, or "und-SCRIPT" when only the script is known */
	char *key;    /* what a switch is sought in: the language, or the script */
};

static const char *script_of_tag(const char *tag)
{
	static const struct { const char *prefix, *script; } map[] = {
		{ "zh", "Hani" }, { "ja", "Jpan" }, { "ko", "Hang" }, { "ru", "Cyrl" },
		{ "uk", "Cyrl" }, { "bg", "Cyrl" }, { "sr", "Cyrl" }, { "be", "Cyrl" },
		{ "mk", "Cyrl" }, { "ar", "Arab" }, { "fa", "Arab" }, { "ur", "Arab" },
		{ "he", "Hebr" }, { "el", "Grek" }, { "th", "Thai" }, { "hi", "Deva" },
	};
	if (g_str_has_prefix(tag, "und-"))
		return tag + 4;
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (g_str_has_prefix(tag, map[i].prefix))
			return map[i].script;
	return "Latn";
}

static const char *script_name(const char *script)
{
	static const struct { const char *code, *name; } map[] = {
		{ "Latn", "Latin" }, { "Cyrl", "Cyrillic" }, { "Hani", "Han" },
		{ "Jpan", "Japanese" }, { "Hang", "Hangul" }, { "Kore", "Korean" },
		{ "Arab", "Arabic" }, { "Hebr", "Hebrew" }, { "Grek", "Greek" },
		{ "Thai", "Thai" }, { "Deva", "Devanagari" }, { "Armn", "Armenian" },
		{ "Geor", "Georgian" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i].code, script) == 0)
			return map[i].name;
	return script;
}

static void sysmsg_clear(gpointer p)
{
	struct sysmsg *s = p;
	g_free(s->time);
	g_free(s->kind);
	g_free(s->lang);
	g_free(s->key);
}

/* The script a basis ends with (";script=Cyrl"), or NULL; only scripts
 * of letters count. */
static char *basis_script(const char *basis)
{
	const char *p = basis ? strstr(basis, ";script=") : NULL;
	if (!p)
		return NULL;
	p += strlen(";script=");
	size_t n = strcspn(p, ";+");
	if (n != 4 || strncmp(p, "Zyyy", 4) == 0 || strncmp(p, "Zzzz", 4) == 0)
		return NULL;
	return g_strndup(p, n);
}

/* The identity's system messages, one per Message-ID, in time order. By
 * language: those with a language, keyed by it. By script: also those
 * whose fragment's language could not be told but whose script could,
 * keyed by script. */
static GArray *load_system_messages(sqlite3 *db, const char *identity, int by_script)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct sysmsg));
	g_array_set_clear_func(a, sysmsg_clear);
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT min(id), date_utc, system_kind, system_language, system_language_basis"
		"  FROM messages"
		" WHERE system_identity = ?1 AND date_utc IS NOT NULL"
		"   AND system_kind NOT IN ('list_or_bulk')"
		"   AND ((system_language IS NOT NULL AND system_language <> 'und')"
		"        OR (?2 AND system_language_basis LIKE '%;script=%'))"
		" GROUP BY coalesce(message_id, 'id:' || id)"
		" ORDER BY date_utc, min(id)");
	if (!st)
		return a;
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, by_script);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *lang = (const char *)sqlite3_column_text(st, 3);
		char *lang_copy = NULL;
		if (lang && strcmp(lang, "und") != 0) {
			lang_copy = g_strdup(lang);
		} else {
			char *script = basis_script((const char *)sqlite3_column_text(st, 4));
			if (!script)
				continue;
			lang_copy = g_strconcat("und-", script, NULL);
			g_free(script);
		}
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		struct sysmsg s = { sqlite3_column_int64(st, 0),
		                    g_strdup((const char *)sqlite3_column_text(st, 1)),
		                    g_strdup(kind ? kind : ""), lang_copy,
		                    g_strdup(by_script ? script_of_tag(lang_copy) : lang_copy) };
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

/* The commonest language (not key) of a[from, to). */
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

/* Index of the switch, or -1. home is the key of the person's language. */
static int find_switch(GArray *s, const char *home)
{
	for (guint k = MIN_BEFORE; k < s->len; k++) {
		const char *l = g_array_index(s, struct sysmsg, k).key;
		int seen = 0;
		for (guint j = 0; j < k && !seen; j++)
			seen = strcmp(g_array_index(s, struct sysmsg, j).key, l) == 0;
		if (seen || (home && strcmp(home, l) == 0))
			continue;
		unsigned in_l = 0, after = s->len - k;
		for (guint j = k; j < s->len; j++)
			in_l += strcmp(g_array_index(s, struct sysmsg, j).key, l) == 0;
		if (in_l >= MIN_AFTER && (double)in_l / after >= AFTER_SHARE)
			return (int)k;
	}
	return -1;
}

/* The message that opens the window of the switch at k: the last earlier
 * one of a kind that is seen in the new language at or after k. A kind
 * never seen in the new language (a notice the server keeps writing in the
 * old one) proves nothing about when the language changed, so it does not
 * bound the window. Without such a message, the first of the series. */
static guint window_start(GArray *s, int k, int *bounded)
{
	const char *l = g_array_index(s, struct sysmsg, k).key;
	for (int j = k - 1; j >= 0; j--) {
		const char *kind = g_array_index(s, struct sysmsg, j).kind;
		for (guint i = (guint)k; i < s->len; i++) {
			struct sysmsg *x = &g_array_index(s, struct sysmsg, i);
			if (strcmp(x->key, l) == 0 && strcmp(x->kind, kind) == 0) {
				*bounded = 1;
				return (guint)j;
			}
		}
	}
	*bounded = 0;
	return 0;
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
                         const char *home, int by_script, struct mc_analyze_totals *t)
{
	struct sysmsg *first = &g_array_index(s, struct sysmsg, k);
	struct sysmsg *prev = &g_array_index(s, struct sysmsg, k - 1);
	int bounded;
	struct sysmsg *opener = &g_array_index(s, struct sysmsg, window_start(s, k, &bounded));
	unsigned n_before, n_after = 0;
	const char *before_lang = mode_lang(s, 0, (guint)k, &n_before);
	const char *l = by_script ? NULL : first->lang;
	const char *after_script = script_of_tag(first->lang);
	int cross_script = strcmp(after_script, script_of_tag(home ? home : before_lang)) != 0;

	struct mc_finding *f = mc_finding_new(MC_RULE_SYSTEM_LANGUAGE_SWITCH, "high", 0.75, identity);
	for (guint j = (guint)k > LINK_BEFORE ? (guint)k - LINK_BEFORE : 0; j < (guint)k; j++)
		mc_finding_add_message(f, g_array_index(s, struct sysmsg, j).id, "before");
	const char *last = first->time;
	for (guint j = (guint)k; j < s->len; j++) {
		struct sysmsg *x = &g_array_index(s, struct sysmsg, j);
		if (strcmp(x->key, first->key) != 0)
			continue;
		n_after++;
		last = x->time;
		if (n_after <= LINK_AFTER)
			mc_finding_add_message(f, x->id, "after");
	}
	mc_finding_seen(f, first->time);
	mc_finding_seen(f, last);

	GString *basis = g_string_new(NULL);
	char *estimate = corroborate(db, identity, opener->time, first->time, f, basis);
	int corroborated = estimate != NULL;
	if (!estimate) {
		estimate = g_strdup(first->time);
		g_string_assign(basis, "first system message in the new language");
	}
	/* A language switch across scripts is critical; a script change whose
	 * language could not be told, one step lower unless corroborated. */
	if (by_script) {
		f->severity = corroborated ? "critical" : "high";
		f->confidence = corroborated ? 0.85 : 0.7;
	} else if (cross_script) {
		f->severity = "critical";
		f->confidence = 0.9;
	}
	GString *to = g_string_new(l);
	if (by_script)
		g_string_printf(to, "an unidentified language in %s script", script_name(after_script));
	g_string_printf(f->summary, "system messages of %s switched from %s to %s on %.10s "
	                "(%u before, %u after; person writes %s)", identity, before_lang, to->str,
	                estimate, n_before, n_after, home ? home : "unknown");
	g_string_free(to, TRUE);
	GString *d = f->details;
	g_string_append_c(d, '{');
	json_kv(d, "home_language", home, 0);
	g_string_append(d, ",\"before\":{");
	json_kv(d, "language", before_lang, 0);
	g_string_append_printf(d, ",\"count\":%u", n_before);
	json_kv(d, "last_seen", prev->time, 1);
	g_string_append(d, "},\"after\":{");
	char *und_script = g_strconcat("und-", after_script, NULL);
	json_kv(d, "language", by_script ? und_script : l, 0);
	g_free(und_script);
	json_kv(d, "script", after_script, 1);
	g_string_append_printf(d, ",\"count\":%u", n_after);
	json_kv(d, "first_seen", first->time, 1);
	json_kv(d, "last_seen", last, 1);
	g_string_append(d, "},\"window\":[");
	mc_json_string(d, opener->time);
	g_string_append_c(d, ',');
	mc_json_string(d, first->time);
	g_string_append_c(d, ']');
	json_kv(d, "window_opened_by", bounded ? opener->kind : "first system message", 1);
	json_kv(d, "switch_estimate", estimate, 1);
	json_kv(d, "switch_basis", basis->str, 1);
	g_string_append_printf(d, ",\"cross_script\":%s", cross_script ? "true" : "false");
	g_string_append_printf(d, ",\"script_only\":%s}", by_script ? "true" : "false");
	g_string_free(basis, TRUE);
	g_free(estimate);
	return mc_finding_store(db, f, t);
}

/* The switch by language; failing that, by script among messages whose
 * fragment's language could not be told (issue 18). */
static int check_identity(sqlite3 *db, const char *identity, struct mc_analyze_totals *t)
{
	char *home = home_language(db, identity);
	int rc = 0;
	for (int by_script = 0; by_script < 2; by_script++) {
		GArray *s = load_system_messages(db, identity, by_script);
		int k = find_switch(s, home ? (by_script ? script_of_tag(home) : home) : NULL);
		if (k > 0)
			rc = report_switch(db, identity, s, k, home, by_script, t);
		g_array_free(s, TRUE);
		if (k > 0)
			break;
	}
	g_free(home);
	return rc;
}

int mc_rule_system_language_switch(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *ids = mc_case_prepare(db,
		"SELECT system_identity FROM messages WHERE system_identity IS NOT NULL"
		" AND (system_language IS NOT NULL OR system_language_basis LIKE '%;script=%')"
		" GROUP BY system_identity HAVING count(*) >= 4 ORDER BY system_identity");
	if (!ids)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(ids) == SQLITE_ROW) {
		char *identity = g_strdup((const char *)sqlite3_column_text(ids, 0));
		rc = check_identity(db, identity, t);
		g_free(identity);
	}
	sqlite3_finalize(ids);
	return rc;
}
