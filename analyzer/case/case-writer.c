/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-writer.c: INSERTs for evidence, folders, messages and their parts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "case-busy.h"
#include "case-db.h"
#include "case-fts.h"
#include "case-writer.h"
#include "local-id-map.h"
#include "log.h"

enum stmt_id {
	ST_EVIDENCE, ST_FOLDER, ST_MESSAGE, ST_RECIPIENT, ST_ATTACHMENT,
	ST_HEADER, ST_PROP, ST_LABEL, ST_PROBLEM, ST_PARENT_FIXUP, ST_TEXT_INDEX, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_EVIDENCE] =
	"INSERT INTO evidence(path, size, sha256, md5, mtime, format, variant, custodian,"
	" status, error, duplicate_of, run_id, ingested_at)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_FOLDER] =
	"INSERT INTO folders(evidence_id, parent_id, name, path, role, locator)"
	" VALUES (?,?,?,?,?,?)",
	[ST_MESSAGE] =
	"INSERT INTO messages(evidence_id, folder_id, parent_id, origin, locator,"
	" byte_offset, byte_length, message_class, subject, from_name, from_addr,"
	" from_exdn, date_utc, date_offset, message_id, in_reply_to, content_type,"
	" size, sha256, charset_declared, charset_used, charset_detected,"
	" charset_mismatch, body_source, body_text, submit_time, delivery_time,"
	" creation_time, modification_time, last_verb_time, last_verb, message_flags,"
	" importance, sensitivity, codepage, conversation_topic, conversation_index,"
	" attachment_count, recipient_count, warnings)"
	" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_RECIPIENT] =
	"INSERT INTO recipients(message_id, seq, kind, name, addr, exdn) VALUES (?,?,?,?,?,?)",
	[ST_ATTACHMENT] =
	"INSERT INTO attachments(message_id, seq, part_path, filename, mime_type,"
	" disposition, content_id, size, sha256) VALUES (?,?,?,?,?,?,?,?,?)",
	[ST_HEADER] =
	"INSERT INTO headers(message_id, seq, name, value, raw) VALUES (?,?,?,?,?)",
	[ST_PROP] =
	"INSERT INTO message_props(message_id, name, value) VALUES (?,?,?)",
	[ST_LABEL] =
	"INSERT INTO message_labels(message_id, seq, label, role) VALUES (?,?,?,?)",
	[ST_PROBLEM] =
	"INSERT INTO problems(evidence_id, severity, locator, message) VALUES (?,?,?,?)",
	[ST_PARENT_FIXUP] =
	"UPDATE messages SET parent_id = ? WHERE id = ?",
	/* One statement per TEXT_INDEX_BATCH messages, not a trigger per
	 * message: FTS5 (in the SQLite of Debian 12) writes its pending index
	 * to disk at every statement savepoint, which a trigger on each INSERT
	 * INTO messages opened; that was half of the writer's time
	 * (docs/performance.md). ?2 is the first message not yet indexed: the
	 * ids of one evidence only grow within the writer's transaction. */
	[ST_TEXT_INDEX] =
	"INSERT INTO messages_fts(rowid, subject, body_text)"
	" SELECT id, subject, body_text FROM messages WHERE evidence_id = ?1 AND id >= ?2",
};

/* Messages indexed by one statement. Indexing them while the evidence is
 * still being read, rather than all at its commit, lets the text index
 * share the time the writer waits for the parser; batches of 16,384 cost
 * about 7% more index CPU than one statement, batches of 4,096 about 34%
 * (200,022 messages, docs/performance.md). */
#define TEXT_INDEX_BATCH 16384

struct pending_parent {
	long long message_id;
	int64_t parent_local_id;
};

