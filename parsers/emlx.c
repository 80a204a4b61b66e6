/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emlx.c: Apple Mail's message files, .emlx and .partial.emlx
 * (mc_format_emlx): a first line holding the message's length in bytes
 * (decimal, blanks after it), the RFC 822 message, then an XML property list
 * with what Mail knew of it (flags, dates received and sent, the remote id,
 * the mailbox it came from). A .partial.emlx lacks attachments Mail kept
 * beside it; its variant says so.
 *
 * The property list is read with libplist. Every value of its top-level
 * dictionary that is a string, a number, a boolean or a date becomes
 * message_props `emlx.<key>` (dates, and integers or reals of a key named
 * date-*, as ISO 8601 UTC: Mail writes seconds since 1970). The flags also
 * give `emlx.flag_names`; a message with the deleted flag is kept with origin
 * recovered (deleted in Mail, still in the file). Flag bits as Mozilla's
 * Apple Mail importer documents them (comm-central
 * mailnews/import/src/nsEmlxHelperUtils.h).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <plist/plist.h>

#include "eml.h"
#include "emlx.h"
#include "parser.h"
#include "record.h"

#define EMLX_DELETED (1u << 1)

static const struct mc_flag_name emlx_flags[] = {
	{ 1u << 0, "read" }, { EMLX_DELETED, "deleted" }, { 1u << 2, "answered" },
	{ 1u << 3, "encrypted" }, { 1u << 4, "flagged" }, { 1u << 5, "recent" },
	{ 1u << 6, "draft" }, { 1u << 7, "initial" }, { 1u << 8, "forwarded" },
	{ 1u << 9, "redirected" }, { 1u << 23, "signed" }, { 1u << 24, "junk" },
	{ 1u << 25, "not-junk" },
};

char *mc_emlx_flag_names(uint64_t flags)
{
	return mc_flag_names(emlx_flags, G_N_ELEMENTS(emlx_flags), flags);
}

size_t mc_emlx_count_line(const char *s, size_t n, uint64_t *count)
{
	size_t i = 0, digits = 0;
	uint64_t v = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && g_ascii_isdigit(s[i]); i++, digits++) {
		if (digits == 12)
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (digits == 0 || i >= n)
		return 0;
	if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		i++;
	if (s[i] != '\n')
		return 0;
	*count = v;
	return i + 1;
}

static void time_prop(struct mc_message *m, const char *name, double secs)
{
	if (!(secs > -1e11 && secs < 1e11))
		return;                     /* not a time any calendar holds */
	char iso[21];
	mc_format_utc((int64_t)secs, iso);
	mc_message_add_prop(m, name, iso);
}

/* One value of the top-level dictionary as a property. */
static void value_prop(struct mc_message *m, const char *key, plist_t v)
{
	char *name = g_strdup_printf("emlx.%s", key);
	int is_date_key = g_str_has_prefix(key, "date-");
	switch (plist_get_node_type(v)) {
	case PLIST_STRING: {
		/* By pointer and length: a string may hold a NUL byte, on which
		 * plist_get_string_val() aborts (an assertion). libplist 2.2
		 * keeps no byte after the NUL, so the value ends there and a
		 * warning says so. */
		uint64_t len = 0;
		const char *s = plist_get_string_ptr(v, &len);
		if (!s)
			break;
		size_t text = strnlen(s, len > SIZE_MAX ? SIZE_MAX : (size_t)len);
		char *valid = g_utf8_make_valid(s, (gssize)text);
		mc_message_add_prop(m, name, valid);
		g_free(valid);
		if (text < len)
			mc_message_warn(m, "the property list's %s holds a NUL byte at %zu of"
			                " %" PRIu64 "; the value ends there", key, text, len);
		break;
	}
	case PLIST_UINT: {
		uint64_t u = 0;
		plist_get_uint_val(v, &u);
		if (is_date_key) {
			time_prop(m, name, (double)(int64_t)u);
		} else {
			char num[24];
			g_snprintf(num, sizeof num, "%" PRIu64, u);
			mc_message_add_prop(m, name, num);
		}
		break;
	}
	case PLIST_REAL: {
		double d = 0;
		plist_get_real_val(v, &d);
		if (is_date_key) {
			time_prop(m, name, d);
		} else {
			char num[G_ASCII_DTOSTR_BUF_SIZE];
			mc_message_add_prop(m, name, g_ascii_dtostr(num, sizeof num, d));
		}
		break;
	}
	case PLIST_BOOLEAN: {
		uint8_t b = 0;
		plist_get_bool_val(v, &b);
		mc_message_add_prop(m, name, b ? "1" : "0");
		break;
	}
	case PLIST_DATE: {
		int32_t sec = 0, usec = 0;
		plist_get_date_val(v, &sec, &usec);
		time_prop(m, name, 978307200.0 + sec);   /* plist dates count from 2001 */
		break;
	}
	default:
		break;                      /* arrays, dictionaries, data: not kept */
	}
	g_free(name);
}

