/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * show-message.c: one message of a case for `mailcase show`: its row with
 * evidence and folder, as text or JSON with its headers, recipients,
 * attachments, properties and embedded messages; and the RFC 822
 * reconstruction of PST/OST items (which have no raw bytes).
 */

#include <string.h>
#include <sys/stat.h>
#include <gmime/gmime.h>

#include "case-db.h"
#include "case-time.h"
#include "json-out.h"
#include "mime-message.h"
#include "show-message.h"
#include "visible.h"

static const char ROW_SQL[] =
	"SELECT m.*, e.path AS evidence_path, e.format AS evidence_format,"
	" e.variant AS evidence_variant, e.sha256 AS evidence_sha256,"
	" e.custodian AS custodian, f.path AS folder_path, f.role AS folder_role"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id"
	" LEFT JOIN folders f ON f.id = m.folder_id WHERE m.id = ?";

static int col_index(sqlite3_stmt *st, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(st); i++)
		if (strcmp(sqlite3_column_name(st, i), name) == 0)
			return i;
	return -1;
}

/* A text column by name, NULL when NULL or absent. */
static const char *col(sqlite3_stmt *st, const char *name)
{
	int i = col_index(st, name);
	return i < 0 ? NULL : (const char *)sqlite3_column_text(st, i);
}

static int col_null(sqlite3_stmt *st, const char *name)
{
	int i = col_index(st, name);
	return i < 0 || sqlite3_column_type(st, i) == SQLITE_NULL;
}

static long long col_int(sqlite3_stmt *st, const char *name)
{
	int i = col_index(st, name);
	return i < 0 ? 0 : (long long)sqlite3_column_int64(st, i);
}

struct mc_shown *mc_show_load(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st = mc_case_prepare(db, ROW_SQL);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return NULL;
	}
	struct mc_shown *s = g_new0(struct mc_shown, 1);
	s->id = id;
	s->row = st;
	s->locator = g_strdup(col(st, "locator"));
	s->sha256 = g_strdup(col(st, "sha256"));
	s->evidence_path = g_strdup(col(st, "evidence_path"));
	s->evidence_variant = g_strdup(col(st, "evidence_variant"));
	s->evidence_sha256 = g_strdup(col(st, "evidence_sha256"));
	return s;
}

void mc_show_free(struct mc_shown *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->row);
	g_free(s->locator);
	g_free(s->sha256);
	g_free(s->evidence_path);
	g_free(s->evidence_variant);
	g_free(s->evidence_sha256);
	g_free(s);
}

/* The evidence path as recorded, or relative to the case file's directory
 * when the recorded relative path does not exist from here. */
char *mc_show_evidence_path(const char *recorded, const char *case_path)
{
	struct stat sb;
	if (!recorded)
		return NULL;
	if (g_path_is_absolute(recorded) || lstat(recorded, &sb) == 0)
		return g_strdup(recorded);
	char *dir = g_path_get_dirname(case_path);
	char *alt = g_build_filename(dir, recorded, NULL);
	g_free(dir);
	if (lstat(alt, &sb) == 0)
		return alt;
	g_free(alt);
	return g_strdup(recorded);
}

static sqlite3_stmt *children(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (st)
		sqlite3_bind_int64(st, 1, id);
	return st;
}

static const char HEADERS_SQL[] =
	"SELECT seq, name, value, raw FROM headers WHERE message_id = ? ORDER BY seq";
static const char RECIPIENTS_SQL[] =
	"SELECT seq, kind, name, addr, exdn FROM recipients WHERE message_id = ? ORDER BY seq";
static const char ATTACHMENTS_SQL[] =
	"SELECT seq, part_path, filename, mime_type, disposition, content_id, size, sha256"
	" FROM attachments WHERE message_id = ? ORDER BY seq";
static const char PROPS_SQL[] =
	"SELECT name, value FROM message_props WHERE message_id = ? ORDER BY rowid";
static const char LABELS_SQL[] =
	"SELECT seq, label, role FROM message_labels WHERE message_id = ? ORDER BY seq";
static const char MOZILLA_FLAGS_SQL[] =
	"SELECT value FROM message_props WHERE message_id = ? AND name = 'mozilla.flags'"
	" ORDER BY rowid LIMIT 1";
static const char EMBEDDED_SQL[] =
	"SELECT id, locator, subject FROM messages WHERE parent_id = ? ORDER BY id";

