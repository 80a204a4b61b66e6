/*
 * mailcase-ingest.c: `mailcase ingest`: read evidence into a case file.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "ingest.h"
#include "log.h"

static const char *const CMD = "ingest";

static void help(void)
{
	printf(
"Usage: mailcase ingest [OPTION]... CASE EVIDENCE...\n"
"\n"
"Read mailbox evidence into the case file CASE (created if missing).\n"
"Each EVIDENCE is a file or a directory, walked recursively. Formats are\n"
"recognised by content: mbox (mboxo, mboxrd, mboxcl2), single RFC 822\n"
"messages (EML), Maildir directories, PST and OST. Every file is hashed\n"
"(SHA-256, MD5) before it is parsed and recorded in the case, including\n"
"files that are not mailboxes (status 'skipped'). Evidence already in the\n"
"case with the same path and SHA-256 is not read again.\n"
"\n"
"Options:\n"
"  -c, --custodian=NAME   record NAME as the custodian of this evidence\n"
"  -f, --force            read evidence again even if the case holds it\n"
"  -j, --jobs=N           parse up to N evidence files at once (default 1)\n"
"      --timeout=SECONDS  time limit per evidence file (default: 600 + 2 per MiB)\n"
"      --memory=MIB       memory limit per parser process (default 4096; 0: none)\n"
"      --tmpdir=DIR       where parser spool files go (default: $TMPDIR or /tmp)\n"
"      --no-analyze       do not run 'mailcase analyze' at the end\n"
"  -q, --quiet            no progress and no summary\n"
"  -h, --help             show this help and exit\n"
"\n"
"Exit status: 0 all evidence ingested (or skipped as not mail); 1 some\n"
"evidence failed or was read partly (see 'mailcase info'); 2 usage error;\n"
"3 the case file cannot be used; 4 other error; 130 interrupted.\n");
}

static void on_signal(int sig)
{
	(void)sig;
	mc_ingest_stop = 1;
}

static int parse_number(const char *arg, const char *what, unsigned long long max,
                        unsigned long long *out)
{
	char *end = NULL;
	unsigned long long v = strtoull(arg, &end, 10);
	if (!*arg || *end || arg[0] == '-' || v > max)
		return mc_usage_error(CMD, "invalid %s '%s'", what, arg);
	*out = v;
	return 0;
}

static void print_summary(const char *case_path, const struct mc_ingest_totals *t)
{
	mc_note("%s: %d ok, %d partial, %d failed, %d skipped, %d already in the case; "
	        "%lld messages stored", case_path, t->ok, t->partial, t->failed, t->skipped,
	        t->already, (long long)t->messages);
}

int mc_cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "custodian", required_argument, NULL, 'c' },
		{ "force", no_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "memory", required_argument, NULL, 'M' },
		{ "tmpdir", required_argument, NULL, 'D' },
		{ "no-analyze", no_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct mc_ingest_options opt = { .jobs = 1, .memory_mb = 4096 };
	int analyze = 1;
	unsigned long long v;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:fj:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt.custodian = optarg;
			break;
		case 'f':
			opt.force = 1;
			break;
		case 'j':
			if (parse_number(optarg, "job count", 256, &v) || v == 0)
				return v == 0 ? mc_usage_error(CMD, "--jobs must be at least 1") : MC_EXIT_USAGE;
			opt.jobs = (int)v;
			break;
		case 'T':
			if (parse_number(optarg, "timeout", 7 * 86400, &v))
				return MC_EXIT_USAGE;
			opt.timeout_s = (unsigned)v;
			break;
		case 'M':
			if (parse_number(optarg, "memory limit", 1u << 30, &v))
				return MC_EXIT_USAGE;
			opt.memory_mb = v;
			break;
		case 'D':
			opt.spool_dir = optarg;
			break;
		case 'A':
			analyze = 0;
			break;
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
	if (argc - optind < 2)
		return mc_usage_error(CMD, argc - optind < 1 ? "missing CASE and EVIDENCE"
		                                             : "missing EVIDENCE");
	const char *case_path = argv[optind];
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
	sqlite3 *db = mc_case_open_reported(case_path, MC_CASE_WRITE);
	if (!db) {
		mc_worker_pool_close(pool);
		return MC_EXIT_CASE;
	}
	opt.run_id = mc_case_run_begin(db, CMD, argc, argv);
	if (opt.run_id < 0) {
		mc_case_close(db);
		mc_worker_pool_close(pool);
		return MC_EXIT_CASE;
	}

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	struct mc_ingest_totals totals;
	enum mc_ingest_outcome outcome = mc_ingest(db, pool, argv + optind + 1,
	                                           argc - optind - 1, &opt, &totals);
	mc_worker_pool_close(pool);
	int code;
	const char *run_status;
	switch (outcome) {
	case MC_INGEST_DONE:
		code = totals.failed || totals.partial ? MC_EXIT_EVIDENCE : MC_EXIT_OK;
		run_status = code ? "evidence_failed" : "ok";
		break;
	case MC_INGEST_INTERRUPTED:
		mc_error("interrupted; evidence finished so far is in the case, the rest is not");
		code = MC_EXIT_INTERRUPTED;
		run_status = "interrupted";
		break;
	default:
		code = MC_EXIT_ERROR;
		run_status = "error";
		break;
	}
	mc_case_run_end(db, opt.run_id, run_status);
	print_summary(case_path, &totals);
	if (analyze && outcome == MC_INGEST_DONE && mc_run_analysis(db, case_path) != MC_EXIT_OK)
		code = MC_EXIT_ERROR;
	mc_case_close(db);
	return code;
}
