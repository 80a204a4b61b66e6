/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * cli-case.c: the case of a command whose table entry names one: opened
 * read-only, or for writing (an existing case, or created by ingest) once its writer lock is held (so that writers
 * run one at a time and a new case is created by one of them only; a
 * writer refused the lock records nothing), the open failing with
 * mc_case_open_reported saying why (a writer waits --wait seconds, 10 at
 * least, for readers holding the case: case-busy.h),
 * the run recorded in its runs table when the entry says so, ended with
 * the status the command's exit status stands for, and the case closed.
 */

#include "case-busy.h"
#include "case-db.h"
#include "case-lock.h"
#include "cli.h"
#include "interrupt.h"
#include "log.h"

long long mc_cli_lock_wait;

static int lock_case(struct mc_cli *cli)
{
	char err[1024];
	if (mc_case_lock(cli->case_path, cli->cmd->name, (unsigned)mc_cli_lock_wait,
	                 &cli->lock_fd, err, sizeof err) == MC_CASE_LOCKED)
		return MC_EXIT_OK;
	mc_error("%s", err);
	return MC_EXIT_CASE;
}

static void unlock_case(struct mc_cli *cli)
{
	mc_case_unlock(cli->lock_fd);
	cli->lock_fd = -1;
}

int mc_cli_open_case(struct mc_cli *cli)
{
	unsigned flags = cli->cmd->flags;
	int writing = (flags & MC_CLI_CASE_WRITE) != 0;
	enum mc_case_mode mode = !writing ? MC_CASE_READ
	                       : (flags & MC_CLI_CASE_CREATE) ? MC_CASE_WRITE : MC_CASE_UPDATE;
	/* Looked for before the lock file is made, so a mistyped name leaves
	 * nothing behind (an empty file is refused by the open, under the lock). */
	char err[1024];
	if (writing && mc_case_path_check(cli->case_path, mode, 0, err, sizeof err) != 0) {
		mc_error("%s", err);
		return MC_EXIT_CASE;
	}
	if (writing && lock_case(cli) != MC_EXIT_OK)
		return MC_EXIT_CASE;
	/* --wait covers readers too: a writer waits that long (10 s at least)
	 * for processes reading the case to let go of it. */
	mc_case_busy_set_wait((unsigned)mc_cli_lock_wait);
	cli->db = mc_case_open_reported(cli->case_path, mode);
	if (!cli->db) {
		unlock_case(cli);
		return MC_EXIT_CASE;
	}
	if (flags & MC_CLI_RECORD_RUN) {
		cli->run_id = mc_case_run_begin(cli->db, cli->cmd->name, cli->argc, cli->argv);
		if (cli->run_id < 0) {
			mc_case_close(cli->db);
			cli->db = NULL;
			unlock_case(cli);
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
	/* The end of an interrupted run is still recorded. */
	mc_interrupt_unwatch(cli->db);
	mc_case_run_end(cli->db, cli->run_id, mc_cli_run_status(exit_status));
	cli->run_id = -1;
}

void mc_cli_close_case(struct mc_cli *cli, int exit_status)
{
	mc_cli_end_run(cli, exit_status);
	mc_case_close(cli->db);
	cli->db = NULL;
	unlock_case(cli);
}
