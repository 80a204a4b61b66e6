/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * interrupt.h: a command's one stop request. SIGINT, SIGTERM and SIGHUP set
 * it once mc_interrupt_catch has run; every long loop polls it (ingest's
 * scheduler, spool copy and hashing), and a case watched with
 * mc_interrupt_watch ends its running SQL statement with SQLITE_INTERRUPT,
 * so analysis, whose work is SQL and loops over SQL, stops within moments
 * and its transaction is rolled back.
 */
#ifndef MAILCASE_INTERRUPT_H
#define MAILCASE_INTERRUPT_H

#include <signal.h>
#include <sqlite3.h>

extern volatile sig_atomic_t mc_interrupted;

/* SIGINT, SIGTERM and SIGHUP set mc_interrupted instead of ending the
 * process. */
void mc_interrupt_catch(void);

/* Statements on db stop with SQLITE_INTERRUPT once mc_interrupted is set. */
void mc_interrupt_watch(sqlite3 *db);

/* Stops watching db: what must still be written (the end of the run). */
void mc_interrupt_unwatch(sqlite3 *db);

#endif
