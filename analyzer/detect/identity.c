/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.c: address normalisation, DN aliases, and mailbox owners.
 */
#include "config.h"

#include <string.h>

#include "case-db.h"
#include "identity.h"
#include "log.h"

/* Skips the blanks, quotes and angle brackets around an address. */
static const char *skip_wrapping(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '<' || *s == '"' || *s == '\'')
		s++;
	return s;
}

char *mc_identity_normalize(const char *addr)
{
	if (!addr)
		return NULL;
	addr = skip_wrapping(addr);
	/* A MAPI address-type prefix ("SMTP:Bob@x", "smtp: <bob@x>"), then
	 * whatever wraps the address after it. */
	if (g_ascii_strncasecmp(addr, "smtp:", 5) == 0)
		addr = skip_wrapping(addr + 5);
	char *s = g_ascii_strdown(addr, -1);
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '>' ||
	                 s[n - 1] == '"' || s[n - 1] == '\''))
		s[--n] = '\0';
	if (n == 0) {
		g_free(s);
		return NULL;
	}
	return s;
}

static int is_smtp(const char *s)
{
	return s && s[0] != '/' && strchr(s, '@') != NULL;
}

static void add_pair(struct mc_identities *ids, const char *exdn, const char *addr)
{
	char *dn = mc_identity_normalize(exdn), *smtp = mc_identity_normalize(addr);
	if (dn && smtp && is_smtp(smtp) && !is_smtp(dn) && !g_hash_table_contains(ids->alias, dn)) {
		g_hash_table_insert(ids->alias, dn, smtp);
		return;
	}
	g_free(dn);
	g_free(smtp);
}

int mc_identities_load(struct mc_identities *ids, sqlite3 *db)
{
	ids->alias = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	static const char *const queries[] = {
		"SELECT from_exdn, from_addr FROM messages WHERE from_exdn IS NOT NULL"
		" AND from_addr LIKE '%@%' ORDER BY id",
		"SELECT exdn, addr FROM recipients WHERE exdn IS NOT NULL AND addr LIKE '%@%'"
		" ORDER BY id",
	};
	for (size_t q = 0; q < G_N_ELEMENTS(queries); q++) {
		sqlite3_stmt *st = mc_case_prepare(db, queries[q]);
		if (!st)
			return -1;
		while (sqlite3_step(st) == SQLITE_ROW)
			add_pair(ids, (const char *)sqlite3_column_text(st, 0),
			         (const char *)sqlite3_column_text(st, 1));
		sqlite3_finalize(st);
	}
	return 0;
}

void mc_identities_clear(struct mc_identities *ids)
{
	if (ids->alias)
		g_hash_table_destroy(ids->alias);
	ids->alias = NULL;
}

char *mc_identity_resolve(const struct mc_identities *ids, const char *addr,
                          const char *exdn)
{
	char *a = mc_identity_normalize(addr);
	if (a && !is_smtp(a)) {
		/* An "address" that is really a DN (EX address type). */
		const char *smtp = g_hash_table_lookup(ids->alias, a);
		if (smtp) {
			g_free(a);
			return g_strdup(smtp);
		}
	}
	if (a && is_smtp(a))
		return a;
	char *dn = mc_identity_normalize(exdn);
	if (dn) {
		const char *smtp = g_hash_table_lookup(ids->alias, dn);
		if (smtp) {
			g_free(dn);
			g_free(a);
			return g_strdup(smtp);
		}
	}
	if (a) {
		g_free(dn);
		return a;
	}
	return dn;
}

