/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * export-mail.c: a selection of the case's messages written as mboxrd or
 * as one EML file each (export-mail.h): which messages (identity, dates,
 * full-text query, finding, numbers), the bytes of each (re-read and
 * checked, or reconstructed for PST/OST items), the X-Mailcase headers
 * that say where they come from, the mboxrd framing, and the files of an
 * EML directory (named by message number, never replaced without force,
 * each through the output guard of case-output.h).
 */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "case-db.h"
#include "case-output.h"
#include "evidence-hash.h"
#include "export-mail.h"
#include "log.h"
#include "raw-message.h"
#include "record.h"
#include "show-message.h"
#include "timeline.h"

/* ---- the selection ---- */

static int exists(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* 0 when every number of sel names a message and its finding exists. */
static int check_names(sqlite3 *db, const struct mc_mail_selection *sel, char *err,
                       size_t errlen)
{
	int e;
	if (sel->finding && (e = exists(db, "SELECT 1 FROM findings WHERE id = ?",
	                                sel->finding)) != 1) {
		if (e < 0)
			snprintf(err, errlen, "cannot read the findings: %s", sqlite3_errmsg(db));
		else
			snprintf(err, errlen, "no finding number %lld", (long long)sel->finding);
		return e < 0 ? -1 : 1;
	}
	for (guint i = 0; sel->ids && i < sel->ids->len; i++) {
		int64_t id = g_array_index(sel->ids, int64_t, i);
		if ((e = exists(db, "SELECT 1 FROM messages WHERE id = ?", id)) != 1) {
			if (e < 0)
				snprintf(err, errlen, "cannot read the messages: %s", sqlite3_errmsg(db));
			else
				snprintf(err, errlen, "no message number %lld", (long long)id);
			return e < 0 ? -1 : 1;
		}
	}
	return 0;
}

int mc_mail_select(sqlite3 *db, const struct mc_mail_selection *sel, GArray *ids,
                   char *err, size_t errlen)
{
	int rc = check_names(db, sel, err, errlen);
	if (rc != 0)
		return rc;
	/* Only the criteria given, so that no subquery runs for nothing. */
	GString *sql = g_string_new("SELECT m.id FROM messages m WHERE 1");
	if (sel->identity)
		g_string_append(sql, " AND m.id IN (SELECT id FROM messages"
		                " WHERE lower(from_addr) = lower(?1) UNION SELECT message_id"
		                " FROM recipients WHERE lower(addr) = lower(?1))");
	if (sel->from)
		g_string_append(sql, " AND m.date_utc >= ?2");
	if (sel->to)
		g_string_append(sql, " AND m.date_utc < ?3");
	if (sel->query)
		g_string_append(sql, " AND m.id IN (SELECT rowid FROM messages_fts"
		                " WHERE messages_fts MATCH ?4)");
	if (sel->finding)
		g_string_append(sql, " AND m.id IN (SELECT message_id FROM finding_messages"
		                " WHERE finding_id = ?5)");
	GString *list = NULL;
	if (sel->ids) {
		list = g_string_new("[");
		for (guint i = 0; i < sel->ids->len; i++)
			g_string_append_printf(list, "%s%lld", i ? "," : "",
			                       (long long)g_array_index(sel->ids, int64_t, i));
		g_string_append_c(list, ']');
		g_string_append(sql, " AND m.id IN (SELECT value FROM json_each(?6))");
	}
	g_string_append(sql, " ORDER BY m.id");
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql->str, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot select the messages: %s", sqlite3_errmsg(db));
		rc = -1;
	} else {
		sqlite3_bind_text(st, 1, sel->identity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sel->from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, sel->to, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, sel->query, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, sel->finding);
		sqlite3_bind_text(st, 6, list ? list->str : NULL, -1, SQLITE_STATIC);
		int s;
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			g_array_append_val(ids, id);
		}
		if (s != SQLITE_DONE) {
			/* An FTS5 syntax error is SQLITE_ERROR; a damaged file is not. */
			rc = sel->query && (sqlite3_errcode(db) & 0xff) == SQLITE_ERROR ? 1 : -1;
			snprintf(err, errlen, rc == 1 ? "invalid full-text query '%s': %s"
			         : "cannot select the messages%s: %s", rc == 1 ? sel->query : "",
			         sqlite3_errmsg(db));
		}
	}
	sqlite3_finalize(st);
	g_string_free(sql, TRUE);
	if (list)
		g_string_free(list, TRUE);
	return rc;
}

/* ---- one message ---- */

