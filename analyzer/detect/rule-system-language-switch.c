/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-system-language-switch.c: the rule system-language-switch
 * (docs/findings.md).
 *
 * For each identity, its system messages (auto-replies it sent, reports
 * generated for its mailbox, receipts it produced...) in time order, each
 * with the language of its system-generated part; the search for the
 * switch itself is switch-series.c's. A switch is the first message in a
 * language L that none of the (at least two) earlier messages had, when L
 * is then the language of most (60%) of the later ones, at least two, and
 * is not the language the person writes in. Failing that over every kind,
 * the kinds the session writes (auto-replies, read receipts...) are
 * searched alone, since a server keeps writing its reports in its own
 * language after the session changed (then those with the notices and
 * reports of the mailbox's own server, which follow the mailbox's
 * settings); there the owner's language may
 * complete a short baseline, and a single later message counts, at medium
 * unless evidence already in the case corroborates it (folders named in L,
 * a hidden forwarding rule, webmail at night new in the window). The
 * moment of the switch lies between the last earlier message of a kind
 * seen in L and the first one in L; within that window, corroborating
 * events (a hidden inbox rule created, webmail used at night) date it more
 * closely. Without a language switch, the same search runs on scripts,
 * counting messages whose fragment has a script but no language (issue 18).
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
#include "switch-evidence.h"
#include "switch-series.h"

#define LINK_BEFORE 10
#define LINK_AFTER 200

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
	GArray *a = mc_sysmsg_array_new();
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT min(id), date_utc, system_kind, system_language, system_language_basis,"
		"       min(from_addr)"
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
		mc_sysmsg_append(a, sqlite3_column_int64(st, 0),
		                 (const char *)sqlite3_column_text(st, 1),
		                 (const char *)sqlite3_column_text(st, 2), lang_copy,
		                 by_script ? mc_switch_script_of_tag(lang_copy) : lang_copy,
		                 mc_switch_same_domain((const char *)sqlite3_column_text(st, 5),
		                                       identity));
		g_free(lang_copy);
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

static struct mc_sysmsg *at(GArray *a, guint i)
{
	return &g_array_index(a, struct mc_sysmsg, i);
}

static void json_list_add(GString *list, const char *item, int comma)
{
	if (comma)
		g_string_append_c(list, ',');
	mc_json_string(list, item);
}

static void json_kv(GString *d, const char *key, const char *value, int comma)
{
	if (comma)
		g_string_append_c(d, ',');
	mc_json_string(d, key);
	g_string_append_c(d, ':');
	mc_json_string(d, value);
}

/* details.kinds, kinds_switched and kinds_unchanged: for each kind of the
 * full series, who writes it, and how many of its messages came before
 * `from` (the first message in the new key), in the new key from it on,
 * and in another from it on. */
static void kinds_json(GString *d, GArray *full, const char *key, const char *from)
{
	GPtrArray *kinds = g_ptr_array_new();
	for (guint i = 0; i < full->len; i++) {
		const char *kind = at(full, i)->kind;
		gboolean known = FALSE;
		for (guint j = 0; j < kinds->len && !known; j++)
			known = strcmp(g_ptr_array_index(kinds, j), kind) == 0;
		if (!known)
			g_ptr_array_add(kinds, (gpointer)kind);
	}
	GString *switched = g_string_new(NULL), *unchanged = g_string_new(NULL);
	g_string_append(d, ",\"kinds\":{");
	for (guint j = 0; j < kinds->len; j++) {
		const char *kind = g_ptr_array_index(kinds, j);
		unsigned before = 0, after_new = 0, after_other = 0;
		for (guint i = 0; i < full->len; i++) {
			struct mc_sysmsg *x = at(full, i);
			if (strcmp(x->kind, kind) != 0)
				continue;
			if (strcmp(x->time, from) < 0)
				before++;
			else if (strcmp(x->key, key) == 0)
				after_new++;
			else
				after_other++;
		}
		const char *follows = mc_switch_kind_follows(kind);
		if (j)
			g_string_append_c(d, ',');
		mc_json_string(d, kind);
		g_string_append(d, ":{");
		json_kv(d, "follows", follows ? follows : "unknown", 0);
		g_string_append_printf(d, ",\"before\":%u,\"after_new\":%u,\"after_other\":%u}",
		                       before, after_new, after_other);
		if (after_new)
			json_list_add(switched, kind, switched->len > 0);
		else if (after_other)
			json_list_add(unchanged, kind, unchanged->len > 0);
	}
	g_string_append_printf(d, "},\"kinds_switched\":[%s],\"kinds_unchanged\":[%s]",
	                       switched->str, unchanged->str);
	g_string_free(switched, TRUE);
	g_string_free(unchanged, TRUE);
	g_ptr_array_free(kinds, TRUE);
}

