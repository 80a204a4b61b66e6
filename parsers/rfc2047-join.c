/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * rfc2047-join.c: owns joining adjacent RFC 2047 B-encoded words into one
 * (rfc2047-join.h says why).
 */

#include <string.h>
#include <glib.h>

#include "rfc2047-join.h"

/* One encoded-word "=?charset?B?text?=" at s, B or b only: its charset and
 * text spans, and its end. 0 if s does not start one. */
struct bword {
	const char *charset, *text, *end;
	size_t charset_len, text_len;
};

static int b_word_at(const char *s, struct bword *w)
{
	if (s[0] != '=' || s[1] != '?')
		return 0;
	const char *cs = s + 2;
	const char *q = strchr(cs, '?');
	if (!q || q == cs || (q[1] != 'B' && q[1] != 'b') || q[2] != '?')
		return 0;
	for (const char *p = cs; p < q; p++)
		if (*p == ' ' || *p == '\t')
			return 0;
	const char *text = q + 3;
	const char *close = strstr(text, "?=");
	if (!close)
		return 0;
	for (const char *p = text; p < close; p++)
		if (*p == ' ' || *p == '\t' || *p == '?')
			return 0;
	w->charset = cs;
	w->charset_len = (size_t)(q - cs);
	w->text = text;
	w->text_len = (size_t)(close - text);
	w->end = close + 2;
	return 1;
}

static void append_decoded(GByteArray *bytes, const struct bword *w)
{
	char *text = g_strndup(w->text, w->text_len);
	gsize n = 0;
	guchar *dec = g_base64_decode(text, &n);
	g_byte_array_append(bytes, dec, (guint)n);
	g_free(dec);
	g_free(text);
}

char *mc_rfc2047_join_b_words(const char *s)
{
	GString *out = NULL;
	const char *copied = s;   /* s is copied to out up to here */
	for (const char *p = s; *p; p++) {
		struct bword first, next;
		if (!b_word_at(p, &first))
			continue;
		/* The run of words after it: blanks, then a B-word of its charset. */
		const char *after = first.end;
		GByteArray *bytes = NULL;
		for (;;) {
			const char *t = after;
			while (*t == ' ' || *t == '\t')
				t++;
			if (t == after || !b_word_at(t, &next) || next.charset_len != first.charset_len ||
			    g_ascii_strncasecmp(next.charset, first.charset, first.charset_len) != 0)
				break;
			if (!bytes) {
				bytes = g_byte_array_new();
				append_decoded(bytes, &first);
			}
			append_decoded(bytes, &next);
			after = next.end;
		}
		if (!bytes) {
			p = first.end - 1;
			continue;
		}
		if (!out)
			out = g_string_new(NULL);
		g_string_append_len(out, copied, p - copied);
		char *enc = g_base64_encode(bytes->data, bytes->len);
		g_string_append(out, "=?");
		g_string_append_len(out, first.charset, (gssize)first.charset_len);
		g_string_append_printf(out, "?B?%s?=", enc);
		g_free(enc);
		g_byte_array_free(bytes, TRUE);
		copied = after;
		p = after - 1;
	}
	if (!out)
		return NULL;
	g_string_append(out, copied);
	return g_string_free(out, FALSE);
}
