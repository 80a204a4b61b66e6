/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mailcase-verify.c: `mailcase verify`: every evidence file recorded in a
 * case hashed again (SHA-256, MD5, size; Maildirs by their manifest, as
 * ingestion did: evidence-hash.c) and compared with the case, then the case
 * file itself checked (case-check.c). Owns its options and --help text
 * (mailcase.c reads them and opens the case read-only), path re-rooting
 * (--root OLD=NEW), the per-evidence verdicts and their text and JSON
 * reports, and recording the run in the case's runs table (in a second,
 * writable handle, when the case passed integrity_check).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

#include "case-check.h"
#include "case-db.h"
#include "cli.h"
#include "evidence-hash.h"
#include "json-out.h"
#include "log.h"
#include "parser.h"
#include "record.h"
#include "visible.h"

static const char *const CMD = "verify";

/* ---- options ---- */

struct root_map {
	char *old;
	char *new;
};

struct options {
	int json, quiet, no_record;
	GArray *ids;            /* long long evidence ids; empty: all */
	GArray *roots;          /* struct root_map */
};

static struct options opts;

/* Makes the lists the options fill, if not yet made. */
static struct options *options_ready(struct options *o)
{
	if (!o->ids)
		o->ids = g_array_new(FALSE, FALSE, sizeof(long long));
	if (!o->roots)
		o->roots = g_array_new(FALSE, FALSE, sizeof(struct root_map));
	return o;
}

static int add_evidence(void *dest, const char *arg, const char *cmd)
{
	char *end;
	errno = 0;
	long long id = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || id <= 0)
		return mc_usage_error(cmd, "--evidence wants an evidence number, not '%s'", arg);
	g_array_append_val(options_ready(dest)->ids, id);
	return MC_EXIT_OK;
}

static int add_root(void *dest, const char *arg, const char *cmd)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return mc_usage_error(cmd, "--root wants OLD=NEW, not '%s'", arg);
	struct root_map r = { g_strndup(arg, (gsize)(eq - arg)), g_strdup(eq + 1) };
	/* "/a/b/" and "/a/b" name the same directory. */
	size_t n = strlen(r.old);
	while (n > 1 && r.old[n - 1] == '/')
		r.old[--n] = '\0';
	g_array_append_val(options_ready(dest)->roots, r);
	return MC_EXIT_OK;
}

static void options_clear(struct options *o)
{
	for (guint i = 0; i < o->roots->len; i++) {
		struct root_map *r = &g_array_index(o->roots, struct root_map, i);
		g_free(r->old);
		g_free(r->new);
	}
	g_array_free(o->roots, TRUE);
	g_array_free(o->ids, TRUE);
}

static const char ABOUT[] =
"Hash every evidence recorded in the case file CASE again (SHA-256 and MD5\n"
"of a file's bytes; a Maildir or Apple Mail mailbox tree by its manifest,\n"
"as at ingestion) and compare with the hashes and size the case recorded.\n"
"Each evidence is\n"
"'ok', 'changed' (which hash differs, recorded and current values, sizes),\n"
"'missing', 'unreadable' (exists but cannot be read), or 'not hashed' (no\n"
"hash was recorded at ingestion: it was not a regular file or could not be\n"
"read; only its presence is checked). Then check the case file itself:\n"
"PRAGMA integrity_check and foreign_key_check, every evidence with a final\n"
"status, and the recorded counts (messages, embedded messages, folders,\n"
"problems, attachments, recipients) equal to the rows the case holds.\n"
"Evidence is opened read-only, as by ingest. The run is recorded in the\n"
"case's runs table (command 'verify').\n";

static const char EPILOGUE[] =
"Exit status: 0 every evidence verified and the case passed its checks;\n"
"1 some evidence changed, is missing or unreadable; 2 bad command line or\n"
"no such evidence; 3 CASE is not a usable case file or failed its checks.\n";

