/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ingest.h: bringing evidence into a case.
 *
 * For every evidence item, in a deterministic order: open read-only, hash
 * (SHA-256, MD5), detect the format from content, skip what the case
 * already holds, parse in a contained worker, and store the result in one
 * transaction per evidence with its final status (ok, partial, failed,
 * skipped). Workers run in parallel (--jobs); results are written in input
 * order so case ids do not depend on timing.
 */
#ifndef MAILCASE_INGEST_H
#define MAILCASE_INGEST_H

#include <signal.h>
#include <stdint.h>
#include <sqlite3.h>

#include "worker.h"

struct mc_ingest_options {
	const char *custodian;
	int force;              /* re-ingest evidence already in the case */
	int jobs;               /* parallel workers, >= 1 */
	unsigned timeout_s;     /* per-evidence worker time limit; 0 = by size */
	uint64_t memory_mb;     /* per-worker memory limit; 0 = none */
	const char *spool_dir;  /* directory for worker spool files */
	long long run_id;
	const char *case_path;  /* the case written: its files are not evidence */
};

struct mc_ingest_totals {
	int ok, partial, failed, skipped, already;
	int changed;  /* of the failed: changed while they were read */
	int case_files;  /* files of the case itself met in the evidence, left out */
	int not_stored;  /* evidence not in the case: the case could not be written */
	int64_t messages;
};

enum mc_ingest_outcome {
	MC_INGEST_DONE = 0,         /* every item handled (see totals) */
	MC_INGEST_CASE_ERROR = -1,  /* the case file could not be written */
	MC_INGEST_INTERRUPTED = -2, /* a signal asked us to stop */
};


/* Ingests the evidence at paths into the case db; its workers are started
 * by pool (mc_worker_pool_open, called before the case was opened). */
enum mc_ingest_outcome mc_ingest(sqlite3 *db, struct mc_worker_pool *pool,
                                 char **paths, int npaths,
                                 const struct mc_ingest_options *opt,
                                 struct mc_ingest_totals *totals);

#endif
