/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rfc2047-join.h: one RFC 2047 "B" encoded-word for each run of adjacent
 * ones, before GMime decodes a header.
 *
 * GMime 3.2.13 (Debian 12) joins the base64 text of adjacent B-words of one
 * charset and decodes it as one stream, which stops at the first word's
 * '=' padding: "=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IHdvcmxk?=" decodes to
 * "Hello" (GMime issue 133, a regression of its faster base64 decoder).
 * Subjects and display names folded that way lost their tails without a
 * word. Decoding each word's base64 alone and encoding the bytes of the run
 * again as one word keeps what GMime's joining is for (a character split
 * across two words) and loses nothing.
 */
#ifndef MAILCASE_RFC2047_JOIN_H
#define MAILCASE_RFC2047_JOIN_H

/* s with every run of two or more B-encoded words of one charset,
 * separated by blanks only, made one B-encoded word; NULL when s has no
 * such run (use s as it is). g_free the result. */
char *mc_rfc2047_join_b_words(const char *s);

#endif
