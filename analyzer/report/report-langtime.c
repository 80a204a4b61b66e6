/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-langtime.c: the language timeline of the HTML report. One row
 * per identity that has automatic (system) messages with a language; time
 * on the x axis (UTC); one dot per message coloured by the language it was
 * generated in; for a system-language-switch finding, the window in which
 * the switch happened (shaded) and the estimate (dashed line, labelled).
 * Bounded: at most MC_REPORT_MAX_ROWS rows, and an identity with more than
 * MC_REPORT_MAX_MARKS messages is drawn binned by day (one dot per day and
 * language, sized by count).
 */

#include <math.h>
#include <string.h>

#include "case-db.h"
#include "report-html.h"
#include "report-sections.h"
#include "report-svg.h"
#include "report-words.h"
#include "rules.h"

#define W 1120
#define LABEL_W 250
#define ROW_H 52
#define TOP 8
#define AXIS_H 28

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

struct row {
	char *identity, *name, *home;
	long long count;
};

static void row_free(gpointer p)
{
	struct row *w = p;
	g_free(w->identity);
	g_free(w->name);
	g_free(w->home);
	g_free(w);
}

/* Languages seen, in order of first appearance, for the legend. */
static void note_lang(GPtrArray *langs, const char *tag)
{
	for (guint i = 0; i < langs->len; i++)
		if (g_strcmp0(g_ptr_array_index(langs, i), tag) == 0)
			return;
	g_ptr_array_add(langs, g_strdup(tag));
}

static void draw_marks(struct mc_report *r, const struct row *w, const struct mc_svg_scale *x,
                       double cy, GPtrArray *langs)
{
	GString *o = r->out, *tip = g_string_new(NULL);
	sqlite3_stmt *st;
	int binned = w->count > MC_REPORT_MAX_MARKS;
	if (!binned) {
		st = mc_case_prepare(r->db, "SELECT CAST(strftime('%s', date_utc) AS INTEGER),"
			" system_language, system_kind, subject, id, 1 FROM messages"
			" WHERE system_identity = ?1 AND system_language IS NOT NULL AND date_utc IS NOT NULL"
			" ORDER BY date_utc, id");
	} else {
		/* One mark per bin and language; bins of a day, wider when the
		 * period is very long, so that there are at most ~1,000 bins. */
		st = mc_case_prepare(r->db, "SELECT (t / ?2) * ?2 + ?2 / 2, system_language, NULL, NULL,"
			" NULL, count(*) FROM (SELECT CAST(strftime('%s', date_utc) AS INTEGER) AS t,"
			" system_language FROM messages WHERE system_identity = ?1"
			" AND system_language IS NOT NULL AND date_utc IS NOT NULL)"
			" GROUP BY 1, 2 ORDER BY 1, 2");
		gint64 bin = 86400;
		double span = (x->d1 - x->d0) / 86400.0;
		if (span > 1000)
			bin *= (gint64)ceil(span / 1000);
		if (st)
			sqlite3_bind_int64(st, 2, bin);
	}
	if (!st) {
		g_string_free(tip, TRUE);
		return;
	}
	sqlite3_bind_text(st, 1, w->identity, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		gint64 t = sqlite3_column_int64(st, 0);
		const char *lang = col(st, 1);
		long long n = sqlite3_column_int64(st, 5);
		note_lang(langs, lang);
		g_string_truncate(tip, 0);
		if (binned) {
			mc_fmt_day(tip, t, 0);
			g_string_append_printf(tip, ": %lld automatic messages in %s", n, mc_lang_name(lang));
		} else {
			mc_fmt_minute(tip, t, 0);
			g_string_append_printf(tip, " UTC · %s · %s · message %lld\n",
			                       mc_lang_name(lang), col(st, 2) ? col(st, 2) : "system",
			                       (long long)sqlite3_column_int64(st, 4));
			g_string_append(tip, col(st, 3) ? col(st, 3) : "(no subject)");
		}
		double rad = binned ? 3 + fmin(6, sqrt((double)n)) : 5.5;
		mc_svg_circle(o, mc_svg_map(x, (double)t), cy, rad, mc_lang_color(lang), 0.9, tip->str);
	}
	sqlite3_finalize(st);
	g_string_free(tip, TRUE);
}