struct mc_case_writer {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	long long evidence_id;
	/* Local ids of this evidence to case ids: 4 bytes a message
	 * (local-id-map.h; a hash table of 8-byte blocks was about 100 bytes a
	 * message, 100 MiB for an evidence of 1,000,000). */
	struct mc_local_id_map *folders;
	struct mc_local_id_map *messages;
	GArray *pending;       /* struct pending_parent */
	int64_t message_count;
	long long unindexed_from; /* first message not yet in the text index */
	int64_t unindexed;        /* messages stored since (0: none) */
	char *last_locator;
	int fts_tuned;         /* mc_case_fts_tune done (in a transaction not rolled back) */
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t t, char buf[21])
{
	if (t == MC_NO_TIME) {
		sqlite3_bind_null(st, i);
		return;
	}
	mc_format_utc(t, buf);
	sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int64_t v, int64_t absent)
{
	if (v == absent)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static void bind_id(sqlite3_stmt *st, int i, long long id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* Steps and resets a statement; reports and returns -1 on error. */
static int run(struct mc_case_writer *w, enum stmt_id id)
{
	sqlite3_stmt *st = w->st[id];
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		mc_error("%s: write failed: %s", mc_case_path(w->db), sqlite3_errmsg(w->db));
		return -1;
	}
	return 0;
}

struct mc_case_writer *mc_writer_new(sqlite3 *db)
{
	struct mc_case_writer *w = g_new0(struct mc_case_writer, 1);
	w->db = db;
	for (int i = 0; i < ST_COUNT; i++) {
		w->st[i] = mc_case_prepare(db, stmt_sql[i]);
		if (!w->st[i]) {
			mc_writer_free(w);
			return NULL;
		}
	}
	w->folders = mc_local_id_map_new();
	w->messages = mc_local_id_map_new();
	w->pending = g_array_new(FALSE, FALSE, sizeof(struct pending_parent));
	return w;
}

void mc_writer_free(struct mc_case_writer *w)
{
	if (!w)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(w->st[i]);
	mc_local_id_map_free(w->folders);
	mc_local_id_map_free(w->messages);
	if (w->pending)
		g_array_free(w->pending, TRUE);
	g_free(w->last_locator);
	g_free(w);
}

static int exec(struct mc_case_writer *w, const char *sql)
{
	char err[512];
	if (mc_case_exec(w->db, sql, err, sizeof err) != 0) {
		if (mc_case_is_busy(w->db))
			mc_case_busy_why(1, err, sizeof err);
		mc_error("%s: %s: %s", mc_case_path(w->db), sql, err);
		return -1;
	}
	return 0;
}

int mc_writer_begin(struct mc_case_writer *w)
{
	if (exec(w, "BEGIN IMMEDIATE") != 0)
		return -1;
	if (w->fts_tuned)
		return 0;
	char err[512];
	if (mc_case_fts_tune(w->db, err, sizeof err) != 0) {
		mc_error("%s: the text index's settings: %s", mc_case_path(w->db), err);
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	w->fts_tuned = 1;
	return 0;
}

/* Adds the messages stored since the last batch to the text index. */
static int index_text(struct mc_case_writer *w)
{
	if (w->evidence_id <= 0 || w->unindexed == 0)
		return 0;
	sqlite3_bind_int64(w->st[ST_TEXT_INDEX], 1, w->evidence_id);
	sqlite3_bind_int64(w->st[ST_TEXT_INDEX], 2, w->unindexed_from);
	w->unindexed = 0;
	return run(w, ST_TEXT_INDEX);
}

int mc_writer_commit(struct mc_case_writer *w)
{
	if (index_text(w) != 0)
		return -1;
	w->evidence_id = 0;
	w->message_count = 0;
	return exec(w, "COMMIT");
}

void mc_writer_rollback(struct mc_case_writer *w)
{
	w->fts_tuned = 0;   /* rolled back with the rest, if it was set in it */
	w->evidence_id = 0;
	w->message_count = 0;
	w->unindexed = 0;
	if (!sqlite3_get_autocommit(w->db))
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
}

long long mc_writer_add_evidence(struct mc_case_writer *w, const struct mc_evidence_row *e)
{
	sqlite3_stmt *st = w->st[ST_EVIDENCE];
	char now[21];
	mc_now_utc(now);
	bind_text(st, 1, e->path);
	bind_opt_int(st, 2, e->size, -1);
	bind_text(st, 3, e->sha256);
	bind_text(st, 4, e->md5);
	bind_text(st, 5, e->mtime);
	bind_text(st, 6, e->format);
	bind_text(st, 7, e->variant);
	bind_text(st, 8, e->custodian);
	bind_text(st, 9, e->status);
	bind_text(st, 10, e->error);
	bind_id(st, 11, e->duplicate_of);
	bind_id(st, 12, e->run_id);
	sqlite3_bind_text(st, 13, now, -1, SQLITE_TRANSIENT);
	if (run(w, ST_EVIDENCE) != 0)
		return -1;
	w->evidence_id = sqlite3_last_insert_rowid(w->db);
	mc_local_id_map_clear(w->folders);
	mc_local_id_map_clear(w->messages);
	g_array_set_size(w->pending, 0);
	w->message_count = 0;
	w->unindexed = 0;
	g_free(w->last_locator);
	w->last_locator = NULL;
	return w->evidence_id;
}

int mc_writer_folder(struct mc_case_writer *w, const struct mc_folder *f)
{
	sqlite3_stmt *st = w->st[ST_FOLDER];
	sqlite3_bind_int64(st, 1, w->evidence_id);
	bind_id(st, 2, mc_local_id_map_get(w->folders, f->parent_local_id));
	bind_text(st, 3, f->name ? f->name : "");
	bind_text(st, 4, f->path ? f->path : (f->name ? f->name : ""));
	bind_text(st, 5, mc_role_static(f->role) ? f->role : MC_ROLE_OTHER);
	bind_text(st, 6, f->locator);
	if (run(w, ST_FOLDER) != 0)
		return -1;
	mc_local_id_map_put(w->folders, f->local_id, sqlite3_last_insert_rowid(w->db));
	return 0;
}

static int store_parts(struct mc_case_writer *w, long long id, const struct mc_message *m)
{
	for (guint i = 0; i < m->recipients->len; i++) {
		const struct mc_recipient *r = g_ptr_array_index(m->recipients, i);
		sqlite3_stmt *st = w->st[ST_RECIPIENT];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, i + 1);
		bind_text(st, 3, r->kind);
		bind_text(st, 4, r->name);
		bind_text(st, 5, r->addr);
		bind_text(st, 6, r->exdn);
		if (run(w, ST_RECIPIENT) != 0)
			return -1;
	}
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		sqlite3_stmt *st = w->st[ST_ATTACHMENT];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, i + 1);
		bind_text(st, 3, a->part_path);
		bind_text(st, 4, a->filename);
		bind_text(st, 5, a->mime_type);
		bind_text(st, 6, a->disposition);
		bind_text(st, 7, a->content_id);
		sqlite3_bind_int64(st, 8, a->size);
		bind_text(st, 9, a->sha256[0] ? a->sha256 : NULL);
		if (run(w, ST_ATTACHMENT) != 0)
			return -1;
	}
	for (guint i = 0; i < m->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(m->headers, i);
		sqlite3_stmt *st = w->st[ST_HEADER];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, i + 1);
		bind_text(st, 3, h->name);
		bind_text(st, 4, h->value);
		bind_text(st, 5, h->raw);
		if (run(w, ST_HEADER) != 0)
			return -1;
	}
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		sqlite3_stmt *st = w->st[ST_PROP];
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, p->name);
		bind_text(st, 3, p->value);
		if (run(w, ST_PROP) != 0)
			return -1;
	}
	for (guint i = 0; i < m->labels->len; i++) {
		const struct mc_label *l = g_ptr_array_index(m->labels, i);
		sqlite3_stmt *st = w->st[ST_LABEL];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, i + 1);
		bind_text(st, 3, l->name);
		bind_text(st, 4, l->role);
		if (run(w, ST_LABEL) != 0)
			return -1;
	}
	return 0;
}

