/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-findings.c: `mailcase findings`: the findings of the analysis,
 * most severe first, each with the messages that support it, as text or
 * one JSON object. Filters: at least a severity, one rule, one identity.
 * Declares its options and --help text; mailcase.c reads them and opens
 * the case read-only.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "json-out.h"
#include "log.h"
#include "report-query.h"
#include "visible.h"

static const char *const CMD = "findings";

static struct mc_finding_filter f;
static long long messages_limit = 10;
static int json;

static int parse_severity(void *dest, const char *arg, const char *cmd)
{
	if ((*(int *)dest = mc_severity_rank(arg)) < 0)
		return mc_usage_error(cmd, "'%s' is not a severity (info, low, medium,"
		                      " high, critical)", arg);
	return MC_EXIT_OK;
}

static const char ABOUT[] =
"List the findings of the case file CASE (written by 'mailcase analyze'),\n"
"most severe first (critical, high, medium, low, info; then the most\n"
"confident), each with its severity, rule, identity, first and last seen\n"
"(UTC), summary and the messages that support it: message number (for\n"
"'mailcase show'), role (before/after a switch, or evidence), date, sender,\n"
"subject, and where it was found (evidence path and locator).\n"
"Rules are described in docs/findings.md.\n";

static const struct mc_option options[] = {
	MC_CALLBACK("severity", 's', "LEVEL", &f.min_severity, parse_severity,
	            "only findings of at least LEVEL (info, low, medium,\nhigh, critical)"),
	MC_STRING("rule", 'r', "ID", &f.rule, "only findings of rule ID (system-language-switch...)"),
	MC_STRING("identity", 'i', "ADDR", &f.identity,
	          "only findings about ADDR (case-insensitive; a finding\n"
	          "about several identities matches each of them)"),
	MC_COUNT("messages", 'm', "N", &messages_limit, 0, 1000000,
	         "at most N messages per finding (default 10; 0: all)"),
	MC_OPT_JSON(&json),
	MC_OPTIONS_END
};

const struct mc_cli_options mc_findings_options = {
	.options = options, .column = 24, .about = ABOUT
};

/* One line of a terminal: controls shown visibly (visible.h). */
static char *oneline(const char *s)
{
	return mc_visible_dup(s ? s : "-", MC_VISIBLE_LINE);
}

static void text_messages(sqlite3_stmt *ms)
{
	while (sqlite3_step(ms) == SQLITE_ROW) {
		char *subject = oneline(mc_col_text(ms, MC_FM_SUBJECT, "-"));
		printf("    %7lld  %-8s  %-20s  %-30s  %s\n", (long long)sqlite3_column_int64(ms, MC_FM_ID),
		       mc_vis(mc_col_text(ms, MC_FM_ROLE, "-")), mc_vis(mc_col_text(ms, MC_FM_DATE, "-")),
		       mc_vis(mc_col_text(ms, MC_FM_FROM_ADDR, "-")), subject);
		printf("    %7s  [%s %s]\n", "", mc_vis(mc_col_text(ms, MC_FM_EVIDENCE, "-")),
		       mc_vis(mc_col_text(ms, MC_FM_LOCATOR, "-")));
		g_free(subject);
	}
}

static void text_finding(sqlite3_stmt *st, sqlite3_stmt *ms, int limit)
{
	char *sev = g_ascii_strup(mc_col_text(st, MC_F_SEVERITY, "?"), -1);
	char *summary = oneline(mc_col_text(st, MC_F_SUMMARY, "-"));
	long long total = sqlite3_column_int64(st, MC_F_MESSAGES);
	printf("%-8s  %s  %s\n", mc_vis(sev), mc_vis(mc_col_text(st, MC_F_RULE, "-")),
	       mc_vis(mc_col_text(st, MC_F_IDENTITY, "(several identities)")));
	printf("  finding %lld, confidence %.2f, first seen %s, last seen %s\n",
	       (long long)sqlite3_column_int64(st, MC_F_ID), sqlite3_column_double(st, MC_F_CONFIDENCE),
	       mc_vis(mc_col_text(st, MC_F_FIRST_SEEN, "-")), mc_vis(mc_col_text(st, MC_F_LAST_SEEN, "-")));
	printf("  %s\n", summary);
	long long shown = limit > 0 && total > limit ? limit : total;
	if (shown < total)
		printf("  messages (%lld of %lld; --messages to see more):\n", shown, total);
	else
		printf("  messages (%lld):\n", total);
	text_messages(ms);
	g_free(sev);
	g_free(summary);
}

