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
	char *charset_used;     /* canonical lower-case name actually used (g_malloc'd) */
	char *charset_detected; /* uchardet's answer when asked, else NULL */
	int mismatch;           /* 1 when a declared charset did not decode the bytes */
	int lossy;              /* 1 when some bytes could not be decoded at all */
};

/* Decode bytes declared as `declared` (may be NULL or "") to UTF-8. */
void mc_charset_decode(const char *bytes, size_t len, const char *declared,
                       struct mc_decoded *out);
void mc_decoded_clear(struct mc_decoded *d);

/* Canonical lower-case charset name ("GB2312" -> "gb2312", "latin1" ->
 * "iso-8859-1"), g_malloc'd; NULL for NULL/empty input. */
char *mc_charset_canonical(const char *name);

/* The iconv name to decode a declared charset with (superset mapping), or
 * NULL if iconv does not know it. Static string or g_malloc'd? static. */
const char *mc_charset_iconv_name(const char *declared);

/* uchardet's guess for the bytes (lower-case, g_malloc'd), or NULL. */
char *mc_charset_detect(const char *bytes, size_t len);

/* 1 if bytes are valid UTF-8 (and contain no NUL), else 0. */
int mc_utf8_valid(const char *bytes, size_t len);
/* 1 if all bytes < 0x80 */
int mc_is_ascii(const char *bytes, size_t len);

#endif
