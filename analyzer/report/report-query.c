/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-query.c: the findings query shared by `mailcase findings` and
 * `mailcase report` (report-query.h).
 */

#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "report-query.h"

static const char *const SEVERITIES[] = { "info", "low", "medium", "high", "critical" };

int mc_severity_rank(const char *name)
{
	for (int i = 0; name && i < (int)G_N_ELEMENTS(SEVERITIES); i++)
		if (g_ascii_strcasecmp(name, SEVERITIES[i]) == 0)
			return i;
	return -1;
}

const char *mc_severity_name(int rank)
{
	return rank >= 0 && rank < (int)G_N_ELEMENTS(SEVERITIES) ? SEVERITIES[rank] : NULL;
}

#define RANK_SQL "(CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3" \
	" WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)"

sqlite3_stmt *mc_findings_select(sqlite3 *db, const struct mc_finding_filter *f)
{
	static const char sql[] =
		"SELECT f.id, f.rule, f.severity, f.confidence, f.identity, f.first_seen,"
		" f.last_seen, f.summary, f.details, json_valid(f.details),"
		" (SELECT count(*) FROM finding_messages fm WHERE fm.finding_id = f.id)"
		" FROM findings f"
		" WHERE " RANK_SQL " >= ?1"
		"   AND (?2 IS NULL OR f.rule = ?2)"
		"   AND (?3 IS NULL OR lower(f.identity) = ?3"
		"        OR (f.identity IS NULL AND json_valid(f.details)"
		"            AND EXISTS (SELECT 1 FROM json_tree(f.details) j"
		"                        WHERE j.type = 'text' AND lower(j.atom) = ?3)))"
		" ORDER BY " RANK_SQL " DESC, f.confidence DESC, f.id";
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, f ? f->min_severity : 0);
	if (f && f->rule)
		sqlite3_bind_text(st, 2, f->rule, -1, SQLITE_TRANSIENT);
	if (f && f->identity) {
		char *low = g_utf8_strdown(f->identity, -1);
		sqlite3_bind_text(st, 3, low, -1, g_free);
	}
	return st;
}

sqlite3_stmt *mc_finding_messages_select(sqlite3 *db)
{
	static const char sql[] =
		"WITH fm AS ("
		"  SELECT fm.message_id, fm.role, m.date_utc,"
		"   row_number() OVER (PARTITION BY fm.role ORDER BY"
		"    CASE WHEN fm.role = 'before' THEN m.date_utc END DESC,"
		"    CASE WHEN fm.role <> 'before' THEN m.date_utc END, m.id) AS turn"
		"  FROM finding_messages fm JOIN messages m ON m.id = fm.message_id"
		"  WHERE fm.finding_id = ?1),"
		" chosen AS (SELECT * FROM fm ORDER BY turn,"
		"   CASE role WHEN 'before' THEN 0 WHEN 'after' THEN 1 ELSE 2 END LIMIT ?2)"
		" SELECT m.id, c.role, m.date_utc, m.from_addr, m.from_name, m.subject,"
		"  e.path, m.locator, m.system_language, m.client_kind"
		" FROM chosen c JOIN messages m ON m.id = c.message_id"
		" LEFT JOIN evidence e ON e.id = m.evidence_id"
		" ORDER BY m.date_utc IS NULL, m.date_utc, m.id";
	return mc_case_prepare(db, sql);
}

const char *mc_col_text(sqlite3_stmt *st, int i, const char *dflt)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : dflt;
}
