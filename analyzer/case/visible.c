/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * visible.c: strings made safe and visible for a terminal (visible.h).
 */
#include "config.h"

#include <string.h>

#include "visible.h"

gboolean mc_visible_escaped_char(gunichar c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

static gboolean plain_ascii(const char *s, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return FALSE;
	return TRUE;
}

void mc_visible_append(GString *out, const char *s, gssize len, unsigned flags)
{
	if (!s)
		return;
	gsize n = len < 0 ? strlen(s) : (gsize)len;
	if (plain_ascii(s, n)) {
		g_string_append_len(out, s, (gssize)n);
		return;
	}
	const char *p = s, *end = s + n;
	while (p < end) {
		unsigned char b = (unsigned char)*p;
		if (b >= 0x20 && b < 0x7f) {
			g_string_append_c(out, (char)b);
			p++;
			continue;
		}
		gunichar c = b < 0x80 ? b : g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x", b);
			p++;
			continue;
		}
		const char *next = b < 0x80 ? p + 1 : g_utf8_next_char(p);
		if ((flags & MC_VISIBLE_LINES) &&
		    (c == '\n' || c == '\t' || (c == '\r' && next < end && *next == '\n')))
			g_string_append_c(out, (char)c);
		else if (c < 0x80 && mc_visible_escaped_char(c))
			g_string_append_printf(out, "\\x%02x", (unsigned)c);
		else if (mc_visible_escaped_char(c))
			g_string_append_printf(out, "\\u%04x", (unsigned)c);
		else
			g_string_append_len(out, p, next - p);
		p = next;
	}
}

char *mc_visible_dup(const char *s, unsigned flags)
{
	if (!s)
		return NULL;
	GString *out = g_string_sized_new(strlen(s) + 8);
	mc_visible_append(out, s, -1, flags);
	return g_string_free(out, FALSE);
}

#define RING 16
static _Thread_local GString *ring[RING];
static _Thread_local unsigned ring_next;

const char *mc_vis(const char *s)
{
	if (!s)
		return NULL;
	GString **slot = &ring[ring_next++ % RING];
	if (!*slot)
		*slot = g_string_new(NULL);
	g_string_truncate(*slot, 0);
	mc_visible_append(*slot, s, -1, MC_VISIBLE_LINE);
	return (*slot)->str;
}

void mc_visible_fputs(const char *s, unsigned flags, FILE *f)
{
	if (!s)
		return;
	GString *out = g_string_new(NULL);
	mc_visible_append(out, s, -1, flags);
	fwrite(out->str, 1, out->len, f);
	g_string_free(out, TRUE);
}
