/*
 * rule-folders.c: the rule localized-default-folders (docs/findings.md):
 * a mailbox whose special folders (found by role, that is by entry id, not
 * by name) carry names in a language other than the one its owner writes.
 * Outlook and Exchange name the default folders in the language of the
 * session that created them, so an attacker's session language can show
 * there.
 *
 * The names below are Outlook's default folder names as the author knows
 * them from localized Outlook/Exchange installations (facts, not verified
 * against Microsoft's string tables); a name not listed is judged by its
 * script against the script of the owner's language.
 */
#include "config.h"

#include <string.h>

#include "analyze.h"
#include "case-db.h"
#include "json-out.h"
#include "textid.h"

struct folder_name {
	const char *lang;
	const char *names;   /* '|'-separated, any role */
};

static const struct folder_name folder_names[] = {
	{ "en", "Inbox|Sent Items|Deleted Items|Drafts|Outbox|Junk E-mail|Junk Email" },
	{ "de", "Posteingang|Gesendete Elemente|Gesendete Objekte|Gelöschte Elemente|"
	        "Gelöschte Objekte|Entwürfe|Postausgang|Junk-E-Mail" },
	{ "fr", "Boîte de réception|Éléments envoyés|Éléments supprimés|Brouillons|"
	        "Boîte d'envoi|Courrier indésirable" },
	{ "nl", "Postvak IN|Verzonden items|Verwijderde items|Concepten|Postvak UIT|"
	        "Ongewenste e-mail" },
	{ "it", "Posta in arrivo|Posta inviata|Posta eliminata|Bozze|Posta in uscita|"
	        "Posta indesiderata" },
	{ "es", "Bandeja de entrada|Elementos enviados|Elementos eliminados|Borradores|"
	        "Bandeja de salida|Correo no deseado" },
	{ "pt", "Caixa de Entrada|Itens Enviados|Itens Excluídos|Rascunhos|Caixa de Saída|"
	        "Lixo Eletrônico" },
	{ "pl", "Skrzynka odbiorcza|Elementy wysłane|Elementy usunięte|Wersje robocze|"
	        "Skrzynka nadawcza|Wiadomości-śmieci" },
	{ "ru", "Входящие|Отправленные|Удаленные|Удалённые|Черновики|Исходящие|"
	        "Нежелательная почта" },
	{ "zh-Hans", "收件箱|已发送邮件|已删除邮件|草稿|发件箱|垃圾邮件" },
	{ "zh-Hant", "收件匣|寄件備份|刪除的郵件|草稿|寄件匣|垃圾郵件" },
	{ "ja", "受信トレイ|送信済みアイテム|削除済みアイテム|下書き|送信トレイ|迷惑メール" },
	{ "ko", "받은 편지함|보낸 편지함|지운 편지함|임시 보관함|보낼 편지함|정크 메일" },
};

/* The language whose default names include `name`, or NULL. */
static const char *language_of_name(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(folder_names); i++) {
		char **names = g_strsplit(folder_names[i].names, "|", -1);
		int hit = 0;
		for (char **n = names; *n && !hit; n++)
			hit = g_utf8_collate(*n, name) == 0 || g_ascii_strcasecmp(*n, name) == 0;
		g_strfreev(names);
		if (hit)
			return folder_names[i].lang;
	}
	return NULL;
}

static int same_language(const char *a, const char *b)
{
	size_t n = strcspn(a, "-"), m = strcspn(b, "-");
	return n == m && strncmp(a, b, n) == 0 &&
	       (strncmp(a, "zh", 2) != 0 || strcmp(a, b) == 0);
}

/* One finding per evidence whose default folders are named in a foreign
 * language; returns 0 or -1. */
static int check_evidence(sqlite3 *db, long long evidence, const char *mailbox,
                          const char *home, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT id, name, role FROM folders WHERE evidence_id = ? AND role <> 'other'"
		" ORDER BY id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, evidence);
	struct mc_finding *f = NULL;
	GString *list = g_string_new(NULL);
	const char *foreign = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		/* IMAP's reserved name for the inbox, used by Maildir: no language. */
		if (g_ascii_strcasecmp(name, "INBOX") == 0)
			continue;
		const char *lang = language_of_name(name);
		if (!lang) {
			struct mc_textid id;
			mc_textid_identify(name, strlen(name), &id);
			if (strcmp(id.script, "Latn") == 0 || strcmp(id.script, "Zyyy") == 0)
				continue;   /* an unlisted Latin name proves nothing */
			lang = strcmp(id.language, "und") ? id.language : id.script;
		}
		if (same_language(lang, home))
			continue;
		if (!f)
			f = mc_finding_new("localized-default-folders", "medium", 0.7, mailbox);
		foreign = foreign ? foreign : lang;
		g_string_append_printf(list, "%s%s: %s (%s)", list->len ? "; " : "",
		                       (const char *)sqlite3_column_text(st, 2), name, lang);
		sqlite3_stmt *ms = mc_case_prepare(db, "SELECT id, date_utc FROM messages"
		                                       " WHERE folder_id = ? ORDER BY date_utc LIMIT 20");
		sqlite3_bind_int64(ms, 1, sqlite3_column_int64(st, 0));
		while (sqlite3_step(ms) == SQLITE_ROW) {
			mc_finding_add_message(f, sqlite3_column_int64(ms, 0), "evidence");
			mc_finding_seen(f, (const char *)sqlite3_column_text(ms, 1));
		}
		sqlite3_finalize(ms);
	}
	sqlite3_finalize(st);
	int rc = 0;
	if (f) {
		g_string_printf(f->summary, "default folders of %s are named in %s, its owner "
		                "writes %s: %s", mailbox, foreign, home, list->str);
		g_string_append(f->details, "{\"owner_language\":");
		mc_json_string(f->details, home);
		g_string_append(f->details, ",\"folders\":");
		mc_json_string(f->details, list->str);
		g_string_append(f->details, "}");
		rc = mc_finding_store(db, f, t);
	}
	g_string_free(list, TRUE);
	return rc;
}

int mc_rule_localized_folders(sqlite3 *db, struct mc_analyze_totals *t)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT e.id, e.mailbox, i.language FROM evidence e"
		" JOIN identities i ON i.identity = e.mailbox"
		" WHERE i.language IS NOT NULL AND i.language <> 'und' ORDER BY e.id");
	if (!st)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = check_evidence(db, sqlite3_column_int64(st, 0),
		                    (const char *)sqlite3_column_text(st, 1),
		                    (const char *)sqlite3_column_text(st, 2), t);
	sqlite3_finalize(st);
	return rc;
}
