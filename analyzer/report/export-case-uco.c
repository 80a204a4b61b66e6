/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * export-case-uco.c: the CASE/UCO JSON-LD of a case (export-case-uco.h).
 * Each graph node is built in a buffer and written as soon as it is
 * complete; only the set of evidence nodes already written is kept. Strings
 * go through json-out.h (valid UTF-8: a byte that is not becomes U+FFFD).
 * Class and property names follow the UCO 1.x observable, core, action,
 * tool and types ontologies and CASE's investigation ontology.
 */

#include <string.h>
#include <glib.h>
#include <sqlite3.h>

#include "case-db.h"
#include "case-time.h"
#include "export-case-uco.h"
#include "export-ids.h"
#include "json-out.h"

static const char CONTEXT[] =
	"{\"@context\":{"
	"\"kb\":\"urn:x-mailcase:kb:\","
	"\"case-investigation\":\"https://ontology.caseontology.org/case/investigation/\","
	"\"uco-action\":\"https://ontology.unifiedcyberontology.org/uco/action/\","
	"\"uco-core\":\"https://ontology.unifiedcyberontology.org/uco/core/\","
	"\"uco-observable\":\"https://ontology.unifiedcyberontology.org/uco/observable/\","
	"\"uco-tool\":\"https://ontology.unifiedcyberontology.org/uco/tool/\","
	"\"uco-types\":\"https://ontology.unifiedcyberontology.org/uco/types/\","
	"\"xsd\":\"http://www.w3.org/2001/XMLSchema#\"},\n\"@graph\":[\n";

struct uco {
	FILE *f;
	GString *o;             /* the node being built */
	int with_body;
	uint64_t *objects;
	void (*tick)(void *ctx);
	void *tick_ctx;
	sqlite3_stmt *msg_ref, *by_msgid, *recipients, *headers, *attachments, *run_evidence,
	             *labels;
};

/* "kb:KIND-" and 32 hex digits of the hash of parts. */
static void node_id(const char *kind, const char *const *parts, int n, char out[96])
{
	char h[65];
	mc_export_hash_id(parts, n, h);
	g_snprintf(out, 96, "kb:%s-%.32s", kind, h);
}

static void message_node_id(const char *ev_sha, const char *ev_path, const char *locator,
                            char out[96])
{
	char h[65];
	mc_export_message_id(ev_sha, ev_path, locator, h);
	g_snprintf(out, 96, "kb:email-message-%.32s", h);
}

static void evidence_node_id(const char *sha, const char *path, char out[96])
{
	const char *parts[] = { "evidence", sha, path };
	node_id("file", parts, 3, out);
}

static void address_node_id(const char *addr, char out[96])
{
	const char *parts[] = { "address", addr };
	node_id("email-address", parts, 2, out);
}

/* Writes the node built in u->o (the first without a separator). */
static void flush_node(struct uco *u)
{
	if (*u->objects)
		fputs(",\n", u->f);
	fwrite(u->o->str, 1, u->o->len, u->f);
	g_string_truncate(u->o, 0);
	(*u->objects)++;
}

static void str_prop(GString *o, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	g_string_append_printf(o, ",\"%s\":", key);
	mc_json_string(o, v);
}

static void ref_prop(GString *o, const char *key, const char *id)
{
	g_string_append_printf(o, ",\"%s\":{\"@id\":\"%s\"}", key, id);
}

/* A case time ("2011-03-14T16:40:12Z") as an xsd:dateTime literal, read
 * and written back by case-time.h; nothing for what does not parse. */
static void time_prop(GString *o, const char *key, const char *t)
{
	int64_t secs;
	char iso[MC_CASE_TIME_LEN + 1];
	if (!t || mc_case_time_unix(t, 0, &secs) != 0 || mc_case_time_format(secs, iso) != 0)
		return;
	g_string_append_printf(o, ",\"%s\":{\"@type\":\"xsd:dateTime\",\"@value\":\"%s\"}",
	                       key, iso);
}