int mc_writer_message(struct mc_case_writer *w, const struct mc_message *m)
{
	sqlite3_stmt *st = w->st[ST_MESSAGE];
	char date[21], t1[21], t2[21], t3[21], t4[21], t5[21];
	long long parent = mc_local_id_map_get(w->messages, m->parent_local_id);
	int i = 1;
	sqlite3_bind_int64(st, i++, w->evidence_id);
	bind_id(st, i++, mc_local_id_map_get(w->folders, m->folder_local_id));
	bind_id(st, i++, parent);
	bind_text(st, i++, m->origin);
	bind_text(st, i++, m->locator ? m->locator : "");
	bind_opt_int(st, i++, m->byte_offset, -1);
	bind_opt_int(st, i++, m->byte_length, -1);
	bind_text(st, i++, m->message_class);
	bind_text(st, i++, m->subject);
	bind_text(st, i++, m->from_name);
	bind_text(st, i++, m->from_addr);
	bind_text(st, i++, m->from_exdn);
	if (m->has_date) {
		mc_format_utc(m->date_unix, date);
		sqlite3_bind_text(st, i++, date, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, i++, m->date_offset);
	} else {
		sqlite3_bind_null(st, i++);
		sqlite3_bind_null(st, i++);
	}
	bind_text(st, i++, m->message_id);
	bind_text(st, i++, m->in_reply_to);
	bind_text(st, i++, m->content_type);
	sqlite3_bind_int64(st, i++, m->size);
	bind_text(st, i++, m->sha256[0] ? m->sha256 : NULL);
	bind_text(st, i++, m->charset_declared);
	bind_text(st, i++, m->charset_used);
	bind_text(st, i++, m->charset_detected);
	sqlite3_bind_int(st, i++, m->charset_mismatch != 0);
	bind_text(st, i++, m->body_source);
	bind_text(st, i++, m->body_text);
	bind_time(st, i++, m->submit_time, t1);
	bind_time(st, i++, m->delivery_time, t2);
	bind_time(st, i++, m->creation_time, t3);
	bind_time(st, i++, m->modification_time, t4);
	bind_time(st, i++, m->last_verb_time, t5);
	bind_opt_int(st, i++, m->last_verb, -1);
	bind_opt_int(st, i++, m->message_flags, -1);
	bind_opt_int(st, i++, m->importance, -1);
	bind_opt_int(st, i++, m->sensitivity, -1);
	bind_opt_int(st, i++, m->codepage, -1);
	bind_text(st, i++, m->conversation_topic);
	bind_text(st, i++, m->conversation_index);
	sqlite3_bind_int(st, i++, (int)m->attachments->len);
	sqlite3_bind_int(st, i++, (int)m->recipients->len);
	bind_text(st, i++, m->warnings->len ? m->warnings->str : NULL);
	if (run(w, ST_MESSAGE) != 0)
		return -1;

	long long id = sqlite3_last_insert_rowid(w->db);
	if (m->parent_local_id > 0 && parent == 0) {
		struct pending_parent p = { id, m->parent_local_id };
		g_array_append_val(w->pending, p);
	}
	if (m->local_id > 0)
		mc_local_id_map_put(w->messages, m->local_id, id);
	w->message_count++;
	if (w->unindexed++ == 0)
		w->unindexed_from = id;
	g_free(w->last_locator);
	w->last_locator = g_strdup(m->locator);
	if (store_parts(w, id, m) != 0)
		return -1;
	return w->unindexed >= TEXT_INDEX_BATCH ? index_text(w) : 0;
}

