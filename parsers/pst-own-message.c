/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-message.c: one PST message through our own reader: its PC handed
 * to the MAPI mapping (mapi-message.h), its node id and named properties,
 * each row of its recipient table, each attachment (its PC, its data by
 * value hashed as streamed from the subnode, or the message it embeds);
 * then emitting it and the messages embedded in it, as pst-item.c does
 * for libpff. See pst-own-message.h.
 */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "digest.h"
#include "mapi-message.h"
#include "mapi-values.h"
#include "pst-own-message.h"
#include "resource-limits.h"

#define MAX_EMBED_DEPTH MC_LIMIT_EMBED_DEPTH

/* Subnodes of a message ([MS-PST] 2.4.5) and properties met here. */
enum {
	NID_RECIPIENT_TABLE = 0x692, NID_ATTACHMENT_TABLE = 0x671,
	PID_LTP_ROW_ID = 0x67f2, PID_ATTACH_DATA = 0x3701, PID_ATTACH_METHOD = 0x3705,
	ATTACH_OLE = 6   /* afOle: PidTagAttachDataObject is an OLE storage, not a message */
};
#define PT_OBJECT 0x000du

int mc_pst_own_failed(struct mc_pst_own *o, const char *locator, const char *what,
                      const char *text)
{
	if (o->bad++ == 0)
		g_strlcpy(o->first_bad, locator, sizeof o->first_bad);
	if (mc_reader_problem(o->r, "error", locator, "%s: %s", what, text) != 0) {
		o->sink_failed = 1;
		return -1;
	}
	return 0;
}

/* Opens the TC of subnode nid of msg: 1, 0 if there is none, -1. */
static int open_table(struct mc_pst_node *msg, uint32_t nid, struct mc_pst_node *node,
                      struct mc_ltp_tc *tc, char *eb, size_t ebsize)
{
	int rc = mc_pst_node_open_sub(node, msg, nid, eb, ebsize);
	if (rc != 1) {
		mc_pst_node_close(node);
		return rc;
	}
	if (mc_pst_node_tc(node, tc) != 0) {
		mc_ltp_error_text(&tc->hn.err, eb, ebsize);
		mc_ltp_tc_close(tc);
		mc_pst_node_close(node);
		return -1;
	}
	return 1;
}

/* Calls fn on each row of table subnode nid of msg (what: for warnings). */
typedef void (*row_fn)(void *ctx, struct mc_ltp_tc *tc, size_t row);
static void each_row(struct mc_pst_node *msg, uint32_t nid, const char *what,
                     struct mc_message *m, row_fn fn, void *ctx)
{
	struct mc_pst_node node;
	struct mc_ltp_tc tc;
	char eb[512];
	int rc = open_table(msg, nid, &node, &tc, eb, sizeof eb);
	if (rc != 1) {
		if (rc < 0)
			mc_message_warn(m, "%s: %s", what, eb);
		return;
	}
	for (size_t i = 0; i < tc.nrows; i++)
		fn(ctx, &tc, i);
	mc_ltp_tc_close(&tc);
	mc_pst_node_close(&node);
}

struct rows {
	struct mc_pst_node *msg;
	struct mc_message *m;
	int codepage;
	GArray *embedded;
};

static void recipient_row(void *ctx, struct mc_ltp_tc *tc, size_t i)
{
	struct rows *c = ctx;
	struct mc_ltp_tc_row row;
	mc_mapi_read_recipient(mc_ltp_tc_row_props(&row, tc, i, c->codepage, c->m), c->m);
}

static void hash_block(void *ctx, const unsigned char *data, size_t len)
{
	struct mc_digest *ck = ((void **)ctx)[0];
	uint64_t *total = ((void **)ctx)[1];
	mc_digest_update(ck, data, len);
	*total += len;
}

/* SHA-256 and size of an attachment's data by value (HNID: a heap item of
 * the attachment's PC, or a subnode streamed block by block). */
