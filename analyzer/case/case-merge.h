/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-merge.h: merging a shard (a case file another mailcase ingest
 * wrote, usually on another machine) into a case: what ingestion stored,
 * with new ids, in one transaction per shard, the shard attached
 * read-only and recorded in the table shards (docs/case-schema.md).
 */
#ifndef MAILCASE_CASE_MERGE_H
#define MAILCASE_CASE_MERGE_H

#include <stddef.h>
#include <sqlite3.h>

struct mc_merge_counts {
	int evidence_added;     /* evidence rows copied */
	int evidence_already;   /* evidence the case held already (same path and SHA-256) */
	long long messages;     /* messages copied */
	char unfinished[256];   /* with force: "ID (COMMAND)" of the shard's last run,
	                         * which did not finish; else "" */
};

enum mc_merge_result {
	MC_MERGE_DONE = 0,
	MC_MERGE_ALREADY = 1,   /* a shard with the same SHA-256 was merged before */
	MC_MERGE_REFUSED = -1,  /* err says why; the case is unchanged */
	MC_MERGE_BUSY = -2      /* another process held the case past the wait
	                         * (case-busy.h): err names the case; nothing of
	                         * the shard is in it */
};

/* Merges the shard at shard_path into the open, writable case db (whose
 * writer lock the caller holds), recording run_id as the merging run.
 * The shard is refused (err names it) when it is missing, not a
 * mailcase case, of a newer schema, damaged, or its last ingest (or
 * merge) run did not finish (unless force: then the shard is merged as it
 * stands, the evidence that run finished, and counts->unfinished names
 * the run); the case is then left unchanged. Evidence is copied in the
 * order of its path, then its SHA-256; evidence whose path and SHA-256
 * the case holds already is not copied again (each is named with
 * mc_note and counted). What analysis derives is not copied: the caller
 * analyses the merged case. checked_sha (or NULL) is the SHA-256 that
 * mc_case_merge_check gave for the shard: when the file still has it, the
 * shard is not checked for damage again (PRAGMA quick_check, the costly
 * part of the checks); the other checks are made again. */
enum mc_merge_result mc_case_merge_shard(sqlite3 *db, const char *shard_path,
                                         long long run_id, int force,
                                         const char *checked_sha,
                                         struct mc_merge_counts *counts,
                                         char *err, size_t errlen);

/* The checks of mc_case_merge_shard that need no open case (the shard
 * is not the file case_path, which need not exist), on their own
 * read-only connection: MC_MERGE_DONE when the shard can be merged, with
 * the SHA-256 of the file it checked in checked_sha (hex), else
 * MC_MERGE_REFUSED with err naming it and checked_sha "". */
enum mc_merge_result mc_case_merge_check(const char *shard_path, const char *case_path,
                                         int force, char checked_sha[65],
                                         char *err, size_t errlen);

#endif
