/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-time.c: parsing and writing the times of a case file (case-time.h).
 */
#include "config.h"

#include <stdio.h>

#include "case-time.h"
#include "record.h"

/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times whose year has
 * four digits. */
#define FIRST_TIME INT64_C(-30610224000)
#define LAST_TIME INT64_C(253402300799)

static GDateTime *parse_day(const char *s)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return NULL;
	return g_date_time_new_utc(y, m, d, 0, 0, 0);
}

GDateTime *mc_case_time_parse(const char *s, unsigned accept)
{
	if (!s)
		return NULL;
	/* Without a default zone, GLib refuses a time without offset. */
	GTimeZone *utc = accept & MC_CASE_TIME_NO_OFFSET ? g_time_zone_new_utc() : NULL;
	GDateTime *dt = g_date_time_new_from_iso8601(s, utc);
	if (utc)
		g_time_zone_unref(utc);
	if (!dt && (accept & MC_CASE_TIME_DAY))
		dt = parse_day(s);
	return dt;
}

int mc_case_time_unix(const char *s, unsigned accept, int64_t *t)
{
	GDateTime *dt = mc_case_time_parse(s, accept);
	if (!dt)
		return -1;
	*t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 0;
}

int mc_case_time_format(int64_t t, char out[MC_CASE_TIME_LEN + 1])
{
	if (t < FIRST_TIME || t > LAST_TIME)
		return -1;
	mc_format_utc(t, out);
	return 0;
}
