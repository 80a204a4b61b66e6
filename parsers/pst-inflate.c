/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-inflate.c: one compressed block of a 4K-page OST inflated with zlib
 * (Debian's zlib1g; nothing hand-written), into a buffer of exactly the
 * size the block's trailer declares: a stream that would write more is
 * stopped there and reported, as are a damaged stream and one cut short.
 * See pst-inflate.h.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "pst-inflate.h"

int mc_pst_inflate(const uint8_t *in, size_t inlen, uint8_t *out, size_t want, const char **why)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inlen > UINT_MAX || want > UINT_MAX) {
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
	z.avail_out = (uInt)want;
	int rc = inflate(&z, Z_FINISH), more = 0;
	if (rc == Z_BUF_ERROR && z.avail_out == 0) {
		/* the declared size is full: the stream must end here */
		uint8_t extra;
		z.next_out = &extra;
		z.avail_out = 1;
		rc = inflate(&z, Z_FINISH);
		more = z.avail_out == 0; /* it gave one byte more than declared */
	}
	size_t produced = z.total_out;
	inflateEnd(&z);
	if (!more && rc == Z_STREAM_END && produced == want)
		return 0;
	if (more)
		*why = "compressed block inflates to more bytes than its trailer declares";
	else if (rc == Z_STREAM_END)
		*why = "compressed block inflates to fewer bytes than its trailer declares";
	else if (rc == Z_BUF_ERROR)
		*why = "compressed block: zlib stream cut short (truncated)";
	else
		*why = "compressed block: zlib stream damaged";
	return -1;
}
