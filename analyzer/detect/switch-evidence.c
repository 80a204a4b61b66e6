/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * switch-evidence.c: what else the case holds about a language switch of
 * system messages (switch-evidence.h): the events that date it, and the
 * evidence that corroborates a switch resting on a single message.
 */
#include "config.h"

#include <string.h>

#include "case-db.h"
#include "rules.h"
#include "switch-evidence.h"
#include "switch-series.h"

/* Messages m that identity ?1 wrote with webmail at night (00:00-06:00 in
 * its usual offset; i: its identities row). */
#define NIGHT_WEBMAIL_OF_1 \
	"m.sender_identity = ?1 AND m.system_kind IS NULL AND m.client_kind = 'webmail'" \
	" AND CAST(strftime('%H', m.date_utc, coalesce(i.utc_offset, 0) || ' minutes')" \
	" AS INTEGER) < 6"


char *mc_switch_dating_events(sqlite3 *db, const char *identity, const char *from,
                         const char *to, struct mc_finding *f, GString *basis)
{
	char *earliest = NULL;
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT m.id, coalesce(m.creation_time, m.date_utc) AS t, 'hidden rule created'"
		"  FROM messages m JOIN evidence e ON e.id = m.evidence_id"
		" WHERE e.mailbox = ?1 AND m.origin = 'hidden'"
		"   AND (m.message_class LIKE 'IPM.Rule.%' OR m.message_class LIKE 'IPM.ExtendedRule.%')"
		"   AND t > ?2 AND t <= ?3"
		" UNION ALL "
		"SELECT m.id, m.date_utc, 'webmail at night'"
		"  FROM messages m LEFT JOIN identities i ON i.identity = m.sender_identity"
		" WHERE " NIGHT_WEBMAIL_OF_1 " AND m.date_utc > ?2 AND m.date_utc <= ?3"
		" ORDER BY 2");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *what = (const char *)sqlite3_column_text(st, 2);
		if (!earliest) {
			earliest = g_strdup(t);
			g_string_append(basis, what);
		}
		mc_finding_add_message(f, sqlite3_column_int64(st, 0), "evidence");
	}
	sqlite3_finalize(st);
	return earliest;
}

/* Whether a language the localized-default-folders rule gave (a tag, or a
 * script code when the folder's language could not be told) is the new
 * language (key) of the switch: the same primary language, or, for a
 * script, the same script other than Latin. */
static int folder_language_matches(const char *folder, const char *key, int by_script)
{
	int is_script = strlen(folder) == 4 && g_ascii_isupper(folder[0]);
	const char *fs = is_script ? folder : mc_switch_script_of_tag(folder);
	if (by_script || is_script)
		return strcmp(fs, "Latn") != 0 && strcmp(fs, mc_switch_script_of_tag(key)) == 0;
	size_t nf = strcspn(folder, "-"), nk = strcspn(key, "-");
	return nf == nk && strncmp(folder, key, nf) == 0;
}

int mc_switch_single_corroboration(sqlite3 *db, const char *identity, const char *key,
                                   int by_script, const char *from, const char *to,
                                   GPtrArray *found)
{
	int n = 0;
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT json_extract(details, '$.language') FROM findings"
		" WHERE rule = '" MC_RULE_LOCALIZED_DEFAULT_FOLDERS "' AND identity = ?1 ORDER BY id");
	if (st) {
		sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *l = (const char *)sqlite3_column_text(st, 0);
			if (l && folder_language_matches(l, key, by_script)) {
				g_ptr_array_add(found, g_strdup_printf("default folders named in %s", l));
				n++;
				break;
			}
		}
		sqlite3_finalize(st);
	}
	st = mc_case_prepare(db,
		"SELECT count(*) FROM findings WHERE rule = '" MC_RULE_HIDDEN_FORWARDING_RULE "'"
		" AND identity = ?1 AND severity IN ('medium', 'high', 'critical')");
	if (st) {
		sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0) {
			g_ptr_array_add(found, g_strdup("hidden inbox rule forwarding mail"));
			n++;
		}
		sqlite3_finalize(st);
	}
	st = mc_case_prepare(db,
		"SELECT coalesce(sum(m.date_utc > ?2 AND m.date_utc <= ?3), 0),"
		"       coalesce(sum(m.date_utc <= ?2), 0)"
		"  FROM messages m LEFT JOIN identities i ON i.identity = m.sender_identity"
		" WHERE " NIGHT_WEBMAIL_OF_1);
	if (st) {
		sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0
		    && sqlite3_column_int(st, 1) == 0) {
			g_ptr_array_add(found, g_strdup("webmail at night, first used in the window"));
			n++;
		}
		sqlite3_finalize(st);
	}
	return n;
}
