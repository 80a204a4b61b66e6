/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timeline.h: the dated events of a case, streamed from the case file in a
 * deterministic order (time, then message id, then kind). Used by
 * `mailcase timeline` and `mailcase export --what timeline`.
 *
 * Event kinds: "sent" (Date of a message in a sent-role folder), "system"
 * (Date of a report: REPORT.* class, multipart/report, or from MAILER-DAEMON
 * or postmaster; or of an automatic message: Auto-Submitted not "no"), "date" (any
 * other message's Date), "submitted" (PST client submit time, when it
 * differs from the Date), "delivered", "created", "modified", "reply",
 * "reply all", "forward", "last verb N" (PST last verb executed), "finding"
 * (a finding's first_seen) and "finding last seen".
 */
#ifndef MAILCASE_TIMELINE_H
#define MAILCASE_TIMELINE_H

#include <stdint.h>
#include <stddef.h>
#include <glib.h>
#include <sqlite3.h>

struct mc_tl_filter {
	const char *identity;   /* from_addr, a recipient, or a finding's identity */
	const char *from;       /* "YYYY-MM-DDTHH:MM:SSZ", inclusive, or NULL */
	const char *to;         /* same, exclusive, or NULL */
	const char *kind;       /* exact kind, or NULL */
	int messages;           /* include message events */
	int findings;           /* include finding events */
};

struct mc_tl_event {
	const char *time;       /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	const char *kind;
	int64_t message_id;     /* 0 for a finding */
	int64_t finding_id;     /* 0 for a message */
	const char *identity;   /* lower-case from_addr, or the finding's identity */
	const char *evidence;   /* evidence path */
	const char *format;     /* evidence format */
	const char *folder;     /* folder path */
	const char *locator;
	const char *subject;    /* or the finding's summary */
	const char *message_class;
	const char *msgid;      /* Message-ID */
	const char *rule;       /* finding rule */
	const char *severity;   /* finding severity */
};

typedef int (*mc_tl_fn)(void *ctx, const struct mc_tl_event *ev);

/* Calls fn for every event matching f, in order. Returns 0, 1 when fn
 * stopped the walk (fn returned non-zero), or -1 on an SQLite error with
 * its message in err. */
int mc_timeline_walk(sqlite3 *db, const struct mc_tl_filter *f, mc_tl_fn fn, void *ctx,
                     char *err, size_t errlen);

/* Counts the events matching f (for progress), or -1. */
int64_t mc_timeline_count(sqlite3 *db, const struct mc_tl_filter *f);

/* Parses a --from/--to argument: "YYYY-MM-DD" or an ISO 8601 date-time
 * (UTC unless it carries an offset). A date alone for an end bound means
 * the whole day. Writes "YYYY-MM-DDTHH:MM:SSZ"; returns 0 or -1. */
int mc_tl_parse_bound(const char *arg, int is_end, char out[21]);

/* Parses --tz: an IANA zone name, "UTC", or an offset "+HH:MM"/"-HH:MM".
 * Returns NULL when unknown. */
GTimeZone *mc_tl_zone(const char *arg);

/* The UTC time as local time in tz, ISO 8601 with its offset
 * ("2011-03-14T16:40:12+08:00"); NULL if utc does not parse. g_free it. */
char *mc_tl_local(GTimeZone *tz, const char *utc);

/* Seconds since the epoch of a case time, or -1 (sets *ok to 0). */
int64_t mc_tl_unix(const char *utc, int *ok);

/* All kinds, NULL-terminated except for "last verb N" (any number). */
extern const char *const mc_tl_kinds[];
int mc_tl_kind_valid(const char *kind);

#endif
