/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export-mail.h: `mailcase export --format mbox|eml`: a selection of the
 * case's messages written as mail other tools read, each message's
 * original bytes (re-read from the evidence and checked against the
 * SHA-256 recorded at ingestion) or, for PST/OST items, the RFC 822
 * reconstruction from the case rows (show-message.h), preceded by an
 * X-Mailcase-Source header naming its evidence, the evidence's SHA-256
 * and its locator (docs/commands.md, "export").
 */
#ifndef MAILCASE_EXPORT_MAIL_H
#define MAILCASE_EXPORT_MAIL_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>
#include <sqlite3.h>

/* Which messages: all criteria given must hold (none: every message). */
struct mc_mail_selection {
	const char *identity;   /* the sender or a recipient (case-insensitive) */
	const char *from;       /* date_utc at or after, "YYYY-MM-DDTHH:MM:SSZ" */
	const char *to;         /* date_utc before (exclusive) */
	const char *query;      /* an FTS5 query on messages_fts (as `search`) */
	int64_t finding;        /* linked to this finding (finding_messages); 0: any */
	const GArray *ids;      /* int64_t message numbers (any of them), or NULL */
};

/* Fills ids (int64_t, ascending) with the selected messages: 0; 1 when
 * the selection itself is wrong (no such message or finding, an invalid
 * query), -1 when the case cannot be read; err says why. */
int mc_mail_select(sqlite3 *db, const struct mc_mail_selection *sel, GArray *ids,
                   char *err, size_t errlen);

/* The outcome of an export; the values are mailcase's exit statuses. */
enum mc_mail_status {
	MC_MAIL_OK = 0,
	MC_MAIL_SKIPPED = 1,    /* some messages were not written: evidence unreadable or changed */
	MC_MAIL_REFUSED = 2,    /* a file in DIR exists (no --force), or is the case or evidence */
	MC_MAIL_CASE = 3,       /* the case could not be read */
	MC_MAIL_WRITE = 4       /* an output could not be written */
};

struct mc_mail_export {
	FILE *mbox;             /* mbox: the messages go here; NULL: EML files in dir */
	const char *dir;        /* EML: <dir>/<message number>.eml */
	int force;              /* EML: replace existing files */
	void (*tick)(void *ctx);  /* after each message, or NULL */
	void *ctx;
	uint64_t written, skipped;
};

/* Writes the messages ids (in that order), each error reported on
 * standard error naming the message; the worst outcome. */
enum mc_mail_status mc_mail_export(sqlite3 *db, const char *case_path, const GArray *ids,
                                   struct mc_mail_export *x);

#endif
