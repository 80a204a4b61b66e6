/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mailcase-show.c: `mailcase show`: one message with its provenance,
 * classification, headers, recipients, attachments and body; --verify
 * re-reads its bytes from the evidence and checks the recorded SHA-256;
 * --raw writes its original bytes (for PST items, an RFC 822
 * reconstruction from the case rows, marked as such).
 * Declares its options and --help text (and checks how they combine);
 * mailcase.c reads them and opens the case read-only.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "case-db.h"
#include "case-output.h"
#include "cli.h"
#include "evidence-hash.h"
#include "evidence-open.h"
#include "json-out.h"
#include "log.h"
#include "raw-message.h"
#include "record.h"
#include "show-message.h"
#include "visible.h"

static const char *const CMD = "show";

static int verify, raw, json;
static const char *raw_file;

static const char ABOUT[] =
"Show one message of the case file CASE: where it was found (evidence,\n"
"folder, locator), what it is (origin, class, type, flags, charsets), its\n"
"times, headers, recipients, attachments, properties and body text.\n"
"MESSAGE is the message's number in the case (messages.id) or its\n"
"Message-ID, with or without angle brackets; a Message-ID found more than\n"
"once is listed and nothing is shown.\n";

static const char EPILOGUE[] =
"Exit status: 0 shown (and verified); 1 the bytes could not be read again or\n"
"do not match the recorded hash; 2 bad command line, no such message, or an\n"
"output FILE that is the case or its evidence (refused);\n"
"3 CASE is not a usable case file.\n";

static const struct mc_option options[] = {
	MC_FLAG("verify", 0, &verify,
	        "re-read the message's bytes from the evidence and check\n"
	        "them against the SHA-256 recorded at ingestion. PST/OST\n"
	        "items have no raw bytes: the whole evidence file is\n"
	        "hashed again and checked against evidence.sha256 instead"),
	MC_FLAG("raw", 0, &raw,
	        "write the message's original bytes (RFC 822) instead of\n"
	        "the summary; for PST/OST and .olm items an RFC 822 reconstruction\n"
	        "from the case rows, marked by the header\n"
	        "'X-Mailcase-Reconstructed'"),
	MC_STRING("output", 'o', "FILE", &raw_file,
	          "write --raw bytes to FILE instead of standard output"),
	MC_OPT_JSON(&json),
	MC_OPTIONS_END
};

static int check(const struct mc_cli *cli)
{
	(void)cli;
	if (raw_file && !raw)
		return mc_usage_error(CMD, "--output is for --raw");
	if (raw && json)
		return mc_usage_error(CMD, "--raw and --json exclude each other");
	return MC_EXIT_OK;
}

const struct mc_cli_options mc_show_options = {
	.options = options, .column = 21, .about = ABOUT, .epilogue = EPILOGUE, .check = check
};

/* ---- finding the message ---- */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The messages.id named by arg, or 0 after reporting (usage class). */
static int64_t resolve_message(sqlite3 *db, const char *case_path, const char *arg)
{
	if (all_digits(arg)) {
		sqlite3_stmt *st = mc_case_prepare(db, "SELECT id FROM messages WHERE id = ?");
		int64_t id = g_ascii_strtoll(arg, NULL, 10), found = 0;
		sqlite3_bind_int64(st, 1, id);
		int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
		if (rc == SQLITE_ROW)
			found = id;
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			mc_usage_error(CMD, "%s: no message number %s", case_path, arg);
		else if (!found)
			mc_error("%s: cannot look up message %s: %s", case_path, arg, sqlite3_errstr(rc));
		return found;
	}
	char *mid = g_strdup(arg);
	g_strstrip(mid);
	size_t n = strlen(mid);
	if (n >= 2 && mid[0] == '<' && mid[n - 1] == '>') {
		memmove(mid, mid + 1, n - 2);
		mid[n - 2] = '\0';
	}
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT m.id, e.path, m.locator, m.subject FROM messages m"
		" JOIN evidence e ON e.id = m.evidence_id WHERE m.message_id = ? ORDER BY m.id");
	sqlite3_bind_text(st, 1, mid, -1, SQLITE_TRANSIENT);
	GString *list = g_string_new(NULL);
	int64_t first = 0;
	int count = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (!count++)
			first = sqlite3_column_int64(st, 0);
		g_string_append_printf(list, "  %lld  %s  %s  %s\n",
		                       (long long)sqlite3_column_int64(st, 0),
		                       mc_vis((const char *)sqlite3_column_text(st, 1)),
		                       sqlite3_column_text(st, 2) ? mc_vis((const char *)sqlite3_column_text(st, 2)) : "-",
		                       sqlite3_column_text(st, 3) ? mc_vis((const char *)sqlite3_column_text(st, 3)) : "");
	}
	sqlite3_finalize(st);
	int64_t id = 0;
	if (count == 0) {
		mc_usage_error(CMD, "%s: no message with Message-ID <%s>", case_path, mid);
	} else if (count > 1) {
		fprintf(stderr, "mailcase: show: %s: %d messages have Message-ID <%s>;"
		        " name one by number:\n%s", mc_vis(case_path), count, mc_vis(mid), list->str);
		mc_usage_error(CMD, "ambiguous Message-ID");
	} else {
		id = first;
	}
	g_string_free(list, TRUE);
	g_free(mid);
	return id;
}

