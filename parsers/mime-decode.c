/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mime-decode.c: owns the transfer decoding of a part's content
 * (mime-decode.h says why base64 is not left to GMime, and what is done
 * after the padding).
 */

#include <string.h>

#include "mime-decode.h"

#define LINE_MAX_HELD 4096   /* of a line after padding, judged whole */

struct b64 {
	GMimeStream *out;
	gint state;
	guint save;
	int padded;              /* a '=' ended the chunk being decoded */
	int line_start;          /* at the start of a line */
	GString *line;           /* after padding: the line being judged */
	int stopped;             /* text that is not base64 came after padding */
	struct mc_mime_decoded *res;
};

static int is_b64(char c)
{
	return g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=';
}

static void decode(struct b64 *d, const char *s, size_t n)
{
	guchar buf[3 * 1024 + 3];
	while (n > 0) {
		size_t k = n > 4096 ? 4096 : n;
		gsize m = g_base64_decode_step(s, k, buf, &d->state, &d->save);
		if (m > 0)
			g_mime_stream_write(d->out, (const char *)buf, m);
		s += k;
		n -= k;
	}
}

/* Starts a new chunk after a padded one: GLib's decoder state is reset, as
 * a chunk's quanta start afresh. */
static void new_chunk(struct b64 *d)
{
	d->state = 0;
	d->save = 0;
	d->padded = 0;
	d->res->chunked = 1;
}

/* A whole line that came after padding: more base64 (a new chunk) or the
 * end of the content. */
static void judge_line(struct b64 *d)
{
	const char *s = d->line->str;
	size_t n = d->line->len;
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	int all_b64 = 1;
	for (size_t i = 0; i < n && all_b64; i++)
		all_b64 = is_b64(s[i]);
	if (n == 0) {
		/* an empty line: judged with the next one */
	} else if (all_b64) {
		new_chunk(d);
		decode(d, s, n);
		d->padded = memchr(s, '=', n) != NULL;
	} else {
		d->stopped = 1;
		d->res->undecoded += (int64_t)d->line->len;
	}
	g_string_truncate(d->line, 0);
}

static void feed(struct b64 *d, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (d->stopped) {
			d->res->undecoded += (int64_t)(n - i);
			return;
		}
		if (d->padded && d->line_start) {
			/* a line after padding: held until its end, then judged */
			const char *nl = memchr(s + i, '\n', n - i);
			size_t k = nl ? (size_t)(nl - (s + i)) + 1 : n - i;
			g_string_append_len(d->line, s + i, (gssize)k);
			i += k;
			if (nl || d->line->len > LINE_MAX_HELD)
				judge_line(d);
			d->line_start = nl != NULL;
			continue;
		}
		/* within a line: decode up to its end, a padded chunk followed on
		 * the same line by more base64 ("VVM=ISE=") starting a new one */
		size_t j = i;
		while (j < n && s[j] != '\n') {
			if (s[j] == '=')
				d->padded = 1;
			else if (d->padded && is_b64(s[j])) {
				decode(d, s + i, j - i);
				new_chunk(d);
				i = j;
			} else if (d->padded && s[j] != '\r') {
				/* "ecO2dMOkIHZhYW4uCg== ignored": the content ended */
				decode(d, s + i, j - i);
				d->stopped = 1;
				d->res->undecoded += (int64_t)(n - j);
				return;
			}
			j++;
		}
		if (j < n)
			j++;   /* the line end */
		decode(d, s + i, j - i);
		d->line_start = j > i && s[j - 1] == '\n';
		i = j;
	}
}

void mc_mime_write_decoded(GMimeDataWrapper *w, GMimeStream *out,
                           struct mc_mime_decoded *res)
{
	memset(res, 0, sizeof *res);
	if (g_mime_data_wrapper_get_encoding(w) != GMIME_CONTENT_ENCODING_BASE64) {
		g_mime_data_wrapper_write_to_stream(w, out);
		return;
	}
	GMimeStream *in = g_mime_data_wrapper_get_stream(w);
	if (!in)
		return;
	g_mime_stream_reset(in);
	struct b64 d = { .out = out, .line_start = 1, .line = g_string_new(NULL), .res = res };
	char *text = g_malloc(64 * 1024);
	for (;;) {
		ssize_t n = g_mime_stream_read(in, text, 64 * 1024);
		if (n <= 0)
			break;
		feed(&d, text, (size_t)n);
	}
	if (d.line->len > 0 && !d.stopped)
		judge_line(&d);
	g_mime_stream_reset(in);
	g_string_free(d.line, TRUE);
	g_free(text);
}
