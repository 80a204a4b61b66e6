/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-timeline.c: `mailcase timeline`: every dated event of a case
 * (timeline.c) as aligned text, a JSON array or JSON lines, in UTC and
 * optionally in a chosen time zone.
 * Declares its options (the filters as `export`'s) and --help text, and
 * checks --json/--jsonl and --tz; mailcase.c reads them and opens the
 * case read-only.
 */

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "cli.h"
#include "json-out.h"
#include "log.h"
#include "timeline.h"
#include "visible.h"

static const char *const CMD = "timeline";

static struct mc_cli_tl_filter filter = { .f = { .messages = 1, .findings = 1 } };
static const char *zone_name;
static int json, jsonl;
static GTimeZone *tz;

static const char ABOUT[] =
"List every dated event of the case file CASE, oldest first (then by\n"
"message number): for each message its Date (kind 'sent' in a sent-items\n"
"folder, 'system' for delivery/read reports and automatic messages, else\n"
"'date'), and for PST/OST items 'submitted' (when it differs from the\n"
"date), 'delivered', 'created', 'modified' and the last verb executed\n"
"('reply', 'reply all', 'forward', 'last verb N'); for each finding\n"
"'finding' (first seen) and 'finding last seen'. Times are UTC.\n"
"\n"
"Each event shows its time, kind, message number (F<n> for a finding), the\n"
"sender's address (lower case) or the finding's identity, the subject, and\n"
"where the message was found (evidence and locator).\n";

static const struct mc_option options[] = {
	MC_OPT_TL_FILTER(&filter,
	                 "only events whose sender or a recipient is ADDR (or\n"
	                 "findings about ADDR); case-insensitive",
	                 "only events at or after TIME: YYYY-MM-DD or an ISO 8601\n"
	                 "date and time (UTC unless it carries an offset)",
	                 "only events up to TIME (a date alone: the whole day)",
	                 "only events of this kind"),
	MC_STRING("tz", 0, "ZONE", &zone_name,
	          "add the local time in ZONE: an IANA name\n"
	          "(Europe/Berlin) or an offset (+08:00, -05:00)"),
	MC_FLAG("json", 0, &json, "print one JSON array of events"),
	MC_FLAG("jsonl", 0, &jsonl, "print one JSON object per event and line"),
	MC_OPTIONS_END
};

static int check(const struct mc_cli *cli)
{
	(void)cli;
	if (json && jsonl)
		return mc_usage_error(CMD, "--json and --jsonl exclude each other");
	if (zone_name && !(tz = mc_tl_zone(zone_name)))
		return mc_usage_error(CMD, "unknown time zone '%s' (an IANA name such as"
		                      " Europe/Berlin, or an offset such as +08:00)", zone_name);
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_timeline_options = {
	.options = options, .column = 23, .about = ABOUT, .check = check
};

struct ctx {
	int json, jsonl, n;
	GTimeZone *tz;
	GString *buf;
};

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

static void json_event(GString *b, const struct mc_tl_event *ev, const char *local)
{
	g_string_append(b, "{\"time\":");
	mc_json_string(b, ev->time);
	if (local) {
		g_string_append(b, ",\"local_time\":");
		mc_json_string(b, local);
	}
	g_string_append(b, ",\"kind\":");
	mc_json_string(b, ev->kind);
	if (ev->message_id)
		g_string_append_printf(b, ",\"message_id\":%lld", (long long)ev->message_id);
	else
		g_string_append(b, ",\"message_id\":null");
	if (ev->finding_id)
		g_string_append_printf(b, ",\"finding_id\":%lld", (long long)ev->finding_id);
	else
		g_string_append(b, ",\"finding_id\":null");
	const char *keys[] = { "identity", "evidence", "folder", "locator", "subject",
	                       "message_class", "rfc822_message_id", "rule", "severity" };
	const char *vals[] = { ev->identity, ev->evidence, ev->folder, ev->locator,
	                       ev->subject, ev->message_class, ev->msgid, ev->rule,
	                       ev->severity };
	for (unsigned i = 0; i < G_N_ELEMENTS(keys); i++) {
		g_string_append_c(b, ',');
		mc_json_member(b, keys[i], vals[i]);
	}
	g_string_append_c(b, '}');
}

static int on_event(void *p, const struct mc_tl_event *ev)
{
	struct ctx *c = p;
	char *local = c->tz ? mc_tl_local(c->tz, ev->time) : NULL;
	if (c->json || c->jsonl) {
		g_string_truncate(c->buf, 0);
		if (c->json)
			g_string_append(c->buf, c->n ? ",\n" : "\n");
		json_event(c->buf, ev, local);
		if (c->jsonl)
			g_string_append_c(c->buf, '\n');
		fputs(c->buf->str, stdout);
	} else {
		char id[32];
		if (ev->message_id)
			snprintf(id, sizeof id, "%lld", (long long)ev->message_id);
		else
			snprintf(id, sizeof id, "F%lld", (long long)ev->finding_id);
		char *subject = mc_visible_dup(dash(ev->subject), MC_VISIBLE_LINE);
		printf("%-20s  ", mc_vis(dash(ev->time)));
		if (c->tz)
			printf("%-25s  ", local ? local : "-");
		printf("%-17s %7s  %-30s  %s", mc_vis(ev->kind), id, mc_vis(dash(ev->identity)), subject);
		if (ev->evidence)
			printf("  [%s %s]", mc_vis(ev->evidence), mc_vis(dash(ev->locator)));
		putchar('\n');
		g_free(subject);
	}
	c->n++;
	g_free(local);
	return 0;
}

int mc_cmd_timeline(struct mc_cli *cli)
{
	struct ctx cx = { .json = json, .jsonl = jsonl, .tz = tz };
	char err[1024];
	cx.buf = g_string_new(NULL);
	if (cx.json)
		fputs("[", stdout);
	else if (!cx.jsonl) {
		printf("%-20s  ", "TIME (UTC)");
		if (cx.tz) {
			char *h = g_strdup_printf("LOCAL (%s)", zone_name);
			printf("%-25s  ", h);
			g_free(h);
		}
		printf("%-17s %7s  %-30s  %s\n", "KIND", "MESSAGE", "IDENTITY",
		       "SUBJECT  [EVIDENCE LOCATOR]");
	}
	int rc = mc_timeline_walk(cli->db, &filter.f, on_event, &cx, err, sizeof err);
	if (cx.json)
		fputs(cx.n ? "\n]\n" : "]\n", stdout);
	g_string_free(cx.buf, TRUE);
	if (cx.tz)
		g_time_zone_unref(cx.tz);
	if (rc < 0) {
		mc_error("%s: cannot read the timeline: %s", cli->case_path, err);
		return MC_EXIT_CASE;
	}
	if (fflush(stdout) != 0)
		return MC_EXIT_ERROR;
	return MC_EXIT_OK;
}
