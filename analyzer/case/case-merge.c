/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-merge.c: merging a shard into a case (case-merge.h): the shard
 * checked and attached read-only, then in one write transaction its ids
 * mapped to new ones (temporary tables), what ingestion stored copied
 * through the maps, the text index filled for the new messages, and the
 * shard recorded in shards.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

#include "case-busy.h"
#include "case-db.h"
#include "case-fts.h"
#include "case-merge.h"
#include "digest.h"
#include "log.h"

#define SHARD "mc_shard"

/* The shard's ids and the case's: evidence (added 0: the case's own row
 * with the same path and SHA-256, not copied), runs, folders, messages.
 * New ids follow the case's highest, densely, in the documented order. */
static const char map_sql[] =
"DROP TABLE IF EXISTS temp.merge_ev; DROP TABLE IF EXISTS temp.merge_run;"
"DROP TABLE IF EXISTS temp.merge_folder; DROP TABLE IF EXISTS temp.merge_msg;"
"CREATE TEMP TABLE merge_ev(old INTEGER PRIMARY KEY, new INTEGER NOT NULL, added INTEGER NOT NULL);"
"CREATE TEMP TABLE merge_run(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
"CREATE TEMP TABLE merge_folder(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
"CREATE TEMP TABLE merge_msg(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
"INSERT INTO temp.merge_ev(old, new, added)"
" SELECT s.id, (SELECT min(m.id) FROM main.evidence m WHERE m.path = s.path AND m.sha256 IS s.sha256), 0"
"  FROM " SHARD ".evidence s WHERE EXISTS"
"  (SELECT 1 FROM main.evidence m WHERE m.path = s.path AND m.sha256 IS s.sha256);"
"INSERT INTO temp.merge_ev(old, new, added)"
" SELECT s.id, (SELECT coalesce(max(id), 0) FROM main.evidence)"
"   + row_number() OVER (ORDER BY s.path, s.sha256, s.id), 1"
"  FROM " SHARD ".evidence s WHERE s.id NOT IN (SELECT old FROM temp.merge_ev);"
"INSERT INTO temp.merge_run(old, new)"
" SELECT id, (SELECT coalesce(max(id), 0) FROM main.runs) + row_number() OVER (ORDER BY id)"
"  FROM " SHARD ".runs;"
"INSERT INTO temp.merge_folder(old, new)"
" SELECT f.id, (SELECT coalesce(max(id), 0) FROM main.folders)"
"   + row_number() OVER (ORDER BY e.new, f.id)"
"  FROM " SHARD ".folders f JOIN temp.merge_ev e ON e.old = f.evidence_id AND e.added;"
"INSERT INTO temp.merge_msg(old, new)"
" SELECT m.id, (SELECT coalesce(max(id), 0) FROM main.messages)"
"   + row_number() OVER (ORDER BY e.new, m.id)"
"  FROM " SHARD ".messages m JOIN temp.merge_ev e ON e.old = m.evidence_id AND e.added;";

/* What ingestion stored, through the maps; what analysis derives (the
 * analysis columns, report_fields, identities, findings) is not copied. */
