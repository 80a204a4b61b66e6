/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-generated.c: the "Generated text seen" section of the HTML
 * report: the generated fragments located in the case's system messages
 * (report-prefixes.h, the rows of `mailcase prefixes`), those the prefix
 * table does not know first and marked, at most MC_REPORT_MAX_FRAGMENTS
 * rows. Every fragment, identity and basis comes from the evidence and is
 * escaped.
 */

#include "report-html.h"
#include "report-prefixes.h"
#include "report-sections.h"

/* Identities shown per row (the most frequent). */
#define SHOWN_IDENTITIES 3

static void cell_identities(GString *o, const struct mc_prefix_row *w)
{
	int n = w->n_identities_kept < SHOWN_IDENTITIES ? w->n_identities_kept : SHOWN_IDENTITIES;
	g_string_append_printf(o, "<td class=\"num\">%lld</td><td>", w->n_identities);
	for (int i = 0; i < n; i++) {
		if (i)
			g_string_append(o, "<br/>");
		mc_html_esc_max(o, w->identities[i].name, 120);
		g_string_append_printf(o, " <small>(%lld)</small>", w->identities[i].count);
	}
	if (w->n_identities > n)
		g_string_append_printf(o, "<br/><small>and %lld more</small>", w->n_identities - n);
	g_string_append(o, "</td>");
}

static void cell_bases(GString *o, const struct mc_prefix_row *w)
{
	g_string_append(o, "<td>");
	for (int i = 0; i < w->n_bases; i++) {
		if (i)
			g_string_append(o, ", ");
		mc_html_esc_max(o, w->bases[i].name ? w->bases[i].name : "not recorded", 40);
		g_string_append_printf(o, " <small>(%lld)</small>", w->bases[i].count);
	}
	g_string_append(o, "</td>");
}

static void fragment_row(GString *o, const struct mc_prefix_row *w)
{
	g_string_append_printf(o, "<tr><td><span class=\"st %s\">%s</span></td><td class=\"mono\">",
	                       w->known ? "ok" : "partial", w->known ? "known" : "unknown");
	mc_html_esc_max(o, w->fragment, 200);
	g_string_append(o, "</td><td>");
	mc_html_esc(o, w->kind);
	g_string_append(o, "</td><td>");
	mc_html_esc(o, w->language ? w->language : "unknown");
	g_string_append(o, " <small>");
	mc_html_esc(o, w->script);
	g_string_append_printf(o, "</small></td><td class=\"num\">%lld</td>", w->count);
	cell_identities(o, w);
	g_string_append(o, "<td>");
	mc_html_esc(o, w->first_seen ? w->first_seen : "-");
	g_string_append(o, "<br/>");
	mc_html_esc(o, w->last_seen ? w->last_seen : "-");
	g_string_append(o, "</td>");
	cell_bases(o, w);
	g_string_append(o, "</tr>\n");
}

int mc_report_generated(struct mc_report *r)
{
	struct mc_prefix_list list;
	if (mc_prefixes_read(r->db, 0, &list) != 0)
		return -1;
	GString *o = r->out;
	g_string_append(o, "<section id=\"generated\"><h2>Generated text seen</h2>\n<p class=\"lead\">"
	                "The text that servers and clients wrote into automatic messages"
	                " (“Automatic reply:”, a report's boilerplate), as the analysis located it in"
	                " each message, with its language. Text marked <span class=\"st partial\">"
	                "unknown</span> is not in mailcase's table of known prefixes: it was found from"
	                " the messages' structure, and is worth a look (another language, another"
	                " server). <code>mailcase prefixes</code> lists every row.</p>\n");
	if (list.n == 0) {
		g_string_append(o, "<p>No generated text was located in this case.</p></section>\n");
		mc_prefixes_free(&list);
		return 0;
	}
	size_t shown = list.n < MC_REPORT_MAX_FRAGMENTS ? list.n : MC_REPORT_MAX_FRAGMENTS;
	g_string_append_printf(o, "<p>%zu fragment%s, %zu of them unknown to the table", list.n,
	                       list.n == 1 ? "" : "s", list.n_unknown);
	if (shown < list.n)
		g_string_append_printf(o, "; the first %zu are shown", shown);
	g_string_append(o, ".</p>\n<table><thead><tr><th>table</th><th>fragment</th><th>kind</th>"
	                "<th>language</th><th class=\"num\">messages</th><th class=\"num\">"
	                "identities</th><th>seen for</th><th>first / last seen (UTC)</th>"
	                "<th>located by</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < shown; i++)
		fragment_row(o, &list.rows[i]);
	g_string_append(o, "</tbody></table></section>\n");
	mc_prefixes_free(&list);
	return 0;
}
