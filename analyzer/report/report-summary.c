/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-summary.c: the parts of the HTML report that speak to a newcomer
 * in words: the page header, "What mailcase found" (one plain sentence per
 * kind of finding, grouped across mailboxes, and the mailboxes where
 * nothing was found), the case and its evidence (hashes, statuses, runs),
 * the glossary of rules and terms, and the footer.
 */

#include <string.h>

#include "case-db.h"
#include "log.h"
#include "report-html.h"
#include "report-query.h"
#include "report-sections.h"
#include "report-words.h"
#include "rules.h"

void mc_report_tick(struct mc_report *r, const char *what)
{
	r->step++;
	mc_progress_update(r->step, r->step, what);
}

long long mc_report_scalar(struct mc_report *r, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(r->db, sql);
	long long v = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void mc_report_person(GString *out, const char *name, const char *addr)
{
	mc_html_esc(out, name && *name ? name : (addr ? addr : "?"));
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int mc_report_header(struct mc_report *r)
{
	GString *o = r->out;
	g_string_append(o, "<header class=\"top\"><div class=\"in\"><h1>mailcase report</h1><p>Case file ");
	mc_html_esc(o, r->case_path);
	g_string_append(o, "</p><nav><a href=\"#found\">What mailcase found</a>"
	                "<a href=\"#languages\">Language of automatic messages</a>"
	                "<a href=\"#generated\">Generated text</a>"
	                "<a href=\"#activity\">When mailboxes were used</a>"
	                "<a href=\"#findings\">Findings</a><a href=\"#case\">Evidence</a>"
	                "<a href=\"#glossary\">Glossary</a></nav></div></header>\n<main>\n");
	return 0;
}

/* ---- What mailcase found ---- */

static void finding_links(GString *o, GArray *ids)
{
	g_string_append(o, ids->len == 1 ? " · finding " : " · findings ");
	for (guint i = 0; i < ids->len; i++) {
		long long id = g_array_index(ids, long long, i);
		g_string_append_printf(o, "%s<a href=\"#f%lld\">%lld</a>", i ? ", " : "", id, id);
	}
}

static void verdict_open(GString *o, const char *cls, const char *tag)
{
	g_string_append_printf(o, "<li class=\"verdict %s\"><b class=\"tag\">%s</b> ", cls, tag);
}

static const char *class_of(int rank)
{
	return rank >= 3 ? "alarm" : rank == 2 ? "warn" : "benign";
}

static const char *tag_of(int rank)
{
	return rank >= 3 ? "Likely intrusion" : rank == 2 ? "Look at this" : "Probably benign";
}

/* " on 19 Feb 2011", " between 18 and 19 Feb 2011", " between 28 Feb and
 * 2 Mar 2011", " between 30 Dec 2010 and 2 Jan 2011" (UTC days). */
static void day_range(GString *o, gint64 first, gint64 last)
{
	GString *d1 = g_string_new(NULL), *d2 = g_string_new(NULL);
	mc_fmt_day(d1, first, 0);
	mc_fmt_day(d2, last, 0);
	if (strcmp(d1->str, d2->str) == 0) {
		g_string_append_printf(o, " on %s", d1->str);
	} else {
		/* Drop what the two dates share at the end: " Feb 2011", " 2011". */
		const char *sp1 = strchr(d1->str, ' '), *sp2 = strchr(d2->str, ' ');
		int cut = 0;
		if (sp1 && sp2 && strcmp(sp1, sp2) == 0)
			cut = (int)(sp1 - d1->str);
		else if (strcmp(d1->str + d1->len - 4, d2->str + d2->len - 4) == 0)
			cut = (int)d1->len - 5;
		if (cut)
			g_string_append_printf(o, " between %.*s and %s", cut, d1->str, d2->str);
		else
			g_string_append_printf(o, " between %s and %s", d1->str, d2->str);
	}
	g_string_free(d1, TRUE);
	g_string_free(d2, TRUE);
}

/* Switches grouped by the new language, one sentence per language. */
static int verdict_switches(struct mc_report *r)
{
	static const char sql[] =
		"WITH s AS (SELECT f.id, f.identity, f.severity, i.display_name,"
		"  CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.after.language') END AS lang,"
		"  CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.home_language') END AS home,"
		"  coalesce(CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.switch_estimate') END,"
		"           f.first_seen) AS est"
		"  FROM findings f LEFT JOIN identities i ON i.identity = f.identity"
		"  WHERE f.rule = '" MC_RULE_SYSTEM_LANGUAGE_SWITCH "')"
		" SELECT id, identity, severity, display_name, lang, home, est,"
		"  (SELECT count(*) FROM findings c WHERE c.rule = '" MC_RULE_COORDINATED_LANGUAGE_SWITCH "'"
		"   AND json_valid(c.details) AND json_extract(c.details, '$.language') = s.lang)"
		" FROM s ORDER BY lang, est, id";
	sqlite3_stmt *st = mc_case_prepare(r->db, sql);
	if (!st)
		return -1;
	GString *o = r->out;
	int more = sqlite3_step(st) == SQLITE_ROW;
	while (more) {
		char *lang = g_strdup(col(st, 4) ? col(st, 4) : "");
		GArray *ids = g_array_new(FALSE, FALSE, sizeof(long long));
		GPtrArray *homes = g_ptr_array_new_with_free_func(g_free);
		GString *who = g_string_new(NULL);
		gint64 first = -1, last = -1;
		int rank = 0, coordinated = 0;
		do {
			long long id = sqlite3_column_int64(st, 0);
			g_array_append_val(ids, id);
			int k = mc_severity_rank(col(st, 2));
			rank = k > rank ? k : rank;
			const char *home = mc_lang_name(col(st, 5));
			gboolean seen = FALSE;
			for (guint i = 0; i < homes->len; i++)
				seen |= strcmp(g_ptr_array_index(homes, i), home) == 0;
			if (!seen)
				g_ptr_array_add(homes, g_strdup(home));
			gint64 t = mc_iso_to_unix(col(st, 6));
			if (t >= 0 && (first < 0 || t < first))
				first = t;
			if (t > last)
				last = t;
			if (who->len)
				g_string_append(who, ", ");
			mc_report_person(who, col(st, 3), col(st, 1));
			if (col(st, 3)) {
				g_string_append(who, " (");
				mc_html_esc(who, col(st, 1));
				g_string_append(who, ")");
			}
			coordinated |= sqlite3_column_int(st, 7) > 0;
			more = sqlite3_step(st) == SQLITE_ROW;
		} while (more && g_strcmp0(col(st, 4) ? col(st, 4) : "", lang) == 0);

		guint n = ids->len;
		verdict_open(o, class_of(rank), tag_of(rank));
		g_string_append_printf(o, "<b>%u %s %s signs of access by someone else</b>: %s automatic"
		                       " messages (out-of-office replies, delivery and read reports)"
		                       " switched to <b>", n, plural(n, "mailbox", "mailboxes"),
		                       plural(n, "shows", "show"), plural(n, "its", "their"));
		mc_html_esc(o, mc_lang_name(lang));
		g_string_append(o, "</b>");
		if (first >= 0)
			day_range(o, first, last);
		char *langs = mc_join_words(homes);
		g_string_append_printf(o, ", while %s ", plural(n, "its owner writes", "their owners write"));
		mc_html_esc(o, langs);
		g_string_append(o, ".");
		g_free(langs);
		if (coordinated && n > 1)
			g_string_append(o, " The switches overlap in time: one campaign rather than people"
			                " changing their own settings.");
		g_string_append(o, "<div class=\"more\">");
		g_string_append(o, who->str);
		finding_links(o, ids);
		g_string_append(o, " · see <a href=\"#languages\">the language chart</a></div></li>\n");
		g_free(lang);
		g_array_free(ids, TRUE);
		g_ptr_array_free(homes, TRUE);
		g_string_free(who, TRUE);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Folder names: "inbox: 收件箱 (zh-Hans); sent: ..." gives the names and
 * the languages. */
static void folder_words(const char *folders, GPtrArray *names, GPtrArray *langs)
{
	char **items = g_strsplit(folders ? folders : "", "; ", -1);
	for (char **p = items; *p; p++) {
		const char *colon = strstr(*p, ": ");
		const char *open = strrchr(*p, '(');
		if (!colon || !open || open < colon + 2)
			continue;
		char *name = g_strndup(colon + 2, (gsize)(open - colon - 2));
		g_strstrip(name);
		if (names->len < 4)
			g_ptr_array_add(names, name);
		else
			g_free(name);
		char *tag = g_strndup(open + 1, strcspn(open + 1, ")"));
		const char *lname = mc_lang_name(tag);
		gboolean seen = FALSE;
		for (guint i = 0; i < langs->len; i++)
			seen |= strcmp(g_ptr_array_index(langs, i), lname) == 0;
		if (!seen)
			g_ptr_array_add(langs, g_strdup(lname));
		g_free(tag);
	}
	g_strfreev(items);
}

static int verdict_folders(struct mc_report *r)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT f.id, f.identity, i.display_name, f.severity,"
		" CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.folders') END"
		" FROM findings f LEFT JOIN identities i ON i.identity = f.identity"
		" WHERE f.rule = '" MC_RULE_LOCALIZED_DEFAULT_FOLDERS "' ORDER BY f.identity, f.id");
	if (!st)
		return -1;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(long long));
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *langs = g_ptr_array_new_with_free_func(g_free);
	GString *who = g_string_new(NULL);
	int rank = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		g_array_append_val(ids, id);
		int k = mc_severity_rank(col(st, 3));
		rank = k > rank ? k : rank;
		if (who->len)
			g_string_append(who, ", ");
		mc_report_person(who, col(st, 2), col(st, 1));
		folder_words(col(st, 4), names, langs);
	}
	sqlite3_finalize(st);
	guint n = ids->len;
	if (n) {
		GString *o = r->out;
		verdict_open(o, class_of(rank), tag_of(rank));
		g_string_append_printf(o, "<b>%u %s default folders</b> (Inbox, Sent Items…) named in ",
		                       n, plural(n, "mailbox has its", "mailboxes have their"));
		char *l = mc_join_words(langs);
		mc_html_esc(o, langs->len ? l : "another language");
		g_free(l);
		if (names->len) {
			g_string_append(o, " (");
			for (guint i = 0; i < names->len; i++) {
				if (i)
					g_string_append(o, ", ");
				mc_html_esc(o, g_ptr_array_index(names, i));
			}
			g_string_append(o, ", …)");
		}
		g_string_append_printf(o, ", a language %s not write. Outlook names these folders in the"
		                       " language of whoever set the mailbox up or accepted a new language.",
		                       plural(n, "its owner does", "their owners do"));
		g_string_append_printf(o, "<div class=\"more\">%s", who->str);
		finding_links(o, ids);
		g_string_append(o, "</div></li>\n");
	}
	g_array_free(ids, TRUE);
	g_ptr_array_free(names, TRUE);
	g_ptr_array_free(langs, TRUE);
	g_string_free(who, TRUE);
	return 0;
}