/* ---- text ---- */

static void field(FILE *out, const char *label, const char *value)
{
	if (value && *value)
		fprintf(out, "  %-12s %s\n", label, mc_vis(value));
}

static const char *const FLAG_NAMES[] = {
	"read", "unmodified", "submit", "unsent", "has attachments", "from me",
	"associated", "resend", "notify read", "notify unread", "ever read"
};

static void text_flags(FILE *out, sqlite3_stmt *st)
{
	if (col_null(st, "message_flags"))
		return;
	long long f = col_int(st, "message_flags");
	GString *s = g_string_new(NULL);
	for (unsigned i = 0; i < G_N_ELEMENTS(FLAG_NAMES); i++)
		if (f & (1LL << i))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", FLAG_NAMES[i]);
	g_string_append_printf(s, "%s(0x%llx)", s->len ? " " : "", f);
	field(out, "Flags", s->str);
	g_string_free(s, TRUE);
}

/* What a client's store recorded: Mozilla's status flags and the labels
 * (message_labels, schema version 7). */
static void text_store(FILE *out, sqlite3 *db, int64_t id)
{
	sqlite3_stmt *c = children(db, MOZILLA_FLAGS_SQL, id);
	if (c && sqlite3_step(c) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(c, 0);
		char **names = g_strsplit(v ? v : "", ",", -1);
		char *flags = g_strjoinv(", ", names);
		g_strfreev(names);
		char *line = g_strdup_printf("%s%s(X-Mozilla-Status)%s", flags, *flags ? " " : "",
		                             v && strstr(v, "expunged")
		                             ? "; expunged: deleted in the client, not yet"
		                               " compacted away" : "");
		field(out, "Status", line);
		g_free(line);
		g_free(flags);
	}
	sqlite3_finalize(c);
	if (mc_case_version(db) < 7)
		return;
	c = children(db, LABELS_SQL, id);
	GString *labels = g_string_new(NULL);
	while (c && sqlite3_step(c) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(c, 2);
		g_string_append_printf(labels, "%s%s", labels->len ? ", " : "",
		                       (const char *)sqlite3_column_text(c, 1));
		if (role && strcmp(role, "user") != 0)
			g_string_append_printf(labels, " (%s)", role);
	}
	sqlite3_finalize(c);
	field(out, "Labels", labels->str);
	g_string_free(labels, TRUE);
}

static void text_times(FILE *out, sqlite3_stmt *st)
{
	const char *date = col(st, "date_utc");
	if (date) {
		long long off = col_int(st, "date_offset");
		char *v = g_strdup_printf("%s (the message said %c%02lld:%02lld)", date,
		                          off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
		                          (off < 0 ? -off : off) % 60);
		field(out, "Date", v);
		g_free(v);
	}
	field(out, "Submitted", col(st, "submit_time"));
	field(out, "Delivered", col(st, "delivery_time"));
	field(out, "Created", col(st, "creation_time"));
	field(out, "Modified", col(st, "modification_time"));
	if (col(st, "last_verb_time")) {
		long long verb = col_int(st, "last_verb");
		char *v = g_strdup_printf("%s %s", col(st, "last_verb_time"),
		                          verb == 102 ? "reply" : verb == 103 ? "reply all"
		                          : verb == 104 ? "forward" : "(verb)");
		field(out, "Last verb", v);
		g_free(v);
	}
}

static const char *or_dash(const unsigned char *s)
{
	return s && *s ? (const char *)s : "-";
}