int mc_writer_problem(struct mc_case_writer *w, const char *severity,
                      const char *locator, const char *text)
{
	sqlite3_stmt *st = w->st[ST_PROBLEM];
	const char *sev = severity;
	if (!sev || (strcmp(sev, "info") && strcmp(sev, "warning") && strcmp(sev, "error")))
		sev = "warning";
	sqlite3_bind_int64(st, 1, w->evidence_id);
	bind_text(st, 2, sev);
	bind_text(st, 3, locator);
	bind_text(st, 4, text ? text : "");
	return run(w, ST_PROBLEM);
}

/* Links embedded messages whose parent was stored after them. */
static int resolve_parents(struct mc_case_writer *w)
{
	for (guint i = 0; i < w->pending->len; i++) {
		struct pending_parent *p = &g_array_index(w->pending, struct pending_parent, i);
		long long parent = mc_local_id_map_get(w->messages, p->parent_local_id);
		if (parent == 0) {
			char text[128];
			snprintf(text, sizeof text, "parent message (local id %lld) of case message "
			         "%lld was never emitted", (long long)p->parent_local_id, p->message_id);
			if (mc_writer_problem(w, "warning", NULL, text) != 0)
				return -1;
			continue;
		}
		sqlite3_stmt *st = w->st[ST_PARENT_FIXUP];
		sqlite3_bind_int64(st, 1, parent);
		sqlite3_bind_int64(st, 2, p->message_id);
		if (run(w, ST_PARENT_FIXUP) != 0)
			return -1;
	}
	g_array_set_size(w->pending, 0);
	return 0;
}

