/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * folder-names.c: special-folder names by language and role, and the role
 * guess of readers that only have names (folder-names.h).
 *
 * Sources. Entries flagged OUTLOOK are the default folder names localized
 * Outlook and Exchange installations create, as the authors know them from
 * such installations; they were not checked against Microsoft's string
 * tables, so a missing or misspelt variant makes the rule silent, never
 * wrong about a listed name. Entries flagged IMAP are the names servers and
 * clients use whatever the user's language (Dovecot's and Gmail's defaults,
 * RFC 6154's usual names). Entries with neither flag are names localized
 * mail clients (Thunderbird, webmail) give the same folders.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "folder-names.h"
#include "record.h"

#define O MC_FOLDER_NAME_OUTLOOK
#define I MC_FOLDER_NAME_IMAP

static const struct mc_folder_name folder_names[] = {
	/* English: Outlook, then the IMAP defaults, then other clients */
	{ "Inbox", MC_ROLE_INBOX, "en", O | I },
	{ "Sent Items", MC_ROLE_SENT, "en", O },
	{ "Deleted Items", MC_ROLE_DELETED, "en", O },
	{ "Drafts", MC_ROLE_DRAFTS, "en", O | I },
	{ "Outbox", MC_ROLE_OUTBOX, "en", O },
	{ "Junk E-mail", MC_ROLE_JUNK, "en", O },
	{ "Junk Email", MC_ROLE_JUNK, "en", O },
	{ "Sent", MC_ROLE_SENT, "en", I },
	{ "Sent Messages", MC_ROLE_SENT, "en", I },
	{ "Sent Mail", MC_ROLE_SENT, "en", I },
	{ "sent-mail", MC_ROLE_SENT, "en", I },
	{ "Draft", MC_ROLE_DRAFTS, "en", I },
	{ "Trash", MC_ROLE_DELETED, "en", I },
	{ "Deleted", MC_ROLE_DELETED, "en", I },
	{ "Deleted Messages", MC_ROLE_DELETED, "en", I },
	{ "Bin", MC_ROLE_DELETED, "en", I },
	{ "Junk", MC_ROLE_JUNK, "en", I },
	{ "Spam", MC_ROLE_JUNK, "en", I },
	{ "Junk Mail", MC_ROLE_JUNK, "en", I },
	{ "Bulk Mail", MC_ROLE_JUNK, "en", I },
	/* German */
	{ "Posteingang", MC_ROLE_INBOX, "de", O },
	{ "Gesendete Elemente", MC_ROLE_SENT, "de", O },
	{ "Gesendete Objekte", MC_ROLE_SENT, "de", O },
	{ "Gelöschte Elemente", MC_ROLE_DELETED, "de", O },
	{ "Gelöschte Objekte", MC_ROLE_DELETED, "de", O },
	{ "Entwürfe", MC_ROLE_DRAFTS, "de", O },
	{ "Postausgang", MC_ROLE_OUTBOX, "de", O },
	{ "Junk-E-Mail", MC_ROLE_JUNK, "de", O },
	{ "Gesendet", MC_ROLE_SENT, "de", 0 },
	{ "Papierkorb", MC_ROLE_DELETED, "de", 0 },
	{ "Spamverdacht", MC_ROLE_JUNK, "de", 0 },
	/* French */
	{ "Boîte de réception", MC_ROLE_INBOX, "fr", O },
	{ "Éléments envoyés", MC_ROLE_SENT, "fr", O },
	{ "Éléments supprimés", MC_ROLE_DELETED, "fr", O },
	{ "Brouillons", MC_ROLE_DRAFTS, "fr", O },
	{ "Boîte d'envoi", MC_ROLE_OUTBOX, "fr", O },
	{ "Courrier indésirable", MC_ROLE_JUNK, "fr", O },
	{ "Envoyés", MC_ROLE_SENT, "fr", 0 },
	{ "Messages envoyés", MC_ROLE_SENT, "fr", 0 },
	{ "Corbeille", MC_ROLE_DELETED, "fr", 0 },
	{ "Indésirables", MC_ROLE_JUNK, "fr", 0 },
	/* Dutch */
	{ "Postvak IN", MC_ROLE_INBOX, "nl", O },
	{ "Verzonden items", MC_ROLE_SENT, "nl", O },
	{ "Verwijderde items", MC_ROLE_DELETED, "nl", O },
	{ "Concepten", MC_ROLE_DRAFTS, "nl", O },
	{ "Postvak UIT", MC_ROLE_OUTBOX, "nl", O },
	{ "Ongewenste e-mail", MC_ROLE_JUNK, "nl", O },
	{ "Verzonden", MC_ROLE_SENT, "nl", 0 },
	{ "Prullenbak", MC_ROLE_DELETED, "nl", 0 },
	/* Italian */
	{ "Posta in arrivo", MC_ROLE_INBOX, "it", O },
	{ "Posta inviata", MC_ROLE_SENT, "it", O },
	{ "Posta eliminata", MC_ROLE_DELETED, "it", O },
	{ "Bozze", MC_ROLE_DRAFTS, "it", O },
	{ "Posta in uscita", MC_ROLE_OUTBOX, "it", O },
	{ "Posta indesiderata", MC_ROLE_JUNK, "it", O },
	{ "Cestino", MC_ROLE_DELETED, "it", 0 },
	/* Spanish */
	{ "Bandeja de entrada", MC_ROLE_INBOX, "es", O },
	{ "Elementos enviados", MC_ROLE_SENT, "es", O },
	{ "Elementos eliminados", MC_ROLE_DELETED, "es", O },
	{ "Borradores", MC_ROLE_DRAFTS, "es", O },
	{ "Bandeja de salida", MC_ROLE_OUTBOX, "es", O },
	{ "Correo no deseado", MC_ROLE_JUNK, "es", O },
	{ "Enviados", MC_ROLE_SENT, "es", 0 },
	{ "Enviados", MC_ROLE_SENT, "pt", 0 },
	{ "Papelera", MC_ROLE_DELETED, "es", 0 },
	/* Portuguese (Brazil, then Portugal) */
	{ "Caixa de Entrada", MC_ROLE_INBOX, "pt", O },
	{ "Itens Enviados", MC_ROLE_SENT, "pt", O },
	{ "Itens Excluídos", MC_ROLE_DELETED, "pt", O },
	{ "Itens Eliminados", MC_ROLE_DELETED, "pt", O },
	{ "Rascunhos", MC_ROLE_DRAFTS, "pt", O },
	{ "Caixa de Saída", MC_ROLE_OUTBOX, "pt", O },
	{ "Lixo Eletrônico", MC_ROLE_JUNK, "pt", O },
	{ "Lixeira", MC_ROLE_DELETED, "pt", 0 },
	/* Polish */
	{ "Skrzynka odbiorcza", MC_ROLE_INBOX, "pl", O },
	{ "Elementy wysłane", MC_ROLE_SENT, "pl", O },
	{ "Elementy usunięte", MC_ROLE_DELETED, "pl", O },
	{ "Wersje robocze", MC_ROLE_DRAFTS, "pl", O },
	{ "Skrzynka nadawcza", MC_ROLE_OUTBOX, "pl", O },
	{ "Wiadomości-śmieci", MC_ROLE_JUNK, "pl", O },
	{ "Odebrane", MC_ROLE_INBOX, "pl", 0 },
	{ "Wysłane", MC_ROLE_SENT, "pl", 0 },
	{ "Kosz", MC_ROLE_DELETED, "pl", 0 },
	/* Scandinavian and Finnish */
	{ "Inkorgen", MC_ROLE_INBOX, "sv", O },
	{ "Skickade objekt", MC_ROLE_SENT, "sv", O },
	{ "Borttagna objekt", MC_ROLE_DELETED, "sv", O },
	{ "Utkast", MC_ROLE_DRAFTS, "sv", O },
	{ "Utkast", MC_ROLE_DRAFTS, "nb", O },
	{ "Utkorgen", MC_ROLE_OUTBOX, "sv", O },
	{ "Skräppost", MC_ROLE_JUNK, "sv", O },
	{ "Skickat", MC_ROLE_SENT, "sv", 0 },
	{ "Papperskorgen", MC_ROLE_DELETED, "sv", 0 },
	{ "Indbakke", MC_ROLE_INBOX, "da", O },
	{ "Sendt post", MC_ROLE_SENT, "da", O },
	{ "Slettet post", MC_ROLE_DELETED, "da", O },
	{ "Kladder", MC_ROLE_DRAFTS, "da", O },
	{ "Udbakke", MC_ROLE_OUTBOX, "da", O },
	{ "Uønsket e-mail", MC_ROLE_JUNK, "da", O },
	{ "Sendt", MC_ROLE_SENT, "da", 0 },
	{ "Sendt", MC_ROLE_SENT, "nb", 0 },
	{ "Innboks", MC_ROLE_INBOX, "nb", O },
	{ "Sendte elementer", MC_ROLE_SENT, "nb", O },
	{ "Slettede elementer", MC_ROLE_DELETED, "nb", O },
	{ "Utboks", MC_ROLE_OUTBOX, "nb", O },
	{ "Søppelpost", MC_ROLE_JUNK, "nb", O },
	{ "Saapuneet", MC_ROLE_INBOX, "fi", O },
	{ "Lähetetyt", MC_ROLE_SENT, "fi", O },
	{ "Poistetut", MC_ROLE_DELETED, "fi", O },
	{ "Luonnokset", MC_ROLE_DRAFTS, "fi", O },
	{ "Lähtevät", MC_ROLE_OUTBOX, "fi", O },
	{ "Roskaposti", MC_ROLE_JUNK, "fi", O },
	/* Czech, Hungarian, Turkish */
	{ "Doručená pošta", MC_ROLE_INBOX, "cs", O },
	{ "Odeslaná pošta", MC_ROLE_SENT, "cs", O },
	{ "Odstraněná pošta", MC_ROLE_DELETED, "cs", O },
	{ "Koncepty", MC_ROLE_DRAFTS, "cs", O },
	{ "Pošta k odeslání", MC_ROLE_OUTBOX, "cs", O },
	{ "Nevyžádaná pošta", MC_ROLE_JUNK, "cs", O },
	{ "Beérkezett üzenetek", MC_ROLE_INBOX, "hu", O },
	{ "Elküldött elemek", MC_ROLE_SENT, "hu", O },
	{ "Törölt elemek", MC_ROLE_DELETED, "hu", O },
	{ "Piszkozatok", MC_ROLE_DRAFTS, "hu", O },
	{ "Postázandó üzenetek", MC_ROLE_OUTBOX, "hu", O },
	{ "Levélszemét", MC_ROLE_JUNK, "hu", O },
	{ "Gelen Kutusu", MC_ROLE_INBOX, "tr", O },
	{ "Gönderilmiş Öğeler", MC_ROLE_SENT, "tr", O },
	{ "Silinmiş Öğeler", MC_ROLE_DELETED, "tr", O },
	{ "Taslaklar", MC_ROLE_DRAFTS, "tr", O },
	{ "Giden Kutusu", MC_ROLE_OUTBOX, "tr", O },
	{ "Gereksiz E-posta", MC_ROLE_JUNK, "tr", O },
	/* Greek */
	{ "Εισερχόμενα", MC_ROLE_INBOX, "el", O },
	{ "Απεσταλμένα", MC_ROLE_SENT, "el", O },
	{ "Διαγραμμένα", MC_ROLE_DELETED, "el", O },
	{ "Πρόχειρα", MC_ROLE_DRAFTS, "el", O },
	{ "Εξερχόμενα", MC_ROLE_OUTBOX, "el", O },
	{ "Ανεπιθύμητη αλληλογραφία", MC_ROLE_JUNK, "el", O },
	/* Russian, Ukrainian */
	{ "Входящие", MC_ROLE_INBOX, "ru", O },
	{ "Отправленные", MC_ROLE_SENT, "ru", O },
	{ "Удаленные", MC_ROLE_DELETED, "ru", O },
	{ "Удалённые", MC_ROLE_DELETED, "ru", O },
	{ "Черновики", MC_ROLE_DRAFTS, "ru", O },
	{ "Исходящие", MC_ROLE_OUTBOX, "ru", O },
	{ "Нежелательная почта", MC_ROLE_JUNK, "ru", O },
	{ "Корзина", MC_ROLE_DELETED, "ru", 0 },
	{ "Спам", MC_ROLE_JUNK, "ru", 0 },
	{ "Вхідні", MC_ROLE_INBOX, "uk", O },
	{ "Надіслані", MC_ROLE_SENT, "uk", O },
	{ "Видалені", MC_ROLE_DELETED, "uk", O },
	{ "Чернетки", MC_ROLE_DRAFTS, "uk", O },
	{ "Вихідні", MC_ROLE_OUTBOX, "uk", O },
	{ "Небажана пошта", MC_ROLE_JUNK, "uk", O },
	/* Arabic, Hebrew */
	{ "علبة الوارد", MC_ROLE_INBOX, "ar", O },
	{ "العناصر المرسلة", MC_ROLE_SENT, "ar", O },
	{ "العناصر المحذوفة", MC_ROLE_DELETED, "ar", O },
	{ "المسودات", MC_ROLE_DRAFTS, "ar", O },
	{ "علبة الصادر", MC_ROLE_OUTBOX, "ar", O },
	{ "البريد الإلكتروني العشوائي", MC_ROLE_JUNK, "ar", O },
	{ "דואר נכנס", MC_ROLE_INBOX, "he", O },
	{ "פריטים שנשלחו", MC_ROLE_SENT, "he", O },
	{ "פריטים שנמחקו", MC_ROLE_DELETED, "he", O },
	{ "טיוטות", MC_ROLE_DRAFTS, "he", O },
	{ "דואר יוצא", MC_ROLE_OUTBOX, "he", O },
	{ "דואר זבל", MC_ROLE_JUNK, "he", O },
	/* Chinese (Simplified, Traditional; 草稿 is both), Japanese, Korean */
	{ "收件箱", MC_ROLE_INBOX, "zh-Hans", O },
	{ "已发送邮件", MC_ROLE_SENT, "zh-Hans", O },
	{ "已删除邮件", MC_ROLE_DELETED, "zh-Hans", O },
	{ "草稿", MC_ROLE_DRAFTS, "zh", O },
	{ "发件箱", MC_ROLE_OUTBOX, "zh-Hans", O },
	{ "垃圾邮件", MC_ROLE_JUNK, "zh-Hans", O },
	{ "收件匣", MC_ROLE_INBOX, "zh-Hant", O },
	{ "寄件備份", MC_ROLE_SENT, "zh-Hant", O },
	{ "刪除的郵件", MC_ROLE_DELETED, "zh-Hant", O },
	{ "寄件匣", MC_ROLE_OUTBOX, "zh-Hant", O },
	{ "垃圾郵件", MC_ROLE_JUNK, "zh-Hant", O },
	{ "受信トレイ", MC_ROLE_INBOX, "ja", O },
	{ "送信済みアイテム", MC_ROLE_SENT, "ja", O },
	{ "削除済みアイテム", MC_ROLE_DELETED, "ja", O },
	{ "下書き", MC_ROLE_DRAFTS, "ja", O },
	{ "送信トレイ", MC_ROLE_OUTBOX, "ja", O },
	{ "迷惑メール", MC_ROLE_JUNK, "ja", O },
	{ "받은 편지함", MC_ROLE_INBOX, "ko", O },
	{ "보낸 편지함", MC_ROLE_SENT, "ko", O },
	{ "지운 편지함", MC_ROLE_DELETED, "ko", O },
	{ "임시 보관함", MC_ROLE_DRAFTS, "ko", O },
	{ "보낼 편지함", MC_ROLE_OUTBOX, "ko", O },
	{ "정크 메일", MC_ROLE_JUNK, "ko", O },
};