static const char copy_sql[] =
"INSERT INTO main.runs(id, command, argv, version, host, started_at, finished_at, status)"
" SELECT r.new, s.command, s.argv, s.version, s.host, s.started_at, s.finished_at, s.status"
"  FROM " SHARD ".runs s JOIN temp.merge_run r ON r.old = s.id ORDER BY r.new;"
"INSERT INTO main.evidence(id, path, size, sha256, md5, mtime, format, variant, custodian,"
" status, error, message_count, embedded_count, folder_count, problem_count, duplicate_of,"
" run_id, ingested_at)"
" SELECT e.new, s.path, s.size, s.sha256, s.md5, s.mtime, s.format, s.variant, s.custodian,"
"  s.status, s.error, s.message_count, s.embedded_count, s.folder_count, s.problem_count,"
"  d.new, r.new, s.ingested_at"
"  FROM " SHARD ".evidence s JOIN temp.merge_ev e ON e.old = s.id AND e.added"
"  LEFT JOIN temp.merge_ev d ON d.old = s.duplicate_of"
"  LEFT JOIN temp.merge_run r ON r.old = s.run_id ORDER BY e.new;"
"INSERT INTO main.folders(id, evidence_id, parent_id, name, path, role, locator, message_count)"
" SELECT f.new, e.new, p.new, s.name, s.path, s.role, s.locator, s.message_count"
"  FROM " SHARD ".folders s JOIN temp.merge_folder f ON f.old = s.id"
"  JOIN temp.merge_ev e ON e.old = s.evidence_id"
"  LEFT JOIN temp.merge_folder p ON p.old = s.parent_id ORDER BY f.new;"
"INSERT INTO main.messages(id, evidence_id, folder_id, parent_id, origin, locator,"
" byte_offset, byte_length, message_class, subject, from_name, from_addr, from_exdn,"
" date_utc, date_offset, message_id, in_reply_to, content_type, size, sha256,"
" charset_declared, charset_used, charset_detected, charset_mismatch, body_source,"
" body_text, submit_time, delivery_time, creation_time, modification_time, last_verb_time,"
" last_verb, message_flags, importance, sensitivity, codepage, conversation_topic,"
" conversation_index, attachment_count, recipient_count, warnings)"
" SELECT m.new, e.new, f.new, p.new, s.origin, s.locator,"
"  s.byte_offset, s.byte_length, s.message_class, s.subject, s.from_name, s.from_addr, s.from_exdn,"
"  s.date_utc, s.date_offset, s.message_id, s.in_reply_to, s.content_type, s.size, s.sha256,"
"  s.charset_declared, s.charset_used, s.charset_detected, s.charset_mismatch, s.body_source,"
"  s.body_text, s.submit_time, s.delivery_time, s.creation_time, s.modification_time, s.last_verb_time,"
"  s.last_verb, s.message_flags, s.importance, s.sensitivity, s.codepage, s.conversation_topic,"
"  s.conversation_index, s.attachment_count, s.recipient_count, s.warnings"
"  FROM " SHARD ".messages s JOIN temp.merge_msg m ON m.old = s.id"
"  JOIN temp.merge_ev e ON e.old = s.evidence_id"
"  LEFT JOIN temp.merge_folder f ON f.old = s.folder_id"
"  LEFT JOIN temp.merge_msg p ON p.old = s.parent_id ORDER BY m.new;"
"INSERT INTO main.recipients(message_id, seq, kind, name, addr, exdn)"
" SELECT m.new, s.seq, s.kind, s.name, s.addr, s.exdn"
"  FROM " SHARD ".recipients s JOIN temp.merge_msg m ON m.old = s.message_id ORDER BY m.new, s.id;"
"INSERT INTO main.attachments(message_id, seq, part_path, filename, mime_type, disposition,"
" content_id, size, sha256)"
" SELECT m.new, s.seq, s.part_path, s.filename, s.mime_type, s.disposition, s.content_id,"
"  s.size, s.sha256"
"  FROM " SHARD ".attachments s JOIN temp.merge_msg m ON m.old = s.message_id ORDER BY m.new, s.id;"
"INSERT INTO main.headers(message_id, seq, name, value, raw)"
" SELECT m.new, s.seq, s.name, s.value, s.raw"
"  FROM " SHARD ".headers s JOIN temp.merge_msg m ON m.old = s.message_id ORDER BY m.new, s.seq;"
"INSERT INTO main.message_props(message_id, name, value)"
" SELECT m.new, s.name, s.value"
"  FROM " SHARD ".message_props s JOIN temp.merge_msg m ON m.old = s.message_id"
"  ORDER BY m.new, s.rowid;"
"INSERT INTO main.problems(evidence_id, severity, locator, message)"
" SELECT e.new, s.severity, s.locator, s.message"
"  FROM " SHARD ".problems s JOIN temp.merge_ev e ON e.old = s.evidence_id AND e.added"
"  ORDER BY e.new, s.id;"
/* The text index, filled by mailcase since version 4 (case-schema.c):
 * once, for the messages just copied. */
"INSERT INTO main.messages_fts(rowid, subject, body_text)"
" SELECT id, subject, body_text FROM main.messages"
"  WHERE id IN (SELECT new FROM temp.merge_msg) ORDER BY id;";

/* Version 7's message labels, from a shard that has them. */
static const char copy_labels_sql[] =
"INSERT INTO main.message_labels(message_id, seq, label, role)"
" SELECT m.new, s.seq, s.label, s.role"
"  FROM " SHARD ".message_labels s JOIN temp.merge_msg m ON m.old = s.message_id"
"  ORDER BY m.new, s.seq;";

