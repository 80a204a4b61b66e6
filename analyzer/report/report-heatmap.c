/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-heatmap.c: the activity heatmaps of the HTML report. One chart
 * per mailbox: dates (local) across, hours of the day (0-23, in the
 * owner's usual UTC offset, identities.utc_offset) down, one cell per hour
 * with messages the owner sent (one per Message-ID, wherever the copy was
 * found), darker for more messages, coloured by the kind of program that
 * sent most of them (desktop, mobile device, webmail, other). Night hours
 * (00:00-06:00) are shaded; a language switch of the mailbox is marked.
 * Counting is done in SQL; all mailboxes share one date range, binned into
 * at most MC_REPORT_MAX_COLUMNS columns.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "case-db.h"
#include "report-html.h"
#include "report-query.h"
#include "report-sections.h"
#include "report-svg.h"
#include "report-words.h"
#include "rules.h"

#define CELL_H 7
#define LEFT 44
#define TOP 16
#define GRID_W 480
#define BOTTOM 24

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

struct cell {
	long long n[MC_CL_N];
};

struct box {
	char *identity, *name;
	int offset, rank;           /* rank: most severe finding, -1 none */
	GHashTable *cells;          /* day * 24 + hour -> struct cell */
	long long total[MC_CL_N], night[MC_CL_N];
	gint64 day0, day1;          /* local day numbers, day0 > day1 when empty */
};

static void box_free(gpointer p)
{
	struct box *b = p;
	g_free(b->identity);
	g_free(b->name);
	g_hash_table_destroy(b->cells);
	g_free(b);
}

static int load_box(struct mc_report *r, struct box *b)
{
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT (t + ?2 * 60) / 86400, ((t + ?2 * 60) % 86400) / 3600, k, count(*) FROM"
		" (SELECT CAST(strftime('%s', min(date_utc)) AS INTEGER) AS t, client_kind AS k"
		"  FROM messages WHERE sender_identity = ?1 AND system_kind IS NULL"
		"  AND date_utc IS NOT NULL GROUP BY coalesce(message_id, '#' || id))"
		" WHERE t + ?2 * 60 >= 0 GROUP BY 1, 2, 3");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, b->identity, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, b->offset);
	b->day0 = G_MAXINT64;
	b->day1 = G_MININT64;
	while (sqlite3_step(st) == SQLITE_ROW) {
		gint64 day = sqlite3_column_int64(st, 0);
		int hour = sqlite3_column_int(st, 1);
		enum mc_client k = mc_client_of(col(st, 2));
		long long n = sqlite3_column_int64(st, 3);
		gint64 key = day * 24 + hour;
		struct cell *c = g_hash_table_lookup(b->cells, &key);
		if (!c) {
			gint64 *kp = g_new(gint64, 1);
			*kp = key;
			c = g_new0(struct cell, 1);
			g_hash_table_insert(b->cells, kp, c);
		}
		c->n[k] += n;
		b->total[k] += n;
		if (hour < 6)
			b->night[k] += n;
		b->day0 = MIN(b->day0, day);
		b->day1 = MAX(b->day1, day);
	}
	sqlite3_finalize(st);
	return 0;
}

static const char *const WEEKDAYS[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };

static void cell_tip(GString *tip, gint64 day0, int days, int hour, const struct cell *c, int offset)
{
	long long sum = 0;
	for (int k = 0; k < MC_CL_N; k++)
		sum += c->n[k];
	g_string_truncate(tip, 0);
	if (days == 1)
		g_string_append_printf(tip, "%s ", WEEKDAYS[((day0 % 7) + 7) % 7]);
	mc_fmt_day(tip, day0 * 86400, 0);
	if (days > 1) {
		g_string_append(tip, " – ");
		mc_fmt_day(tip, (day0 + days - 1) * 86400, 0);
	}
	g_string_append_printf(tip, ", %02d:00–%02d:00 (", hour, (hour + 1) % 24);
	mc_fmt_offset(tip, offset);
	g_string_append_printf(tip, "): %lld message%s sent", sum, sum == 1 ? "" : "s");
	const char *sep = " — ";
	for (int k = 0; k < MC_CL_N; k++)
		if (c->n[k]) {
			g_string_append_printf(tip, "%s%lld %s", sep, c->n[k], mc_client_name((enum mc_client)k));
			sep = ", ";
		}
}

