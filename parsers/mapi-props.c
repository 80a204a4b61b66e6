/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-props.c: typed access to MAPI properties through a struct
 * mc_mapi_source (raw bytes, strings in UTF-16LE or a code page, integers,
 * FILETIMEs). See mapi-props.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "charset.h"
#include "mapi-props.h"
#include "mapi-values.h"

int mc_mapi_prop_present(struct mc_mapi_props *p, uint32_t id)
{
	if (!p->source)
		return 0;
	if (p->source->present)
		return p->source->present(p->ctx, id);
	uint32_t type;
	unsigned char *data = NULL;
	size_t size = 0;
	int found = p->source->get(p->ctx, id, &type, &data, &size) == 1;
	g_free(data);
	return found && size > 0;
}

int mc_mapi_prop_raw(struct mc_mapi_props *p, uint32_t id, uint32_t *type,
                     unsigned char **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	if (!p->source)
		return 0;
	return p->source->get(p->ctx, id, type, data, size) == 1;
}

char *mc_mapi_utf16le_to_utf8(const unsigned char *b, size_t n)
{
	/* A UTF-16 unit gives at most 3 bytes of UTF-8, a surrogate pair (two
	 * units) 4: written straight into one buffer of that bound, a
	 * character at a time through a GString was 7% of the PST reader. */
	size_t cap = n / 2 * 3 + 1;
	char *out = g_malloc(cap);
	char *o = out;
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t c = mc_le16(b + i);
		if (c == 0)
			break;
		if (c < 0x80) {
			*o++ = (char)c;
			continue;
		}
		if (c >= 0xd800 && c <= 0xdbff && i + 3 < n) {
			uint32_t lo = mc_le16(b + i + 2);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = 0xfffd;
		}
		o += g_unichar_to_utf8(c, o);
	}
	*o = '\0';
	size_t used = (size_t)(o - out) + 1;
	return used + 256 < cap ? g_realloc(out, used) : out;
}

char *mc_mapi_decode_string8(const unsigned char *b, size_t n, int codepage,
                             char **used, char **detected)
{
	while (n > 0 && b[n - 1] == '\0')
		n--;
	if (mc_is_ascii((const char *)b, n) && !memchr(b, 0, n)) {
		if (used)
			*used = g_strdup("us-ascii");
		if (detected)
			*detected = NULL;
		return g_strndup((const char *)b, n);
	}
	char buf[16];
	const char *cs = mc_mapi_codepage_charset(codepage > 0 ? codepage : 1252,
	                                          buf, sizeof buf);
	struct mc_decoded d;
	memset(&d, 0, sizeof d);
	mc_charset_decode((const char *)b, n, cs, &d);
	char *text = d.text;
	d.text = NULL;
	if (used) {
		*used = d.charset_used;
		d.charset_used = NULL;
	}
	if (detected) {
		*detected = d.charset_detected;
		d.charset_detected = NULL;
	}
	mc_decoded_clear(&d);
	return text ? text : g_strdup("");
}

char *mc_mapi_prop_string(struct mc_mapi_props *p, uint32_t id)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_mapi_prop_raw(p, id, &type, &data, &size))
		return NULL;
	char *s = NULL;
	if (type == MC_PT_UNICODE)
		s = mc_mapi_utf16le_to_utf8(data, size);
	else if (type == MC_PT_STRING8)
		s = mc_mapi_decode_string8(data, size, p->codepage, NULL, NULL);
	else if (p->m)
		mc_message_warn(p->m, "property 0x%04x: type 0x%04x where a string was expected",
		                id, type);
	g_free(data);
	if (s && !*s) {
		g_free(s);
		s = NULL;
	}
	return s;
}

int mc_mapi_prop_int(struct mc_mapi_props *p, uint32_t id, int64_t *out)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_mapi_prop_raw(p, id, &type, &data, &size))
		return 0;
	int ok = 1;
	if (type == MC_PT_SHORT && size >= 2)
		*out = (int16_t)mc_le16(data);
	else if (type == MC_PT_LONG && size >= 4)
		*out = (int32_t)mc_le32(data);
	else if (type == MC_PT_BOOLEAN && size >= 1)
		*out = data[0] != 0;
	else if (type == MC_PT_I8 && size >= 8)
		*out = (int64_t)((uint64_t)mc_le32(data) | ((uint64_t)mc_le32(data + 4) << 32));
	else
		ok = 0;
	g_free(data);
	return ok;
}

int64_t mc_mapi_prop_time(struct mc_mapi_props *p, uint32_t id)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_mapi_prop_raw(p, id, &type, &data, &size))
		return MC_NO_TIME;
	int64_t t = MC_NO_TIME;
	if (type == MC_PT_SYSTIME && size >= 8)
		t = mc_mapi_filetime_to_unix((uint64_t)mc_le32(data) |
		                             ((uint64_t)mc_le32(data + 4) << 32));
	g_free(data);
	return t;
}
