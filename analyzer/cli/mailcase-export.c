/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-export.c: `mailcase export`: messages, findings or timeline
 * events streamed out of the case as CSV (RFC 4180), JSON lines, Timesketch
 * JSONL, or plaso's l2tcsv, so that the case joins existing timelines; or
 * the whole case as OpenSearch bulk NDJSON with its index template
 * (report/export-opensearch.h) or CASE/UCO JSON-LD; or a selection of the
 * messages themselves as mboxrd or EML files (report/export-mail.h).
 * Rows are written as SQLite returns them; nothing is loaded whole.
 * Declares its options (the timeline filters as `timeline`'s) and --help
 * text; mailcase.c reads them and opens the case read-only.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "case-db.h"
#include "case-output.h"
#include "cli.h"
#include "export-case-uco.h"
#include "export-mail.h"
#include "export-opensearch.h"
#include "json-out.h"
#include "log.h"
#include "timeline.h"

static const char *const CMD = "export";

enum format { F_CSV, F_JSONL, F_TIMESKETCH, F_L2TCSV, F_OPENSEARCH, F_OS_TEMPLATE, F_CASE_UCO,
	      F_MBOX, F_EML };
enum what { W_DEFAULT, W_MESSAGES, W_FINDINGS, W_TIMELINE };

/* ---- writers ---- */

struct sink {
	FILE *f;
	enum format fmt;
	uint64_t rows, total;
	int progress;
};

static void csv_field_utf8(FILE *f, const char *s);

/* A field in UTF-8: a byte that is not (a file name's) is written as
 * U+FFFD; the exact bytes are in the JSON formats (json-out.h). */
static void csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (g_utf8_validate(s, -1, NULL)) {
		csv_field_utf8(f, s);
		return;
	}
	char *valid = g_utf8_make_valid(s, -1);
	csv_field_utf8(f, valid);
	g_free(valid);
}

static void csv_field_utf8(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && *s != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	putc('"', f);
}

static void csv_row(FILE *f, const char *const *fields, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		csv_field(f, fields[i]);
	}
	fputs("\r\n", f);
}

static void tick(struct sink *k)
{
	k->rows++;
	if (k->progress && (k->rows & 255) == 0)
		mc_progress_update(k->rows, k->rows, "rows");
}

/* ---- messages and findings: SQL rows ---- */

#define MESSAGES_COLUMNS \
	"SELECT m.id, m.evidence_id, e.path AS evidence_path, e.format AS evidence_format," \
	" f.path AS folder, f.role AS folder_role, m.origin, m.parent_id, m.locator," \
	" m.message_class, m.date_utc, m.date_offset, m.from_name, m.from_addr," \
	" (SELECT group_concat(addr, '; ') FROM (SELECT addr FROM recipients" \
	"   WHERE message_id = m.id AND kind = 'to' ORDER BY seq)) AS to_addrs," \
	" (SELECT group_concat(addr, '; ') FROM (SELECT addr FROM recipients" \
	"   WHERE message_id = m.id AND kind = 'cc' ORDER BY seq)) AS cc_addrs," \
	" (SELECT group_concat(addr, '; ') FROM (SELECT addr FROM recipients" \
	"   WHERE message_id = m.id AND kind = 'bcc' ORDER BY seq)) AS bcc_addrs," \
	" m.subject, m.message_id, m.in_reply_to, m.content_type, m.size, m.sha256," \
	" m.attachment_count, m.recipient_count, m.submit_time, m.delivery_time," \
	" m.creation_time, m.modification_time, m.last_verb_time, m.last_verb," \
	" m.message_flags, m.importance, m.sensitivity, m.charset_declared," \
	" m.charset_used, m.charset_mismatch, m.body_source, m.warnings," \
	" (SELECT value FROM message_props WHERE message_id = m.id" \
	"   AND name = 'mozilla.flags' ORDER BY rowid LIMIT 1) AS mozilla_flags"
/* The labels (message_labels, schema version 7; NULL in an older case). */
#define MESSAGES_LABELS \
	", (SELECT group_concat(label, '; ') FROM (SELECT label FROM message_labels" \
	"   WHERE message_id = m.id ORDER BY seq)) AS labels"