static const struct mc_option options[] = {
	MC_CALLBACK("evidence", 0, "ID", &opts, add_evidence,
	            "verify only evidence ID (repeatable); the case checks\n"
	            "still cover the whole case"),
	MC_CALLBACK("root", 0, "OLD=NEW", &opts, add_root,
	            "read evidence recorded under the directory OLD from\n"
	            "NEW instead (repeatable; the longest matching OLD\n"
	            "wins). A relative recorded path that does not exist\n"
	            "from here is tried relative to the case's directory"),
	MC_FLAG("no-record", 0, &opts.no_record,
	        "do not record the run in the case (the case file is\n"
	        "then only read); also when it cannot be written"),
	MC_OPT_JSON(&opts.json),
	MC_FLAG("quiet", 'q', &opts.quiet, "print only what did not verify"),
	MC_OPTIONS_END
};

const struct mc_cli_options mc_verify_options = {
	.options = options, .column = 23, .about = ABOUT, .epilogue = EPILOGUE
};

/* The recorded path with the longest matching --root applied (a new
 * string), or a copy of it. OLD matches whole path components only. */
static char *reroot(const struct options *o, const char *recorded)
{
	const struct root_map *best = NULL;
	size_t best_len = 0;
	for (guint i = 0; i < o->roots->len; i++) {
		const struct root_map *r = &g_array_index(o->roots, struct root_map, i);
		size_t n = strlen(r->old);
		if (n <= best_len || strncmp(recorded, r->old, n) != 0)
			continue;
		/* recorded is at least n long here. */
		if (recorded[n] == '\0' || recorded[n] == '/' || r->old[n - 1] == '/') {
			best = r;
			best_len = n;
		}
	}
	if (!best)
		return g_strdup(recorded);
	const char *rest = recorded + best_len;
	while (*rest == '/')
		rest++;
	return *rest ? g_build_filename(best->new, rest, NULL) : g_strdup(best->new);
}

/* Where to read the evidence: re-rooted, and a relative path that does not
 * exist from here tried relative to the case file's directory. */
static char *read_path(const struct options *o, const char *recorded, const char *case_path)
{
	char *path = reroot(o, recorded);
	struct stat sb;
	if (g_path_is_absolute(path) || lstat(path, &sb) == 0)
		return path;
	char *dir = g_path_get_dirname(case_path);
	char *alt = g_build_filename(dir, path, NULL);
	g_free(dir);
	if (lstat(alt, &sb) == 0) {
		g_free(path);
		return alt;
	}
	g_free(alt);
	return path;
}

/* ---- one evidence ---- */

enum verdict { V_OK, V_CHANGED, V_MISSING, V_UNREADABLE, V_NOT_HASHED, V_COUNT };
static const char *const VERDICT_NAME[V_COUNT] = {
	"ok", "changed", "missing", "unreadable", "not hashed"
};
static const char *const VERDICT_JSON[V_COUNT] = {
	"ok", "changed", "missing", "unreadable", "not_hashed"
};

struct evidence_check {
	long long id;
	const char *path, *format, *status, *sha256, *md5, *mtime, *error;
	long long size;          /* -1: not recorded */
	char *read_path;
	enum verdict verdict;
	int hashed;              /* now: hashes read */
	struct mc_hashes now;
	char now_mtime[21];
	GPtrArray *changed;      /* names of what differs: sha256, md5, size */
	GString *detail;
};

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static void compare(struct evidence_check *e)
{
	if (!e->sha256 || strcmp(e->sha256, e->now.sha256) != 0) {
		g_ptr_array_add(e->changed, "sha256");
		g_string_append_printf(e->detail, "sha256 was %s, now %s; ",
		                       e->sha256 ? e->sha256 : "-", e->now.sha256);
	}
	if (!e->md5 || strcmp(e->md5, e->now.md5) != 0) {
		g_ptr_array_add(e->changed, "md5");
		g_string_append_printf(e->detail, "md5 was %s, now %s; ",
		                       e->md5 ? e->md5 : "-", e->now.md5);
	}
	if (e->size != (long long)e->now.size) {
		g_ptr_array_add(e->changed, "size");
		g_string_append_printf(e->detail, "size was %lld, now %llu bytes; ",
		                       e->size, (unsigned long long)e->now.size);
	}
	if (e->changed->len) {
		e->verdict = V_CHANGED;
		g_string_truncate(e->detail, e->detail->len - 2);
	} else {
		g_string_append_printf(e->detail, "sha256 %s, md5 %s, %llu bytes", e->now.sha256,
		                       e->now.md5, (unsigned long long)e->now.size);
	}
}

