/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rtf-text.h: compressed RTF (MS-OXRTFCP LZFu) and RTF bodies.
 *
 * PST and MSG items often carry their body only as PR_RTF_COMPRESSED. This
 * decompresses it, recovers HTML that Outlook encapsulated in RTF
 * (\fromhtml1, MS-OXRTFEX), and reduces plain RTF to text: groups, control
 * words, \'hh escapes in the document's \ansicpg code page, \uN characters;
 * font/colour/style tables, pictures and other \* destinations are skipped.
 */
#ifndef MAILCASE_RTF_TEXT_H
#define MAILCASE_RTF_TEXT_H

#include <stddef.h>
#include <glib.h>

enum mc_lzfu_result {
	MC_LZFU_OK = 0,
	MC_LZFU_CRC = 1,        /* decompressed, but the CRC did not match */
	MC_LZFU_TRUNCATED = 2,  /* input ended before the end marker */
	MC_LZFU_BAD = -1        /* not compressed RTF (bad header or type) */
};

/* Decompresses a PR_RTF_COMPRESSED value ("LZFu" or uncompressed "MELA")
 * and appends the RTF to out. Output never exceeds the header's raw size
 * (capped at MC_LIMIT_RTF_BYTES, parsers/resource-limits.h). */
enum mc_lzfu_result mc_lzfu_decompress(const unsigned char *in, size_t len,
                                       GByteArray *out);

/* 1 if the RTF declares \fromhtml1 (HTML encapsulated in RTF). */
int mc_rtf_is_fromhtml(const char *rtf, size_t len);

/* The HTML encapsulated in an \fromhtml1 RTF (UTF-8, g_malloc'd), or NULL
 * if the RTF does not encapsulate HTML. */
char *mc_rtf_extract_html(const char *rtf, size_t len);

/* The text of an RTF document, UTF-8, g_malloc'd, never NULL. */
char *mc_rtf_to_text(const char *rtf, size_t len);

#endif
