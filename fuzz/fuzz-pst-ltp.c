/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-ltp.c: the LTP layer of our own PST reader (parsers/pst-ltp.h)
 * over one node's data: the heap-on-node, then the property context (every
 * property read, by lookup and through the mapi-props.h accessors) or the
 * table context (every cell of every row, the row index), whichever the
 * heap's client signature says.
 *
 * Input: byte 0 is the number of blocks (1 + byte % 16); the rest is cut
 * into that many blocks at the 16-bit little-endian lengths that lead each
 * block (the last takes what remains). A subnode NID is answered with the
 * same blocks once more (bounded: a subnode inside that answer is refused),
 * so values and row matrices in subnodes are exercised too.
 */
#include "config.h"
#include "fuzz.h"
#include "mapi-values.h"
#include "pst-ltp.h"
#include "record.h"

#define MAX_BLOCKS 16

struct input {
	struct mc_ltp_block blocks[MAX_BLOCKS];
	size_t nblocks;
	int depth;
};

static int sub_get(void *ctx, uint32_t nid, struct mc_ltp_node *out, char *errbuf, size_t errsize)
{
	struct input *in = ctx;
	if (nid & 0x100u) {
		g_strlcpy(errbuf, "refused", errsize);
		return -1;
	}
	if (in->depth > 0)
		return 0;
	in->depth++;
	out->blocks = in->blocks;
	out->nblocks = in->nblocks;
	return 1;
}

static void sub_release(void *ctx, struct mc_ltp_node *node)
{
	struct input *in = ctx;
	FUZZ_CHECK(in->depth == 1, "release matches get");
	FUZZ_CHECK(node->blocks == in->blocks, "release gets its node");
	in->depth--;
}

static void check_value(const unsigned char *d, size_t n)
{
	FUZZ_CHECK(d != NULL, "a value has data");
	FUZZ_CHECK(n <= MC_LTP_MAX_VALUE, "a value within the limit");
	FUZZ_CHECK(d[n] == 0 && d[n + 1] == 0, "a value is padded with 2 NULs");
}

struct pc_run {
	struct mc_ltp_pc *pc;
	uint16_t ids[4096], types[4096];
	size_t props;
};

static int pc_visit(void *ctx, uint16_t id, uint16_t type)
{
	struct pc_run *r = ctx;
	r->ids[r->props] = id;
	r->types[r->props] = type;
	return ++r->props >= G_N_ELEMENTS(r->ids);
}

static void run_pc(struct input *in, const struct mc_ltp_subnodes *subs)
{
	struct mc_ltp_pc pc;
	if (mc_ltp_pc_open(&pc, in->blocks, in->nblocks, subs) != 0) {
		FUZZ_CHECK(pc.hn.err.grade != MC_LTP_OK, "a refusal says why");
		return;
	}
	static struct pc_run r;
	r.pc = &pc;
	r.props = 0;
	int walked = mc_ltp_pc_each(&pc, pc_visit, &r);
	for (size_t i = 0; i < r.props; i++) {
		uint16_t t = 0;
		unsigned char *d = NULL;
		size_t n = 0;
		int rc = mc_ltp_pc_get(&pc, r.ids[i], &t, &d, &n);
		/* a tree read without damage finds by lookup what it lists */
		FUZZ_CHECK(rc != 0 || walked < 0, "a property the BTH lists is found by lookup");
		if (rc == 1) {
			FUZZ_CHECK(t == r.types[i] || walked < 0, "lookup gives the listed type");
			check_value(d, n);
		}
		g_free(d);
	}
	struct mc_message *m = mc_message_new();
	struct mc_mapi_props *p = mc_ltp_pc_props(&pc, 1252, m);
	static const uint32_t ids[] = { 0x0037, 0x001A, 0x0E07, 0x0E06, 0x1000, 0x3001 };
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
		char *s = mc_mapi_prop_string(p, ids[i]);
		FUZZ_CHECK(s == NULL || g_utf8_validate(s, -1, NULL), "strings are UTF-8");
		g_free(s);
		int64_t v;
		(void)mc_mapi_prop_int(p, ids[i], &v);
		(void)mc_mapi_prop_time(p, ids[i]);
		(void)mc_mapi_prop_present(p, ids[i]);
	}
	mc_message_free(m);
	char buf[256];
	(void)mc_ltp_error_text(&pc.hn.err, buf, sizeof buf);
}

static void run_tc(struct input *in, const struct mc_ltp_subnodes *subs)
{
	struct mc_ltp_tc tc;
	if (mc_ltp_tc_open(&tc, in->blocks, in->nblocks, subs) != 0) {
		FUZZ_CHECK(tc.hn.err.grade != MC_LTP_OK, "a refusal says why");
		FUZZ_CHECK(in->depth == 0, "a refused table holds no subnode");
		return;
	}
	size_t cells = 0;
	for (size_t r = 0; r < tc.nrows && cells < 100000; r++) {
		const unsigned char *row = mc_ltp_tc_row(&tc, r);
		if (!row)
			continue;
		for (unsigned c = 0; c < tc.ncols; c++, cells++) {
			unsigned char *d = NULL;
			size_t n = 0;
			if (mc_ltp_tc_cell(&tc, r, &tc.cols[c], &d, &n) == 1)
				check_value(d, n);
			g_free(d);
		}
		/* a row holds rgib[3] bytes: a damaged layout may leave no room
		 * for the 4-byte row id it should start with */
		size_t found;
		if (tc.rgib[3] >= 4)
			(void)mc_ltp_tc_find_row(&tc, mc_le32(row), &found);
	}
	mc_ltp_tc_close(&tc);
	FUZZ_CHECK(in->depth == 0, "a closed table holds no subnode");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct input in = { .nblocks = 1 + data[0] % MAX_BLOCKS };
	const uint8_t *p = data + 1, *end = data + size;
	for (size_t i = 0; i < in.nblocks; i++) {
		size_t len = (size_t)(end - p);
		if (i + 1 < in.nblocks) {
			if (len < 2) {
				in.nblocks = i;
				break;
			}
			size_t want = (size_t)p[0] | (size_t)p[1] << 8;
			p += 2;
			len -= 2;
			if (want < len)
				len = want;
		}
		/* a copy of its own, so reads past a block are seen by ASan */
		unsigned char *b = g_malloc(len ? len : 1);
		memcpy(b, p, len);
		in.blocks[i].data = b;
		in.blocks[i].len = len;
		p += len;
	}
	if (in.nblocks > 0) {
		struct mc_ltp_subnodes subs = { sub_get, sub_release, &in, NULL, 0 };
		run_pc(&in, &subs);
		run_tc(&in, &subs);
		/* and as the other kind, whatever the signature says */
		if (in.blocks[0].len >= 4) {
			unsigned char *b0 = (unsigned char *)in.blocks[0].data;
			b0[3] = b0[3] == MC_LTP_SIG_PC ? MC_LTP_SIG_TC : MC_LTP_SIG_PC;
			run_pc(&in, &subs);
			run_tc(&in, &subs);
		}
	}
	for (size_t i = 0; i < in.nblocks; i++)
		g_free((void *)in.blocks[i].data);
	return 0;
}
