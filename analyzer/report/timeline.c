/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * timeline.c: the case's dated events as one ordered SQL query (nothing is
 * loaded into memory), the --from/--to/--tz argument parsers and the local
 * time formatting shared by `timeline` and `export` (their option handling
 * is the CLI's: analyzer/cli/cli-common.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case-db.h"
#include "case-time.h"
#include "timeline.h"

const char *const mc_tl_kinds[] = {
	"sent", "system", "date", "submitted", "delivered", "created", "modified",
	"reply", "reply all", "forward", "finding", "finding last seen", NULL
};

int mc_tl_kind_valid(const char *kind)
{
	for (int i = 0; mc_tl_kinds[i]; i++)
		if (strcmp(kind, mc_tl_kinds[i]) == 0)
			return 1;
	return strncmp(kind, "last verb ", 10) == 0 && kind[10];
}

/* ?1 from, ?2 to, ?3 kind, ?4 identity, ?5 messages, ?6 findings. The ord
 * column orders the events of one message at one time. MSGS is where the
 * messages come from: all of them, or (ALL_MSGS, IDENT_MSGS) only those
 * sent by or to the identity, found through the address indexes so that a
 * big case is not scanned six times; EVENTS_FROM still applies the exact
 * filter.
 *
 * IDENT_CTE finds them by seeks in the schema 3 indexes on lower(from_addr)
 * and lower(addr) (the planner uses an expression index for exactly the
 * indexed expression). A schema 2 case, read as it is, has only the
 * indexes of the addresses as written: IDENT_CTE_V2 scans those (every
 * distinct address once) for the case-insensitive match, then seeks. */
#define ALL_MSGS "messages"
#define IDENT_MSGS "(SELECT * FROM messages WHERE id IN ident)"
#define IDENT_CTE \
	"ident(id) AS (\n" \
	" SELECT id FROM messages WHERE lower(from_addr) = lower(?4)\n" \
	" UNION SELECT message_id FROM recipients WHERE lower(addr) = lower(?4)),\n"
#define IDENT_CTE_V2 \
	"ident(id) AS (\n" \
	" SELECT id FROM messages WHERE from_addr IN\n" \
	"  (SELECT DISTINCT from_addr FROM messages WHERE lower(from_addr) = lower(?4))\n" \
	" UNION SELECT message_id FROM recipients WHERE addr IN\n" \
	"  (SELECT DISTINCT addr FROM recipients WHERE lower(addr) = lower(?4))),\n"
#define EVENTS_CTE(MSGS, FIRST) \
	FIRST "ev(t, ord, kind, mid, fid) AS (\n" \
	" SELECT m.date_utc, 0, CASE\n" \
	"   WHEN f.role = 'sent' THEN 'sent'\n" \
	"   WHEN m.message_class LIKE 'REPORT.%' OR m.content_type = 'multipart/report'\n" \
	"     OR m.from_addr LIKE 'mailer-daemon@%' OR m.from_addr LIKE 'postmaster@%'\n" \
	"     OR EXISTS (SELECT 1 FROM headers h WHERE h.message_id = m.id\n" \
	"       AND h.name = 'Auto-Submitted' COLLATE NOCASE AND lower(h.value) <> 'no')\n" \
	"     THEN 'system'\n" \
	"   ELSE 'date' END, m.id, NULL\n" \
	"   FROM " MSGS " m LEFT JOIN folders f ON f.id = m.folder_id\n" \
	"  WHERE ?5 AND m.date_utc IS NOT NULL\n" \
	" UNION ALL SELECT submit_time, 1, 'submitted', id, NULL FROM " MSGS "\n" \
	"  WHERE ?5 AND submit_time IS NOT NULL AND submit_time IS NOT date_utc\n" \
	" UNION ALL SELECT delivery_time, 2, 'delivered', id, NULL FROM " MSGS "\n" \
	"  WHERE ?5 AND delivery_time IS NOT NULL\n" \
	" UNION ALL SELECT creation_time, 3, 'created', id, NULL FROM " MSGS "\n" \
	"  WHERE ?5 AND creation_time IS NOT NULL\n" \
	" UNION ALL SELECT modification_time, 4, 'modified', id, NULL FROM " MSGS "\n" \
	"  WHERE ?5 AND modification_time IS NOT NULL\n" \
	" UNION ALL SELECT last_verb_time, 5, CASE last_verb WHEN 102 THEN 'reply'\n" \
	"   WHEN 103 THEN 'reply all' WHEN 104 THEN 'forward'\n" \
	"   ELSE 'last verb ' || coalesce(last_verb, '?') END, id, NULL FROM " MSGS "\n" \
	"  WHERE ?5 AND last_verb_time IS NOT NULL\n" \
	" UNION ALL SELECT first_seen, 6, 'finding', NULL, id FROM findings\n" \
	"  WHERE ?6 AND first_seen IS NOT NULL\n" \
	" UNION ALL SELECT last_seen, 7, 'finding last seen', NULL, id FROM findings\n" \
	"  WHERE ?6 AND last_seen IS NOT NULL AND last_seen IS NOT first_seen\n" \
	")\n"

#define EVENTS_FROM \
	" FROM ev\n" \
	" LEFT JOIN messages m ON m.id = ev.mid\n" \
	" LEFT JOIN evidence e ON e.id = m.evidence_id\n" \
	" LEFT JOIN folders fo ON fo.id = m.folder_id\n" \
	" LEFT JOIN findings fi ON fi.id = ev.fid\n" \
	" WHERE (?1 IS NULL OR ev.t >= ?1) AND (?2 IS NULL OR ev.t < ?2)\n" \
	"   AND (?3 IS NULL OR ev.kind = ?3)\n" \
	"   AND (?4 IS NULL OR lower(m.from_addr) = lower(?4)\n" \
	"     OR EXISTS (SELECT 1 FROM recipients r WHERE r.message_id = ev.mid\n" \
	"                AND lower(r.addr) = lower(?4))\n" \
	"     OR lower(fi.identity) = lower(?4))\n"

#define EVENTS_SELECT \
	"SELECT ev.t, ev.kind, ev.mid, ev.fid,\n" \
	" CASE WHEN ev.mid IS NOT NULL THEN lower(m.from_addr) ELSE fi.identity END,\n" \
	" e.path, e.format, fo.path, m.locator, coalesce(m.subject, fi.summary),\n" \
	" m.message_class, m.message_id, fi.rule, fi.severity\n" \
	EVENTS_FROM \
	" ORDER BY ev.t, coalesce(ev.mid, 0), coalesce(ev.fid, 0), ev.ord, ev.kind"

/* [0] every message, [1] those of one identity, [2] the same in a schema
 * 2 case. */
static const char *const EVENTS_SQL[3] = {
	EVENTS_CTE(ALL_MSGS, "WITH ") EVENTS_SELECT,
	EVENTS_CTE(IDENT_MSGS, "WITH " IDENT_CTE) EVENTS_SELECT,
	EVENTS_CTE(IDENT_MSGS, "WITH " IDENT_CTE_V2) EVENTS_SELECT,
};
static const char *const COUNT_SQL[3] = {
	EVENTS_CTE(ALL_MSGS, "WITH ") "SELECT count(*)" EVENTS_FROM,
	EVENTS_CTE(IDENT_MSGS, "WITH " IDENT_CTE) "SELECT count(*)" EVENTS_FROM,
	EVENTS_CTE(IDENT_MSGS, "WITH " IDENT_CTE_V2) "SELECT count(*)" EVENTS_FROM,
};

/* Which of the statements above answers f in db. */
static int variant(sqlite3 *db, const struct mc_tl_filter *f)
{
	if (!f->identity)
		return 0;
	return mc_case_version(db) >= 3 ? 1 : 2;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, const struct mc_tl_filter *f,
                             char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	const char *text[4] = { f->from, f->to, f->kind, f->identity };
	for (int i = 0; i < 4; i++)
		if (text[i])
			sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, f->messages ? 1 : 0);
	sqlite3_bind_int(st, 6, f->findings ? 1 : 0);
	return st;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int mc_timeline_walk(sqlite3 *db, const struct mc_tl_filter *f, mc_tl_fn fn, void *ctx,
                     char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare(db, EVENTS_SQL[variant(db, f)], f, err, errlen);
	if (!st)
		return -1;
	int rc, stopped = 0;
	while (!stopped && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mc_tl_event ev = {
			.time = col(st, 0), .kind = col(st, 1),
			.message_id = sqlite3_column_int64(st, 2),
			.finding_id = sqlite3_column_int64(st, 3),
			.identity = col(st, 4), .evidence = col(st, 5), .format = col(st, 6),
			.folder = col(st, 7), .locator = col(st, 8), .subject = col(st, 9),
			.message_class = col(st, 10), .msgid = col(st, 11), .rule = col(st, 12),
			.severity = col(st, 13),
		};
		stopped = fn(ctx, &ev) != 0;
	}
	if (!stopped && rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return stopped ? 1 : 0;
}

int64_t mc_timeline_count(sqlite3 *db, const struct mc_tl_filter *f)
{
	char err[256];
	sqlite3_stmt *st = prepare(db, COUNT_SQL[variant(db, f)], f, err, sizeof err);
	int64_t n = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ---- times ---- */

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int mc_tl_parse_bound(const char *arg, int is_end, char out[21])
{
	GDateTime *dt = NULL;
	size_t n = strlen(arg);
	if (n == 10 && arg[4] == '-' && arg[7] == '-' && all_digits(arg, 4) &&
	    all_digits(arg + 5, 2) && all_digits(arg + 8, 2)) {
		int y = atoi(arg), m = atoi(arg + 5), d = atoi(arg + 8);
		GDateTime *day = g_date_time_new_utc(y, m, d, 0, 0, 0);
		if (day && is_end) {
			dt = g_date_time_add_days(day, 1);
			g_date_time_unref(day);
		} else {
			dt = day;
		}
	} else {
		char *s = g_strdup(arg);
		if (n > 10 && s[10] == ' ')
			s[10] = 'T';
		GDateTime *t = mc_case_time_parse(s, MC_CASE_TIME_NO_OFFSET);
		g_free(s);
		if (t && is_end) {
			dt = g_date_time_add_seconds(t, 1);  /* the named second included */
			g_date_time_unref(t);
		} else {
			dt = t;
		}
	}
	if (!dt)
		return -1;
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return mc_case_time_format(t, out);
}

GTimeZone *mc_tl_zone(const char *arg)
{
	if (!arg || !*arg)
		return NULL;
	if (g_ascii_strcasecmp(arg, "UTC") == 0 || strcmp(arg, "Z") == 0)
		return g_time_zone_new_utc();
	return g_time_zone_new_identifier(arg);
}

char *mc_tl_local(GTimeZone *tz, const char *utc)
{
	GDateTime *dt = mc_case_time_parse(utc, MC_CASE_TIME_NO_OFFSET);
	if (!dt)
		return NULL;
	GDateTime *local = g_date_time_to_timezone(dt, tz);
	g_date_time_unref(dt);
	char *s = local ? g_date_time_format(local, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
	if (local)
		g_date_time_unref(local);
	return s;
}

int64_t mc_tl_unix(const char *utc, int *ok)
{
	int64_t t;
	*ok = mc_case_time_unix(utc, MC_CASE_TIME_NO_OFFSET, &t) == 0;
	return *ok ? t : -1;
}
