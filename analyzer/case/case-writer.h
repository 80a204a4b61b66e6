/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-writer.h: storing one evidence's records in the case file.
 *
 * The writer owns the prepared INSERTs and the mapping from a parser's
 * local ids (folders, messages) to case ids. The caller brackets each
 * evidence in mc_writer_begin()/mc_writer_commit(), so an evidence is
 * either wholly present with its final status or absent.
 */
#ifndef MAILCASE_CASE_WRITER_H
#define MAILCASE_CASE_WRITER_H

#include <stdint.h>
#include <sqlite3.h>

#include "parser.h"
#include "record.h"

struct mc_evidence_row {
	const char *path;
	int64_t size;            /* -1 if unknown */
	const char *sha256;      /* NULL if the evidence could not be read */
	const char *md5;
	const char *mtime;       /* UTC ISO 8601 or NULL */
	const char *format;
	const char *variant;
	const char *custodian;
	const char *status;      /* ok, partial, failed, skipped */
	const char *error;
	long long duplicate_of;  /* 0 if none */
	long long run_id;
};

struct mc_case_writer;

struct mc_case_writer *mc_writer_new(sqlite3 *db);
void mc_writer_free(struct mc_case_writer *w);

int mc_writer_begin(struct mc_case_writer *w);
int mc_writer_commit(struct mc_case_writer *w);
void mc_writer_rollback(struct mc_case_writer *w);

/* Inserts the evidence row and makes it the target of the calls below. */
long long mc_writer_add_evidence(struct mc_case_writer *w, const struct mc_evidence_row *e);
int mc_writer_folder(struct mc_case_writer *w, const struct mc_folder *f);
int mc_writer_message(struct mc_case_writer *w, const struct mc_message *m);
int mc_writer_problem(struct mc_case_writer *w, const char *severity,
                      const char *locator, const char *text);
/* Sets the final status and the counts of the current evidence. */
int mc_writer_finish_evidence(struct mc_case_writer *w, const char *status,
                              const char *variant, const char *error);
/* Deletes an evidence and everything extracted from it. */
int mc_writer_delete_evidence(struct mc_case_writer *w, long long evidence_id);

/* Messages stored for the current evidence so far. */
int64_t mc_writer_message_count(const struct mc_case_writer *w);
/* Locator of the last message stored, or NULL. */
const char *mc_writer_last_locator(const struct mc_case_writer *w);

/* A sink that stores straight into the writer (used in-process by tests). */
void mc_writer_sink(struct mc_sink *sink, struct mc_case_writer *w);

#endif
