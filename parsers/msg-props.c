/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg-props.c: the MAPI properties of one .msg storage (MS-OXMSG 2.4) read
 * through libolecf: property stream entries, __substg1.0_ value streams,
 * children by name, whole and hashed stream reads. See msg-props.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "digest.h"
#include "mapi-values.h"
#include "msg-props.h"

#define CHUNK 65536

const char *mc_msg_error_text(libolecf_error_t **err, char *buf, size_t size)
{
	char full[4096];
	buf[0] = full[0] = '\0';
	if (err && *err) {
		if (libolecf_error_backtrace_sprint(*err, full, sizeof full) < 0)
			full[0] = '\0';
		libolecf_error_free(err);
	}
	/* The backtrace runs from the cause to the call made here: keep the
	 * first line (what was wrong) and the last (what failed). */
	g_strstrip(full);
	char *nl = strchr(full, '\n'), *last = strrchr(full, '\n');
	if (nl && last) {
		*nl = '\0';
		g_strchomp(full);
		snprintf(buf, size, "%s ... %s", full, g_strstrip(last + 1));
	} else {
		g_strlcpy(buf, full, size);
	}
	for (char *s = buf; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
	if (!buf[0])
		g_strlcpy(buf, "unknown libolecf error", size);
	return buf;
}

GArray *mc_msg_parse_props(const unsigned char *s, size_t n, size_t header_size)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct mc_msg_entry));
	if (!s || n < header_size)
		return a;
	for (size_t off = header_size; off + 16 <= n; off += 16) {
		struct mc_msg_entry e;
		e.tag = mc_le32(s + off);
		e.flags = mc_le32(s + off + 4);
		memcpy(e.value, s + off + 8, 8);
		g_array_append_val(a, e);
	}
	return a;
}

size_t mc_msg_fixed_size(uint32_t type)
{
	switch (type) {
	case 0x0002: return 2;                   /* PtypInteger16 */
	case 0x0003: case 0x0004: case 0x000a:   /* Integer32, Floating32, ErrorCode */
		return 4;
	case 0x000b: return 2;                   /* Boolean (2 bytes in MSG) */
	case 0x0005: case 0x0006: case 0x0007:   /* Floating64, Currency, FloatingTime */
	case 0x0014: case 0x0040:                /* Integer64, Time */
		return 8;
	default: return 0;
	}
}

const char *mc_msg_substg_name(uint32_t tag, char buf[24])
{
	snprintf(buf, 24, "__substg1.0_%08X", (unsigned)tag);
	return buf;
}

static int child_index(struct mc_msg_storage *st, const char *name)
{
	if (!st->children)
		return -1;
	char *up = g_ascii_strup(name, -1);
	gpointer v = g_hash_table_lookup(st->children, up);
	g_free(up);
	return v ? GPOINTER_TO_INT(v) - 1 : -1;
}

libolecf_item_t *mc_msg_child(struct mc_msg_storage *st, const char *name)
{
	int i = child_index(st, name);
	libolecf_item_t *sub = NULL;
	if (i < 0 || libolecf_item_get_sub_item(st->item, i, &sub, NULL) != 1)
		return NULL;
	return sub;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return g_ascii_strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *mc_msg_children_with_prefix(struct mc_msg_storage *st, const char *prefix)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	size_t n = strlen(prefix);
	for (guint i = 0; st->names && i < st->names->len; i++) {
		const char *name = g_ptr_array_index(st->names, i);
		if (name && g_ascii_strncasecmp(name, prefix, n) == 0)
			g_ptr_array_add(out, g_strdup(name));
	}
	g_ptr_array_sort(out, cmp_names);
	return out;
}

