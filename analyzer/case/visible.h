/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * visible.h: text for a terminal. Evidence is hostile: a subject, a name or
 * a file name may carry escape sequences that retitle or clear the
 * investigator's terminal, carriage returns that overwrite a line, bidi
 * controls that reorder it, bytes that are not UTF-8. Every text output
 * writes such strings through these functions, which show those characters
 * as visible ASCII escapes (docs/mailcase.1, TEXT OUTPUT):
 *   \xNN    a C0 control (U+0000-U+001F), DEL (U+007F), or a byte that is
 *           not part of valid UTF-8;
 *   \uXXXX  a C1 control (U+0080-U+009F) or a bidi embedding, override or
 *           isolate (U+202A-U+202E, U+2066-U+2069).
 * Everything else is copied unchanged (a backslash too: text output is for
 * reading; --json and --raw give the exact values).
 */
#ifndef MAILCASE_VISIBLE_H
#define MAILCASE_VISIBLE_H

#include <stdio.h>
#include <glib.h>

enum mc_visible_flags {
	MC_VISIBLE_LINE = 0,  /* one line: newline and tab are escaped too */
	MC_VISIBLE_LINES = 1  /* multi-line text (a body): newline, tab and a
	                       * carriage return before a newline stay */
};

/* Whether the character c is shown escaped (in either mode, before the
 * exceptions of MC_VISIBLE_LINES): a C0 or C1 control, DEL, a bidi control. */
gboolean mc_visible_escaped_char(gunichar c);

/* Appends len bytes of s (len < 0: up to its NUL) to out, made visible. */
void mc_visible_append(GString *out, const char *s, gssize len, unsigned flags);

/* s made visible, newly allocated (g_free); NULL for NULL. */
char *mc_visible_dup(const char *s, unsigned flags);

/* s made visible as one line, for printf arguments: the result lives in one
 * of 16 buffers of the calling thread, reused in turn, so it is valid until
 * 16 more calls. NULL for NULL. */
const char *mc_vis(const char *s);

/* Writes s made visible to f. */
void mc_visible_fputs(const char *s, unsigned flags, FILE *f);

#endif