static void hash_data(struct mc_pst_node *att, struct mc_ltp_pc *pc, uint32_t hnid,
                      struct mc_attachment *a, struct mc_message *m, int index)
{
	struct mc_digest *ck = mc_digest_new(MC_DIGEST_SHA256);
	uint64_t total = 0, declared = 0;
	void *ctx[2] = { ck, &total };
	char eb[512];
	int ok = 1;
	if (hnid == 0) {
		/* an empty value */
	} else if (mc_ltp_hnid_is_hid(hnid)) {
		const unsigned char *p;
		size_t len;
		if (mc_ltp_heap_get(&pc->hn, hnid, &p, &len) == 1) {
			hash_block(ctx, p, len);
		} else {
			mc_message_warn(m, "attachment %d: %s", index,
			                mc_ltp_error_text(&pc->hn.err, eb, sizeof eb));
			ok = 0;
		}
	} else {
		int rc = mc_pst_node_stream_sub(att, hnid, hash_block, ctx, &declared, eb, sizeof eb);
		if (rc == 0) {
			mc_message_warn(m, "attachment %d: data subnode 0x%x missing", index, hnid);
			ok = 0;
		} else if (rc < 0) {
			mc_message_warn(m, "attachment %d: read failed at byte %" G_GUINT64_FORMAT ": %s",
			                index, total, eb);
			ok = 0;
		} else if (total != declared) {
			mc_message_warn(m, "attachment %d: read %" G_GUINT64_FORMAT " of %"
			                G_GUINT64_FORMAT " bytes; no hash", index, total, declared);
			ok = 0;
		}
	}
	a->size = (int64_t)total;
	if (ok)
		mc_digest_hex(ck, a->sha256, sizeof a->sha256);
	mc_digest_free(ck);
}

/* One attachment (row `row` of the attachment table): its properties and
 * data; *att_nid gets its NID, *embedded that of the message it embeds
 * (0 if none). */
static void read_attachment(struct mc_pst_node *msg, struct mc_ltp_tc *tc, size_t row,
                            struct mc_message *m, int codepage, uint32_t *att_nid,
                            uint32_t *embedded)
{
	int index = (int)row;
	char eb[512];
	struct mc_attachment *a = mc_message_add_attachment(m);
	a->part_path = g_strdup_printf("%d", index);
	*embedded = 0;
	const struct mc_ltp_tc_col *col = mc_ltp_tc_column(tc, (uint32_t)PID_LTP_ROW_ID << 16 |
	                                                           MC_PT_LONG);
	unsigned char *d = NULL;
	size_t n = 0;
	if (!col || mc_ltp_tc_cell(tc, row, col, &d, &n) != 1 || n != 4) {
		mc_message_warn(m, "attachment %d: no row id in the attachment table", index);
		g_free(d);
		return;
	}
	uint32_t nid = mc_le32(d);
	*att_nid = nid;
	g_free(d);
	d = NULL;
	struct mc_pst_node att;
	int rc = mc_pst_node_open_sub(&att, msg, nid, eb, sizeof eb);
	struct mc_ltp_pc pc;
	if (rc == 1 && mc_pst_node_pc(&att, &pc) != 0) {
		mc_ltp_error_text(&pc.hn.err, eb, sizeof eb);
		rc = -1;
	}
	if (rc != 1) {
		mc_message_warn(m, "attachment %d: %s", index,
		                rc == 0 ? "its subnode is missing" : eb);
		mc_pst_node_close(&att);
		return;
	}
	mc_mapi_read_attachment(mc_ltp_pc_props(&pc, codepage, m), a);
	unsigned char key[2] = { PID_ATTACH_DATA & 0xff, PID_ATTACH_DATA >> 8 };
	const unsigned char *ent;
	if (mc_ltp_bth_find(&pc.bth, key, &ent) == 1) {
		uint16_t type = mc_le16(ent);
		if (type == MC_PT_BINARY) {
			hash_data(&att, &pc, mc_le32(ent + 2), a, m, index);
		} else if (type == PT_OBJECT) {
			uint16_t t;
			uint32_t obj = 0;
			if (mc_ltp_pc_get(&pc, PID_ATTACH_DATA, &t, &d, &n) == 1 && n >= 4)
				obj = mc_le32(d);
			else
				mc_message_warn(m, "attachment %d: unreadable object reference", index);
			g_free(d);
			int64_t method = 0;
			mc_mapi_prop_int(&pc.props, PID_ATTACH_METHOD, &method);
			if (obj && method == ATTACH_OLE) {
				/* an OLE object: its subnode holds the object's storage */
				hash_data(&att, &pc, obj, a, m, index);
			} else if (obj) {
				*embedded = obj;
				if (!a->mime_type)
					a->mime_type = g_strdup("application/vnd.ms-outlook");
			}
		}
	}
	mc_pst_node_close(&att);
}