#define MESSAGES_NO_LABELS ", NULL AS labels"
#define MESSAGES_FROM \
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id" \
	" LEFT JOIN folders f ON f.id = m.folder_id ORDER BY m.id"

static const char FINDINGS_SQL[] =
	"SELECT f.id, f.rule, f.severity, f.identity, f.first_seen, f.last_seen, f.summary,"
	" f.details, (SELECT group_concat(message_id, ' ') FROM (SELECT message_id"
	"   FROM finding_messages WHERE finding_id = f.id ORDER BY message_id))"
	" AS message_ids FROM findings f ORDER BY f.id";

static int export_rows(sqlite3 *db, const char *sql, struct sink *k, const char *case_path)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (!st)
		return MC_EXIT_CASE;
	int n = sqlite3_column_count(st), rc;
	const char **fields = g_new0(const char *, n);
	if (k->fmt == F_CSV) {
		for (int i = 0; i < n; i++)
			fields[i] = sqlite3_column_name(st, i);
		csv_row(k->f, fields, n);
	}
	GString *line = g_string_new(NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k->fmt == F_CSV) {
			for (int i = 0; i < n; i++)
				fields[i] = (const char *)sqlite3_column_text(st, i);
			csv_row(k->f, fields, n);
		} else {
			g_string_truncate(line, 0);
			mc_json_row(line, st);
			g_string_append_c(line, '\n');
			fwrite(line->str, 1, line->len, k->f);
		}
		tick(k);
	}
	g_string_free(line, TRUE);
	g_free(fields);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		mc_error("%s: cannot read the case: %s", case_path, sqlite3_errmsg(db));
		return MC_EXIT_CASE;
	}
	return MC_EXIT_OK;
}

/* ---- timeline events ---- */

static const char *timestamp_desc(const char *kind)
{
	static const char *const map[][2] = {
		{ "sent", "Sent Time" }, { "date", "Message Date" },
		{ "system", "System Message Date" }, { "submitted", "Submit Time" },
		{ "delivered", "Delivery Time" }, { "created", "Creation Time" },
		{ "modified", "Modification Time" }, { "reply", "Last Verb Time (reply)" },
		{ "reply all", "Last Verb Time (reply all)" },
		{ "forward", "Last Verb Time (forward)" },
		{ "finding", "Finding First Seen" }, { "finding last seen", "Finding Last Seen" },
	};
	for (unsigned i = 0; i < G_N_ELEMENTS(map); i++)
		if (strcmp(kind, map[i][0]) == 0)
			return map[i][1];
	return "Last Verb Time";
}

static char *event_message(const struct mc_tl_event *ev)
{
	if (ev->finding_id)
		return g_strdup_printf("%s %s (%s): %s", ev->kind, ev->rule ? ev->rule : "?",
		                       ev->severity ? ev->severity : "?",
		                       ev->subject ? ev->subject : "");
	return g_strdup_printf("%s: %s (from %s; message %lld)", ev->kind,
	                       ev->subject ? ev->subject : "(no subject)",
	                       ev->identity ? ev->identity : "unknown",
	                       (long long)ev->message_id);
}

static const char *const EVENT_COLUMNS[] = {
	"message", "datetime", "timestamp", "timestamp_desc", "kind", "identity",
	"message_id", "finding_id", "evidence", "evidence_format", "folder", "locator",
	"subject", "message_class", "rfc822_message_id", "rule", "severity"
};
#define N_EVENT_COLUMNS ((int)G_N_ELEMENTS(EVENT_COLUMNS))

static const char *const L2T_COLUMNS[] = {
	"date", "time", "timezone", "MACB", "source", "sourcetype", "type", "user", "host",
	"short", "desc", "version", "filename", "inode", "notes", "format", "extra"
};

struct ev_ctx {
	struct sink *k;
	GString *line;
};