int mc_msg_stream_read(libolecf_item_t *stream, size_t max, unsigned char **data,
                       size_t *size, char *errbuf, size_t errsize)
{
	libolecf_error_t *err = NULL;
	uint32_t n = 0;
	*data = NULL;
	*size = 0;
	if (!stream)
		return 0;
	if (libolecf_item_get_size(stream, &n, &err) != 1) {
		mc_msg_error_text(&err, errbuf, errsize);
		return -1;
	}
	if (n > max) {
		snprintf(errbuf, errsize, "stream of %u bytes is over the %zu-byte limit",
		         (unsigned)n, max);
		return -1;
	}
	unsigned char *buf = g_malloc0((size_t)n + 2);
	size_t got = 0;
	while (got < n) {
		ssize_t r = libolecf_stream_read_buffer_at_offset(stream, buf + got, n - got,
		                                                  (off64_t)got, &err);
		if (r < 0) {
			mc_msg_error_text(&err, errbuf, errsize);
			g_free(buf);
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got < n) {
		snprintf(errbuf, errsize, "stream ends after %zu of %u bytes", got, (unsigned)n);
		g_free(buf);
		return -1;
	}
	*data = buf;
	*size = n;
	return 1;
}

int mc_msg_stream_hash(libolecf_item_t *stream, char sha256[65], int64_t *size,
                       char *errbuf, size_t errsize)
{
	libolecf_error_t *err = NULL;
	uint32_t n = 0;
	if (libolecf_item_get_size(stream, &n, &err) != 1) {
		mc_msg_error_text(&err, errbuf, errsize);
		return -1;
	}
	struct mc_digest *ck = mc_digest_new(MC_DIGEST_SHA256);
	unsigned char *buf = g_malloc(CHUNK);
	uint64_t total = 0;
	int rc = 0;
	while (total < n) {
		size_t want = n - total < CHUNK ? (size_t)(n - total) : CHUNK;
		ssize_t got = libolecf_stream_read_buffer_at_offset(stream, buf, want,
		                                                    (off64_t)total, &err);
		if (got <= 0) {
			if (got < 0)
				mc_msg_error_text(&err, errbuf, errsize);
			else
				g_strlcpy(errbuf, "stream ended early", errsize);
			rc = -1;
			break;
		}
		mc_digest_update(ck, buf, (size_t)got);
		total += (uint64_t)got;
	}
	*size = (int64_t)total;
	if (rc == 0)
		mc_digest_hex(ck, sha256, 65);
	else
		snprintf(errbuf + strlen(errbuf), errsize - strlen(errbuf),
		         " (read %" G_GUINT64_FORMAT " of %u bytes)", total, (unsigned)n);
	g_free(buf);
	mc_digest_free(ck);
	return rc;
}

static int list_children(struct mc_msg_storage *st, char *errbuf, size_t errsize)
{
	libolecf_error_t *err = NULL;
	int n = 0;
	if (libolecf_item_get_number_of_sub_items(st->item, &n, &err) != 1) {
		mc_msg_error_text(&err, errbuf, errsize);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		libolecf_item_t *sub = NULL;
		char *name = NULL;
		size_t len = 0;
		if (libolecf_item_get_sub_item(st->item, i, &sub, &err) == 1 &&
		    libolecf_item_get_utf8_name_size(sub, &len, &err) == 1 && len > 0 &&
		    len < 4096) {
			name = g_malloc0(len + 1);
			if (libolecf_item_get_utf8_name(sub, (uint8_t *)name, len, &err) != 1) {
				g_free(name);
				name = NULL;
			}
		}
		if (!name && st->m) {
			char eb[256];
			mc_message_warn(st->m, "storage entry %d: %s", i,
			                mc_msg_error_text(&err, eb, sizeof eb));
		}
		libolecf_error_free(&err);
		if (sub)
			libolecf_item_free(&sub, NULL);
		g_ptr_array_add(st->names, name);
		if (name)
			g_hash_table_insert(st->children, g_ascii_strup(name, -1),
			                    GINT_TO_POINTER(i + 1));
	}
	return 0;
}

int mc_msg_storage_open(struct mc_msg_storage *st, libolecf_item_t *item,
                        size_t header_size, struct mc_message *m,
                        char *errbuf, size_t errsize)
{
	memset(st, 0, sizeof *st);
	st->item = item;
	st->m = m;
	st->names = g_ptr_array_new_with_free_func(g_free);
	st->children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (list_children(st, errbuf, errsize) != 0) {
		st->entries = g_array_new(FALSE, FALSE, sizeof(struct mc_msg_entry));
		return -1;
	}
	libolecf_item_t *ps = mc_msg_child(st, "__properties_version1.0");
	unsigned char *d = NULL;
	size_t n = 0;
	char eb[256];
	int rc = mc_msg_stream_read(ps, MC_MSG_VALUE_MAX, &d, &n, eb, sizeof eb);
	if (rc < 0 && m)
		mc_message_warn(m, "property stream: %s", eb);
	st->has_props = rc == 1;
	st->entries = mc_msg_parse_props(d, n, header_size);
	g_free(d);
	if (ps)
		libolecf_item_free(&ps, NULL);
	return 0;
}

void mc_msg_storage_close(struct mc_msg_storage *st)
{
	if (st->names)
		g_ptr_array_unref(st->names);
	if (st->children)
		g_hash_table_destroy(st->children);
	if (st->entries)
		g_array_free(st->entries, TRUE);
	memset(st, 0, sizeof *st);
}

/* The value stream of tag: 1 with the bytes, 0 if absent, -1 unreadable. */
static int value_stream(struct mc_msg_storage *st, uint32_t tag, unsigned char **data,
                        size_t *size)
{
	char name[24];
	libolecf_item_t *s = mc_msg_child(st, mc_msg_substg_name(tag, name));
	if (!s)
		return 0;
	char eb[256];
	int rc = mc_msg_stream_read(s, MC_MSG_VALUE_MAX, data, size, eb, sizeof eb);
	libolecf_item_free(&s, NULL);
	if (rc < 0 && st->m)
		mc_message_warn(st->m, "property 0x%04x: %s", (unsigned)(tag >> 16), eb);
	return rc;
}

/* Strings lose their terminators: PST values have none. */
static void trim_string(uint32_t type, unsigned char *d, size_t *n)
{
	if (type == 0x001f) {
		while (*n >= 2 && d[*n - 1] == 0 && d[*n - 2] == 0)
			*n -= 2;
	} else if (type == 0x001e) {
		while (*n >= 1 && d[*n - 1] == 0)
			(*n)--;
	}
	memset(d + *n, 0, 2);
}

int mc_msg_storage_get(void *ctx, uint32_t id, uint32_t *type,
                       unsigned char **data, size_t *size)
{
	struct mc_msg_storage *st = ctx;
	*data = NULL;
	*size = 0;
	for (guint i = 0; i < st->entries->len; i++) {
		const struct mc_msg_entry *e = &g_array_index(st->entries, struct mc_msg_entry, i);
		if ((e->tag >> 16) != id)
			continue;
		uint32_t t = e->tag & 0xffff;
		size_t fixed = mc_msg_fixed_size(t);
		if (fixed) {
			*data = g_malloc0(fixed + 2);
			memcpy(*data, e->value, fixed);
			*size = fixed;
			*type = t;
			return 1;
		}
		int rc = value_stream(st, e->tag, data, size);
		if (rc < 0)
			return 0;
		if (rc == 1) {
			trim_string(t, *data, size);
			*type = t;
			return 1;
		}
		break;   /* listed, but no stream of that type: look for others */
	}
	/* Not listed: some writers leave variable-size values out of the
	 * property stream. */
	static const uint32_t types[] = { 0x001f, 0x001e, 0x0102 };
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		int rc = value_stream(st, id << 16 | types[i], data, size);
		if (rc < 0)
			return 0;
		if (rc == 1) {
			trim_string(types[i], *data, size);
			*type = types[i];
			return 1;
		}
	}
	return 0;
}

const struct mc_mapi_source mc_msg_storage_source = { mc_msg_storage_get, NULL };
