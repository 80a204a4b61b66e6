/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-findings.c: the findings section of the HTML report: every
 * finding, most severe first, with its rule in words, when it was seen,
 * its summary, the details to verify it by hand (the details JSON
 * flattened by SQLite) and its supporting messages with where they were
 * found (the first --messages of them; the rest are counted).
 */

#include <string.h>

#include "case-db.h"
#include "report-html.h"
#include "report-query.h"
#include "report-sections.h"
#include "report-words.h"
#include "rules.h"

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static void when(GString *o, const char *iso)
{
	gint64 t = mc_iso_to_unix(iso);
	if (t < 0)
		mc_html_esc(o, iso ? iso : "-");
	else
		mc_fmt_minute(o, t, 0);
}

/* The details: one row per leaf of the JSON object ("after.language"). */
static int details_table(struct mc_report *r, long long id)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT substr(j.fullkey, 3), j.atom FROM findings f, json_tree(f.details) j"
		" WHERE f.id = ?1 AND json_valid(f.details) AND j.type NOT IN ('object', 'array')"
		" ORDER BY j.id LIMIT 200");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	GString *o = r->out;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!n++)
			g_string_append(o, "<details><summary>Details to check it by hand</summary>"
			                "<table class=\"kv\"><tbody>\n");
		g_string_append(o, "<tr><th>");
		mc_html_esc(o, col(st, 0));
		g_string_append(o, "</th><td>");
		mc_html_esc_max(o, col(st, 1) ? col(st, 1) : "null", 1000);
		g_string_append(o, "</td></tr>\n");
	}
	sqlite3_finalize(st);
	if (n)
		g_string_append(o, "</tbody></table></details>\n");
	return 0;
}

static void messages_table(struct mc_report *r, sqlite3_stmt *ms, long long total, int sev)
{
	GString *o = r->out;
	long long shown = r->messages_limit > 0 && total > r->messages_limit ? r->messages_limit : total;
	if (!total)
		return;
	g_string_append_printf(o, "<details%s><summary>", sev >= 3 ? " open=\"open\"" : "");
	if (shown < total)
		g_string_append_printf(o, "The %lld messages it rests on (%lld shown, around the"
		                       " switch or first in time)", total, shown);
	else
		g_string_append_printf(o, "The %lld message%s it rests on", total, total == 1 ? "" : "s");
	g_string_append(o, "</summary><table class=\"msgs\"><thead><tr><th class=\"num\">message</th>"
	                "<th>role</th><th>date (UTC)</th><th>from</th><th>subject</th>"
	                "<th>found in</th></tr></thead><tbody>\n");
	while (sqlite3_step(ms) == SQLITE_ROW) {
		const char *role = col(ms, MC_FM_ROLE) ? col(ms, MC_FM_ROLE) : "-";
		g_string_append_printf(o, "<tr><td class=\"num\">%lld</td><td><span class=\"role %s\">",
		                       (long long)sqlite3_column_int64(ms, MC_FM_ID),
		                       strcmp(role, "before") == 0 ? "before"
		                       : strcmp(role, "after") == 0 ? "after" : "evidence");
		mc_html_esc(o, role);
		g_string_append(o, "</span>");
		const char *lang = col(ms, MC_FM_SYSTEM_LANGUAGE);
		if (lang && strcmp(role, "evidence") != 0) {
			g_string_append_printf(o, " <span class=\"sw\" style=\"background:%s\"></span> ",
			                       mc_lang_color(lang));
			mc_html_esc(o, mc_lang_name(lang));
		}
		g_string_append(o, "</td><td>");
		when(o, col(ms, MC_FM_DATE));
		g_string_append(o, "</td><td>");
		if (col(ms, MC_FM_FROM_NAME)) {
			mc_html_esc_max(o, col(ms, MC_FM_FROM_NAME), 80);
			g_string_append(o, "<br/>");
		}
		g_string_append(o, "<small>");
		mc_html_esc_max(o, col(ms, MC_FM_FROM_ADDR), 120);
		g_string_append(o, "</small></td><td>");
		mc_html_esc_max(o, col(ms, MC_FM_SUBJECT) ? col(ms, MC_FM_SUBJECT) : "(no subject)", 200);
		g_string_append(o, "</td><td class=\"mono\">");
		const char *path = col(ms, MC_FM_EVIDENCE);
		const char *base = path ? strrchr(path, '/') : NULL;
		g_string_append(o, "<span title=\"");
		mc_html_esc(o, path);
		g_string_append(o, "\">");
		mc_html_esc(o, base ? base + 1 : (path ? path : "-"));
		g_string_append(o, "</span><br/>");
		mc_html_esc_max(o, col(ms, MC_FM_LOCATOR), 200);
		g_string_append(o, "</td></tr>\n");
	}
	g_string_append(o, "</tbody></table></details>\n");
}

