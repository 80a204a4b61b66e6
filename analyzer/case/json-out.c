/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json-out.c: JSON string escaping and SQLite rows as JSON objects.
 */
#include "config.h"

#include <stdio.h>

#include "json-out.h"

void mc_json_string(GString *out, const char *s)
{
	if (!s) {
		g_string_append(out, "null");
		return;
	}
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':  g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
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

void mc_json_row(GString *out, sqlite3_stmt *st)
{
	g_string_append_c(out, '{');
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		if (i)
			g_string_append_c(out, ',');
		mc_json_string(out, sqlite3_column_name(st, i));
		g_string_append_c(out, ':');
		mc_json_column(out, st, i);
	}
	g_string_append_c(out, '}');
}
