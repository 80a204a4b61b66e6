/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-msg-props.c: the bytes-only part of the MSG reader: the property
 * stream parser of parsers/msg-props.h (mc_msg_parse_props,
 * mc_msg_fixed_size, mc_msg_substg_name), and the MAPI mapping the MSG
 * and PST readers share (mapi-message.h: mc_mapi_read_message, _recipient,
 * _attachment) over those properties, through the same kind of get
 * function as mc_msg_storage_get(). The MS-CFB container itself is
 * libolecf's and is not fuzzed here.
 *
 * Input: byte 0 picks the stream header size (top-level message, embedded
 * message, child) and the mapping to run; bytes 1-2 (little endian) the
 * length of the __properties_version1.0 stream that follows; the rest is
 * where variable-size values live: each such entry, in stream order, takes
 * the next "size" bytes (from its value field) as its __substg1.0 stream.
 * Checks: entries are the stream's whole 16-byte records, stream names
 * have their fixed form, and the record the mapping fills keeps record.h's
 * contracts (fuzz-record.h).
 */
#include "config.h"
#include "fuzz.h"
#include "fuzz-record.h"
#include "mapi-message.h"
#include "mapi-values.h"
#include "mime-message.h"
#include "msg-props.h"

struct blob_props {
	GArray *entries;                 /* struct mc_msg_entry */
	const unsigned char **stream;    /* per entry: its variable-size value */
	size_t *stream_len;
};

static int blob_get(void *ctx, uint32_t id, uint32_t *type, unsigned char **data,
                    size_t *size)
{
	struct blob_props *b = ctx;
	*data = NULL;
	*size = 0;
	for (guint i = 0; i < b->entries->len; i++) {
		const struct mc_msg_entry *e = &g_array_index(b->entries, struct mc_msg_entry, i);
		if ((e->tag >> 16) != id)
			continue;
		uint32_t t = e->tag & 0xffff;
		size_t fixed = mc_msg_fixed_size(t);
		const unsigned char *src = fixed ? e->value : b->stream[i];
		size_t n = fixed ? fixed : b->stream_len[i];
		if (!fixed && !src)
			continue;
		/* strings lose their terminator, as in mc_msg_storage_get() */
		if (t == 0x001f)
			while (n >= 2 && src[n - 1] == 0 && src[n - 2] == 0)
				n -= 2;
		else if (t == 0x001e)
			while (n >= 1 && src[n - 1] == 0)
				n--;
		*data = g_malloc0(n + 2);
		if (n)
			memcpy(*data, src, n);
		*size = n;
		*type = t;
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	static const size_t headers[] = { MC_MSG_HDR_TOP, MC_MSG_HDR_EMBEDDED, MC_MSG_HDR_CHILD };
	size_t hdr = headers[data[0] % 3];
	int mode = (data[0] >> 2) % 3;   /* 0 message, 1 recipient, 2 attachment */
	size_t plen = (size_t)data[1] | (size_t)data[2] << 8;
	const unsigned char *ps = data + 3;
	if (plen > size - 3)
		plen = size - 3;
	const unsigned char *blob = ps + plen;
	size_t blob_len = size - 3 - plen;

	GArray *entries = mc_msg_parse_props(ps, plen, hdr);
	FUZZ_CHECK(entries != NULL, "parse_props never NULL");
	FUZZ_CHECK(entries->len == (plen < hdr ? 0 : (plen - hdr) / 16),
	           "one entry per whole 16-byte record after the header");

	struct blob_props b = { entries, g_new0(const unsigned char *, entries->len + 1),
	                        g_new0(size_t, entries->len + 1) };
	size_t used = 0;
	for (guint i = 0; i < entries->len; i++) {
		const struct mc_msg_entry *e = &g_array_index(entries, struct mc_msg_entry, i);
		if (i < 8)
			FUZZ_CHECK(!memcmp(e->value, ps + hdr + 16 * i + 8, 8), "entry value copied");
		char name[24];
		const char *nm = mc_msg_substg_name(e->tag, name);
		FUZZ_CHECK(nm == name && strlen(name) == 20 &&
		           g_str_has_prefix(name, "__substg1.0_"), "stream name form");
		size_t fixed = mc_msg_fixed_size(e->tag & 0xffff);
		FUZZ_CHECK(fixed == 0 || fixed == 2 || fixed == 4 || fixed == 8, "fixed sizes");
		if (fixed)
			continue;
		size_t want = (size_t)mc_le32(e->value);
		size_t left = blob_len - used;
		b.stream[i] = blob + used;
		b.stream_len[i] = want < left ? want : left;
		used += b.stream_len[i];
	}

	mc_mime_init();
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("fuzz.msg");
	static const struct mc_mapi_source blob_source = { blob_get, NULL };
	struct mc_mapi_props p = { &blob_source, &b, 0, m };
	if (mode == 0) {
		int cp = mc_mapi_read_message(&p, m, 1252);
		(void)cp;
	} else if (mode == 1) {
		mc_mapi_read_recipient(&p, m);
	} else {
		struct mc_attachment *a = mc_message_add_attachment(m);
		mc_mapi_read_attachment(&p, a);
	}
	fuzz_check_message(m);
	mc_message_free(m);
	g_free(b.stream);
	g_free(b.stream_len);
	g_array_free(entries, TRUE);
	return 0;
}