static void hash_entry(GString *o, const char *file_id, const char *method, const char *hex,
                       int *first)
{
	if (!hex || !*hex)
		return;
	g_string_append_printf(o, "%s{\"@id\":\"%s-%s\",\"@type\":\"uco-types:Hash\","
	                       "\"uco-types:hashMethod\":\"%s\",\"uco-types:hashValue\":"
	                       "{\"@type\":\"xsd:hexBinary\",\"@value\":",
	                       *first ? "" : ",", file_id, method, method);
	char *up = g_ascii_strup(hex, -1);
	mc_json_string(o, up);
	g_free(up);
	g_string_append(o, "}}");
	*first = 0;
}

/* A File node: FileFacet (name, path, size) and ContentDataFacet (size,
 * MIME type, hashes). */
static void file_node(struct uco *u, const char *id, const char *name, const char *path,
                      sqlite3_int64 size, int has_size, const char *mime, const char *sha256,
                      const char *md5)
{
	GString *o = u->o;
	g_string_append_printf(o, "{\"@id\":\"%s\",\"@type\":\"uco-observable:File\","
	                       "\"uco-core:hasFacet\":[{\"@id\":\"%s-file\",\"@type\":"
	                       "\"uco-observable:FileFacet\"", id, id);
	str_prop(o, "uco-observable:fileName", name);
	str_prop(o, "uco-observable:filePath", path);
	if (has_size)
		g_string_append_printf(o, ",\"uco-observable:sizeInBytes\":%lld", (long long)size);
	g_string_append_printf(o, "},{\"@id\":\"%s-content\",\"@type\":"
	                       "\"uco-observable:ContentDataFacet\"", id);
	if (has_size)
		g_string_append_printf(o, ",\"uco-observable:sizeInBytes\":%lld", (long long)size);
	str_prop(o, "uco-observable:mimeType", mime);
	if ((sha256 && *sha256) || (md5 && *md5)) {
		int first = 1;
		g_string_append(o, ",\"uco-observable:hash\":[");
		hash_entry(o, id, "SHA256", sha256, &first);
		hash_entry(o, id, "MD5", md5, &first);
		g_string_append_c(o, ']');
	}
	g_string_append(o, "}]}");
	flush_node(u);
}

/* A directional relationship source -> target of a kind, with an optional
 * PathRelationFacet (path) and DataRangeFacet (offset, size). */
