/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg.c: the Outlook .msg evidence reader (MS-OXMSG in an MS-CFB compound
 * file, read through libolecf). One message at the root (origin "folder",
 * no folder), its recipients (__recip_version1.0_#N) and attachments
 * (__attach_version1.0_#N), and the messages embedded in attachments
 * (__substg1.0_3701000D storages), emitted as origin "embedded" with the
 * holder as parent, to any depth up to MAX_EMBED_DEPTH.
 *
 * The properties go through the MAPI mapping (mapi-message.h) with an MSG
 * storage as the property source, so the same message gives the same record
 * in a .msg and in a PST. ANSI strings (PT_STRING8) are decoded with
 * PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID, else windows-1252, as there.
 *
 * Named properties (the root's __nameid_version1.0 map) become
 * message_props rows through msg-nameid.h, as PST and TNEF ones do.
 *
 * Locators: "msg:/" for the root message, "msg:<storage path>" for an
 * embedded one ("msg:/__attach_version1.0_#00000000/__substg1.0_3701000D").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "evidence-bfio.h"
#include "evidence-open.h"
#include "mapi-message.h"
#include "mapi-values.h"
#include "mime-message.h"
#include "msg-nameid.h"
#include "msg-props.h"
#include "parser.h"
#include "resource-limits.h"

#define MAX_EMBED_DEPTH MC_LIMIT_EMBED_DEPTH
#define DEFAULT_CODEPAGE 1252
#define PR_ATTACH_METHOD 0x3705
#define ATTACH_EMBEDDED_MSG 5

static const unsigned char ole_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

/* 1 if a directory sector holds one of the names only .msg files use. */
static int dir_has_msg_names(const unsigned char *d, size_t n)
{
	static const char *const names[] = {
		"__properties_version1.0", "__substg1.0_", "__nameid_version1.0"
	};
	for (size_t off = 0; off + 128 <= n; off += 128) {
		unsigned name_len = mc_le16(d + off + 64);
		if (name_len < 2 || name_len > 64)
			continue;
		char ascii[33];
		size_t k = 0;
		for (; k + 1 < name_len / 2 && k < 32; k++) {
			unsigned c = mc_le16(d + off + 2 * k);
			ascii[k] = c < 0x80 ? (char)c : '?';
		}
		ascii[k] = '\0';
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
			if (g_str_has_prefix(ascii, names[i]))
				return 1;
	}
	return 0;
}

/* OLE magic, then the first directory sector (from the header) must name
 * MSG streams: Word, Excel and other compound files bid 0. */
static int msg_bid(const struct mc_probe *p)
{
	if (!p->head || p->head_len < 512 || memcmp(p->head, ole_magic, 8) != 0)
		return 0;
	unsigned shift = mc_le16(p->head + 30);
	if (shift != 9 && shift != 12)
		return 0;
	size_t ssize = (size_t)1 << shift;
	uint64_t off = ((uint64_t)mc_le32(p->head + 48) + 1) * ssize;
	if (off + ssize <= p->head_len)
		return dir_has_msg_names(p->head + off, ssize) ? 95 : 0;
	if (!p->path || off + ssize > p->size)
		return 0;
	int fd = mc_evidence_open(p->path, 0);
	if (fd < 0)
		return 0;
	unsigned char *buf = g_malloc(ssize);
	int bid = pread(fd, buf, ssize, (off_t)off) == (ssize_t)ssize &&
	          dir_has_msg_names(buf, ssize) ? 95 : 0;
	g_free(buf);
	close(fd);
	return bid;
}

struct msg {
	struct mc_reader *r;
	int64_t bad;               /* embedded messages that could not be read */
	char first_bad[256];
	int sink_failed;
	struct mc_msg_nameid names;   /* the root's named property map */
};

static int failed(struct msg *c, const char *locator, const char *what, const char *text)
{
	if (c->bad++ == 0)
		g_strlcpy(c->first_bad, locator, sizeof c->first_bad);
	if (mc_reader_problem(c->r, "error", locator, "%s: %s", what, text) != 0) {
		c->sink_failed = 1;
		return -1;
	}
	return 0;
}

static void read_recipients(struct mc_msg_storage *st, struct mc_message *m, int codepage)
{
	GPtrArray *names = mc_msg_children_with_prefix(st, "__recip_version1.0_#");
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		libolecf_item_t *item = mc_msg_child(st, name);
		struct mc_msg_storage rs;
		char eb[256];
		if (!item || mc_msg_storage_open(&rs, item, MC_MSG_HDR_CHILD, m, eb, sizeof eb) != 0) {
			mc_message_warn(m, "recipient %s: %s", name, item ? eb : "unreadable");
			if (item) {
				mc_msg_storage_close(&rs);
				libolecf_item_free(&item, NULL);
			}
			continue;
		}
		struct mc_mapi_props p = { .codepage = codepage, .m = m,
		                           .source = &mc_msg_storage_source, .ctx = &rs };
		mc_mapi_read_recipient(&p, m);
		mc_msg_storage_close(&rs);
		libolecf_item_free(&item, NULL);
	}
	g_ptr_array_unref(names);
}

/* 1 if the item is a storage holding a message's property stream. */
static int is_message_storage(libolecf_item_t *item)
{
	uint8_t type = 0;
	if (!item || libolecf_item_get_type(item, &type, NULL) != 1 ||
	    type != LIBOLECF_ITEM_TYPE_STORAGE)
		return 0;
	libolecf_item_t *ps = NULL;
	static const char pname[] = "__properties_version1.0";
	int ok = libolecf_item_get_sub_item_by_utf8_name(item, (const uint8_t *)pname,
	                                                 sizeof pname - 1, &ps, NULL) == 1;
	if (ps)
		libolecf_item_free(&ps, NULL);
	return ok;
}

/* One attachment storage: its record, hashed data; returns 1 when it holds
 * an embedded message to emit after the holder. */
static int read_attachment(struct mc_msg_storage *st, const char *name, int index,
                           struct mc_message *m, int codepage)
{
	struct mc_attachment *a = mc_message_add_attachment(m);
	a->part_path = g_strdup_printf("%d", index);
	libolecf_item_t *item = mc_msg_child(st, name);
	struct mc_msg_storage as;
	char eb[256];
	if (!item || mc_msg_storage_open(&as, item, MC_MSG_HDR_CHILD, m, eb, sizeof eb) != 0) {
		mc_message_warn(m, "attachment %d: %s", index, item ? eb : "unreadable");
		if (item) {
			mc_msg_storage_close(&as);
			libolecf_item_free(&item, NULL);
		}
		return 0;
	}
	struct mc_mapi_props p = { .codepage = codepage, .m = m,
	                           .source = &mc_msg_storage_source, .ctx = &as };
	mc_mapi_read_attachment(&p, a);
	int64_t method = 0;
	mc_mapi_prop_int(&p, PR_ATTACH_METHOD, &method);
	int embedded = 0;
	libolecf_item_t *obj = mc_msg_child(&as, "__substg1.0_3701000D");
	if (obj && is_message_storage(obj) &&
	    (method == ATTACH_EMBEDDED_MSG || method == 0)) {
		embedded = 1;
		if (!a->mime_type)
			a->mime_type = g_strdup("application/vnd.ms-outlook");
	} else {
		libolecf_item_t *data = mc_msg_child(&as, "__substg1.0_37010102");
		if (data) {
			if (mc_msg_stream_hash(data, a->sha256, &a->size, eb, sizeof eb) != 0) {
				a->sha256[0] = '\0';
				mc_message_warn(m, "attachment %d: %s; no hash", index, eb);
			}
			libolecf_item_free(&data, NULL);
		}
	}
	if (obj)
		libolecf_item_free(&obj, NULL);
	mc_msg_storage_close(&as);
	libolecf_item_free(&item, NULL);
	return embedded;
}

/* The attachment number of "__attach_version1.0_#0000000A" (10), or -1. */
static int attach_number(const char *name)
{
	const char *hash = strchr(name, '#');
	if (!hash || !g_ascii_isxdigit(hash[1]))
		return -1;
	guint64 v = g_ascii_strtoull(hash + 1, NULL, 16);
	return v > G_MAXINT ? -1 : (int)v;
}

static int emit_message(struct msg *c, libolecf_item_t *item, const char *path,
                        int64_t parent, int depth);

static int emit_embedded(struct msg *c, struct mc_msg_storage *st, const char *att_name,
                         const struct mc_message *holder, const char *path, int depth)
{
	char *sub_path = g_strdup_printf("%s/%s/__substg1.0_3701000D", path, att_name);
	char *loc = g_strdup_printf("msg:%s", sub_path);
	int rc = 0;
	libolecf_item_t *att = mc_msg_child(st, att_name), *obj = NULL;
	struct mc_msg_storage as;
	char eb[256];
	if (depth >= MAX_EMBED_DEPTH) {
		if (mc_reader_embed_limit(c->r, loc, depth + 1, MAX_EMBED_DEPTH) != 0)
			rc = -1;
	} else if (!att || mc_msg_storage_open(&as, att, MC_MSG_HDR_CHILD, NULL, eb,
	                                       sizeof eb) != 0) {
		rc = failed(c, loc, "embedded message", att ? eb : "attachment storage unreadable");
		if (att)
			mc_msg_storage_close(&as);
	} else {
		obj = mc_msg_child(&as, "__substg1.0_3701000D");
		mc_msg_storage_close(&as);
		if (!obj)
			rc = failed(c, loc, "embedded message", "storage unreadable");
		else
			rc = emit_message(c, obj, sub_path, holder->local_id, depth + 1);
	}
	if (obj)
		libolecf_item_free(&obj, NULL);
	if (att)
		libolecf_item_free(&att, NULL);
	g_free(loc);
	g_free(sub_path);
	return rc;
}

/* Reads the message in storage item (at path, "" for the root) and emits it,
 * then the messages embedded in it. Returns 0, or -1 if the sink failed;
 * -2 when the root message cannot be read at all (r->error set). */
static int emit_message(struct msg *c, libolecf_item_t *item, const char *path,
                        int64_t parent, int depth)
{
	struct mc_message *m = mc_message_new();
	m->parent_local_id = parent;
	m->origin = parent ? MC_ORIGIN_EMBEDDED : MC_ORIGIN_FOLDER;
	m->locator = g_strdup_printf("msg:%s", *path ? path : "/");
	struct mc_msg_storage st;
	char eb[256];
	if (mc_msg_storage_open(&st, item, parent ? MC_MSG_HDR_EMBEDDED : MC_MSG_HDR_TOP,
	                        m, eb, sizeof eb) != 0) {
		mc_msg_storage_close(&st);
		int rc = parent ? failed(c, m->locator, "embedded message", eb) : -2;
		if (!parent)
			mc_reader_fail(c->r, MC_FATAL, "cannot list the message storage: %s", eb);
		mc_message_free(m);
		return rc;
	}
	if (!st.has_props)
		mc_message_warn(m, "no property stream (__properties_version1.0); "
		                "values read from their streams only");
	struct mc_mapi_props p = { .codepage = DEFAULT_CODEPAGE, .m = m,
	                           .source = &mc_msg_storage_source, .ctx = &st };
	if (!parent) {
		char name[24];
		libolecf_item_t *s = mc_msg_child(&st, mc_msg_substg_name(0x001a001f, name));
		if (s)
			c->r->variant = "msg-unicode";
		else if ((s = mc_msg_child(&st, mc_msg_substg_name(0x001a001e, name))))
			c->r->variant = "msg-ansi";
		if (s)
			libolecf_item_free(&s, NULL);
	}
	if (!parent && mc_msg_nameid_load(&c->names, &st, eb, sizeof eb) != 0)
		mc_message_warn(m, "named properties: %s", eb);
	int string_cp = mc_mapi_read_message(&p, m, DEFAULT_CODEPAGE);
	mc_msg_read_named(&st, &c->names, m, string_cp);
	read_recipients(&st, m, string_cp);

	GPtrArray *atts = mc_msg_children_with_prefix(&st, "__attach_version1.0_#");
	GPtrArray *embedded = g_ptr_array_new();
	for (guint i = 0; i < atts->len; i++) {
		const char *name = g_ptr_array_index(atts, i);
		int num = attach_number(name);
		if (read_attachment(&st, name, num >= 0 ? num : (int)i, m, string_cp))
			g_ptr_array_add(embedded, (gpointer)name);
	}

	m->local_id = mc_reader_next_id(c->r);
	int rc = 0;
	if (mc_reader_message(c->r, m) != 0) {
		c->sink_failed = 1;
		rc = -1;
	}
	for (guint i = 0; rc == 0 && i < embedded->len; i++)
		rc = emit_embedded(c, &st, g_ptr_array_index(embedded, i), m, path, depth);
	g_ptr_array_free(embedded, TRUE);
	g_ptr_array_unref(atts);
	mc_msg_storage_close(&st);
	mc_message_free(m);
	return rc;
}

static enum mc_result msg_read(struct mc_reader *r)
{
	struct msg c;
	memset(&c, 0, sizeof c);
	c.r = r;
	r->variant = "msg";
	mc_mime_init();

	libolecf_file_t *file = NULL;
	libolecf_item_t *root = NULL;
	libolecf_error_t *err = NULL;
	char eb[512];
	if (libolecf_file_initialize(&file, &err) != 1)
		return mc_reader_fail(r, MC_FATAL, "libolecf: %s",
		                      mc_msg_error_text(&err, eb, sizeof eb));
	/* libolecf reads through our read-only, O_NOATIME descriptor */
	libbfio_handle_t *io = mc_evidence_bfio_open(r->path);
	if (!io) {
		int e = errno;
		libolecf_file_free(&file, NULL);
		return mc_reader_fail(r, MC_FATAL, "cannot open: %s", g_strerror(e));
	}
	if (libolecf_file_open_file_io_handle(file, io, LIBOLECF_OPEN_READ, &err) != 1) {
		mc_msg_error_text(&err, eb, sizeof eb);
		libolecf_file_free(&file, NULL);
		mc_evidence_bfio_free(&io);
		return mc_reader_fail(r, MC_FATAL, "cannot open as an OLE compound file: %s", eb);
	}
	enum mc_result res = MC_OK;
	if (libolecf_file_get_root_item(file, &root, &err) != 1) {
		res = mc_reader_fail(r, MC_FATAL, "compound file without a root storage: %s",
		                     mc_msg_error_text(&err, eb, sizeof eb));
	} else {
		int rc = emit_message(&c, root, "", 0, 0);
		if (rc == -2)
			res = MC_FATAL;
		else if (rc < 0 || c.sink_failed)
			res = mc_reader_fail(r, MC_FATAL,
			                     "the case writer refused a record; reading stopped");
		else if (c.bad)
			res = mc_reader_fail(r, MC_WARN, "%" G_GINT64_FORMAT " embedded messages "
			                     "could not be read; first at %s", c.bad, c.first_bad);
		libolecf_item_free(&root, NULL);
	}
	mc_msg_nameid_clear(&c.names);
	libolecf_file_close(file, NULL);
	libolecf_file_free(&file, NULL);
	mc_evidence_bfio_free(&io);
	return res;
}

const struct mc_format mc_format_msg = { "msg", msg_bid, msg_read, 0 };