/* Night activity, in three groups: webmail (someone else's session?),
 * mobile devices (phones syncing), anything else. */
static int verdict_night(struct mc_report *r)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT f.id, f.identity, i.display_name, f.severity,"
		" CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.night_events') END,"
		" CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.clients.mobile') END,"
		" CASE WHEN json_valid(f.details) THEN json_extract(f.details, '$.clients.webmail') END"
		" FROM findings f LEFT JOIN identities i ON i.identity = f.identity"
		" WHERE f.rule = '" MC_RULE_OFF_HOURS_ACTIVITY "' ORDER BY f.identity, f.id");
	if (!st)
		return -1;
	enum { WEB, MOBILE, OTHER, NG };
	GArray *ids[NG];
	GString *who[NG];
	int rank[NG] = { 0 };
	for (int g = 0; g < NG; g++) {
		ids[g] = g_array_new(FALSE, FALSE, sizeof(long long));
		who[g] = g_string_new(NULL);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		long long night = sqlite3_column_int64(st, 4), mobile = sqlite3_column_int64(st, 5),
		          web = sqlite3_column_int64(st, 6);
		int k = mc_severity_rank(col(st, 3));
		int g = night > 0 && mobile * 10 >= night * 8 ? MOBILE : (web > 0 && k >= 2 ? WEB : OTHER);
		g_array_append_val(ids[g], id);
		rank[g] = k > rank[g] ? k : rank[g];
		if (who[g]->len)
			g_string_append(who[g], ", ");
		mc_report_person(who[g], col(st, 2), col(st, 1));
		long long n = g == MOBILE ? mobile : g == WEB ? web : night;
		g_string_append_printf(who[g], " %lld %s", n, plural(n, "time", "times"));
	}
	sqlite3_finalize(st);
	GString *o = r->out;
	for (int g = 0; g < NG; g++) {
		guint n = ids[g]->len;
		if (n) {
			const char *sev = mc_severity_name(rank[g]);
			if (g == MOBILE) {
				verdict_open(o, "benign", "Probably benign");
				g_string_append_printf(o, "<b>%u %s active at night through mobile devices</b>:"
				                       " consistent with phones syncing or mail read in bed, not"
				                       " with someone else; rated %s.", n,
				                       plural(n, "mailbox is", "mailboxes are"), sev);
			} else if (g == WEB) {
				verdict_open(o, class_of(rank[g]), tag_of(rank[g]));
				g_string_append_printf(o, "<b>%u %s used at night through webmail</b>"
				                       " (00:00–06:00 local time), unusual for %s; rated %s.",
				                       n, plural(n, "mailbox was", "mailboxes were"),
				                       plural(n, "it", "them"), sev);
			} else {
				verdict_open(o, class_of(rank[g]), tag_of(rank[g]));
				g_string_append_printf(o, "<b>%u %s active at night</b> (00:00–06:00 local"
				                       " time) from %s usual programs; rated %s.", n,
				                       plural(n, "mailbox is", "mailboxes are"),
				                       plural(n, "its", "their"), sev);
			}
			g_string_append_printf(o, "<div class=\"more\">Night events: %s", who[g]->str);
			finding_links(o, ids[g]);
			g_string_append(o, " · see <a href=\"#activity\">the activity charts</a></div></li>\n");
		}
		g_array_free(ids[g], TRUE);
		g_string_free(who[g], TRUE);
	}
	return 0;
}

