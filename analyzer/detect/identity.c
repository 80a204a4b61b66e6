/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.c: address normalisation, DN aliases, and mailbox owners.
 */
#include "config.h"

#include <string.h>

#include "case-db.h"
#include "identity.h"
#include "log.h"

char *mc_identity_normalize(const char *addr)
{
	if (!addr)
		return NULL;
	while (*addr == ' ' || *addr == '\t' || *addr == '<' || *addr == '"' || *addr == '\'')
		addr++;
	if (g_ascii_strncasecmp(addr, "smtp:", 5) == 0)
		addr += 5;
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

int mc_identities_resolve_senders(sqlite3 *db)
{
	char err[512];
	/* Only the rows whose identity changes are written: rewriting a
	 * message rewrites all of it, body included (issue 9). */
#define SENDER_IDENTITY \
		"coalesce("\
		"  CASE WHEN from_addr LIKE '%_@_%' AND from_addr NOT LIKE '/%'"\
		"       THEN lower(trim(from_addr, ' <>\"')) END,"\
		"  (SELECT identity FROM identity_aliases WHERE alias = lower(trim(from_addr))),"\
		"  (SELECT identity FROM identity_aliases WHERE alias = lower(trim(from_exdn))),"\
		"  lower(trim(from_exdn)), nullif(lower(trim(from_addr)), ''))"
	const char *sql =
		"UPDATE messages SET sender_identity = " SENDER_IDENTITY
		" WHERE sender_identity IS NOT " SENDER_IDENTITY;
#undef SENDER_IDENTITY
	if (mc_case_exec(db, sql, err, sizeof err) != 0) {
		mc_error("analyze: cannot resolve senders: %s", err);
		return -1;
	}
	return 0;
}

int mc_identities_fill(sqlite3 *db)
{
	char err[512];
	const char *sql =
		"DELETE FROM identities;"
		"INSERT INTO identities(identity, display_name, is_mailbox, sent_count, system_count)"
		" SELECT i,"
		"  (SELECT from_name FROM messages WHERE sender_identity = i AND from_name IS NOT NULL"
		"    GROUP BY from_name ORDER BY count(*) DESC, from_name LIMIT 1),"
		"  EXISTS (SELECT 1 FROM evidence WHERE mailbox = i),"
		"  (SELECT count(*) FROM messages WHERE sender_identity = i AND system_kind IS NULL),"
		"  (SELECT count(*) FROM messages WHERE system_identity = i)"
		" FROM (SELECT sender_identity AS i FROM messages WHERE sender_identity IS NOT NULL"
		"       UNION SELECT system_identity FROM messages WHERE system_identity IS NOT NULL"
		"       UNION SELECT mailbox FROM evidence WHERE mailbox IS NOT NULL);"
		"UPDATE identities SET"
		" language = (SELECT language FROM messages WHERE sender_identity = identities.identity"
		"   AND system_kind IS NULL AND language IS NOT NULL AND language <> 'und'"
		"   GROUP BY language ORDER BY count(*) DESC, language LIMIT 1),"
		" utc_offset = (SELECT m.date_offset FROM messages m"
		"   WHERE m.sender_identity = identities.identity AND m.date_offset IS NOT NULL"
		"     AND EXISTS (SELECT 1 FROM headers h WHERE h.message_id = m.id AND h.name = 'Date')"
		"   GROUP BY m.date_offset ORDER BY count(*) DESC, m.date_offset LIMIT 1)"
		" WHERE sent_count > 0;";
	if (mc_case_exec(db, sql, err, sizeof err) != 0) {
		mc_error("analyze: cannot store identities: %s", err);
		return -1;
	}
	return 0;
}