void mc_show_text(sqlite3 *db, const struct mc_shown *s, FILE *out)
{
	sqlite3_stmt *st = s->row;
	char *v;
	fprintf(out, "Message %lld\n", (long long)s->id);
	v = g_strdup_printf("#%lld %s (%s%s%s)", col_int(st, "evidence_id"),
	                    col(st, "evidence_path"), col(st, "evidence_format") ?
	                    col(st, "evidence_format") : "?", s->evidence_variant ? ", " : "",
	                    s->evidence_variant ? s->evidence_variant : "");
	field(out, "Evidence", v);
	g_free(v);
	field(out, "Custodian", col(st, "custodian"));
	if (col(st, "folder_path")) {
		v = g_strdup_printf("%s (%s)", col(st, "folder_path"), col(st, "folder_role"));
		field(out, "Folder", v);
		g_free(v);
	}
	field(out, "Locator", s->locator);
	field(out, "Origin", col(st, "origin"));
	if (!col_null(st, "parent_id")) {
		v = g_strdup_printf("%lld (the message this one was found in)", col_int(st, "parent_id"));
		field(out, "Parent", v);
		g_free(v);
	}
	field(out, "Class", col(st, "message_class"));
	field(out, "Type", col(st, "content_type"));
	v = s->sha256 ? g_strdup_printf("%lld bytes, SHA-256 %s", col_int(st, "size"), s->sha256)
	              : g_strdup_printf("%lld bytes (no raw bytes recorded)", col_int(st, "size"));
	field(out, "Raw", v);
	g_free(v);
	field(out, "Message-ID", col(st, "message_id"));
	field(out, "In-Reply-To", col(st, "in_reply_to"));
	field(out, "Subject", col(st, "subject"));
	if (col(st, "from_addr") || col(st, "from_name")) {
		v = g_strdup_printf("%s <%s>", col(st, "from_name") ? col(st, "from_name") : "",
		                    col(st, "from_addr") ? col(st, "from_addr") : "");
		field(out, "From", g_strstrip(v));
		g_free(v);
	}
	field(out, "From (DN)", col(st, "from_exdn"));
	text_times(out, st);
	text_flags(out, st);
	text_store(out, db, s->id);
	if (!col_null(st, "importance")) {
		static const char *const imp[] = { "low", "normal", "high" };
		long long i = col_int(st, "importance");
		field(out, "Importance", i >= 0 && i <= 2 ? imp[i] : "?");
	}
	if (col(st, "charset_declared") || col(st, "charset_used")) {
		v = g_strdup_printf("declared %s, used %s%s%s%s", or_dash((const unsigned char *)col(st, "charset_declared")),
		                    or_dash((const unsigned char *)col(st, "charset_used")),
		                    col(st, "charset_detected") ? ", detected " : "",
		                    col(st, "charset_detected") ? col(st, "charset_detected") : "",
		                    col_int(st, "charset_mismatch") ? " (MISMATCH)" : "");
		field(out, "Charset", v);
		g_free(v);
	}
	field(out, "Topic", col(st, "conversation_topic"));
	if (col(st, "warnings")) {
		char **lines = g_strsplit(col(st, "warnings"), "\n", -1);
		for (char **l = lines; *l; l++)
			field(out, l == lines ? "Warnings" : "", *l);
		g_strfreev(lines);
	}

	sqlite3_stmt *c = children(db, HEADERS_SQL, s->id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++)
		fprintf(out, "%s  %s: %s\n", n ? "" : "\nHeaders\n", mc_vis((const char *)sqlite3_column_text(c, 1)),
		        mc_vis((const char *)sqlite3_column_text(c, 2)));
	sqlite3_finalize(c);
	c = children(db, RECIPIENTS_SQL, s->id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++)
		fprintf(out, "%s  %-4s %s <%s>%s%s\n", n ? "" : "\nRecipients\n",
		        mc_vis((const char *)sqlite3_column_text(c, 1)), mc_vis(or_dash(sqlite3_column_text(c, 2))),
		        mc_vis(or_dash(sqlite3_column_text(c, 3))), sqlite3_column_text(c, 4) ? "  " : "",
		        sqlite3_column_text(c, 4) ? mc_vis((const char *)sqlite3_column_text(c, 4)) : "");
	sqlite3_finalize(c);
	c = children(db, ATTACHMENTS_SQL, s->id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++)
		fprintf(out, "%s  %-6s %10lld  %-28s %s  %s\n",
		        n ? "" : "\nAttachments (part, bytes, type, name, SHA-256)\n",
		        mc_vis(or_dash(sqlite3_column_text(c, 1))), (long long)sqlite3_column_int64(c, 6),
		        mc_vis(or_dash(sqlite3_column_text(c, 3))), mc_vis(or_dash(sqlite3_column_text(c, 2))),
		        mc_vis(or_dash(sqlite3_column_text(c, 7))));
	sqlite3_finalize(c);
	c = children(db, EMBEDDED_SQL, s->id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++)
		fprintf(out, "%s  %lld  %s  %s\n", n ? "" : "\nEmbedded messages\n",
		        (long long)sqlite3_column_int64(c, 0), mc_vis(or_dash(sqlite3_column_text(c, 1))),
		        mc_vis(or_dash(sqlite3_column_text(c, 2))));
	sqlite3_finalize(c);
	c = children(db, PROPS_SQL, s->id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++)
		fprintf(out, "%s  %s = %s\n", n ? "" : "\nProperties\n",
		        mc_vis((const char *)sqlite3_column_text(c, 0)), mc_vis(or_dash(sqlite3_column_text(c, 1))));
	sqlite3_finalize(c);

	const char *body = col(st, "body_text");
	if (body) {
		fprintf(out, "\nBody (%s)\n", col(st, "body_source") ? mc_vis(col(st, "body_source")) : "?");
		/* Its lines and tabs stay; any other control is shown visibly
		 * (visible.h), a CR ending a line is a line end. */
		char **lines = g_strsplit(body, "\n", -1);
		for (char **l = lines; *l; l++) {
			gsize len = strlen(*l);
			if (len && (*l)[len - 1] == '\r')
				(*l)[--len] = '\0';
			fputs(len ? "  " : "", out);
			mc_visible_fputs(*l, MC_VISIBLE_LINES, out);
			fputc('\n', out);
		}
		g_strfreev(lines);
	}
}

