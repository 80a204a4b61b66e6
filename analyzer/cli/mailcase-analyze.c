/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-analyze.c: `mailcase analyze`: classify, identify and find, on
 * a case the dispatcher opened for writing, in a recorded run.
 */
#include "config.h"

#include "analyze.h"
#include "cli.h"
#include "interrupt.h"
#include "log.h"

static const char ABOUT[] =
"Analyse the messages of the case file CASE: classify system messages\n"
"(auto-replies, delivery reports, receipts, notices...), identify the language\n"
"and script of what people wrote and of what systems generated, tell which\n"
"client wrote each message, resolve identities, and apply the detection rules\n"
"(docs/findings.md). The results replace those of any earlier analysis;\n"
"nothing ingestion stored is changed. 'mailcase ingest' runs this at its end\n"
"unless given --no-analyze.\n";

static struct mc_analyze_options opts;

static const struct mc_option options[] = {
	MC_FLAG("no-prefix-table", 0, &opts.no_prefix_table,
	        "classify without the table of localized subject\n"
	        "prefixes and body boilerplate: system messages are\n"
	        "found from structure and headers alone, and no\n"
	        "language comes from the table (checks the\n"
	        "table-free path)"),
	MC_OPT_WAIT,
	MC_OPT_QUIET,
	MC_OPTIONS_END
};

const struct mc_cli_options mc_analyze_options = {
	.options = options, .column = 26, .about = ABOUT
};

int mc_cmd_analyze(struct mc_cli *cli)
{
	mc_interrupt_catch();
	mc_interrupt_watch(cli->db);
	return mc_run_analysis(cli->db, cli->case_path, &opts);
}