static void check_evidence(const struct options *o, const char *case_path,
                           struct evidence_check *e)
{
	e->read_path = read_path(o, e->path, case_path);
	e->changed = g_ptr_array_new();
	e->detail = g_string_new(NULL);
	struct stat sb;
	/* Presence is that of the name itself (a link met in a walk was recorded
	 * unhashed); hashed evidence is read as ingest read it, through links. */
	if (lstat(e->read_path, &sb) != 0 || (e->sha256 && stat(e->read_path, &sb) != 0)) {
		int missing = errno == ENOENT || errno == ENOTDIR;
		e->verdict = missing ? V_MISSING : V_UNREADABLE;
		g_string_append(e->detail, missing ? "no such file or directory" : g_strerror(errno));
		return;
	}
	if (!e->sha256) {
		e->verdict = V_NOT_HASHED;
		g_string_append_printf(e->detail, "no hash was recorded at ingestion (%s%s%s); it"
		                       " exists", e->status, e->error ? ": " : "",
		                       e->error ? e->error : "");
		return;
	}
	mc_format_utc((int64_t)sb.st_mtime, e->now_mtime);
	int is_dir = S_ISDIR(sb.st_mode);
	int want_dir = mc_format_is_directory(e->format);
	if (is_dir != want_dir) {
		e->verdict = V_CHANGED;
		g_ptr_array_add(e->changed, "kind");
		g_string_append_printf(e->detail, "was a %s, now a %s", want_dir ? "directory" : "file",
		                       is_dir ? "directory" : "file");
		return;
	}
	char err[1024];
	if (mc_hash_path(e->read_path, &e->now, &is_dir, err, sizeof err) != 0) {
		e->verdict = V_UNREADABLE;
		g_string_append(e->detail, err);
		return;
	}
	e->hashed = 1;
	compare(e);
}

static void evidence_check_clear(struct evidence_check *e)
{
	g_free(e->read_path);
	if (e->changed)
		g_ptr_array_free(e->changed, TRUE);
	if (e->detail)
		g_string_free(e->detail, TRUE);
}

/* ---- reports ---- */

static void print_text(const struct options *o, const struct evidence_check *e)
{
	if (o->quiet && (e->verdict == V_OK || e->verdict == V_NOT_HASHED))
		return;
	int moved = strcmp(e->path, e->read_path) != 0;
	const char *name = VERDICT_NAME[e->verdict];
	char *upper = e->verdict == V_OK || e->verdict == V_NOT_HASHED ? g_strdup(name)
	              : g_ascii_strup(name, -1);
	printf("evidence %lld: %s: %s%s%s%s: %s", e->id, upper, mc_vis(e->path),
	       moved ? " (read at " : "", moved ? mc_vis(e->read_path) : "", moved ? ")" : "",
	       mc_vis(e->detail->str));
	if (e->hashed && e->mtime && strcmp(e->mtime, e->now_mtime) != 0)
		printf(" (mtime was %s, now %s)", mc_vis(e->mtime), mc_vis(e->now_mtime));
	putchar('\n');
	g_free(upper);
}

static void json_field_str(GString *out, const char *key, const char *value)
{
	g_string_append_c(out, ',');
	mc_json_member(out, key, value);
}

