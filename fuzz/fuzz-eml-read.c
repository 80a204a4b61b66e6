/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-eml-read.c: the EML reader (mc_format_eml.read, parsers/eml.c) on
 * the input as an .eml file, through a checking null sink (fuzz-reader.h):
 * mc_read_whole, the leading-junk skip, mc_mime_parse and the emission of
 * embedded message/rfc822 parts as records of their own.
 */
#include "config.h"
#include "fuzz-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run_reader(&mc_format_eml, "fuzz-input.eml", data, size);
	return 0;
}
