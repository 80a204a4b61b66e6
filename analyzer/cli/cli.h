/*
 * cli.h: what the subcommands share: exit codes and their entry points.
 *
 * Each subcommand lives in mailcase-<name>.c and is called with argv[0]
 * set to its own name, so it parses its options with getopt_long like a
 * program of its own.
 */
#ifndef MAILCASE_CLI_H
#define MAILCASE_CLI_H

/* Exit status, documented in docs/mailcase.1 (EXIT STATUS). */
enum mc_exit {
	MC_EXIT_OK = 0,           /* everything asked for was done */
	MC_EXIT_EVIDENCE = 1,     /* some evidence failed or was read only partly (recorded in the case) */
	MC_EXIT_USAGE = 2,        /* bad command line */
	MC_EXIT_CASE = 3,         /* the case file cannot be used (not a case, other version, unwritable) */
	MC_EXIT_ERROR = 4,        /* any other error (out of memory, I/O error on the case) */
	MC_EXIT_INTERRUPTED = 130 /* stopped by a signal; the case holds what was finished */
};

int mc_cmd_ingest(int argc, char **argv);
int mc_cmd_info(int argc, char **argv);
int mc_cmd_analyze(int argc, char **argv);
int mc_cmd_search(int argc, char **argv);
int mc_cmd_show(int argc, char **argv);
int mc_cmd_export(int argc, char **argv);
int mc_cmd_timeline(int argc, char **argv);
int mc_cmd_textid(int argc, char **argv);
int mc_cmd_findings(int argc, char **argv);
int mc_cmd_report(int argc, char **argv);
int mc_cmd_verify(int argc, char **argv);

/* Runs the analysis on an open case (cli-common.c); an exit code. */
struct sqlite3;
int mc_run_analysis(struct sqlite3 *db, const char *case_path);

/* Prints "Try 'mailcase CMD --help'." and returns MC_EXIT_USAGE. */
int mc_usage_error(const char *cmd, const char *fmt, ...);

struct mc_tl_filter;
/* The filter options shared by `timeline` and `export`: 'I' --identity,
 * 'K' --kind, 'F' --from, 'T' --to (the getopt values both commands use).
 * Stores arg in f (from/to are the caller's buffers for the bounds).
 * Returns 1 when opt was one of them, 0 when it was not, or -1 after
 * reporting a bad value for command cmd (a usage error). */
int mc_tl_filter_option(struct mc_tl_filter *f, int opt, const char *arg,
                        char from[21], char to[21], const char *cmd);

#endif