static void print_json_evidence(GString *out, const struct evidence_check *e, int first)
{
	g_string_append_printf(out, "%s{\"id\":%lld", first ? "" : ",", e->id);
	json_field_str(out, "path", e->path);
	json_field_str(out, "read_path", e->read_path);
	json_field_str(out, "format", e->format);
	json_field_str(out, "ingest_status", e->status);
	json_field_str(out, "result", VERDICT_JSON[e->verdict]);
	g_string_append(out, ",\"changed\":[");
	for (guint i = 0; i < e->changed->len; i++) {
		if (i)
			g_string_append_c(out, ',');
		mc_json_string(out, g_ptr_array_index(e->changed, i));
	}
	g_string_append(out, "],\"recorded\":{\"sha256\":");
	mc_json_string(out, e->sha256);
	json_field_str(out, "md5", e->md5);
	if (e->size >= 0)
		g_string_append_printf(out, ",\"size\":%lld", e->size);
	else
		g_string_append(out, ",\"size\":null");
	json_field_str(out, "mtime", e->mtime);
	g_string_append(out, "},\"current\":");
	if (e->hashed) {
		g_string_append(out, "{\"sha256\":");
		mc_json_string(out, e->now.sha256);
		json_field_str(out, "md5", e->now.md5);
		g_string_append_printf(out, ",\"size\":%llu", (unsigned long long)e->now.size);
		json_field_str(out, "mtime", e->now_mtime);
		g_string_append_c(out, '}');
	} else {
		g_string_append(out, "null");
	}
	json_field_str(out, "detail", e->detail->str);
	g_string_append_c(out, '}');
}

static void json_list(GString *out, const char *key, const GPtrArray *list)
{
	g_string_append_printf(out, ",\"%s\":[", key);
	for (guint i = 0; list && i < list->len; i++) {
		if (i)
			g_string_append_c(out, ',');
		mc_json_string(out, g_ptr_array_index(list, i));
	}
	g_string_append_c(out, ']');
}

/* ---- the run ---- */

