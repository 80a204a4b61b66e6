/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-inflate.h: inflating one compressed block of a 4K-page OST (the
 * Outlook 2013 format: a block whose trailer gives an inflated size other
 * than its stored size holds a zlib stream, RFC 1950). zlib does the
 * inflating; this file only bounds it and says what went wrong.
 */
#ifndef MC_PST_INFLATE_H
#define MC_PST_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Inflates the zlib stream in[0..inlen) into out (cap bytes, the format's
 * block limit); want is the size the block's trailer declares. Returns 0
 * when the stream ends, its Adler-32 checked, having given exactly want
 * bytes; 1 when it ends checked but gave another size (*got bytes are in
 * out: the data is the stream's, the trailer's size is what is wrong); -1
 * when the stream is damaged, cut short, or would give more than cap
 * bytes. *why is a static text for 1 and -1. Never writes past out[cap). */
int mc_pst_inflate(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, size_t want, size_t *got,
		   const char **why);

#endif
