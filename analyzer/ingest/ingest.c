/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ingest.c: the ingest pipeline (walk, hash, detect, dedupe, parse, store).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "case-db.h"
#include "case-writer.h"
#include "evidence-hash.h"
#include "evidence-open.h"
#include "evidence-stat.h"
#include "ingest.h"
#include "interrupt.h"
#include "log.h"
#include "walk.h"
#include "wire.h"
#include "worker.h"


enum item_state { ITEM_NEW, ITEM_READY, ITEM_RUNNING, ITEM_FINISHED, ITEM_WRITTEN };

struct item {
	const struct mc_entry *entry;
	enum item_state state;
	int fd;
	int hashed;
	struct mc_hashes hashes;
	struct mc_evidence_stat before; /* taken before hashing */
	char *changed;             /* what changed while it was read, or NULL */
	char mtime[21];
	const struct mc_format *format;
	const char *status;        /* for items written without a worker */
	char *error;
	long long replace_id;      /* evidence row this one replaces */
	long long duplicate_of;    /* evidence already holding the same bytes */
	int duplicate_of_item;     /* or an earlier item of this run (-1) */
	int already;               /* already in the case: nothing to write */
	int needs_worker;
	struct mc_worker worker;
	long long evidence_id;
};

struct ingest {
	sqlite3 *db;
	struct mc_case_writer *writer;
	struct mc_worker_pool *pool;
	const struct mc_ingest_options *opt;
	struct mc_worker_limits limits;
	struct mc_ingest_totals *totals;
	struct item *items;
	size_t n;
	GHashTable *run_hashes;    /* sha256 -> item index + 1, this run */
	size_t next_prepare, next_start, next_write;
};

/* How the error of evidence that changed while it was read begins. */
#define CHANGED_WHILE_READ "changed while it was read"

static void advance(struct ingest *in);
static void wait_for_workers(struct ingest *in, int timeout_ms);

/* ---- preparing an item: open, hash, detect, dedupe ---- */

static void set_mtime(struct item *it, const struct stat *st)
{
	mc_format_utc((int64_t)st->st_mtime, it->mtime);
}

static void fail_item(struct item *it, const char *status, char *error)
{
	it->status = status;
	g_free(it->error);
	it->error = error;
	it->needs_worker = 0;
}

static const struct mc_format *detect_file(struct item *it, char **why)
{
	unsigned char *head = g_malloc(MC_PROBE_BYTES);
	ssize_t n = pread(it->fd, head, MC_PROBE_BYTES, 0);
	if (n < 0) {
		*why = g_strdup_printf("read error at offset 0: %s", strerror(errno));
		g_free(head);
		return NULL;
	}
	struct mc_probe probe = { it->entry->path, 0, head, (size_t)n, it->hashes.size };
	const struct mc_format *f = mc_format_detect(&probe);
	if (!f)
		*why = g_strdup(n == 0 ? "empty file" : "not a mailbox format mailcase reads");
	g_free(head);
	return f;
}

/* The time limit for hashing, as for parsing (--timeout, else the default
 * for the size; a directory's size is not known before its walk). */
static unsigned hash_timeout(const struct ingest *in, uint64_t size)
{
	return in->opt->timeout_s ? in->opt->timeout_s : mc_worker_default_timeout(size);
}

