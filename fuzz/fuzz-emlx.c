/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-emlx.c: the Apple Mail .emlx reader (mc_format_emlx.read,
 * parsers/emlx.c) on the input as an .emlx file, through a checking null
 * sink (fuzz-reader.h): the byte-count line, the message (MIME parsing,
 * embedded parts), the XML property list after it (libplist) and its
 * values; then the count line and flag names on the input directly.
 */
#include "config.h"
#include "fuzz-reader.h"
#include "emlx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run_reader(&mc_format_emlx, "1.partial.emlx", data, size);
	uint64_t count = 0;
	size_t at = mc_emlx_count_line((const char *)data, size, &count);
	FUZZ_CHECK(at <= size, "the count line ends inside the input");
	if (size >= 8) {
		uint64_t flags;
		memcpy(&flags, data, sizeof flags);
		char *names = mc_emlx_flag_names(flags);
		FUZZ_CHECK(names != NULL, "flag names are a string");
		g_free(names);
	}
	return 0;
}
