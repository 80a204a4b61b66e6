/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-guard.c: the MIME pre-scan of mime-guard.h. It follows header
 * blocks, Content-Type and boundaries the way a MIME parser does, keeping
 * a stack of the open containers (never deeper than MC_LIMIT_MIME_DEPTH),
 * in one pass over the bytes.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "resource-limits.h"
#include "mime-guard.h"

#define MAX_BOUNDARY 256

struct level {
	char boundary[MAX_BOUNDARY + 1]; /* "" for a message level */
	size_t blen;
	int digest;                      /* multipart/digest: parts default to message */
};

struct guard {
	const char *buf;
	char *w;                 /* writable copy, or NULL */
	char **copy;
	size_t len;
	struct mc_message *m;
	struct level stack[MC_LIMIT_MIME_DEPTH + 1];
	int depth;               /* open containers below the top message */
	int depth_warned;
};

/* The end of the line at p (after its LF), or len. */
static size_t line_end(const struct guard *g, size_t p)
{
	const char *nl = memchr(g->buf + p, '\n', g->len - p);
	return nl ? (size_t)(nl - g->buf) + 1 : g->len;
}

static int blank_line(const struct guard *g, size_t p, size_t e)
{
	return e - p <= 2 && (g->buf[p] == '\n' || (g->buf[p] == '\r' && (e - p == 1 || g->buf[p + 1] == '\n')));
}

/* What a header block said about its part. */
struct part_type {
	size_t type_off;         /* offset of the type token, or (size_t)-1 */
	size_t type_len;
	int multipart, message, digest;
	char boundary[MAX_BOUNDARY + 1];
	size_t blen;
};

/* Reads a Content-Type field starting at `from` (the byte after ':'),
 * through `to` (its end, folded lines included). */
