/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-search.c: `mailcase search`: full-text search of subjects and
 * bodies through the case's FTS5 trigram index, ranked by bm25, with
 * excerpts and provenance. Terms shorter than three characters cannot
 * match a trigram index; such queries fall back to LIKE, with a note.
 * Declares its options and --help text; mailcase.c reads them and opens
 * the case read-only.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "json-out.h"
#include "log.h"
#include "visible.h"

static const char *const CMD = "search";

#define MARK_OPEN "["
#define MARK_CLOSE "]"
#define ELLIPSIS "\xE2\x80\xA6"

static long long max_matches = 50;
static int as_json;

static const char ABOUT[] =
"Search the subjects and bodies of the messages in the case file CASE.\n"
"QUERY uses SQLite FTS5 syntax: words (all must occur), \"exact phrases\",\n"
"OR, NOT, NEAR(a b, 5), prefix*, column filters (subject: budget). The index\n"
"matches substrings in any script; each term needs three characters or\n"
"more. A query with a shorter term is run as a substring search (LIKE) of\n"
"all its terms instead, unranked, with a note on standard error.\n"
"\n"
"Each match shows the message number (for 'mailcase show'), date, sender,\n"
"subject, where it was found (evidence, folder, locator) and an excerpt with\n"
"the matching text between [ and ]. Matches are ranked by relevance (bm25).\n";

static const char EPILOGUE[] =
"Exit status: 0 searched (whether or not anything matched); 2 bad command\n"
"line or invalid query; 3 CASE is not a usable case file.\n";

static const struct mc_option options[] = {
	MC_COUNT("limit", 'n', "N", &max_matches, 0, LONG_MAX,
	         "show at most N matches (default 50; 0 for all)"),
	MC_OPT_JSON(&as_json),
	MC_OPTIONS_END
};

const struct mc_cli_options mc_search_options = {
	.options = options, .column = 18, .about = ABOUT, .epilogue = EPILOGUE,
	.too_many_hint = " (quote the query)"
};

/* ---- query terms ---- */

static int is_operator(const char *t)
{
	return strcmp(t, "AND") == 0 || strcmp(t, "OR") == 0 || strcmp(t, "NOT") == 0 ||
	       strcmp(t, "NEAR") == 0;
}

/* The search terms of an FTS5 query, roughly: bare words and quoted
 * phrases, without operators, parentheses, column filters, '^' and '*'. */
static GPtrArray *query_terms(const char *q, int *has_operators)
{
	GPtrArray *terms = g_ptr_array_new_with_free_func(g_free);
	*has_operators = 0;
	const char *p = q;
	while (*p) {
		int after_comma = 0;    /* NEAR(a b, 5): the 5 is a distance */
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '(' || *p == ')' ||
		       *p == '^' || *p == '+' || *p == ',')
			after_comma |= *p++ == ',';
		if (!*p)
			break;
		GString *t = g_string_new(NULL);
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					g_string_append_c(t, '"');
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					g_string_append_c(t, *p);
				}
			}
			if (*p == '*')
				p++;
			g_ptr_array_add(terms, g_string_free(t, FALSE));
			continue;
		}
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '(' && *p != ')' &&
		       *p != '"' && *p != ',')
			g_string_append_c(t, *p++);
		char *colon = strchr(t->str, ':');
		if (colon && colon[1] == '\0') {         /* "subject:" before a term */
			g_string_free(t, TRUE);
			continue;
		}
		if (colon)
			g_string_erase(t, 0, colon + 1 - t->str);
		while (t->len && t->str[t->len - 1] == '*')
			g_string_truncate(t, t->len - 1);
		if (is_operator(t->str)) {
			*has_operators = 1;
			g_string_free(t, TRUE);
		} else if (after_comma && t->len && strspn(t->str, "0123456789") == t->len) {
			g_string_free(t, TRUE);
		} else if (t->len) {
			g_ptr_array_add(terms, g_string_free(t, FALSE));
		} else {
			g_string_free(t, TRUE);
		}
	}
	return terms;
}

