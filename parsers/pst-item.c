/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-item.c: one PST/OST item into a struct mc_message, the container's
 * part: its record sets through libpff (the item's own properties, one per
 * recipient, one per attachment) handed to the MAPI mapping
 * (mapi-message.h), its node id, its named properties (pst-named.h), the
 * attachments' data (hashed as streamed); then emitting it and the messages
 * embedded in its attachments. See pst-item.h.
 */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "digest.h"
#include "mapi-message.h"
#include "pst-item.h"
#include "pst-named.h"
#include "resource-limits.h"

#define MAX_EMBED_DEPTH MC_LIMIT_EMBED_DEPTH
#define ATT_CHUNK 65536

static int failed_text(struct mc_pst *ps, const char *locator, const char *what,
                       const char *text)
{
	if (ps->bad++ == 0)
		g_strlcpy(ps->first_bad, locator, sizeof ps->first_bad);
	if (mc_reader_problem(ps->r, "error", locator, "%s: %s", what, text) != 0) {
		ps->sink_failed = 1;
		return -1;
	}
	return 0;
}

int mc_pst_failed(struct mc_pst *ps, const char *locator, const char *what,
                  libpff_error_t **err)
{
	char text[512];
	mc_pst_error_text(err, text, sizeof text);
	return failed_text(ps, locator, what, text);
}

static void read_recipients(struct mc_pst *ps, libpff_item_t *item, struct mc_message *m,
                            int codepage)
{
	libpff_item_t *recips = NULL;
	libpff_error_t *err = NULL;
	char eb[512];
	int rc = libpff_message_get_recipients(item, &recips, &err);
	if (rc != 1) {
		if (rc < 0)
			mc_message_warn(m, "recipients: %s", mc_pst_error_text(&err, eb, sizeof eb));
		return;
	}
	int n = 0;
	if (libpff_item_get_number_of_record_sets(recips, &n, &err) != 1) {
		mc_message_warn(m, "recipients: %s", mc_pst_error_text(&err, eb, sizeof eb));
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		struct mc_pst_record_set rec;
		if (mc_pst_record_set_open(&rec, recips, i, codepage, m, eb, sizeof eb) != 1) {
			mc_message_warn(m, "recipient %d: %s", i, eb);
			continue;
		}
		mc_mapi_read_recipient(&rec.props, m);
		mc_pst_record_set_close(&rec);
	}
	(void)ps;
	libpff_item_free(&recips, NULL);
}

/* SHA-256 and size of an attachment's data, read in chunks. */
static void hash_attachment(libpff_item_t *att, struct mc_attachment *a,
                            struct mc_message *m, int index)
{
	libpff_error_t *err = NULL;
	char eb[512];
	size64_t size = 0;
	int rc = libpff_attachment_get_data_size(att, &size, &err);
	if (rc != 1) {
		if (rc < 0)
			mc_message_warn(m, "attachment %d: %s", index,
			                mc_pst_error_text(&err, eb, sizeof eb));
		return;
	}
	if (libpff_attachment_data_seek_offset(att, 0, SEEK_SET, &err) < 0) {
		mc_message_warn(m, "attachment %d: %s", index, mc_pst_error_text(&err, eb, sizeof eb));
		return;
	}
	struct mc_digest *ck = mc_digest_new(MC_DIGEST_SHA256);
	unsigned char *buf = g_malloc(ATT_CHUNK);
	uint64_t total = 0;
	while (total < size) {
		size_t want = size - total < ATT_CHUNK ? (size_t)(size - total) : ATT_CHUNK;
		ssize_t got = libpff_attachment_data_read_buffer(att, buf, want, &err);
		if (got < 0) {
			mc_message_warn(m, "attachment %d: read failed at byte %" G_GUINT64_FORMAT ": %s",
			                index, total, mc_pst_error_text(&err, eb, sizeof eb));
			break;
		}
		if (got == 0)
			break;
		mc_digest_update(ck, buf, (size_t)got);
		total += (uint64_t)got;
	}
	a->size = (int64_t)total;
	if (total == size)
		mc_digest_hex(ck, a->sha256, sizeof a->sha256);
	else
		mc_message_warn(m, "attachment %d: read %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
		                " bytes; no hash", index, total, (uint64_t)size);
	g_free(buf);
	mc_digest_free(ck);
}