/* The chart of one mailbox over local days [d0, d0 + cols * per). */
static void draw_box(struct mc_report *r, const struct box *b, gint64 d0, int cols, int per)
{
	GString *o = r->out, *tip = g_string_new(NULL);
	double cw = (double)GRID_W / cols;
	int w = LEFT + GRID_W + 8, h = TOP + 24 * CELL_H + BOTTOM;
	/* Merge the hours of each column's days. */
	GHashTable *merged = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	GHashTableIter it;
	gpointer kp, vp;
	long long max = 1;
	g_hash_table_iter_init(&it, b->cells);
	while (g_hash_table_iter_next(&it, &kp, &vp)) {
		gint64 key = *(gint64 *)kp, day = key / 24;
		gint64 mkey = ((day - d0) / per) * 24 + key % 24;
		struct cell *m = g_hash_table_lookup(merged, &mkey);
		if (!m) {
			gint64 *k2 = g_new(gint64, 1);
			*k2 = mkey;
			m = g_new0(struct cell, 1);
			g_hash_table_insert(merged, k2, m);
		}
		long long sum = 0;
		for (int k = 0; k < MC_CL_N; k++) {
			m->n[k] += ((struct cell *)vp)->n[k];
			sum += m->n[k];
		}
		max = MAX(max, sum);
	}
	GString *label = g_string_new("Messages sent per hour by ");
	g_string_append(label, b->identity);
	mc_svg_begin(o, w, h, "heatmap", label->str);
	mc_svg_rect(o, LEFT, TOP, GRID_W, 24 * CELL_H, "#f4f5f7", 1, NULL);
	mc_svg_rect(o, LEFT, TOP, GRID_W, 6 * CELL_H, "#dfe3f4", 1, "night: 00:00–06:00 local time");
	struct mc_svg_scale x = { (double)d0 * 86400, (double)(d0 + (gint64)cols * per) * 86400,
	                          LEFT, LEFT + GRID_W };
	mc_svg_time_axis(o, &x, TOP, TOP + 24 * CELL_H, 0, 6);
	for (int hr = 0; hr < 24; hr += 6) {
		char hl[16];
		g_snprintf(hl, sizeof hl, "%02d:00", hr);
		mc_svg_text(o, LEFT - 4, TOP + hr * CELL_H + 8, "end", 10, 400, "#5b6673", hl);
	}
	/* Cells in a stable order: by column, then hour. */
	for (gint64 c = 0; c < cols; c++)
		for (int hr = 0; hr < 24; hr++) {
			gint64 mkey = c * 24 + hr;
			struct cell *m = g_hash_table_lookup(merged, &mkey);
			if (!m)
				continue;
			long long sum = 0;
			int best = MC_CL_OTHER;
			for (int k = 0; k < MC_CL_N; k++) {
				sum += m->n[k];
				if (m->n[k] > m->n[best] || (m->n[k] == m->n[best] && k < best))
					best = k;
			}
			cell_tip(tip, d0 + c * per, per, hr, m, b->offset);
			double op = 0.35 + 0.65 * sqrt((double)sum / (double)max);
			mc_svg_rect(o, LEFT + c * cw + 0.5, TOP + hr * CELL_H + 0.5, cw - 1, CELL_H - 1,
			            mc_client_color((enum mc_client)best), op, tip->str);
		}
	/* A language switch of this mailbox. */
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT coalesce(json_extract(details, '$.switch_estimate'), first_seen),"
		" json_extract(details, '$.after.language') FROM findings"
		" WHERE rule = '" MC_RULE_SYSTEM_LANGUAGE_SWITCH "' AND lower(identity) = ?1"
		" AND json_valid(details)"
		" ORDER BY id");
	if (st) {
		sqlite3_bind_text(st, 1, b->identity, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			gint64 t = mc_iso_to_unix(col(st, 0));
			if (t < 0)
				continue;
			double xe = mc_svg_map(&x, (double)(t + (gint64)b->offset * 60));
			if (xe < LEFT || xe > LEFT + GRID_W)
				continue;
			mc_svg_line(o, xe, TOP - 4, xe, TOP + 24 * CELL_H, "#b3261e", 1.5, 1);
			g_string_truncate(label, 0);
			g_string_append_printf(label, "switch to %s", mc_lang_name(col(st, 1)));
			int right = xe > LEFT + GRID_W * 0.6;
			mc_svg_text(o, right ? xe - 4 : xe + 4, TOP - 4, right ? "end" : "start", 10, 700,
			            "#b3261e", label->str);
		}
		sqlite3_finalize(st);
	}
	mc_svg_end(o);
	g_hash_table_destroy(merged);
	g_string_free(tip, TRUE);
	g_string_free(label, TRUE);
}

