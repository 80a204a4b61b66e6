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

/* Inflates the zlib stream in[0..inlen) into out, which holds exactly
 * `want` bytes (the size the block declares). Returns 0 when the stream
 * ends having produced exactly want bytes; -1 otherwise, with *why a static
 * text: a damaged stream, a stream cut short, or a stream that inflates to
 * more or fewer bytes than declared. Never writes beyond out[want). */
int mc_pst_inflate(const uint8_t *in, size_t inlen, uint8_t *out, size_t want, const char **why);

#endif
