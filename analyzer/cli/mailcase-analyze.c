/*
 * mailcase-analyze.c: `mailcase analyze`: classify, identify and find.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "analyze.h"
#include "case-db.h"
#include "cli.h"
#include "log.h"

static const char *const CMD = "analyze";

static void help(void)
{
	printf(
"Usage: mailcase analyze [OPTION]... CASE\n"
"\n"
"Analyse the messages of the case file CASE: classify system messages\n"
"(auto-replies, delivery reports, receipts, notices...), identify the language\n"
"and script of what people wrote and of what systems generated, tell which\n"
"client wrote each message, resolve identities, and apply the detection rules\n"
"(docs/findings.md). The results replace those of any earlier analysis;\n"
"nothing ingestion stored is changed. 'mailcase ingest' runs this at its end\n"
"unless given --no-analyze.\n"
"\n"
"Options:\n"
"  -q, --quiet   no progress and no summary\n"
"  -h, --help    show this help and exit\n");
}

int mc_cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			mc_log_quiet = 1;
			break;
		case 'h':
			help();
			return MC_EXIT_OK;
		default:
			return mc_usage_error(CMD, "invalid option");
		}
	}
	if (argc - optind != 1)
		return mc_usage_error(CMD, argc - optind < 1 ? "missing CASE" : "too many arguments");
	const char *path = argv[optind];
	sqlite3 *db = mc_case_open_reported(path, MC_CASE_WRITE);
	if (!db)
		return MC_EXIT_CASE;
	long long run = mc_case_run_begin(db, CMD, argc, argv);
	int rc = mc_run_analysis(db, path);
	mc_case_run_end(db, run, rc == MC_EXIT_OK ? "ok" : "error");
	mc_case_close(db);
	return rc;
}