static void open_and_hash_file(struct ingest *in, struct item *it)
{
	const char *path = it->entry->path;
	char err[512];
	it->fd = mc_evidence_open(path, O_NONBLOCK);
	if (it->fd < 0) {
		fail_item(it, "failed", g_strdup_printf("cannot open: %s", strerror(errno)));
		return;
	}
	struct stat st;
	if (fstat(it->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fail_item(it, "skipped", g_strdup("not a regular file"));
		return;
	}
	fcntl(it->fd, F_SETFL, fcntl(it->fd, F_GETFL) & ~O_NONBLOCK);
	set_mtime(it, &st);
	if (mc_evidence_stat_fd(it->fd, &it->before, err, sizeof err) != 0 ||
	    mc_hash_fd(it->fd, &it->hashes, hash_timeout(in, (uint64_t)st.st_size),
	               err, sizeof err) != 0) {
		fail_item(it, "failed", g_strdup(err));
		return;
	}
	it->hashed = 1;
	char *why = NULL;
	it->format = detect_file(it, &why);
	if (!it->format)
		fail_item(it, "skipped", why);
	else
		it->needs_worker = 1;
}

static void hash_directory(struct ingest *in, struct item *it)
{
	char err[512];
	struct stat st;
	if (stat(it->entry->path, &st) == 0)
		set_mtime(it, &st);
	if (mc_evidence_stat_tree(it->entry->path, &it->before, err, sizeof err) != 0 ||
	    mc_hash_tree(it->entry->path, &it->hashes, hash_timeout(in, 0), err, sizeof err) != 0) {
		fail_item(it, "failed", g_strdup(err));
		return;
	}
	it->hashed = 1;
	it->format = it->entry->format;
	it->needs_worker = 1;
}

/* Looks for a row of the same path and content, or of the same path that
 * changed while it was read (write_changed): reading it again replaces it. */
static long long find_same(struct ingest *in, const struct item *it, char status[16])
{
	sqlite3_stmt *st = mc_case_prepare(in->db,
		"SELECT id, status FROM evidence WHERE path = ? AND (sha256 IS ?"
		" OR (status = 'failed' AND error LIKE '" CHANGED_WHILE_READ " (%'))"
		" ORDER BY sha256 IS ? DESC, id DESC LIMIT 1");
	long long id = 0;
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, it->entry->path, -1, SQLITE_STATIC);
	if (it->hashed) {
		sqlite3_bind_text(st, 2, it->hashes.sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, it->hashes.sha256, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		g_strlcpy(status, (const char *)sqlite3_column_text(st, 1), 16);
	}
	sqlite3_finalize(st);
	return id;
}

/* Looks for evidence of the same content read under another path. */
static long long find_same_content(struct ingest *in, const struct item *it)
{
	sqlite3_stmt *st = mc_case_prepare(in->db,
		"SELECT id FROM evidence WHERE sha256 = ? AND path <> ?"
		" AND status IN ('ok','partial') ORDER BY id LIMIT 1");
	long long id = 0;
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, it->hashes.sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->entry->path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* Looks for a row of the same path and content that makes reading the item
 * again unnecessary: 1 (the item is marked already in the case), else 0
 * with the row it replaces, if any, in replace_id. */
static int dedupe_path(struct ingest *in, struct item *it)
{
	char status[16] = "";
	long long same = find_same(in, it, status);
	int done_before = strcmp(status, "ok") == 0 || strcmp(status, "partial") == 0 ||
	                  (strcmp(status, "skipped") == 0 && !it->needs_worker);
	if (same && done_before && !in->opt->force) {
		it->already = 1;
		it->needs_worker = 0;
		mc_note("%s: already in the case as evidence %lld (%s); use --force to read it again",
		        it->entry->path, same, status);
		return 1;
	}
	it->replace_id = same;
	return 0;
}

static void dedupe(struct ingest *in, struct item *it, size_t index)
{
	if (dedupe_path(in, it))
		return;
	if (!it->needs_worker || !it->hashed || in->opt->force)
		return;
	long long other = find_same_content(in, it);
	gpointer earlier = g_hash_table_lookup(in->run_hashes, it->hashes.sha256);
	if (other || earlier) {
		it->duplicate_of = other;
		it->duplicate_of_item = earlier ? GPOINTER_TO_INT(earlier) - 1 : -1;
		fail_item(it, "skipped", g_strdup("same content (SHA-256) as other evidence "
		                                  "in the case; see duplicate_of"));
		return;
	}
	g_hash_table_insert(in->run_hashes, it->hashes.sha256, GINT_TO_POINTER((int)index + 1));
}

static void prepare(struct ingest *in, size_t index)
{
	struct item *it = &in->items[index];
	const struct mc_entry *e = it->entry;
	switch (e->kind) {
	case MC_ENTRY_FILE:
		open_and_hash_file(in, it);
		break;
	case MC_ENTRY_DIR:
		hash_directory(in, it);
		break;
	case MC_ENTRY_SKIP:
		fail_item(it, "skipped", g_strdup(e->reason));
		break;
	case MC_ENTRY_ERROR:
		fail_item(it, "failed", g_strdup(e->reason));
		break;
	}
	dedupe(in, it, index);
	it->state = ITEM_READY;
	if (it->status && strcmp(it->status, "failed") == 0)
		mc_error("%s: %s", e->path, it->error);
}

static void start(struct ingest *in, struct item *it)
{
	char err[512];
	if (mc_worker_start(in->pool, &it->worker, it->format, it->entry->path, it->fd,
	                    it->hashes.size, &in->limits, err, sizeof err) != 0) {
		fail_item(it, "failed", g_strdup(err));
		mc_error("%s: %s", it->entry->path, err);
		it->state = ITEM_FINISHED;
		return;
	}
	it->state = ITEM_RUNNING;
}

/* ---- writing an item into the case ---- */

static struct mc_evidence_row evidence_row(struct ingest *in, struct item *it,
                                           const char *status, const char *error)
{
	struct mc_evidence_row row = {
		.path = it->entry->path,
		.size = it->hashed ? (int64_t)it->hashes.size : -1,
		.sha256 = it->hashed ? it->hashes.sha256 : NULL,
		.md5 = it->hashed ? it->hashes.md5 : NULL,
		.mtime = it->mtime[0] ? it->mtime : NULL,
		.format = it->format ? it->format->name : NULL,
		.custodian = in->opt->custodian,
		.status = status,
		.error = error,
		.duplicate_of = it->duplicate_of,
		.run_id = in->opt->run_id,
	};
	if (it->duplicate_of_item >= 0)
		row.duplicate_of = in->items[it->duplicate_of_item].evidence_id;
	return row;
}

static void count_status(struct ingest *in, const char *status, int64_t messages)
{
	struct mc_ingest_totals *t = in->totals;
	if (strcmp(status, "ok") == 0)
		t->ok++;
	else if (strcmp(status, "partial") == 0)
		t->partial++;
	else if (strcmp(status, "failed") == 0)
		t->failed++;
	else
		t->skipped++;
	t->messages += messages;
}

/* Lets the scheduler go on while the writer waits for the head worker. */
static void idle(struct ingest *in, int timeout_ms)
{
	advance(in);
	wait_for_workers(in, timeout_ms);
}

/* Copies the worker's spool into the open transaction as the worker writes
 * it, so that parsing and storing overlap. Returns 0, -1 on a case write
 * error, -2 when interrupted; after 0 the worker has ended. Fills *end when
 * the END record came; a spool that stops being readable leaves why in
 * spool_error (256 bytes). */
static int copy_spool(struct ingest *in, struct item *it, struct mc_wire_record *end,
                      int *have_end, char *spool_error)
{
	struct mc_wire_in win;
	struct mc_wire_record rec = { 0 };
	int rc = 0;
	lseek(it->worker.spool_fd, 0, SEEK_SET);
	mc_wire_in_init(&win, it->worker.spool_fd);
	for (unsigned long count = 0;; count++) {
		if ((count & 1023) == 0 && mc_interrupted) {
			rc = -2;
			break;
		}
		if (it->state == ITEM_RUNNING && !mc_wire_frame_ready(&win)) {
			if (mc_interrupted) {
				rc = -2;
				break;
			}
			idle(in, 2);
			continue;
		}
		enum mc_wire_type t = mc_wire_read(&win, &rec);
		if (t == MC_WIRE_EOF)
			break;
		if (t == MC_WIRE_TRUNCATED || t == MC_WIRE_IOERR) {
			g_strlcpy(spool_error, win.error, 256);
			break;
		}
		if (t == MC_WIRE_FOLDER)
			rc = mc_writer_folder(in->writer, rec.folder);
		else if (t == MC_WIRE_MESSAGE)
			rc = mc_writer_message(in->writer, rec.message);
		else if (t == MC_WIRE_PROBLEM)
			rc = mc_writer_problem(in->writer, rec.problem.severity,
			                       rec.problem.locator, rec.problem.text);
		else if (t == MC_WIRE_END) {
			*end = rec;
			memset(&rec, 0, sizeof rec);
			*have_end = 1;
		}
		if (rc != 0)
			break;
		if (t == MC_WIRE_MESSAGE && (count & 255) == 0)
			mc_progress_update((uint64_t)(it - in->items), (uint64_t)in->totals->messages +
			                   (uint64_t)mc_writer_message_count(in->writer), it->entry->path);
	}
	/* A spool found unreadable while its worker runs: its status is judged
	 * once it has ended, as before. */
	while (rc == 0 && it->state == ITEM_RUNNING) {
		if (mc_interrupted)
			rc = -2;
		else
			idle(in, 20);
	}
	mc_wire_record_clear(&rec);
	mc_wire_in_clear(&win);
	return rc;
}

/* What changed in the evidence since it was hashed, as a sentence, or NULL
 * if nothing did. Asked once its worker has ended: a file through the
 * descriptor the worker read, a directory by its files' names. */
static char *changed_since_hashed(const struct item *it)
{
	struct mc_evidence_stat after = { 0 };
	char err[512];
	int rc = it->entry->kind == MC_ENTRY_DIR
	         ? mc_evidence_stat_tree(it->entry->path, &after, err, sizeof err)
	         : mc_evidence_stat_fd(it->fd, &after, err, sizeof err);
	if (rc != 0)
		return g_strdup(err);
	char *diff = mc_evidence_stat_diff(&it->before, &after);
	mc_evidence_stat_clear(&after);
	return diff;
}

/* Decides the status of a parsed evidence and stores it. Returns
 * INGEST_CHANGED, with it->changed set, when the evidence changed while it
 * was read: what was stored of it is then to be rolled back. */
#define INGEST_CHANGED 1
static int finish_parsed(struct ingest *in, struct item *it)
{
	struct mc_wire_record end = { 0 };
	int have_end = 0;
	char spool_error[256] = "";
	int rc = copy_spool(in, it, &end, &have_end, spool_error);
	if (rc == 0 && it->before.entries)
		it->changed = changed_since_hashed(it);
	if (rc != 0 || it->changed) {
		mc_wire_record_clear(&end);
		return rc != 0 ? rc : INGEST_CHANGED;
	}
	int64_t stored = mc_writer_message_count(in->writer);
	const char *status;
	char *error = NULL;
	if (have_end && mc_worker_ok(&it->worker)) {
		status = end.end.result == MC_OK ? "ok" :
		         end.end.result == MC_WARN || stored > 0 ? "partial" : "failed";
		error = g_strdup(end.end.error);
	} else {
		char *how = spool_error[0] && mc_worker_ok(&it->worker) ? g_strdup(spool_error)
		            : mc_worker_describe(&it->worker);
		const char *last = mc_writer_last_locator(in->writer);
		error = g_strdup_printf("%s after %lld records%s%s%s", how, (long long)stored,
		                        last ? " (last: " : "", last ? last : "", last ? ")" : "");
		g_free(how);
		status = stored > 0 ? "partial" : "failed";
		if (mc_writer_problem(in->writer, "error", last, error) != 0)
			rc = -1;
	}
	if (rc == 0)
		rc = mc_writer_finish_evidence(in->writer, status,
		                               have_end ? end.end.variant : NULL, error);
	if (rc == 0) {
		count_status(in, status, stored);
		if (strcmp(status, "ok") != 0)
			mc_error("%s: %s: %s", it->entry->path, status, error ? error : "(no message)");
	}
	g_free(error);
	mc_wire_record_clear(&end);
	return rc;
}

/* Adds the item's rows inside the open transaction: the row it replaces
 * deleted, its own evidence row inserted with status and error. */
static int add_item_row(struct ingest *in, struct item *it, const char *status,
                        const char *error)
{
	int rc = 0;
	if (it->replace_id)
		rc = mc_writer_delete_evidence(in->writer, it->replace_id);
	if (rc == 0) {
		struct mc_evidence_row row = evidence_row(in, it, status, error);
		it->evidence_id = mc_writer_add_evidence(in->writer, &row);
		rc = it->evidence_id > 0 ? 0 : -1;
	}
	return rc;
}

/* Drops what the item's worker parsed (killing it if it still runs). */
static void discard_worker(struct item *it)
{
	if (it->state == ITEM_RUNNING)
		mc_worker_kill(&it->worker);
	it->state = ITEM_FINISHED;
	it->needs_worker = 0;
}

/* The dedupe again, inside the item's write transaction, so that what the
 * case holds at the commit decides, not what it held when the item was
 * prepared: another writer may have committed the same evidence meanwhile
 * (the writer lock, case-lock.h, keeps mailcase's own commands from doing
 * so; this keeps a duplicate out even without it). Items this run already
 * judged a duplicate of one of its own items stay as they are. */
static void dedupe_again(struct ingest *in, struct item *it)
{
	int needed_worker = it->needs_worker;
	if (it->duplicate_of_item >= 0 || dedupe_path(in, it)) {
		if (needed_worker && it->already)
			discard_worker(it);
		return;
	}
	if (!needed_worker || !it->hashed || in->opt->force)
		return;
	long long other = find_same_content(in, it);
	if (other) {
		discard_worker(it);
		it->duplicate_of = other;
		fail_item(it, "skipped", g_strdup("same content (SHA-256) as other evidence "
		                                  "in the case; see duplicate_of"));
	}
}

/*
 * Evidence that changed while it was read: what its parser stored has been
 * rolled back, since those records may mix bytes from before and after the
 * change and none of them can be traced to the hash recorded. The row keeps
 * the hashes taken before parsing (what `verify` then compares against),
 * status `failed`, and an error and a problem naming what changed.
 */
static int write_changed(struct ingest *in, struct item *it)
{
	char *error = g_strdup_printf(CHANGED_WHILE_READ " (%s); nothing read from it "
	                              "is kept: ingest it again once it holds still, "
	                              "or from a copy", it->changed);
	int rc = mc_writer_begin(in->writer) != 0 ? -1 : add_item_row(in, it, "failed", error);
	if (rc == 0)
		rc = mc_writer_problem(in->writer, "error", NULL, error);
	if (rc == 0)
		rc = mc_writer_finish_evidence(in->writer, "failed", NULL, error);
	if (rc == 0) {
		count_status(in, "failed", 0);
		in->totals->changed++;
		mc_error("%s: failed: %s", it->entry->path, error);
	}
	g_free(error);
	return rc;
}

static int write_item_rows(struct ingest *in, struct item *it)
{
	if (!it->already) {
		if (mc_writer_begin(in->writer) != 0)
			return -1;
		dedupe_again(in, it);
	}
	if (it->already) {
		mc_writer_rollback(in->writer);
		in->totals->already++;
		return 0;
	}
	const char *status = it->needs_worker ? "failed" : it->status;
	const char *error = it->needs_worker ? "ingest did not complete" : it->error;
	int rc = add_item_row(in, it, status, error);
	if (rc == 0 && it->needs_worker) {
		rc = finish_parsed(in, it);
		if (rc == INGEST_CHANGED) {
			mc_writer_rollback(in->writer);
			rc = write_changed(in, it);
		}
	} else if (rc == 0) {
		rc = mc_writer_finish_evidence(in->writer, it->status, NULL, it->error);
		if (rc == 0)
			count_status(in, it->status, 0);
	}
	if (rc == 0)
		rc = mc_writer_commit(in->writer);
	if (rc != 0)
		mc_writer_rollback(in->writer);
	return rc;
}

/* Stores one item in its own transaction. The totals count it only once
 * the commit succeeded, so a failed write (a full disk) is not counted as
 * stored. */
static int write_item(struct ingest *in, struct item *it)
{
	struct mc_ingest_totals before = *in->totals;
	int rc = write_item_rows(in, it);
	if (rc != 0)
		*in->totals = before;
	return rc;
}

static void release(struct item *it)
{
	if (it->fd >= 0)
		close(it->fd);
	it->fd = -1;
	if (it->worker.spool_fd > 0)
		close(it->worker.spool_fd);
	it->worker.spool_fd = -1;
	g_free(it->error);
	it->error = NULL;
	g_free(it->changed);
	it->changed = NULL;
	mc_evidence_stat_clear(&it->before);
}

/* ---- the scheduler ---- */

static size_t running_count(struct ingest *in)
{
	size_t n = 0;
	for (size_t i = 0; i < in->n; i++)
		n += in->items[i].state == ITEM_RUNNING;
	return n;
}

/* Waits up to timeout_ms for a worker to end and marks those that did.
 * All running workers are passed: one reaped unknown to mc_worker_reap
 * would lose its exit status. */
static void wait_for_workers(struct ingest *in, int timeout_ms)
{
	struct mc_worker **ws = g_new0(struct mc_worker *, in->n);
	size_t k = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->items[i].state == ITEM_RUNNING)
			ws[k++] = &in->items[i].worker;
	mc_worker_reap(in->pool, ws, k, timeout_ms);
	for (size_t i = 0; i < in->n; i++)
		if (in->items[i].state == ITEM_RUNNING && !in->items[i].worker.running)
			in->items[i].state = ITEM_FINISHED;
	g_free(ws);
}

static void stop_all(struct ingest *in)
{
	for (size_t i = 0; i < in->n; i++) {
		if (in->items[i].state == ITEM_RUNNING)
			mc_worker_kill(&in->items[i].worker);
		release(&in->items[i]);
	}
}

static size_t jobs_of(const struct ingest *in)
{
	return in->opt->jobs > 0 ? (size_t)in->opt->jobs : 1;
}

/* Prepares (hashes) and starts items ahead of the writer: prepared ones
 * bounded by 2 x jobs, running ones by jobs. A free worker slot gets the
 * next item hashed and started at once; beyond that, one item is hashed
 * per call, since the writer waits meanwhile. */
static void advance(struct ingest *in)
{
	size_t jobs = jobs_of(in);
	int lookahead = 1;
	for (;;) {
		while (in->next_start < in->next_prepare && running_count(in) < jobs) {
			struct item *it = &in->items[in->next_start++];
			if (it->needs_worker)
				start(in, it);
			else
				it->state = ITEM_FINISHED;
		}
		if (in->next_prepare >= in->n || in->next_prepare >= in->next_write + 2 * jobs)
			break;
		int slot_free = in->next_start == in->next_prepare && running_count(in) < jobs;
		if (!slot_free && !lookahead--)
			break;
		prepare(in, in->next_prepare++);
	}
}

/* After the case could not be written: the evidence from the one that
 * failed on is not in the case; each is named, so none is lost silently. */
static void name_not_stored(struct ingest *in)
{
	for (size_t i = in->next_write; i < in->n; i++)
		mc_error("%s: not stored: the case could not be written", in->items[i].entry->path);
	in->totals->not_stored = (int)(in->n - in->next_write);
}

/* Writes the items in input order. The one at the head is stored while its
 * worker still runs (copy_spool); the next ones parse meanwhile. */
static enum mc_ingest_outcome schedule(struct ingest *in)
{
	mc_progress_begin(in->n);
	while (in->next_write < in->n) {
		if (mc_interrupted)
			return MC_INGEST_INTERRUPTED;
		advance(in);
		if (mc_interrupted)   /* while hashing: that item is not written */
			return MC_INGEST_INTERRUPTED;
		struct item *it = &in->items[in->next_write];
		if (it->state == ITEM_READY && !it->needs_worker)
			it->state = ITEM_FINISHED;
		if (it->state != ITEM_FINISHED && it->state != ITEM_RUNNING) {
			wait_for_workers(in, 20);
			continue;
		}
		if (write_item(in, it) != 0) {
			if (mc_interrupted)
				return MC_INGEST_INTERRUPTED;
			name_not_stored(in);
			return MC_INGEST_CASE_ERROR;
		}
		it->state = ITEM_WRITTEN;
		release(it);
		in->next_write++;
		mc_progress_update(in->next_write, (uint64_t)in->totals->messages, it->entry->path);
	}
	return MC_INGEST_DONE;
}

enum mc_ingest_outcome mc_ingest(sqlite3 *db, struct mc_worker_pool *pool,
                                 char **paths, int npaths,
                                 const struct mc_ingest_options *opt,
                                 struct mc_ingest_totals *totals)
{
	struct ingest in = { .db = db, .pool = pool, .opt = opt, .totals = totals };
	memset(totals, 0, sizeof *totals);
	in.writer = mc_writer_new(db);
	if (!in.writer)
		return MC_INGEST_CASE_ERROR;
	in.limits.timeout_s = opt->timeout_s;
	in.limits.memory_mb = opt->memory_mb;
	in.limits.spool_dir = opt->spool_dir;

	GPtrArray *entries = mc_walk(paths, npaths, opt->case_path, &totals->case_files);
	in.n = entries->len;
	in.items = g_new0(struct item, in.n ? in.n : 1);
	for (size_t i = 0; i < in.n; i++) {
		in.items[i].entry = g_ptr_array_index(entries, i);
		in.items[i].fd = -1;
		in.items[i].worker.spool_fd = -1;
		in.items[i].duplicate_of_item = -1;
	}
	in.run_hashes = g_hash_table_new(g_str_hash, g_str_equal);

	enum mc_ingest_outcome outcome = schedule(&in);

	mc_progress_end();
	stop_all(&in);
	g_hash_table_destroy(in.run_hashes);
	g_free(in.items);
	g_ptr_array_free(entries, TRUE);
	mc_writer_free(in.writer);
	return outcome;
}
