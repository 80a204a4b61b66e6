/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-time.h: the times of a case file (docs/case-schema.md): text in UTC,
 * ISO 8601 with a Z, "2011-03-14T08:40:12Z" (MC_CASE_TIME_LEN characters),
 * which sorts as text. Every reader of case times parses them here.
 *
 * A time is what g_date_time_new_from_iso8601() reads, as mailcase has
 * always read them: the Z or an offset ("+08:00", "+0800", "+08"),
 * fractional seconds (kept to the microsecond), the basic format
 * ("20110314T084012Z"), week and ordinal dates, a space or a lower-case t
 * for the T, second 60 as 59. Not: hours or minutes alone, a lower-case z,
 * spaces around it, impossible dates. Readers that take more pass flags:
 */
#ifndef MAILCASE_CASE_TIME_H
#define MAILCASE_CASE_TIME_H

#include <stdint.h>
#include <glib.h>

#define MC_CASE_TIME_LEN 20

/* A time without offset, as UTC (the timeline, show). */
#define MC_CASE_TIME_NO_OFFSET 0x1
/* A date alone, "YYYY-MM-DD" and nothing after it, as its midnight UTC
 * (the report); read with sscanf's %d, so "2011-2-3" and a leading space
 * pass too. */
#define MC_CASE_TIME_DAY 0x2

/* The time s, taking also what `accept` (MC_CASE_TIME_* or 0) says; NULL
 * for NULL or what does not parse. g_date_time_unref it. */
GDateTime *mc_case_time_parse(const char *s, unsigned accept);

/* The same as seconds since 1970 (a fraction of a second dropped, towards
 * the past): 0 and *t, or -1 with *t unchanged. */
int mc_case_time_unix(const char *s, unsigned accept, int64_t *t);

/* Writes the time t (seconds since 1970) as a case time into out: 0, or -1
 * (out unchanged) when its year is not between 1000 and 9999. */
int mc_case_time_format(int64_t t, char out[MC_CASE_TIME_LEN + 1]);

#endif
