/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h: what mailcase tells the person running it.
 *
 * Errors and warnings go to stderr prefixed with the program name, in the
 * GNU style "mailcase: FILE: what happened". Progress is shown on a TTY
 * only, on one rewritten line, and never in pipes, files or CI.
 */
#ifndef MAILCASE_LOG_H
#define MAILCASE_LOG_H

#include <stdint.h>
#include <glib.h>

extern int mc_log_quiet;      /* --quiet: no progress, no summaries */

void mc_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void mc_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* An informational line on stderr, unless quiet. */
void mc_note(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Progress: enabled only when stderr is a terminal and not quiet. */
void mc_progress_begin(uint64_t total_items);
void mc_progress_update(uint64_t done_items, uint64_t messages, const char *current);
void mc_progress_end(void);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void mc_now_utc(char out[21]);

#endif