/* ---- verification ---- */

struct verify {
	const char *status;     /* verified, mismatch, unreadable, not verifiable */
	char *detail;
	char read_sha256[65];
	int64_t read_size;
	const char *evidence_status;  /* PST: verified, mismatch, unreadable */
	char evidence_sha256[65];
};

static void hash_evidence(const char *path, const char *recorded, struct verify *v)
{
	struct mc_hashes h;
	char err[512] = "";
	struct stat sb;
	int rc;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = mc_hash_tree(path, &h, 0, err, sizeof err);
	} else {
		int fd = mc_evidence_open(path, 0);
		if (fd < 0) {
			snprintf(err, sizeof err, "%s: %s", path, g_strerror(errno));
			rc = -1;
		} else {
			rc = mc_hash_fd(fd, &h, 0, err, sizeof err);
			close(fd);
		}
	}
	if (rc != 0) {
		v->evidence_status = "unreadable";
		g_free(v->detail);
		v->detail = g_strdup_printf("not verifiable: PST items have no raw bytes; the"
		                            " evidence hash could not be checked: %s", err);
		return;
	}
	g_strlcpy(v->evidence_sha256, h.sha256, sizeof v->evidence_sha256);
	int ok = recorded && strcmp(recorded, h.sha256) == 0;
	v->evidence_status = ok ? "verified" : "mismatch";
	v->detail = g_strdup_printf("not verifiable: PST items have no raw bytes; the evidence"
	                            " hash is checked instead: %s (evidence.sha256 %s, read %s)",
	                            ok ? "evidence verified" : "EVIDENCE MISMATCH",
	                            recorded ? recorded : "none", h.sha256);
}

/* Fills v; returns the exit status the verification calls for. */
static int verify_message(const struct mc_shown *s, const char *case_path, struct verify *v)
{
	char *path = mc_show_evidence_path(s->evidence_path, case_path);
	char err[1024] = "";
	GByteArray *bytes = NULL;
	enum mc_raw_status rc = mc_raw_read(path, s->evidence_variant, s->locator, &bytes,
	                                    err, sizeof err);
	int exit_status = MC_EXIT_OK;
	if (rc == MC_RAW_NOT_BYTES) {
		v->status = "not verifiable";
		hash_evidence(path, s->evidence_sha256, v);
		if (strcmp(v->evidence_status, "verified") != 0)
			exit_status = MC_EXIT_EVIDENCE;
	} else if (rc == MC_RAW_ERROR) {
		v->status = "unreadable";
		v->detail = g_strdup(err);
		exit_status = MC_EXIT_EVIDENCE;
	} else {
		mc_sha256_hex(bytes->len ? bytes->data : (const guint8 *)"", bytes->len,
		              v->read_sha256);
		v->read_size = bytes->len;
		int ok = s->sha256 && strcmp(s->sha256, v->read_sha256) == 0;
		v->status = ok ? "verified" : "mismatch";
		v->detail = g_strdup_printf("%s: %u bytes at %s in %s, SHA-256 %s%s%s",
		                            ok ? "verified" : "MISMATCH", bytes->len, s->locator,
		                            path, v->read_sha256, ok ? "" : ", recorded ",
		                            ok ? "" : (s->sha256 ? s->sha256 : "none"));
		if (!ok)
			exit_status = MC_EXIT_EVIDENCE;
		g_byte_array_unref(bytes);
	}
	g_free(path);
	return exit_status;
}