/* Attachment records; *items gets the indexes of attached items. */
static void read_attachments(libpff_item_t *item, struct mc_message *m, int codepage,
                             GArray *items)
{
	libpff_error_t *err = NULL;
	char eb[512];
	int n = 0;
	if (libpff_message_get_number_of_attachments(item, &n, &err) != 1) {
		mc_message_warn(m, "attachments: %s", mc_pst_error_text(&err, eb, sizeof eb));
		return;
	}
	for (int i = 0; i < n; i++) {
		libpff_item_t *att = NULL;
		struct mc_attachment *a = mc_message_add_attachment(m);
		a->part_path = g_strdup_printf("%d", i);
		if (libpff_message_get_attachment(item, i, &att, &err) != 1) {
			mc_message_warn(m, "attachment %d: %s", i, mc_pst_error_text(&err, eb, sizeof eb));
			continue;
		}
		struct mc_pst_record_set rec;
		if (mc_pst_record_set_open(&rec, att, 0, codepage, m, eb, sizeof eb) == 1) {
			mc_mapi_read_attachment(&rec.props, a);
			mc_pst_record_set_close(&rec);
		} else {
			mc_message_warn(m, "attachment %d: %s", i, eb);
		}
		int type = 0;
		if (libpff_attachment_get_type(att, &type, &err) != 1) {
			mc_message_warn(m, "attachment %d: %s", i, mc_pst_error_text(&err, eb, sizeof eb));
		} else if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
			hash_attachment(att, a, m, i);
		} else if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
			if (!a->mime_type)
				a->mime_type = g_strdup("application/vnd.ms-outlook");
			g_array_append_val(items, i);
		}
		libpff_item_free(&att, NULL);
	}
}

static int emit_embedded(struct mc_pst *ps, libpff_item_t *item, const struct mc_message *m,
                         const struct mc_pst_where *where, int index)
{
	libpff_error_t *err = NULL;
	libpff_item_t *att = NULL, *sub = NULL;
	char *loc = g_strdup_printf("%s/att:%d", m->locator, index);
	int rc = 0;
	if (libpff_message_get_attachment(item, index, &att, &err) != 1 ||
	    libpff_attachment_get_item(att, &sub, &err) != 1) {
		rc = mc_pst_failed(ps, loc, "embedded message", &err);
	} else {
		struct mc_pst_where w = {
			where->folder_local_id, m->local_id, MC_ORIGIN_EMBEDDED, loc, where->depth + 1
		};
		rc = mc_pst_emit_item(ps, sub, &w);
	}
	if (sub)
		libpff_item_free(&sub, NULL);
	if (att)
		libpff_item_free(&att, NULL);
	g_free(loc);
	return rc;
}

int mc_pst_emit_item(struct mc_pst *ps, libpff_item_t *item,
                     const struct mc_pst_where *where)
{
	struct mc_message *m = mc_message_new();
	char eb[512];
	m->folder_local_id = where->folder_local_id;
	m->parent_local_id = where->parent_local_id;
	m->origin = where->origin;
	m->locator = g_strdup(where->locator);

	struct mc_pst_record_set rec;
	if (mc_pst_record_set_open(&rec, item, 0, ps->store_codepage, m, eb, sizeof eb) != 1) {
		mc_message_free(m);
		return failed_text(ps, where->locator, "item properties", eb);
	}
	uint32_t ident = 0;
	if (libpff_item_get_identifier(item, &ident, NULL) == 1) {
		char buf[16];
		snprintf(buf, sizeof buf, "%u", (unsigned)ident);
		mc_message_add_prop(m, "pst.node_id", buf);
	}

	int string_cp = mc_mapi_read_message(&rec.props, m, ps->store_codepage);
	mc_pst_read_named(&rec, m, string_cp);
	mc_pst_record_set_close(&rec);

	read_recipients(ps, item, m, string_cp);
	GArray *items = g_array_new(FALSE, FALSE, sizeof(int));
	read_attachments(item, m, string_cp, items);

	m->local_id = mc_reader_next_id(ps->r);
	int rc = 0;
	if (mc_reader_message(ps->r, m) != 0) {
		ps->sink_failed = 1;
		rc = -1;
	}
	for (guint i = 0; rc == 0 && i < items->len; i++) {
		int index = g_array_index(items, int, i);
		if (where->depth >= MAX_EMBED_DEPTH) {
			char *loc = g_strdup_printf("%s/att:%d", m->locator, index);
			if (mc_reader_embed_limit(ps->r, loc, where->depth + 1, MAX_EMBED_DEPTH) != 0)
				rc = -1;
			g_free(loc);
			continue;
		}
		rc = emit_embedded(ps, item, m, where, index);
	}
	g_array_free(items, TRUE);
	mc_message_free(m);
	return rc;
}
