/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * cli-options.c: a command's command line read with its option table
 * (struct mc_option): the getopt_long tables built from it, each value
 * stored as its kind says, --help (usage, about, the option list made
 * from the table, epilogue), and the usage errors for a bad option, a bad
 * number and a wrong count of operands.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "cli.h"

/* getopt_long's value for an option without a letter. */
#define LONG_ONLY 256

static const struct mc_option HELP = MC_FLAG("help", 'h', NULL, "show this help and exit");

static void print_option(const struct mc_option *o, int column)
{
	char spec[80];
	int n = snprintf(spec, sizeof spec, "  %c%c%s--%s%s%s", o->letter ? '-' : ' ',
	                 o->letter ? o->letter : ' ', o->letter ? ", " : "  ", o->name,
	                 o->arg ? "=" : "", o->arg ? o->arg : "");
	printf("%s%*s", spec, n < column ? column - n : 1, "");
	for (const char *line = o->help; line;) {
		const char *nl = strchr(line, '\n');
		if (line != o->help)
			printf("%*s", column, "");
		printf("%.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
		line = nl ? nl + 1 : NULL;
	}
}

static void print_help(const struct mc_command *c)
{
	const char *form = c->usage;
	printf("Usage: ");
	for (int first = 1; form; first = 0) {
		const char *nl = strchr(form, '\n');
		printf("%smailcase %s %.*s\n", first ? "" : "       ", c->name,
		       nl ? (int)(nl - form) : (int)strlen(form), form);
		form = nl ? nl + 1 : NULL;
	}
	printf("\n%s\nOptions:\n", c->opts->about);
	for (const struct mc_option *o = c->opts->options; o->name; o++)
		print_option(o, c->opts->column);
	print_option(&HELP, c->opts->column);
	if (c->opts->epilogue)
		printf("\n%s", c->opts->epilogue);
}

static int store_count(const struct mc_option *o, const char *arg, const char *cmd)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || strchr(arg, '-'))
		return mc_usage_error(cmd, "--%s wants a number, not '%s'", o->name, arg);
	if (v < (unsigned long long)o->min || v > (unsigned long long)o->max)
		return mc_usage_error(cmd, "--%s wants a number from %lld to %lld, not '%s'",
		                      o->name, o->min, o->max, arg);
	*(long long *)o->dest = (long long)v;
	return MC_EXIT_OK;
}

static int store(const struct mc_option *o, const char *arg, const char *cmd)
{
	switch (o->kind) {
	case MC_OPT_FLAG:
		*(int *)o->dest = 1;
		return MC_EXIT_OK;
	case MC_OPT_STRING:
		*(const char **)o->dest = arg;
		return MC_EXIT_OK;
	case MC_OPT_COUNT:
		return store_count(o, arg, cmd);
	case MC_OPT_CALLBACK:
		return o->parse(o->dest, arg, cmd);
	}
	return MC_EXIT_ERROR;
}

/* Too few or too many operands for c->operands: a usage error, or
 * MC_CLI_CONTINUE. */
static int count_operands(const struct mc_command *c, int n)
{
	if (!c->operands)
		return MC_CLI_CONTINUE;
	gchar **names = g_strsplit(c->operands, " ", -1);
	int min = (int)g_strv_length(names);
	int many = g_str_has_suffix(c->operands, "...");
	int rc = MC_CLI_CONTINUE;
	if (n < min) {
		GString *missing = g_string_new(NULL);
		for (int i = n; i < min; i++) {
			g_string_append_printf(missing, "%s%.*s", i > n ? " and " : "",
			                       (int)strcspn(names[i], "."), names[i]);
		}
		rc = mc_usage_error(c->name, "missing %s", missing->str);
		g_string_free(missing, TRUE);
	} else if (n > min && !many) {
		rc = mc_usage_error(c->name, "too many arguments%s",
		                    c->opts->too_many_hint ? c->opts->too_many_hint : "");
	}
	g_strfreev(names);
	return rc;
}

int mc_cli_parse(struct mc_cli *cli)
{
	const struct mc_command *c = cli->cmd;
	const struct mc_option *opts = c->opts->options;
	int n = 0;
	while (opts[n].name)
		n++;
	struct option *longopts = g_new0(struct option, n + 2);
	GString *letters = g_string_new(NULL);
	for (int i = 0; i <= n; i++) {
		const struct mc_option *o = i < n ? &opts[i] : &HELP;
		longopts[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
		                               NULL, o->letter ? o->letter : LONG_ONLY + i };
		if (o->letter)
			g_string_append_printf(letters, "%c%s", o->letter, o->arg ? ":" : "");
	}
	int rc = MC_CLI_CONTINUE, ch;
	optind = 1;
	while (rc == MC_CLI_CONTINUE &&
	       (ch = getopt_long(cli->argc, cli->argv, letters->str, longopts, NULL)) != -1) {
		int i = 0;
		while (i <= n && longopts[i].val != ch)
			i++;
		if (i == n) {
			print_help(c);
			rc = MC_EXIT_OK;
		} else if (i > n) {
			rc = mc_usage_error(c->name, "invalid option");
		} else if (store(&opts[i], optarg, c->name) != MC_EXIT_OK) {
			rc = MC_EXIT_USAGE;
		}
	}
	g_string_free(letters, TRUE);
	g_free(longopts);
	if (rc != MC_CLI_CONTINUE)
		return rc;
	cli->operands = cli->argv + optind;
	cli->n_operands = cli->argc - optind;
	if (c->flags & (MC_CLI_CASE_READ | MC_CLI_CASE_WRITE) && cli->n_operands > 0)
		cli->case_path = cli->operands[0];
	return count_operands(c, cli->n_operands);
}