/* The switch findings of an identity: window shaded, estimate dashed. */
static int draw_switches(struct mc_report *r, const struct row *w, const struct mc_svg_scale *x,
                         double top)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT json_extract(details, '$.window[0]'), json_extract(details, '$.window[1]'),"
		" coalesce(json_extract(details, '$.switch_estimate'), first_seen),"
		" json_extract(details, '$.after.language'), id FROM findings"
		" WHERE rule = '" MC_RULE_SYSTEM_LANGUAGE_SWITCH "' AND lower(identity) = ?1"
		" AND json_valid(details)"
		" ORDER BY id");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, w->identity, -1, SQLITE_STATIC);
	GString *o = r->out, *label = g_string_new(NULL);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		gint64 a = mc_iso_to_unix(col(st, 0)), b = mc_iso_to_unix(col(st, 1));
		gint64 e = mc_iso_to_unix(col(st, 2));
		g_string_truncate(label, 0);
		g_string_append_printf(label, "Switch to %s: between ", mc_lang_name(col(st, 3)));
		if (a >= 0 && b >= a) {
			mc_fmt_minute(label, a, 0);
			g_string_append(label, " and ");
			mc_fmt_minute(label, b, 0);
			g_string_append(label, " UTC (finding ");
			g_string_append_printf(label, "%lld)", (long long)sqlite3_column_int64(st, 4));
			double xa = mc_svg_map(x, (double)a), xb = mc_svg_map(x, (double)b);
			mc_svg_rect(o, xa, top + 2, xb - xa, ROW_H - 4, "#d62728", 0.10, label->str);
		}
		if (e >= 0) {
			double xe = mc_svg_map(x, (double)e);
			mc_svg_line(o, xe, top + 2, xe, top + ROW_H - 2, "#b3261e", 2, 1);
			g_string_truncate(label, 0);
			g_string_append_printf(label, "switch to %s ≈ ", mc_lang_name(col(st, 3)));
			mc_fmt_minute(label, e, 0);
			int right = xe > W - 330;
			mc_svg_text(o, right ? xe - 5 : xe + 5, top + 14, right ? "end" : "start", 11, 700,
			            "#b3261e", label->str);
		}
		n++;
	}
	sqlite3_finalize(st);
	g_string_free(label, TRUE);
	return n;
}

static void legend(GString *o, GPtrArray *langs, int switches)
{
	g_string_append(o, "<ul class=\"legend\">");
	for (guint i = 0; i < langs->len; i++) {
		const char *tag = g_ptr_array_index(langs, i);
		g_string_append_printf(o, "<li><span class=\"sw\" style=\"background:%s\"></span>",
		                       mc_lang_color(tag));
		mc_html_esc(o, mc_lang_name(tag));
		if (tag && strcmp(mc_lang_name(tag), tag) != 0) {
			g_string_append(o, " <small>(");
			mc_html_esc(o, tag);
			g_string_append(o, ")</small>");
		}
		g_string_append(o, "</li>");
	}
	if (switches)
		g_string_append(o, "<li><span class=\"sw line\"></span>estimated moment of the switch</li>"
		                "<li><span class=\"sw sq\" style=\"background:rgba(214,39,40,.18)\"></span>"
		                "window in which it happened</li>");
	g_string_append(o, "</ul>\n");
}

