/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-mime.c: mc_mime_parse() (parsers/mime-message.h, GMime) on the input
 * as one RFC 822 message, with an embedded-message callback, checking the
 * record contracts (record.h: all strings UTF-8) of the message and of
 * every embedded message/rfc822 part.
 */
#include "config.h"
#include "fuzz-record.h"
#include "mime-message.h"

static int on_embedded(void *ctx, struct mc_message *parent, struct mc_message *embedded)
{
	int *n = ctx;
	FUZZ_CHECK(parent != NULL && embedded != NULL, "embedded callback arguments");
	fuzz_check_message(embedded);
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_mime_init();
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("fuzz");
	int n = 0;
	int rc = mc_mime_parse((const char *)data, size, m, on_embedded, &n);
	FUZZ_CHECK(rc == 0 || rc == -1, "mc_mime_parse returns 0 or -1");
	FUZZ_CHECK(m->size == (int64_t)size, "size is the input size");
	fuzz_check_message(m);
	mc_message_free(m);
	return 0;
}
