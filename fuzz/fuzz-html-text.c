/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-html-text.c: mc_html_to_text() (parsers/html-text.h) on the input as
 * an HTML body. Checks that the result is a string and, when the input is
 * UTF-8 as the header requires, valid UTF-8.
 */
#include "config.h"
#include "fuzz.h"
#include "html-text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = mc_html_to_text((const char *)data, size);
	FUZZ_CHECK(t != NULL, "never NULL");
	if (g_utf8_validate((const char *)data, (gssize)size, NULL))
		FUZZ_CHECK(g_utf8_validate(t, -1, NULL), "UTF-8 in, UTF-8 out");
	g_free(t);
	return 0;
}
