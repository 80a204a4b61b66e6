/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-textid.c: text identification (analyzer/text/textid.h) on any bytes:
 * mc_textid_identify(), mc_script_of(), mc_textid_loglik(),
 * mc_textid_features(), and the `mailcase textid` line escaping.
 *
 * Checks textid.h's promises: the language is a BCP 47 tag ("und" when
 * unknown, then with confidence 0), the script an ISO 15924 code, the
 * confidence in [0, 1], no more letters than bytes, a finite
 * log-likelihood, and escaping that unescapes to the same bytes.
 */
#include "config.h"
#include <math.h>
#include "fuzz.h"
#include "textid.h"

static int is_bcp47(const char *t, size_t cap)
{
	if (!memchr(t, 0, cap) || !t[0] || !g_ascii_isalpha(t[0]))
		return 0;
	for (const char *p = t; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-')
			return 0;
	return t[strlen(t) - 1] != '-';
}

static int is_script_code(const char *s)
{
	return s && strlen(s) == 4 && g_ascii_isupper(s[0]) && g_ascii_islower(s[1]) &&
	       g_ascii_islower(s[2]) && g_ascii_islower(s[3]);
}

static void count_feature(uint32_t hash, void *ctx)
{
	(void)hash;
	(*(size_t *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct mc_textid id;
	memset(&id, 0x55, sizeof id);
	mc_textid_identify(s, size, &id);
	FUZZ_CHECK(is_bcp47(id.language, sizeof id.language), "language is a BCP 47 tag");
	FUZZ_CHECK(memchr(id.script, 0, sizeof id.script) && is_script_code(id.script),
	           "script is an ISO 15924 code");
	FUZZ_CHECK(id.confidence >= 0.0 && id.confidence <= 1.0, "confidence in [0,1]");
	FUZZ_CHECK(strcmp(id.language, "und") != 0 || id.confidence == 0.0,
	           "und has confidence 0");
	FUZZ_CHECK(id.letters <= size, "no more letters than bytes");
	FUZZ_CHECK(id.letters > 0 || strcmp(id.script, "Zyyy") == 0,
	           "no letters: script Zyyy");

	FUZZ_CHECK(is_script_code(mc_script_of(s, size)), "mc_script_of gives a code");

	size_t nchars = 12345;
	double ll = mc_textid_loglik(s, size, &nchars);
	FUZZ_CHECK(isfinite(ll), "log-likelihood is finite");
	FUZZ_CHECK(nchars != 12345 && nchars <= 3 * size + 2, "nchars is set and bounded");

	size_t nfeat = 0;
	FUZZ_CHECK(is_script_code(mc_textid_features(s, size, count_feature, &nfeat)),
	           "mc_textid_features gives a code");

	if (size <= 65536) {
		char *esc = g_malloc(2 * size + 1);
		size_t el = mc_textid_escape(s, size, esc);
		FUZZ_CHECK(el <= 2 * size && esc[el] == '\0', "escape fits 2 * len + 1");
		FUZZ_CHECK(!memchr(esc, '\t', el) && !memchr(esc, '\n', el) && !memchr(esc, '\r', el),
		           "escaped text has no tab, newline or CR");
		size_t ul = mc_textid_unescape(esc, el);
		FUZZ_CHECK(ul == size && memcmp(esc, s, size) == 0, "unescape(escape(x)) == x");
		g_free(esc);
		/* unescaping arbitrary bytes in place never grows them */
		char *copy = g_malloc(size ? size : 1);
		memcpy(copy, s, size);
		FUZZ_CHECK(mc_textid_unescape(copy, size) <= size, "unescape never grows");
		g_free(copy);
	}
	return 0;
}
