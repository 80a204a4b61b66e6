/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset.h: turning bytes in a declared or unknown charset into UTF-8.
 *
 * Mail lies about its charsets. mc_charset_decode() converts with the
 * declared charset when the bytes agree with it, and otherwise falls back to
 * uchardet's guess, then to windows-1252, and says what it used, so a case
 * never holds silently garbled text. Declared names are mapped to the
 * superset decoders mail clients actually use (gb2312 -> GB18030,
 * ks_c_5601-1987 -> CP949, shift_jis -> CP932, iso-8859-1 -> windows-1252...).
 */
#ifndef MAILCASE_CHARSET_H
#define MAILCASE_CHARSET_H

#include <stddef.h>

struct mc_decoded {
	char *text;             /* UTF-8, NUL-terminated, g_malloc'd; never NULL */
	size_t len;
	char *charset_used;     /* canonical lower-case name of the decoder actually
	                         * used ("gb18030" for a gb2312 label, "windows-1252"
	                         * for iso-8859-1); for pure ASCII the declared
	                         * label, or "us-ascii" (g_malloc'd, never NULL) */
	char *charset_detected; /* uchardet's answer when asked, else NULL */
	int mismatch;           /* 1 when the bytes contradicted the label and another
	                         * charset was used: a label that failed or that
	                         * iconv does not know, valid UTF-8 under a legacy
	                         * label, or 8-bit bytes with no label or us-ascii
	                         * (the RFC 2045 default) */
	int lossy;              /* 1 when some bytes could not be decoded (each became
	                         * U+FFFD), the input ended inside a character, or
	                         * nothing fitted and windows-1252 was the last resort */
};

/* Decode bytes declared as `declared` (may be NULL or "") to UTF-8. `out`
 * is overwritten (clear it first if reused). The text is valid UTF-8 without
 * NUL bytes or a leading BOM, so it can be stored as SQLite text. Any input
 * is safe: bytes may be NULL (then len is ignored) and contain NULs. */
void mc_charset_decode(const char *bytes, size_t len, const char *declared,
                       struct mc_decoded *out);
void mc_decoded_clear(struct mc_decoded *d);

/* Canonical lower-case charset name ("GB2312" -> "gb2312", "latin1" ->
 * "iso-8859-1"), g_malloc'd; NULL for NULL/empty input. Quotes, a stray
 * "charset=" and anything after the name ("utf-8; x") are dropped; unknown
 * names come back cleaned and lower-cased; NULL if nothing name-like is left. */
char *mc_charset_canonical(const char *name);

/* The iconv name to decode a declared charset with (superset mapping), or
 * NULL if iconv does not know it or it is a placeholder ("unknown-8bit",
 * "x-unknown"). Static: do not free. One exception: "HZ-GB-2312", which
 * glibc lacks, is returned for hz-gb-2312 and decoded by charset.c itself. */
const char *mc_charset_iconv_name(const char *declared);

/* uchardet's guess for the bytes as a canonical name ("shift_jis"), or NULL
 * when it has none; g_malloc'd. Looks at the first MiB at most. */
char *mc_charset_detect(const char *bytes, size_t len);

/* 1 if bytes are valid UTF-8 (and contain no NUL), else 0. Overlongs,
 * surrogates, code points above U+10FFFF and cut-off sequences are invalid. */
int mc_utf8_valid(const char *bytes, size_t len);
/* 1 if all bytes < 0x80 */
int mc_is_ascii(const char *bytes, size_t len);

#endif