/* Any other rule: one line per rule with its findings' summaries. */
static int verdict_others(struct mc_report *r)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT rule, max(CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3"
		" WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END), count(*), group_concat(id),"
		" min(summary) FROM findings WHERE rule NOT IN ('" MC_RULE_SYSTEM_LANGUAGE_SWITCH "',"
		" '" MC_RULE_COORDINATED_LANGUAGE_SWITCH "', '" MC_RULE_LOCALIZED_DEFAULT_FOLDERS "',"
		" '" MC_RULE_OFF_HOURS_ACTIVITY "')"
		" GROUP BY rule ORDER BY 2 DESC, rule");
	if (!st)
		return -1;
	GString *o = r->out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int rank = sqlite3_column_int(st, 1);
		long long n = sqlite3_column_int64(st, 2);
		const char *rule = col(st, 0);
		const char *title = mc_rule_title(rule);
		verdict_open(o, rank <= 0 ? "ok" : class_of(rank), rank <= 0 ? "Context" : tag_of(rank));
		g_string_append(o, "<b>");
		mc_html_esc(o, title ? title : rule);
		g_string_append_printf(o, "</b>: %lld %s (rated %s), e.g. “", n, plural(n, "finding", "findings"),
		                       mc_severity_name(rank) ? mc_severity_name(rank) : "?");
		mc_html_esc_max(o, col(st, 4), 200);
		g_string_append(o, "”.<div class=\"more\">");
		GArray *ids = g_array_new(FALSE, FALSE, sizeof(long long));
		char **v = g_strsplit(col(st, 3) ? col(st, 3) : "", ",", -1);
		for (char **p = v; *p && ids->len < 20; p++) {
			long long id = g_ascii_strtoll(*p, NULL, 10);
			g_array_append_val(ids, id);
		}
		g_strfreev(v);
		g_string_append(o, "Rule ");
		mc_html_esc(o, rule);
		finding_links(o, ids);
		g_array_free(ids, TRUE);
		g_string_append(o, "</div></li>\n");
	}
	sqlite3_finalize(st);
	return 0;
}