/* ---- JSON ---- */

static void json_rows(GString *out, const char *key, sqlite3 *db, const char *sql, int64_t id)
{
	g_string_append_printf(out, ",\"%s\":[", key);
	sqlite3_stmt *c = children(db, sql, id);
	for (int n = 0; c && sqlite3_step(c) == SQLITE_ROW; n++) {
		if (n)
			g_string_append_c(out, ',');
		mc_json_row(out, c);
	}
	sqlite3_finalize(c);
	g_string_append_c(out, ']');
}

void mc_show_json(sqlite3 *db, const struct mc_shown *s, const char *case_path,
                  GString *out)
{
	g_string_append_c(out, '{');
	mc_json_member(out, "case", case_path);
	g_string_append(out, ",\"message\":");
	mc_json_row(out, s->row);
	json_rows(out, "headers", db, HEADERS_SQL, s->id);
	json_rows(out, "recipients", db, RECIPIENTS_SQL, s->id);
	json_rows(out, "attachments", db, ATTACHMENTS_SQL, s->id);
	json_rows(out, "properties", db, PROPS_SQL, s->id);
	if (mc_case_version(db) >= 7)
		json_rows(out, "labels", db, LABELS_SQL, s->id);
	else
		g_string_append(out, ",\"labels\":[]");
	json_rows(out, "embedded", db, EMBEDDED_SQL, s->id);
	g_string_append_c(out, '}');
}

/* ---- reconstruction ---- */

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void header_line(GString *out, const char *name, const char *value)
{
	g_string_append_printf(out, "%s: ", name);
	if (is_ascii(value)) {
		g_string_append(out, value);
	} else {
		char *enc = g_mime_utils_header_encode_text(NULL, value, "utf-8");
		g_string_append(out, enc);
		g_free(enc);
	}
	g_string_append_c(out, '\n');
}

static int skipped_header(const char *name)
{
	return g_ascii_strcasecmp(name, "Content-Type") == 0 ||
	       g_ascii_strcasecmp(name, "Content-Transfer-Encoding") == 0 ||
	       g_ascii_strcasecmp(name, "MIME-Version") == 0 ||
	       g_ascii_strcasecmp(name, "X-Mailcase-Reconstructed") == 0;
}

static void rfc822_date(GString *out, const char *utc)
{
	static const char *const day[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	GDateTime *dt = mc_case_time_parse(utc, MC_CASE_TIME_NO_OFFSET);
	if (!dt)
		return;
	g_string_append_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\n",
	                       day[g_date_time_get_day_of_week(dt) - 1],
	                       g_date_time_get_day_of_month(dt),
	                       mon[g_date_time_get_month(dt) - 1], g_date_time_get_year(dt),
	                       g_date_time_get_hour(dt), g_date_time_get_minute(dt),
	                       g_date_time_get_second(dt));
	g_date_time_unref(dt);
}