int mc_identities_assign_mailboxes(sqlite3 *db)
{
	char err[512];
	const char *sql =
		"UPDATE evidence SET mailbox = CASE"
		"  WHEN custodian LIKE '%_@_%' THEN lower(trim(custodian))"
		"  ELSE coalesce("
		"   (SELECT m.sender_identity FROM messages m JOIN folders f ON f.id = m.folder_id"
		"     WHERE m.evidence_id = evidence.id AND f.role = 'sent' AND m.origin = 'folder'"
		"       AND m.sender_identity LIKE '%@%'"
		"     GROUP BY m.sender_identity ORDER BY count(*) DESC, m.sender_identity LIMIT 1),"
		"   (SELECT lower(r.addr) FROM recipients r JOIN messages m ON m.id = r.message_id"
		"     JOIN folders f ON f.id = m.folder_id"
		"     WHERE m.evidence_id = evidence.id AND f.role = 'inbox' AND r.kind = 'to'"
		"       AND r.addr LIKE '%@%'"
		"     GROUP BY lower(r.addr) ORDER BY count(*) DESC, lower(r.addr) LIMIT 1),"
		/* a Google Takeout mbox: one file, its folders are labels */
		"   (SELECT m.sender_identity FROM messages m JOIN message_labels l ON l.message_id = m.id"
		"     WHERE m.evidence_id = evidence.id AND l.role = 'sent' AND m.origin = 'folder'"
		"       AND m.sender_identity LIKE '%@%'"
		"     GROUP BY m.sender_identity ORDER BY count(*) DESC, m.sender_identity LIMIT 1),"
		"   (SELECT lower(r.addr) FROM recipients r JOIN messages m ON m.id = r.message_id"
		"     JOIN message_labels l ON l.message_id = m.id"
		"     WHERE m.evidence_id = evidence.id AND l.role = 'inbox' AND r.kind = 'to'"
		"       AND r.addr LIKE '%@%'"
		"     GROUP BY lower(r.addr) ORDER BY count(*) DESC, lower(r.addr) LIMIT 1))"
		" END"
		" WHERE format IS NOT NULL";
	if (mc_case_exec(db, sql, err, sizeof err) != 0) {
		mc_error("analyze: cannot decide mailbox owners: %s", err);
		return -1;
	}
	return 0;
}

int mc_identities_store_aliases(const struct mc_identities *ids, sqlite3 *db)
{
	char err[512];
	if (mc_case_exec(db, "DELETE FROM identity_aliases", err, sizeof err) != 0) {
		mc_error("analyze: %s", err);
		return -1;
	}
	sqlite3_stmt *st = mc_case_prepare(db,
		"INSERT OR IGNORE INTO identity_aliases(alias, identity) VALUES (?, ?)");
	if (!st)
		return -1;
	GHashTableIter it;
	gpointer k, v;
	int rc = 0;
	g_hash_table_iter_init(&it, ids->alias);
	while (rc == 0 && g_hash_table_iter_next(&it, &k, &v)) {
		sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* mc_sender_identity(from_addr, from_exdn) in SQL: mc_identity_resolve with
 * the identities given as the function's user data, so the SQL and the C
 * paths cannot disagree. */
static void sql_sender_identity(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct mc_identities *ids = sqlite3_user_data(ctx);
	char *id = mc_identity_resolve(ids, (const char *)sqlite3_value_text(argv[0]),
	                               (const char *)sqlite3_value_text(argv[1]));
	if (id)
		sqlite3_result_text(ctx, id, -1, g_free);
	else
		sqlite3_result_null(ctx);
}

int mc_identities_resolve_senders(sqlite3 *db, const struct mc_identities *ids)
{
	char err[512];
	if (sqlite3_create_function(db, "mc_sender_identity", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	                            (void *)ids, sql_sender_identity, NULL, NULL) != SQLITE_OK) {
		mc_error("analyze: cannot resolve senders: %s", sqlite3_errmsg(db));
		return -1;
	}
	/* Only the rows whose identity changes are written: rewriting a
	 * message rewrites all of it, body included (issue 9). */
	int rc = mc_case_exec(db,
		"UPDATE messages SET sender_identity = mc_sender_identity(from_addr, from_exdn)"
		" WHERE sender_identity IS NOT mc_sender_identity(from_addr, from_exdn)",
		err, sizeof err);
	if (rc != 0)
		mc_error("analyze: cannot resolve senders: %s", err);
	/* ids does not outlive the caller: the function goes with it. */
	sqlite3_create_function(db, "mc_sender_identity", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	return rc;
}
