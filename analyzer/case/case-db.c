/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-db.c: opening and creating case files, schema checks, the runs table.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "case-busy.h"
#include "case-damage.h"
#include "case-db.h"
#include "log.h"

int mc_case_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* What went wrong on db, for a message: who holds the case when it was
 * busy (case-busy.c), else SQLite's message. */
static void busy_or_sqlite(sqlite3 *db, int writing, char *why, size_t whylen)
{
	if (mc_case_is_busy(db))
		mc_case_busy_why(writing, why, whylen);
	else
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
}

sqlite3_stmt *mc_case_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		char why[512];
		busy_or_sqlite(db, !sqlite3_db_readonly(db, "main"), why, sizeof why);
		mc_error("%s: cannot prepare a statement: %s", mc_case_path(db), why);
		return NULL;
	}
	return st;
}

static int pragma_int(sqlite3 *db, const char *pragma, int *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, pragma, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int count_tables(sqlite3 *db, int *out, char *err, size_t errlen)
{
	return pragma_int(db, "SELECT count(*) FROM sqlite_master", out, err, errlen);
}

/* The migration from version v to v + 1. */
static const char *const migrations[] = {
	[1] = mc_case_migrate_1_to_2_sql,
	[2] = mc_case_migrate_2_to_3_sql,
	[3] = mc_case_migrate_3_to_4_sql,
	[4] = mc_case_migrate_4_to_5_sql,
	[5] = mc_case_migrate_5_to_6_sql,
	[6] = mc_case_migrate_6_to_7_sql,
};

/* Applies the migrations from version `from` up to the current one, inside
 * the caller's transaction. */
static int migrate(sqlite3 *db, int from, char *err, size_t errlen)
{
	char now[21];
	mc_now_utc(now);
	for (int v = from; v < MC_CASE_SCHEMA_VERSION; v++) {
		if (mc_case_exec(db, migrations[v], err, errlen) != 0)
			return -1;
		char *sql = g_strdup_printf(
			"INSERT OR REPLACE INTO case_info(key, value) VALUES"
			" ('schema_version', '%d'), ('migrated_to_%d', '%s by mailcase %s');"
			"PRAGMA user_version = %d;", v + 1, v + 1, now, PACKAGE_VERSION, v + 1);
		int rc = mc_case_exec(db, sql, err, errlen);
		g_free(sql);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Creates the schema in an empty database: 0, -1 with err, or 1 when
 * another connection created it between our look and our write
 * transaction (the tables are counted again inside it), so that two
 * writers creating one case at once never both run the DDL. */
static int create_schema(sqlite3 *db, char *err, size_t errlen)
{
	int tables = 0;
	if (mc_case_exec(db, "BEGIN IMMEDIATE", err, errlen) != 0)
		return -1;
	if (count_tables(db, &tables, err, errlen) != 0 || tables != 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return tables != 0 ? 1 : -1;
	}
	char created[21];
	mc_now_utc(created);
	char *sql = g_strdup_printf(
		"%s"
		"INSERT INTO case_info(key, value) VALUES ('created_at', '%s'),"
		" ('created_by', 'mailcase %s'), ('schema_version', '1');\n"
		"PRAGMA application_id = %d;\n"
		"PRAGMA user_version = 1;\n",
		mc_case_schema_sql, created, PACKAGE_VERSION, MC_CASE_APPLICATION_ID);
	int rc = mc_case_exec(db, sql, err, errlen);
	g_free(sql);
	if (rc == 0)
		rc = migrate(db, 1, err, errlen);
	if (rc == 0)
		rc = mc_case_exec(db, "COMMIT", err, errlen);
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Upgrades from the version read again inside the write transaction:
 * another connection may have upgraded the case since we looked. */
static int upgrade(sqlite3 *db, char *err, size_t errlen)
{
	int from = 0;
	int rc = mc_case_exec(db, "BEGIN IMMEDIATE", err, errlen);
	if (rc == 0)
		rc = pragma_int(db, "PRAGMA user_version", &from, err, errlen);
	if (rc == 0 && (from < 1 || from > MC_CASE_SCHEMA_VERSION)) {
		snprintf(err, errlen, "its schema version became %d meanwhile", from);
		rc = -1;
	}
	if (rc == 0)
		rc = migrate(db, from, err, errlen);
	if (rc == 0)
		rc = mc_case_exec(db, "COMMIT", err, errlen);
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Checks that db is a mailcase case of a schema version we can use:
 * writing upgrades an older one, reading takes it as it is from
 * MC_CASE_READABLE_VERSION on. Creates the schema in an empty database
 * when writing. */
static int check_or_create(sqlite3 *db, const char *path, enum mc_case_mode mode,
                           int may_create, char *err, size_t errlen)
{
	int version, app_id, tables;
	char why[512] = "";
	if (pragma_int(db, "PRAGMA user_version", &version, why, sizeof why) != 0 ||
	    pragma_int(db, "PRAGMA application_id", &app_id, why, sizeof why) != 0 ||
	    count_tables(db, &tables, why, sizeof why) != 0) {
		if (mc_case_is_busy(db)) {
			mc_case_busy_why(mode != MC_CASE_READ, why, sizeof why);
			snprintf(err, errlen, "%s: %s", path, why);
		} else {
			snprintf(err, errlen, "%s: not a usable case file (%s)", path, why);
		}
		return -1;
	}
	if (version == 0 && app_id == 0 && tables == 0) {
		if (mode != MC_CASE_WRITE) {
			snprintf(err, errlen, "%s: empty database, not a case file", path);
			return -1;
		}
		int created = may_create ? create_schema(db, why, sizeof why) : -1;
		if (created == 1)   /* made by another writer meanwhile: check that */
			return check_or_create(db, path, mode, 0, err, errlen);
		if (created != 0) {
			snprintf(err, errlen, "%s: cannot create the case schema: %s", path,
			         may_create ? why : "created and emptied again meanwhile");
			return -1;
		}
		return 0;
	}
	if (app_id != MC_CASE_APPLICATION_ID) {
		snprintf(err, errlen, "%s: an SQLite database, but not a mailcase case file "
		         "(application_id %d); refusing to touch it", path, app_id);
		return -1;
	}
	if (version > MC_CASE_SCHEMA_VERSION || version < 1) {
		snprintf(err, errlen, "%s: case file has schema version %d; this mailcase "
		         "(%s) knows versions 1 to %d only; use a newer mailcase", path,
		         version, PACKAGE_VERSION, MC_CASE_SCHEMA_VERSION);
		return -1;
	}
	if (mode == MC_CASE_READ) {
		if (version >= MC_CASE_READABLE_VERSION)
			return 0;   /* read as it is; a writing command upgrades it */
		snprintf(err, errlen, "%s: case file has schema version %d, older than this "
		         "mailcase's %d; run 'mailcase analyze %s' to upgrade it (the upgrade "
		         "keeps every row and only adds to the schema)", path, version,
		         MC_CASE_SCHEMA_VERSION, path);
		return -1;
	}
	if (version < MC_CASE_SCHEMA_VERSION && upgrade(db, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: cannot upgrade the case from schema version %d: %s",
		         path, version, why);
		return -1;
	}
	return 0;
}

/* Before SQLite's first use: no allocation statistics, which would take a
 * global mutex on each of the many allocations of a big ingest. Fails
 * harmlessly (SQLITE_MISUSE) once SQLite is initialised. */
static void configure_sqlite(void)
{
	static int done;
	if (!done) {
		mc_case_watch_damage();
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	done = 1;
}

int mc_case_path_check(const char *path, enum mc_case_mode mode, int empty_too,
                       char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (mode == MC_CASE_WRITE && errno == ENOENT)
			return 0;   /* a new case */
		snprintf(err, errlen, "%s: %s%s", path, strerror(errno),
		         errno == ENOENT ? " ('mailcase ingest' creates a case)" : "");
		return -1;
	}
	if (empty_too && S_ISREG(st.st_mode) && st.st_size == 0) {
		snprintf(err, errlen, "%s: an empty file, not a case file; refusing to turn it "
		         "into one (remove it, or name a file that does not exist yet)", path);
		return -1;
	}
	return 0;
}

sqlite3 *mc_case_open(const char *path, enum mc_case_mode mode, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	configure_sqlite();
	int flags = mode == MC_CASE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
	          : mode == MC_CASE_UPDATE ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (mc_case_path_check(path, mode, 1, err, errlen) != 0)
		return NULL;
	/* URIs enabled for what the case ATTACHes (merge's shards, read-only:
	 * case-merge.c); never for the case's own name, which is a path even
	 * when it begins with "file:". */
	if (strncmp(path, "file:", 5) != 0)
		flags |= SQLITE_OPEN_URI;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open case file: %s", path,
		         db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	mc_case_busy_apply(db);
	sqlite3_extended_result_codes(db, 1);
	if (check_or_create(db, path, mode, 1, err, errlen) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	char why[256];
	if (mc_case_exec(db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
	                 "PRAGMA temp_store = MEMORY;", why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

const char *mc_case_path(sqlite3 *db)
{
	const char *path = db ? sqlite3_db_filename(db, "main") : NULL;
	return path && *path ? path : "case file";
}

int mc_case_version(sqlite3 *db)
{
	int version;
	char why[256];
	return pragma_int(db, "PRAGMA user_version", &version, why, sizeof why) == 0 ? version : -1;
}

void mc_case_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

long long mc_case_run_begin(sqlite3 *db, const char *command, int argc, char **argv)
{
	GString *args = g_string_new(NULL);
	for (int i = 0; i < argc; i++) {
		char *quoted = g_shell_quote(argv[i]);
		if (i)
			g_string_append_c(args, ' ');
		g_string_append(args, quoted);
		g_free(quoted);
	}
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	char now[21];
	mc_now_utc(now);

	long long id = -1;
	sqlite3_stmt *st = mc_case_prepare(db,
		"INSERT INTO runs(command, argv, version, host, started_at) VALUES (?,?,?,?,?)");
	if (st) {
		sqlite3_bind_text(st, 1, command, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, args->str, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, PACKAGE_VERSION, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, host, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE) {
			id = sqlite3_last_insert_rowid(db);
		} else {
			char why[512];
			busy_or_sqlite(db, 1, why, sizeof why);
			mc_error("%s: cannot record the run: %s", mc_case_path(db), why);
		}
		sqlite3_finalize(st);
	}
	g_string_free(args, TRUE);
	return id;
}

void mc_case_run_end(sqlite3 *db, long long run_id, const char *status)
{
	char now[21];
	mc_now_utc(now);
	sqlite3_stmt *st = mc_case_prepare(db,
		"UPDATE runs SET finished_at = ?, status = ? WHERE id = ?");
	if (!st)
		return;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, run_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		char why[512];
		busy_or_sqlite(db, 1, why, sizeof why);
		mc_error("%s: cannot record the end of run %lld: %s", mc_case_path(db), run_id, why);
	}
	sqlite3_finalize(st);
}

sqlite3 *mc_case_open_reported(const char *path, enum mc_case_mode mode)
{
	char err[1024];
	sqlite3 *db = mc_case_open(path, mode, err, sizeof err);
	if (!db)
		mc_error("%s", err);
	return db;
}
