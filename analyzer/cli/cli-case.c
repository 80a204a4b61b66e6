/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * cli-case.c: the case of a command whose table entry names one: opened
 * read-only or for writing (mc_case_open_reported says why it cannot be),
 * the run recorded in its runs table when the entry says so, ended with
 * the status the command's exit status stands for, and the case closed.
 */

#include "case-db.h"
#include "cli.h"

int mc_cli_open_case(struct mc_cli *cli)
{
	unsigned flags = cli->cmd->flags;
	cli->db = mc_case_open_reported(cli->case_path, flags & MC_CLI_CASE_WRITE ? MC_CASE_WRITE
	                                                                          : MC_CASE_READ);
	if (!cli->db)
		return MC_EXIT_CASE;
	if (flags & MC_CLI_RECORD_RUN) {
		cli->run_id = mc_case_run_begin(cli->db, cli->cmd->name, cli->argc, cli->argv);
		if (cli->run_id < 0) {
			mc_case_close(cli->db);
			cli->db = NULL;
			return MC_EXIT_CASE;
		}
	}
	return MC_EXIT_OK;
}

const char *mc_cli_run_status(int exit_status)
{
	switch (exit_status) {
	case MC_EXIT_OK: return "ok";
	case MC_EXIT_EVIDENCE: return "evidence_failed";
	case MC_EXIT_INTERRUPTED: return "interrupted";
	default: return "error";
	}
}

void mc_cli_end_run(struct mc_cli *cli, int exit_status)
{
	if (cli->run_id < 0)
		return;
	mc_case_run_end(cli->db, cli->run_id, mc_cli_run_status(exit_status));
	cli->run_id = -1;
}

void mc_cli_close_case(struct mc_cli *cli, int exit_status)
{
	mc_cli_end_run(cli, exit_status);
	mc_case_close(cli->db);
	cli->db = NULL;
}
