/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * case-damage.c: the SQLite error logger that remembers the first sign of
 * a damaged or unreadable case file (case-damage.h).
 */

#include <signal.h>
#include <sqlite3.h>

#include "case-damage.h"
#include "log.h"

static volatile sig_atomic_t first_damage;

static void on_sqlite_log(void *arg, int code, const char *message)
{
	(void)arg;
	(void)message;
	int primary = code & 0xff;
	if (first_damage == 0 &&
	    (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_IOERR))
		first_damage = code;
}

void mc_case_watch_damage(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* SQLITE_MISUSE once SQLite is initialised: then nothing is watched,
	 * which the test suite would show (tests/e2e/damaged-case.sh). */
	sqlite3_config(SQLITE_CONFIG_LOG, on_sqlite_log, (void *)0);
}

int mc_case_damage(void)
{
	return first_damage;
}

int mc_case_damage_reported(const char *case_path)
{
	int code = first_damage;
	if (!code)
		return 0;
	mc_error("%s: not a usable case file: %s (SQLite error %d); what was printed"
	         " before this is incomplete", case_path, sqlite3_errstr(code), code);
	return 1;
}
