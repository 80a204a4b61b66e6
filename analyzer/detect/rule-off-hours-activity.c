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

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "rules.h"

#define NIGHT_END_HOUR 6        /* night is [00:00, 06:00) local time */
#define MIN_NIGHT_EVENTS 3
#define HABITUAL_SHARE 0.3      /* at least this share at night: a habit, info */
#define MOBILE_SHARE 0.8        /* at least this share of night events mobile: benign */
#define LINK_MAX 200

/* Sends by the identity (one per Message-ID) and replies/forwards done in
 * its mailbox (last verb times), with the local hour of each. */
static const char EVENTS_SQL[] =
	"WITH ev AS ("
	"  SELECT min(m.id) AS id, m.date_utc AS t, max(coalesce(m.client_kind, 'unknown')) AS client,"
	"         'sent' AS what"
	"    FROM messages m WHERE m.sender_identity = ?1 AND m.system_kind IS NULL"
	"     AND m.origin IN ('folder', 'embedded') AND m.date_utc IS NOT NULL"
	"   GROUP BY coalesce(m.message_id, 'id:' || m.id)"
	"  UNION ALL"
	"  SELECT m.id, m.last_verb_time, 'unknown', 'last verb'"
	"    FROM messages m JOIN evidence e ON e.id = m.evidence_id"
	"   WHERE e.mailbox = ?1 AND m.last_verb_time IS NOT NULL)"
	" SELECT id, t, client, what,"
	"  CAST(strftime('%H', t, ?2 || ' minutes') AS INTEGER) AS hour"
	" FROM ev ORDER BY t, id";

struct counts {
	unsigned total, night, mobile, webmail, desktop, other;
};

static int check_identity(sqlite3 *db, const char *identity, int offset,
                          struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db, EVENTS_SQL);
	if (!st)
		return -1;
	char off[16];
	snprintf(off, sizeof off, "%+d", offset);
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, off, -1, SQLITE_STATIC);
	struct counts c = { 0 };
	struct mc_finding *f = mc_finding_new(MC_RULE_OFF_HOURS_ACTIVITY, "low", 0.6, identity);
	while (sqlite3_step(st) == SQLITE_ROW) {
		c.total++;
		if (sqlite3_column_int(st, 4) >= NIGHT_END_HOUR)
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
		if (f->messages->len < LINK_MAX)
			mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
		mc_finding_seen(f, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (c.night < MIN_NIGHT_EVENTS) {
		mc_finding_free(f);
		return 0;
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
