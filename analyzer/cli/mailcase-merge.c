/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-merge.c: `mailcase merge`: merge shard cases (each written by
 * its own `mailcase ingest`, on this machine or another) into CASE, one
 * transaction per shard (case-merge.c), in a recorded run, then analyse
 * the whole case once.
 */
#include "config.h"

#include <stdlib.h>

#include "case-merge.h"
#include "cli.h"
#include "interrupt.h"
#include "log.h"

static int no_analyze, force;
/* The SHA-256 of each shard as check_shards checked it (by operand). */
static char (*checked_sha)[65];

static const char ABOUT[] =
"Merge the case files SHARD... into the case file CASE (created if missing).\n"
"Each SHARD is a case that 'mailcase ingest --no-analyze' wrote, for instance\n"
"on another machine over part of the evidence. What ingestion stored\n"
"(evidence, folders, messages, headers, recipients, attachments, properties,\n"
"problems, runs) is copied with new ids, one transaction per shard: a shard\n"
"is merged whole or not at all. Every SHARD is checked before CASE is\n"
"opened: one that is missing, not a case, damaged, or whose last ingest did\n"
"not finish (killed: run it again) is named, and nothing is merged (CASE\n"
"is not touched, not even created). Shards are opened read-only and never\n"
"changed. Evidence CASE already holds with the same path and SHA-256 is not\n"
"copied again, and a shard with the same SHA-256 as one merged before is\n"
"skipped. Each shard is recorded in the table shards. Then the whole case\n"
"is analysed, as 'mailcase analyze' does.\n"
"\n"
"While another process reads CASE (search, report, sqlite3), each shard's\n"
"commit waits for it to let go, 10 s or --wait SECONDS; past that the merge\n"
"stops, naming CASE (exit status 3). A reader sees CASE as it was before or\n"
"after each whole shard, never part of one.\n"
"\n"
"With --force, a shard whose last ingest did not finish (killed, and its\n"
"node or evidence lost) is merged as it stands: the evidence that ingest\n"
"finished (each is written whole or not at all), its unfinished run kept\n"
"as it is (status running, no finished_at); what it had not reached is not\n"
"in the case. Each such shard is named on standard error, and the merge\n"
"run's argv records --force.\n";

static const char EPILOGUE[] =
"Exit status: 0 every shard merged (or merged before); 1 a shard was\n"
"refused (named; when found by the check before, nothing was merged); 2 usage error; 3 the case file cannot be\n"
"used, or another mailcase is writing it (see --wait; nothing was done), or\n"
"another process held it past the wait (readers: the shards merged before are\n"
"in the case, not analysed; run the merge again);\n"
"4 other error; 130 interrupted (the shards merged so far are in the case).\n";

static const struct mc_option options[] = {
	MC_FLAG("no-analyze", 0, &no_analyze, "do not analyse the case at the end"),
	MC_FLAG("force", 0, &force, "merge a shard whose last ingest did not finish:\n"
	        "the evidence it finished"),
	MC_OPT_WAIT,
	MC_OPT_QUIET,
	MC_OPTIONS_END
};

/* Every shard checked before the case is opened, locked or created. */
static int check_shards(const struct mc_cli *cli)
{
	int refused = 0;
	checked_sha = calloc((size_t)cli->n_operands, sizeof *checked_sha);
	for (int i = 1; i < cli->n_operands; i++) {
		char err[1024], ignored[65];
		if (mc_case_merge_check(cli->operands[i], cli->operands[0], force,
		                        checked_sha ? checked_sha[i] : ignored, err, sizeof err) != MC_MERGE_DONE) {
			mc_error("%s", err);
			refused++;
		}
	}
	if (refused)
		mc_error("%s: %d shard%s refused; nothing was merged", cli->operands[0], refused,
		         refused > 1 ? "s" : "");
	return refused ? MC_EXIT_EVIDENCE : MC_EXIT_OK;
}

const struct mc_cli_options mc_merge_options = {
	.options = options, .column = 25, .about = ABOUT, .epilogue = EPILOGUE,
	.check = check_shards
};

int mc_cmd_merge(struct mc_cli *cli)
{
	mc_interrupt_catch();
	mc_interrupt_watch(cli->db);
	int merged = 0, already = 0, refused = 0, busy = 0, code = MC_EXIT_OK;
	long long messages = 0;
	for (int i = 1; i < cli->n_operands && !mc_interrupted && !busy; i++) {
		const char *shard = cli->operands[i];
		struct mc_merge_counts c;
		char err[1024];
		switch (mc_case_merge_shard(cli->db, shard, cli->run_id, force,
		                            checked_sha ? checked_sha[i] : NULL, &c, err, sizeof err)) {
		case MC_MERGE_DONE:
			merged++;
			messages += c.messages;
			mc_note("%s: merged %d evidence (%d already in the case), %lld messages",
			        shard, c.evidence_added, c.evidence_already, c.messages);
			if (*c.unfinished)
				mc_error("%s: --force: its last run %s did not finish; the evidence it "
				         "finished is merged, what it had not reached is not in the case",
				         shard, c.unfinished);
			break;
		case MC_MERGE_ALREADY:
			already++;
			mc_note("%s: a shard with the same SHA-256 was merged before; skipped", shard);
			break;
		case MC_MERGE_BUSY:
			/* The next shards would wait as long again: stop here. */
			busy = 1;
			mc_error("%s", err);
			mc_error("%s: the shards merged before it are in the case, the rest is not, "
			         "and the case was not analysed: run the same merge again (what was "
			         "merged is skipped)", cli->case_path);
			break;
		default:
			refused++;
			if (!mc_interrupted)
				mc_error("%s", err);
			break;
		}
	}
	if (mc_interrupted) {
		mc_error("interrupted; the shards merged so far are in the case, the rest is not");
		code = MC_EXIT_INTERRUPTED;
	} else if (busy) {
		code = MC_EXIT_CASE;
	} else if (refused) {
		code = MC_EXIT_EVIDENCE;
	}
	free(checked_sha);
	checked_sha = NULL;
	mc_cli_end_run(cli, code);
	mc_note("%s: %d shards merged, %d merged before, %d refused; %lld messages added",
	        cli->case_path, merged, already, refused, messages);
	if (!no_analyze && !mc_interrupted && !busy && merged) {
		int analysed = mc_run_analysis(cli->db, cli->case_path, NULL);
		if (analysed != MC_EXIT_OK)
			code = analysed;
	}
	return code;
}
