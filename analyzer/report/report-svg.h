/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-svg.h: the SVG primitives the report's charts are drawn with:
 * the <svg> element, rectangles, circles, lines and text (every text and
 * tooltip escaped), a linear scale and a time axis with day ticks. Numbers
 * are written with a dot whatever the locale.
 */
#ifndef MAILCASE_REPORT_SVG_H
#define MAILCASE_REPORT_SVG_H

#include <glib.h>

/* <svg> of w x h user units; label is its accessible name (escaped). */
void mc_svg_begin(GString *out, int w, int h, const char *cls, const char *label);
void mc_svg_end(GString *out);

/* Shapes; fill/stroke are trusted colour strings; tip (may be NULL) is
 * shown as the element's tooltip (<title>), escaped. opacity 1: opaque. */
void mc_svg_rect(GString *out, double x, double y, double w, double h,
                 const char *fill, double opacity, const char *tip);
void mc_svg_circle(GString *out, double cx, double cy, double r,
                   const char *fill, double opacity, const char *tip);
void mc_svg_line(GString *out, double x1, double y1, double x2, double y2,
                 const char *stroke, double width, int dashed);
/* Text at (x, y): anchor "start", "middle" or "end"; size in px; weight
 * 400 or 700; text escaped. */
void mc_svg_text(GString *out, double x, double y, const char *anchor, int size,
                 int weight, const char *fill, const char *text);

/* A linear map from [d0, d1] to [r0, r1]. */
struct mc_svg_scale {
	double d0, d1, r0, r1;
};
double mc_svg_map(const struct mc_svg_scale *s, double v);

/* A time axis for a scale in seconds since 1970: a tick and a faint grid
 * line from y0 to y1 at local midnights (offset in minutes), every 1, 2, 7,
 * 14, 28... days so that there are at most max_ticks, labelled "19 Feb"
 * below y1. */
void mc_svg_time_axis(GString *out, const struct mc_svg_scale *s, double y0, double y1,
                      int offset_min, int max_ticks);

#endif
