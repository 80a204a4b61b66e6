/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * interrupt.c: owns the stop request of a command (interrupt.h): the
 * signal handler that sets it and the SQLite progress handler that turns
 * it into SQLITE_INTERRUPT.
 */

#include "interrupt.h"

volatile sig_atomic_t mc_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	mc_interrupted = 1;
}

void mc_interrupt_catch(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int stop_requested(void *unused)
{
	(void)unused;
	return mc_interrupted != 0;
}

void mc_interrupt_watch(sqlite3 *db)
{
	/* Every 10,000 virtual-machine steps: well under a millisecond. */
	sqlite3_progress_handler(db, 10000, stop_requested, NULL);
}

void mc_interrupt_unwatch(sqlite3 *db)
{
	if (db)
		sqlite3_progress_handler(db, 0, NULL, NULL);
}