static void mailbox(GString *out, const char *name, const char *addr)
{
	if (name && *name && (!addr || strcmp(name, addr) != 0)) {
		if (is_ascii(name)) {
			g_string_append_c(out, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					g_string_append_c(out, '\\');
				g_string_append_c(out, *p);
			}
			g_string_append(out, "\" ");
		} else {
			char *enc = g_mime_utils_header_encode_phrase(NULL, name, "utf-8");
			g_string_append_printf(out, "%s ", enc);
			g_free(enc);
		}
	}
	g_string_append_printf(out, "<%s>", addr ? addr : "");
}

static void synthesized(GString *out, sqlite3 *db, int64_t id, const GHashTable *seen)
{
	sqlite3_stmt *st = children(db, "SELECT from_name, from_addr, subject, date_utc,"
	                            " message_id, in_reply_to FROM messages WHERE id = ?", id);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return;
	}
	const char *from_name = (const char *)sqlite3_column_text(st, 0);
	const char *from_addr = (const char *)sqlite3_column_text(st, 1);
	if (!g_hash_table_contains((GHashTable *)seen, "from") && (from_addr || from_name)) {
		g_string_append(out, "From: ");
		mailbox(out, from_name, from_addr);
		g_string_append_c(out, '\n');
	}
	static const char *const kinds[] = { "to", "cc" };
	for (int k = 0; k < 2; k++) {
		if (g_hash_table_contains((GHashTable *)seen, kinds[k]))
			continue;
		sqlite3_stmt *r = children(db, "SELECT name, addr, kind FROM recipients"
		                           " WHERE message_id = ? ORDER BY seq", id);
		int n = 0;
		while (r && sqlite3_step(r) == SQLITE_ROW) {
			if (strcmp((const char *)sqlite3_column_text(r, 2), kinds[k]) != 0 ||
			    !sqlite3_column_text(r, 1))
				continue;
			g_string_append(out, n++ ? ",\n " : (k ? "Cc: " : "To: "));
			mailbox(out, (const char *)sqlite3_column_text(r, 0),
			        (const char *)sqlite3_column_text(r, 1));
		}
		if (n)
			g_string_append_c(out, '\n');
		sqlite3_finalize(r);
	}
	const char *subject = (const char *)sqlite3_column_text(st, 2);
	if (!g_hash_table_contains((GHashTable *)seen, "subject") && subject)
		header_line(out, "Subject", subject);
	if (!g_hash_table_contains((GHashTable *)seen, "date") && sqlite3_column_text(st, 3))
		rfc822_date(out, (const char *)sqlite3_column_text(st, 3));
	static const char *const ids[] = { "message-id", "in-reply-to" };
	static const char *const names[] = { "Message-ID", "In-Reply-To" };
	for (int k = 0; k < 2; k++)
		if (!g_hash_table_contains((GHashTable *)seen, ids[k]) &&
		    sqlite3_column_text(st, 4 + k))
			g_string_append_printf(out, "%s: <%s>\n", names[k],
			                       (const char *)sqlite3_column_text(st, 4 + k));
	sqlite3_finalize(st);
}

GString *mc_show_reconstruct(sqlite3 *db, int64_t id)
{
	mc_mime_init();
	GString *out = g_string_new(MC_RECONSTRUCTED_HEADER "\n");
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sqlite3_stmt *h = children(db, HEADERS_SQL, id);
	while (h && sqlite3_step(h) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(h, 1);
		const char *value = (const char *)sqlite3_column_text(h, 2);
		const char *raw = (const char *)sqlite3_column_text(h, 3);
		if (skipped_header(name))
			continue;
		g_hash_table_add(seen, g_ascii_strdown(name, -1));
		if (raw && is_ascii(raw))
			g_string_append_printf(out, "%s: %s\n", name, raw);
		else
			header_line(out, name, value ? value : "");
	}
	sqlite3_finalize(h);
	synthesized(out, db, id, seen);
	g_hash_table_destroy(seen);
	g_string_append(out, "MIME-Version: 1.0\n"
	                "Content-Type: text/plain; charset=utf-8\n"
	                "Content-Transfer-Encoding: 8bit\n\n");
	sqlite3_stmt *b = children(db, "SELECT body_text FROM messages WHERE id = ?", id);
	if (b && sqlite3_step(b) == SQLITE_ROW && sqlite3_column_text(b, 0)) {
		g_string_append(out, (const char *)sqlite3_column_text(b, 0));
		if (out->str[out->len - 1] != '\n')
			g_string_append_c(out, '\n');
	}
	sqlite3_finalize(b);
	return out;
}