static void event_fields(const struct mc_tl_event *ev, char *msg, char *dt, char *us,
                         char *mid, char *fid, const char **v)
{
	const char *vals[] = {
		msg, dt, us, timestamp_desc(ev->kind), ev->kind, ev->identity,
		mid, fid, ev->evidence, ev->format, ev->folder, ev->locator, ev->subject,
		ev->message_class, ev->msgid, ev->rule, ev->severity
	};
	memcpy(v, vals, sizeof vals);
}

static void l2t_row(FILE *f, const struct mc_tl_event *ev, const char *msg, int64_t t)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(t);
	char date[16], clock[16];
	snprintf(date, sizeof date, "%02d/%02d/%04d", g_date_time_get_month(dt),
	         g_date_time_get_day_of_month(dt), g_date_time_get_year(dt));
	snprintf(clock, sizeof clock, "%02d:%02d:%02d", g_date_time_get_hour(dt),
	         g_date_time_get_minute(dt), g_date_time_get_second(dt));
	g_date_time_unref(dt);
	const char *macb = strcmp(ev->kind, "modified") == 0 ? "M..."
	                   : strcmp(ev->kind, "created") == 0 ? "...B" : "....";
	char *sourcetype = g_strdup_printf("mailcase %s", ev->finding_id ? "finding"
	                                   : ev->format ? ev->format : "message");
	GString *extra = g_string_new(NULL);
	if (ev->message_id)
		g_string_append_printf(extra, "message_id: %lld", (long long)ev->message_id);
	else
		g_string_append_printf(extra, "finding_id: %lld", (long long)ev->finding_id);
	const char *keys[] = { "folder", "message_class", "rfc822_message_id", "rule",
	                       "severity" };
	const char *vals[] = { ev->folder, ev->message_class, ev->msgid, ev->rule,
	                       ev->severity };
	for (unsigned i = 0; i < G_N_ELEMENTS(keys); i++)
		if (vals[i])
			g_string_append_printf(extra, "; %s: %s", keys[i], vals[i]);
	const char *row[] = {
		date, clock, "UTC", macb, "EMAIL", sourcetype, timestamp_desc(ev->kind),
		ev->identity ? ev->identity : "-", "-",
		ev->subject ? ev->subject : "-", msg, "2",
		ev->evidence ? ev->evidence : "-", "-", ev->locator ? ev->locator : "-",
		"mailcase", extra->str
	};
	csv_row(f, row, (int)G_N_ELEMENTS(row));
	g_string_free(extra, TRUE);
	g_free(sourcetype);
}

static int on_event(void *ctx, const struct mc_tl_event *ev)
{
	struct ev_ctx *c = ctx;
	struct sink *k = c->k;
	int ok;
	int64_t t = mc_tl_unix(ev->time, &ok);
	if (!ok)
		return 0;                /* not a time: not an event */
	char *msg = event_message(ev);
	char dt[40], us[32], mid[24] = "", fid[24] = "";
	GDateTime *g = g_date_time_new_from_unix_utc(t);
	char *iso = g_date_time_format(g, "%Y-%m-%dT%H:%M:%S+00:00");
	g_strlcpy(dt, iso, sizeof dt);
	g_free(iso);
	g_date_time_unref(g);
	snprintf(us, sizeof us, "%lld", (long long)t * 1000000LL);
	if (ev->message_id)
		snprintf(mid, sizeof mid, "%lld", (long long)ev->message_id);
	if (ev->finding_id)
		snprintf(fid, sizeof fid, "%lld", (long long)ev->finding_id);
	const char *v[N_EVENT_COLUMNS];
	event_fields(ev, msg, dt, us, mid[0] ? mid : NULL, fid[0] ? fid : NULL, v);
	if (k->fmt == F_L2TCSV) {
		l2t_row(k->f, ev, msg, t);
	} else if (k->fmt == F_CSV) {
		csv_row(k->f, v, N_EVENT_COLUMNS);
	} else {
		GString *l = c->line;
		g_string_assign(l, "{");
		for (int i = 0; i < N_EVENT_COLUMNS; i++) {
			if (i == 2 || i == 6 || i == 7) {      /* numbers */
				if (!v[i] && k->fmt == F_TIMESKETCH)
					continue;
				if (!v[i]) {
					g_string_append_printf(l, ",\"%s\":null", EVENT_COLUMNS[i]);
					continue;
				}
				g_string_append_printf(l, "%s\"%s\":%s", i ? "," : "",
				                       EVENT_COLUMNS[i], v[i]);
				continue;
			}
			if (!v[i] && k->fmt == F_TIMESKETCH)
				continue;
			if (i)
				g_string_append_c(l, ',');
			mc_json_member(l, EVENT_COLUMNS[i], v[i]);
		}
		g_string_append(l, "}\n");
		fwrite(l->str, 1, l->len, k->f);
	}
	g_free(msg);
	tick(k);
	return 0;
}