int mc_report_langtime(struct mc_report *r)
{
	GString *o = r->out;
	g_string_append(o, "<section id=\"languages\"><h2>Language of automatic messages</h2>\n"
	                "<p class=\"lead\">One row per person. Each dot is an automatic message the mail"
	                " system wrote for them (out-of-office reply, delivery or read report), coloured"
	                " by its language. These messages follow the language settings of whoever is"
	                " using the mailbox: when the colour changes to a language the owner does not"
	                " write, someone else was most likely using it. Hover a dot for the message."
	                " Times are UTC.</p>\n");
	/* Identities with a switch first, then mailboxes, then the others. */
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT m.system_identity, i.display_name, i.language, count(*),"
		" EXISTS (SELECT 1 FROM findings f WHERE f.rule = '" MC_RULE_SYSTEM_LANGUAGE_SWITCH "'"
		"         AND lower(f.identity) = m.system_identity) AS sw"
		" FROM messages m LEFT JOIN identities i ON i.identity = m.system_identity"
		" WHERE m.system_identity IS NOT NULL AND m.system_language IS NOT NULL"
		" AND m.date_utc IS NOT NULL"
		" GROUP BY m.system_identity ORDER BY sw DESC, coalesce(i.is_mailbox, 0) DESC,"
		" m.system_identity");
	if (!st)
		return -1;
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	long long hidden = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (rows->len >= MC_REPORT_MAX_ROWS) {
			hidden++;
			continue;
		}
		struct row *w = g_new0(struct row, 1);
		w->identity = g_strdup(col(st, 0));
		w->name = g_strdup(col(st, 1));
		w->home = g_strdup(col(st, 2));
		w->count = sqlite3_column_int64(st, 3);
		g_ptr_array_add(rows, w);
	}
	sqlite3_finalize(st);
	if (!rows->len) {
		g_string_append(o, "<p>No automatic messages with a language in this case.</p></section>\n");
		g_ptr_array_free(rows, TRUE);
		return 0;
	}
	/* The time range: every system message and every switch estimate. */
	st = mc_case_prepare(r->db, "SELECT min(t), max(t) FROM (SELECT CAST(strftime('%s', date_utc)"
	                     " AS INTEGER) AS t FROM messages WHERE system_identity IS NOT NULL"
	                     " AND system_language IS NOT NULL AND date_utc IS NOT NULL)");
	if (!st) {
		g_ptr_array_free(rows, TRUE);
		return -1;
	}
	double t0 = 0, t1 = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		t0 = (double)sqlite3_column_int64(st, 0);
		t1 = (double)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	double pad = (t1 - t0) * 0.02 + 3600;
	struct mc_svg_scale x = { t0 - pad, t1 + pad, LABEL_W + 10, W - 20 };
	int h = TOP + (int)rows->len * ROW_H + AXIS_H;
	GPtrArray *langs = g_ptr_array_new_with_free_func(g_free);
	GString *label = g_string_new(NULL);
	g_string_append(o, "<div class=\"chart\">");
	mc_svg_begin(o, W, h, "langtime", "Language of automatic messages per person over time");
	double y_end = TOP + rows->len * ROW_H;
	mc_svg_time_axis(o, &x, TOP, y_end, 0, 16);
	int switches = 0;
	for (guint i = 0; i < rows->len; i++) {
		const struct row *w = g_ptr_array_index(rows, i);
		double top = TOP + i * ROW_H;
		if (i % 2 == 0)
			mc_svg_rect(o, 0, top, W, ROW_H, "#f4f6f8", 0.6, NULL);
		mc_svg_text(o, 8, top + 20, "start", 13, 700, NULL, w->name ? w->name : w->identity);
		g_string_truncate(label, 0);
		if (w->home && strcmp(w->home, "und") != 0)
			g_string_append_printf(label, "writes %s · ", mc_lang_name(w->home));
		g_string_append_printf(label, "%lld automatic message%s", w->count, w->count == 1 ? "" : "s");
		mc_svg_text(o, 8, top + 37, "start", 11, 400, "#5b6673", label->str);
		switches += draw_switches(r, w, &x, top);
		draw_marks(r, w, &x, top + ROW_H * 0.62, langs);
		mc_report_tick(r, w->identity);
	}
	mc_svg_line(o, LABEL_W, TOP, LABEL_W, y_end, "#c5cbd3", 1, 0);
	mc_svg_end(o);
	g_string_append(o, "</div>\n");
	legend(o, langs, switches);
	if (hidden)
		g_string_append_printf(o, "<p class=\"lead\">%lld more %s with automatic messages not"
		                       " shown (the chart keeps %d rows: switches first, then mailboxes).</p>\n",
		                       hidden, hidden == 1 ? "person" : "people", MC_REPORT_MAX_ROWS);
	g_string_append(o, "</section>\n");
	g_string_free(label, TRUE);
	g_ptr_array_free(langs, TRUE);
	g_ptr_array_free(rows, TRUE);
	return 0;
}