/* Reads the property list trailer into m; 0, or -1 when it is no dictionary. */
static int read_plist(struct mc_message *m, const char *xml, size_t len)
{
	plist_t root = NULL;
	if (len == 0 || len > (size_t)UINT32_MAX)
		return -1;
	plist_from_xml(xml, (uint32_t)len, &root);
	if (!root || plist_get_node_type(root) != PLIST_DICT) {
		if (root)
			plist_free(root);
		return -1;
	}
	plist_dict_iter it = NULL;
	plist_dict_new_iter(root, &it);
	for (;;) {
		char *key = NULL;
		plist_t v = NULL;
		plist_dict_next_item(root, it, &key, &v);
		if (!key)
			break;
		if (v && g_utf8_validate(key, -1, NULL))
			value_prop(m, key, v);
		free(key);
	}
	free(it);
	plist_t flags = plist_dict_get_item(root, "flags");
	if (flags && plist_get_node_type(flags) == PLIST_UINT) {
		uint64_t f = 0;
		plist_get_uint_val(flags, &f);
		char *names = mc_emlx_flag_names(f);
		mc_message_add_prop(m, "emlx.flag_names", names);
		g_free(names);
		if (f & EMLX_DELETED)
			m->origin = MC_ORIGIN_RECOVERED;
	}
	plist_free(root);
	return 0;
}

/* The first line is a byte count and a header field follows it. */
static int emlx_bid(const struct mc_probe *p)
{
	uint64_t count;
	if (p->is_dir || !p->head || p->head_len < 4)
		return 0;
	const char *h = (const char *)p->head;
	size_t at = mc_emlx_count_line(h, p->head_len, &count);
	if (at == 0 || at >= p->head_len)
		return 0;
	size_t i = at;
	while (i < p->head_len && (unsigned char)h[i] > 32 && (unsigned char)h[i] < 127 && h[i] != ':')
		i++;
	return i > at && i < p->head_len && h[i] == ':' ? 85 : 0;
}

int mc_emlx_emit(struct mc_reader *r, struct mc_message *m, const char *buf, size_t len,
                 const char *rel, mc_rfc822_hook_fn hook, void *hook_ctx,
                 char *err, size_t errlen)
{
	uint64_t count = 0;
	size_t start = mc_emlx_count_line(buf, len, &count);
	if (start == 0) {
		snprintf(err, errlen, "no byte count on the first line: not an .emlx file");
		return MC_EMLX_NOT_EMLX;
	}
	int status = MC_EMLX_OK;
	size_t mlen = len - start;
	if (count <= (uint64_t)mlen) {
		mlen = (size_t)count;
	} else {
		snprintf(err, errlen, "the first line announces %" PRIu64 " bytes of message, the"
		         " file holds %zu after it: the file is cut short", count, mlen);
		status = MC_EMLX_SHORT;
	}
	m->locator = rel ? g_strdup_printf("applemail:%zu+%zu:%s", start, mlen, rel)
	                 : g_strdup_printf("bytes:%zu+%zu", start, mlen);
	if (!rel) {
		m->byte_offset = (int64_t)start;
		m->byte_length = (int64_t)mlen;
	}
	size_t tail = start + mlen;
	if (tail < len && read_plist(m, buf + tail, len - tail) != 0)
		mc_message_warn(m, "the %zu bytes after the message are not a property list;"
		                " Mail's flags and dates are not read", len - tail);
	if (mc_rfc822_emit_hooked(r, m, buf + start, mlen, buf + start, mlen, hook, hook_ctx) != 0) {
		snprintf(err, errlen, "could not store the message");
		return MC_EMLX_SINK;
	}
	return status;
}

static enum mc_result emlx_read(struct mc_reader *r)
{
	char *buf;
	size_t len;
	int64_t at;
	char err[512];

	r->variant = g_str_has_suffix(r->path, ".partial.emlx") ? "emlx-partial" : "emlx";
	if (mc_read_whole(r->fd, MC_RFC822_MAX_BYTES, &buf, &len, &at) != 0)
		return mc_reader_fail(r, MC_FATAL, "%s: %s at offset %" PRId64, r->path,
		                      errno == EFBIG ? "larger than an .emlx file can be read"
		                                     : g_strerror(errno), at);
	struct mc_message *m = mc_message_new();
	int status = mc_emlx_emit(r, m, buf, len, NULL, NULL, NULL, err, sizeof err);
	mc_message_free(m);
	g_free(buf);
	if (status == MC_EMLX_SHORT)
		return mc_reader_fail(r, MC_WARN, "%s: %s", r->path, err);
	if (status != MC_EMLX_OK)
		return mc_reader_fail(r, MC_FATAL, "%s: %s", r->path, err);
	return MC_OK;
}

const struct mc_format mc_format_emlx = { "emlx", emlx_bid, emlx_read, 0 };
