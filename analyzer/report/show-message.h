/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * show-message.h: one message of a case as `mailcase show` presents it:
 * loading its row with provenance, text and JSON renderings, and the
 * RFC 822 reconstruction of a PST/OST item from the case rows.
 */
#ifndef MAILCASE_SHOW_MESSAGE_H
#define MAILCASE_SHOW_MESSAGE_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>
#include <sqlite3.h>

struct mc_shown {
	int64_t id;
	char *locator;
	char *sha256;             /* recorded for the message */
	char *evidence_path;
	char *evidence_variant;
	char *evidence_sha256;
	sqlite3_stmt *row;        /* the message row with provenance columns */
};

/* Loads message id; NULL if it cannot be read. */
struct mc_shown *mc_show_load(sqlite3 *db, int64_t id);
void mc_show_free(struct mc_shown *s);

/* The evidence path as recorded, or relative to the case file's directory
 * when the recorded relative path does not exist from here (g_free it;
 * NULL for NULL). */
char *mc_show_evidence_path(const char *recorded, const char *case_path);

void mc_show_text(sqlite3 *db, const struct mc_shown *s, FILE *out);
/* Appends one JSON object (no line break). */
void mc_show_json(sqlite3 *db, const struct mc_shown *s, const char *case_path,
                  GString *out);

/* The header that marks a reconstruction. */
#define MC_RECONSTRUCTED_HEADER \
	"X-Mailcase-Reconstructed: from case rows, not original bytes"

/* An RFC 822 message rebuilt from the headers table (the transport headers)
 * and body_text, marked with MC_RECONSTRUCTED_HEADER. */
GString *mc_show_reconstruct(sqlite3 *db, int64_t id);

#endif