static int export_events(sqlite3 *db, const struct mc_tl_filter *f, struct sink *k,
                         const char *case_path)
{
	if (k->fmt == F_CSV)
		csv_row(k->f, EVENT_COLUMNS, N_EVENT_COLUMNS);
	else if (k->fmt == F_L2TCSV)
		csv_row(k->f, L2T_COLUMNS, (int)G_N_ELEMENTS(L2T_COLUMNS));
	struct ev_ctx c = { .k = k, .line = g_string_new(NULL) };
	char err[512];
	int rc = mc_timeline_walk(db, f, on_event, &c, err, sizeof err);
	g_string_free(c.line, TRUE);
	if (rc < 0) {
		mc_error("%s: cannot read the timeline: %s", case_path, err);
		return MC_EXIT_CASE;
	}
	return MC_EXIT_OK;
}

/* ---- command line ---- */

static enum format fmt = F_CSV;
static enum what what = W_DEFAULT;
static const char *output;
static int body;
static const char *index_prefix = MC_OS_DEFAULT_PREFIX;
static struct mc_cli_tl_filter filter;
static const char *query;           /* mbox, eml: the selection */
static long long finding;
static GArray *message_ids;
static int force;

static int parse_format(void *dest, const char *arg, const char *cmd)
{
	static const char *const names[] = { "csv", "jsonl", "timesketch", "l2tcsv",
		                             "opensearch", "opensearch-template", "case-uco",
		                             "mbox", "eml" };
	for (int i = 0; i < (int)G_N_ELEMENTS(names); i++)
		if (strcmp(arg, names[i]) == 0) {
			*(enum format *)dest = (enum format)i;
			return MC_EXIT_OK;
		}
	return mc_usage_error(cmd, "unknown format '%s' (csv, jsonl, timesketch, l2tcsv,"
	                      " opensearch, opensearch-template, case-uco, mbox, eml)", arg);
}

/* --message N, any number of times. */
static int parse_message(void *dest, const char *arg, const char *cmd)
{
	GArray **ids = dest;
	guint64 n = 0;
	if (!g_ascii_string_to_unsigned(arg, 10, 1, G_MAXINT64, &n, NULL))
		return mc_usage_error(cmd, "--message takes a message number, not '%s'", arg);
	if (!*ids)
		*ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int64_t id = (int64_t)n;
	g_array_append_val(*ids, id);
	return MC_EXIT_OK;
}

static int parse_what(void *dest, const char *arg, const char *cmd)
{
	static const char *const names[] = { "messages", "findings", "timeline" };
	for (int i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			*(enum what *)dest = (enum what)(i + 1);
			return MC_EXIT_OK;
		}
	return mc_usage_error(cmd, "--what is messages, findings or timeline, not '%s'", arg);
}

