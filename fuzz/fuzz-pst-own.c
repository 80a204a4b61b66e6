/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-own.c: our own PST reader (parsers/pst-own.h) over the whole
 * input as a store: the NDB opened, the message store, receive folder
 * table and named-property map read, the folder hierarchy walked with its
 * contents and hidden tables, every message, recipient table, attachment
 * (data hashed as streamed) and embedded message read and emitted into
 * the checking null sink of fuzz-reader.h (record contracts, ids in order,
 * parents and folders emitted first). A file our reader refuses is not
 * handed to libpff here: that is the libpff path, not ours.
 */
#include "config.h"
#include "fuzz-reader.h"
#include "pst-own.h"

static enum mc_result read_own(struct mc_reader *r)
{
	enum mc_result result;
	char why[256];
	if (mc_pst_own_read(r, &result, why, sizeof why))
		return result;
	FUZZ_CHECK(why[0] != '\0', "a refusal says why");
	return mc_reader_fail(r, MC_FATAL, "refused: %s", why);
}

static const struct mc_format own = { "pst", NULL, read_own, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run_reader(&own, "fuzz-input.pst", data, size);
	return 0;
}