static const char *short_term(GPtrArray *terms)
{
	for (guint i = 0; i < terms->len; i++) {
		const char *t = g_ptr_array_index(terms, i);
		if (g_utf8_strlen(t, -1) < 3)
			return t;
	}
	return NULL;
}

/* ---- excerpts for LIKE matches ---- */

/* Up to `width` characters either side of the first occurrence of a term
 * (ASCII case-insensitive, as LIKE), the term between markers. */
static char *like_excerpt(const char *text, GPtrArray *terms, int width)
{
	if (!text)
		return NULL;
	char *low = g_ascii_strdown(text, -1);
	const char *hit = NULL;
	size_t hit_len = 0;
	for (guint i = 0; i < terms->len; i++) {
		char *t = g_ascii_strdown(g_ptr_array_index(terms, i), -1);
		const char *h = strstr(low, t);
		if (h && (!hit || h < hit)) {
			hit = h;
			hit_len = strlen(t);
		}
		g_free(t);
	}
	if (!hit) {
		g_free(low);
		return NULL;
	}
	const char *at = text + (hit - low), *start = at, *end = at + hit_len;
	for (int i = 0; i < width && start > text; i++)
		start = g_utf8_find_prev_char(text, start);
	for (int i = 0; i < width && *end; i++)
		end = g_utf8_next_char(end);
	GString *s = g_string_new(start > text ? ELLIPSIS : "");
	g_string_append_len(s, start, at - start);
	g_string_append(s, MARK_OPEN);
	g_string_append_len(s, at, (gssize)hit_len);
	g_string_append(s, MARK_CLOSE);
	g_string_append_len(s, at + hit_len, end - (at + hit_len));
	if (*end)
		g_string_append(s, ELLIPSIS);
	g_free(low);
	return g_string_free(s, FALSE);
}

/* ---- the search ---- */

#define RESULT_COLUMNS \
	"m.id, m.date_utc, m.from_addr, m.subject, e.path AS evidence, f.path AS folder," \
	" m.locator, m.origin"
#define RESULT_JOINS \
	" JOIN evidence e ON e.id = m.evidence_id LEFT JOIN folders f ON f.id = m.folder_id"

/* Ranks every match (bm25 needs only the index and the document sizes),
 * keeps the best ?2 (hits), and only then makes their excerpts and reads
 * their messages: snippet() re-reads and re-tokenizes a whole body, and in
 * a single SELECT ... ORDER BY ... LIMIT SQLite computes every result
 * column of every match before sorting (a common word in a big case: tens
 * of thousands of snippets for 50 lines). The second pass walks the
 * matches again in rowid order (cheap: no ranking, no text) and computes
 * the excerpt only of those in hits; the CROSS JOINs fix that order, so
 * that no message row is read for a match outside hits. (Seeking each hit
 * by rowid instead costs a probe of every trigram's doclist in every
 * index segment per hit: slower than the walk once there are more than a
 * few dozen hits.) */
static const char FTS_SQL[] =
	"WITH hits(id, score) AS (SELECT rowid, bm25(messages_fts) FROM messages_fts"
	" WHERE messages_fts MATCH ?1 ORDER BY 2, 1 LIMIT ?2)"
	" SELECT " RESULT_COLUMNS ","
	" snippet(messages_fts, -1, '" MARK_OPEN "', '" MARK_CLOSE "', '" ELLIPSIS "', 12),"
	" hits.score"
	" FROM messages_fts CROSS JOIN hits ON hits.id = messages_fts.rowid"
	" CROSS JOIN messages m ON m.id = hits.id"
	" CROSS JOIN evidence e ON e.id = m.evidence_id LEFT JOIN folders f ON f.id = m.folder_id"
	" WHERE messages_fts MATCH ?1 ORDER BY hits.score, hits.id";