static void relationship(struct uco *u, const char *source, const char *target,
                         const char *kind, const char *path, sqlite3_int64 offset,
                         sqlite3_int64 length, int has_range)
{
	const char *parts[] = { kind, source, target };
	char id[96];
	node_id("relationship", parts, 3, id);
	GString *o = u->o;
	g_string_append_printf(o, "{\"@id\":\"%s\",\"@type\":\"uco-observable:ObservableRelationship\","
	                       "\"uco-core:source\":{\"@id\":\"%s\"},\"uco-core:target\":"
	                       "{\"@id\":\"%s\"},\"uco-core:kindOfRelationship\":\"%s\","
	                       "\"uco-core:isDirectional\":true", id, source, target, kind);
	if (path || has_range) {
		g_string_append(o, ",\"uco-core:hasFacet\":[");
		if (path) {
			g_string_append_printf(o, "{\"@id\":\"%s-path\",\"@type\":"
			                       "\"uco-observable:PathRelationFacet\","
			                       "\"uco-observable:path\":", id);
			mc_json_string(o, path);
			g_string_append_c(o, '}');
		}
		if (has_range)
			g_string_append_printf(o, "%s{\"@id\":\"%s-range\",\"@type\":"
			                       "\"uco-observable:DataRangeFacet\","
			                       "\"uco-observable:rangeOffset\":%lld,"
			                       "\"uco-observable:rangeSize\":%lld}",
			                       path ? "," : "", id, (long long)offset, (long long)length);
		g_string_append_c(o, ']');
	}
	g_string_append_c(o, '}');
	flush_node(u);
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- the tool, the runs, the evidence, the addresses ---- */

#define TOOL_ID "kb:tool-mailcase-" PACKAGE_VERSION

static int write_prologue(sqlite3 *db, struct uco *u)
{
	g_string_append_printf(u->o, "{\"@id\":\"%s\",\"@type\":\"uco-tool:Tool\","
	                       "\"uco-core:name\":\"%s\",\"uco-tool:version\":\"%s\","
	                       "\"uco-tool:toolType\":\"forensic analysis\"}",
	                       TOOL_ID, PACKAGE_NAME, PACKAGE_VERSION);
	flush_node(u);

	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, command, argv, version, started_at, finished_at,"
	                       " status FROM runs r WHERE EXISTS (SELECT 1 FROM evidence e"
	                       " WHERE e.run_id = r.id) ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *parts[] = { "run", col(st, 1), col(st, 2), col(st, 4) };
		char id[96];
		node_id("investigative-action", parts, 4, id);
		GString *o = u->o;
		g_string_append_printf(o, "{\"@id\":\"%s\",\"@type\":"
		                       "\"case-investigation:InvestigativeAction\"", id);
		char *name = g_strdup_printf("mailcase %s (run %lld, %s)", col(st, 1),
		                             (long long)sqlite3_column_int64(st, 0),
		                             col(st, 6) ? col(st, 6) : "?");
		str_prop(o, "uco-core:name", name);
		g_free(name);
		str_prop(o, "uco-core:description", col(st, 2));
		time_prop(o, "uco-action:startTime", col(st, 4));
		time_prop(o, "uco-action:endTime", col(st, 5));
		ref_prop(o, "uco-action:instrument", TOOL_ID);
		g_string_append(o, ",\"uco-action:object\":[");
		sqlite3_bind_int64(u->run_evidence, 1, sqlite3_column_int64(st, 0));
		int first = 1;
		while (sqlite3_step(u->run_evidence) == SQLITE_ROW) {
			char ev[96];
			evidence_node_id(col(u->run_evidence, 0), col(u->run_evidence, 1), ev);
			g_string_append_printf(o, "%s{\"@id\":\"%s\"}", first ? "" : ",", ev);
			first = 0;
		}
		sqlite3_reset(u->run_evidence);
		g_string_append(o, "]}");
		flush_node(u);
	}
	sqlite3_finalize(st);

	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (sqlite3_prepare_v2(db, "SELECT sha256, path, size, md5, format FROM evidence"
	                       " ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		g_hash_table_destroy(seen);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		char id[96];
		evidence_node_id(col(st, 0), col(st, 1), id);
		if (!g_hash_table_add(seen, g_strdup(id)))
			continue;
		char *base = col(st, 1) ? g_path_get_basename(col(st, 1)) : NULL;
		file_node(u, id, base, col(st, 1), sqlite3_column_int64(st, 2),
		          sqlite3_column_type(st, 2) != SQLITE_NULL, NULL, col(st, 0), col(st, 3));
		g_free(base);
	}
	sqlite3_finalize(st);
	g_hash_table_destroy(seen);

	if (sqlite3_prepare_v2(db, "SELECT DISTINCT lower(addr) FROM (SELECT from_addr AS addr"
	                       " FROM messages UNION ALL SELECT addr FROM recipients)"
	                       " WHERE addr IS NOT NULL AND addr <> '' ORDER BY 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char id[96];
		address_node_id(col(st, 0), id);
		g_string_append_printf(u->o, "{\"@id\":\"%s\",\"@type\":\"uco-observable:EmailAddress\","
		                       "\"uco-core:hasFacet\":[{\"@id\":\"%s-facet\",\"@type\":"
		                       "\"uco-observable:EmailAddressFacet\"", id, id);
		str_prop(u->o, "uco-observable:addressValue", col(st, 0));
		g_string_append(u->o, "}]}");
		flush_node(u);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- messages ---- */

/* 1 if one of the bytes of set is in [p, end). */
static int strpbrk_len(const char *p, const char *end, const char *set)
{
	for (; p < end; p++)
		if (strchr(set, *p))
			return 1;
	return 0;
}

/* The headers of a message as the facet holds them: Received lines,
 * X-Mailer, References (to the messages of the case with those ids), and
 * the rest as a dictionary with one entry per name (repeated values joined
 * by newlines). */
static void header_props(struct uco *u, sqlite3_int64 message_id, const char *node)
{
	GString *o = u->o;
	GPtrArray *received = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free); /* first spelling, in order */
	GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *mailer = NULL, *references = NULL;
	sqlite3_stmt *h = u->headers;
	sqlite3_bind_int64(h, 1, message_id);
	while (sqlite3_step(h) == SQLITE_ROW) {
		const char *name = col(h, 0), *value = col(h, 1);
		if (!name || !value)
			continue;
		if (g_ascii_strcasecmp(name, "Received") == 0) {
			g_ptr_array_add(received, g_strdup(value));
			continue;
		}
		if (g_ascii_strcasecmp(name, "X-Mailer") == 0 && !mailer)
			mailer = g_strdup(value);
		if (g_ascii_strcasecmp(name, "References") == 0 && !references)
			references = g_strdup(value);
		char *key = g_ascii_strdown(name, -1);
		GString *v = g_hash_table_lookup(values, key);
		if (v) {
			g_string_append_printf(v, "\n%s", value);
			g_free(key);
		} else {
			g_hash_table_insert(values, key, g_string_new(value));
			g_ptr_array_add(names, g_strdup(name));
		}
	}
	sqlite3_reset(h);
	str_prop(o, "uco-observable:xMailer", mailer);
	if (received->len) {
		g_string_append(o, ",\"uco-observable:receivedLines\":[");
		for (guint i = 0; i < received->len; i++) {
			if (i)
				g_string_append_c(o, ',');
			mc_json_string(o, g_ptr_array_index(received, i));
		}
		g_string_append_c(o, ']');
	}
	if (references) {
		GString *refs = g_string_new(NULL);
		/* Each <message-id>: the text between a '>' and the last '<' before
		 * it, without white space. */
		for (const char *p = references, *close; (close = strchr(p, '>')); p = close + 1) {
			const char *open = g_strrstr_len(p, close - p, "<");
			if (!open || open + 1 == close || strpbrk_len(open + 1, close, " \t\r\n"))
				continue;
			sqlite3_bind_text(u->by_msgid, 1, open + 1, (int)(close - open - 1),
			                  SQLITE_TRANSIENT);
			if (sqlite3_step(u->by_msgid) == SQLITE_ROW) {
				char id[96];
				message_node_id(col(u->by_msgid, 0), col(u->by_msgid, 1),
				                col(u->by_msgid, 2), id);
				g_string_append_printf(refs, "%s{\"@id\":\"%s\"}", refs->len ? "," : "", id);
			}
			sqlite3_reset(u->by_msgid);
		}
		if (refs->len)
			g_string_append_printf(o, ",\"uco-observable:references\":[%s]", refs->str);
		g_string_free(refs, TRUE);
	}
	if (names->len) {
		g_string_append_printf(o, ",\"uco-observable:otherHeaders\":{\"@id\":\"%s-headers\","
		                       "\"@type\":\"uco-types:Dictionary\",\"uco-types:entry\":[", node);
		for (guint i = 0; i < names->len; i++) {
			const char *name = g_ptr_array_index(names, i);
			char *key = g_ascii_strdown(name, -1);
			GString *v = g_hash_table_lookup(values, key);
			g_free(key);
			g_string_append_printf(o, "%s{\"@id\":\"%s-header-%u\",\"@type\":"
			                       "\"uco-types:DictionaryEntry\",\"uco-types:key\":",
			                       i ? "," : "", node, i + 1);
			mc_json_string(o, name);
			g_string_append(o, ",\"uco-types:value\":");
			mc_json_string(o, v->str);
			g_string_append_c(o, '}');
		}
		g_string_append(o, "]}");
	}
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, values);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_string_free(v, TRUE);
	g_hash_table_destroy(values);
	g_ptr_array_free(names, TRUE);
	g_ptr_array_free(received, TRUE);
	g_free(mailer);
	g_free(references);
}

static void address_list(struct uco *u, sqlite3_int64 message_id, const char *kind)
{
	sqlite3_stmt *r = u->recipients;
	sqlite3_bind_int64(r, 1, message_id);
	sqlite3_bind_text(r, 2, kind, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(r) == SQLITE_ROW) {
		char id[96];
		address_node_id(col(r, 0), id);
		if (n++)
			g_string_append_c(u->o, ',');
		else
			g_string_append_printf(u->o, ",\"uco-observable:%s\":[", kind);
		g_string_append_printf(u->o, "{\"@id\":\"%s\"}", id);
	}
	if (n)
		g_string_append_c(u->o, ']');
	sqlite3_reset(r);
}

#define M_COLUMNS \
	"m.id, e.sha256, e.path, m.locator, m.parent_id, m.message_id, m.in_reply_to," \
	" m.subject, m.date_utc, m.delivery_time, lower(m.from_addr), m.content_type," \
	" m.body_text, m.message_flags, m.byte_offset, m.byte_length, m.attachment_count," \
	" m.modification_time"

static int write_message(struct uco *u, sqlite3_stmt *st)
{
	sqlite3_int64 mid = sqlite3_column_int64(st, 0);
	char node[96];
	message_node_id(col(st, 1), col(st, 2), col(st, 3), node);
	GString *o = u->o;
	g_string_append_printf(o, "{\"@id\":\"%s\",\"@type\":\"uco-observable:EmailMessage\","
	                       "\"uco-core:hasFacet\":[{\"@id\":\"%s-facet\",\"@type\":"
	                       "\"uco-observable:EmailMessageFacet\"", node, node);
	str_prop(o, "uco-observable:messageID", col(st, 5));
	str_prop(o, "uco-observable:inReplyTo", col(st, 6));
	str_prop(o, "uco-observable:subject", col(st, 7));
	time_prop(o, "uco-observable:sentTime", col(st, 8));
	time_prop(o, "uco-observable:receivedTime", col(st, 9));
	time_prop(o, "uco-observable:modifiedTime", col(st, 17));
	if (col(st, 10) && *col(st, 10)) {
		char id[96];
		address_node_id(col(st, 10), id);
		ref_prop(o, "uco-observable:from", id);
	}
	address_list(u, mid, "to");
	address_list(u, mid, "cc");
	address_list(u, mid, "bcc");
	str_prop(o, "uco-observable:contentType", col(st, 11));
	if (col(st, 11))
		g_string_append_printf(o, ",\"uco-observable:isMultipart\":%s",
		                       g_ascii_strncasecmp(col(st, 11), "multipart/", 10) == 0
		                       ? "true" : "false");
	if (u->with_body)
		str_prop(o, "uco-observable:body", col(st, 12));
	if (sqlite3_column_type(st, 13) != SQLITE_NULL)
		g_string_append_printf(o, ",\"uco-observable:isRead\":%s",
		                       sqlite3_column_int64(st, 13) & 1 ? "true" : "false");
	sqlite3_bind_int64(u->labels, 1, mid);
	int labels = 0;
	while (sqlite3_step(u->labels) == SQLITE_ROW) {
		g_string_append(o, labels++ ? "," : ",\"uco-observable:labels\":[");
		mc_json_string(o, col(u->labels, 0));
	}
	if (labels)
		g_string_append_c(o, ']');
	sqlite3_reset(u->labels);
	header_props(u, mid, node);
	g_string_append(o, "}]}");
	flush_node(u);

	/* Where it was found: its evidence file (the locator, and the byte
	 * range where there is one), or the message that embeds it. */
	char target[96];
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		sqlite3_bind_int64(u->msg_ref, 1, sqlite3_column_int64(st, 4));
		if (sqlite3_step(u->msg_ref) == SQLITE_ROW)
			message_node_id(col(u->msg_ref, 0), col(u->msg_ref, 1), col(u->msg_ref, 2), target);
		else
			evidence_node_id(col(st, 1), col(st, 2), target);
		sqlite3_reset(u->msg_ref);
	} else {
		evidence_node_id(col(st, 1), col(st, 2), target);
	}
	int has_range = sqlite3_column_type(st, 14) != SQLITE_NULL &&
	                sqlite3_column_type(st, 15) != SQLITE_NULL;
	relationship(u, node, target, "Contained_Within", col(st, 3),
	             sqlite3_column_int64(st, 14), sqlite3_column_int64(st, 15), has_range);

	sqlite3_stmt *a = u->attachments;
	sqlite3_bind_int64(a, 1, mid);
	while (sqlite3_step(a) == SQLITE_ROW) {
		const char *parts[] = { "attachment", node, col(a, 0) };
		char id[96];
		node_id("attachment", parts, 3, id);
		file_node(u, id, col(a, 1), NULL, sqlite3_column_int64(a, 3),
		          sqlite3_column_type(a, 3) != SQLITE_NULL, col(a, 2), col(a, 4), NULL);
		relationship(u, id, node, "Attached_To", NULL, 0, 0, 0);
	}
	sqlite3_reset(a);
	if (u->tick)
		u->tick(u->tick_ctx);
	return 0;
}

static int prepare_all(sqlite3 *db, struct uco *u)
{
	struct { sqlite3_stmt **st; const char *sql; } q[] = {
		{ &u->msg_ref, "SELECT e.sha256, e.path, m.locator FROM messages m"
		               " JOIN evidence e ON e.id = m.evidence_id WHERE m.id = ?" },
		{ &u->by_msgid, "SELECT e.sha256, e.path, m.locator FROM messages m"
		                " JOIN evidence e ON e.id = m.evidence_id WHERE m.message_id = ?"
		                " ORDER BY m.id LIMIT 1" },
		{ &u->recipients, "SELECT lower(addr) FROM recipients WHERE message_id = ?"
		                  " AND kind = ? AND addr IS NOT NULL AND addr <> '' ORDER BY seq" },
		{ &u->headers, "SELECT name, value FROM headers WHERE message_id = ? ORDER BY seq" },
		{ &u->attachments, "SELECT seq, filename, mime_type, size, sha256 FROM attachments"
		                   " WHERE message_id = ? ORDER BY seq" },
		{ &u->run_evidence, "SELECT sha256, path FROM evidence WHERE run_id = ? ORDER BY id" },
		/* message_labels: case schema version 7 (none in an older case) */
		{ &u->labels, mc_case_version(db) >= 7
		  ? "SELECT label FROM message_labels WHERE message_id = ? ORDER BY seq"
		  : "SELECT NULL WHERE ? IS NULL" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(q); i++)
		if (sqlite3_prepare_v2(db, q[i].sql, -1, q[i].st, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

int mc_uco_write(sqlite3 *db, FILE *f, int with_body, uint64_t *objects,
                 void (*tick)(void *ctx), void *tick_ctx, char *err, size_t errlen)
{
	struct uco u = { .f = f, .o = g_string_new(NULL), .with_body = with_body,
		         .objects = objects, .tick = tick, .tick_ctx = tick_ctx };
	sqlite3_stmt *st = NULL;
	int rc = -1;
	*objects = 0;
	if (prepare_all(db, &u) < 0)
		goto out;
	fputs(CONTEXT, f);
	if (write_prologue(db, &u) < 0)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT " M_COLUMNS " FROM messages m JOIN evidence e"
	                       " ON e.id = m.evidence_id ORDER BY m.id", -1, &st, NULL) != SQLITE_OK)
		goto out;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		write_message(&u, st);
	if (step != SQLITE_DONE)
		goto out;
	fputs("\n]}\n", f);
	rc = 0;
out:
	if (rc < 0)
		g_strlcpy(err, sqlite3_errmsg(db), errlen);
	sqlite3_finalize(st);
	sqlite3_finalize(u.msg_ref);
	sqlite3_finalize(u.by_msgid);
	sqlite3_finalize(u.recipients);
	sqlite3_finalize(u.headers);
	sqlite3_finalize(u.attachments);
	sqlite3_finalize(u.run_evidence);
	sqlite3_finalize(u.labels);
	g_string_free(u.o, TRUE);
	return rc;
}
