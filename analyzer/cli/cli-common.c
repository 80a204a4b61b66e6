/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * cli-common.c: what several commands share: the usage error every bad
 * command line ends with, the analysis run that `analyze` and `ingest` end
 * with, and the parsers of the timeline filter options of `timeline` and
 * `export`.
 */

#include <stdarg.h>
#include <stdio.h>

#include "analyze.h"
#include "cli.h"
#include "interrupt.h"
#include "log.h"
#include "timeline.h"
#include "visible.h"

int mc_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("mailcase: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	mc_visible_fputs(msg, MC_VISIBLE_LINE, stderr); /* it may quote evidence */
	g_free(msg);
	fprintf(stderr, "\nTry 'mailcase %s%s--help' for more information.\n",
	        cmd ? cmd : "", cmd ? " " : "");
	return MC_EXIT_USAGE;
}

int mc_run_analysis(sqlite3 *db, const char *case_path,
                    const struct mc_analyze_options *opts)
{
	struct mc_analyze_totals t;
	int rc = mc_analyze(db, opts, &t);
	if (rc != 0) {
		if (!mc_interrupted)
			return rc == -2 ? MC_EXIT_CASE : MC_EXIT_ERROR;
		mc_error("%s: interrupted; the analysis was rolled back, the case holds the "
		         "analysis from before this run (run 'mailcase analyze' again)", case_path);
		return MC_EXIT_INTERRUPTED;
	}
	mc_note("%s: analysed %lld messages (%lld system messages), %d findings",
	        case_path, (long long)t.messages, (long long)t.system_messages, t.findings);
	return MC_EXIT_OK;
}

int mc_cli_tl_identity(void *dest, const char *arg, const char *cmd)
{
	(void)cmd;
	((struct mc_cli_tl_filter *)dest)->f.identity = arg;
	return MC_EXIT_OK;
}

int mc_cli_tl_kind(void *dest, const char *arg, const char *cmd)
{
	if (!mc_tl_kind_valid(arg))
		return mc_usage_error(cmd, "unknown event kind '%s'", arg);
	((struct mc_cli_tl_filter *)dest)->f.kind = arg;
	return MC_EXIT_OK;
}

/* --from, or --to (an inclusive end: a date alone is the whole day). */
static int bound(struct mc_cli_tl_filter *t, const char *arg, int to, const char *cmd)
{
	char *buf = to ? t->to : t->from;
	if (mc_tl_parse_bound(arg, to, buf) != 0)
		return mc_usage_error(cmd, "'%s' is not a date (YYYY-MM-DD) or an ISO 8601"
		                      " date and time", arg);
	if (to)
		t->f.to = buf;
	else
		t->f.from = buf;
	return MC_EXIT_OK;
}

int mc_cli_tl_from(void *dest, const char *arg, const char *cmd)
{
	return bound(dest, arg, 0, cmd);
}

int mc_cli_tl_to(void *dest, const char *arg, const char *cmd)
{
	return bound(dest, arg, 1, cmd);
}
