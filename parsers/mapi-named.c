/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-named.c: names and text values of MAPI named properties, shared by
 * the MSG, PST and TNEF readers so that one message gives the same
 * message_props rows whichever container holds it. See mapi-named.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "mapi-named.h"
#include "mapi-props.h"
#include "mapi-values.h"

#define PT_SHORT 0x0002u
#define PT_LONG 0x0003u
#define PT_FLOAT 0x0004u
#define PT_DOUBLE 0x0005u
#define PT_CURRENCY 0x0006u
#define PT_APPTIME 0x0007u
#define PT_ERROR 0x000au
#define PT_BOOLEAN 0x000bu
#define PT_I8 0x0014u
#define PT_STRING8 0x001eu
#define PT_UNICODE 0x001fu
#define PT_SYSTIME 0x0040u
#define PT_CLSID 0x0048u
#define PT_BINARY 0x0102u

const unsigned char mc_ps_mapi[16] = {
	0x28, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46
};
const unsigned char mc_ps_public_strings[16] = {
	0x29, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46
};

/* Well-known property sets (MS-OXPROPS 1.3.2). */
static const struct { const char *guid, *name; } known_sets[] = {
	{ "{00020328-0000-0000-C000-000000000046}", "PS_MAPI" },
	{ "{00020329-0000-0000-C000-000000000046}", "PS_PUBLIC_STRINGS" },
	{ "{00020386-0000-0000-C000-000000000046}", "PS_INTERNET_HEADERS" },
	{ "{00062002-0000-0000-C000-000000000046}", "PSETID_Appointment" },
	{ "{00062003-0000-0000-C000-000000000046}", "PSETID_Task" },
	{ "{00062004-0000-0000-C000-000000000046}", "PSETID_Address" },
	{ "{00062008-0000-0000-C000-000000000046}", "PSETID_Common" },
	{ "{0006200A-0000-0000-C000-000000000046}", "PSETID_Log" },
	{ "{0006200E-0000-0000-C000-000000000046}", "PSETID_Note" },
	{ "{00062013-0000-0000-C000-000000000046}", "PSETID_Report" },
	{ "{00062014-0000-0000-C000-000000000046}", "PSETID_Remote" },
	{ "{00062040-0000-0000-C000-000000000046}", "PSETID_Sharing" },
	{ "{00062041-0000-0000-C000-000000000046}", "PSETID_PostRss" },
	{ "{6ED8DA90-450B-101B-98DA-00AA003F1305}", "PSETID_Meeting" },
	{ "{41F28F13-83F4-4114-A584-EEDB5A6B0BFF}", "PSETID_Messaging" },
	{ "{4442858E-A9E3-4E80-B900-317A210CC15B}", "PSETID_UnifiedMessaging" },
	{ "{71035549-0739-4DCB-9163-00F0580DBBDF}", "PSETID_AirSync" },
	{ "{11000E07-B51B-40D6-AF21-CAA85EDAB1D0}", "PSETID_CalendarAssistant" },
	{ "{96357F7F-59E1-47D0-99A7-46515C183B54}", "PSETID_Attachment" },
	{ "{23239608-685D-4732-9C55-4C95CB4E8E33}", "PSETID_XmlExtractedEntities" },
};

const char *mc_mapi_guid_text(const unsigned char g[16], char buf[39])
{
	snprintf(buf, 39, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
	         (unsigned)mc_le32(g), (unsigned)mc_le16(g + 4), (unsigned)mc_le16(g + 6),
	         g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
	return buf;
}

const char *mc_mapi_guid_name(const unsigned char g[16], char buf[39])
{
	mc_mapi_guid_text(g, buf);
	for (size_t i = 0; i < G_N_ELEMENTS(known_sets); i++)
		if (strcmp(buf, known_sets[i].guid) == 0) {
			g_strlcpy(buf, known_sets[i].name, 39);
			break;
		}
	return buf;
}

char *mc_mapi_named_row_name(const unsigned char guid[16], const char *name, uint32_t lid)
{
	char set[39];
	mc_mapi_guid_name(guid, set);
	if (name)
		return g_strdup_printf("%s:%s", set, name);
	return g_strdup_printf("%s:0x%04x", set, (unsigned)lid);
}

static uint64_t le64(const unsigned char *d)
{
	return (uint64_t)mc_le32(d) | ((uint64_t)mc_le32(d + 4) << 32);
}

static char *binary_text(const unsigned char *d, size_t n)
{
	if (n <= MC_MAPI_NAMED_HEX_MAX)
		return mc_mapi_hex(d, n);
	char *h = mc_mapi_hex(d, MC_MAPI_NAMED_HEX_MAX);
	char *s = g_strdup_printf("%s...(%zu bytes)", h, n);
	g_free(h);
	return s;
}

char *mc_mapi_value_text(uint32_t type, const unsigned char *d, size_t n, int codepage)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	switch (type) {
	case PT_SHORT:
		return n >= 2 ? g_strdup_printf("%d", (int)(int16_t)mc_le16(d)) : NULL;
	case PT_LONG:
		return n >= 4 ? g_strdup_printf("%" G_GINT32_FORMAT, (gint32)mc_le32(d)) : NULL;
	case PT_ERROR:
		return n >= 4 ? g_strdup_printf("0x%08x", (unsigned)mc_le32(d)) : NULL;
	case PT_BOOLEAN:
		if (n < 1)
			return NULL;
		return g_strdup((d[0] || (n >= 2 && d[1])) ? "1" : "0");
	case PT_I8:
	case PT_CURRENCY:
		return n >= 8 ? g_strdup_printf("%" G_GINT64_FORMAT, (gint64)le64(d)) : NULL;
	case PT_FLOAT: {
		if (n < 4)
			return NULL;
		uint32_t u = mc_le32(d);
		float f;
		memcpy(&f, &u, sizeof f);
		return g_strdup(g_ascii_dtostr(buf, sizeof buf, (double)f));
	}
	case PT_DOUBLE:
	case PT_APPTIME: {
		if (n < 8)
			return NULL;
		uint64_t u = le64(d);
		double f;
		memcpy(&f, &u, sizeof f);
		return g_strdup(g_ascii_dtostr(buf, sizeof buf, f));
	}
	case PT_SYSTIME: {
		if (n < 8)
			return NULL;
		int64_t t = mc_mapi_filetime_to_unix(le64(d));
		if (t == MC_NO_TIME)
			return NULL;
		char out[21];
		mc_format_utc(t, out);
		return g_strdup(out);
	}
	case PT_CLSID: {
		if (n < 16)
			return NULL;
		char g[39];
		return g_strdup(mc_mapi_guid_text(d, g));
	}
	case PT_STRING8:
		return mc_mapi_decode_string8(d, n, codepage, NULL, NULL);
	case PT_UNICODE:
		return mc_mapi_utf16le_to_utf8(d, n);
	case PT_BINARY:
		return binary_text(d, n);
	default:
		return NULL;
	}
}

GHashTable *mc_mapi_named_seen_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void mc_mapi_add_named(struct mc_message *m, GHashTable *seen,
                       const unsigned char guid[16], const char *name, uint32_t lid,
                       uint32_t type, const unsigned char *d, size_t n, int codepage)
{
	char *row = mc_mapi_named_row_name(guid, name, lid);
	if (seen && g_hash_table_contains(seen, row)) {
		g_free(row);
		return;
	}
	char *v = mc_mapi_value_text(type, d, n, codepage);
	if (v)
		mc_message_add_prop(m, row, v);
	g_free(v);
	if (seen)
		g_hash_table_add(seen, row);
	else
		g_free(row);
}
