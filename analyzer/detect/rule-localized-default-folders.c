/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rule-localized-default-folders.c: the rule localized-default-folders
 * (docs/findings.md): a mailbox whose special folders (found by role, that
 * is by entry id, not by name) carry names in a language other than the one
 * its owner writes.
 * Outlook and Exchange name the default folders in the language of the
 * session that created them, so an attacker's session language can show
 * there.
 *
 * Gmail labels with a folder role (message_labels, from a Google Takeout
 * mbox) are read as folder names: Takeout writes the system labels in the
 * account's language.
 *
 * The names and their languages come from parsers/folder-names.c, the table
 * the Maildir and mbox readers guess roles from. A name that servers use
 * whatever the user's language (Dovecot's "Drafts", "Trash") is evidence
 * only in an Outlook container; a name not listed is judged by its script
 * against the script of the owner's language.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "folder-names.h"
#include "json-out.h"
#include "rules.h"
#include "textid.h"

/* Whether the evidence format comes from Outlook/Exchange, whose default
 * folder names follow the language of the session that created them. */
static int outlook_container(const char *format)
{
	return format && (strcmp(format, "pst") == 0 || strcmp(format, "ost") == 0 ||
	                  strcmp(format, "msg") == 0);
}

static int same_language(const char *a, const char *b)
{
	size_t n = strcspn(a, "-"), m = strcspn(b, "-");
	if (n != m || strncmp(a, b, n) != 0)
		return 0;
	/* Chinese scripts differ; bare "zh" (a name both use) matches either */
	return strncmp(a, "zh", 2) != 0 || !a[2] || !b[2] || strcmp(a, b) == 0;
}

/*
 * The language `name` shows against `home`: NULL when it shows none or
 * matches home (one of its listed languages is home's), else the first
 * listed language, or what text identification says of a non-Latin name.
 */
static const char *foreign_language(const char *name, const char *home, int outlook,
                                    struct mc_textid *id)
{
	const struct mc_folder_name *hits[8];
	size_t n = mc_folder_name_find(name, hits, G_N_ELEMENTS(hits));
	if (n > G_N_ELEMENTS(hits))
		n = G_N_ELEMENTS(hits);
	const char *lang = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((hits[i]->flags & MC_FOLDER_NAME_IMAP) && !outlook)
			return NULL;   /* a server default: no language */
		if (same_language(hits[i]->lang, home))
			return NULL;
		lang = lang ? lang : hits[i]->lang;
	}
	if (lang)
		return lang;
	mc_textid_identify(name, strlen(name), id);
	if (strcmp(id->script, "Latn") == 0 || strcmp(id->script, "Zyyy") == 0)
		return NULL;   /* an unlisted Latin name proves nothing */
	lang = strcmp(id->language, "und") ? id->language : id->script;
	return same_language(lang, home) ? NULL : lang;
}

/* The special folders of a mailbox, then its labels with a folder role:
 * kind, folder id (labels: 0), name, role, evidence format. */
static const char NAMES_SQL[] =
	"SELECT 'folder', f.id, f.name, f.role, e.format FROM folders f"
	" JOIN evidence e ON e.id = f.evidence_id"
	" WHERE e.mailbox = ?1 AND f.role <> 'other'"
	" UNION ALL SELECT * FROM (SELECT 'label', 0, l.label, l.role, e.format"
	"  FROM message_labels l JOIN messages m ON m.id = l.message_id"
	"  JOIN evidence e ON e.id = m.evidence_id"
	"  WHERE e.mailbox = ?1 AND l.role IN ('inbox','sent','deleted','outbox','drafts','junk')"
	"  GROUP BY l.label, l.role, e.format ORDER BY min(l.message_id))";
/* The messages that show a name: those of the folder, or those carrying the
 * label in the mailbox's evidence; the first 20 by date. */
static const char FOLDER_MESSAGES_SQL[] =
	"SELECT id, date_utc FROM messages WHERE folder_id = ? ORDER BY date_utc LIMIT 20";
