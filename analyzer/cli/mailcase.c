/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase.c: the mailcase command: the command table, global options, and
 * running a command: its command line read with its option table, its
 * check, its case opened (and its run recorded) as its entry says, the
 * command itself, then its run ended and its case closed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "case-damage.h"
#include "cli.h"

#define CASE_OPTS "[OPTION]... CASE"

static const struct mc_command commands[] = {
	{ "ingest", mc_cmd_ingest, "read evidence (mbox, EML, Maildir, PST/OST) into a case file",
	  "[OPTION]... CASE EVIDENCE...", "CASE EVIDENCE...",
	  MC_CLI_CASE_WRITE | MC_CLI_CASE_CREATE | MC_CLI_RECORD_RUN | MC_CLI_OPEN_LATE, &mc_ingest_options },
	{ "merge", mc_cmd_merge, "merge shard cases (ingested apart) into one case, then analyse it",
	  "[OPTION]... CASE SHARD...", "CASE SHARD...",
	  MC_CLI_CASE_WRITE | MC_CLI_CASE_CREATE | MC_CLI_RECORD_RUN, &mc_merge_options },
	{ "plan", mc_cmd_plan, "split evidence into N shares of equal size, one per shard ingest",
	  "[OPTION]... --shards=N EVIDENCE...", "EVIDENCE...", 0, &mc_plan_options },
	{ "analyze", mc_cmd_analyze, "classify system messages, identify languages, apply the detection rules",
	  CASE_OPTS, "CASE", MC_CLI_CASE_WRITE | MC_CLI_RECORD_RUN, &mc_analyze_options },
	{ "info", mc_cmd_info, "summarise a case file: evidence, hashes, statuses, counts",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_info_options },
	{ "search", mc_cmd_search, "full-text search of subjects and bodies, with provenance",
	  CASE_OPTS " QUERY", "CASE QUERY", MC_CLI_CASE_READ, &mc_search_options },
	{ "show", mc_cmd_show, "one message; --verify its hash against the evidence, --raw its bytes",
	  CASE_OPTS " MESSAGE", "CASE MESSAGE", MC_CLI_CASE_READ, &mc_show_options },
	/* verify records its run itself, in a second handle, when the case passed
	 * integrity_check and unless --no-record. */
	{ "verify", mc_cmd_verify, "hash all evidence again against the case; check the case file",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_verify_options },
	{ "timeline", mc_cmd_timeline, "every dated event (sent, delivered, modified...) in order",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_timeline_options },
	{ "export", mc_cmd_export, "messages, findings or the timeline as CSV, JSONL, Timesketch, l2tcsv",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_export_options },
	{ "textid", mc_cmd_textid, "identify the language and script of texts, or the charset of files",
	  "[OPTION]...\n--charset FILE...", NULL, 0, &mc_textid_options },
	{ "findings", mc_cmd_findings, "the findings, most severe first, with their supporting messages",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_findings_options },
	{ "prefixes", mc_cmd_prefixes, "the generated fragments located (\"Automatic reply:\"...), unknown first",
	  CASE_OPTS, "CASE", MC_CLI_CASE_READ, &mc_prefixes_options },
	{ "report", mc_cmd_report, "one self-contained HTML report: findings, language timeline, activity",
	  "[OPTION]... -o FILE CASE", "CASE", MC_CLI_CASE_READ, &mc_report_options },
	{ NULL, NULL, NULL, NULL, NULL, 0, NULL }
};

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: mailcase [--help] [--version] COMMAND [ARGS...]\n"
	        "\n"
	        "Forensic analysis of mailbox exports into an SQLite case file.\n"
	        "\n"
	        "Commands:\n");
	for (const struct mc_command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
	        "\n"
	        "Run 'mailcase COMMAND --help' for a command's options; 'man mailcase'\n"
	        "for the whole manual, docs/case-schema.md for the case file.\n");
}

static int run_command(const struct mc_command *c, int argc, char **argv)
{
	struct mc_cli cli = { .cmd = c, .argc = argc, .argv = argv, .run_id = -1, .lock_fd = -1 };
	int rc = mc_cli_parse(&cli);
	if (rc != MC_CLI_CONTINUE)
		return rc;
	if (c->opts->check && (rc = c->opts->check(&cli)) != MC_EXIT_OK)
		return rc;
	if ((c->flags & (MC_CLI_CASE_READ | MC_CLI_CASE_WRITE)) && !(c->flags & MC_CLI_OPEN_LATE) &&
	    (rc = mc_cli_open_case(&cli)) != MC_EXIT_OK)
		return rc;
	rc = c->run(&cli);
	/* A read that met a damaged page gives no answer, whatever the
	 * command's loops made of the error: exit status 3 (case-damage.h). */
	if ((c->flags & MC_CLI_CASE_READ) && mc_case_damage_reported(cli.case_path))
		rc = MC_EXIT_CASE;
	mc_cli_close_case(&cli, rc);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return mc_usage_error(NULL, "no command given");
	mc_case_watch_damage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("mailcase %s\n", PACKAGE_VERSION);
		return MC_EXIT_OK;
	}
	for (const struct mc_command *c = commands; c->name; c++)
		if (strcmp(c->name, cmd) == 0)
			return run_command(c, argc - 1, argv + 1);
	return mc_usage_error(NULL, "'%s' is not a mailcase command", cmd);
}
