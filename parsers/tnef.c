/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tnef.c: the "tnef" format: a bare TNEF file (winmail.dat, *.tnef) as
 * evidence, bid by its signature (the decoder is tnef-stream.c). One message (locator "tnef:/", origin "folder", no
 * folder) built from the stream by mc_tnef_apply(); its size and SHA-256
 * are those of the whole file. Messages attached inside it (TNEF streams
 * of their own) follow as embedded records, "tnef:/#part=tnef:/<n>". A stream that ends inside an attribute is
 * read up to there (status partial); bytes after the last attribute and
 * checksum mismatches are warnings (problem rows) and keep status ok.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <glib.h>

#include "eml.h"
#include "mime-message.h"
#include "parser.h"
#include "tnef-stream.h"

#define TNEF_MAX_BYTES MC_RFC822_MAX_BYTES
#define MAX_EMBED_DEPTH 8

/* A message attached inside the stream (borrowed bytes). */
struct attached {
	int index;
	const unsigned char *b;
	size_t n;
};

static void collect(void *ctx, int index, const unsigned char *b, size_t n)
{
	struct attached a = { index, b, n };
	g_array_append_val((GArray *)ctx, a);
}

/* Emits m (read from the n bytes at b), then the messages attached inside
 * it, as embedded records ("<locator>#part=tnef:/<n>"). 0, or -1 when the
 * sink failed. */
static int emit(struct mc_reader *r, struct mc_message *m, const unsigned char *b,
                size_t n, int depth)
{
	GArray *att = g_array_new(FALSE, FALSE, sizeof(struct attached));
	mc_tnef_apply_full(b, n, m, "", collect, att);
	m->local_id = mc_reader_next_id(r);
	int rc = mc_reader_message(r, m) != 0 ? -1 : 0;
	for (guint i = 0; rc == 0 && i < att->len; i++) {
		const struct attached *a = &g_array_index(att, struct attached, i);
		char *loc = g_strdup_printf("%s#part=tnef:/%d", m->locator, a->index);
		if (depth >= MAX_EMBED_DEPTH) {
			if (mc_reader_problem(r, "warning", loc, "attached message not read: "
			                      "nesting deeper than %d", MAX_EMBED_DEPTH) != 0)
				rc = -1;
			g_free(loc);
			continue;
		}
		struct mc_message *e = mc_message_new();
		e->origin = MC_ORIGIN_EMBEDDED;
		e->parent_local_id = m->local_id;
		e->locator = loc;
		e->size = (int64_t)a->n;
		mc_sha256_hex(a->b, a->n, e->sha256);
		rc = emit(r, e, a->b, a->n, depth + 1);
		mc_message_free(e);
	}
	g_array_free(att, TRUE);
	return rc;
}

static int tnef_bid(const struct mc_probe *p)
{
	if (p->is_dir || !p->head)
		return 0;
	/* signature, legacy key, then a message-level attribute */
	if (!mc_tnef_is_tnef(p->head, p->head_len) || p->head_len < 7 || p->head[6] != 1)
		return 0;
	return 90;
}

static enum mc_result tnef_read(struct mc_reader *r)
{
	char *buf;
	size_t len;
	int64_t at;
	r->variant = "tnef";
	mc_mime_init();
	if (mc_read_whole(r->fd, TNEF_MAX_BYTES, &buf, &len, &at) != 0) {
		if (errno == EFBIG)
			return mc_reader_fail(r, MC_FATAL, "%s: larger than %" PRId64 " bytes, "
			                      "the most a TNEF file may have; not read",
			                      r->path, TNEF_MAX_BYTES);
		return mc_reader_fail(r, MC_FATAL, "%s: read error at offset %" PRId64 ": %s",
		                      r->path, at, g_strerror(errno));
	}
	const unsigned char *b = (const unsigned char *)buf;
	struct mc_tnef t;
	int is = mc_tnef_decode(b, len, &t);
	int truncated = t.truncated, cks = t.checksum_errors;
	size_t trailing = t.trailing;
	mc_tnef_clear(&t);
	if (is != 0) {
		g_free(buf);
		return mc_reader_fail(r, MC_FATAL, "%s: no TNEF signature", r->path);
	}
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("tnef:/");
	m->size = (int64_t)len;
	mc_sha256_hex(b, len, m->sha256);
	enum mc_result res = MC_OK;
	if (emit(r, m, b, len, 0) != 0)
		res = mc_reader_fail(r, MC_FATAL, "%s: could not store the message", r->path);
	else if (trailing && mc_reader_problem(r, "warning", "tnef:/", "%zu bytes after the "
	                                       "last TNEF attribute ignored", trailing) != 0)
		res = mc_reader_fail(r, MC_FATAL, "%s: could not store a problem", r->path);
	else if (cks && mc_reader_problem(r, "warning", "tnef:/", "%d TNEF attribute "
	                                  "checksums do not match", cks) != 0)
		res = mc_reader_fail(r, MC_FATAL, "%s: could not store a problem", r->path);
	else if (truncated)
		res = mc_reader_fail(r, MC_WARN, "TNEF stream truncated: an attribute is "
		                     "longer than the bytes left; what came before it was read");
	mc_message_free(m);
	g_free(buf);
	return res;
}

const struct mc_format mc_format_tnef = { "tnef", tnef_bid, tnef_read, 0 };