/* One row of the attachment table; c->embedded gets (row index,
 * attachment NID, object NID) for an attachment that embeds a message. */
static void attachment_row(void *ctx, struct mc_ltp_tc *tc, size_t i)
{
	struct rows *c = ctx;
	uint32_t obj = 0, nid = 0;
	read_attachment(c->msg, tc, i, c->m, c->codepage, &nid, &obj);
	if (obj) {
		uint32_t e[3] = { (uint32_t)i, nid, obj };
		g_array_append_val(c->embedded, e);
	}
}

static int emit_embedded(struct mc_pst_own *o, struct mc_pst_node *msg,
                         const struct mc_message *m, const struct mc_pst_own_where *where,
                         const uint32_t e[3])
{
	char eb[512];
	char *loc = g_strdup_printf("%s/att:%u", m->locator, e[0]);
	struct mc_pst_node att, sub;
	uint32_t obj = e[2];
	int rc = 0;
	memset(&att, 0, sizeof att);
	memset(&sub, 0, sizeof sub);
	int got = mc_pst_node_open_sub(&att, msg, e[1], eb, sizeof eb);
	if (got == 1)
		got = mc_pst_node_open_sub(&sub, &att, obj, eb, sizeof eb);
	if (got != 1) {
		rc = mc_pst_own_failed(o, loc, "embedded message",
		                       got == 0 ? "its subnode is missing" : eb);
	} else {
		struct mc_pst_own_where w = {
			where->folder_local_id, m->local_id, MC_ORIGIN_EMBEDDED, loc, where->depth + 1
		};
		rc = mc_pst_own_emit(o, &sub, &w);
	}
	mc_pst_node_close(&sub);
	mc_pst_node_close(&att);
	g_free(loc);
	return rc;
}

static int emit_embedded_all(struct mc_pst_own *o, struct mc_pst_node *msg,
                             const struct mc_message *m, const struct mc_pst_own_where *where,
                             GArray *embedded)
{
	int rc = 0;
	for (guint i = 0; rc == 0 && i < embedded->len; i++) {
		const uint32_t *e = &g_array_index(embedded, uint32_t, 3 * i);
		if (where->depth >= MAX_EMBED_DEPTH) {
			char *loc = g_strdup_printf("%s/att:%u", m->locator, e[0]);
			if (mc_reader_embed_limit(o->r, loc, where->depth + 1, MAX_EMBED_DEPTH) != 0)
				rc = -1;
			g_free(loc);
			continue;
		}
		rc = emit_embedded(o, msg, m, where, e);
	}
	return rc;
}

int mc_pst_own_emit(struct mc_pst_own *o, struct mc_pst_node *node,
                    const struct mc_pst_own_where *where)
{
	struct mc_message *m = mc_message_new();
	char eb[512];
	m->folder_local_id = where->folder_local_id;
	m->parent_local_id = where->parent_local_id;
	m->origin = where->origin;
	m->locator = g_strdup(where->locator);

	struct mc_ltp_pc pc;
	if (mc_pst_node_pc(node, &pc) != 0) {
		mc_message_free(m);
		return mc_pst_own_failed(o, where->locator, "item properties",
		                         mc_ltp_error_text(&pc.hn.err, eb, sizeof eb));
	}
	char buf[16];
	snprintf(buf, sizeof buf, "%u", (unsigned)node->nid);
	mc_message_add_prop(m, "pst.node_id", buf);

	struct mc_mapi_props *props = mc_ltp_pc_props(&pc, o->store_codepage, m);
	int string_cp = mc_mapi_read_message(props, m, o->store_codepage);
	mc_pst_names_read(o->names, &pc, m, string_cp);

	/* (attachment index, its NID, the embedded message's NID) */
	GArray *embedded = g_array_new(FALSE, FALSE, 3 * sizeof(uint32_t));
	struct rows rows = { node, m, string_cp, embedded };
	each_row(node, NID_RECIPIENT_TABLE, "recipients", m, recipient_row, &rows);
	each_row(node, NID_ATTACHMENT_TABLE, "attachments", m, attachment_row, &rows);

	m->local_id = mc_reader_next_id(o->r);
	int rc = 0;
	if (mc_reader_message(o->r, m) != 0) {
		o->sink_failed = 1;
		rc = -1;
	}
	if (rc == 0)
		rc = emit_embedded_all(o, node, m, where, embedded);
	g_array_free(embedded, TRUE);
	mc_message_free(m);
	return rc;
}