static const char ABOUT[] =
"Write the messages, findings or timeline events of the case file CASE in a\n"
"format other tools read. Rows are streamed in a stable order (messages and\n"
"findings by number, events by time then message number).\n"
"\n"
"Formats (--format):\n"
"  csv         RFC 4180 CSV with one header row (CRLF line ends, fields with\n"
"              commas, quotes or line breaks quoted)\n"
"  jsonl       one JSON object per line\n"
"  timesketch  JSONL for Timesketch: one object per timeline event with\n"
"              message, datetime (ISO 8601, UTC), timestamp (microseconds),\n"
"              timestamp_desc, and the event's other fields as attributes\n"
"  l2tcsv      plaso's l2tcsv: date,time,timezone,MACB,source,sourcetype,\n"
"              type,user,host,short,desc,version,filename,inode,notes,\n"
"              format,extra; one row per timeline event, times in UTC\n"
"  opensearch  the whole case as OpenSearch/Elasticsearch bulk NDJSON: every\n"
"              message (with recipients, attachments, analysis and body\n"
"              text), finding and timeline event, into the indices\n"
"              PREFIX-messages, PREFIX-findings and PREFIX-events; document\n"
"              ids derive from the content (a message's from its evidence's\n"
"              SHA-256 and locator), so loading two cases does not\n"
"              duplicate shared evidence\n"
"  opensearch-template  the index template mapping PREFIX-* (the body of\n"
"              PUT _index_template/PREFIX); docs/export-opensearch.md\n"
"  case-uco    CASE/UCO JSON-LD: the evidence files with their hashes, every\n"
"              message as a uco-observable:EmailMessage (from, to, cc, bcc,\n"
"              times, message id, in-reply-to, references, headers; the body\n"
"              with --body), attachments as files with their SHA-256, each\n"
"              message tied to its evidence file and locator, and the runs\n"
"              that read the evidence (docs/export-case-uco.md)\n"
"  mbox        the selected messages (below) as one mboxrd file: a From_ line,\n"
"              then each message's original bytes, re-read from the evidence\n"
"              and checked against its recorded SHA-256, lines matching\n"
"              ^>*From  quoted with one more '>', and an empty line\n"
"  eml         the selected messages as files DIR/NUMBER.eml (-o DIR, made\n"
"              if missing; existing files refused without --force), each\n"
"              exactly the original bytes\n"
"              Each message of mbox or eml starts with an X-Mailcase-Source\n"
"              header: its evidence path, the evidence's SHA-256 and its\n"
"              locator. PST/OST items have no original bytes (.olm items'\n"
"              are XML): they are the reconstruction of 'show --raw'\n"
"              (X-Mailcase-Reconstructed), without attachment bytes\n"
"              (X-Mailcase-Attachments-Omitted).\n"
"              A message whose evidence is unreadable or changed is not\n"
"              written (an error names it; exit status 1); the others are.\n"
"              Selection (all given must hold; none: every message):\n"
"              --identity, --from and --to (the message's date), --query,\n"
"              --finding, --message\n"
"\n"
"What (--what): messages (the default for csv and jsonl), findings, or\n"
"timeline (the default for timesketch and l2tcsv, which always write events:\n"
"with --what messages or findings, only those events). A CSV of the\n"
"timeline has Timesketch's columns too (message, datetime, timestamp_desc).\n";

static const char EPILOGUE[] =
"Progress is shown on standard error when it is a terminal and the output\n"
"is not. Exit status: 0 written; 2 bad command line, or FILE is the case\n"
"or its evidence (refused); 3 CASE is not a usable case file; 4 the output\n"
"could not be written.\n";

