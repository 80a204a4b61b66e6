/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-info.c: `mailcase info`: what a case file holds, as text or
 * one JSON object. Declares its option and --help text; mailcase.c reads
 * them and opens the case read-only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "json-out.h"
#include "log.h"
#include "visible.h"

static const char EVIDENCE_SQL[] =
	"SELECT id, path, format, variant, status, message_count, embedded_count,"
	" folder_count, problem_count, size, sha256, md5, custodian, error, duplicate_of,"
	" ingested_at, (SELECT count(*) FROM messages m WHERE m.evidence_id = evidence.id"
	" AND m.origin = 'recovered') AS recovered_count FROM evidence ORDER BY id";

static int json;

static const char ABOUT[] =
"Summarise the case file CASE: its schema, the runs that wrote it, and every\n"
"evidence file with its format, status, counts and hashes.\n";

static const struct mc_option options[] = {
	MC_OPT_JSON(&json),
	MC_OPTIONS_END
};

const struct mc_cli_options mc_info_options = {
	.options = options, .column = 16, .about = ABOUT
};

static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	long long v = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? mc_vis((const char *)s) : "-";
}

static int print_text(sqlite3 *db, const char *path)
{
	printf("case:      %s (schema %d)\n", mc_vis(path), mc_case_version(db));
	printf("runs:      %lld\n", scalar(db, "SELECT count(*) FROM runs"));
	printf("evidence:  %lld (ok %lld, partial %lld, failed %lld, skipped %lld)\n",
	       scalar(db, "SELECT count(*) FROM evidence"),
	       scalar(db, "SELECT count(*) FROM evidence WHERE status='ok'"),
	       scalar(db, "SELECT count(*) FROM evidence WHERE status='partial'"),
	       scalar(db, "SELECT count(*) FROM evidence WHERE status='failed'"),
	       scalar(db, "SELECT count(*) FROM evidence WHERE status='skipped'"));
	printf("messages:  %lld (%lld embedded, %lld recovered: deleted but still in the"
	       " evidence)\n",
	       scalar(db, "SELECT count(*) FROM messages"),
	       scalar(db, "SELECT count(*) FROM messages WHERE origin='embedded'"),
	       scalar(db, "SELECT count(*) FROM messages WHERE origin='recovered'"));
	printf("findings:  %lld\n\n", scalar(db, "SELECT count(*) FROM findings"));

	sqlite3_stmt *st = mc_case_prepare(db, EVIDENCE_SQL);
	if (!st)
		return MC_EXIT_CASE;
	printf("%5s  %-8s %-8s %8s  %-64s  %s\n", "id", "status", "format", "messages",
	       "sha256", "path");
	while (sqlite3_step(st) == SQLITE_ROW) {
		printf("%5lld  %-8s %-8s %8lld  %-64s  %s\n",
		       (long long)sqlite3_column_int64(st, 0), text(st, 4), text(st, 2),
		       (long long)sqlite3_column_int64(st, 5), text(st, 10), text(st, 1));
		if (sqlite3_column_type(st, 13) != SQLITE_NULL)
			printf("%5s  %s\n", "", text(st, 13));
	}
	sqlite3_finalize(st);
	return MC_EXIT_OK;
}

static int print_json(sqlite3 *db, const char *path)
{
	GString *out = g_string_new("{");
	mc_json_member(out, "case", path);
	g_string_append_printf(out, ",\"schema_version\":%d,\"messages\":%lld,\"embedded\":%lld,"
	                       "\"recovered\":%lld,\"findings\":%lld",
	                       mc_case_version(db),
	                       scalar(db, "SELECT count(*) FROM messages"),
	                       scalar(db, "SELECT count(*) FROM messages WHERE origin='embedded'"),
	                       scalar(db, "SELECT count(*) FROM messages WHERE origin='recovered'"),
	                       scalar(db, "SELECT count(*) FROM findings"));
	g_string_append(out, ",\"runs\":[");
	sqlite3_stmt *st = mc_case_prepare(db, "SELECT id, command, argv, version, host,"
	                                   " started_at, finished_at, status FROM runs ORDER BY id");
	for (int n = 0; st && sqlite3_step(st) == SQLITE_ROW; n++) {
		if (n)
			g_string_append_c(out, ',');
		mc_json_row(out, st);
	}
	sqlite3_finalize(st);
	g_string_append(out, "],\"evidence\":[");
	st = mc_case_prepare(db, EVIDENCE_SQL);
	for (int n = 0; st && sqlite3_step(st) == SQLITE_ROW; n++) {
		if (n)
			g_string_append_c(out, ',');
		mc_json_row(out, st);
	}
	sqlite3_finalize(st);
	g_string_append(out, "]}\n");
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
	return MC_EXIT_OK;
}

int mc_cmd_info(struct mc_cli *cli)
{
	return json ? print_json(cli->db, cli->case_path) : print_text(cli->db, cli->case_path);
}