static const char LABEL_MESSAGES_SQL[] =
	"SELECT m.id, m.date_utc FROM message_labels l JOIN messages m ON m.id = l.message_id"
	" JOIN evidence e ON e.id = m.evidence_id"
	" WHERE l.label = ?1 AND l.role = ?2 AND e.mailbox = ?3 ORDER BY m.date_utc LIMIT 20";

static void add_messages(sqlite3 *db, struct mc_finding *f, sqlite3_stmt *name,
                         const char *mailbox)
{
	int label = strcmp((const char *)sqlite3_column_text(name, 0), "label") == 0;
	sqlite3_stmt *ms = mc_case_prepare(db, label ? LABEL_MESSAGES_SQL : FOLDER_MESSAGES_SQL);
	if (!ms)
		return;
	if (label) {
		sqlite3_bind_text(ms, 1, (const char *)sqlite3_column_text(name, 2), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ms, 2, (const char *)sqlite3_column_text(name, 3), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ms, 3, mailbox, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_int64(ms, 1, sqlite3_column_int64(name, 1));
	}
	while (sqlite3_step(ms) == SQLITE_ROW) {
		mc_finding_add_message(f, sqlite3_column_int64(ms, 0), "evidence");
		mc_finding_seen(f, (const char *)sqlite3_column_text(ms, 1));
	}
	sqlite3_finalize(ms);
}

/* One finding per mailbox whose default folders (in any of its evidence
 * files: an mbox export is a file per folder) or folder-role labels are
 * named in a foreign language; returns 0 or -1. */
static int check_mailbox(sqlite3 *db, const char *mailbox, const char *home,
                         struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db, NAMES_SQL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, mailbox, -1, SQLITE_TRANSIENT);
	struct mc_finding *f = NULL;
	GString *list = g_string_new(NULL);
	const char *foreign = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 2);
		/* IMAP's reserved name for the inbox, used by Maildir: no language. */
		if (g_ascii_strcasecmp(name, "INBOX") == 0)
			continue;
		struct mc_textid id;
		int outlook = outlook_container((const char *)sqlite3_column_text(st, 4));
		const char *lang = foreign_language(name, home, outlook, &id);
		if (!lang)
			continue;
		if (!f)
			f = mc_finding_new(MC_RULE_LOCALIZED_DEFAULT_FOLDERS, "medium", 0.7, mailbox);
		foreign = foreign ? foreign : lang;
		int label = strcmp((const char *)sqlite3_column_text(st, 0), "label") == 0;
		g_string_append_printf(list, "%s%s%s: %s (%s)", list->len ? "; " : "",
		                       (const char *)sqlite3_column_text(st, 3),
		                       label ? " label" : "", name, lang);
		add_messages(db, f, st, mailbox);
	}
	sqlite3_finalize(st);
	int rc = 0;
	if (f) {
		g_string_printf(f->summary, "default folders of %s are named in %s, its owner "
		                "writes %s: %s", mailbox, foreign, home, list->str);
		g_string_append(f->details, "{\"owner_language\":");
		mc_json_string(f->details, home);
		g_string_append(f->details, ",\"language\":");
		mc_json_string(f->details, foreign);
		g_string_append(f->details, ",\"folders\":");
		mc_json_string(f->details, list->str);
		g_string_append(f->details, "}");
		rc = mc_finding_store(db, f, t);
	}
	g_string_free(list, TRUE);
	return rc;
}

int mc_rule_localized_default_folders(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT e.mailbox, i.language FROM evidence e"
		" JOIN identities i ON i.identity = e.mailbox"
		" WHERE i.language IS NOT NULL AND i.language <> 'und'"
		" GROUP BY e.mailbox ORDER BY min(e.id)");
	if (!st)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = check_mailbox(db, (const char *)sqlite3_column_text(st, 0),
		                   (const char *)sqlite3_column_text(st, 1), t);
	sqlite3_finalize(st);
	return rc;
}
