/*
 * mailcase.c: the mailcase command: global options and subcommand dispatch.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "ingest", mc_cmd_ingest, "read evidence (mbox, EML, Maildir, PST/OST) into a case file" },
	{ "analyze", mc_cmd_analyze, "classify system messages, identify languages, apply the detection rules" },
	{ "info", mc_cmd_info, "summarise a case file: evidence, hashes, statuses, counts" },
	{ "search", mc_cmd_search, "full-text search of subjects and bodies, with provenance" },
	{ "show", mc_cmd_show, "one message; --verify its hash against the evidence, --raw its bytes" },
	{ "verify", mc_cmd_verify, "hash all evidence again against the case; check the case file" },
	{ "timeline", mc_cmd_timeline, "every dated event (sent, delivered, modified...) in order" },
	{ "export", mc_cmd_export, "messages, findings or the timeline as CSV, JSONL, Timesketch, l2tcsv" },
	{ "textid", mc_cmd_textid, "identify the language and script of texts, or the charset of files" },
	{ "findings", mc_cmd_findings, "the findings, most severe first, with their supporting messages" },
	{ "report", mc_cmd_report, "one self-contained HTML report: findings, language timeline, activity" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: mailcase [--help] [--version] COMMAND [ARGS...]\n"
	        "\n"
	        "Forensic analysis of mailbox exports into an SQLite case file.\n"
	        "\n"
	        "Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
	        "\n"
	        "Run 'mailcase COMMAND --help' for a command's options; 'man mailcase'\n"
	        "for the whole manual, docs/case-schema.md for the case file.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return mc_usage_error(NULL, "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("mailcase %s\n", PACKAGE_VERSION);
		return MC_EXIT_OK;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, cmd) == 0)
			return c->run(argc - 1, argv + 1);
	return mc_usage_error(NULL, "'%s' is not a mailcase command", cmd);
}