/* The night of a mailbox in words, with its off-hours finding. */
static void night_note(struct mc_report *r, const struct box *b)
{
	GString *o = r->out;
	long long night = 0;
	for (int k = 0; k < MC_CL_N; k++)
		night += b->night[k];
	if (night)
		g_string_append_printf(o, "<p>At night: %lld message%s sent", night, night == 1 ? "" : "s");
	else
		g_string_append(o, "<p>Nothing sent at night");
	const char *sep = ", ";
	for (int k = 0; k < MC_CL_N; k++)
		if (b->night[k]) {
			g_string_append_printf(o, "%s%lld %s", sep, b->night[k],
			                       k == MC_CL_WEBMAIL ? "through webmail"
			                       : k == MC_CL_MOBILE ? "from a mobile device"
			                       : k == MC_CL_DESKTOP ? "from a desktop program" : "from another program");
			sep = ", ";
		}
	if (night && b->night[MC_CL_MOBILE] * 10 >= night * 8)
		g_string_append(o, ": consistent with a phone syncing or mail read in bed");
	g_string_append(o, ".");
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT id, severity, json_extract(details, '$.assessment') FROM findings"
		" WHERE rule = '" MC_RULE_OFF_HOURS_ACTIVITY "' AND lower(identity) = ?1"
		" AND json_valid(details)"
		" ORDER BY id LIMIT 1");
	if (st) {
		sqlite3_bind_text(st, 1, b->identity, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			int rank = mc_severity_rank(col(st, 1));
			g_string_append_printf(o, " <span class=\"sev %s\">", mc_severity_name(rank < 0 ? 0 : rank));
			mc_html_esc(o, col(st, 1));
			g_string_append(o, "</span> ");
			mc_html_esc(o, col(st, 2));
			g_string_append_printf(o, " (<a href=\"#f%lld\">finding %lld</a>)",
			                       (long long)sqlite3_column_int64(st, 0),
			                       (long long)sqlite3_column_int64(st, 0));
		}
		sqlite3_finalize(st);
	}
	g_string_append(o, "</p>");
}

static void legend(GString *o)
{
	g_string_append(o, "<ul class=\"legend\">");
	for (int k = 0; k < MC_CL_N; k++)
		g_string_append_printf(o, "<li><span class=\"sw sq\" style=\"background:%s\"></span>%s</li>",
		                       mc_client_color((enum mc_client)k), mc_client_name((enum mc_client)k));
	g_string_append(o, "<li><span class=\"sw sq\" style=\"background:#dfe3f4\"></span>night"
	                " (00:00–06:00)</li><li>darker: more messages in that hour</li>"
	                "<li><span class=\"sw line\"></span>language switch</li></ul>\n");
}

