/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity-fill.c: the identities table (identity.h, mc_identities_fill):
 * its rows and counts in SQL, then each identity's usual display name,
 * language and UTC offset counted in one pass over the messages in
 * identity order. A GROUP BY per identity sorted all of its messages in
 * memory (the case's temp store), three times: about 40 MiB for a
 * mailbox of 1,000,000 messages (docs/performance.md); here memory grows
 * with the distinct values of one identity only.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "case-db.h"
#include "identity.h"
#include "log.h"

static const char ROWS_SQL[] =
	"DELETE FROM identities;"
	"INSERT INTO identities(identity, is_mailbox, sent_count, system_count)"
	" SELECT i,"
	"  EXISTS (SELECT 1 FROM evidence WHERE mailbox = i),"
	"  (SELECT count(*) FROM messages WHERE sender_identity = i AND system_kind IS NULL),"
	"  (SELECT count(*) FROM messages WHERE system_identity = i)"
	" FROM (SELECT sender_identity AS i FROM messages WHERE sender_identity IS NOT NULL"
	"       UNION SELECT system_identity FROM messages WHERE system_identity IS NOT NULL"
	"       UNION SELECT mailbox FROM evidence WHERE mailbox IS NOT NULL);";

/* Each message with a sender identity, in identity order (the index
 * messages_sender_identity gives it, no sort): its display name, its
 * language when it counts for the identity's language (its own message,
 * a language found), its UTC offset when a Date header gave it. */
static const char MESSAGES_SQL[] =
	"SELECT m.sender_identity, m.from_name,"
	" CASE WHEN m.system_kind IS NULL AND m.language <> 'und' THEN m.language END,"
	" CASE WHEN m.date_offset IS NOT NULL AND EXISTS (SELECT 1 FROM headers h"
	"   WHERE h.message_id = m.id AND h.name = 'Date') THEN m.date_offset END"
	" FROM messages m WHERE m.sender_identity IS NOT NULL ORDER BY m.sender_identity";

/* Language and UTC offset only for identities that sent messages of their
 * own. */
static const char UPDATE_SQL[] =
	"UPDATE identities SET display_name = ?2,"
	" language = CASE WHEN sent_count > 0 THEN ?3 END,"
	" utc_offset = CASE WHEN sent_count > 0 THEN ?4 END"
	" WHERE identity = ?1";

/* How often each value was seen for the current identity: value -> a
 * counter of its own (guint64 *). */
struct tally {
	GHashTable *names, *languages;   /* strings */
	GHashTable *offsets;             /* GINT_TO_POINTER(minutes) */
};

static void count(GHashTable *t, gconstpointer key, gpointer (*copy)(gconstpointer))
{
	guint64 *n = g_hash_table_lookup(t, key);
	if (!n) {
		n = g_new0(guint64, 1);
		g_hash_table_insert(t, copy(key), n);
	}
	(*n)++;
}

static gpointer copy_text(gconstpointer s)
{
	return g_strdup(s);
}

static gpointer copy_direct(gconstpointer p)
{
	return (gpointer)p;
}

/* The value seen most often, the smallest of those (as SQLite orders
 * text, byte by byte; offsets as numbers); NULL when none. */
static gconstpointer most_often(GHashTable *t, int text)
{
	GHashTableIter it;
	gpointer key, value;
	gconstpointer best = NULL;
	guint64 best_n = 0;
	int found = 0;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		guint64 n = *(guint64 *)value;
		int smaller = found && (text ? strcmp(key, best) < 0
		                             : GPOINTER_TO_INT(key) < GPOINTER_TO_INT(best));
		if (!found || n > best_n || (n == best_n && smaller)) {
			best = key;
			best_n = n;
			found = 1;
		}
	}
	return best;
}

/* Writes the identity's usual values and forgets them. */
static int store(sqlite3_stmt *up, const char *identity, struct tally *t)
{
	const char *name = most_often(t->names, 1), *language = most_often(t->languages, 1);
	sqlite3_bind_text(up, 1, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(up, 3, language, -1, SQLITE_STATIC);
	if (g_hash_table_size(t->offsets) > 0)
		sqlite3_bind_int(up, 4, GPOINTER_TO_INT(most_often(t->offsets, 0)));
	else
		sqlite3_bind_null(up, 4);
	int rc = sqlite3_step(up) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(up);
	sqlite3_clear_bindings(up);
	g_hash_table_remove_all(t->names);
	g_hash_table_remove_all(t->languages);
	g_hash_table_remove_all(t->offsets);
	return rc;
}

static int fill_usual_values(sqlite3 *db)
{
	sqlite3_stmt *st = mc_case_prepare(db, MESSAGES_SQL);
	sqlite3_stmt *up = mc_case_prepare(db, UPDATE_SQL);
	struct tally t = {
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
	};
	int rc = st && up ? 0 : -1;
	char *current = NULL;
	int step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *identity = (const char *)sqlite3_column_text(st, 0);
		if (current && strcmp(identity, current) != 0) {
			rc = store(up, current, &t);
			g_clear_pointer(&current, g_free);
		}
		if (!current)
			current = g_strdup(identity);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			count(t.names, sqlite3_column_text(st, 1), copy_text);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			count(t.languages, sqlite3_column_text(st, 2), copy_text);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			count(t.offsets, GINT_TO_POINTER(sqlite3_column_int(st, 3)), copy_direct);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	if (rc == 0 && current)
		rc = store(up, current, &t);
	if (rc != 0)
		mc_error("analyze: cannot store identities: %s", sqlite3_errmsg(db));
	g_free(current);
	g_hash_table_destroy(t.names);
	g_hash_table_destroy(t.languages);
	g_hash_table_destroy(t.offsets);
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return rc;
}

int mc_identities_fill(sqlite3 *db)
{
	char err[512];
	if (mc_case_exec(db, ROWS_SQL, err, sizeof err) != 0) {
		mc_error("analyze: cannot store identities: %s", err);
		return -1;
	}
	return fill_usual_values(db);
}
