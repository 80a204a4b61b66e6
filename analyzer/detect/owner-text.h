/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * owner-text.h: the text the writer of an auto-reply wrote themselves: the
 * reply's body without the original it quotes or forwards, for the
 * `language` of the person (analyze-messages.c). The subject of an
 * auto-reply is the original sender's, never the writer's, and is not
 * looked at.
 *
 * A body is read line by line. It ends at the first line that starts
 * what the writer did not write:
 *  - a separator: a line of five or more '-' or '_' ("-----Original
 *    Message-----", Outlook's "________________________________",
 *    Thunderbird's "-------- Original-Nachricht --------", Gmail's
 *    "---------- Forwarded message ---------"), whatever its language;
 *  - a signature: "-- " (or "--") alone on its line;
 *  - a quoted header block: a line "From: ..." in one of the languages of
 *    owner-text.c's list, or any "Label: value" line, followed by at least
 *    two more "Label: value" lines one of which holds an address ('@'),
 *    as Outlook writes the original's From, Sent, To and Subject;
 *  - an attribution: a line ending in ':' that names the original's
 *    writer with a verb of the list ("On ... wrote:", "Am ... schrieb
 *    ...:", "在 ... 写道:"), or any line ending in ':' with a digit or an
 *    '@' in it that the quoted lines follow; when such a line wraps, the
 *    line before it (holding the date) goes with it.
 * Lines quoted with '>' are skipped wherever they are.
 */
#ifndef MAILCASE_OWNER_TEXT_H
#define MAILCASE_OWNER_TEXT_H

#include <stddef.h>

/* The length of the writer's own text at the start of `len` bytes of
 * `body` (UTF-8, lines ended by "\n" or "\r\n"), at most `max` bytes of it
 * copied to `out` (which holds max + 1 bytes; NUL-terminated): its lines
 * up to the first that starts the quoted or forwarded original, less the
 * '>'-quoted ones, each ended by "\n". Returns the bytes written. */
size_t mc_owner_text(const char *body, size_t len, char *out, size_t max);

#endif