static const char record_sql[] =
"INSERT INTO main.shards(path, sha256, schema_version, merged_at, run_id, shard_runs,"
" evidence_added, evidence_already)"
" VALUES (?1, ?2, ?3, ?4, ?5,"
"  (SELECT group_concat(new, ',') FROM (SELECT new FROM temp.merge_run ORDER BY new)),"
"  (SELECT count(*) FROM temp.merge_ev WHERE added),"
"  (SELECT count(*) FROM temp.merge_ev WHERE NOT added))";

static enum mc_merge_result refuse(char *err, size_t errlen, const char *path,
                                   const char *why)
{
	snprintf(err, errlen, "%s: shard refused: %s; nothing of it was merged", path, why);
	return MC_MERGE_REFUSED;
}

/* SHA-256 of the file at path, hex, into out[65] (libcrypto, digest.h:
 * a shard of 20,000 messages is 70 MB or so): 0, or -1 with errno. */
static int file_sha256(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct mc_digest *sum = mc_digest_new(MC_DIGEST_SHA256);
	unsigned char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		mc_digest_update(sum, buf, n);
	int failed = ferror(f);
	fclose(f);
	if (!failed)
		mc_digest_hex(sum, out, 65);
	mc_digest_free(sum);
	if (failed)
		errno = EIO;
	return failed ? -1 : 0;
}

/* The first column of the first row of sql as text into out, or "" when
 * no row; -1 with sqlite's message in why on error. */
static int first_text(sqlite3 *db, const char *sql, char *out, size_t outlen,
                      char *why, size_t whylen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	const unsigned char *t = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	snprintf(out, outlen, "%s", t ? (const char *)t : "");
	sqlite3_finalize(st);
	return 0;
}

/* "file:" URI of path, opened read-only: every byte but [A-Za-z0-9/._-]
 * percent-encoded, so no name is taken for a URI parameter. */
static char *readonly_uri(const char *path)
{
	GString *uri = g_string_new("file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (g_ascii_isalnum(*p) || strchr("/._-", *p))
			g_string_append_c(uri, (char)*p);
		else
			g_string_append_printf(uri, "%%%02X", *p);
	}
	g_string_append(uri, "?mode=ro");
	return g_string_free(uri, FALSE);
}

/* Why the shard cannot be read, after SQLite's error on db: a process
 * killed in a write transaction leaves a hot journal, which only a writer
 * may roll back (the shard's next ingest: merge never writes a shard);
 * else what SQLite said, after `doing` (when not NULL). */
static void hot_journal_or(sqlite3 *db, const char *doing, char *why, size_t whylen)
{
	if (sqlite3_extended_errcode(db) == SQLITE_READONLY_ROLLBACK)
		snprintf(why, whylen, "unfinished: killed while writing (its -journal is left over, "
		         "to be rolled back): run its ingest again to completion");
	else
		snprintf(why, whylen, "%s%s%s", doing ? doing : "", doing ? ": " : "", sqlite3_errmsg(db));
}

