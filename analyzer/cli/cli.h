/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h: what the subcommands share: exit codes, the command table's entry
 * (struct mc_command), the declarative option table each command gives
 * (struct mc_option), one invocation (struct mc_cli), and the helpers that
 * read a command line, print a command's --help and open its case.
 *
 * mailcase.c holds the command table and runs a command: it reads the
 * command line with the command's option table (cli-options.c), calls the
 * command's check, opens the case when the entry says so (cli-case.c),
 * calls the command, then ends its run and closes the case. Each command
 * lives in mailcase-<name>.c, which gives its run function and its
 * options (struct mc_cli_options); option values go to that file's own
 * variables, since a process runs one command.
 */
#ifndef MAILCASE_CLI_H
#define MAILCASE_CLI_H

/* Exit status, documented in docs/mailcase.1 (EXIT STATUS). */
enum mc_exit {
	MC_EXIT_OK = 0,           /* everything asked for was done */
	MC_EXIT_EVIDENCE = 1,     /* some evidence failed or was read only partly (recorded in the case) */
	MC_EXIT_USAGE = 2,        /* bad command line */
	MC_EXIT_CASE = 3,         /* the case file cannot be used (not a case, other version, unwritable,
	                           * or being written by another mailcase) */
	MC_EXIT_ERROR = 4,        /* any other error (out of memory, I/O error on the case) */
	MC_EXIT_INTERRUPTED = 130 /* stopped by a signal; the case holds what was finished */
};

/* ---- options ---- */

enum mc_option_kind {
	MC_OPT_FLAG,      /* no argument; sets the int at dest to 1 */
	MC_OPT_STRING,    /* stores the argument in the const char * at dest */
	MC_OPT_COUNT,     /* a number from min to max into the long long at dest */
	MC_OPT_CALLBACK   /* parse(dest, argument, command) stores it */
};

struct mc_option {
	const char *name;        /* long name, without "--" */
	int letter;              /* short name, or 0 */
	const char *arg;         /* the argument's name in --help ("FILE"); NULL: none */
	enum mc_option_kind kind;
	void *dest;
	long long min, max;      /* MC_OPT_COUNT */
	/* MC_OPT_CALLBACK: MC_EXIT_OK, or MC_EXIT_USAGE after mc_usage_error. */
	int (*parse)(void *dest, const char *arg, const char *cmd);
	const char *help;        /* lines after the first are indented to the column */
};

#define MC_FLAG(name, letter, dest, help) \
	{ name, letter, NULL, MC_OPT_FLAG, dest, 0, 0, NULL, help }
#define MC_STRING(name, letter, arg, dest, help) \
	{ name, letter, arg, MC_OPT_STRING, dest, 0, 0, NULL, help }
#define MC_COUNT(name, letter, arg, dest, min, max, help) \
	{ name, letter, arg, MC_OPT_COUNT, dest, min, max, NULL, help }
#define MC_CALLBACK(name, letter, arg, dest, parse, help) \
	{ name, letter, arg, MC_OPT_CALLBACK, dest, 0, 0, parse, help }
#define MC_OPTIONS_END { NULL, 0, NULL, MC_OPT_FLAG, NULL, 0, 0, NULL, NULL }

/* Options several commands share: --json as most print it, and the
 * --quiet of the commands that show progress and a summary (log.h). */
#define MC_OPT_JSON(dest) MC_FLAG("json", 0, dest, "print one JSON object instead of text")
#define MC_OPT_QUIET MC_FLAG("quiet", 'q', &mc_log_quiet, "no progress and no summary")

/* --wait of the commands that write a case (cli-case.c): how long to wait
 * for another writer's lock on it (case-lock.h); 0 refuses at once. Also
 * how long SQLite waits for readers' locks, 10 s at least (case-busy.h). */
extern long long mc_cli_lock_wait;
#define MC_OPT_WAIT MC_COUNT("wait", 0, "SECONDS", &mc_cli_lock_wait, 0, 7 * 86400, \
	"if another mailcase is writing CASE, wait up to\n" \
	"SECONDS for it to finish (default 0: refuse at\n" \
	"once, exit status 3); and as long, 10 s at\n" \
	"least, for processes reading CASE to let go")

/* What a command file gives beside its run function: its options and the
 * text of its --help, which reads
 *   Usage: mailcase NAME USAGE
 *   <blank line> about <blank line> Options: <options, then -h, --help>
 *   [<blank line> epilogue] */
struct mc_cli;
struct mc_cli_options {
	const struct mc_option *options; /* ends with MC_OPTIONS_END; --help is added */
	int column;                      /* where the options' help text starts */
	const char *about;
	const char *epilogue;            /* or NULL */
	/* After the command line was read, before the case is opened: checks
	 * what the option table cannot (combinations). An exit status. */
	int (*check)(const struct mc_cli *cli);
	const char *too_many_hint;       /* added to "too many arguments", or NULL */
};

/* ---- the command table ---- */

enum mc_command_flags {
	MC_CLI_CASE_READ = 1,    /* the first operand is a case, opened read-only */
	MC_CLI_CASE_WRITE = 2,   /* the first operand is an existing case, opened
	                          * for writing */
	MC_CLI_RECORD_RUN = 4,   /* the command is recorded in the case's runs table */
	MC_CLI_OPEN_LATE = 8,    /* the command calls mc_cli_open_case itself, after
	                          * work that must come before (ingest's workers) */
	MC_CLI_CASE_CREATE = 16  /* with MC_CLI_CASE_WRITE: a missing case is created */
};