static const struct mc_option options[] = {
	MC_CALLBACK("format", 'f', "FORMAT", &fmt, parse_format,
	            "csv, jsonl, timesketch, l2tcsv, opensearch,\n"
	            "opensearch-template, case-uco, mbox or eml\n(default csv)"),
	MC_CALLBACK("what", 'w', "WHAT", &what, parse_what, "messages, findings or timeline"),
	MC_STRING("output", 'o', "FILE", &output, "write to FILE instead of standard output (never\n"
	          "the case or its evidence; a regular FILE is replaced\n"
	          "once complete); eml: the directory DIR"),
	MC_FLAG("body", 0, &body, "add the body text to message rows (case-uco: to\n"
	        "the messages)"),
	MC_STRING("index", 0, "PREFIX", &index_prefix, "opensearch: the indices' name prefix\n"
	          "(default mailcase; lower case)"),
	MC_OPT_TL_FILTER(&filter,
	                 "timeline: events of this sender, recipient or\nfinding identity only;"
	                 " mbox, eml: messages\nfrom or to ADDR",
	                 "timeline: events at or after TIME (UTC; YYYY-MM-DD or\n"
	                 "an ISO 8601 date and time); mbox, eml: messages\ndated then or later",
	                 "timeline: events up to TIME (a date: the whole day);\n"
	                 "mbox, eml: messages dated until then",
	                 "timeline: events of this kind only"),
	MC_STRING("query", 0, "FTS", &query, "mbox, eml: messages matching the full-text query\n"
	          "FTS (FTS5 syntax, as 'search'; each term three\ncharacters or more)"),
	MC_COUNT("finding", 0, "ID", &finding, 1, INT64_MAX,
	         "mbox, eml: the messages of finding ID"),
	MC_CALLBACK("message", 0, "N", &message_ids, parse_message,
	            "mbox, eml: message number N (repeatable: any of them)"),
	MC_FLAG("force", 0, &force, "eml: replace files of DIR that exist"),
	MC_OPTIONS_END
};

/* Whether timeline events are written (else message or finding rows). */
static int exports_events(void)
{
	return fmt == F_TIMESKETCH || fmt == F_L2TCSV || what == W_TIMELINE;
}