struct item {
	GByteArray *bytes;      /* the X-Mailcase headers, then the message */
	char *from_addr;        /* for the mbox From_ line, or NULL */
	char *date_utc;
	int mbox_escaped;       /* the bytes of an mbox file, ">From " escapes and all */
};

static const char ITEM_SQL[] =
	"SELECT m.locator, m.sha256, m.from_addr, m.date_utc, e.id, e.path, e.variant, e.sha256,"
	" (SELECT count(*) FROM attachments a WHERE a.message_id = m.id)"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE m.id = ?";

/* A header parameter value: bytes outside printable ASCII, and % ; " \,
 * as %XX, so that any path or locator stays on its line, unambiguous. */
static void percent_encoded(GString *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p > 0x20 && *p < 0x7f && !strchr("%;\"\\", *p))
			g_string_append_c(out, (char)*p);
		else
			g_string_append_printf(out, "%%%02X", *p);
	}
}

/* The line end of a message: its first one (LF, CRLF or CR). */
static const char *line_end(const guint8 *b, size_t n)
{
	const guint8 *lf = memchr(b, '\n', n);
	if (lf)
		return lf > b && lf[-1] == '\r' ? "\r\n" : "\n";
	return memchr(b, '\r', n) ? "\r" : "\n";
}

static void source_headers(GString *h, const char *eol, const char *path, const char *ev_sha,
                           const char *locator, int reconstructed, long long attachments)
{
	g_string_append(h, "X-Mailcase-Source: evidence=");
	percent_encoded(h, path);
	g_string_append_printf(h, ";%s evidence-sha256=%s;%s locator=", eol,
	                       ev_sha ? ev_sha : "none", eol);
	percent_encoded(h, locator);
	g_string_append(h, eol);
	if (reconstructed)
		g_string_append_printf(h, "X-Mailcase-Attachments-Omitted: %lld (a reconstruction"
		                       " from the case rows holds no attachment bytes)%s",
		                       attachments, eol);
}

/* The evidence check of a PST/OST item, once per evidence: the whole file
 * hashed again against evidence.sha256 (as `show --verify`). NULL when it
 * matches, else why not (owned by the cache). */
static const char *evidence_problem(GHashTable *cache, int64_t ev_id, const char *path,
                                    const char *recorded)
{
	char *why = g_hash_table_lookup(cache, &ev_id);
	if (!why) {
		struct mc_hashes h;
		char err[1024] = "";
		int is_dir = 0;
		if (mc_hash_path(path, &h, &is_dir, err, sizeof err) != 0)
			why = g_strdup_printf("its evidence %s cannot be read: %s", path, err);
		else if (!recorded || strcmp(recorded, h.sha256) != 0)
			why = g_strdup_printf("its evidence %s changed since ingestion (SHA-256 %s,"
			                      " recorded %s)", path, h.sha256, recorded ? recorded : "none");
		else
			why = g_strdup("");
		g_hash_table_insert(cache, g_memdup2(&ev_id, sizeof ev_id), why);
	}
	return *why ? why : NULL;
}

/* 0 with it filled; 1 when the evidence does not give the message (err);
 * -1 when the case cannot be read. */
