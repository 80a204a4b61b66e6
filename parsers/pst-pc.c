/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-pc.c: property context ([MS-PST] 2.3.3): a heap of client signature
 * 0xBC whose hidUserRoot is a BTH of 2-byte property ids to 6-byte
 * records (wPropType, dwValueHnid). A value of fixed size up to 4 bytes is
 * dwValueHnid itself; any other is the heap item or the subnode (fetched
 * through the callback) dwValueHnid names. Also the HNID value reader the
 * table context shares, and the PC as a struct mc_mapi_source (the
 * interface mapi-message.c reads a message through). See pst-ltp.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-values.h"
#include "pst-ltp.h"
#include "record.h"

int mc_ltp_type_inline(uint16_t type, size_t *size)
{
	switch (type) {
	case 0x0002: /* PtypInteger16 */
		*size = 2;
		return 1;
	case 0x0003: /* PtypInteger32 */
	case 0x0004: /* PtypFloating32 */
	case 0x000A: /* PtypErrorCode */
		*size = 4;
		return 1;
	case 0x000B: /* PtypBoolean */
		*size = 1;
		return 1;
	default:
		return 0;
	}
}

size_t mc_ltp_type_size(uint16_t type)
{
	size_t n;
	if (mc_ltp_type_inline(type, &n))
		return n;
	switch (type) {
	case 0x0005: /* PtypFloating64 */
	case 0x0006: /* PtypCurrency */
	case 0x0007: /* PtypFloatingTime */
	case 0x0014: /* PtypInteger64 */
	case 0x0040: /* PtypTime */
		return 8;
	case 0x0048: /* PtypGuid */
		return 16;
	default:
		return 0;
	}
}

/* A subnode's data, concatenated (at most MC_LTP_MAX_VALUE bytes). */
static int subnode_value(struct mc_ltp_heap *hn, const struct mc_ltp_subnodes *subs, uint32_t nid,
                         long row, unsigned char **data, size_t *size)
{
	if (!subs || !subs->get) {
		mc_ltp_note(&hn->err, MC_LTP_MISSING, -1, nid, row,
		            "value in subnode 0x%08x, and no subnode reader", nid);
		return -1;
	}
	struct mc_ltp_node node = { 0 };
	char ebuf[128] = "";
	int rc = subs->get(subs->ctx, nid, &node, ebuf, sizeof ebuf);
	if (rc != 1) {
		mc_ltp_note(&hn->err, MC_LTP_MISSING, -1, nid, row, "subnode 0x%08x %s%s", nid,
		            rc == 0 ? "absent" : "unreadable: ", rc == 0 ? "" : ebuf);
		return -1;
	}
	size_t total = 0;
	int ok = 1;
	for (size_t i = 0; i < node.nblocks; i++) {
		if (node.blocks[i].len > MC_LTP_MAX_VALUE - total) {
			mc_ltp_note(&hn->err, MC_LTP_LIMIT, -1, nid, row,
			            "subnode 0x%08x holds more than %u bytes", nid, MC_LTP_MAX_VALUE);
			ok = 0;
			break;
		}
		total += node.blocks[i].len;
	}
	if (ok) {
		unsigned char *buf = g_malloc(total + 2);
		size_t at = 0;
		for (size_t i = 0; i < node.nblocks; i++) {
			if (node.blocks[i].len)
				memcpy(buf + at, node.blocks[i].data, node.blocks[i].len);
			at += node.blocks[i].len;
		}
		buf[total] = buf[total + 1] = 0;
		*data = buf;
		*size = total;
	}
	if (subs->release)
		subs->release(subs->ctx, &node);
	return ok ? 1 : -1;
}

int mc_ltp_hnid_value(struct mc_ltp_heap *hn, const struct mc_ltp_subnodes *subs, uint32_t hnid,
                      long row, unsigned char **data, size_t *size)
{
	*data = NULL;
	*size = 0;
	if (!mc_ltp_hnid_is_hid(hnid))
		return subnode_value(hn, subs, hnid, row, data, size);
	const unsigned char *p = NULL;
	size_t len = 0;
	if (hnid != 0 && mc_ltp_heap_get(hn, hnid, &p, &len) != 1) {
		if (row >= 0 && hn->err.row < 0 && hn->err.hid == hnid)
			hn->err.row = row;
		return -1;
	}
	unsigned char *buf = g_malloc(len + 2);
	if (len)
		memcpy(buf, p, len);
	buf[len] = buf[len + 1] = 0;
	*data = buf;
	*size = len;
	return 1;
}

/* The PC over an opened heap (hn->err set when the heap failed). */
static int pc_read(struct mc_ltp_pc *pc, int heap_rc)
{
	if (heap_rc != 0)
		return -1;
	pc->hn.hid4k = pc->subs && pc->subs->hid4k;
	if (pc->hn.client_sig != MC_LTP_SIG_PC) {
		mc_ltp_note(&pc->hn.err, MC_LTP_UNSUPPORTED, 0, 0, -1,
		            "heap client signature 0x%02x, not a property context", pc->hn.client_sig);
		return -1;
	}
	if (mc_ltp_bth_open(&pc->bth, &pc->hn, pc->hn.root) != 0)
		return -1;
	if (pc->bth.cb_key != 2 || pc->bth.cb_ent != 6) {
		mc_ltp_note(&pc->hn.err, MC_LTP_DAMAGED, -1, pc->hn.root, -1,
		            "PC BTH of %u-byte keys and %u-byte records, not 2 and 6", pc->bth.cb_key,
		            pc->bth.cb_ent);
		return -1;
	}
	return 0;
}

