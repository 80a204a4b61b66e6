/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-svg.c: SVG primitives for the report's charts (report-svg.h).
 */

#include <string.h>

#include "report-html.h"
#include "report-svg.h"
#include "report-words.h"

static void num(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append(out, g_ascii_formatd(buf, sizeof buf, "%.1f", v));
}

/* Appends ` name="v"`. */
static void attr(GString *out, const char *name, double v)
{
	g_string_append_printf(out, " %s=\"", name);
	num(out, v);
	g_string_append_c(out, '"');
}

void mc_svg_begin(GString *out, int w, int h, const char *cls, const char *label)
{
	g_string_append_printf(out, "<svg viewBox=\"0 0 %d %d\""
	                       " width=\"%d\" height=\"%d\" role=\"img\"", w, h, w, h);
	if (cls)
		g_string_append_printf(out, " class=\"%s\"", cls);
	g_string_append(out, " aria-label=\"");
	mc_html_esc(out, label);
	g_string_append(out, "\">\n");
}

void mc_svg_end(GString *out)
{
	g_string_append(out, "</svg>\n");
}

static void close_shape(GString *out, const char *elem, const char *tip)
{
	if (tip) {
		g_string_append(out, "><title>");
		mc_html_esc(out, tip);
		g_string_append_printf(out, "</title></%s>\n", elem);
	} else {
		g_string_append(out, "/>\n");
	}
}

static void fill_opacity(GString *out, const char *fill, double opacity)
{
	g_string_append_printf(out, " fill=\"%s\"", fill);
	if (opacity < 1)
		attr(out, "fill-opacity", opacity < 0 ? 0 : opacity);
}

void mc_svg_rect(GString *out, double x, double y, double w, double h,
                 const char *fill, double opacity, const char *tip)
{
	g_string_append(out, "<rect");
	attr(out, "x", x);
	attr(out, "y", y);
	attr(out, "width", w < 0 ? 0 : w);
	attr(out, "height", h < 0 ? 0 : h);
	fill_opacity(out, fill, opacity);
	close_shape(out, "rect", tip);
}

void mc_svg_circle(GString *out, double cx, double cy, double r,
                   const char *fill, double opacity, const char *tip)
{
	g_string_append(out, "<circle");
	attr(out, "cx", cx);
	attr(out, "cy", cy);
	attr(out, "r", r);
	fill_opacity(out, fill, opacity);
	g_string_append(out, " stroke=\"#fff\" stroke-width=\"1\"");
	close_shape(out, "circle", tip);
}

void mc_svg_line(GString *out, double x1, double y1, double x2, double y2,
                 const char *stroke, double width, int dashed)
{
	g_string_append(out, "<line");
	attr(out, "x1", x1);
	attr(out, "y1", y1);
	attr(out, "x2", x2);
	attr(out, "y2", y2);
	g_string_append_printf(out, " stroke=\"%s\"", stroke);
	attr(out, "stroke-width", width);
	if (dashed)
		g_string_append(out, " stroke-dasharray=\"5 3\"");
	g_string_append(out, "/>\n");
}

void mc_svg_text(GString *out, double x, double y, const char *anchor, int size,
                 int weight, const char *fill, const char *text)
{
	g_string_append(out, "<text");
	attr(out, "x", x);
	attr(out, "y", y);
	g_string_append_printf(out, " font-size=\"%d\"", size);
	if (anchor && strcmp(anchor, "start") != 0)
		g_string_append_printf(out, " text-anchor=\"%s\"", anchor);
	if (weight != 400)
		g_string_append_printf(out, " font-weight=\"%d\"", weight);
	g_string_append_printf(out, " fill=\"%s\">", fill ? fill : "#1d232b");
	mc_html_esc(out, text);
	g_string_append(out, "</text>\n");
}

double mc_svg_map(const struct mc_svg_scale *s, double v)
{
	if (s->d1 == s->d0)
		return (s->r0 + s->r1) / 2;
	return s->r0 + (v - s->d0) * (s->r1 - s->r0) / (s->d1 - s->d0);
}

void mc_svg_time_axis(GString *out, const struct mc_svg_scale *s, double y0, double y1,
                      int offset_min, int max_ticks)
{
	static const int steps[] = { 1, 2, 7, 14, 28, 56, 91, 182, 364, 728, 1820 };
	const gint64 day = 86400, off = (gint64)offset_min * 60;
	gint64 lo = (gint64)s->d0, hi = (gint64)s->d1;
	double span_days = (double)(hi - lo) / (double)day;
	int step = steps[G_N_ELEMENTS(steps) - 1];
	for (unsigned i = 0; i < G_N_ELEMENTS(steps); i++)
		if (span_days / steps[i] <= max_ticks) {
			step = steps[i];
			break;
		}
	/* First local midnight at or after lo. */
	gint64 first = ((lo + off + day - 1) / day) * day - off;
	if (step == 7) {
		/* Mondays: 1970-01-01 was a Thursday. */
		while ((((first + off) / day) + 3) % 7 != 0)
			first += day;
	}
	GString *label = g_string_new(NULL);
	for (gint64 t = first; t <= hi; t += (gint64)step * day) {
		double x = mc_svg_map(s, (double)t);
		mc_svg_line(out, x, y0, x, y1, "#e3e6ea", 1, 0);
		mc_svg_line(out, x, y1, x, y1 + 4, "#8a949e", 1, 0);
		g_string_truncate(label, 0);
		if (step >= 91)
			mc_fmt_day(label, t, offset_min);
		else
			mc_fmt_short_day(label, t, offset_min);
		mc_svg_text(out, x, y1 + 16, "middle", 11, 400, "#5b6673", label->str);
	}
	g_string_free(label, TRUE);
}