static int verdict_clean(struct mc_report *r)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT identity, display_name FROM identities i WHERE is_mailbox = 1"
		" AND NOT EXISTS (SELECT 1 FROM findings f WHERE lower(f.identity) = i.identity)"
		" ORDER BY identity");
	if (!st)
		return -1;
	GString *who = g_string_new(NULL);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++)
			g_string_append(who, ", ");
		mc_report_person(who, col(st, 1), col(st, 0));
	}
	sqlite3_finalize(st);
	if (n) {
		verdict_open(r->out, "ok", "Nothing found");
		g_string_append_printf(r->out, "<b>%d %s nothing unusual</b>: %s.</li>\n", n,
		                       plural(n, "mailbox shows", "mailboxes show"), who->str);
	}
	g_string_free(who, TRUE);
	return 0;
}

int mc_report_verdicts(struct mc_report *r)
{
	GString *o = r->out;
	long long findings = mc_report_scalar(r, "SELECT count(*) FROM findings");
	long long analysed = mc_report_scalar(r, "SELECT count(*) FROM case_info WHERE key = 'analyzed_at'");
	long long bad = mc_report_scalar(r, "SELECT count(*) FROM evidence WHERE status IN ('partial','failed')");
	g_string_append(o, "<section id=\"found\"><h2>What mailcase found</h2>\n<p class=\"lead\">"
	                "mailcase looks for signs that a mailbox was used by someone other than its"
	                " owner. In plain words, with the details further down:</p>\n<ul class=\"verdicts\">\n");
	if (!analysed) {
		verdict_open(o, "warn", "Not analysed");
		g_string_append(o, "This case has not been analysed yet: run <code>mailcase analyze</code>"
		                " on it, then make the report again.</li>\n");
	}
	if (bad) {
		verdict_open(o, "warn", "Incomplete");
		g_string_append_printf(o, "<b>%lld evidence %s could not be read completely</b>: what %s"
		                       " held may be missing from the findings. See <a href=\"#case\">"
		                       "Evidence</a>.</li>\n", bad, plural(bad, "file", "files"),
		                       plural(bad, "it", "they"));
	}
	if (verdict_switches(r) || verdict_folders(r) || verdict_night(r) || verdict_others(r)
	    || verdict_clean(r))
		return -1;
	if (analysed && !findings) {
		verdict_open(o, "ok", "Nothing found");
		g_string_append(o, "No rule found anything in this case.</li>\n");
	}
	g_string_append(o, "</ul>\n<ul class=\"facts\">");
	static const struct { const char *sql, *one, *many; } facts[] = {
		{ "SELECT count(*) FROM identities WHERE is_mailbox = 1", "mailbox", "mailboxes" },
		{ "SELECT count(*) FROM evidence WHERE status <> 'skipped'", "evidence file read", "evidence files read" },
		{ "SELECT count(*) FROM messages", "message", "messages" },
		{ "SELECT count(*) FROM messages WHERE system_kind IS NOT NULL AND system_kind <> 'list_or_bulk'",
		  "automatic message", "automatic messages" },
		{ "SELECT count(*) FROM findings", "finding", "findings" },
	};
	for (unsigned i = 0; i < G_N_ELEMENTS(facts); i++) {
		long long v = mc_report_scalar(r, facts[i].sql);
		g_string_append_printf(o, "<li><b>%lld</b>%s</li>", v, plural(v, facts[i].one, facts[i].many));
	}
	g_string_append(o, "</ul>\n</section>\n");
	return 0;
}

