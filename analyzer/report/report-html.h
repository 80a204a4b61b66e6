/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-html.h: the HTML of `mailcase report`: escaping of everything that
 * comes from the case (evidence is hostile: subjects, names and paths are
 * escaped, never trusted), and the page skeleton with its inline style.
 * The page needs no network, no external file and no JavaScript.
 */
#ifndef MAILCASE_REPORT_HTML_H
#define MAILCASE_REPORT_HTML_H

#include <glib.h>

/* Appends s escaped for HTML text and quoted attribute values: & < > " '
 * become entities, invalid UTF-8 is replaced, control characters become
 * spaces. NULL appends nothing. */
void mc_html_esc(GString *out, const char *s);
/* The same for at most len bytes of s, cut at a character boundary, with
 * an ellipsis when cut. */
void mc_html_esc_max(GString *out, const char *s, gsize len);
/* Formats like printf, then appends the result escaped. */
void mc_html_escf(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* <!DOCTYPE html> ... <body>, with the style sheet; title is escaped. */
void mc_html_page_begin(GString *out, const char *title);
/* </body></html> */
void mc_html_page_end(GString *out);

#endif
