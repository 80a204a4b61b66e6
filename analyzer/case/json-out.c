/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json-out.c: JSON string escaping (valid UTF-8 whatever the input, the
 * exact bytes of a value that is not UTF-8 in a KEY_hex member) and SQLite
 * rows as JSON objects.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "json-out.h"
#include "visible.h"

/* Characters written as \uXXXX although JSON would allow them raw. */
static gboolean escaped_char(gunichar c)
{
	return mc_visible_escaped_char(c) || c == 0x2028 || c == 0x2029;
}

void mc_json_string(GString *out, const char *s)
{
	if (!s) {
		g_string_append(out, "null");
		return;
	}
	g_string_append_c(out, '"');
	const char *p = s;
	while (*p) {
		unsigned char b = (unsigned char)*p;
		if (b == '"' || b == '\\') {
			g_string_append_c(out, '\\');
			g_string_append_c(out, (char)b);
			p++;
			continue;
		}
		if (b >= 0x20 && b < 0x7f) {
			g_string_append_c(out, (char)b);
			p++;
			continue;
		}
		gunichar c = b < 0x80 ? b : g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append(out, "\\ufffd");   /* not UTF-8: KEY_hex has it */
			p++;
			continue;
		}
		const char *next = b < 0x80 ? p + 1 : g_utf8_next_char(p);
		switch (c) {
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (escaped_char(c))
				g_string_append_printf(out, "\\u%04x", (unsigned)c);
			else
				g_string_append_len(out, p, next - p);
		}
		p = next;
	}
	g_string_append_c(out, '"');
}

static void hex_member(GString *out, const char *key, const char *s)
{
	g_string_append_c(out, ',');
	char *name = g_strconcat(key, "_hex", NULL);
	mc_json_string(out, name);
	g_free(name);
	g_string_append(out, ":\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		g_string_append_printf(out, "%02x", *p);
	g_string_append_c(out, '"');
}

void mc_json_member(GString *out, const char *key, const char *s)
{
	mc_json_string(out, key);
	g_string_append_c(out, ':');
	mc_json_string(out, s);
	if (s && !g_utf8_validate(s, -1, NULL))
		hex_member(out, key, s);
}

void mc_json_column(GString *out, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		g_string_append(out, "null");
		break;
	case SQLITE_INTEGER:
		g_string_append_printf(out, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		g_string_append_printf(out, "%.17g", sqlite3_column_double(st, i));
		break;
	default:
		mc_json_string(out, (const char *)sqlite3_column_text(st, i));
	}
}

void mc_json_column_member(GString *out, const char *key, sqlite3_stmt *st, int i)
{
	int type = sqlite3_column_type(st, i);
	if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
		mc_json_member(out, key, (const char *)sqlite3_column_text(st, i));
		return;
	}
	mc_json_string(out, key);
	g_string_append_c(out, ':');
	mc_json_column(out, st, i);
}

void mc_json_row(GString *out, sqlite3_stmt *st)
{
	g_string_append_c(out, '{');
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		if (i)
			g_string_append_c(out, ',');
		mc_json_column_member(out, sqlite3_column_name(st, i), st, i);
	}
	g_string_append_c(out, '}');
}
