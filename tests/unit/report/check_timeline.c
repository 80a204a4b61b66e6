/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_timeline.c: unit tests of the timeline (analyzer/report/timeline.c):
 * the --from/--to and --tz argument parsers, local and Unix times of case
 * times, event kinds, and the events walked and counted on temp cases
 * written with the case writer (kinds, order, fields, filters, stopping,
 * errors, a schema 2 case).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "case-writer.h"
#include "record.h"
#include "timeline.h"
#include "../unit-util.h"

/* ---- argument parsers and times ---- */

/* Seconds since the epoch of an ISO 8601 time, by GLib. */
static int64_t unix_of(const char *utc)
{
	GTimeZone *z = g_time_zone_new_utc();
	GDateTime *dt = g_date_time_new_from_iso8601(utc, z);
	g_time_zone_unref(z);
	ck_assert_ptr_nonnull(dt);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static const struct { const char *arg; int is_end; const char *want; } bounds[] = {
	{ "2011-03-14", 0, "2011-03-14T00:00:00Z" },
	{ "2011-03-14", 1, "2011-03-15T00:00:00Z" },          /* the whole day */
	{ "2011-12-31", 1, "2012-01-01T00:00:00Z" },
	{ "2012-02-29", 1, "2012-03-01T00:00:00Z" },
	{ "2011-03-14T08:40:12Z", 0, "2011-03-14T08:40:12Z" },
	{ "2011-03-14T08:40:12Z", 1, "2011-03-14T08:40:13Z" }, /* the second included */
	{ "2011-03-14T23:59:59Z", 1, "2011-03-15T00:00:00Z" },
	{ "2011-03-14T08:40:12", 0, "2011-03-14T08:40:12Z" },  /* UTC without an offset */
	{ "2011-03-14 08:40:12", 0, "2011-03-14T08:40:12Z" },
	{ "2011-03-14T16:40:12+08:00", 0, "2011-03-14T08:40:12Z" },
	{ "2011-03-14T00:30:00-05:00", 0, "2011-03-14T05:30:00Z" },
	{ "2011-03-14T00:30:00-05:00", 1, "2011-03-14T05:30:01Z" },
};

START_TEST(parse_bound_accepts)
{
	char out[21] = "unchanged";
	ck_assert_msg(mc_tl_parse_bound(bounds[_i].arg, bounds[_i].is_end, out) == 0,
	              "%s refused", bounds[_i].arg);
	ck_assert_msg(strcmp(out, bounds[_i].want) == 0, "%s (%s): %s, want %s", bounds[_i].arg,
	              bounds[_i].is_end ? "end" : "start", out, bounds[_i].want);
}
END_TEST

START_TEST(parse_bound_refuses)
{
	static const char *const bad[] = {
		"", "yesterday", "2011", "2011-03", "2011-3-14", "14.03.2011", "2011-02-29",
		"2011-13-01", "2011-00-10", "2011-03-32", "2011-03-14T25:00:00Z", "2011-03-14T",
		"2011-03-14Tnoon", "2011-03-14x",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		for (int is_end = 0; is_end < 2; is_end++) {
			char out[21];
			ck_assert_msg(mc_tl_parse_bound(bad[i], is_end, out) == -1, "[%s] accepted as %.20s",
			              bad[i], out);
		}
}
END_TEST

/* tz's offset from UTC at the case time utc, in seconds. */
static int offset_at(GTimeZone *tz, const char *utc)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(unix_of(utc));
	GDateTime *local = g_date_time_to_timezone(dt, tz);
	int off = (int)(g_date_time_get_utc_offset(local) / G_TIME_SPAN_SECOND);
	g_date_time_unref(local);
	g_date_time_unref(dt);
	return off;
}

START_TEST(zones)
{
	static const struct { const char *arg; int offset; } fixed[] = {
		{ "UTC", 0 }, { "utc", 0 }, { "Z", 0 }, { "+08:00", 8 * 3600 },
		{ "-05:30", -(5 * 3600 + 30 * 60) }, { "+00:00", 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
		GTimeZone *tz = mc_tl_zone(fixed[i].arg);
		ck_assert_msg(tz != NULL, "zone %s refused", fixed[i].arg);
		ck_assert_int_eq(offset_at(tz, "2011-01-01T12:00:00Z"), fixed[i].offset);
		ck_assert_int_eq(offset_at(tz, "2011-07-01T12:00:00Z"), fixed[i].offset);
		g_time_zone_unref(tz);
	}
	static const char *const unknown[] = { "Mars/Olympus", "", "Europe/Nowhere" };
	for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++)
		ck_assert_msg(mc_tl_zone(unknown[i]) == NULL, "zone [%s] accepted", unknown[i]);
	ck_assert_ptr_null(mc_tl_zone(NULL));

	/* An IANA name, with its daylight saving time (when the system has
	 * the time zone database). */
	if (g_file_test("/usr/share/zoneinfo/Europe/Berlin", G_FILE_TEST_EXISTS)) {
		GTimeZone *tz = mc_tl_zone("Europe/Berlin");
		ck_assert_ptr_nonnull(tz);
		ck_assert_int_eq(offset_at(tz, "2011-01-01T12:00:00Z"), 3600);
		ck_assert_int_eq(offset_at(tz, "2011-07-01T12:00:00Z"), 7200);
		g_time_zone_unref(tz);
	}
}
END_TEST

START_TEST(local_times)
{
	static const struct { const char *zone, *utc, *want; } cases[] = {
		{ "+08:00", "2011-03-14T08:40:12Z", "2011-03-14T16:40:12+08:00" },
		{ "+08:00", "2011-03-14T20:00:00Z", "2011-03-15T04:00:00+08:00" },
		{ "-05:30", "2011-01-01T03:00:00Z", "2010-12-31T21:30:00-05:30" },
		{ "UTC", "2011-03-14T08:40:12Z", "2011-03-14T08:40:12+00:00" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GTimeZone *tz = mc_tl_zone(cases[i].zone);
		ck_assert_ptr_nonnull(tz);
		char *got = mc_tl_local(tz, cases[i].utc);
		ck_assert_msg(got && strcmp(got, cases[i].want) == 0, "%s in %s: %s, want %s",
		              cases[i].utc, cases[i].zone, got ? got : "NULL", cases[i].want);
		g_free(got);
		g_time_zone_unref(tz);
	}
	if (g_file_test("/usr/share/zoneinfo/Europe/Berlin", G_FILE_TEST_EXISTS)) {
		GTimeZone *tz = mc_tl_zone("Europe/Berlin");
		char *got = mc_tl_local(tz, "2011-07-01T12:00:00Z");
		ck_assert_str_eq(got, "2011-07-01T14:00:00+02:00");
		g_free(got);
		got = mc_tl_local(tz, "2011-01-01T12:00:00Z");
		ck_assert_str_eq(got, "2011-01-01T13:00:00+01:00");
		g_free(got);
		g_time_zone_unref(tz);
	}
	GTimeZone *utc = mc_tl_zone("UTC");
	ck_assert_ptr_null(mc_tl_local(utc, "not a time"));
	ck_assert_ptr_null(mc_tl_local(utc, ""));
	ck_assert_ptr_null(mc_tl_local(utc, NULL));
	g_time_zone_unref(utc);
}
END_TEST

START_TEST(unix_times)
{
	static const struct { const char *utc; int64_t want; } cases[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2011-03-14T08:40:12Z", 1300092012 },
		{ "2038-01-19T03:14:08Z", 2147483648LL },
		{ "1969-12-31T23:59:59Z", -1 },     /* -1 and ok: a time, not an error */
		{ "1601-01-01T00:00:00Z", -11644473600LL },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int ok = 0;
		ck_assert_int_eq(mc_tl_unix(cases[i].utc, &ok), cases[i].want);
		ck_assert_msg(ok == 1, "%s not ok", cases[i].utc);
	}
	static const char *const bad[] = { "not a time", "", "2011-02-30T00:00:00Z" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		int ok = 1;
		ck_assert_int_eq(mc_tl_unix(bad[i], &ok), -1);
		ck_assert_msg(ok == 0, "[%s] ok", bad[i]);
	}
	int ok = 1;
	ck_assert_int_eq(mc_tl_unix(NULL, &ok), -1);
	ck_assert_int_eq(ok, 0);
}
END_TEST

START_TEST(kinds)
{
	int n = 0;
	for (const char *const *k = mc_tl_kinds; *k; k++, n++)
		ck_assert_msg(mc_tl_kind_valid(*k), "%s", *k);
	ck_assert_int_eq(n, 12);   /* the kinds timeline.h lists, but "last verb N" */
	static const char *const valid[] = { "sent", "system", "date", "reply all",
	                                     "finding last seen", "last verb 110", "last verb 0" };
	for (size_t i = 0; i < G_N_ELEMENTS(valid); i++)
		ck_assert_msg(mc_tl_kind_valid(valid[i]), "[%s] refused", valid[i]);
	static const char *const invalid[] = { "", "birthday", "Sent", "sent ", "reply-all",
	                                       "last verb", "last verb ", "finding last", "findings" };
	for (size_t i = 0; i < G_N_ELEMENTS(invalid); i++)
		ck_assert_msg(!mc_tl_kind_valid(invalid[i]), "[%s] accepted", invalid[i]);
}
END_TEST

/* ---- events of a case ---- */

/* One message to write; times are case times or NULL. */
struct msg_spec {
	const char *name;        /* its locator "pst:<name>" */
	int64_t folder;          /* 1 inbox, 2 sent, 0 none */
	const char *from, *to, *subject, *message_class, *content_type, *auto_submitted;
	const char *date, *submit, *delivery, *creation, *modification, *last_verb_time;
	int last_verb;
};

static const struct msg_spec case_msgs[] = {
	{ "m1", 1, "Anna@Example.org", "bob@example.com", "hello", NULL, NULL, NULL,
	  "2011-03-14T08:00:00Z", "2011-03-14T08:00:00Z", "2011-03-14T08:05:00Z", NULL, NULL, NULL, -1 },
	{ "m2", 2, "Bob@Example.com", "anna@example.org", "Re: hello", "IPM.Note", NULL, NULL,
	  "2011-03-14T09:00:00Z", NULL, NULL, "2011-03-13T00:00:00Z", "2011-03-15T00:00:00Z",
	  "2011-03-14T10:00:00Z", 102 },
	{ "m3", 1, "MAILER-DAEMON@example.com", "anna@example.org", "failure", NULL, NULL, NULL,
	  "2011-03-14T08:00:00Z", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "m4", 1, "carol@example.net", NULL, "away", NULL, NULL, "auto-replied",
	  "2011-03-16T12:00:00Z", "2011-03-16T11:59:00Z", NULL, NULL, NULL, NULL, -1 },
	{ "m5", 1, "dave@example.net", NULL, "by hand", NULL, NULL, "No",
	  "2011-03-17T00:00:00Z", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "m6", 1, "eve@example.net", NULL, "undated", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, NULL, "2011-03-18T00:00:00Z", 110 },
	{ "m7", 1, "frank@example.net", NULL, "ndr", "REPORT.IPM.Note.NDR", NULL, NULL,
	  "2011-03-18T06:00:00Z", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "m8", 0, "gina@example.net", NULL, "dsn", NULL, "multipart/report", NULL,
	  "2011-03-19T00:00:00Z", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "m9", 0, "hank@example.net", NULL, "plain", NULL, NULL, NULL,
	  "2011-03-19T00:00:00Z", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "m10", 1, "ida@example.net", NULL, "nothing dated", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, NULL, NULL, -1 },
};

/* Every event of case_msgs and the two findings, in timeline order, as
 * "<time> <kind> <message or finding name>". */
static const char *const all_events[] = {
	"2011-03-13T00:00:00Z created m2",
	"2011-03-14T08:00:00Z date m1",
	"2011-03-14T08:00:00Z system m3",     /* same time: message order */
	"2011-03-14T08:05:00Z delivered m1",
	"2011-03-14T09:00:00Z finding f1",    /* a finding is message 0 */
	"2011-03-14T09:00:00Z sent m2",
	"2011-03-14T10:00:00Z reply m2",
	"2011-03-15T00:00:00Z modified m2",
	"2011-03-16T00:00:00Z finding last seen f1",
	"2011-03-16T11:59:00Z submitted m4",
	"2011-03-16T12:00:00Z system m4",
	"2011-03-17T00:00:00Z date m5",
	"2011-03-18T00:00:00Z last verb 110 m6",
	"2011-03-18T06:00:00Z system m7",
	"2011-03-19T00:00:00Z system m8",
	"2011-03-19T00:00:00Z date m9",
	"2011-03-20T00:00:00Z finding f2",
};

static int64_t time_or_none(const char *utc)
{
	return utc ? unix_of(utc) : MC_NO_TIME;
}

/* A new case holding case_msgs in one evidence and two findings. */
static sqlite3 *events_case(void)
{
	sqlite3 *db = new_case("tl.db");
	long long ev;
	struct mc_case_writer *w = begin_mail_evidence(db, "/ev/box.pst", NULL, &ev);
	for (size_t i = 0; i < G_N_ELEMENTS(case_msgs); i++) {
		const struct msg_spec *s = &case_msgs[i];
		struct mc_message *m = mc_message_new();
		m->local_id = (int64_t)i + 1;
		m->folder_local_id = s->folder;
		m->origin = MC_ORIGIN_FOLDER;
		m->locator = g_strdup_printf("pst:%s", s->name);
		m->from_addr = g_strdup(s->from);
		m->subject = g_strdup(s->subject);
		m->message_id = g_strdup_printf("%s@example.org", s->name);
		m->message_class = g_strdup(s->message_class);
		m->content_type = g_strdup(s->content_type);
		if (s->auto_submitted)
			mc_message_add_header(m, "Auto-Submitted", s->auto_submitted, NULL);
		if (s->to)
			mc_message_add_recipient(m, "to", NULL, s->to);
		if (s->date) {
			m->has_date = 1;
			m->date_unix = unix_of(s->date);
		}
		m->submit_time = time_or_none(s->submit);
		m->delivery_time = time_or_none(s->delivery);
		m->creation_time = time_or_none(s->creation);
		m->modification_time = time_or_none(s->modification);
		m->last_verb_time = time_or_none(s->last_verb_time);
		m->last_verb = s->last_verb;
		ck_assert_int_eq(mc_writer_message(w, m), 0);
		mc_message_free(m);
	}
	end_mail_evidence(w);
	ck_assert_int_eq(sqlite3_exec(db,
		"INSERT INTO findings(id, rule, severity, identity, first_seen, last_seen, summary)"
		" VALUES (11, 'test.rule', 'medium', 'anna@example.org', '2011-03-14T09:00:00Z',"
		"         '2011-03-16T00:00:00Z', 'test finding'),"
		"        (12, 'test.other', 'low', 'zed@example.com', '2011-03-20T00:00:00Z',"
		"         '2011-03-20T00:00:00Z', 'once')", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

#define N_FIELDS 11

/* What a walk saw: each event as in all_events, and the fields of the
 * event asked for by keep_kind and keep_name. */
struct seen {
	sqlite3 *db;
	GPtrArray *lines;
	int stop_after;          /* return 1 after this many events; 0 never */
	const char *keep_kind, *keep_name;
	char *kept[N_FIELDS];    /* time, identity, evidence, format, folder, locator,
	                          * subject, message class, Message-ID, rule, severity */
	int kept_count;
};

/* The name (message locator without "pst:", or "f<id % 10>") of an event. */
static char *event_name(sqlite3 *db, const struct mc_tl_event *ev)
{
	if (ev->finding_id)
		return g_strdup_printf("f%" G_GINT64_FORMAT, ev->finding_id % 10);
	char *sql = g_strdup_printf("SELECT substr(locator, 5) FROM messages WHERE id = %" G_GINT64_FORMAT,
	                            ev->message_id);
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	g_free(sql);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char *name = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return name;
}

static char *dup_or_null(const char *s)
{
	return g_strdup(s ? s : "(null)");
}

static int on_event(void *ctx, const struct mc_tl_event *ev)
{
	struct seen *s = ctx;
	ck_assert_msg((ev->message_id != 0) != (ev->finding_id != 0), "%s %s: message %" G_GINT64_FORMAT
	              " finding %" G_GINT64_FORMAT, ev->time, ev->kind, ev->message_id, ev->finding_id);
	char *name = event_name(s->db, ev);
	g_ptr_array_add(s->lines, g_strdup_printf("%s %s %s", ev->time, ev->kind, name));
	if (s->keep_kind && strcmp(ev->kind, s->keep_kind) == 0 && strcmp(name, s->keep_name) == 0) {
		const char *f[N_FIELDS] = { ev->time, ev->identity, ev->evidence, ev->format,
		                            ev->folder, ev->locator, ev->subject, ev->message_class,
		                            ev->msgid, ev->rule, ev->severity };
		for (int i = 0; i < N_FIELDS; i++) {
			g_free(s->kept[i]);
			s->kept[i] = dup_or_null(f[i]);
		}
		s->kept_count++;
	}
	g_free(name);
	return s->stop_after && (int)s->lines->len >= s->stop_after;
}

static void seen_init(struct seen *s, sqlite3 *db)
{
	memset(s, 0, sizeof *s);
	s->db = db;
	s->lines = g_ptr_array_new_with_free_func(g_free);
}

static void seen_clear(struct seen *s)
{
	g_ptr_array_free(s->lines, TRUE);
	for (int i = 0; i < N_FIELDS; i++)
		g_free(s->kept[i]);
}

/* Walks f and checks that the events are exactly want, in order, and
 * that mc_timeline_count() agrees. */
static void expect_walk(sqlite3 *db, const struct mc_tl_filter *f, const char *const *want,
                        size_t nwant)
{
	struct seen s;
	char err[256] = "";
	seen_init(&s, db);
	ck_assert_msg(mc_timeline_walk(db, f, on_event, &s, err, sizeof err) == 0, "walk: %s", err);
	GString *got = g_string_new(NULL), *exp = g_string_new(NULL);
	for (guint i = 0; i < s.lines->len; i++)
		g_string_append_printf(got, "%s\n", (const char *)g_ptr_array_index(s.lines, i));
	for (size_t i = 0; i < nwant; i++)
		g_string_append_printf(exp, "%s\n", want[i]);
	ck_assert_msg(strcmp(got->str, exp->str) == 0, "events:\n%s\nwant:\n%s", got->str, exp->str);
	ck_assert_int_eq(mc_timeline_count(db, f), (int64_t)nwant);
	g_string_free(got, TRUE);
	g_string_free(exp, TRUE);
	seen_clear(&s);
}

/* The events of all_events whose line passes keep(). */
static size_t select_events(int (*keep)(const char *line), const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(all_events); i++)
		if (keep(all_events[i]))
			out[n++] = all_events[i];
	return n;
}

static int is_finding(const char *line)
{
	return strstr(line, " finding ") != NULL;
}

static int is_message(const char *line)
{
	return !is_finding(line);
}

static int is_system(const char *line)
{
	return strstr(line, " system ") != NULL;
}

/* From 2011-03-14T09:00:00Z (inclusive) to 2011-03-16T12:00:00Z (exclusive). */
static int in_range(const char *line)
{
	return strncmp(line, "2011-03-14T09:00:00Z", 20) >= 0 &&
	       strncmp(line, "2011-03-16T12:00:00Z", 20) < 0;
}

/* Anna's: messages from or to her, and her finding. */
static int annas(const char *line)
{
	return g_str_has_suffix(line, " m1") || g_str_has_suffix(line, " m2") ||
	       g_str_has_suffix(line, " m3") || g_str_has_suffix(line, " f1");
}

START_TEST(walk_all_in_order)
{
	sqlite3 *db = events_case();
	struct mc_tl_filter f = { .messages = 1, .findings = 1 };
	expect_walk(db, &f, all_events, G_N_ELEMENTS(all_events));
	mc_case_close(db);
}
END_TEST

START_TEST(walk_filters)
{
	sqlite3 *db = events_case();
	const char *want[G_N_ELEMENTS(all_events)];
	size_t n;

	struct mc_tl_filter f = { .messages = 1, .findings = 0 };
	n = select_events(is_message, want);
	expect_walk(db, &f, want, n);

	f = (struct mc_tl_filter){ .messages = 0, .findings = 1 };
	n = select_events(is_finding, want);
	ck_assert_uint_eq(n, 3);
	expect_walk(db, &f, want, n);

	f = (struct mc_tl_filter){ .messages = 0, .findings = 0 };
	expect_walk(db, &f, want, 0);

	f = (struct mc_tl_filter){ .kind = "system", .messages = 1, .findings = 1 };
	n = select_events(is_system, want);
	ck_assert_uint_eq(n, 4);
	expect_walk(db, &f, want, n);

	f = (struct mc_tl_filter){ .from = "2011-03-14T09:00:00Z", .to = "2011-03-16T12:00:00Z",
	                           .messages = 1, .findings = 1 };
	n = select_events(in_range, want);
	ck_assert_uint_eq(n, 6);
	expect_walk(db, &f, want, n);

	f = (struct mc_tl_filter){ .identity = "ANNA@example.ORG", .messages = 1, .findings = 1 };
	n = select_events(annas, want);
	ck_assert_uint_eq(n, 9);
	expect_walk(db, &f, want, n);

	f = (struct mc_tl_filter){ .identity = "zed@example.com", .kind = "finding",
	                           .messages = 1, .findings = 1 };
	want[0] = "2011-03-20T00:00:00Z finding f2";
	expect_walk(db, &f, want, 1);

	f = (struct mc_tl_filter){ .identity = "nobody@example.com", .messages = 1, .findings = 1 };
	expect_walk(db, &f, want, 0);
	mc_case_close(db);
}
END_TEST

/* The one event of kind and name in a walk of everything has the fields
 * want ("(null)" for NULL). */
static void expect_fields(sqlite3 *db, const char *kind, const char *name,
                          const char *const want[N_FIELDS])
{
	struct mc_tl_filter f = { .messages = 1, .findings = 1 };
	struct seen s;
	char err[256];
	seen_init(&s, db);
	s.keep_kind = kind;
	s.keep_name = name;
	ck_assert_int_eq(mc_timeline_walk(db, &f, on_event, &s, err, sizeof err), 0);
	ck_assert_int_eq(s.kept_count, 1);
	for (int i = 0; i < N_FIELDS; i++)
		ck_assert_msg(strcmp(s.kept[i], want[i]) == 0, "%s %s field %d: %s, want %s",
		              kind, name, i, s.kept[i], want[i]);
	seen_clear(&s);
}

START_TEST(walk_event_fields)
{
	sqlite3 *db = events_case();
	static const char *const sent[N_FIELDS] = {
		"2011-03-14T09:00:00Z", "bob@example.com", "/ev/box.pst", "pst", "Sent Items",
		"pst:m2", "Re: hello", "IPM.Note", "m2@example.org", "(null)", "(null)",
	};
	expect_fields(db, "sent", "m2", sent);
	static const char *const finding[N_FIELDS] = {
		"2011-03-14T09:00:00Z", "anna@example.org", "(null)", "(null)", "(null)", "(null)",
		"test finding", "(null)", "(null)", "test.rule", "medium",
	};
	expect_fields(db, "finding", "f1", finding);
	mc_case_close(db);
}
END_TEST

START_TEST(walk_stops_and_fails)
{
	sqlite3 *db = events_case();
	struct mc_tl_filter f = { .messages = 1, .findings = 1 };
	struct seen s;
	char err[256] = "";
	seen_init(&s, db);
	s.stop_after = 3;
	ck_assert_int_eq(mc_timeline_walk(db, &f, on_event, &s, err, sizeof err), 1);
	ck_assert_uint_eq(s.lines->len, 3);
	ck_assert_str_eq(g_ptr_array_index(s.lines, 2), all_events[2]);
	seen_clear(&s);
	mc_case_close(db);

	/* Not a case: an SQLite error, reported. */
	sqlite3 *plain;
	ck_assert_int_eq(sqlite3_open(":memory:", &plain), SQLITE_OK);
	seen_init(&s, plain);
	ck_assert_int_eq(mc_timeline_walk(plain, &f, on_event, &s, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "no such table") != NULL, "error: %s", err);
	ck_assert_uint_eq(s.lines->len, 0);
	ck_assert_int_eq(mc_timeline_count(plain, &f), -1);
	seen_clear(&s);
	sqlite3_close(plain);
}
END_TEST

/* A schema 2 case (read as it is, without the lower() indexes) gives the
 * same events for an identity as once upgraded. */
START_TEST(walk_schema_2_identity)
{
	char *p = tmp_path("v2.db");
	sqlite3 *raw;
	ck_assert_int_eq(sqlite3_open(p, &raw), SQLITE_OK);
	char *sql = g_strdup_printf("%s%sPRAGMA application_id = %d; PRAGMA user_version = 2;"
	                            "INSERT INTO evidence(id, path, status, ingested_at)"
	                            " VALUES (1, 'x.mbox', 'ok', '2011-01-01T00:00:00Z');"
	                            "INSERT INTO messages(id, evidence_id, origin, locator, from_addr,"
	                            " date_utc)"
	                            " VALUES (1, 1, 'folder', 'pst:m1', 'Anna.Meyer@Example.ORG',"
	                            "         '2011-03-14T08:00:00Z'),"
	                            "        (2, 1, 'folder', 'pst:m2', 'bob@example.com',"
	                            "         '2011-03-14T09:00:00Z'),"
	                            "        (3, 1, 'folder', 'pst:m3', 'carl@example.com',"
	                            "         '2011-03-14T07:00:00Z');"
	                            "INSERT INTO recipients(message_id, seq, kind, addr)"
	                            " VALUES (2, 1, 'to', 'ANNA.MEYER@example.org'),"
	                            " (3, 1, 'to', 'bob@example.com');",
	                            mc_case_schema_sql, mc_case_migrate_1_to_2_sql,
	                            MC_CASE_APPLICATION_ID);
	ck_assert_int_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	g_free(sql);
	sqlite3_close(raw);

	static const char *const want[] = {
		"2011-03-14T08:00:00Z date m1", "2011-03-14T09:00:00Z date m2",
	};
	char err[512];
	sqlite3 *db = open_case("v2.db", MC_CASE_READ, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(mc_case_version(db), 2);
	struct mc_tl_filter f = { .identity = "anna.meyer@EXAMPLE.org", .messages = 1, .findings = 1 };
	expect_walk(db, &f, want, G_N_ELEMENTS(want));
	mc_case_close(db);

	db = open_case("v2.db", MC_CASE_WRITE, err);
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(mc_case_version(db), MC_CASE_SCHEMA_VERSION);
	expect_walk(db, &f, want, G_N_ELEMENTS(want));
	mc_case_close(db);
	g_free(p);
}
END_TEST

static Suite *timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *t = tcase_create("times");
	tcase_add_loop_test(t, parse_bound_accepts, 0, G_N_ELEMENTS(bounds));
	tcase_add_test(t, parse_bound_refuses);
	tcase_add_test(t, zones);
	tcase_add_test(t, local_times);
	tcase_add_test(t, unix_times);
	tcase_add_test(t, kinds);
	suite_add_tcase(s, t);
	t = tcase_create("events");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, walk_all_in_order);
	tcase_add_test(t, walk_filters);
	tcase_add_test(t, walk_event_fields);
	tcase_add_test(t, walk_stops_and_fails);
	tcase_add_test(t, walk_schema_2_identity);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(timeline_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