/* Which series a switch was found in (details.series). */
enum series_kind { SERIES_ALL, SERIES_SESSION, SERIES_SESSION_HOME };

/*
 * Reports the switch sw found in series s (the full series, its session
 * kinds, or those with the mailbox's own server's messages: `session`) of
 * the identity's system messages `full`.
 */
static int report_switch(sqlite3 *db, const char *identity, GArray *full, GArray *s,
                         struct mc_switch sw, const char *home, int by_script, int session,
                         struct mc_analyze_totals *t)
{
	int k = sw.k;
	struct mc_sysmsg *in_series = at(s, (guint)k);
	struct mc_sysmsg *prev = at(s, (guint)k - 1);
	int bounded;
	struct mc_sysmsg *opener = at(s, mc_switch_window_start(s, k, &bounded));
	/* The first message in the new language, of any kind: a server kind
	 * can show it before the session kinds do. */
	guint first_i = 0;
	for (guint i = 0; i < full->len; i++) {
		struct mc_sysmsg *x = at(full, i);
		if (x->id == in_series->id || (strcmp(x->key, in_series->key) == 0
		                               && strcmp(x->time, opener->time) > 0)) {
			first_i = i;
			break;
		}
	}
	struct mc_sysmsg *first = at(full, first_i);
	unsigned n_before, n_after = 0;
	const char *before_lang = mc_switch_mode_lang(s, 0, (guint)k, &n_before);
	const char *l = by_script ? NULL : first->lang;
	const char *after_script = mc_switch_script_of_tag(first->lang);
	int cross_script = strcmp(after_script, mc_switch_script_of_tag(home ? home : before_lang)) != 0;
	int owner_baseline = sw.before == MC_BEFORE_OWNER_LANGUAGE;
	int single = sw.in_new < MC_SWITCH_MIN_AFTER;

