/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-values.h: pure decoders for MAPI property values, whatever the
 * container (PST/OST, MSG, TNEF; no libpff here, so the unit tests can
 * exercise them on built buffers): FILETIME, code pages, PST entry ids,
 * PST multi-valued binary, hex, little-endian integers.
 */
#ifndef MAILCASE_MAPI_VALUES_H
#define MAILCASE_MAPI_VALUES_H

#include <stddef.h>
#include <stdint.h>

/* FILETIME (100 ns ticks since 1601-01-01 UTC) to Unix seconds (floor);
 * MC_NO_TIME for 0 (MAPI's "not set"). */
int64_t mc_mapi_filetime_to_unix(uint64_t filetime);

/* Charset name for a Windows code page, as mc_charset_decode() takes it
 * ("windows-1252", "shift_jis", "utf-8"...). Unknown pages give "cpNNNN"
 * written into buf (at least 16 bytes). NULL for code page <= 0. */
const char *mc_mapi_codepage_charset(int codepage, char *buf, size_t bufsize);

/* The node id (NID) a PST entry id points to: a PST entry id is 4 bytes of
 * flags, the 16-byte store provider UID and the 4-byte little-endian NID.
 * Returns 0 when eid is not of that shape. */
uint32_t mc_mapi_entryid_node(const unsigned char *eid, size_t len);

/* Element `index` of a PtypMultipleBinary value as stored in a PST
 * (count, count 32-bit offsets, then the data). Returns 1 and sets
 * *out and *out_len, or 0 when there is no such (non-empty) element. */
int mc_mapi_mv_binary_get(const unsigned char *data, size_t len, uint32_t index,
                          const unsigned char **out, size_t *out_len);

/* Lower-case hex of a buffer (g_malloc'd). */
char *mc_mapi_hex(const unsigned char *data, size_t len);

/* Little-endian readers. */
static inline uint16_t mc_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t mc_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#endif
