/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-inflate.c: one compressed block of a 4K-page OST inflated with zlib
 * (Debian's zlib1g; nothing hand-written) into a buffer bounded by the
 * format's block limit: a stream that would give more is stopped there and
 * reported, as are a damaged stream and one cut short; a stream that ends
 * with its checksum right but another size than the trailer declares is
 * told apart (its data is good). See pst-inflate.h.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "pst-inflate.h"

int mc_pst_inflate(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, size_t want, size_t *got,
		   const char **why)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	*got = 0;
	if (inlen > UINT_MAX || cap > UINT_MAX) {
		*why = "compressed block larger than zlib takes at once";
		return -1;
	}
	if (inflateInit(&z) != Z_OK) {
		*why = "zlib could not start (out of memory?)";
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)inlen;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = inflate(&z, Z_FINISH);
	*got = z.total_out;
	int full = z.avail_out == 0;
	inflateEnd(&z);
	if (rc == Z_STREAM_END) {
		if (*got == want)
			return 0;
		*why = *got < want ? "compressed block inflates to fewer bytes than its trailer declares"
				   : "compressed block inflates to more bytes than its trailer declares";
		return 1;
	}
	if (rc == Z_BUF_ERROR && full)
		*why = "compressed block inflates beyond the block limit";
	else if (rc == Z_BUF_ERROR)
		*why = "compressed block: zlib stream cut short (truncated)";
	else
		*why = "compressed block: zlib stream damaged";
	return -1;
}
