/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-lzfu.c: mc_lzfu_decompress() (parsers/rtf-text.h), the
 * PR_RTF_COMPRESSED decoder (MS-OXRTFCP "LZFu" and "MELA"), on the input as
 * the property value; what it decompresses goes on to the RTF helpers as it
 * does in the PST reader. Checks the output bound of the header.
 */
#include "config.h"
#include "fuzz.h"
#include "rtf-text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GByteArray *out = g_byte_array_new();
	enum mc_lzfu_result rc = mc_lzfu_decompress(data, size, out);
	FUZZ_CHECK(rc == MC_LZFU_OK || rc == MC_LZFU_CRC || rc == MC_LZFU_TRUNCATED ||
	           rc == MC_LZFU_BAD, "a documented result");
	if (size >= 8) {
		uint32_t raw = (uint32_t)data[4] | (uint32_t)data[5] << 8 |
		               (uint32_t)data[6] << 16 | (uint32_t)data[7] << 24;
		FUZZ_CHECK(out->len <= raw, "output never exceeds the header's raw size");
	}
	if (rc != MC_LZFU_BAD && out->len > 0) {
		const char *rtf = (const char *)out->data;
		if (mc_rtf_is_fromhtml(rtf, out->len)) {
			char *html = mc_rtf_extract_html(rtf, out->len);
			g_free(html);
		}
		char *t = mc_rtf_to_text(rtf, out->len);
		FUZZ_CHECK(t != NULL, "mc_rtf_to_text never NULL");
		g_free(t);
	}
	g_byte_array_free(out, TRUE);
	return 0;
}
