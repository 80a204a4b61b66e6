/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-prefixes.c: `mailcase prefixes`: every generated fragment the
 * analysis located in the case's system messages (report-prefixes.h), one
 * row per fragment, kind and language, those the prefix table does not
 * know first, as text or one JSON object. Declares its options and --help
 * text; mailcase.c reads them and opens the case read-only.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "cli.h"
#include "json-out.h"
#include "log.h"
#include "report-prefixes.h"
#include "visible.h"

static const char *const CMD = "prefixes";

static int unknown_only;
static int json;

static const char ABOUT[] =
"List the generated fragments that 'mailcase analyze' located in the system\n"
"messages of the case file CASE (messages.system_prefix: \"Automatic reply:\",\n"
"a report's boilerplate...), one row per fragment, kind and language, with\n"
"its script, its messages, the identities it was seen for, first and last\n"
"seen (UTC), the bases that located it (system_language_basis) and whether\n"
"the prefix table knows it. Fragments the table does not know come first,\n"
"then the most frequent.\n";

static const struct mc_option options[] = {
	MC_FLAG("unknown", 'u', &unknown_only, "only fragments the prefix table does not know"),
	MC_OPT_JSON(&json),
	MC_OPT_QUIET,
	MC_OPTIONS_END
};

const struct mc_cli_options mc_prefixes_options = {
	.options = options, .column = 24, .about = ABOUT
};


static void text_named(const char *what, const struct mc_prefix_named_count *list, int n,
                       long long total)
{
	printf("  %s", what);
	for (int i = 0; i < n; i++) {
		char *name = mc_visible_dup(list[i].name ? list[i].name : "-", MC_VISIBLE_LINE);
		printf("%s%s (%lld)", i ? ", " : " ", name, list[i].count);
		g_free(name);
	}
	if (total > n)
		printf(", ... (%lld in all)", total);
	putchar('\n');
}

static void text_row(const struct mc_prefix_row *w)
{
	char *fragment = mc_visible_dup(w->fragment ? w->fragment : "-", MC_VISIBLE_LINE);
	printf("%-7s  %-16s  %-8s  %-4s  %6lld  %s\n", w->known ? "known" : "UNKNOWN",
	       w->kind ? mc_vis(w->kind) : "-", w->language ? mc_vis(w->language) : "-",
	       mc_vis(w->script), w->count,
	       fragment);
	printf("  seen %s .. %s\n", w->first_seen ? mc_vis(w->first_seen) : "-",
	       w->last_seen ? mc_vis(w->last_seen) : "-");
	text_named("identities:", w->identities, w->n_identities_kept, w->n_identities);
	text_named("bases:", w->bases, w->n_bases, 0);
	g_free(fragment);
}

static void json_named(GString *out, const char *key, const struct mc_prefix_named_count *list,
                       int n)
{
	g_string_append_c(out, '[');
	for (int i = 0; i < n; i++) {
		g_string_append_printf(out, "%s{\"%s\":", i ? "," : "", key);
		mc_json_string(out, list[i].name);
		g_string_append_printf(out, ",\"count\":%lld}", list[i].count);
	}
	g_string_append_c(out, ']');
}

static void json_row(GString *out, const struct mc_prefix_row *w)
{
	g_string_append(out, "{\"fragment\":");
	mc_json_string(out, w->fragment);
	const char *keys[] = { "kind", "language", "script", "first_seen", "last_seen" };
	const char *values[] = { w->kind, w->language, w->script, w->first_seen, w->last_seen };
	for (unsigned i = 0; i < G_N_ELEMENTS(keys); i++) {
		g_string_append_printf(out, ",\"%s\":", keys[i]);
		mc_json_string(out, values[i]);
	}
	g_string_append_printf(out, ",\"known\":%s,\"count\":%lld,\"identity_count\":%lld,"
	                       "\"identities\":", w->known ? "true" : "false", w->count,
	                       w->n_identities);
	json_named(out, "identity", w->identities, w->n_identities_kept);
	g_string_append(out, ",\"bases\":");
	json_named(out, "basis", w->bases, w->n_bases);
	g_string_append_c(out, '}');
}

int mc_cmd_prefixes(struct mc_cli *cli)
{
	struct mc_prefix_list list;
	if (mc_prefixes_read(cli->db, unknown_only, &list) != 0)
		return MC_EXIT_CASE;
	GString *out = g_string_new(NULL);
	if (json) {
		g_string_append_c(out, '{');
		mc_json_member(out, "case", cli->case_path);
		g_string_append_printf(out, ",\"filters\":{\"unknown\":%s},\"prefixes\":[",
		                       unknown_only ? "true" : "false");
		fputs(out->str, stdout);
	}
	for (size_t i = 0; i < list.n; i++) {
		if (json) {
			g_string_assign(out, i ? ",\n" : "\n");
			json_row(out, &list.rows[i]);
			fputs(out->str, stdout);
		} else {
			if (i)
				putchar('\n');
			text_row(&list.rows[i]);
		}
	}
	if (json)
		printf("\n],\"count\":%zu,\"unknown\":%zu}\n", list.n, list.n_unknown);
	else if (!mc_log_quiet)
		printf("%s%zu fragment%s, %zu not in the prefix table\n", list.n ? "\n" : "", list.n,
		       list.n == 1 ? "" : "s", list.n_unknown);
	int status = MC_EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		mc_error("%s: cannot write the output: %s", CMD, g_strerror(errno));
		status = MC_EXIT_ERROR;
	}
	g_string_free(out, TRUE);
	mc_prefixes_free(&list);
	return status;
}