static void json_finding(GString *out, sqlite3_stmt *st, sqlite3_stmt *ms)
{
	g_string_append_printf(out, "{\"id\":%lld,\"rule\":", (long long)sqlite3_column_int64(st, MC_F_ID));
	mc_json_string(out, mc_col_text(st, MC_F_RULE, NULL));
	g_string_append(out, ",\"severity\":");
	mc_json_string(out, mc_col_text(st, MC_F_SEVERITY, NULL));
	g_string_append(out, ",\"confidence\":");
	mc_json_column(out, st, MC_F_CONFIDENCE);
	const char *keys[] = { "identity", "first_seen", "last_seen", "summary" };
	const int cols[] = { MC_F_IDENTITY, MC_F_FIRST_SEEN, MC_F_LAST_SEEN, MC_F_SUMMARY };
	for (unsigned i = 0; i < G_N_ELEMENTS(keys); i++) {
		g_string_append_c(out, ',');
		mc_json_member(out, keys[i], mc_col_text(st, cols[i], NULL));
	}
	g_string_append(out, ",\"details\":");
	/* Valid JSON in UTF-8 is embedded as it is; anything else as a string. */
	if (sqlite3_column_int(st, MC_F_DETAILS_VALID) &&
	    g_utf8_validate(mc_col_text(st, MC_F_DETAILS, "null"), -1, NULL))
		g_string_append(out, mc_col_text(st, MC_F_DETAILS, "null"));
	else
		mc_json_string(out, mc_col_text(st, MC_F_DETAILS, NULL));
	g_string_append_printf(out, ",\"message_count\":%lld,\"messages\":[",
	                       (long long)sqlite3_column_int64(st, MC_F_MESSAGES));
	for (int n = 0; sqlite3_step(ms) == SQLITE_ROW; n++) {
		if (n)
			g_string_append_c(out, ',');
		g_string_append_printf(out, "{\"id\":%lld", (long long)sqlite3_column_int64(ms, MC_FM_ID));
		const char *mk[] = { "role", "date_utc", "from_addr", "from_name", "subject",
		                     "evidence", "locator" };
		const int mc[] = { MC_FM_ROLE, MC_FM_DATE, MC_FM_FROM_ADDR, MC_FM_FROM_NAME,
		                   MC_FM_SUBJECT, MC_FM_EVIDENCE, MC_FM_LOCATOR };
		for (unsigned i = 0; i < G_N_ELEMENTS(mk); i++) {
			g_string_append_c(out, ',');
			mc_json_member(out, mk[i], mc_col_text(ms, mc[i], NULL));
		}
		g_string_append_c(out, '}');
	}
	g_string_append(out, "]}");
}

int mc_cmd_findings(struct mc_cli *cli)
{
	sqlite3 *db = cli->db;
	const char *path = cli->case_path;
	sqlite3_stmt *st = mc_findings_select(db, &f);
	sqlite3_stmt *ms = mc_finding_messages_select(db);
	if (!st || !ms) {
		sqlite3_finalize(st);
		sqlite3_finalize(ms);
		return MC_EXIT_CASE;
	}
	GString *out = g_string_new(NULL);
	if (json) {
		g_string_append_c(out, '{');
		mc_json_member(out, "case", path);
		g_string_append(out, ",\"filters\":{\"severity\":");
		mc_json_string(out, f.min_severity ? mc_severity_name(f.min_severity) : NULL);
		g_string_append(out, ",\"rule\":");
		mc_json_string(out, f.rule);
		g_string_append(out, ",\"identity\":");
		mc_json_string(out, f.identity);
		g_string_append(out, "},\"findings\":[");
	}
	int n = 0, rc = SQLITE_ROW;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_reset(ms);
		sqlite3_bind_int64(ms, 1, sqlite3_column_int64(st, MC_F_ID));
		sqlite3_bind_int(ms, 2, messages_limit > 0 ? (int)messages_limit : -1);
		if (json) {
			if (n)
				g_string_append_c(out, ',');
			g_string_append(out, "\n");
			json_finding(out, st, ms);
			fputs(out->str, stdout);
			g_string_truncate(out, 0);
		} else {
			if (n)
				putchar('\n');
			text_finding(st, ms, (int)messages_limit);
		}
		n++;
	}
	if (json)
		printf("\n],\"count\":%d}\n", n);
	else
		printf("%s%d finding%s\n", n ? "\n" : "", n, n == 1 ? "" : "s");
	int status = MC_EXIT_OK;
	if (rc != SQLITE_DONE) {
		mc_error("%s: %s", path, sqlite3_errmsg(db));
		status = MC_EXIT_CASE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		mc_error("%s: cannot write the output: %s", CMD, g_strerror(errno));
		status = MC_EXIT_ERROR;
	}
	g_string_free(out, TRUE);
	sqlite3_finalize(st);
	sqlite3_finalize(ms);
	return status;
}