int mc_report_heatmap(struct mc_report *r)
{
	GString *o = r->out;
	g_string_append(o, "<section id=\"activity\"><h2>When each mailbox was used</h2>\n"
	                "<p class=\"lead\">One chart per mailbox: days from left to right, hours of the"
	                " day from top (midnight) to bottom, in the owner's usual time zone. Each cell"
	                " holds the messages the mailbox sent in that hour, coloured by the kind of"
	                " program that sent most of them. The shaded band at the top is the night."
	                " Night activity from a <b style=\"color:#e8830c\">mobile device</b> is usually"
	                " a phone; night activity through <b style=\"color:#8e3bb6\">webmail</b> in a"
	                " mailbox that never used it is worth a look.</p>\n");
	legend(o);
	sqlite3_stmt *st = mc_case_prepare(r->db,
		"SELECT i.identity, i.display_name, coalesce(i.utc_offset, 0),"
		" (SELECT max(CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium'"
		"  THEN 2 WHEN 'low' THEN 1 ELSE 0 END) FROM findings f WHERE lower(f.identity) = i.identity)"
		" AS rank FROM identities i WHERE i.is_mailbox = 1"
		" ORDER BY coalesce(rank, -1) DESC, i.identity");
	if (!st)
		return -1;
	GPtrArray *boxes = g_ptr_array_new_with_free_func(box_free);
	long long hidden = 0;
	gint64 d0 = G_MAXINT64, d1 = G_MININT64;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (boxes->len >= MC_REPORT_MAX_MAILBOXES) {
			hidden++;
			continue;
		}
		struct box *b = g_new0(struct box, 1);
		b->identity = g_strdup(col(st, 0));
		b->name = g_strdup(col(st, 1));
		b->offset = sqlite3_column_int(st, 2);
		if (b->offset < -24 * 60 || b->offset > 24 * 60)
			b->offset = 0;
		b->rank = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
		b->cells = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
		g_ptr_array_add(boxes, b);
		if (load_box(r, b) != 0)
			break;
		if (b->day0 <= b->day1) {
			d0 = MIN(d0, b->day0);
			d1 = MAX(d1, b->day1);
		}
		mc_report_tick(r, b->identity);
	}
	sqlite3_finalize(st);
	if (!boxes->len || d0 > d1) {
		g_string_append(o, "<p>No mailbox with messages it sent in this case.</p></section>\n");
		g_ptr_array_free(boxes, TRUE);
		return 0;
	}
	gint64 days = d1 - d0 + 1;
	int per = (int)((days + MC_REPORT_MAX_COLUMNS - 1) / MC_REPORT_MAX_COLUMNS);
	int cols = (int)((days + per - 1) / per);
	if (per > 1)
		g_string_append_printf(o, "<p class=\"lead\">The period is long: each column holds %d days.</p>\n", per);
	g_string_append(o, "<div class=\"heat\">\n");
	for (guint i = 0; i < boxes->len; i++) {
		const struct box *b = g_ptr_array_index(boxes, i);
		g_string_append_printf(o, "<div class=\"box%s\"><h3>", b->rank >= 2 ? " flag" : "");
		mc_report_person(o, b->name, b->identity);
		g_string_append(o, " <small>");
		mc_html_esc(o, b->identity);
		g_string_append(o, "</small></h3><p>");
		long long sum = 0;
		for (int k = 0; k < MC_CL_N; k++)
			sum += b->total[k];
		g_string_append_printf(o, "%lld message%s sent", sum, sum == 1 ? "" : "s");
		const char *sep = ": ";
		for (int k = 0; k < MC_CL_N; k++)
			if (b->total[k]) {
				g_string_append_printf(o, "%s%lld %s", sep, b->total[k],
				                       mc_client_name((enum mc_client)k));
				sep = ", ";
			}
		g_string_append(o, " · local time ");
		mc_fmt_offset(o, b->offset);
		g_string_append(o, "</p>");
		night_note(r, b);
		draw_box(r, b, d0, cols, per);
		g_string_append(o, "</div>\n");
	}
	g_string_append(o, "</div>\n");
	if (hidden)
		g_string_append_printf(o, "<p class=\"lead\">%lld more mailboxes not shown (the report"
		                       " keeps %d, those with findings first).</p>\n", hidden,
		                       MC_REPORT_MAX_MAILBOXES);
	g_string_append(o, "</section>\n");
	g_ptr_array_free(boxes, TRUE);
	return 0;
}
