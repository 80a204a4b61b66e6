/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-ingest.c: `mailcase ingest`: read evidence into a case file:
 * the parser workers started, then the case opened for writing and the
 * run recorded (mc_cli_open_case), the evidence ingested, the analysis.
 */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "ingest.h"
#include "interrupt.h"
#include "log.h"
#include "pst-own.h"

static struct mc_ingest_options opt;
static long long jobs = 1, timeout_s, memory_mb = 4096;
static int no_analyze;

static int parse_pst_reader(void *dest, const char *arg, const char *cmd)
{
	(void)dest;
	if (mc_pst_reader_select(arg) != 0)
		return mc_usage_error(cmd, "unknown PST reader '%s' (libpff, own)", arg);
	return MC_EXIT_OK;
}

static const char ABOUT[] =
"Read mailbox evidence into the case file CASE (created if missing).\n"
"Each EVIDENCE is a file or a directory, walked recursively. Formats are\n"
"recognised by content: mbox (mboxo, mboxrd, mboxcl2; Thunderbird's\n"
"X-Mozilla-Status flags and Google Takeout's X-Gmail-Labels are read),\n"
"single RFC 822 messages (EML), Maildir directories, PST and OST, Outlook\n"
".msg, TNEF (winmail.dat), Apple Mail .emlx files and mailbox trees\n"
"(a Name.mbox directory, or an account directory of them: one evidence,\n"
"each .mbox a folder), Outlook Express .dbx, Outlook for Mac .olm. Every\n"
"file is hashed (SHA-256, MD5) before it is parsed and recorded in the\n"
"case, including files that are not mailboxes (status 'skipped'). Evidence\n"
"already in the case with the same path and SHA-256 is not read again.\n";

static const char EPILOGUE[] =
"Exit status: 0 all evidence ingested (or skipped as not mail); 1 some\n"
"evidence failed or was read partly (see 'mailcase info'); 2 usage error;\n"
"3 the case file cannot be used, or another mailcase is writing it (see\n"
"--wait; nothing was done); 4 other error; 130 interrupted.\n";

static const struct mc_option options[] = {
	MC_STRING("custodian", 'c', "NAME", &opt.custodian,
	          "record NAME as the custodian of this evidence"),
	MC_FLAG("force", 'f', &opt.force, "read evidence again even if the case holds it"),
	MC_COUNT("jobs", 'j', "N", &jobs, 1, 256, "parse up to N evidence files at once (1-256, default 1)"),
	MC_COUNT("timeout", 0, "SECONDS", &timeout_s, 0, 7 * 86400,
	         "time limit per evidence file (default: 600 + 2 per MiB)"),
	MC_COUNT("memory", 0, "MIB", &memory_mb, 0, 1u << 30,
	         "memory limit per parser process (default 4096; 0: none)"),
	MC_STRING("tmpdir", 0, "DIR", &opt.spool_dir,
	          "where parser spool files go (default: $TMPDIR or /tmp)"),
	MC_CALLBACK("pst-reader", 0, "READER", NULL, parse_pst_reader,
	            "read PST and OST files with own (our reader, the\n"
	            "default, 4K-page OSTs included; a file it refuses is\n"
	            "read with libpff) or libpff"),
	MC_FLAG("no-analyze", 0, &no_analyze, "do not run 'mailcase analyze' at the end"),
	MC_OPT_WAIT,
	MC_OPT_QUIET,
	MC_OPTIONS_END
};

const struct mc_cli_options mc_ingest_options = {
	.options = options, .column = 25, .about = ABOUT, .epilogue = EPILOGUE
};

static void print_summary(const char *case_path, const struct mc_ingest_totals *t)
{
	mc_note("%s: %d ok, %d partial, %d failed, %d skipped, %d already in the case; "
	        "%lld messages stored", case_path, t->ok, t->partial, t->failed, t->skipped,
	        t->already, (long long)t->messages);
	if (t->case_files)
		mc_note("%s: %d files of the case itself (case, journal, WAL, lock) found in "
		        "the evidence and left out", case_path, t->case_files);
	if (t->not_stored)
		mc_error("%s: %d evidence not stored, named above: the case could not be "
		         "written (see the error above); free space or fix it and ingest them again",
		         case_path, t->not_stored);
	if (t->changed)
		mc_note("%s: %d of the failed changed while they were read; nothing of them "
		        "is kept", case_path, t->changed);
}

int mc_cmd_ingest(struct mc_cli *cli)
{
	opt.jobs = (int)jobs;
	opt.timeout_s = (unsigned)timeout_s;
	opt.memory_mb = (uint64_t)memory_mb;
	if (!opt.spool_dir)
		opt.spool_dir = g_get_tmp_dir();

	/* Workers are forked by a spawner forked now, while this process is
	 * small, not by the case writer it is about to become (worker.h). */
	char err[256];
	struct mc_worker_pool *pool = mc_worker_pool_open(err, sizeof err);
	if (!pool) {
		mc_error("%s", err);
		return MC_EXIT_ERROR;
	}
	int code = mc_cli_open_case(cli);
	if (code != MC_EXIT_OK) {
		mc_worker_pool_close(pool);
		return code;
	}
	opt.run_id = cli->run_id;
	opt.case_path = cli->case_path;

	mc_interrupt_catch();
	mc_interrupt_watch(cli->db);

	struct mc_ingest_totals totals;
	enum mc_ingest_outcome outcome = mc_ingest(cli->db, pool, cli->operands + 1,
	                                           cli->n_operands - 1, &opt, &totals);
	mc_worker_pool_close(pool);
	switch (outcome) {
	case MC_INGEST_DONE:
		code = totals.failed || totals.partial ? MC_EXIT_EVIDENCE : MC_EXIT_OK;
		break;
	case MC_INGEST_INTERRUPTED:
		mc_error("interrupted; evidence finished so far is in the case, the rest is not");
		code = MC_EXIT_INTERRUPTED;
		break;
	default:
		code = MC_EXIT_ERROR;
		break;
	}
	/* The run is the ingestion; the analysis after it is not part of it. */
	mc_cli_end_run(cli, code);
	print_summary(cli->case_path, &totals);
	if (!no_analyze && outcome == MC_INGEST_DONE) {
		int analysed = mc_run_analysis(cli->db, cli->case_path, NULL);
		if (analysed != MC_EXIT_OK)
			code = analysed;
	}
	return code;
}
