/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyze.c: the order of the analysis steps, in one transaction.
 */
#include "config.h"

#include "analyze.h"
#include "case-busy.h"
#include "case-db.h"
#include "interrupt.h"
#include "log.h"
#include "rules.h"

static int exec(sqlite3 *db, const char *sql)
{
	char err[512];
	if (mc_case_exec(db, sql, err, sizeof err) != 0) {
		mc_error("analyze: %s", err);
		return -1;
	}
	return 0;
}

static int steps(sqlite3 *db, const struct mc_analyze_options *opts,
                 struct mc_analyze_totals *totals)
{
	struct mc_identities ids = { 0 };
	int rc = exec(db, "DELETE FROM findings");
	if (rc == 0)
		rc = mc_identities_load(&ids, db);
	if (rc == 0)
		rc = mc_identities_store_aliases(&ids, db);
	if (rc == 0)
		rc = mc_identities_resolve_senders(db, &ids);
	if (rc == 0)
		rc = mc_identities_assign_mailboxes(db);
	if (rc == 0)
		rc = mc_analyze_messages(db, &ids, opts, totals);
	uint64_t learned = 0;
	if (rc == 0)
		rc = mc_learn_case_prefixes(db, &learned);
	if (rc == 0)
		rc = mc_identities_fill(db);
	/* The rules of the catalogue, in the order their findings are numbered. */
	for (size_t i = 0; rc == 0 && mc_rule_at(i); i++)
		rc = mc_rule_at(i)->apply(db, totals);
	if (rc == 0) {
		char now[21];
		mc_now_utc(now);
		char *sql = g_strdup_printf("INSERT OR REPLACE INTO case_info(key, value)"
		                            " VALUES ('analyzed_at', '%s')", now);
		rc = exec(db, sql);
		g_free(sql);
	}
	mc_identities_clear(&ids);
	return rc;
}

int mc_analyze(sqlite3 *db, const struct mc_analyze_options *opts,
               struct mc_analyze_totals *totals)
{
	static const struct mc_analyze_options defaults = { 0 };
	*totals = (struct mc_analyze_totals){ 0 };
	/* No memory map (PRAGMA mmap_size): it saved a third of analyze's CPU
	 * on 200,000 messages, but every page of the case it touched counted
	 * in the process's RSS (610 MiB for a 600 MiB case), against the bound
	 * on peak memory (docs/performance.md). */
	if (exec(db, "BEGIN IMMEDIATE") != 0)
		return -1;
	mc_progress_begin(0);
	int rc = steps(db, opts ? opts : &defaults, totals);
	mc_progress_end();
	/* A loop that met SQLITE_INTERRUPT as the end of its rows must not
	 * leave a partial analysis behind: nothing is committed once asked to
	 * stop. */
	if (mc_interrupted)
		rc = -1;
	if (rc == 0)
		rc = exec(db, "COMMIT");
	/* Readers holding the case past the wait (case-busy.h) when the
	 * transaction needed it to itself: said as such. */
	if (rc != 0 && !mc_interrupted && mc_case_is_busy(db)) {
		char why[512];
		mc_case_busy_why(1, why, sizeof why);
		mc_error("%s: %s; the analysis was rolled back, the case holds the one from before "
		         "(run 'mailcase analyze' again)", mc_case_path(db), why);
		rc = -2;
	}
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