/* Checks that every --evidence names an evidence of the case. */
static int check_ids(sqlite3 *db, const struct options *o, const char *case_path)
{
	sqlite3_stmt *st = mc_case_prepare(db, "SELECT 1 FROM evidence WHERE id = ?");
	if (!st)
		return MC_EXIT_CASE;
	int rc = MC_EXIT_OK;
	for (guint i = 0; i < o->ids->len && rc == MC_EXIT_OK; i++) {
		long long id = g_array_index(o->ids, long long, i);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW)
			rc = mc_usage_error(CMD, "%s: no evidence number %lld", case_path, id);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int wanted(const struct options *o, long long id)
{
	if (o->ids->len == 0)
		return 1;
	for (guint i = 0; i < o->ids->len; i++)
		if (g_array_index(o->ids, long long, i) == id)
			return 1;
	return 0;
}

/* Verifies the evidence; counts verdicts into counts; appends JSON to out. */
static int verify_all(sqlite3 *db, const struct options *o, const char *case_path,
                      long long counts[V_COUNT], GString *json)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT id, path, format, status, sha256, md5, size, mtime, error FROM evidence"
		" ORDER BY id");
	if (!st)
		return -1;
	int first = 1, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct evidence_check e = {
			.id = sqlite3_column_int64(st, 0), .path = col(st, 1), .format = col(st, 2),
			.status = col(st, 3), .sha256 = col(st, 4), .md5 = col(st, 5),
			.size = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 6),
			.mtime = col(st, 7), .error = col(st, 8),
		};
		if (!wanted(o, e.id) || !e.path)
			continue;
		check_evidence(o, case_path, &e);
		counts[e.verdict]++;
		if (o->json)
			print_json_evidence(json, &e, first);
		else
			print_text(o, &e);
		first = 0;
		evidence_check_clear(&e);
	}
	if (rc != SQLITE_DONE)
		mc_error("%s: cannot read the evidence table: %s", case_path, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void print_case_text(const struct options *o, const struct mc_case_check *c, int state)
{
	if (state == 1) {
		printf("case: PRAGMA integrity_check FAILED:\n");
		for (guint i = 0; i < c->integrity->len; i++)
			printf("  %s\n", mc_vis(g_ptr_array_index(c->integrity, i)));
		return;
	}
	if (state == 2) {
		printf("case: integrity_check ok; consistency FAILED:\n");
		for (guint i = 0; i < c->problems->len; i++)
			printf("  %s\n", mc_vis(g_ptr_array_index(c->problems, i)));
	} else if (!o->quiet) {
		printf("case: integrity_check ok; consistency ok (%lld evidence, %lld messages)\n",
		       c->evidence, c->messages);
	}
	for (guint i = 0; !o->quiet && i < c->notes->len; i++)
		printf("case: note: %s\n", mc_vis(g_ptr_array_index(c->notes, i)));
}

static int verify_case(const struct options *o, const struct mc_cli *cli)
{
	sqlite3 *db = cli->db;
	const char *case_path = cli->case_path;
	int rc = check_ids(db, o, case_path);
	if (rc != MC_EXIT_OK)
		return rc;
	struct mc_case_check check;
	int state = mc_case_check(db, &check);

	/* The run is recorded in a case that passed integrity_check only. */
	sqlite3 *wdb = NULL;
	long long run_id = -1;
	if (!o->no_record && state != 1) {
		char err[1024];
		wdb = mc_case_open(case_path, MC_CASE_UPDATE, err, sizeof err);
		if (wdb)
			run_id = mc_case_run_begin(wdb, CMD, cli->argc, cli->argv);
		if (run_id < 0)
			mc_warn("%s: the run is not recorded in the case: %s", case_path,
			        wdb ? "cannot write the runs table" : err);
	}

	long long counts[V_COUNT] = { 0 };
	GString *json = g_string_new(NULL);
	if (o->json) {
		g_string_append_c(json, '{');
		mc_json_member(json, "case", case_path);
		g_string_append(json, ",\"evidence\":[");
	}
	int read_rc = verify_all(db, o, case_path, counts, json);
	long long bad = counts[V_CHANGED] + counts[V_MISSING] + counts[V_UNREADABLE];
	int exit_status = state != 0 || read_rc != 0 ? MC_EXIT_CASE
	                  : bad ? MC_EXIT_EVIDENCE : MC_EXIT_OK;
	if (run_id >= 0)
		mc_case_run_end(wdb, run_id, mc_cli_run_status(exit_status));

	long long total = 0;
	for (int v = 0; v < V_COUNT; v++)
		total += counts[v];
	if (o->json) {
		g_string_append_printf(json, "],\"summary\":{\"evidence\":%lld,\"ok\":%lld,"
		                       "\"changed\":%lld,\"missing\":%lld,\"unreadable\":%lld,"
		                       "\"not_hashed\":%lld}", total, counts[V_OK], counts[V_CHANGED],
		                       counts[V_MISSING], counts[V_UNREADABLE], counts[V_NOT_HASHED]);
		g_string_append_printf(json, ",\"case_check\":{\"integrity\":%s",
		                       state == 1 ? "false" : "true");
		json_list(json, "integrity_errors", check.integrity);
		g_string_append_printf(json, ",\"consistency\":%s", state == 0 ? "true" :
		                       state == 2 ? "false" : "null");
		json_list(json, "problems", check.problems);
		json_list(json, "notes", check.notes);
		g_string_append_c(json, '}');
		if (run_id >= 0)
			g_string_append_printf(json, ",\"run_id\":%lld", run_id);
		else
			g_string_append(json, ",\"run_id\":null");
		g_string_append_printf(json, ",\"exit_status\":%d}\n", exit_status);
		fputs(json->str, stdout);
	} else {
		print_case_text(o, &check, state);
		if (!o->quiet || bad)
			printf("verify: %lld of %lld evidence verified ok; %lld changed, %lld missing,"
			       " %lld unreadable, %lld not hashed at ingestion\n", counts[V_OK], total,
			       counts[V_CHANGED], counts[V_MISSING], counts[V_UNREADABLE],
			       counts[V_NOT_HASHED]);
	}
	g_string_free(json, TRUE);
	mc_case_check_clear(&check);
	mc_case_close(wdb);
	return exit_status;
}

int mc_cmd_verify(struct mc_cli *cli)
{
	int rc = verify_case(options_ready(&opts), cli);
	options_clear(&opts);
	return rc;
}
