/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mime-decode.c: owns the transfer decoding of a part's content
 * (mime-decode.h says why base64 is not left to GMime).
 */

#include <string.h>

#include "mime-decode.h"

/* Whether the base64 text in buf has a base64 character after a '='. */
static int text_after_padding(const char *buf, size_t n, int *seen_pad)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		if (c == '=')
			*seen_pad = 1;
		else if (*seen_pad && (g_ascii_isalnum(c) || c == '+' || c == '/'))
			return 1;
	}
	return 0;
}

int mc_mime_write_decoded(GMimeDataWrapper *w, GMimeStream *out)
{
	if (g_mime_data_wrapper_get_encoding(w) != GMIME_CONTENT_ENCODING_BASE64) {
		g_mime_data_wrapper_write_to_stream(w, out);
		return 0;
	}
	GMimeStream *in = g_mime_data_wrapper_get_stream(w);
	if (!in)
		return 0;
	g_mime_stream_reset(in);
	enum { CHUNK = 64 * 1024 };
	char *text = g_malloc(CHUNK);
	guchar *bytes = g_malloc(CHUNK / 4 * 3 + 3);
	gint state = 0;
	guint save = 0;
	int seen_pad = 0, chunked = 0;
	for (;;) {
		ssize_t n = g_mime_stream_read(in, text, CHUNK);
		if (n <= 0)
			break;
		if (!chunked)
			chunked = text_after_padding(text, (size_t)n, &seen_pad);
		gsize m = g_base64_decode_step(text, (gsize)n, bytes, &state, &save);
		if (m > 0)
			g_mime_stream_write(out, (const char *)bytes, m);
	}
	g_mime_stream_reset(in);
	g_free(text);
	g_free(bytes);
	return chunked;
}