int mc_report_findings(struct mc_report *r)
{
	GString *o = r->out;
	sqlite3_stmt *st = mc_findings_select(r->db, NULL);
	sqlite3_stmt *ms = mc_finding_messages_select(r->db);
	if (!st || !ms) {
		sqlite3_finalize(st);
		sqlite3_finalize(ms);
		return -1;
	}
	g_string_append(o, "<section id=\"findings\"><h2>Findings</h2>\n<p class=\"lead\">What each"
	                " rule found, most severe first, with the messages it rests on. The message"
	                " number opens it with <code>mailcase show CASE NUMBER</code>; the file and"
	                " locator say where it is in the evidence.</p>\n");
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, MC_F_ID);
		const char *rule = col(st, MC_F_RULE) ? col(st, MC_F_RULE) : "?";
		const char *sevname = col(st, MC_F_SEVERITY) ? col(st, MC_F_SEVERITY) : "info";
		int sev = mc_severity_rank(sevname);
		const char *title = mc_rule_title(rule);
		g_string_append_printf(o, "<article class=\"finding\" id=\"f%lld\"><h3><span class=\"sev %s\">",
		                       id, mc_severity_name(sev < 0 ? 0 : sev));
		mc_html_esc(o, sevname);
		g_string_append(o, "</span> ");
		mc_html_esc(o, title ? title : rule);
		g_string_append(o, " — ");
		mc_html_esc(o, col(st, MC_F_IDENTITY) ? col(st, MC_F_IDENTITY) : "several identities");
		g_string_append_printf(o, "</h3><div class=\"meta\">finding %lld · rule <a href=\"#rule-", id);
		mc_html_esc(o, rule);
		g_string_append(o, "\">");
		mc_html_esc(o, rule);
		g_string_append(o, "</a> · confidence ");
		if (sqlite3_column_type(st, MC_F_CONFIDENCE) == SQLITE_NULL)
			g_string_append(o, "-");
		else
			g_string_append_printf(o, "%d%%", (int)(sqlite3_column_double(st, MC_F_CONFIDENCE) * 100 + 0.5));
		g_string_append(o, " · seen from ");
		when(o, col(st, MC_F_FIRST_SEEN));
		g_string_append(o, " to ");
		when(o, col(st, MC_F_LAST_SEEN));
		g_string_append(o, " UTC</div><p class=\"summary\">");
		mc_html_esc_max(o, col(st, MC_F_SUMMARY), 2000);
		g_string_append(o, "</p>\n");
		if (details_table(r, id) != 0)
			break;
		sqlite3_reset(ms);
		sqlite3_bind_int64(ms, 1, id);
		sqlite3_bind_int(ms, 2, r->messages_limit > 0 ? r->messages_limit : -1);
		messages_table(r, ms, sqlite3_column_int64(st, MC_F_MESSAGES), sev);
		g_string_append(o, "</article>\n");
		n++;
		if (n % 50 == 0)
			mc_report_tick(r, "findings");
	}
	if (!n)
		g_string_append(o, "<p>No findings.</p>\n");
	g_string_append(o, "</section>\n");
	sqlite3_finalize(st);
	sqlite3_finalize(ms);
	return rc == SQLITE_DONE ? 0 : -1;
}
