/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-crypt.h: the byte-level transforms of the PST NDB layer ([MS-PST]
 * section 5): the CRC of pages, blocks and the header (5.3), and the two
 * encodings of external data blocks, permute (NDB_CRYPT_PERMUTE, 5.1) and
 * cyclic (NDB_CRYPT_CYCLIC, 5.2). Internal blocks, pages and the header
 * are never encoded.
 */
#ifndef MC_PST_CRYPT_H
#define MC_PST_CRYPT_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 (polynomial 0xEDB88320, no final complement) continued from crc;
 * the PST structures start from 0. */
uint32_t mc_pst_crc32(uint32_t crc, const void *data, size_t len);

/* Decode (or, with encode set, encode) len bytes in place with the
 * permutation of [MS-PST] 5.1. */
void mc_pst_permute(uint8_t *data, size_t len, int encode);

/* Decode or encode (the transform is its own inverse) len bytes in place
 * with the cyclic encoding of [MS-PST] 5.2; key is the low 32 bits of the
 * block's BID. */
void mc_pst_cyclic(uint8_t *data, size_t len, uint32_t key);

#endif