#undef O
#undef I

#define N_NAMES G_N_ELEMENTS(folder_names)

/* The table's names, NFC-normalised and case-folded once per process. */
static char *const *folded_names(void)
{
	static gsize done;
	static char *folded[N_NAMES];
	if (g_once_init_enter(&done)) {
		for (size_t i = 0; i < N_NAMES; i++) {
			char *nfc = g_utf8_normalize(folder_names[i].name, -1, G_NORMALIZE_NFC);
			folded[i] = g_utf8_casefold(nfc, -1);
			g_free(nfc);
		}
		g_once_init_leave(&done, 1);
	}
	return folded;
}

/* `name` NFC-normalised and case-folded, without an mbox file extension
 * (".mbox", ".mbx", ".mbs"), or NULL if it is not UTF-8. */
static char *fold(const char *name)
{
	static const char *const exts[] = { ".mbox", ".mbx", ".mbs", NULL };
	if (!name || !g_utf8_validate(name, -1, NULL))
		return NULL;
	char *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	if (!nfc)
		return NULL;
	char *folded = g_utf8_casefold(nfc, -1);
	g_free(nfc);
	size_t n = strlen(folded);
	for (size_t i = 0; exts[i]; i++)
		if (n > strlen(exts[i]) && g_str_has_suffix(folded, exts[i]))
			folded[n -= strlen(exts[i])] = '\0';
	return folded;
}

size_t mc_folder_name_find(const char *name, const struct mc_folder_name **out, size_t max)
{
	char *key = fold(name);
	if (!key)
		return 0;
	char *const *names = folded_names();
	size_t n = 0;
	for (size_t i = 0; i < N_NAMES; i++) {
		if (strcmp(names[i], key) != 0)
			continue;
		if (n < max)
			out[n] = &folder_names[i];
		n++;
	}
	g_free(key);
	return n;
}

const char *mc_guess_folder_role(const char *name)
{
	const char *role = MC_ROLE_OTHER;
	size_t best = 0;

	char *key = fold(name);
	if (!key)
		return role;
	char *const *names = folded_names();
	for (size_t i = 0; i < N_NAMES; i++) {
		size_t k = strlen(names[i]);
		if (k <= best || strncmp(key, names[i], k) != 0)
			continue;
		unsigned char next = (unsigned char)key[k];
		if (next == '\0' || (next < 0x80 && !g_ascii_isalpha(next))) {
			best = k;
			role = folder_names[i].role;
		}
	}
	g_free(key);
	return role;
}
