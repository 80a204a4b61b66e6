/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset-guess.h: which charset decodes a byte string, better than
 * uchardet alone.
 *
 * mc_charset_guess() answers "us-ascii" for ASCII (or the escape encoding
 * an ESC or "~{" text decodes in: iso-2022-jp, iso-2022-kr, hz-gb-2312),
 * "utf-8" for valid UTF-8 with non-ASCII bytes (uchardet takes some short
 * UTF-8 German or French for a Central European code page), and otherwise
 * the candidate, uchardet's answer first and then the legacy charsets mail
 * carries, that decodes every byte and whose text the language identifier
 * (textid.h) finds most plausible. The answer is a canonical name as
 * mc_charset_canonical() gives, suitable for mc_charset_decode().
 */
#ifndef MAILCASE_CHARSET_GUESS_H
#define MAILCASE_CHARSET_GUESS_H

#include <stddef.h>

/* g_malloc'd, never NULL; "us-ascii" for empty input. Any bytes are safe. */
char *mc_charset_guess(const char *bytes, size_t len);

#endif
