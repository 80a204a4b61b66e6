/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-report.c: `mailcase report`: one self-contained HTML file (no
 * network, no external file, no JavaScript needed) for people who would
 * rather look than read: what was found in plain words, the language of
 * automatic messages over time, activity by hour and date per mailbox,
 * the findings with their messages, the evidence with hashes, a glossary.
 * The sections are in report-*.c. The same case gives the same file: the
 * only time stated is the case's last analysis, or --now when given.
 * Declares its options and --help text (and checks that -o is given);
 * mailcase.c reads them and opens the case read-only.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "case-output.h"
#include "cli.h"
#include "log.h"
#include "report-html.h"
#include "report-sections.h"

static const char *const CMD = "report";

static const char *output;
static long long messages_limit = 10;
static const char *now;

static const char ABOUT[] =
"Write an HTML report of the case file CASE to FILE: one self-contained page\n"
"(no network access, no external files, readable without JavaScript and\n"
"printable) with\n"
"  - what mailcase found, in plain words;\n"
"  - the language of each person's automatic messages (out-of-office replies,\n"
"    delivery and read reports) over time, with estimated switches;\n"
"  - the generated text located in them (\"Automatic reply:\"...), what the\n"
"    prefix table does not know first;\n"
"  - for each mailbox, the messages it sent by hour of the day and date, in\n"
"    the owner's time zone, coloured by client kind (desktop, mobile, webmail);\n"
"  - the findings, most severe first, with their supporting messages;\n"
"  - the evidence with its hashes and statuses, and the runs;\n"
"  - a glossary of the rules and terms.\n"
"Run 'mailcase analyze' first (ingest does, unless --no-analyze). The same\n"
"case always gives the same file. docs/report.md describes the sections.\n";

static const struct mc_option options[] = {
	MC_STRING("output", 'o', "FILE", &output,
	          "write the report to FILE ('-': standard output);\n"
	          "a regular FILE is replaced only once the report is\n"
	          "complete; never the case or its evidence"),
	MC_COUNT("messages", 'm', "N", &messages_limit, 0, 1000000,
	         "at most N supporting messages per finding (default\n10; 0: all)"),
	MC_STRING("now", 0, "TEXT", &now,
	          "state TEXT as the time the report was made (none by\n"
	          "default, so that the output is reproducible)"),
	MC_FLAG("quiet", 'q', &mc_log_quiet, "no progress"),
	MC_OPTIONS_END
};

static int check(const struct mc_cli *cli)
{
	(void)cli;
	if (!output || !*output)
		return mc_usage_error(CMD, "missing -o FILE (where to write the report)");
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_report_options = {
	.options = options, .column = 24, .about = ABOUT, .check = check
};

static int build(struct mc_report *r)
{
	int (*const sections[])(struct mc_report *) = {
		mc_report_header, mc_report_verdicts, mc_report_langtime, mc_report_generated,
		mc_report_heatmap,
		mc_report_findings, mc_report_case, mc_report_glossary, mc_report_footer
	};
	char *title = g_strdup_printf("mailcase report: %s", r->case_path);
	mc_html_page_begin(r->out, title);
	g_free(title);
	for (unsigned i = 0; i < G_N_ELEMENTS(sections); i++) {
		if (sections[i](r) != 0)
			return -1;
		mc_report_tick(r, "report");
	}
	mc_html_page_end(r->out);
	return 0;
}

int mc_cmd_report(struct mc_cli *cli)
{
	struct mc_report r = { .db = cli->db, .case_path = cli->case_path,
	                       .messages_limit = (int)messages_limit, .now = now };
	long long mailboxes = mc_report_scalar(&r, "SELECT count(*) FROM identities WHERE is_mailbox = 1");
	long long people = mc_report_scalar(&r, "SELECT count(DISTINCT system_identity) FROM messages"
	                                    " WHERE system_identity IS NOT NULL AND system_language IS NOT NULL");
	r.steps = 9 + (uint64_t)MIN(mailboxes, MC_REPORT_MAX_MAILBOXES)
	          + (uint64_t)MIN(people, MC_REPORT_MAX_ROWS);
	struct mc_output out;
	int status = mc_cli_open_output(cli, output, &out);
	if (status != MC_EXIT_OK)
		return status;
	r.out = g_string_sized_new(1 << 16);
	mc_progress_begin(r.steps);
	int rc = build(&r);
	mc_progress_end();
	if (rc != 0) {
		mc_error("%s: cannot read the case: %s", r.case_path, sqlite3_errmsg(r.db));
		status = MC_EXIT_CASE;
	} else if (fwrite(r.out->str, 1, r.out->len, out.f) != r.out->len) {
		mc_error("%s: %s: cannot write the report: %s", CMD, output, g_strerror(errno));
		status = MC_EXIT_ERROR;
	}
	status = mc_cli_close_output(cli, &out, output, status);
	if (status == MC_EXIT_OK && strcmp(output, "-") != 0)
		mc_note("%s: report written (%zu bytes)", output, r.out->len);
	g_string_free(r.out, TRUE);
	return status;
}
