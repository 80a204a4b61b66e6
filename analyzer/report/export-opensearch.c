/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * export-opensearch.c: the bulk NDJSON of a case and its index template
 * (export-opensearch.h). Documents are written one at a time as SQLite
 * returns the rows; strings go through json-out.h (valid UTF-8, exact bytes
 * in KEY_hex members), and the nested arrays SQLite builds are made valid
 * UTF-8 before they are written.
 */

#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "export-ids.h"
#include "export-opensearch.h"
#include "json-out.h"
#include "timeline.h"

int mc_os_prefix_valid(const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;
	if (n == 0 || n > 200 || strchr("-_+.", prefix[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = prefix[i];
		if (!(g_ascii_islower(c) || g_ascii_isdigit(c) || c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* ---- writing ---- */

struct bulk {
	FILE *f;
	const char *prefix;
	GString *line;
	uint64_t *docs;
	void (*tick)(void *ctx);
	void *tick_ctx;
	sqlite3_stmt *message_ref;   /* message id -> evidence sha, path, locator */
};

static void action(struct bulk *b, const char *index, const char *id)
{
	g_string_append_printf(b->line, "{\"index\":{\"_index\":\"%s-%s\",\"_id\":\"%s\"}}\n",
	                       b->prefix, index, id);
}

static void end_doc(struct bulk *b)
{
	g_string_append(b->line, "}\n");
	fwrite(b->line->str, 1, b->line->len, b->f);
	g_string_truncate(b->line, 0);
	(*b->docs)++;
	if (b->tick)
		b->tick(b->tick_ctx);
}

/* Appends ,"key": and a JSON text SQLite built (an array), made valid UTF-8. */
static void raw_member(GString *l, const char *key, const char *json)
{
	g_string_append_printf(l, ",\"%s\":", key);
	if (!json) {
		g_string_append(l, "[]");
	} else if (g_utf8_validate(json, -1, NULL)) {
		g_string_append(l, json);
	} else {
		char *valid = g_utf8_make_valid(json, -1);
		g_string_append(l, valid);
		g_free(valid);
	}
}

/* The message row: doc-id inputs first, then the document's members (named
 * by their column alias), then the JSON arrays. */
#define MSG_ID_COLUMNS 3
#define MSG_ARRAYS 6
static const char MESSAGES_SQL[] =
	"SELECT e.sha256, e.path, m.locator,"
	" m.date_utc AS \"@timestamp\", m.id AS mailcase_message, m.parent_id AS mailcase_parent,"
	" e.path AS evidence_path, e.sha256 AS evidence_sha256, e.format AS evidence_format,"
	" e.custodian AS evidence_custodian, e.mailbox AS evidence_mailbox,"
	" f.path AS folder, f.role AS folder_role, m.origin, m.locator, m.byte_offset,"
	" m.byte_length, m.message_class, m.date_utc, m.date_offset, m.from_name, m.from_addr,"
	" m.from_exdn, m.subject, m.message_id, m.in_reply_to, m.content_type, m.size, m.sha256,"
	" m.charset_declared, m.charset_used, m.charset_detected, m.charset_mismatch,"
	" m.body_source, m.submit_time, m.delivery_time, m.creation_time, m.modification_time,"
	" m.last_verb_time, m.last_verb, m.message_flags, m.importance, m.sensitivity,"
	" m.conversation_topic, m.attachment_count, m.recipient_count, m.warnings,"
	" m.sender_identity, m.system_kind, m.system_reason, m.system_identity,"
	" m.system_language, m.system_language_basis, m.system_prefix, m.language,"
	" m.language_confidence, m.script, m.client_kind, m.client, m.body_text,"
	" (SELECT json_group_array(addr) FROM (SELECT addr FROM recipients"
	"   WHERE message_id = m.id AND kind = 'to' AND addr IS NOT NULL ORDER BY seq)) AS \"to\","
	" (SELECT json_group_array(addr) FROM (SELECT addr FROM recipients"
	"   WHERE message_id = m.id AND kind = 'cc' AND addr IS NOT NULL ORDER BY seq)) AS cc,"
	" (SELECT json_group_array(addr) FROM (SELECT addr FROM recipients"
	"   WHERE message_id = m.id AND kind = 'bcc' AND addr IS NOT NULL ORDER BY seq)) AS bcc,"
	" (SELECT json_group_array(json_object('kind', kind, 'name', name, 'addr', addr))"
	"   FROM (SELECT * FROM recipients WHERE message_id = m.id ORDER BY seq)) AS recipients,"
	" (SELECT json_group_array(json_object('filename', filename, 'mime_type', mime_type,"
	"   'disposition', disposition, 'content_id', content_id, 'size', size,"
	"   'sha256', sha256)) FROM (SELECT * FROM attachments WHERE message_id = m.id"
	"   ORDER BY seq)) AS attachments,"
	" %s AS labels"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id"
	" LEFT JOIN folders f ON f.id = m.folder_id ORDER BY m.id";
/* The labels (message_labels, case schema version 7; none in an older case). */
static const char LABELS_SQL[] =
	"(SELECT json_group_array(json_object('label', label, 'role', role))"
	" FROM (SELECT * FROM message_labels WHERE message_id = m.id ORDER BY seq))";

static int write_messages(sqlite3 *db, struct bulk *b, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char *sql = g_strdup_printf(MESSAGES_SQL, mc_case_version(db) >= 7 ? LABELS_SQL : "NULL");
	int prepared = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	g_free(sql);
	if (prepared != SQLITE_OK) {
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
		return -1;
	}
	int n = sqlite3_column_count(st), rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char id[65];
		mc_export_message_id((const char *)sqlite3_column_text(st, 0),
		               (const char *)sqlite3_column_text(st, 1),
		               (const char *)sqlite3_column_text(st, 2), id);
		action(b, "messages", id);
		g_string_append_c(b->line, '{');
		for (int i = MSG_ID_COLUMNS; i < n - MSG_ARRAYS; i++) {
			if (i > MSG_ID_COLUMNS)
				g_string_append_c(b->line, ',');
			mc_json_column_member(b->line, sqlite3_column_name(st, i), st, i);
		}
		for (int i = n - MSG_ARRAYS; i < n; i++)
			raw_member(b->line, sqlite3_column_name(st, i),
			           (const char *)sqlite3_column_text(st, i));
		end_doc(b);
	}
	if (rc != SQLITE_DONE)
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The message's document id, by its number in the case; 0 if not found. */
static int message_ref(struct bulk *b, int64_t message_id, char out[65])
{
	sqlite3_stmt *st = b->message_ref;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, message_id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		mc_export_message_id((const char *)sqlite3_column_text(st, 0),
		               (const char *)sqlite3_column_text(st, 1),
		               (const char *)sqlite3_column_text(st, 2), out);
	sqlite3_reset(st);
	return found;
}

static const char FINDINGS_SQL[] =
	"SELECT f.id, f.rule, f.severity, f.identity, f.first_seen, f.last_seen, f.summary,"
	" CASE WHEN json_valid(f.details) THEN f.details END,"
	" (SELECT json_group_array(message_id) FROM (SELECT message_id FROM finding_messages"
	"   WHERE finding_id = f.id ORDER BY message_id))"
	" FROM findings f ORDER BY f.id";
static const char FINDING_MESSAGES_SQL[] =
	"SELECT message_id FROM finding_messages WHERE finding_id = ? ORDER BY message_id";

static int write_findings(sqlite3 *db, struct bulk *b, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL, *fm = NULL;
	if (sqlite3_prepare_v2(db, FINDINGS_SQL, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, FINDING_MESSAGES_SQL, -1, &fm, NULL) != SQLITE_OK) {
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
		sqlite3_finalize(st);
		return -1;
	}
	static const char *const keys[] = { "mailcase_finding", "rule", "severity", "identity",
		                                "first_seen", "last_seen", "summary" };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *parts[] = { "finding", (const char *)sqlite3_column_text(st, 1),
		                        (const char *)sqlite3_column_text(st, 3),
		                        (const char *)sqlite3_column_text(st, 4),
		                        (const char *)sqlite3_column_text(st, 6) };
		char id[65];
		mc_export_hash_id(parts, 5, id);
		action(b, "findings", id);
		g_string_append(b->line, "{\"@timestamp\":");
		mc_json_column(b->line, st, 4);
		for (int i = 0; i < 7; i++) {
			g_string_append_c(b->line, ',');
			mc_json_column_member(b->line, keys[i], st, i);
		}
		const char *details = (const char *)sqlite3_column_text(st, 7);
		g_string_append(b->line, ",\"details\":");
		if (details && g_utf8_validate(details, -1, NULL) && details[0] == '{')
			g_string_append(b->line, details);
		else
			g_string_append(b->line, "null");
		raw_member(b->line, "mailcase_messages", (const char *)sqlite3_column_text(st, 8));
		g_string_append(b->line, ",\"message_doc_ids\":[");
		sqlite3_bind_int64(fm, 1, sqlite3_column_int64(st, 0));
		int first = 1;
		while (sqlite3_step(fm) == SQLITE_ROW) {
			char mid[65];
			if (!message_ref(b, sqlite3_column_int64(fm, 0), mid))
				continue;
			g_string_append_printf(b->line, "%s\"%s\"", first ? "" : ",", mid);
			first = 0;
		}
		sqlite3_reset(fm);
		g_string_append_c(b->line, ']');
		end_doc(b);
	}
	if (rc != SQLITE_DONE)
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
	sqlite3_finalize(fm);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A finding's document id from its number (events carry only that). */
static const char FINDING_REF_SQL[] =
	"SELECT rule, identity, first_seen, summary FROM findings WHERE id = ?";

struct events {
	struct bulk *b;
	sqlite3_stmt *finding_ref;
};

static int on_event(void *ctx, const struct mc_tl_event *ev)
{
	struct events *e = ctx;
	struct bulk *b = e->b;
	char parent[65] = "";
	if (ev->message_id) {
		if (!message_ref(b, ev->message_id, parent))
			parent[0] = '\0';
	} else {
		sqlite3_stmt *st = e->finding_ref;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ev->finding_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *parts[] = { "finding", (const char *)sqlite3_column_text(st, 0),
			                        (const char *)sqlite3_column_text(st, 1),
			                        (const char *)sqlite3_column_text(st, 2),
			                        (const char *)sqlite3_column_text(st, 3) };
			mc_export_hash_id(parts, 5, parent);
		}
		sqlite3_reset(st);
	}
	const char *parts[] = { "event", ev->kind, ev->time, parent };
	char id[65];
	mc_export_hash_id(parts, 4, id);
	action(b, "events", id);
	GString *l = b->line;
	g_string_append_c(l, '{');
	mc_json_member(l, "@timestamp", ev->time);
	g_string_append_c(l, ',');
	mc_json_member(l, "kind", ev->kind);
	if (ev->message_id)
		g_string_append_printf(l, ",\"mailcase_message\":%lld", (long long)ev->message_id);
	else
		g_string_append_printf(l, ",\"mailcase_finding\":%lld", (long long)ev->finding_id);
	g_string_append_c(l, ',');
	mc_json_member(l, ev->message_id ? "message_doc_id" : "finding_doc_id",
	               parent[0] ? parent : NULL);
	const char *keys[] = { "identity", "evidence_path", "evidence_format", "folder",
		               "locator", "subject", "message_class", "message_id", "rule",
		               "severity" };
	const char *vals[] = { ev->identity, ev->evidence, ev->format, ev->folder, ev->locator,
		               ev->subject, ev->message_class, ev->msgid, ev->rule,
		               ev->severity };
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		g_string_append_c(l, ',');
		mc_json_member(l, keys[i], vals[i]);
	}
	end_doc(b);
	return 0;
}

static const char MESSAGE_REF_SQL[] =
	"SELECT e.sha256, e.path, m.locator FROM messages m"
	" JOIN evidence e ON e.id = m.evidence_id WHERE m.id = ?";

int mc_os_write_bulk(sqlite3 *db, FILE *f, const char *prefix, uint64_t *docs,
                     void (*tick)(void *ctx), void *tick_ctx, char *err, size_t errlen)
{
	struct bulk b = { .f = f, .prefix = prefix, .line = g_string_new(NULL), .docs = docs,
		          .tick = tick, .tick_ctx = tick_ctx };
	struct events e = { .b = &b };
	*docs = 0;
	int rc = -1;
	if (sqlite3_prepare_v2(db, MESSAGE_REF_SQL, -1, &b.message_ref, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, FINDING_REF_SQL, -1, &e.finding_ref, NULL) != SQLITE_OK) {
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
		goto out;
	}
	if (write_messages(db, &b, err, errlen) < 0 || write_findings(db, &b, err, errlen) < 0)
		goto out;
	struct mc_tl_filter all = { .messages = 1, .findings = 1 };
	rc = mc_timeline_walk(db, &all, on_event, &e, err, errlen) < 0 ? -1 : 0;
out:
	sqlite3_finalize(b.message_ref);
	sqlite3_finalize(e.finding_ref);
	g_string_free(b.line, TRUE);
	return rc;
}

int64_t mc_os_count(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM messages)"
	                       " + (SELECT count(*) FROM findings)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	struct mc_tl_filter all = { .messages = 1, .findings = 1 };
	int64_t events = mc_timeline_count(db, &all);
	return n < 0 || events < 0 ? -1 : n + events;
}

/* ---- the index template ---- */

/* Field name and mapping, for every member a document may have. */
static const char *const MAPPING[][2] = {
	{ "@timestamp", "date" }, { "mailcase_message", "long" }, { "mailcase_parent", "long" },
	{ "mailcase_finding", "long" }, { "mailcase_messages", "long" },
	{ "message_doc_id", "keyword" }, { "finding_doc_id", "keyword" },
	{ "message_doc_ids", "keyword" },
	{ "evidence_path", "keyword" }, { "evidence_sha256", "keyword" },
	{ "evidence_format", "keyword" }, { "evidence_custodian", "keyword" },
	{ "evidence_mailbox", "keyword" }, { "folder", "keyword" }, { "folder_role", "keyword" },
	{ "origin", "keyword" }, { "locator", "keyword" }, { "byte_offset", "long" },
	{ "byte_length", "long" }, { "message_class", "keyword" }, { "date_utc", "date" },
	{ "date_offset", "integer" }, { "from_name", "text+keyword" }, { "from_addr", "keyword" },
	{ "from_exdn", "keyword" }, { "subject", "text+keyword" }, { "message_id", "keyword" },
	{ "in_reply_to", "keyword" }, { "content_type", "keyword" }, { "size", "long" },
	{ "sha256", "keyword" }, { "charset_declared", "keyword" }, { "charset_used", "keyword" },
	{ "charset_detected", "keyword" }, { "charset_mismatch", "integer" },
	{ "body_source", "keyword" }, { "submit_time", "date" }, { "delivery_time", "date" },
	{ "creation_time", "date" }, { "modification_time", "date" },
	{ "last_verb_time", "date" }, { "last_verb", "integer" }, { "message_flags", "long" },
	{ "importance", "integer" }, { "sensitivity", "integer" },
	{ "conversation_topic", "text+keyword" }, { "attachment_count", "integer" },
	{ "recipient_count", "integer" }, { "warnings", "text" },
	{ "sender_identity", "keyword" }, { "system_kind", "keyword" },
	{ "system_reason", "keyword" }, { "system_identity", "keyword" },
	{ "system_language", "keyword" }, { "system_language_basis", "keyword" },
	{ "system_prefix", "keyword" }, { "language", "keyword" },
	{ "language_confidence", "float" }, { "script", "keyword" }, { "client_kind", "keyword" },
	{ "client", "keyword" }, { "body_text", "text" }, { "to", "keyword" },
	{ "cc", "keyword" }, { "bcc", "keyword" }, { "recipients", "recipients" },
	{ "attachments", "attachments" }, { "labels", "labels" }, { "rule", "keyword" }, { "severity", "keyword" },
	{ "identity", "keyword" }, { "first_seen", "date" }, { "last_seen", "date" },
	{ "summary", "text" }, { "details", "object-disabled" }, { "kind", "keyword" },
};

static void mapping_of(GString *t, const char *type)
{
	if (strcmp(type, "text+keyword") == 0)
		g_string_append(t, "{\"type\":\"text\",\"fields\":{\"raw\":{\"type\":\"keyword\","
		                   "\"ignore_above\":1024}}}");
	else if (strcmp(type, "keyword") == 0)
		g_string_append(t, "{\"type\":\"keyword\",\"ignore_above\":8191}");
	else if (strcmp(type, "date") == 0)
		g_string_append(t, "{\"type\":\"date\",\"format\":\"strict_date_optional_time\","
		                   "\"ignore_malformed\":true}");
	else if (strcmp(type, "object-disabled") == 0)
		g_string_append(t, "{\"type\":\"object\",\"enabled\":false}");
	else if (strcmp(type, "recipients") == 0)
		g_string_append(t, "{\"properties\":{\"kind\":{\"type\":\"keyword\"},"
		                   "\"name\":{\"type\":\"text\"},\"addr\":{\"type\":\"keyword\"}}}");
	else if (strcmp(type, "attachments") == 0)
		g_string_append(t, "{\"properties\":{\"filename\":{\"type\":\"text\",\"fields\":"
		                   "{\"raw\":{\"type\":\"keyword\",\"ignore_above\":1024}}},"
		                   "\"mime_type\":{\"type\":\"keyword\"},"
		                   "\"disposition\":{\"type\":\"keyword\"},"
		                   "\"content_id\":{\"type\":\"keyword\"},"
		                   "\"size\":{\"type\":\"long\"},\"sha256\":{\"type\":\"keyword\"}}}");
	else if (strcmp(type, "labels") == 0)
		g_string_append(t, "{\"properties\":{\"label\":{\"type\":\"keyword\"},"
		                   "\"role\":{\"type\":\"keyword\"}}}");
	else
		g_string_append_printf(t, "{\"type\":\"%s\"}", type);
}

void mc_os_write_template(FILE *f, const char *prefix)
{
	GString *t = g_string_new(NULL);
	g_string_append_printf(t, "{\"index_patterns\":[\"%s-*\"],\"priority\":100,"
	                       "\"_meta\":{\"description\":\"mailcase case export "
	                       "(docs/export-opensearch.md)\",\"producer\":\"%s %s\"},"
	                       "\"template\":{\"settings\":{\"index.mapping.total_fields.limit\":"
	                       "2000},\"mappings\":{\"dynamic\":false,\"properties\":{",
	                       prefix, PACKAGE_NAME, PACKAGE_VERSION);
	for (size_t i = 0; i < G_N_ELEMENTS(MAPPING); i++) {
		g_string_append_printf(t, "%s\"%s\":", i ? "," : "", MAPPING[i][0]);
		mapping_of(t, MAPPING[i][1]);
		/* every string member may have a _hex twin (json-out.h) */
		if (strcmp(MAPPING[i][1], "keyword") == 0 || strcmp(MAPPING[i][1], "text") == 0 ||
		    strcmp(MAPPING[i][1], "text+keyword") == 0)
			g_string_append_printf(t, ",\"%s_hex\":{\"type\":\"keyword\","
			                       "\"index\":false}", MAPPING[i][0]);
	}
	g_string_append(t, "}}}}\n");
	fwrite(t->str, 1, t->len, f);
	g_string_free(t, TRUE);
}
