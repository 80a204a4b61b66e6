/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-props.c: the MAPI property decoders of parsers/mapi-values.h, as
 * the PST reader applies them to values libpff hands over: entry ids,
 * PtypMultipleBinary elements, FILETIMEs, code pages, hex.
 *
 * Input: 1 byte selecting the multi-value index, then the property value;
 * the FILETIME and the code page are read from the value's first bytes.
 */
#include "config.h"
#include "fuzz.h"
#include "mapi-values.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint32_t index = data[0];
	const unsigned char *v = data + 1;
	size_t len = size - 1;

	(void)mc_mapi_entryid_node(v, len);

	const unsigned char *el = NULL;
	size_t el_len = 0;
	if (mc_mapi_mv_binary_get(v, len, index, &el, &el_len)) {
		FUZZ_CHECK(el != NULL && el_len > 0, "an element is non-empty");
		FUZZ_CHECK(el >= v && el_len <= len && (size_t)(el - v) <= len - el_len,
		           "the element lies inside the value");
	}
	/* every element, as the reader walks a PR_*_ENTRYIDS list */
	if (len >= 4) {
		uint32_t count = mc_le32(v);
		for (uint32_t i = 0; i < count && i < 4096; i++)
			if (mc_mapi_mv_binary_get(v, len, i, &el, &el_len))
				(void)mc_mapi_entryid_node(el, el_len);
	}

	if (len >= 8) {
		uint64_t ft = (uint64_t)mc_le32(v) | (uint64_t)mc_le32(v + 4) << 32;
		int64_t t = mc_mapi_filetime_to_unix(ft);
		if (t != MC_NO_TIME) {
			char utc[21];
			mc_format_utc(t, utc);
		}
	}
	if (len >= 4) {
		char buf[16];
		const char *cs = mc_mapi_codepage_charset((int)mc_le32(v), buf, sizeof buf);
		FUZZ_CHECK(cs == NULL || strlen(cs) < 64, "charset name");
	}

	char *hex = mc_mapi_hex(v, len);
	FUZZ_CHECK(hex != NULL && strlen(hex) == 2 * len, "hex is two digits a byte");
	g_free(hex);
	return 0;
}