/* ---- Case and evidence ---- */

int mc_report_case(struct mc_report *r)
{
	GString *o = r->out;
	g_string_append(o, "<section id=\"case\"><h2>Case and evidence</h2>\n<p class=\"lead\">"
	                "Every file met when the case was made, with the hashes computed before it was"
	                " read (compare them with those of your acquisition) and whether it was read"
	                " completely. The evidence itself is never modified.</p>\n"
	                "<table><thead><tr><th class=\"num\">#</th><th>file</th><th>format</th>"
	                "<th>status</th><th class=\"num\">messages</th><th>SHA-256 / MD5</th>"
	                "</tr></thead><tbody>\n");
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT id, path, coalesce(format, '-') || coalesce(' (' || variant || ')', ''), status,"
		" message_count, sha256, md5, error, mailbox FROM evidence ORDER BY id");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *status = col(st, 3) ? col(st, 3) : "?";
		g_string_append_printf(o, "<tr><td class=\"num\">%lld</td><td>",
		                       (long long)sqlite3_column_int64(st, 0));
		mc_html_esc(o, col(st, 1));
		if (col(st, 8)) {
			g_string_append(o, "<br/><small>mailbox of ");
			mc_html_esc(o, col(st, 8));
			g_string_append(o, "</small>");
		}
		g_string_append(o, "</td><td>");
		mc_html_esc(o, col(st, 2));
		g_string_append(o, "</td><td><span class=\"st ");
		mc_html_esc(o, status);
		g_string_append(o, "\">");
		mc_html_esc(o, status);
		g_string_append(o, "</span>");
		if (col(st, 7)) {
			g_string_append(o, "<br/><small>");
			mc_html_esc_max(o, col(st, 7), 300);
			g_string_append(o, "</small>");
		}
		g_string_append_printf(o, "</td><td class=\"num\">%lld</td><td class=\"hash\">",
		                       (long long)sqlite3_column_int64(st, 4));
		mc_html_esc(o, col(st, 5) ? col(st, 5) : "-");
		g_string_append(o, "<br/>");
		mc_html_esc(o, col(st, 6) ? col(st, 6) : "-");
		g_string_append(o, "</td></tr>\n");
	}
	sqlite3_finalize(st);
	g_string_append(o, "</tbody></table>\n<h3>Runs</h3><p class=\"lead\">What was done to the case"
	                " file, in order (times UTC).</p><table><thead><tr><th class=\"num\">#</th>"
	                "<th>command</th><th>version</th><th>started</th><th>finished</th>"
	                "<th>status</th></tr></thead><tbody>\n");
	st = mc_case_prepare(r->db, "SELECT id, command, version, started_at, finished_at, status"
	                     " FROM runs ORDER BY id DESC LIMIT 50");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		g_string_append_printf(o, "<tr><td class=\"num\">%lld</td>", (long long)sqlite3_column_int64(st, 0));
		for (int i = 1; i <= 5; i++) {
			g_string_append(o, "<td>");
			mc_html_esc(o, col(st, i) ? col(st, i) : "-");
			g_string_append(o, "</td>");
		}
		g_string_append(o, "</tr>\n");
	}
	sqlite3_finalize(st);
	g_string_append(o, "</tbody></table>\n</section>\n");
	return 0;
}