static void verify_json(GString *out, const struct verify *v)
{
	g_string_append(out, "{\"status\":");
	mc_json_string(out, v->status);
	g_string_append(out, ",\"detail\":");
	mc_json_string(out, v->detail);
	g_string_append(out, ",\"read_sha256\":");
	mc_json_string(out, v->read_sha256[0] ? v->read_sha256 : NULL);
	if (v->read_sha256[0])
		g_string_append_printf(out, ",\"read_size\":%lld", (long long)v->read_size);
	if (v->evidence_status) {
		g_string_append(out, ",\"evidence_status\":");
		mc_json_string(out, v->evidence_status);
		g_string_append(out, ",\"evidence_read_sha256\":");
		mc_json_string(out, v->evidence_sha256[0] ? v->evidence_sha256 : NULL);
	}
	g_string_append_c(out, '}');
}

/* ---- --raw ---- */

static int write_raw(const struct mc_cli *cli, const struct mc_shown *s, const char *output)
{
	sqlite3 *db = cli->db;
	const char *case_path = cli->case_path;
	GByteArray *bytes = NULL;
	char err[1024] = "";
	char *path = mc_show_evidence_path(s->evidence_path, case_path);
	enum mc_raw_status rc = mc_raw_is_store_item(s->locator) ? MC_RAW_NOT_BYTES
	                        : mc_raw_read(path, s->evidence_variant, s->locator, &bytes,
	                                      err, sizeof err);
	g_free(path);
	if (rc == MC_RAW_NOT_BYTES) {
		GString *eml = mc_show_reconstruct(db, s->id);
		bytes = g_byte_array_new_take((guint8 *)eml->str, eml->len);
		g_string_free(eml, FALSE);
		mc_note("message %lld is %s item: writing an RFC 822 reconstruction"
		        " from the case rows, not original bytes", (long long)s->id,
		        mc_raw_is_store_item(s->locator) ? "an Outlook for Mac (.olm)" : "a PST/OST");
	} else if (rc == MC_RAW_ERROR) {
		mc_error("%s: message %lld: cannot read its bytes: %s", case_path,
		         (long long)s->id, err);
		return MC_EXIT_EVIDENCE;
	}
	struct mc_output out;
	int status = mc_cli_open_output(cli, output, &out);
	if (status == MC_EXIT_OK && bytes->len &&
	    fwrite(bytes->data, 1, bytes->len, out.f) != bytes->len) {
		mc_error("%s: %s: write error: %s", CMD, output ? output : "standard output",
		         g_strerror(errno));
		status = MC_EXIT_ERROR;
	}
	g_byte_array_unref(bytes);
	if (status == MC_EXIT_USAGE)
		return status;
	return mc_cli_close_output(cli, &out, output, status);
}

int mc_cmd_show(struct mc_cli *cli)
{
	sqlite3 *db = cli->db;
	const char *case_path = cli->case_path;
	int rc = MC_EXIT_OK;
	int64_t id = resolve_message(db, case_path, cli->operands[1]);
	struct mc_shown *s = id ? mc_show_load(db, id) : NULL;
	if (!id) {
		rc = MC_EXIT_USAGE;
	} else if (!s) {
		mc_error("%s: cannot read message %lld", case_path, (long long)id);
		rc = MC_EXIT_CASE;
	} else {
		struct verify v = { 0 };
		if (verify)
			rc = verify_message(s, case_path, &v);
		if (raw) {
			if (verify)
				fprintf(stderr, "mailcase: show: %s\n", mc_vis(v.detail));
			int wr = write_raw(cli, s, raw_file);
			if (wr != MC_EXIT_OK)
				rc = wr;
		} else if (json) {
			GString *out = g_string_new(NULL);
			mc_show_json(db, s, case_path, out);
			if (verify) {
				g_string_truncate(out, out->len - 1);   /* the closing brace */
				g_string_append(out, ",\"verify\":");
				verify_json(out, &v);
				g_string_append_c(out, '}');
			}
			g_string_append_c(out, '\n');
			fputs(out->str, stdout);
			g_string_free(out, TRUE);
		} else if (verify) {
			printf("message %lld: %s\n", (long long)id, mc_vis(v.detail));
		} else {
			mc_show_text(db, s, stdout);
		}
		g_free(v.detail);
	}
	mc_show_free(s);
	if (fflush(stdout) != 0 && rc == MC_EXIT_OK)
		rc = MC_EXIT_ERROR;
	return rc;
}