struct mc_command {
	const char *name;
	int (*run)(struct mc_cli *cli);
	const char *summary;     /* its line in `mailcase --help` */
	const char *usage;       /* after "Usage: mailcase NAME "; a line a form */
	const char *operands;    /* "CASE QUERY", "CASE EVIDENCE..."; NULL: check counts them */
	unsigned flags;          /* enum mc_command_flags */
	const struct mc_cli_options *opts;
};

/* One run of a command. */
struct sqlite3;
struct mc_cli {
	const struct mc_command *cmd;
	int argc;
	char **argv;             /* the command's: argv[0] is its name */
	char **operands;         /* what is left after the options */
	int n_operands;
	const char *case_path;   /* operands[0] for a command with a case */
	struct sqlite3 *db;      /* the open case, or NULL */
	int lock_fd;             /* the case's writer lock (case-lock.h), or -1 */
	long long run_id;        /* the recorded run not yet ended, or -1 */
};

/* Reads cli->argv with the command's options (cli-options.c): prints the
 * help or a usage error and returns an exit status, or returns
 * MC_CLI_CONTINUE with the operands counted and in place. */
#define MC_CLI_CONTINUE (-1)
int mc_cli_parse(struct mc_cli *cli);

/* cli-case.c: opens cli->case_path as the command's flags say (for
 * writing: after taking its writer lock, waiting --wait seconds for it)
 * and begins its run when it records one (an exit status); the runs.status
 * an exit status stands for; ends the run with it; ends the run if not yet
 * ended, closes the case and releases its lock. */
int mc_cli_open_case(struct mc_cli *cli);
const char *mc_cli_run_status(int exit_status);
void mc_cli_end_run(struct mc_cli *cli, int exit_status);
void mc_cli_close_case(struct mc_cli *cli, int exit_status);

/* cli-output.c: opens the output FILE of a command that writes one ("-"
 * or NULL: standard output) with mc_output_open (case-output.h), which
 * refuses the case, its companions and its evidence: MC_EXIT_OK, or the
 * exit status after the error was printed (MC_EXIT_USAGE for a refused
 * FILE, MC_EXIT_ERROR for one that cannot be opened). Then closes it:
 * after a status other than MC_EXIT_OK it is abandoned (a regular FILE
 * left as it was) and the status returned; else it is committed (renamed
 * over FILE) and MC_EXIT_OK or MC_EXIT_ERROR returned. */
struct mc_output;
int mc_cli_open_output(const struct mc_cli *cli, const char *file, struct mc_output *o);
int mc_cli_close_output(const struct mc_cli *cli, struct mc_output *o, const char *file,
                        int status);

/* The commands, one mailcase-<name>.c each. */
#define MC_COMMAND(name) \
	int mc_cmd_##name(struct mc_cli *cli); \
	extern const struct mc_cli_options mc_##name##_options
MC_COMMAND(ingest);
MC_COMMAND(merge);
MC_COMMAND(plan);
MC_COMMAND(info);
MC_COMMAND(analyze);
MC_COMMAND(search);
MC_COMMAND(show);
MC_COMMAND(export);
MC_COMMAND(timeline);
MC_COMMAND(textid);
MC_COMMAND(findings);
MC_COMMAND(prefixes);
MC_COMMAND(report);
MC_COMMAND(verify);
#undef MC_COMMAND

/* Runs the analysis on an open case with `opts` (analyze.h; NULL: the
 * defaults) (cli-common.c); an exit code. */
struct mc_analyze_options;
int mc_run_analysis(struct sqlite3 *db, const char *case_path,
                    const struct mc_analyze_options *opts);

/* Prints "Try 'mailcase CMD --help'." and returns MC_EXIT_USAGE. */
int mc_usage_error(const char *cmd, const char *fmt, ...);

/* The filter options shared by `timeline` and `export`: --identity,
 * --from, --to and --kind, each with the command's help text, into dest,
 * a struct mc_cli_tl_filter (whose from and to hold the bounds its filter
 * points to). Their callbacks are in cli-common.c. */
#include "timeline.h"
struct mc_cli_tl_filter {
	struct mc_tl_filter f;
	char from[21], to[21];
};
int mc_cli_tl_identity(void *dest, const char *arg, const char *cmd);
int mc_cli_tl_kind(void *dest, const char *arg, const char *cmd);
int mc_cli_tl_from(void *dest, const char *arg, const char *cmd);
int mc_cli_tl_to(void *dest, const char *arg, const char *cmd);
#define MC_OPT_TL_FILTER(dest, identity_help, from_help, to_help, kind_help) \
	MC_CALLBACK("identity", 0, "ADDR", dest, mc_cli_tl_identity, identity_help), \
	MC_CALLBACK("from", 0, "TIME", dest, mc_cli_tl_from, from_help), \
	MC_CALLBACK("to", 0, "TIME", dest, mc_cli_tl_to, to_help), \
	MC_CALLBACK("kind", 0, "KIND", dest, mc_cli_tl_kind, kind_help)

#endif
