/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-off-hours-activity.c: the rule off-hours-activity (docs/findings.md): a
 * mailbox's activity at night (00:00-05:59 in the owner's usual UTC offset)
 * against its own baseline, broken down by the client that did it, so that
 * mobile devices syncing at night are explained and rated low while
 * webmail sessions at night stand out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "rules.h"

#define NIGHT_END_HOUR 6        /* night is [00:00, 06:00) local time */
#define MIN_NIGHT_EVENTS 3
#define HABITUAL_SHARE 0.3      /* at least this share at night: a habit, info */
#define MOBILE_SHARE 0.8        /* at least this share of night events mobile: benign */
#define LINK_MAX 200

/* A send by the identity, for the alias m or d of messages: the columns of
 * the copies (d) are prefixed with a unary + so that SQLite looks them up
 * by their Message-ID only (messages_message_id), never by scanning the
 * identity's messages for each one. */
#define SENT_BY(a, plus) \
	plus a ".sender_identity = ?1 AND " plus a ".system_kind IS NULL" \
	" AND " plus a ".origin IN ('folder', 'embedded') AND " plus a ".date_utc IS NOT NULL"

/* Sends by the identity (one per Message-ID: the first stored, with the
 * highest client of its copies) and replies/forwards done in its mailbox
 * (last verb times), with the local hour of each, in no order. Neither
 * GROUP BY nor ORDER BY over all of them: with the case's temp store in
 * memory, each sorted every event of the mailbox in memory, never spilled
 * (about 100 bytes an event each, the analysis' peak at 1,000,000
 * messages: docs/performance.md). */
#define EVENTS_CTE \
	"WITH ev AS (" \
	"  SELECT m.id, m.date_utc AS t," \
	"         CASE WHEN m.message_id IS NULL THEN coalesce(m.client_kind, 'unknown')" \
	"         ELSE (SELECT max(coalesce(d.client_kind, 'unknown')) FROM messages d" \
	"                WHERE d.message_id = m.message_id AND " SENT_BY("d", "+") ") END AS client" \
	"    FROM messages m WHERE " SENT_BY("m", "") \
	"     AND (m.message_id IS NULL OR NOT EXISTS (SELECT 1 FROM messages d" \
	"          WHERE d.message_id = m.message_id AND d.id < m.id AND " SENT_BY("d", "+") "))" \
	"  UNION ALL" \
	"  SELECT m.id, m.last_verb_time, 'unknown'" \
	"    FROM messages m JOIN evidence e ON e.id = m.evidence_id" \
	"   WHERE e.mailbox = ?1 AND m.last_verb_time IS NOT NULL)," \
	" hours AS (SELECT id, t, client, CAST(strftime('%H', t, ?2 || ' minutes') AS INTEGER) AS hour" \
	"  FROM ev)"
static const char EVENTS_SQL[] = EVENTS_CTE " SELECT id, t, client, hour FROM hours";
/* The night events to link, earliest first: a message is at most one send
 * and one last verb, so twice LINK_MAX rows hold LINK_MAX messages (SQLite
 * keeps only the rows of the LIMIT while it sorts). */
static const char NIGHT_SQL[] = EVENTS_CTE
	" SELECT id FROM hours WHERE coalesce(hour, 0) < " G_STRINGIFY(NIGHT_END_HOUR)
	" ORDER BY t, id LIMIT 2 * " G_STRINGIFY(LINK_MAX);

struct counts {
	unsigned total, night, mobile, webmail, desktop, other;
};

static sqlite3_stmt *prepare_events(sqlite3 *db, const char *sql, const char *identity,
                                    const char *offset)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (st) {
		sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, offset, -1, SQLITE_STATIC);
	}
	return st;
}

/* Links the first LINK_MAX night events of the identity to f. */
static int link_night_events(sqlite3 *db, const char *identity, const char *offset,
                             struct mc_finding *f)
{
	sqlite3_stmt *st = prepare_events(db, NIGHT_SQL, identity, offset);
	if (!st)
		return -1;
	while (f->messages->len < LINK_MAX && sqlite3_step(st) == SQLITE_ROW)
		mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
	sqlite3_finalize(st);
	return 0;
}

static int check_identity(sqlite3 *db, const char *identity, int offset,
                          struct mc_analyze_totals *t)
{
	char off[16];
	snprintf(off, sizeof off, "%+d", offset);
	sqlite3_stmt *st = prepare_events(db, EVENTS_SQL, identity, off);
	if (!st)
		return -1;
	struct counts c = { 0 };
	struct mc_finding *f = mc_finding_new(MC_RULE_OFF_HOURS_ACTIVITY, "low", 0.6, identity);
	while (sqlite3_step(st) == SQLITE_ROW) {
		c.total++;
		if (sqlite3_column_int(st, 3) >= NIGHT_END_HOUR)
			continue;
		c.night++;
		const char *client = (const char *)sqlite3_column_text(st, 2);
		if (strcmp(client, "mobile") == 0)
			c.mobile++;
		else if (strcmp(client, "webmail") == 0)
			c.webmail++;
		else if (strcmp(client, "desktop") == 0)
			c.desktop++;
		else
			c.other++;
		mc_finding_seen(f, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (c.night < MIN_NIGHT_EVENTS) {
		mc_finding_free(f);
		return 0;
	}
	if (link_night_events(db, identity, off, f) != 0) {
		mc_finding_free(f);
		return -1;
	}
	double share = (double)c.night / c.total;
	const char *why;
	if (share >= HABITUAL_SHARE) {
		f->severity = "info";
		why = "a habit: a large share of this mailbox's activity is at night";
	} else if (c.webmail > 0) {
		f->severity = "medium";
		f->confidence = 0.7;
		why = "webmail sessions at night, unusual for this mailbox";
	} else if (c.mobile >= MOBILE_SHARE * c.night) {
		f->severity = "low";
		f->confidence = 0.8;
		why = "consistent with a mobile device syncing or used at night (benign pattern)";
	} else {
		why = "night activity from desktop or unknown clients";
	}
	g_string_printf(f->summary, "%u of %u events of %s at night (UTC%+d:%02d): %u mobile, "
	                "%u webmail, %u desktop, %u other; %s", c.night, c.total, identity,
	                offset / 60, abs(offset % 60), c.mobile, c.webmail, c.desktop, c.other, why);
	g_string_append_printf(f->details, "{\"night_events\":%u,\"events\":%u,\"night_share\":%.3f,"
	                       "\"utc_offset_minutes\":%d,\"night_hours\":\"00:00-%02d:00\","
	                       "\"clients\":{\"mobile\":%u,\"webmail\":%u,\"desktop\":%u,"
	                       "\"other\":%u},\"assessment\":", c.night, c.total, share, offset,
	                       NIGHT_END_HOUR, c.mobile, c.webmail, c.desktop, c.other);
	mc_json_string(f->details, why);
	g_string_append_c(f->details, '}');
	return mc_finding_store(db, f, t);
}

int mc_rule_off_hours_activity(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT identity, coalesce(utc_offset, 0) FROM identities WHERE is_mailbox = 1"
		" ORDER BY identity");
	if (!st)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		char *identity = g_strdup((const char *)sqlite3_column_text(st, 0));
		rc = check_identity(db, identity, sqlite3_column_int(st, 1), t);
		g_free(identity);
	}
	sqlite3_finalize(st);
	return rc;
}
