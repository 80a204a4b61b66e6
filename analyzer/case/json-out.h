/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json-out.h: writing JSON for --json output (no parsing, no DOM).
 */
#ifndef MAILCASE_JSON_OUT_H
#define MAILCASE_JSON_OUT_H

#include <glib.h>
#include <sqlite3.h>

/* Appends s as a JSON string literal (null when s is NULL). */
void mc_json_string(GString *out, const char *s);
/* Appends column i of a result row as a JSON value of its SQLite type. */
void mc_json_column(GString *out, sqlite3_stmt *st, int i);
/* Appends the current row as an object keyed by column names. */
void mc_json_row(GString *out, sqlite3_stmt *st);

#endif
