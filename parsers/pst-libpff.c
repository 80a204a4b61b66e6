/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-libpff.c: libpff error text, and libpff record sets as a source of
 * MAPI properties (struct mc_mapi_source of mapi-props.h). See
 * pst-libpff.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "pst-libpff.h"

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

static int record_set_present(void *ctx, uint32_t id)
{
	struct mc_pst_record_set *rec = ctx;
	libpff_record_entry_t *e = NULL;
	if (!rec->rs || libpff_record_set_get_entry_by_type(rec->rs, id, 0, &e,
	                                                    LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
	                                                    NULL) != 1)
		return 0;
	size_t n = 0;
	int ok = libpff_record_entry_get_data_size(e, &n, NULL) == 1 && n > 0;
	libpff_record_entry_free(&e, NULL);
	return ok;
}

static int record_set_get(void *ctx, uint32_t id, uint32_t *type,
                          unsigned char **data, size_t *size)
{
	struct mc_pst_record_set *rec = ctx;
	struct mc_message *m = rec->props.m;
	libpff_record_entry_t *e = NULL;
	libpff_error_t *err = NULL;
	char ebuf[512];
	if (!rec->rs)
		return 0;
	int rc = libpff_record_set_get_entry_by_type(rec->rs, id, 0, &e,
	                                             LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE,
	                                             &err);
	if (rc != 1) {
		if (rc < 0 && m)
			mc_message_warn(m, "property 0x%04x: %s", id,
			                mc_pst_error_text(&err, ebuf, sizeof ebuf));
		else
			libpff_error_free(&err);
		return 0;
	}
	uint32_t vt = 0;
	size_t n = 0;
	if (libpff_record_entry_get_value_type(e, &vt, &err) != 1 ||
	    libpff_record_entry_get_data_size(e, &n, &err) != 1) {
		if (m)
			mc_message_warn(m, "property 0x%04x: %s", id,
			                mc_pst_error_text(&err, ebuf, sizeof ebuf));
		libpff_record_entry_free(&e, NULL);
		return 0;
	}
	unsigned char *buf = g_malloc0(n + 2);
	if (n > 0 && libpff_record_entry_get_data(e, buf, n, &err) != 1) {
		if (m)
			mc_message_warn(m, "property 0x%04x: %s", id,
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

static const struct mc_mapi_source record_set_source = {
	record_set_get, record_set_present
};

int mc_pst_record_set_open(struct mc_pst_record_set *rec, libpff_item_t *item,
                           int index, int codepage, struct mc_message *m,
                           char *errbuf, size_t errsize)
{
	libpff_error_t *err = NULL;
	int n = 0;
	memset(rec, 0, sizeof *rec);
	rec->props.source = &record_set_source;
	rec->props.ctx = rec;
	rec->props.codepage = codepage;
	rec->props.m = m;
	if (libpff_item_get_number_of_record_sets(item, &n, &err) != 1) {
		mc_pst_error_text(&err, errbuf, errsize);
		return -1;
	}
	if (index >= n)
		return 0;
	if (libpff_item_get_record_set_by_index(item, index, &rec->rs, &err) != 1) {
		mc_pst_error_text(&err, errbuf, errsize);
		rec->rs = NULL;
		return -1;
	}
	return 1;
}

void mc_pst_record_set_close(struct mc_pst_record_set *rec)
{
	if (rec->rs)
		libpff_record_set_free(&rec->rs, NULL);
	rec->rs = NULL;
}