static int read_item(sqlite3 *db, const char *case_path, int64_t id, GHashTable *cache,
                     struct item *it, char *err, size_t errlen)
{
	sqlite3_stmt *st = mc_case_prepare(db, ITEM_SQL);
	if (!st || (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) != SQLITE_ROW) {
		snprintf(err, errlen, "cannot read message %lld: %s", (long long)id,
		         sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	const char *locator = (const char *)sqlite3_column_text(st, 0);
	const char *sha = (const char *)sqlite3_column_text(st, 1);
	const char *recorded_path = (const char *)sqlite3_column_text(st, 5);
	const char *ev_sha = (const char *)sqlite3_column_text(st, 7);
	char *path = mc_show_evidence_path(recorded_path, case_path);
	GByteArray *raw = NULL;
	char why[1024] = "";
	int rc = 0, reconstructed = 0;
	enum mc_raw_status raw_rc = mc_raw_is_store_item(locator) ? MC_RAW_NOT_BYTES
	                           : mc_raw_read(path, (const char *)sqlite3_column_text(st, 6),
	                                         locator, &raw, why, sizeof why);
	switch (raw_rc) {
	case MC_RAW_OK: {
		char got[65];
		mc_sha256_hex(raw->len ? raw->data : (const guint8 *)"", raw->len, got);
		if (sha && strcmp(sha, got) != 0) {
			snprintf(err, errlen, "its bytes at %s in %s changed since ingestion (SHA-256"
			         " %s, recorded %s)", locator, path, got, sha);
			rc = 1;
		}
		break;
	}
	case MC_RAW_NOT_BYTES: {
		const char *problem = evidence_problem(cache, sqlite3_column_int64(st, 4), path,
		                                       ev_sha);
		if (problem) {
			snprintf(err, errlen, "%s", problem);
			rc = 1;
			break;
		}
		GString *eml = mc_show_reconstruct(db, id);
		raw = g_byte_array_new_take((guint8 *)eml->str, eml->len);
		g_string_free(eml, FALSE);
		reconstructed = 1;
		break;
	}
	default:
		snprintf(err, errlen, "cannot read its bytes: %s", why);
		rc = 1;
	}
	if (rc == 0) {
		GString *h = g_string_new(NULL);
		source_headers(h, line_end(raw->data, raw->len), recorded_path, ev_sha, locator,
		               reconstructed, (long long)sqlite3_column_int64(st, 8));
		it->bytes = g_byte_array_new_take((guint8 *)h->str, h->len);
		g_string_free(h, FALSE);
		g_byte_array_append(it->bytes, raw->data, raw->len);
		it->from_addr = g_strdup((const char *)sqlite3_column_text(st, 2));
		it->date_utc = g_strdup((const char *)sqlite3_column_text(st, 3));
		const char *variant = (const char *)sqlite3_column_text(st, 6);
		it->mbox_escaped = strncmp(locator, "mbox:", 5) == 0 && !strstr(locator, "#part=") &&
		                   !(variant && strcmp(variant, "mboxcl2") == 0);
	}
	if (raw)
		g_byte_array_unref(raw);
	g_free(path);
	sqlite3_finalize(st);
	return rc;
}

static void clear_item(struct item *it)
{
	if (it->bytes)
		g_byte_array_unref(it->bytes);
	g_free(it->from_addr);
	g_free(it->date_utc);
	*it = (struct item){ 0 };
}

/* ---- mboxrd ---- */

/* The framing is LF whatever the message's line ends (CRLF lines read as
 * lines there too; lines ended by CR alone do not: docs/commands.md).
 * "From SENDER DATE": the sender address when it is one token of printable
 * ASCII, else MAILER-DAEMON; the message's date (UTC) in asctime form, or
 * the epoch when it has none. */
static void from_line(GString *out, const struct item *it)
{
	const char *sender = it->from_addr;
	for (const char *p = sender; p && *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			sender = NULL;
	static const char days[] = "MonTueWedThuFriSatSun";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int ok = 0;
	int64_t t = it->date_utc ? mc_tl_unix(it->date_utc, &ok) : 0;
	GDateTime *dt = g_date_time_new_from_unix_utc(ok ? t : 0);
	if (!dt)
		dt = g_date_time_new_from_unix_utc(0);
	/* asctime's form, in English whatever the locale (as g_date_time_format
	 * would not be): "Thu Jan  1 00:00:00 1970". */
	int wd = g_date_time_get_day_of_week(dt) - 1, mo = g_date_time_get_month(dt) - 1;
	g_string_append_printf(out, "From %s %.3s %.3s %2d %02d:%02d:%02d %d%s",
	                       sender && *sender ? sender : "MAILER-DAEMON", days + 3 * wd,
	                       months + 3 * mo, g_date_time_get_day_of_month(dt),
	                       g_date_time_get_hour(dt), g_date_time_get_minute(dt),
	                       g_date_time_get_second(dt), g_date_time_get_year(dt), "\n");
	g_date_time_unref(dt);
}

/* 1 if a line starting at b[i] is ">*From " (mboxrd), or only "From "
 * when the bytes come from an mbox file: there ">From " already stands
 * for "From " (its reader, ours included, removes one '>'), so that
 * reading the export gives the message as reading the evidence did. */
static int needs_quote(const guint8 *b, size_t i, size_t n, int escaped)
{
	while (!escaped && i < n && b[i] == '>')
		i++;
	return n - i >= 5 && memcmp(b + i, "From ", 5) == 0;
}

static int write_mbox(FILE *f, const struct item *it)
{
	const guint8 *b = it->bytes->data;
	size_t n = it->bytes->len;
	GString *out = g_string_sized_new(n + 128);
	from_line(out, it);
	for (size_t i = 0; i < n; i++) {
		if ((i == 0 || b[i - 1] == '\n' || b[i - 1] == '\r') && needs_quote(b, i, n, it->mbox_escaped))
			g_string_append_c(out, '>');
		g_string_append_c(out, (char)b[i]);
	}
	if (n && b[n - 1] != '\n')
		g_string_append_c(out, '\n');
	g_string_append_c(out, '\n');
	int rc = fwrite(out->str, 1, out->len, f) == out->len ? 0 : -1;
	g_string_free(out, TRUE);
	return rc;
}

/* ---- EML files ---- */

static char *eml_name(const char *dir, int64_t id)
{
	return g_strdup_printf("%s/%lld.eml", dir, (long long)id);
}

/* Refuses (before anything is written) a DIR that is or is inside
 * directory evidence, or whose files exist; makes it. */
static enum mc_mail_status prepare_dir(sqlite3 *db, const char *case_path,
                                       const struct mc_mail_export *x, const GArray *ids)
{
	struct stat sb;
	char err[2048] = "";
	enum mc_output_status guard = mc_output_check_dir(db, case_path, x->dir, err, sizeof err);
	if (guard != MC_OUTPUT_OK) {
		mc_error("export: %s", err);
		return guard == MC_OUTPUT_REFUSED ? MC_MAIL_REFUSED : MC_MAIL_WRITE;
	}
	if (g_mkdir_with_parents(x->dir, 0777) != 0 || stat(x->dir, &sb) != 0 ||
	    !S_ISDIR(sb.st_mode)) {
		mc_error("export: %s: cannot make it a directory: %s", x->dir,
		         g_strerror(errno ? errno : ENOTDIR));
		return MC_MAIL_WRITE;
	}
	for (guint i = 0; !x->force && i < ids->len; i++) {
		char *name = eml_name(x->dir, g_array_index(ids, int64_t, i));
		int taken = lstat(name, &sb) == 0;
		if (taken)
			mc_error("export: %s exists: nothing written (--force replaces the files of"
			         " the messages exported)", name);
		g_free(name);
		if (taken)
			return MC_MAIL_REFUSED;
	}
	return MC_MAIL_OK;
}

static enum mc_mail_status write_eml(sqlite3 *db, const char *case_path,
                                     const struct mc_mail_export *x, int64_t id,
                                     const struct item *it)
{
	char *name = eml_name(x->dir, id);
	char err[2048] = "";
	struct mc_output o;
	enum mc_mail_status s = MC_MAIL_OK;
	switch (mc_output_open(&o, db, case_path, name, err, sizeof err)) {
	case MC_OUTPUT_OK:
		if (fwrite(it->bytes->data, 1, it->bytes->len, o.f) != it->bytes->len) {
			snprintf(err, sizeof err, "write error: %s", g_strerror(errno));
			mc_output_abort(&o);
			s = MC_MAIL_WRITE;
		} else if ((x->force ? mc_output_commit(&o, err, sizeof err)
		                     : mc_output_commit_new(&o, err, sizeof err)) != 0) {
			s = MC_MAIL_WRITE;
		}
		if (s != MC_MAIL_OK)
			mc_error("export: %s: %s", name, err);
		break;
	case MC_OUTPUT_REFUSED:
		mc_error("export: %s", err);
		s = MC_MAIL_REFUSED;
		break;
	default:
		mc_error("export: %s", err);
		s = MC_MAIL_WRITE;
	}
	g_free(name);
	return s;
}

enum mc_mail_status mc_mail_export(sqlite3 *db, const char *case_path, const GArray *ids,
                                   struct mc_mail_export *x)
{
	enum mc_mail_status status = x->mbox ? MC_MAIL_OK
	                                      : prepare_dir(db, case_path, x, ids);
	if (status != MC_MAIL_OK)
		return status;
	GHashTable *cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	for (guint i = 0; i < ids->len; i++) {
		int64_t id = g_array_index(ids, int64_t, i);
		struct item it = { 0 };
		char err[2048] = "";
		int rc = read_item(db, case_path, id, cache, &it, err, sizeof err);
		enum mc_mail_status s = MC_MAIL_OK;
		if (rc > 0) {          /* this message only: the others are written */
			mc_error("%s: message %lld not exported: %s", case_path, (long long)id, err);
			x->skipped++;
			status = MC_MAIL_SKIPPED;
			if (x->tick)
				x->tick(x->ctx);
			continue;
		}
		if (rc < 0) {
			mc_error("%s: %s", case_path, err);
			s = MC_MAIL_CASE;
		} else if (x->mbox && write_mbox(x->mbox, &it) != 0) {
			mc_error("export: write error: %s", g_strerror(errno));
			s = MC_MAIL_WRITE;
		} else if (!x->mbox) {
			s = write_eml(db, case_path, x, id, &it);
		}
		clear_item(&it);
		if (s != MC_MAIL_OK) {
			status = s;
			break;
		}
		x->written++;
		if (x->tick)
			x->tick(x->ctx);
	}
	g_hash_table_destroy(cache);
	return status;
}
