/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-values.c: pure decoders for MAPI property values (FILETIME, code page
 * names, entry id -> node id, multi-valued binary, hex). See mapi-values.h.
 */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "record.h"
#include "mapi-values.h"

/* Seconds between 1601-01-01 and 1970-01-01. */
#define FILETIME_UNIX_DELTA INT64_C(11644473600)

int64_t mc_mapi_filetime_to_unix(uint64_t filetime)
{
	if (filetime == 0)
		return MC_NO_TIME;
	return (int64_t)(filetime / 10000000u) - FILETIME_UNIX_DELTA;
}

struct cp_name {
	int codepage;
	const char *name;
};

/* Names mc_charset_decode() understands (it maps them to the supersets
 * Windows really used: shift_jis -> CP932, gb2312 -> GB18030...). */
static const struct cp_name cp_names[] = {
	{ 437, "ibm437" }, { 850, "ibm850" }, { 852, "ibm852" }, { 866, "ibm866" },
	{ 874, "windows-874" }, { 932, "shift_jis" }, { 936, "gb2312" },
	{ 949, "ks_c_5601-1987" }, { 950, "big5" },
	{ 1200, "utf-16le" }, { 1201, "utf-16be" },
	{ 1250, "windows-1250" }, { 1251, "windows-1251" }, { 1252, "windows-1252" },
	{ 1253, "windows-1253" }, { 1254, "windows-1254" }, { 1255, "windows-1255" },
	{ 1256, "windows-1256" }, { 1257, "windows-1257" }, { 1258, "windows-1258" },
	{ 10000, "macintosh" }, { 20127, "us-ascii" }, { 20866, "koi8-r" },
	{ 21866, "koi8-u" },
	{ 28591, "iso-8859-1" }, { 28592, "iso-8859-2" }, { 28593, "iso-8859-3" },
	{ 28594, "iso-8859-4" }, { 28595, "iso-8859-5" }, { 28596, "iso-8859-6" },
	{ 28597, "iso-8859-7" }, { 28598, "iso-8859-8" }, { 28599, "iso-8859-9" },
	{ 28603, "iso-8859-13" }, { 28605, "iso-8859-15" },
	{ 38598, "iso-8859-8-i" },
	{ 50220, "iso-2022-jp" }, { 50221, "iso-2022-jp" }, { 50222, "iso-2022-jp" },
	{ 50225, "iso-2022-kr" }, { 51932, "euc-jp" }, { 51936, "gb2312" },
	{ 51949, "euc-kr" }, { 52936, "hz-gb-2312" }, { 54936, "gb18030" },
	{ 65000, "utf-7" }, { 65001, "utf-8" },
};

const char *mc_mapi_codepage_charset(int codepage, char *buf, size_t bufsize)
{
	if (codepage <= 0)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(cp_names); i++)
		if (cp_names[i].codepage == codepage)
			return cp_names[i].name;
	snprintf(buf, bufsize, "cp%d", codepage);
	return buf;
}

uint32_t mc_mapi_entryid_node(const unsigned char *eid, size_t len)
{
	if (!eid || len != 24)
		return 0;
	return mc_le32(eid + 20);
}

int mc_mapi_mv_binary_get(const unsigned char *data, size_t len, uint32_t index,
                          const unsigned char **out, size_t *out_len)
{
	if (!data || len < 4)
		return 0;
	uint32_t count = mc_le32(data);
	if (index >= count || count > (len - 4) / 4)
		return 0;
	uint32_t start = mc_le32(data + 4 + 4 * (size_t)index);
	uint32_t end = index + 1 < count ? mc_le32(data + 4 + 4 * ((size_t)index + 1))
	                                 : (uint32_t)len;
	if (start > end || end > len || start == end)
		return 0;
	*out = data + start;
	*out_len = end - start;
	return 1;
}

char *mc_mapi_hex(const unsigned char *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = g_malloc(len * 2 + 1);
	for (size_t i = 0; i < len; i++) {
		s[2 * i] = digits[data[i] >> 4];
		s[2 * i + 1] = digits[data[i] & 15];
	}
	s[len * 2] = '\0';
	return s;
}