static int check(const struct mc_cli *cli)
{
	(void)cli;
	const struct mc_tl_filter *f = &filter.f;
	if (!mc_os_prefix_valid(index_prefix))
		return mc_usage_error(CMD, "--index '%s' is not a usable index name prefix (lower-case"
		                      " letters, digits, '-', '_' and '.', not first)", index_prefix);
	if ((fmt == F_OPENSEARCH || fmt == F_OS_TEMPLATE || fmt == F_CASE_UCO) &&
	    (what != W_DEFAULT || f->identity || f->from || f->to || f->kind))
		return mc_usage_error(CMD, "--format %s writes the whole case: --what and the"
		                      " timeline filters do not apply", fmt == F_OPENSEARCH
		                      ? "opensearch" : fmt == F_CASE_UCO ? "case-uco"
		                      : "opensearch-template");
	int mail = fmt == F_MBOX || fmt == F_EML;
	if ((query || finding || message_ids) && !mail)
		return mc_usage_error(CMD, "--query, --finding and --message select messages for"
		                      " --format mbox or eml");
	if (force && fmt != F_EML)
		return mc_usage_error(CMD, "--force is for --format eml");
	if (mail && (what != W_DEFAULT || f->kind || body))
		return mc_usage_error(CMD, "--format %s writes messages: --what, --kind and --body"
		                      " do not apply", fmt == F_MBOX ? "mbox" : "eml");
	if (fmt == F_EML && (!output || strcmp(output, "-") == 0))
		return mc_usage_error(CMD, "--format eml writes files into a directory: -o DIR");
	if (!mail && !exports_events() && (f->identity || f->from || f->to || f->kind))
		return mc_usage_error(CMD, "--identity, --from, --to and --kind filter timeline"
		                      " events (--what timeline, or --format timesketch/l2tcsv)");
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_export_options = {
	.options = options, .column = 24, .about = ABOUT, .epilogue = EPILOGUE, .check = check
};

static int64_t scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	int64_t v = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void os_tick(void *ctx)
{
	tick(ctx);
}

/* --format opensearch or case-uco: the whole case, by report/. */
static int export_whole_case(sqlite3 *db, struct sink *k, const char *case_path)
{
	char err[512];
	uint64_t written = 0;
	int rc = fmt == F_CASE_UCO
	       ? mc_uco_write(db, k->f, body, &written, os_tick, k, err, sizeof err)
	       : mc_os_write_bulk(db, k->f, index_prefix, &written, os_tick, k, err, sizeof err);
	if (rc < 0) {
		mc_error("%s: cannot read the case: %s", case_path, err);
		return MC_EXIT_CASE;
	}
	return MC_EXIT_OK;
}

/* What the progress counts for the format and --what. */
static uint64_t progress_total(sqlite3 *db, int events)
{
	int64_t n = fmt == F_OPENSEARCH ? mc_os_count(db)
	          : fmt == F_CASE_UCO ? scalar(db, "SELECT count(*) FROM messages")
	          : events ? mc_timeline_count(db, &filter.f)
	          : scalar(db, what == W_FINDINGS ? "SELECT count(*) FROM findings"
	                                          : "SELECT count(*) FROM messages");
	return n > 0 ? (uint64_t)n : 0;
}

/* --format mbox or eml: the selection, then report/export-mail.c. */
static int export_mail(struct mc_cli *cli)
{
	struct mc_mail_selection sel = { .identity = filter.f.identity, .from = filter.f.from,
		.to = filter.f.to, .query = query, .finding = finding, .ids = message_ids };
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	char err[1024];
	int rc = mc_mail_select(cli->db, &sel, ids, err, sizeof err);
	struct mc_output out = { 0 };
	if (rc != 0) {
		if (rc > 0)
			rc = mc_usage_error(CMD, "%s: %s", cli->case_path, err);
		else
			mc_error("%s: %s", cli->case_path, err);
		g_array_free(ids, TRUE);
		return rc > 0 ? rc : MC_EXIT_CASE;
	}
	if (fmt == F_MBOX && (rc = mc_cli_open_output(cli, output, &out)) != MC_EXIT_OK) {
		g_array_free(ids, TRUE);
		return rc;
	}
	struct sink k = { .f = out.f ? out.f : stdout, .total = ids->len };
	k.progress = fmt == F_EML || !isatty(fileno(k.f));
	struct mc_mail_export x = { .mbox = out.f, .dir = output, .force = force,
		.tick = k.progress ? os_tick : NULL, .ctx = &k };
	if (k.progress)
		mc_progress_begin(k.total);
	rc = (int)mc_mail_export(cli->db, cli->case_path, ids, &x);
	if (k.progress)
		mc_progress_end();
	g_array_free(ids, TRUE);
	if (fmt == F_MBOX) {       /* the messages written are kept beside a skipped one */
		int closed = mc_cli_close_output(cli, &out, output,
		                                 rc == MC_EXIT_EVIDENCE ? MC_EXIT_OK : rc);
		if (closed != MC_EXIT_OK)
			rc = closed;
	}
	return rc;
}

int mc_cmd_export(struct mc_cli *cli)
{
	sqlite3 *db = cli->db;
	const char *case_path = cli->case_path;
	if (fmt == F_MBOX || fmt == F_EML)
		return export_mail(cli);
	int events = exports_events();
	if (what == W_DEFAULT)
		what = events ? W_TIMELINE : W_MESSAGES;
	filter.f.messages = what != W_FINDINGS;
	filter.f.findings = what != W_MESSAGES;
	struct mc_output out;
	int rc = mc_cli_open_output(cli, output, &out);
	if (rc != MC_EXIT_OK)
		return rc;
	struct sink k = { .f = out.f, .fmt = fmt };
	if (fmt == F_OS_TEMPLATE) {
		mc_os_write_template(out.f, index_prefix);
		return mc_cli_close_output(cli, &out, output, rc);
	}
	k.progress = !isatty(fileno(k.f));
	if (k.progress) {
		k.total = progress_total(db, events);
		mc_progress_begin(k.total);
	}
	if (fmt == F_OPENSEARCH || fmt == F_CASE_UCO) {
		rc = export_whole_case(db, &k, case_path);
	} else if (events) {
		rc = export_events(db, &filter.f, &k, case_path);
	} else if (what == W_FINDINGS) {
		rc = export_rows(db, FINDINGS_SQL, &k, case_path);
	} else {
		int labels = mc_case_version(db) >= 7;
		char *sql = g_strconcat(MESSAGES_COLUMNS, labels ? MESSAGES_LABELS : MESSAGES_NO_LABELS,
		                        body ? ", m.body_text" : "", MESSAGES_FROM, NULL);
		rc = export_rows(db, sql, &k, case_path);
		g_free(sql);
	}
	if (k.progress)
		mc_progress_end();
	return mc_cli_close_output(cli, &out, output, rc);
}
