/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-rtf.c: the RTF helpers of parsers/rtf-text.h on the input as an RTF
 * document: mc_rtf_is_fromhtml(), mc_rtf_extract_html() (MS-OXRTFEX HTML
 * de-encapsulation) and mc_rtf_to_text(). Checks that text and HTML come
 * out as valid UTF-8, as the header promises.
 */
#include "config.h"
#include "fuzz.h"
#include "rtf-text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *rtf = (const char *)data;
	int fromhtml = mc_rtf_is_fromhtml(rtf, size);
	char *html = mc_rtf_extract_html(rtf, size);
	FUZZ_CHECK(fromhtml || html == NULL, "HTML only from \\fromhtml1 RTF");
	FUZZ_CHECK(fuzz_utf8_or_null(html), "HTML is UTF-8");
	g_free(html);
	char *t = mc_rtf_to_text(rtf, size);
	FUZZ_CHECK(t != NULL, "mc_rtf_to_text never NULL");
	FUZZ_CHECK(g_utf8_validate(t, -1, NULL), "text is UTF-8");
	g_free(t);
	return 0;
}