/* ---- Glossary ---- */

static const char *const TERMS[][2] = {
	{ "Automatic message", "A message the mail system wrote, not a person: out-of-office reply,"
	  " delivery report (delivered, delayed, failed), read receipt, notice. Its wording follows"
	  " the language settings of the mailbox's session." },
	{ "Switch estimate", "When mailcase thinks the language changed: between the last automatic"
	  " message in the old language and the first in the new one, dated more closely by what"
	  " happened in between (an inbox rule created, webmail used at night)." },
	{ "Client kind", "The kind of program that sent a message, from its User-Agent or X-Mailer"
	  " header: desktop program (Outlook, Thunderbird), webmail (Outlook Web App, a browser),"
	  " mobile device (iPhone, Android, ActiveSync), or unknown." },
	{ "Severity", "How much a finding matters if true: info (context), low (probably benign,"
	  " explained), medium (look at it), high (likely access by someone else), critical (strong,"
	  " specific sign of compromise)." },
	{ "Confidence", "From 0 to 1: how sure the rule is that what it states is true." },
	{ "Role of a message", "before / after: an automatic message before or after a language"
	  " switch; evidence: a message the finding rests on." },
	{ "Locator", "Where a message's bytes are in its evidence file (pst:folder/item, mbox:offset+length),"
	  " so that anyone can find it again and check its hash (mailcase show --verify)." },
};

