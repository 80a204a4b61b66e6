/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-block.c: the compressed block of a 4K-page OST
 * (mc_pst_inflate, parsers/pst-inflate.h) on the input as bytes 0-1: the
 * inflated size its trailer declares (little-endian), the rest: the stored
 * block, a zlib stream. The output buffer is the format's limit (65536 less
 * the 24-byte trailer) with guard bytes after it. Contracts: a documented
 * result; 0 only with exactly the declared size; 1 only with another size;
 * a reason for every failure; nothing written past the limit. The whole
 * reader meets the same path through the 4K OST seed of pst-ndb/pst-own.
 */
#include "config.h"
#include "fuzz.h"
#include "pst-inflate.h"

#define LIMIT (65536u - 24u)
#define GUARD 64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static uint8_t out[LIMIT + GUARD];
	memset(out + LIMIT, 0xA5, GUARD);
	size_t want = (size_t)data[0] | (size_t)data[1] << 8, got = 0;
	const char *why = NULL;
	int rc = mc_pst_inflate(data + 2, size - 2, out, LIMIT, want, &got, &why);
	FUZZ_CHECK(rc == 0 || rc == 1 || rc == -1, "a documented result");
	FUZZ_CHECK(rc != 0 || got == want, "success gives the declared size");
	FUZZ_CHECK(rc != 1 || (got != want && got <= LIMIT), "a size mismatch says so, within the limit");
	FUZZ_CHECK(rc == 0 || why != NULL, "a failure says why");
	for (size_t i = 0; i < GUARD; i++)
		FUZZ_CHECK(out[LIMIT + i] == 0xA5, "nothing written past the block limit");
	return 0;
}