int mc_ltp_pc_open(struct mc_ltp_pc *pc, const struct mc_ltp_block *blocks, size_t nblocks,
                   const struct mc_ltp_subnodes *subs)
{
	memset(pc, 0, sizeof *pc);
	pc->subs = subs;
	return pc_read(pc, mc_ltp_heap_open(&pc->hn, blocks, nblocks));
}

int mc_ltp_pc_open_paged(struct mc_ltp_pc *pc, const struct mc_ltp_block_source *src,
                         const struct mc_ltp_subnodes *subs)
{
	memset(pc, 0, sizeof *pc);
	pc->subs = subs;
	return pc_read(pc, mc_ltp_heap_open_paged(&pc->hn, src));
}

int mc_ltp_pc_get(struct mc_ltp_pc *pc, uint16_t id, uint16_t *type, unsigned char **data,
                  size_t *size)
{
	unsigned char key[2] = { (unsigned char)id, (unsigned char)(id >> 8) };
	const unsigned char *ent;
	*data = NULL;
	*size = 0;
	int rc = mc_ltp_bth_find(&pc->bth, key, &ent);
	if (rc != 1)
		return rc;
	uint16_t t = mc_le16(ent);
	uint32_t v = mc_le32(ent + 2);
	*type = t;
	size_t n;
	if (mc_ltp_type_inline(t, &n)) {
		unsigned char *buf = g_malloc0(4 + 2);
		memcpy(buf, ent + 2, n);
		*data = buf;
		*size = n;
		return 1;
	}
	if (mc_ltp_hnid_value(&pc->hn, pc->subs, v, -1, data, size) != 1)
		return -1;
	size_t want = mc_ltp_type_size(t);
	if (want && *size != want) {
		mc_ltp_note(&pc->hn.err, MC_LTP_DAMAGED, -1, v, -1,
		            "property 0x%04x of type 0x%04x: %zu bytes, not %zu", id, t, *size, want);
		g_free(*data);
		*data = NULL;
		*size = 0;
		return -1;
	}
	return 1;
}

struct pc_walk {
	mc_ltp_pc_visit_fn fn;
	void *ctx;
};

static int pc_visit(void *ctx, const unsigned char *key, const unsigned char *ent)
{
	struct pc_walk *w = ctx;
	return w->fn(w->ctx, mc_le16(key), mc_le16(ent));
}

int mc_ltp_pc_each(struct mc_ltp_pc *pc, mc_ltp_pc_visit_fn fn, void *ctx)
{
	struct pc_walk w = { fn, ctx };
	return mc_ltp_bth_each(&pc->bth, pc_visit, &w);
}

/* ---- the PC as a property source (mapi-props.h) ---- */

static int pc_source_get(void *ctx, uint32_t id, uint32_t *type, unsigned char **data, size_t *size)
{
	struct mc_ltp_pc *pc = ctx;
	if (id > 0xFFFFu)
		return 0;
	unsigned before = pc->hn.err.count;
	uint16_t t = 0;
	int rc = mc_ltp_pc_get(pc, (uint16_t)id, &t, data, size);
	if (rc == 1) {
		*type = t;
		return 1;
	}
	if (rc < 0 && pc->props.m && pc->hn.err.count > before) {
		char ebuf[256];
		/* the first error is kept in err; say what this one was about */
		mc_message_warn(pc->props.m, "property 0x%04x: unreadable in the PST property context; %s",
		                id, mc_ltp_error_text(&pc->hn.err, ebuf, sizeof ebuf));
	}
	return 0;
}

static int pc_source_present(void *ctx, uint32_t id)
{
	struct mc_ltp_pc *pc = ctx;
	if (id > 0xFFFFu)
		return 0;
	unsigned char key[2] = { (unsigned char)id, (unsigned char)(id >> 8) };
	const unsigned char *ent;
	if (mc_ltp_bth_find(&pc->bth, key, &ent) != 1)
		return 0;
	uint16_t t = mc_le16(ent);
	uint32_t v = mc_le32(ent + 2);
	size_t n;
	if (mc_ltp_type_inline(t, &n))
		return 1;
	if (v == 0)
		return 0;
	if (!mc_ltp_hnid_is_hid(v))
		return 1; /* a subnode is never written for an empty value */
	const unsigned char *p;
	size_t len;
	return mc_ltp_heap_get(&pc->hn, v, &p, &len) == 1 && len > 0;
}

static const struct mc_mapi_source pc_source = { pc_source_get, pc_source_present };

struct mc_mapi_props *mc_ltp_pc_props(struct mc_ltp_pc *pc, int codepage, struct mc_message *m)
{
	pc->props.source = &pc_source;
	pc->props.ctx = pc;
	pc->props.codepage = codepage;
	pc->props.m = m;
	return &pc->props;
}