struct out {
	int json;
	int n;
	GString *buf;
	GPtrArray *terms;   /* LIKE mode: for excerpts */
};

/* A column for one line of text output: shown visibly (visible.h). */
static const char *dash(const unsigned char *s)
{
	return s && *s ? mc_vis((const char *)s) : "-";
}

static void one_line(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

static void emit(struct out *o, sqlite3_stmt *st, const char *excerpt, int has_score)
{
	char *ex = g_strdup(excerpt ? excerpt : "");
	one_line(ex);
	if (o->json) {
		g_string_append(o->buf, o->n ? ",\n" : "\n");
		g_string_append(o->buf, "{\"id\":");
		mc_json_column(o->buf, st, 0);
		static const char *const keys[] = { NULL, "date_utc", "from_addr", "subject",
		                                    "evidence", "folder", "locator", "origin" };
		for (int i = 1; i < 8; i++) {
			g_string_append_c(o->buf, ',');
			mc_json_column_member(o->buf, keys[i], st, i);
		}
		g_string_append(o->buf, ",\"excerpt\":");
		mc_json_string(o->buf, ex);
		g_string_append(o->buf, ",\"score\":");
		if (has_score)
			g_string_append_printf(o->buf, "%.6f", -sqlite3_column_double(st, 9));
		else
			g_string_append(o->buf, "null");
		g_string_append_c(o->buf, '}');
	} else {
		printf("%lld  %s  %s  %s\n", (long long)sqlite3_column_int64(st, 0),
		       dash(sqlite3_column_text(st, 1)), dash(sqlite3_column_text(st, 2)),
		       dash(sqlite3_column_text(st, 3)));
		const char *origin = dash(sqlite3_column_text(st, 7));
		printf("    %s  %s%s%s%s%s\n", dash(sqlite3_column_text(st, 4)),
		       dash(sqlite3_column_text(st, 6)),
		       sqlite3_column_text(st, 5) ? "  folder " : "",
		       sqlite3_column_text(st, 5) ? mc_vis((const char *)sqlite3_column_text(st, 5)) : "",
		       strcmp(origin, "folder") == 0 ? "" : "  origin ",
		       strcmp(origin, "folder") == 0 ? "" : origin);
		if (*ex)
			printf("    %s\n", mc_vis(ex));
	}
	o->n++;
	g_free(ex);
}

/* Runs st; returns SQLITE_DONE or the error code. */
static int run(struct out *o, sqlite3_stmt *st, int fts)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fts) {
			emit(o, st, (const char *)sqlite3_column_text(st, 8), 1);
		} else {
			char *ex = like_excerpt((const char *)sqlite3_column_text(st, 8), o->terms, 40);
			if (!ex)
				ex = like_excerpt((const char *)sqlite3_column_text(st, 3), o->terms, 40);
			emit(o, st, ex, 0);
			g_free(ex);
		}
	}
	return rc;
}

static sqlite3_stmt *like_statement(sqlite3 *db, GPtrArray *terms, long limit)
{
	GString *sql = g_string_new("SELECT " RESULT_COLUMNS ", m.body_text FROM messages m"
	                            RESULT_JOINS " WHERE 1");
	for (guint i = 0; i < terms->len; i++)
		g_string_append_printf(sql, " AND (m.subject LIKE ?%u ESCAPE '\\'"
		                       " OR m.body_text LIKE ?%u ESCAPE '\\')", i + 1, i + 1);
	g_string_append_printf(sql, " ORDER BY m.date_utc, m.id LIMIT %ld", limit);
	sqlite3_stmt *st = mc_case_prepare(db, sql->str);
	g_string_free(sql, TRUE);
	for (guint i = 0; st && i < terms->len; i++) {
		GString *pat = g_string_new("%");
		for (const char *p = g_ptr_array_index(terms, i); *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				g_string_append_c(pat, '\\');
			g_string_append_c(pat, *p);
		}
		g_string_append_c(pat, '%');
		sqlite3_bind_text(st, (int)i + 1, pat->str, -1, SQLITE_TRANSIENT);
		g_string_free(pat, TRUE);
	}
	return st;
}

