/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-textid.c: the `mailcase textid` subcommand: language and script
 * of text lines on standard input, or the charset of files (--charset).
 * Declares its option and --help text, and checks the operands it takes
 * with or without --charset; mailcase.c reads them. No case.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset-guess.h"
#include "cli.h"
#include "textid.h"
#include "visible.h"

static int charset;

static const char ABOUT[] =
"Identify the language and script of texts, or the charset of files.\n"
"\n"
"Reads lines ID<TAB>TEXT on standard input, where tab, newline, carriage\n"
"return and backslash in TEXT are written \\t, \\n, \\r and \\\\, and prints\n"
"ID<TAB>LANGUAGE<TAB>SCRIPT<TAB>CONFIDENCE for each: LANGUAGE a BCP 47 tag\n"
"(en, fr, zh-Hans, zh-Hant...; und when unknown), SCRIPT an ISO 15924 code\n"
"(Latn, Cyrl, Hani, Jpan, Hang...; Zyyy when the text has no letter),\n"
"CONFIDENCE from 0 to 1. A line without a tab is all text; its ID is its\n"
"line number.\n";

static const char EPILOGUE[] =
"Exit status: 0 if all went well, 1 if a FILE could not be read,\n"
"2 on a bad command line, 4 on an I/O error.\n";

static const struct mc_option options[] = {
	MC_FLAG("charset", 'c', &charset,
	        "print FILE<TAB>CHARSET for each FILE ('-' is standard\n"
	        "input): the charset that decodes its bytes"),
	MC_OPTIONS_END
};

/* Lines on standard input, or --charset and at least one FILE. */
static int check(const struct mc_cli *cli)
{
	if (charset && cli->n_operands == 0)
		return mc_usage_error("textid", "--charset needs at least one FILE");
	if (!charset && cli->n_operands > 0)
		return mc_usage_error("textid", "unexpected argument '%s'", cli->operands[0]);
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_textid_options = {
	.options = options, .column = 17, .about = ABOUT, .epilogue = EPILOGUE, .check = check
};

static int read_all(const char *name, char **data, size_t *len)
{
	if (strcmp(name, "-") != 0) {
		gsize n = 0;
		if (!g_file_get_contents(name, data, &n, NULL))
			return -1;
		*len = n;
		return 0;
	}
	GString *s = g_string_new(NULL);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		g_string_append_len(s, buf, (gssize)n);
	if (ferror(stdin)) {
		g_string_free(s, TRUE);
		return -1;
	}
	*len = s->len;
	*data = g_string_free(s, FALSE);
	return 0;
}

static int run_charset(int nfiles, char **files)
{
	int status = MC_EXIT_OK;
	for (int i = 0; i < nfiles; i++) {
		char *data = NULL;
		size_t len = 0;
		if (read_all(files[i], &data, &len) != 0) {
			fprintf(stderr, "mailcase: textid: cannot read %s\n", mc_vis(files[i]));
			status = MC_EXIT_EVIDENCE;
			continue;
		}
		char *cs = mc_charset_guess(data, len);
		printf("%s\t%s\n", mc_vis(files[i]), mc_vis(cs));
		g_free(cs);
		g_free(data);
	}
	return status;
}

static int run_lines(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	struct mc_textid r;

	mc_textid_init();
	while ((n = getline(&line, &cap, stdin)) > 0) {
		lineno++;
		size_t len = (size_t)n;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		char *tab = memchr(line, '\t', len);
		char idbuf[32];
		const char *id;
		char *text;
		if (tab) {
			*tab = 0;
			id = line;
			text = tab + 1;
			len -= (size_t)(text - line);
		} else {
			snprintf(idbuf, sizeof idbuf, "%lu", lineno);
			id = idbuf;
			text = line;
		}
		len = mc_textid_unescape(text, len);
		mc_textid_identify(text, len, &r);
		printf("%s\t%s\t%s\t%.3f\n", mc_vis(id), r.language, r.script, r.confidence);
	}
	free(line);
	if (ferror(stdin)) {
		fprintf(stderr, "mailcase: textid: error reading standard input\n");
		return MC_EXIT_ERROR;
	}
	return MC_EXIT_OK;
}

int mc_cmd_textid(struct mc_cli *cli)
{
	int status = charset ? run_charset(cli->n_operands, cli->operands) : run_lines();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mailcase: textid: error writing standard output\n");
		return MC_EXIT_ERROR;
	}
	return status;
}
