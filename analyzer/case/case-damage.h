/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-damage.h: noticing that SQLite found the case file damaged or
 * unreadable, wherever in a command it happened.
 *
 * A statement stepped on a damaged page fails with SQLITE_CORRUPT (or
 * SQLITE_NOTADB, SQLITE_IOERR...); a loop that takes any result other than
 * a row as "no more rows" would then give a plausible, wrong answer ("0
 * automatic messages", "no message number 1394"). SQLite reports every
 * such error to its error log (sqlite3_config SQLITE_CONFIG_LOG) as it
 * happens, before the caller sees it; mc_case_watch_damage installs a
 * logger that remembers the first one, and the commands that read a case
 * turn it into the "unusable case" exit status 3 (analyzer/cli/mailcase.c,
 * cli-output.c) whatever their loops made of it.
 */
#ifndef MAILCASE_CASE_DAMAGE_H
#define MAILCASE_CASE_DAMAGE_H

/* Installs the logger; must come before SQLite's first use in the process
 * (mc_case_open calls it, mailcase's main too). Later calls do nothing. */
void mc_case_watch_damage(void);

/* The first SQLite error that means damage (primary code SQLITE_CORRUPT,
 * SQLITE_NOTADB or SQLITE_IOERR; extended codes kept) met since the
 * logger was installed, or 0. */
int mc_case_damage(void);

/* If damage was met: prints "CASE: not a usable case file (...)" naming
 * case_path and returns 1; else returns 0. */
int mc_case_damage_reported(const char *case_path);

#endif
