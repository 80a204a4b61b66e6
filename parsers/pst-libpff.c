/*
 * pst-libpff.c: libpff error text and typed property access on record sets
 * (raw bytes, strings in UTF-16LE or a code page, integers, FILETIMEs).
 * See pst-libpff.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "charset.h"
#include "pst-libpff.h"
#include "mapi-values.h"

const char *mc_pst_error_text(libpff_error_t **err, char *buf, size_t size)
{
	buf[0] = '\0';
	if (err && *err) {
		if (libpff_error_sprint(*err, buf, size) < 0)
			buf[0] = '\0';
		libpff_error_free(err);
	}
	/* libpff joins its backtrace with newlines: keep it on one line. */
	for (char *s = buf; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
	g_strchomp(buf);
	if (!buf[0])
		g_strlcpy(buf, "unknown libpff error", size);
	return buf;
}

int mc_pst_props_open(struct mc_pst_props *p, libpff_item_t *item, int index,
                      int codepage, struct mc_message *m,
                      char *errbuf, size_t errsize)
{
	libpff_error_t *err = NULL;
	int n = 0;
	memset(p, 0, sizeof *p);
	p->codepage = codepage;
	p->m = m;
	if (libpff_item_get_number_of_record_sets(item, &n, &err) != 1) {
		mc_pst_error_text(&err, errbuf, errsize);
		return -1;
	}
	if (index >= n)
		return 0;
	if (libpff_item_get_record_set_by_index(item, index, &p->rs, &err) != 1) {
		mc_pst_error_text(&err, errbuf, errsize);
		p->rs = NULL;
		return -1;
	}
	return 1;
}

void mc_pst_props_close(struct mc_pst_props *p)
{
	if (p->rs)
		libpff_record_set_free(&p->rs, NULL);
	p->rs = NULL;
}

int mc_pst_prop_present(struct mc_pst_props *p, uint32_t id)
{
	libpff_record_entry_t *e = NULL;
	if (p->get) {
		uint32_t type;
		unsigned char *data = NULL;
		size_t size = 0;
		int found = p->get(p->ctx, id, &type, &data, &size) == 1;
		g_free(data);
		return found && size > 0;
	}
	if (!p->rs || libpff_record_set_get_entry_by_type(p->rs, id, 0, &e,
	                                                  LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
	                                                  NULL) != 1)
		return 0;
	size_t n = 0;
	int ok = libpff_record_entry_get_data_size(e, &n, NULL) == 1 && n > 0;
	libpff_record_entry_free(&e, NULL);
	return ok;
}

int mc_pst_prop_raw(struct mc_pst_props *p, uint32_t id, uint32_t *type,
                    unsigned char **data, size_t *size)
{
	libpff_record_entry_t *e = NULL;
	libpff_error_t *err = NULL;
	char ebuf[512];
	*data = NULL;
	*size = 0;
	if (p->get)
		return p->get(p->ctx, id, type, data, size) == 1;
	if (!p->rs)
		return 0;
	int rc = libpff_record_set_get_entry_by_type(p->rs, id, 0, &e,
	                                             LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
	                                             &err);
	if (rc != 1) {
		if (rc < 0 && p->m)
			mc_message_warn(p->m, "property 0x%04x: %s", id,
			                mc_pst_error_text(&err, ebuf, sizeof ebuf));
		else
			libpff_error_free(&err);
		return 0;
	}
	uint32_t vt = 0;
	size_t n = 0;
	if (libpff_record_entry_get_value_type(e, &vt, &err) != 1 ||
	    libpff_record_entry_get_data_size(e, &n, &err) != 1) {
		if (p->m)
			mc_message_warn(p->m, "property 0x%04x: %s", id,
			                mc_pst_error_text(&err, ebuf, sizeof ebuf));
		libpff_record_entry_free(&e, NULL);
		return 0;
	}
	unsigned char *buf = g_malloc0(n + 2);
	if (n > 0 && libpff_record_entry_get_data(e, buf, n, &err) != 1) {
		if (p->m)
			mc_message_warn(p->m, "property 0x%04x: %s", id,
			                mc_pst_error_text(&err, ebuf, sizeof ebuf));
		g_free(buf);
		libpff_record_entry_free(&e, NULL);
		return 0;
	}
	libpff_record_entry_free(&e, NULL);
	*type = vt;
	*data = buf;
	*size = n;
	return 1;
}

char *mc_pst_utf16le_to_utf8(const unsigned char *b, size_t n)
{
	GString *s = g_string_sized_new(n / 2 + 1);
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t c = mc_le16(b + i);
		if (c == 0)
			break;
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
		g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

char *mc_pst_decode_string8(const unsigned char *b, size_t n, int codepage,
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

char *mc_pst_prop_string(struct mc_pst_props *p, uint32_t id)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_pst_prop_raw(p, id, &type, &data, &size))
		return NULL;
	char *s = NULL;
	if (type == MC_PT_UNICODE)
		s = mc_pst_utf16le_to_utf8(data, size);
	else if (type == MC_PT_STRING8)
		s = mc_pst_decode_string8(data, size, p->codepage, NULL, NULL);
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

int mc_pst_prop_int(struct mc_pst_props *p, uint32_t id, int64_t *out)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_pst_prop_raw(p, id, &type, &data, &size))
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

int64_t mc_pst_prop_time(struct mc_pst_props *p, uint32_t id)
{
	uint32_t type;
	unsigned char *data;
	size_t size;
	if (!mc_pst_prop_raw(p, id, &type, &data, &size))
		return MC_NO_TIME;
	int64_t t = MC_NO_TIME;
	if (type == MC_PT_SYSTIME && size >= 8)
		t = mc_mapi_filetime_to_unix((uint64_t)mc_le32(data) |
		                            ((uint64_t)mc_le32(data + 4) << 32));
	g_free(data);
	return t;
}
