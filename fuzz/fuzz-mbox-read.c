/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-mbox-read.c: the mbox reader (mc_format_mbox.read, parsers/mbox.c)
 * on the input as an mbox file, through a checking null sink
 * (fuzz-reader.h): splitting, From_ unescaping, MIME parsing of every
 * message, embedded parts, the leading-garbage report.
 */
#include "config.h"
#include "fuzz-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run_reader(&mc_format_mbox, "Sent.mbox", data, size);
	return 0;
}