/* Runs the query through FTS5 for one row, to surface its syntax errors
 * (LIMIT 0 would not run it). */
static int check_syntax(sqlite3 *db, const char *query)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, FTS_SQL, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, 1);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int search(sqlite3 *db, const char *case_path, const char *query, long limit, int json)
{
	int has_ops = 0;
	GPtrArray *terms = query_terms(query, &has_ops);
	const char *shorty = short_term(terms);
	struct out o = { .json = json, .buf = g_string_new(NULL), .terms = terms };
	int rc, exit_status = MC_EXIT_OK;
	char *note = NULL;
	if (terms->len == 0) {
		g_ptr_array_free(terms, TRUE);
		g_string_free(o.buf, TRUE);
		return mc_usage_error(CMD, "%s: query '%s' has no search term", case_path, query);
	}
	sqlite3_stmt *st;
	if (shorty && check_syntax(db, query) != SQLITE_DONE) {
		exit_status = mc_usage_error(CMD, "%s: invalid full-text query '%s': %s",
		                             case_path, query, sqlite3_errmsg(db));
		g_ptr_array_free(terms, TRUE);
		g_string_free(o.buf, TRUE);
		return exit_status;
	}
	if (shorty) {
		note = g_strdup_printf("'%s' is shorter than 3 characters, which the trigram index"
		                       " cannot match; searching every message for %s%s (LIKE,"
		                       " unranked, ASCII case-insensitive)", shorty,
		                       terms->len > 1 ? "all terms as substrings" : "the substring",
		                       has_ops ? ", operators ignored" : "");
		if (!json)
			mc_note("%s", note);
		st = like_statement(db, terms, limit);
	} else if (sqlite3_prepare_v2(db, FTS_SQL, -1, &st, NULL) != SQLITE_OK) {
		mc_error("%s: cannot search: %s", case_path, sqlite3_errmsg(db));
		st = NULL;
	} else {
		sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, limit);
	}
	if (!st) {
		exit_status = MC_EXIT_CASE;
	} else if ((rc = run(&o, st, !shorty)) != SQLITE_DONE) {
		const char *why = sqlite3_errmsg(db);
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_ERROR)   /* the query, not the file */
			exit_status = mc_usage_error(CMD, "%s: invalid full-text query '%s': %s",
			                             case_path, query, why);
		else {
			mc_error("%s: search failed: %s", case_path, why);
			exit_status = MC_EXIT_ERROR;
		}
	} else if (json) {
		printf("{");
		GString *h = g_string_new(NULL);
		mc_json_member(h, "case", case_path);
		g_string_append_c(h, ',');
		mc_json_member(h, "query", query);
		g_string_append_printf(h, ",\"mode\":\"%s\",\"note\":", shorty ? "like" : "fts");
		mc_json_string(h, note);
		printf("%s,\"count\":%d,\"results\":[%s%s]}\n", h->str, o.n, o.buf->str,
		       o.n ? "\n" : "");
		g_string_free(h, TRUE);
	} else {
		printf("%s%d match%s%s\n", o.n ? "\n" : "", o.n, o.n == 1 ? "" : "es",
		       o.n == limit ? " (the limit; --limit N shows more)" : "");
	}
	sqlite3_finalize(st);
	g_free(note);
	g_string_free(o.buf, TRUE);
	g_ptr_array_free(terms, TRUE);
	return exit_status;
}

int mc_cmd_search(struct mc_cli *cli)
{
	return search(cli->db, cli->case_path, cli->operands[1],
	              max_matches == 0 ? -1 : (long)max_matches, as_json);
}