	struct mc_finding *f = mc_finding_new(MC_RULE_SYSTEM_LANGUAGE_SWITCH, "high", 0.75, identity);
	for (guint j = (guint)k > LINK_BEFORE ? (guint)k - LINK_BEFORE : 0; j < (guint)k; j++)
		mc_finding_add_message(f, at(s, j)->id, "before");
	const char *last = first->time;
	for (guint j = first_i; j < full->len; j++) {
		struct mc_sysmsg *x = at(full, j);
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
	char *estimate = mc_switch_dating_events(db, identity, opener->time, first->time, f, basis);
	int corroborated = estimate != NULL;
	if (!estimate) {
		estimate = g_strdup(first->time);
		g_string_assign(basis, "first system message in the new language");
	}
	GPtrArray *corroboration = g_ptr_array_new_with_free_func(g_free);
	if (single) {
		/* One message is at most medium; high only with independent
		 * evidence of another user already in the case. */
		int n = mc_switch_single_corroboration(db, identity, first->key, by_script,
		                                       opener->time, first->time, corroboration);
		f->severity = n ? "high" : "medium";
		f->confidence = n ? 0.7 : 0.5;
	} else if (by_script) {
		/* A language switch across scripts is critical; a script change
		 * whose language could not be told, one step lower unless
		 * corroborated. */
		f->severity = corroborated ? "critical" : "high";
		f->confidence = corroborated ? 0.85 : 0.7;
	} else if (cross_script) {
		f->severity = "critical";
		f->confidence = 0.9;
	}
	if (owner_baseline) {
		/* Fewer than two earlier messages: the owner's language stands in
		 * for the rest of the baseline, one step less sure. */
		if (!single)
			f->severity = "high";
		f->confidence -= 0.15;
	}
	GString *to = g_string_new(l);
	if (by_script)
		g_string_printf(to, "an unidentified language in %s script", mc_switch_script_name(after_script));
	g_string_printf(f->summary, "system messages of %s switched from %s to %s on %.10s "
	                "(%u before, %u after; person writes %s%s%s%s)", identity, before_lang,
	                to->str, estimate, n_before, n_after, home ? home : "unknown",
	                session == SERIES_SESSION ? "; in the kinds the session writes"
	                : session == SERIES_SESSION_HOME
	                        ? "; in the kinds the session and the mailbox's own server write" : "",
	                owner_baseline ? "; baseline: the owner's language" : "",
	                single ? (corroboration->len ? "; a single message, corroborated"
	                                             : "; a single message") : "");
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
	g_string_append_printf(d, ",\"script_only\":%s", by_script ? "true" : "false");
	json_kv(d, "series", session == SERIES_SESSION ? "session-kinds"
	        : session == SERIES_SESSION_HOME ? "session-and-home-server-kinds" : "all-kinds", 1);
	json_kv(d, "before_basis", owner_baseline ? "owner-language" : "system-messages", 1);
	g_string_append_printf(d, ",\"single_message\":%s", single ? "true" : "false");
	g_string_append(d, ",\"corroboration\":[");
	for (guint i = 0; i < corroboration->len; i++)
		json_list_add(d, g_ptr_array_index(corroboration, i), i > 0);
	g_string_append_c(d, ']');
	kinds_json(d, full, first->key, first->time);
	g_string_append_c(d, '}');
	g_ptr_array_free(corroboration, TRUE);
	g_string_free(basis, TRUE);
	g_free(estimate);
	return mc_finding_store(db, f, t);
}

/* A switch found in one of the identity's series, kept until it is
 * reported. */
struct candidate {
	GArray *full, *series;
	struct mc_switch sw;
	int by_script, session;
};

static void candidate_clear(struct candidate *c)
{
	if (c->series && c->series != c->full)
		g_array_free(c->series, TRUE);
	if (c->full)
		g_array_free(c->full, TRUE);
	c->full = c->series = NULL;
}

/* Searches series c->series (relaxed: the owner's language may complete
 * the baseline, a single later message may do) and keeps c as `found` or
 * as the first `single`; else frees it. */
static void keep_relaxed(struct candidate *c, const char *home_key, struct candidate *found,
                         struct candidate *single)
{
	c->sw = mc_switch_find(c->series, home_key, 1);
	if (c->sw.k > 0 && c->sw.in_new >= MC_SWITCH_MIN_AFTER && !found->full)
		*found = *c;
	else if (c->sw.k > 0 && !single->full)
		*single = *c;
	else
		candidate_clear(c);
}

/*
 * The switch by language, then by script among messages whose fragment's
 * language could not be told (issue 18). In each, first over every kind;
 * failing that, over the kinds the session writes alone (server kinds that
 * stay in the old language do not cancel it), then over those with the
 * notices and reports of the mailbox's own server (a remote server's stay
 * out); in these two, fewer earlier messages in the owner's language and a
 * single later one may do. A switch on a single message is reported only
 * when no other is found.
 */
static int check_identity(sqlite3 *db, const char *identity, struct mc_analyze_totals *t)
{
	char *home = home_language(db, identity);
	struct candidate found = { 0 }, single = { 0 };
	for (int by_script = 0; by_script < 2 && !found.full; by_script++) {
		const char *home_key = home ? (by_script ? mc_switch_script_of_tag(home) : home) : NULL;
		struct candidate c = { load_system_messages(db, identity, by_script), NULL,
		                       { -1, 0, 0, MC_BEFORE_MESSAGES }, by_script, 0 };
		c.series = c.full;
		c.sw = mc_switch_find(c.full, home_key, 0);
		if (c.sw.k > 0) {
			found = c;
			break;
		}
		GArray *home_series = mc_switch_home_series(c.full);
		/* its own copy of the full series: c's may be kept or freed */
		GArray *home_full = home_series ? mc_sysmsg_array_copy(c.full) : NULL;
		c.series = mc_switch_session_series(c.full);
		c.session = SERIES_SESSION;
		keep_relaxed(&c, home_key, &found, &single);
		if (home_series && !found.full) {
			struct candidate h = { home_full, home_series,
			                       { -1, 0, 0, MC_BEFORE_MESSAGES }, by_script,
			                       SERIES_SESSION_HOME };
			keep_relaxed(&h, home_key, &found, &single);
		} else if (home_series) {
			g_array_free(home_series, TRUE);
			g_array_free(home_full, TRUE);
		}
	}
	struct candidate *r = found.full ? &found : single.full ? &single : NULL;
	int rc = r ? report_switch(db, identity, r->full, r->series, r->sw, home, r->by_script,
	                           r->session, t) : 0;
	candidate_clear(&found);
	candidate_clear(&single);
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