static void read_content_type(const struct guard *g, size_t from, size_t to,
                              struct part_type *t)
{
	size_t p = from;
	while (p < to && (g->buf[p] == ' ' || g->buf[p] == '\t' || g->buf[p] == '\r' ||
	                  g->buf[p] == '\n'))
		p++;
	size_t q = p;
	while (q < to && (g_ascii_isalnum(g->buf[q]) || g->buf[q] == '-' || g->buf[q] == '.'))
		q++;
	t->type_off = p;
	t->type_len = q - p;
	t->multipart = t->type_len == 9 && !g_ascii_strncasecmp(g->buf + p, "multipart", 9);
	t->message = t->type_len == 7 && !g_ascii_strncasecmp(g->buf + p, "message", 7);
	if (q < to && g->buf[q] == '/') {
		size_t s = q + 1, e = s;
		while (e < to && (g_ascii_isalnum(g->buf[e]) || g->buf[e] == '-'))
			e++;
		if (t->multipart)
			t->digest = e - s == 6 && !g_ascii_strncasecmp(g->buf + s, "digest", 6);
		/* only these message subtypes are parsed as messages */
		if (t->message)
			t->message = (e - s == 6 && !g_ascii_strncasecmp(g->buf + s, "rfc822", 6)) ||
			             (e - s == 6 && !g_ascii_strncasecmp(g->buf + s, "global", 6)) ||
			             (e - s == 4 && !g_ascii_strncasecmp(g->buf + s, "news", 4));
	} else {
		t->multipart = t->message = 0;
	}
	if (!t->multipart)
		return;
	/* boundary=, case-insensitive, quoted or not */
	for (size_t i = q; i + 9 <= to; i++) {
		if (g_ascii_strncasecmp(g->buf + i, "boundary", 8) != 0)
			continue;
		size_t k = i + 8;
		while (k < to && (g->buf[k] == ' ' || g->buf[k] == '\t'))
			k++;
		if (k >= to || g->buf[k] != '=')
			continue;
		k++;
		while (k < to && (g->buf[k] == ' ' || g->buf[k] == '\t'))
			k++;
		int quoted = k < to && g->buf[k] == '"';
		k += quoted;
		size_t n = 0;
		while (k < to && n < MAX_BOUNDARY) {
			char c = g->buf[k];
			if (quoted ? c == '"' : (c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n'))
				break;
			if (c != '\r' && c != '\n')
				t->boundary[n++] = c;
			k++;
		}
		t->boundary[n] = '\0';
		t->blen = n;
		return;
	}
}

/*
 * Reads the header block at *pos; leaves *pos after its blank line.
 * Returns 0, or -1 when a header limit was hit (parsing stops at the
 * returned *pos, the start of the offending field).
 */
static int header_block(struct guard *g, size_t *pos, struct part_type *t)
{
	size_t p = *pos;
	long fields = 0;
	memset(t, 0, sizeof *t);
	t->type_off = (size_t)-1;
	while (p < g->len) {
		size_t e = line_end(g, p);
		if (blank_line(g, p, e)) {
			*pos = e;
			return 0;
		}
		/* the field: this line and its continuation lines */
		size_t fe = e;
		while (fe < g->len && (g->buf[fe] == ' ' || g->buf[fe] == '\t'))
			fe = line_end(g, fe);
		if (++fields > MC_LIMIT_HEADER_COUNT) {
			mc_limit_warn(g->m, "header-count", MC_LIMIT_HEADER_COUNT,
			              "more header fields in one block (from byte %zu); that field and"
			              " everything after it not parsed", p);
			*pos = p;
			return -1;
		}
		if (fe - p > MC_LIMIT_HEADER_BYTES) {
			mc_limit_warn(g->m, "header-bytes", MC_LIMIT_HEADER_BYTES,
			              "a header field of %zu bytes at byte %zu; that field and"
			              " everything after it not parsed", fe - p, p);
			*pos = p;
			return -1;
		}
		if (fe - p > 13 && !g_ascii_strncasecmp(g->buf + p, "content-type", 12)) {
			size_t c = p + 12;
			while (c < fe && (g->buf[c] == ' ' || g->buf[c] == '\t'))
				c++;
			if (c < fe && g->buf[c] == ':')
				read_content_type(g, c + 1, fe, t);
		}
		p = fe;
	}
	*pos = g->len;
	return 0;
}

/* Renames the container type at t->type_off in the copy. */
static void neutralise(struct guard *g, const struct part_type *t, size_t at)
{
	if (!g->w) {
		if (!*g->copy) {
			*g->copy = g_malloc(g->len ? g->len : 1);
			memcpy(*g->copy, g->buf, g->len);
		}
		g->w = *g->copy;
		g->buf = g->w;
	}
	memcpy(g->w + t->type_off, t->multipart ? "x-limited" : "x-limit", t->type_len);
	if (!g->depth_warned) {
		mc_limit_warn(g->m, "mime-depth", MC_LIMIT_MIME_DEPTH,
		              "a %s at MIME nesting level %d (byte %zu) kept as one part,"
		              " not parsed", t->multipart ? "multipart" : "message",
		              g->depth + 2, at);
		g->depth_warned = 1;
	}
}

/* A boundary line of an open multipart: its level, and whether it closes. */
static int boundary_level(const struct guard *g, size_t p, size_t e, int *closing)
{
	if (e - p < 3 || g->buf[p] != '-' || g->buf[p + 1] != '-')
		return -1;
	for (int i = g->depth - 1; i >= 0; i--) {
		const struct level *l = &g->stack[i];
		if (!l->blen || e - p < l->blen + 2 || memcmp(g->buf + p + 2, l->boundary, l->blen))
			continue;
		size_t k = p + 2 + l->blen;
		*closing = e - k >= 2 && g->buf[k] == '-' && g->buf[k + 1] == '-';
		return i;
	}
	return -1;
}

size_t mc_mime_guard(const char *buf, size_t len, char **copy, struct mc_message *m)
{
	struct guard g = { .buf = buf, .copy = copy, .len = len, .m = m };
	if (*copy)
		g.w = *copy, g.buf = *copy;
	size_t pos = 0;
	int in_headers = 1, in_digest = 0;
	while (pos < len) {
		if (in_headers) {
			size_t start = pos;
			struct part_type t;
			if (header_block(&g, &pos, &t) != 0)
				return pos;
			int is_message = t.message || (t.type_off == (size_t)-1 && in_digest);
			int container = (t.multipart && t.blen) || is_message;
			in_headers = 0;
			if (!container)
				continue;
			if (g.depth + 1 > MC_LIMIT_MIME_DEPTH - 1) {
				if (t.type_off != (size_t)-1) {
					neutralise(&g, &t, start);
					continue;
				}
				/* a digest's typeless part: nothing to rename */
				mc_limit_warn(m, "mime-depth", MC_LIMIT_MIME_DEPTH,
				              "a message at MIME nesting level %d (byte %zu);"
				              " the rest not parsed", g.depth + 2, start);
				return start;
			}
			struct level *l = &g.stack[g.depth++];
			memset(l, 0, sizeof *l);
			if (t.multipart) {
				memcpy(l->boundary, t.boundary, t.blen + 1);
				l->blen = t.blen;
				l->digest = t.digest;
			} else {
				in_headers = 1;   /* the embedded message's own headers */
			}
			in_digest = 0;
			continue;
		}
		size_t e = line_end(&g, pos);
		int closing = 0;
		int lvl = boundary_level(&g, pos, e, &closing);
		if (lvl >= 0) {
			g.depth = closing ? lvl : lvl + 1;
			if (!closing) {
				in_headers = 1;
				in_digest = g.stack[lvl].digest;
			}
		}
		pos = e;
	}
	return len;
}
