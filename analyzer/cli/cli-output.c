/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * cli-output.c: the output file of a command that writes one (export -o,
 * report -o, show --raw -o), opened with mc_output_open (case-output.h)
 * and its refusals and errors turned into the command's exit status: 2
 * for a FILE that would overwrite the case or its evidence, 4 for one that
 * cannot be opened or written; 3, and a regular FILE left as it was, when
 * the case turned out damaged while it was read (case-damage.h).
 */

#include <string.h>

#include "case-damage.h"
#include "case-output.h"
#include "cli.h"
#include "log.h"

int mc_cli_open_output(const struct mc_cli *cli, const char *file, struct mc_output *o)
{
	char err[2048] = "";
	switch (mc_output_open(o, cli->db, cli->case_path, file, err, sizeof err)) {
	case MC_OUTPUT_OK:
		return MC_EXIT_OK;
	case MC_OUTPUT_REFUSED:
		mc_error("%s: %s", cli->cmd->name, err);
		return MC_EXIT_USAGE;
	default:
		mc_error("%s: %s", cli->cmd->name, err);
		return MC_EXIT_ERROR;
	}
}

int mc_cli_close_output(const struct mc_cli *cli, struct mc_output *o, const char *file,
                        int status)
{
	if (status != MC_EXIT_OK) {
		mc_output_abort(o);
		return status;
	}
	if (mc_case_damage_reported(cli->case_path)) {
		/* The case met damage: FILE keeps what it held (case-damage.h). */
		mc_output_abort(o);
		return MC_EXIT_CASE;
	}
	char err[1024] = "";
	if (mc_output_commit(o, err, sizeof err) != 0) {
		mc_error("%s: %s: %s", cli->cmd->name,
		         file && strcmp(file, "-") != 0 ? file : "standard output", err);
		return MC_EXIT_ERROR;
	}
	return MC_EXIT_OK;
}
