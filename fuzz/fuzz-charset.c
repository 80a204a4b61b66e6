/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-charset.c: mc_charset_decode(), mc_charset_detect(),
 * mc_charset_canonical() and mc_charset_iconv_name() (parsers/charset.h).
 *
 * Input: a declared charset label up to the first NUL byte (at most 64
 * bytes; empty means none), then the bytes to decode. Seeds start with
 * real labels ("gb2312\0...") so the fuzzer works on every decoder.
 * Checks charset.h's promises: the text is valid UTF-8 without NUL or a
 * leading BOM, len is its length, charset_used is never NULL.
 */
#include "config.h"
#include "fuzz.h"
#include "charset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size < 65 ? size : 65);
	char *label = NULL;
	const char *bytes = (const char *)data;
	size_t len = size;
	if (nul) {
		label = g_strndup((const char *)data, (size_t)(nul - data));
		bytes = (const char *)nul + 1;
		len = size - (size_t)(nul - data) - 1;
	}

	struct mc_decoded d;
	memset(&d, 0, sizeof d);
	mc_charset_decode(bytes, len, label, &d);
	FUZZ_CHECK(d.text != NULL && d.charset_used != NULL, "text and charset_used set");
	FUZZ_CHECK(strlen(d.text) == d.len, "len is the text length, no NUL inside");
	FUZZ_CHECK(g_utf8_validate(d.text, (gssize)d.len, NULL), "text is valid UTF-8");
	FUZZ_CHECK(mc_utf8_valid(d.text, d.len), "mc_utf8_valid agrees");
	FUZZ_CHECK(d.len < 3 || memcmp(d.text, "\xEF\xBB\xBF", 3) != 0, "no leading BOM");
	FUZZ_CHECK(d.mismatch == 0 || d.mismatch == 1, "mismatch is 0 or 1");
	mc_decoded_clear(&d);

	char *canon = mc_charset_canonical(label);
	FUZZ_CHECK(fuzz_utf8_or_null(canon), "canonical name is UTF-8");
	g_free(canon);
	(void)mc_charset_iconv_name(label);

	char *det = mc_charset_detect(bytes, len);
	g_free(det);
	if (mc_utf8_valid(bytes, len))
		FUZZ_CHECK(g_utf8_validate(bytes, (gssize)len, NULL) && !memchr(bytes, 0, len),
		           "mc_utf8_valid agrees with GLib");
	if (mc_is_ascii(bytes, len))
		for (size_t i = 0; i < len; i++)
			FUZZ_CHECK((unsigned char)bytes[i] < 0x80, "mc_is_ascii");
	g_free(label);
	return 0;
}