int mc_report_glossary(struct mc_report *r)
{
	GString *o = r->out;
	g_string_append(o, "<section id=\"glossary\"><h2>Glossary</h2>\n<h3>Rules</h3><dl class=\"gloss\">\n");
	for (size_t i = 0; mc_rule_at(i); i++) {
		const struct mc_rule *rule = mc_rule_at(i);
		const char *text = mc_rule_text(rule->id);
		g_string_append_printf(o, "<dt id=\"rule-%s\">", rule->id);
		mc_html_esc(o, rule->title);
		g_string_append_printf(o, " <code>%s</code></dt><dd>", rule->id);
		mc_html_esc(o, text ? text : rule->description);
		g_string_append(o, "</dd>\n");
	}
	g_string_append(o, "</dl>\n<h3>Terms</h3><dl class=\"gloss\">\n");
	for (unsigned i = 0; i < G_N_ELEMENTS(TERMS); i++) {
		g_string_append(o, "<dt>");
		mc_html_esc(o, TERMS[i][0]);
		g_string_append(o, "</dt><dd>");
		mc_html_esc(o, TERMS[i][1]);
		g_string_append(o, "</dd>\n");
	}
	g_string_append(o, "</dl>\n<p class=\"lead\">The rules in full, with queries to verify each"
	                " finding by hand: docs/findings.md; the case file: docs/case-schema.md.</p>"
	                "</section>\n");
	return 0;
}

int mc_report_footer(struct mc_report *r)
{
	GString *o = r->out;
	sqlite3_stmt *st = mc_case_prepare(r->db, "SELECT value FROM case_info WHERE key = 'analyzed_at'");
	if (!st)
		return -1;
	g_string_append(o, "</main>\n<footer>Made by mailcase " PACKAGE_VERSION " from the case file ");
	mc_html_esc(o, r->case_path);
	if (sqlite3_step(st) == SQLITE_ROW && col(st, 0)) {
		g_string_append(o, ", last analysed ");
		mc_html_esc(o, col(st, 0));
	}
	sqlite3_finalize(st);
	if (r->now) {
		g_string_append(o, "; report made ");
		mc_html_esc(o, r->now);
	}
	g_string_append(o, ". Times are UTC unless a chart says otherwise.</footer>\n");
	return 0;
}
