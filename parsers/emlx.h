/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emlx.h: the pieces of the Apple Mail .emlx reader (emlx.c) its tests and
 * fuzz harness call directly: the byte-count line and the flag names.
 */
#ifndef MAILCASE_EMLX_H
#define MAILCASE_EMLX_H

#include <stddef.h>
#include <stdint.h>

/* The first line of an .emlx file (s, n bytes): blanks, 1 to 12 digits,
 * blanks, LF or CRLF. Returns the offset after it with *count set, or 0
 * when it is no such line. */
size_t mc_emlx_count_line(const char *s, size_t n, uint64_t *count);

/* The names of the Mail flags set in `flags`, comma-separated, in a new
 * string ("" when none is named). */
char *mc_emlx_flag_names(uint64_t flags);

#endif
