/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-plan.c: `mailcase plan`: splits the evidence into N shares of
 * about equal size for shard ingests (a Slurm job array, GNU parallel),
 * and prints them. The evidence items are those ingest would read (its
 * walk, walk.h); they are placed largest first into the share that holds
 * the fewest bytes so far (ties: the lower share), items of equal size in
 * byte order of their paths, so the same evidence always gives the same
 * plan. No case.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "evidence-open.h"
#include "json-out.h"
#include "log.h"
#include "walk.h"

static long long shards;
static long long share = -1;
static int json, nul;

static const char ABOUT[] =
"Split the evidence EVIDENCE... into N shares of about equal size, for\n"
"ingesting each share into its own shard case on its own node (a Slurm job\n"
"array, GNU parallel) before 'mailcase merge'. The evidence items are those\n"
"'mailcase ingest' would read: each file, and each Maildir or Apple Mail\n"
"mailbox tree as a whole, found below the directories given. Items go\n"
"largest first into the share that holds the fewest bytes so far; items\n"
"of equal size go in byte order of their paths, so the same evidence\n"
"always gives the same plan. Shares\n"
"are numbered from 0, as a job array's task ids. Without --share, prints\n"
"one line per share: its number, bytes, items, then its paths. Symbolic\n"
"links, devices and unreadable directories found below a directory are\n"
"named on standard error and in no share (a single ingest records them as\n"
"skipped or failed; ingest them with it if that record matters).\n";

static const char EPILOGUE[] =
"Exit status: 0 the plan was printed; 2 bad command line, or an EVIDENCE\n"
"that cannot be examined (named); 4 other error.\n";

static const struct mc_option options[] = {
	MC_COUNT("shards", 'n', "N", &shards, 1, 100000, "the number of shares (required)"),
	MC_COUNT("share", 0, "K", &share, 0, 99999,
	         "print only share K's paths, one a line (0 to N-1)"),
	MC_FLAG("null", '0', &nul, "with --share: end each path with a NUL byte,\n"
	        "not a newline (for xargs -0)"),
	MC_OPT_JSON(&json),
	MC_OPTIONS_END
};

static int check(const struct mc_cli *cli)
{
	(void)cli;
	if (shards == 0)
		return mc_usage_error("plan", "--shards N is required");
	if (share >= shards)
		return mc_usage_error("plan", "--share %lld: the shares are 0 to %lld", share, shards - 1);
	if (nul && share < 0)
		return mc_usage_error("plan", "--null goes with --share");
	if (json && share >= 0)
		return mc_usage_error("plan", "--json and --share exclude each other");
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_plan_options = {
	.options = options, .column = 20, .about = ABOUT, .epilogue = EPILOGUE, .check = check
};

struct item {
	const char *path;
	long long bytes;
};

struct share {
	long long bytes;
	GPtrArray *items;   /* struct item *, not owned */
};

/* The bytes below a directory ingest reads as one evidence (a Maildir):
 * its regular files, links not followed. */
static long long dir_bytes(const char *path)
{
	DIR *d = mc_evidence_opendir(AT_FDCWD, path, 0);
	if (!d)
		return 0;
	long long sum = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *child = g_build_filename(path, de->d_name, NULL);
		struct stat st;
		if (lstat(child, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				sum += dir_bytes(child);
			else if (S_ISREG(st.st_mode))
				sum += st.st_size;
		}
		g_free(child);
	}
	closedir(d);
	return sum;
}

/* Largest first; equal sizes in byte order of paths. */
static int by_size(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a, *y = *(struct item *const *)b;
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(struct item *const *)a)->path, (*(struct item *const *)b)->path);
}

/* Each operand must be something ingest can examine: else a usage error
 * naming it, before anything is printed. */
static int check_operands(const struct mc_cli *cli)
{
	int bad = 0;
	for (int i = 0; i < cli->n_operands; i++) {
		struct stat st;
		if (stat(cli->operands[i], &st) != 0) {
			mc_error("%s: %s", cli->operands[i], strerror(errno));
			bad++;
		}
	}
	return bad ? mc_usage_error("plan", "%d EVIDENCE cannot be examined", bad) : MC_EXIT_OK;
}

static void print_text(struct share *s, int n)
{
	for (int k = 0; k < n; k++) {
		printf("%d\t%lld\t%u", k, s[k].bytes, s[k].items->len);
		for (guint i = 0; i < s[k].items->len; i++)
			printf("\t%s", ((struct item *)g_ptr_array_index(s[k].items, i))->path);
		putchar('\n');
	}
}

static void print_json(struct share *s, int n)
{
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "{\"shards\":%d,\"shares\":[", n);
	for (int k = 0; k < n; k++) {
		g_string_append_printf(out, "%s{\"share\":%d,\"bytes\":%lld,\"paths\":[", k ? "," : "", k,
		                       s[k].bytes);
		for (guint i = 0; i < s[k].items->len; i++) {
			if (i)
				g_string_append_c(out, ',');
			mc_json_string(out, ((struct item *)g_ptr_array_index(s[k].items, i))->path);
		}
		g_string_append(out, "]}");
	}
	g_string_append(out, "]}\n");
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
}

int mc_cmd_plan(struct mc_cli *cli)
{
	int rc = check_operands(cli);
	if (rc != MC_EXIT_OK)
		return rc;
	GPtrArray *entries = mc_walk(cli->operands, cli->n_operands, NULL, NULL);
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < entries->len; i++) {
		struct mc_entry *e = g_ptr_array_index(entries, i);
		if (e->kind == MC_ENTRY_SKIP || e->kind == MC_ENTRY_ERROR) {
			mc_note("%s: in no share: %s", e->path, e->reason ? e->reason : "not evidence");
			continue;
		}
		struct item *it = g_new0(struct item, 1);
		it->path = e->path;
		struct stat st;
		if (e->kind == MC_ENTRY_DIR)
			it->bytes = dir_bytes(e->path);
		else if (stat(e->path, &st) == 0)
			it->bytes = st.st_size;
		g_ptr_array_add(items, it);
	}
	g_ptr_array_sort(items, by_size);

	int n = (int)shards;
	struct share *s = g_new0(struct share, n);
	for (int k = 0; k < n; k++)
		s[k].items = g_ptr_array_new();
	for (guint i = 0; i < items->len; i++) {
		struct item *it = g_ptr_array_index(items, i);
		int least = 0;
		for (int k = 1; k < n; k++)
			if (s[k].bytes < s[least].bytes)
				least = k;
		s[least].bytes += it->bytes;
		g_ptr_array_add(s[least].items, it);
	}
	for (int k = 0; k < n; k++)
		g_ptr_array_sort(s[k].items, by_path);
	if ((guint)n > items->len)
		mc_note("%u evidence items for %d shares: %d shares are empty", items->len, n,
		        n - (int)items->len);

	if (share >= 0) {
		GPtrArray *mine = s[share].items;
		for (guint i = 0; i < mine->len; i++)
			printf("%s%c", ((struct item *)g_ptr_array_index(mine, i))->path, nul ? '\0' : '\n');
	} else if (json) {
		print_json(s, n);
	} else {
		print_text(s, n);
	}
	rc = fflush(stdout) == 0 && !ferror(stdout) ? MC_EXIT_OK : MC_EXIT_ERROR;
	if (rc != MC_EXIT_OK)
		mc_error("cannot write the plan: %s", strerror(errno));

	for (int k = 0; k < n; k++)
		g_ptr_array_free(s[k].items, TRUE);
	g_free(s);
	g_ptr_array_free(items, TRUE);
	g_ptr_array_free(entries, TRUE);
	return rc;
}