static int attach(sqlite3 *db, const char *path, char *why, size_t whylen)
{
	char *uri = readonly_uri(path);
	sqlite3_stmt *st = mc_case_prepare(db, "ATTACH DATABASE ? AS " SHARD);
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		hot_journal_or(db, "cannot open it", why, whylen);
	sqlite3_finalize(st);
	g_free(uri);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether the attached shard can be merged: a mailcase case of a version
 * whose ingestion columns we know (all of them date from version 1), intact
 * (PRAGMA quick_check, unless intact_known: the file is byte for byte one
 * that passed it), its last run finished (with force, that run is named
 * in unfinished instead, "" when it finished). 0, or -1 with why. */
static int check_shard(sqlite3 *db, int intact_known, int *version, int force,
                       char unfinished[256], char *why, size_t whylen)
{
	char v[64], app[64], ok[512], running[256];
	unfinished[0] = 0;
	if (first_text(db, "PRAGMA " SHARD ".application_id", app, sizeof app, why, whylen) != 0 ||
	    first_text(db, "PRAGMA " SHARD ".user_version", v, sizeof v, why, whylen) != 0) {
		hot_journal_or(db, NULL, why, whylen);
		return -1;
	}
	if (atoi(app) != MC_CASE_APPLICATION_ID) {
		snprintf(why, whylen, "not a mailcase case file (application_id %s)", app);
		return -1;
	}
	*version = atoi(v);
	if (*version < 1 || *version > MC_CASE_SCHEMA_VERSION) {
		snprintf(why, whylen, "schema version %d; this mailcase knows 1 to %d", *version,
		         MC_CASE_SCHEMA_VERSION);
		return -1;
	}
	if (!intact_known) {
		if (first_text(db, "PRAGMA " SHARD ".quick_check(1)", ok, sizeof ok, why, whylen) != 0)
			return -1;
		if (strcmp(ok, "ok") != 0) {
			snprintf(why, whylen, "damaged (%s)", ok);
			return -1;
		}
	}
	/* The last run that wrote evidence must have finished. An earlier one
	 * killed and left 'running' is what a scheduler's re-run completes:
	 * each evidence is written whole or not at all, and the re-run reads
	 * what the killed run did not finish. */
	if (first_text(db, "SELECT id || ' (' || command || ')' FROM " SHARD ".runs"
	               " WHERE id = (SELECT max(id) FROM " SHARD ".runs"
	               "             WHERE command IN ('ingest', 'merge'))"
	               " AND (finished_at IS NULL OR status = 'running')",
	               running, sizeof running, why, whylen) != 0)
		return -1;
	if (*running && force) {
		memcpy(unfinished, running, sizeof running);
	} else if (*running) {
		snprintf(why, whylen, "unfinished: its last run %s did not finish (still running, "
		         "or killed: run it again to completion)", running);
		return -1;
	}
	return 0;
}

/* Whether the shard is a regular, non-empty file other than the case's:
 * 0, or MC_MERGE_REFUSED with err. */
static int check_file(const char *shard_path, const char *case_path, char *err, size_t errlen)
{
	struct stat st, self;
	if (stat(shard_path, &st) != 0)
		return refuse(err, errlen, shard_path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return refuse(err, errlen, shard_path,
		              S_ISREG(st.st_mode) ? "an empty file, not a case file" : "not a regular file");
	if (case_path && stat(case_path, &self) == 0 && self.st_dev == st.st_dev &&
	    self.st_ino == st.st_ino)
		return refuse(err, errlen, shard_path, "it is the case itself");
	return 0;
}

enum mc_merge_result mc_case_merge_check(const char *shard_path, const char *case_path,
                                         int force, char checked_sha[65],
                                         char *err, size_t errlen)
{
	checked_sha[0] = 0;
	if (check_file(shard_path, case_path, err, errlen) != 0)
		return MC_MERGE_REFUSED;
	sqlite3 *db = NULL;
	char why[768] = "", sha[65];
	int version = 0, rc = -1;
	char unfinished[256];
	/* Hashed before it is attached, as mc_case_merge_shard does. */
	if (file_sha256(shard_path, sha) != 0)
		snprintf(why, sizeof why, "cannot read it: %s", strerror(errno));
	else if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		snprintf(why, sizeof why, "cannot check it: out of memory");
	else if (attach(db, shard_path, why, sizeof why) == 0) {
		rc = check_shard(db, 0, &version, force, unfinished, why, sizeof why);
		sqlite3_exec(db, "DETACH DATABASE " SHARD, NULL, NULL, NULL);
	}
	sqlite3_close(db);
	if (rc == 0)
		memcpy(checked_sha, sha, sizeof sha);
	return rc == 0 ? MC_MERGE_DONE : refuse(err, errlen, shard_path, why);
}

static void note_already(sqlite3 *db, const char *shard_path)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT s.path, m.id, m.status FROM temp.merge_ev e"
		" JOIN " SHARD ".evidence s ON s.id = e.old JOIN main.evidence m ON m.id = e.new"
		" WHERE NOT e.added ORDER BY s.path, s.sha256");
	while (st && sqlite3_step(st) == SQLITE_ROW)
		mc_note("%s: evidence %s is already in the case as evidence %lld (%s), with the "
		        "same SHA-256; not copied", shard_path, (const char *)sqlite3_column_text(st, 0),
		        (long long)sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

static int count_copied(sqlite3 *db, struct mc_merge_counts *c, char *why, size_t whylen)
{
	char a[32], b[32], m[32];
	if (first_text(db, "SELECT count(*) FROM temp.merge_ev WHERE added", a, sizeof a, why, whylen) ||
	    first_text(db, "SELECT count(*) FROM temp.merge_ev WHERE NOT added", b, sizeof b, why, whylen) ||
	    first_text(db, "SELECT count(*) FROM temp.merge_msg", m, sizeof m, why, whylen))
		return -1;
	c->evidence_added = atoi(a);
	c->evidence_already = atoi(b);
	c->messages = g_ascii_strtoll(m, NULL, 10);
	return 0;
}

static int record(sqlite3 *db, const char *path, const char *sha, int version,
                  long long run_id, char *why, size_t whylen)
{
	char now[21];
	mc_now_utc(now);
	sqlite3_stmt *st = mc_case_prepare(db, record_sql);
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, version);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		if (run_id > 0)
			sqlite3_bind_int64(st, 5, run_id);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether a shard with this SHA-256 was merged before: 1, 0, -1. */
static int merged_before(sqlite3 *db, const char *sha, char *why, size_t whylen)
{
	sqlite3_stmt *st = mc_case_prepare(db, "SELECT count(*) FROM main.shards WHERE sha256 = ?");
	if (!st) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (n < 0)
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return n < 0 ? -1 : n > 0;
}

enum mc_merge_result mc_case_merge_shard(sqlite3 *db, const char *shard_path,
                                         long long run_id, int force,
                                         const char *checked_sha,
                                         struct mc_merge_counts *counts,
                                         char *err, size_t errlen)
{
	memset(counts, 0, sizeof *counts);
	if (check_file(shard_path, sqlite3_db_filename(db, "main"), err, errlen) != 0)
		return MC_MERGE_REFUSED;
	/* Hashed before it is attached: reading it through another descriptor
	 * while SQLite holds its locks would drop them (POSIX locks belong to
	 * the process, and close releases them all). */
	char sha[65], unfinished[256] = "";
	char why[768] = "";
	if (file_sha256(shard_path, sha) != 0) {
		snprintf(why, sizeof why, "cannot read it: %s", strerror(errno));
		return refuse(err, errlen, shard_path, why);
	}

	int version = 0, rc = 0, copying = 0, busy = 0;
	if (attach(db, shard_path, why, sizeof why) != 0)
		return refuse(err, errlen, shard_path, why);
	enum mc_merge_result result = MC_MERGE_REFUSED;
	if (mc_case_exec(db, "BEGIN IMMEDIATE", why, sizeof why) != 0) {
		busy = mc_case_is_busy(db);
		goto detach;
	}
	/* The file mc_case_merge_check passed, unchanged since (the same
	 * SHA-256), is not checked for damage a second time. */
	int intact_known = checked_sha && strcmp(checked_sha, sha) == 0;
	if (check_shard(db, intact_known, &version, force, unfinished, why, sizeof why) != 0)
		goto rollback;
	if ((rc = merged_before(db, sha, why, sizeof why)) != 0) {
		if (rc == 1)
			result = MC_MERGE_ALREADY;
		goto rollback;
	}
	/* From here on the case is written: a lock another process holds on
	 * it past the wait (readers, when the transaction needs the file to
	 * itself) is the case's being busy, not the shard's fault. */
	copying = 1;
	if (mc_case_fts_tune(db, why, sizeof why) != 0 ||
	    mc_case_exec(db, map_sql, why, sizeof why) != 0 ||
	    mc_case_exec(db, copy_sql, why, sizeof why) != 0 ||
	    (version >= 7 && mc_case_exec(db, copy_labels_sql, why, sizeof why) != 0) ||
	    record(db, shard_path, sha, version, run_id, why, sizeof why) != 0 ||
	    count_copied(db, counts, why, sizeof why) != 0)
		goto rollback;
	note_already(db, shard_path);
	if (mc_case_exec(db, "DROP TABLE temp.merge_ev; DROP TABLE temp.merge_run;"
	                 "DROP TABLE temp.merge_folder; DROP TABLE temp.merge_msg; COMMIT",
	                 why, sizeof why) != 0)
		goto rollback;
	result = MC_MERGE_DONE;
	memcpy(counts->unfinished, unfinished, sizeof unfinished);
	goto detach;
rollback:
	busy = copying && mc_case_is_busy(db);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
detach:
	sqlite3_exec(db, "DETACH DATABASE " SHARD, NULL, NULL, NULL);
	if (result == MC_MERGE_REFUSED && busy) {
		mc_case_busy_why(1, why, sizeof why);
		snprintf(err, errlen, "%s: %s; nothing of %s was merged", mc_case_path(db), why,
		         shard_path);
		result = MC_MERGE_BUSY;
	} else if (result == MC_MERGE_REFUSED) {
		refuse(err, errlen, shard_path, why);
	}
	if (result != MC_MERGE_DONE)
		memset(counts, 0, sizeof *counts);
	return result;
}