int mc_writer_finish_evidence(struct mc_case_writer *w, const char *status,
                              const char *variant, const char *error)
{
	if (resolve_parents(w) != 0)
		return -1;
	sqlite3_stmt *st = mc_case_prepare(w->db,
		"UPDATE evidence SET status = ?2, variant = coalesce(?3, variant), error = ?4,"
		" message_count = (SELECT count(*) FROM messages WHERE evidence_id = ?1"
		"   AND origin <> 'embedded'),"
		" embedded_count = (SELECT count(*) FROM messages WHERE evidence_id = ?1"
		"   AND origin = 'embedded'),"
		" folder_count = (SELECT count(*) FROM folders WHERE evidence_id = ?1),"
		" problem_count = (SELECT count(*) FROM problems WHERE evidence_id = ?1)"
		" WHERE id = ?1");
	if (!st)
		return -1;
	/* ?1 is the evidence id; the other parameters follow it. */
	sqlite3_bind_int64(st, 1, w->evidence_id);
	bind_text(st, 2, status);
	bind_text(st, 3, variant);
	bind_text(st, 4, error);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc != 0)
		mc_error("%s: cannot finish evidence %lld: %s", mc_case_path(w->db), w->evidence_id,
		         sqlite3_errmsg(w->db));
	sqlite3_finalize(st);
	if (rc == 0) {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "UPDATE folders SET message_count = (SELECT count(*) FROM messages"
		         " WHERE folder_id = folders.id) WHERE evidence_id = %lld", w->evidence_id);
		rc = exec(w, sql);
	}
	return rc;
}

int mc_writer_delete_evidence(struct mc_case_writer *w, long long evidence_id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM evidence WHERE id = %lld", evidence_id);
	return exec(w, sql);
}

int64_t mc_writer_message_count(const struct mc_case_writer *w)
{
	return w->message_count;
}

const char *mc_writer_last_locator(const struct mc_case_writer *w)
{
	return w->last_locator;
}

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	return mc_writer_folder(ctx, f);
}

static int sink_message(void *ctx, const struct mc_message *m)
{
	return mc_writer_message(ctx, m);
}

static int sink_problem(void *ctx, const char *severity, const char *locator,
                        const char *text)
{
	return mc_writer_problem(ctx, severity, locator, text);
}

void mc_writer_sink(struct mc_sink *sink, struct mc_case_writer *w)
{
	sink->folder = sink_folder;
	sink->message = sink_message;
	sink->problem = sink_problem;
	sink->ctx = w;
}
