/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json-out.h: writing JSON for --json output (no parsing, no DOM).
 *
 * The output is always valid UTF-8 JSON (RFC 8259) that strict parsers
 * accept, whatever the case holds: a case stores file names as the bytes
 * the file system gave, which need not be UTF-8. In a string, each byte
 * that is not part of valid UTF-8 is written as U+FFFD; a member written
 * with mc_json_member (or of a row) whose value is not valid UTF-8 is
 * followed by the member KEY_hex holding the exact bytes in lowercase hex,
 * so that the original stays recoverable (docs/case-schema.md, "JSON
 * output"). Controls, DEL, C1 controls, bidi controls and U+2028/U+2029 are
 * written as \uXXXX escapes, so the JSON is also safe on a terminal.
 */
#ifndef MAILCASE_JSON_OUT_H
#define MAILCASE_JSON_OUT_H

#include <glib.h>
#include <sqlite3.h>

/* Appends s as a JSON string literal (null when s is NULL). */
void mc_json_string(GString *out, const char *s);
/* Appends "key":<s as a string>, and ,"key_hex":"<bytes>" when s is not
 * valid UTF-8. */
void mc_json_member(GString *out, const char *key, const char *s);
/* Appends column i of a result row as a JSON value of its SQLite type. */
void mc_json_column(GString *out, sqlite3_stmt *st, int i);
/* Appends "key":<column i>, with key_hex as mc_json_member does. */
void mc_json_column_member(GString *out, const char *key, sqlite3_stmt *st, int i);
/* Appends the current row as an object keyed by column names. */
void mc_json_row(GString *out, sqlite3_stmt *st);

#endif
