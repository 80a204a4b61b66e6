#include "config.h"
/*
 * cli-common.c: what several commands share: the usage error every command
 * ends a bad command line with, the analysis run that `analyze` and
 * `ingest` end with, and the timeline filter options of `timeline` and
 * `export`.
 */

#include <stdarg.h>
#include <stdio.h>

#include "analyze.h"
#include "cli.h"
#include "log.h"
#include "timeline.h"

int mc_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("mailcase: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'mailcase %s%s--help' for more information.\n",
	        cmd ? cmd : "", cmd ? " " : "");
	return MC_EXIT_USAGE;
}

int mc_run_analysis(sqlite3 *db, const char *case_path)
{
	struct mc_analyze_totals t;
	if (mc_analyze(db, &t) != 0)
		return MC_EXIT_ERROR;
	mc_note("%s: analysed %lld messages (%lld system messages), %d findings",
	        case_path, (long long)t.messages, (long long)t.system_messages, t.findings);
	return MC_EXIT_OK;
}

int mc_tl_filter_option(struct mc_tl_filter *f, int opt, const char *arg,
                        char from[21], char to[21], const char *cmd)
{
	switch (opt) {
	case 'I':
		f->identity = arg;
		return 1;
	case 'K':
		if (!mc_tl_kind_valid(arg)) {
			mc_usage_error(cmd, "unknown event kind '%s'", arg);
			return -1;
		}
		f->kind = arg;
		return 1;
	case 'F':
	case 'T':
		if (mc_tl_parse_bound(arg, opt == 'T', opt == 'T' ? to : from) != 0) {
			mc_usage_error(cmd, "'%s' is not a date (YYYY-MM-DD) or an ISO 8601"
			               " date and time", arg);
			return -1;
		}
		if (opt == 'T')
			f->to = to;
		else
			f->from = from;
		return 1;
	default:
		return 0;
	}
}
