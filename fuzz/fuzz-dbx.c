/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-dbx.c: the Outlook Express .dbx reader (mc_format_dbx.read,
 * parsers/dbx.c and dbx-file.c): the index tree, message info objects, the
 * chains of blocks, the recovery scan and the MIME path, through a checking
 * null sink (fuzz-reader.h). The header is 0x24bc bytes, mostly zero: the
 * input gives its first 0x100 bytes (the class id is kept as the input has
 * it), zeros fill it up, and the rest of the input follows it at file
 * offset 0x24bc (so a seed is a .dbx file with bytes 0x100..0x24bb cut out).
 * An input shorter than 0x100 bytes is read as the whole file. Then the
 * locator parser and the class-id check on the input directly.
 */
#include "config.h"
#include "fuzz-reader.h"
#include "dbx-file.h"

#define HEAD_GIVEN 0x100

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HEAD_GIVEN) {
		fuzz_run_reader(&mc_format_dbx, "Inbox.dbx", data, size);
	} else {
		size_t n = MC_DBX_HEADER_BYTES + (size - HEAD_GIVEN);
		uint8_t *file = g_malloc0(n);
		memcpy(file, data, HEAD_GIVEN);
		memcpy(file + MC_DBX_HEADER_BYTES, data + HEAD_GIVEN, size - HEAD_GIVEN);
		fuzz_run_reader(&mc_format_dbx, "Inbox.dbx", file, n);
		g_free(file);
	}
	mc_dbx_kind(data, size);
	char *loc = g_strndup((const char *)data, MIN(size, 64));
	uint32_t first = 0;
	int freed = -1;
	if (mc_dbx_locator_parse(loc, &first, &freed) == 0) {
		FUZZ_CHECK(freed == 0 || freed == 1, "a parsed locator says freed or not");
		char *again = mc_dbx_locator(freed ? 0 : 1, first, freed);
		uint32_t first2 = 0;
		int freed2 = -1;
		FUZZ_CHECK(mc_dbx_locator_parse(again, &first2, &freed2) == 0 && first2 == first &&
		           freed2 == freed, "a locator written parses back");
		g_free(again);
	}
	g_free(loc);
	return 0;
}
