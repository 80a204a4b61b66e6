/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-busy.c: the wait for another process's SQLite lock on the case and
 * the message when it ran out (case-busy.h).
 */
#include "config.h"

#include <stdio.h>

#include "case-busy.h"

static unsigned wait_seconds = MC_CASE_BUSY_WAIT;

void mc_case_busy_set_wait(unsigned seconds)
{
	wait_seconds = seconds > MC_CASE_BUSY_WAIT ? seconds : MC_CASE_BUSY_WAIT;
}

void mc_case_busy_apply(sqlite3 *db)
{
	/* At most 7 days (--wait's bound): 604,800,000 ms fits an int. */
	sqlite3_busy_timeout(db, (int)(wait_seconds * 1000u));
}

int mc_case_is_busy(sqlite3 *db)
{
	return db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY;
}

void mc_case_busy_why(int writing, char *buf, size_t len)
{
	if (writing)
		snprintf(buf, len, "busy: another process is reading it (a mailcase search, report, "
		         "show, verify, or an open sqlite3 transaction) and held it for all of the %u s "
		         "this command waits; wait longer with --wait=SECONDS, or end that reader",
		         wait_seconds);
	else
		snprintf(buf, len, "busy: another process is writing it (a mailcase merge, ingest or "
		         "analyze committing, or an sqlite3 transaction) and held it for all of the "
		         "%u s a reading command waits; try again when it has finished", wait_seconds);
}
