/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * system-prefixes.c: owns the table of localized subject prefixes, subject
 * phrases and body boilerplate of system-generated mail, and the UTF-8
 * matcher for them (see system-prefixes.h).
 */

#include <string.h>
#include <glib.h>

#include "system-prefixes.h"

/* Sources, the "comment column" of the table. */
#define S_EN   "Outlook/Exchange English string: Microsoft documentation and real mail"
#define S_MS   "Outlook/Exchange localized string as commonly seen in real mail (author's knowledge; not checked against Microsoft's string tables)"
#define S_UNV  "unverified: Outlook/Exchange translation from the author's memory"
#define S_BRIEF "issue 5 brief (project's list of observed prefixes)"
#define S_PFX  "Postfix bounce template (bounce(5) default text)"
#define S_EXIM "Exim bounce/warning message text"
#define S_SM   "sendmail DSN subject/text"
#define S_QM   "qmail-send bounce text"
#define S_DOM  "Lotus Domino NDR subject"
#define S_GM   "Gmail / Exchange 2003 DSN subject"
#define S_C(f) "project corpus file " f

#define P(k, t, l, s)  { MC_SYS_##k, MC_PFX_PREFIX, 0, t, l, s }
#define PA(k, t, l, s) { MC_SYS_##k, MC_PFX_PREFIX, MC_PFXF_AMBIGUOUS, t, l, s }
#define H(k, t, l, s)  { MC_SYS_##k, MC_PFX_PHRASE, 0, t, l, s }
#define HA(k, t, l, s) { MC_SYS_##k, MC_PFX_PHRASE, MC_PFXF_AMBIGUOUS, t, l, s }
#define B(k, t, l, s)  { MC_SYS_##k, MC_PFX_BODY, 0, t, l, s }

const struct mc_system_prefix mc_system_prefixes[] = {
	/* ---- automatic replies / out of office ---- */
	P(AUTO_REPLY, "Automatic reply", "en", S_EN " (Outlook 2010+); " S_C("sisimai/maildir/bsd/rfc3834-02.eml")),
	P(AUTO_REPLY, "Out of Office AutoReply", "en", S_EN " (Exchange 2000/2003)"),
	P(AUTO_REPLY, "Out of Office", "en", S_EN " (Outlook 2007 and older)"),
	P(AUTO_REPLY, "Auto reply", "en", S_C("sisimai/maildir/bsd/rfc3834-03.eml")),
	P(AUTO_REPLY, "Auto-reply", "en", "unverified: generic autoresponder wording"),
	P(AUTO_REPLY, "Autoreply", "en", "unverified: generic autoresponder wording"),
	P(AUTO_REPLY, "AutoRespons", "en", S_C("sisimai/maildir/bsd/rfc3834-06.eml")),
	P(AUTO_REPLY, "Automatische Antwort", "de", S_MS),
	P(AUTO_REPLY, "Abwesenheitsnotiz", "de", S_MS " (Outlook 2007 and older)"),
	P(AUTO_REPLY, "Réponse automatique", "fr", S_MS),
	P(AUTO_REPLY, "Absence du bureau", "fr", S_UNV " (older Outlook)"),
	P(AUTO_REPLY, "Respuesta automática", "es", S_MS),
	P(AUTO_REPLY, "Fuera de la oficina", "es", S_UNV " (older Outlook)"),
	P(AUTO_REPLY, "Risposta automatica", "it", S_MS),
	P(AUTO_REPLY, "Fuori sede", "it", S_UNV " (older Outlook)"),
	P(AUTO_REPLY, "Resposta automática", "pt gl", S_MS),
	P(AUTO_REPLY, "Automatisch antwoord", "nl", S_MS),
	P(AUTO_REPLY, "Automatiskt svar", "sv", S_MS),
	P(AUTO_REPLY, "Automatisk svar", "da nb", S_MS),
	P(AUTO_REPLY, "Automaattinen vastaus", "fi", S_MS),
	P(AUTO_REPLY, "Odpowiedź automatyczna", "pl", S_MS),
	P(AUTO_REPLY, "Automatyczna odpowiedź", "pl", S_UNV),
	P(AUTO_REPLY, "Automatická odpověď", "cs", S_MS),
	P(AUTO_REPLY, "Automatická odpoveď", "sk", S_UNV),
	P(AUTO_REPLY, "Automatikus válasz", "hu", S_MS),
	P(AUTO_REPLY, "Răspuns automat", "ro", S_UNV),
	P(AUTO_REPLY, "Αυτόματη απάντηση", "el", S_BRIEF),
	P(AUTO_REPLY, "Автоматичен отговор", "bg", S_UNV),
	P(AUTO_REPLY, "Automatski odgovor", "hr sr bs", S_UNV),
	P(AUTO_REPLY, "Samodejni odgovor", "sl", S_UNV),
	P(AUTO_REPLY, "Automaatvastus", "et", S_UNV),
	P(AUTO_REPLY, "Automātiskā atbilde", "lv", S_UNV),
	P(AUTO_REPLY, "Automatinis atsakymas", "lt", S_UNV),
	P(AUTO_REPLY, "Freagra uathoibríoch", "ga", S_UNV),
	P(AUTO_REPLY, "Otomatik yanıt", "tr", S_BRIEF),
	P(AUTO_REPLY, "Otomatik cevap", "tr", S_UNV),
	P(AUTO_REPLY, "Автоматический ответ", "ru", S_BRIEF),
	P(AUTO_REPLY, "Автоответ", "ru", S_UNV " (Russian webmail autoresponders)"),
	P(AUTO_REPLY, "Автоматична відповідь", "uk", S_BRIEF),
	P(AUTO_REPLY, "رد تلقائي", "ar", S_BRIEF),
	P(AUTO_REPLY, "پاسخ خودکار", "fa", S_UNV),
	P(AUTO_REPLY, "תשובה אוטומטית", "he", S_BRIEF),
	P(AUTO_REPLY, "自动回复", "zh-Hans", S_BRIEF " (the 2011 incident)"),
	P(AUTO_REPLY, "自動回覆", "zh-Hant", S_BRIEF),
	P(AUTO_REPLY, "自動応答", "ja", S_BRIEF),
	P(AUTO_REPLY, "自動返信", "ja", S_UNV " (non-Outlook Japanese clients)"),
	P(AUTO_REPLY, "자동 회신", "ko", S_BRIEF),
	P(AUTO_REPLY, "ตอบกลับอัตโนมัติ", "th", S_UNV),
	P(AUTO_REPLY, "Trả lời tự động", "vi", S_UNV),
	P(AUTO_REPLY, "Balasan otomatis", "id", S_UNV),
	P(AUTO_REPLY, "Balasan automatik", "ms", S_UNV),
	P(AUTO_REPLY, "Resposta automàtica", "ca", S_UNV),
	P(AUTO_REPLY, "Erantzun automatikoa", "eu", S_UNV),
	P(AUTO_REPLY, "Sjálfvirkt svar", "is", S_UNV),
	P(AUTO_REPLY, "स्वचालित उत्तर", "hi", S_UNV),

	/* ---- non-delivery ---- */
	P(NDR, "Undeliverable", "en", S_EN "; " S_C("sisimai/maildir/bsd/lhost-exchange2007-01.eml")),
	H(NDR, "Undeliverable mail", "en", S_C("bounceparser, flufl-bounce (several MTAs)")),
	H(NDR, "Undeliverable message", "en", S_C("flufl-bounce (several MTAs)")),
	H(NDR, "Undelivered Mail Returned to Sender", "en", S_PFX),
	H(NDR, "Undelivered mail", "en", S_C("flufl-bounce")),
	H(NDR, "Returned mail", "en", S_SM),
	H(NDR, "Mail delivery failed", "en", S_EXIM),
	H(NDR, "Mail delivery failure", "en", S_C("bounceparser (several MTAs)")),
	H(NDR, "failure notice", "en", S_QM),
	H(NDR, "Delivery Status Notification (Failure)", "en", S_GM),
	H(NDR, "Delivery status notification: failed", "en", "OpenSMTPD bounce subject; " S_C("flufl-bounce")),
	H(NDR, "Delivery status notification: error", "en", "OpenSMTPD bounce subject; " S_C("sisimai/maildir/bsd/lhost-opensmtpd-05.eml")),
	H(NDR, "Delivery Notification: Delivery has failed", "en", S_DOM " (older)"),
	H(NDR, "Permanent Delivery Failure", "en", S_C("flufl-bounce")),
	H(NDR, "Mail System Error - Returned Mail", "en", S_C("flufl-bounce")),
	H(NDR, "Message delivery has failed", "en", S_C("bounceparser")),
	H(NDR, "Mail could not be delivered", "en", S_C("bounceparser")),
	H(NDR, "Sorry, your message could not be delivered", "en", S_C("php-bounce-handler")),
	H(NDR, "Non delivery report", "en", S_C("sisimai (Symantec)")),
	H(NDR, "Nondeliverable mail", "en", "unverified: GroupWise-style subject"),
	HA(NDR, "Delivery failure", "en", S_DOM " (\"DELIVERY FAILURE: ...\"); " S_C("bounceparser")),
	HA(NDR, "Mail Delivery Problem", "en", S_C("bounceparser")),
	P(NDR, "Unzustellbar", "de", S_BRIEF),
	P(NDR, "Non remis", "fr", S_BRIEF),
	P(NDR, "Non distribuable", "fr", S_UNV),
	P(NDR, "No se puede entregar", "es", S_MS),
	P(NDR, "Non recapitabile", "it", S_C("sisimai/maildir/bsd/lhost-exchange2007-07.eml")),
	P(NDR, "Não é possível entregar", "pt", S_UNV),
	P(NDR, "Não entregue", "pt", S_UNV),
	P(NDR, "Onbestelbaar", "nl", S_MS),
	P(NDR, "Olevererbart", "sv", S_UNV),
	P(NDR, "Kan ikke leveres", "nb da", S_UNV),
	P(NDR, "Ikke leveret", "da", S_UNV),
	P(NDR, "Ei voitu toimittaa", "fi", S_UNV),
	P(NDR, "Niedostarczalne", "pl", S_UNV),
	P(NDR, "Nedoručitelné", "cs", S_UNV),
	P(NDR, "Nedoručiteľné", "sk", S_UNV),
	P(NDR, "Kézbesíthetetlen", "hu", S_UNV),
	P(NDR, "Nelivrabil", "ro", S_UNV),
	P(NDR, "Μη παραδόσιμο", "el", S_UNV),
	P(NDR, "Недоставено", "bg", S_UNV),
	P(NDR, "Neisporučivo", "hr", S_UNV),
	P(NDR, "Nedostavljivo", "sl", S_UNV),
	P(NDR, "Teslim edilemedi", "tr", S_UNV),
	P(NDR, "Недоставлено", "ru", S_BRIEF),
	P(NDR, "Не доставлено", "ru uk", S_UNV),
	H(NDR, "Недоставленное сообщение", "ru", S_C("sisimai/maildir/bsd/lhost-yandex-01.eml")),
	H(NDR, "Ваше сообщение не доставлено", "ru", S_C("flufl-bounce/flufl/bounce/tests/data/simple_38.txt")),
	P(NDR, "تعذر التسليم", "ar", S_UNV),
	P(NDR, "לא ניתן למסירה", "he", S_UNV),
	P(NDR, "无法投递", "zh-Hans", S_BRIEF),
	P(NDR, "未送达", "zh-Hans", S_UNV),
	P(NDR, "未傳遞", "zh-Hant", S_BRIEF),
	P(NDR, "無法傳遞", "zh-Hant", S_UNV),
	P(NDR, "配信不能", "ja", S_BRIEF),
	H(NDR, "メッセージを配信できません", "ja", S_C("sisimai/maildir/bsd/lhost-trendmicro-01.eml")),
	H(NDR, "メール送信エラー", "ja", S_C("sisimai/maildir/err/make-test-31.eml")),
	P(NDR, "배달 안 됨", "ko", S_BRIEF),
	P(NDR, "Không gửi được", "vi", S_UNV),

	/* ---- delivery delayed ---- */
	P(DELAY, "Delivery delayed", "en", S_EN " (Exchange 2007+)"),
	H(DELAY, "Delayed Mail (still being retried)", "en", S_PFX),
	H(DELAY, "Warning: could not send message for past", "en", S_SM),
	H(DELAY, "Delivery Status Notification (Delay)", "en", S_GM),
	H(DELAY, "Delivery Status Notification (Mail Delivery Delayed)", "en", S_C("flufl-bounce")),
	H(DELAY, "Delivery status notification: warning", "en", "OpenSMTPD delay subject; " S_C("flufl-bounce")),
	H(DELAY, "Mail Delivery Warning", "en", S_C("flufl-bounce")),
	HA(DELAY, "Warning: message", "en", S_EXIM " (\"Warning: message <id> delayed 24 hours\")"),
	HA(DELAY, "Message delayed", "en", S_C("flufl-bounce")),
	P(DELAY, "Zustellung verzögert", "de", S_BRIEF),
	P(DELAY, "Remise différée", "fr", S_BRIEF),
	P(DELAY, "Entrega retrasada", "es", S_UNV),
	P(DELAY, "Recapito ritardato", "it", S_UNV),
	P(DELAY, "Entrega atrasada", "pt", S_UNV),
	P(DELAY, "Bezorging vertraagd", "nl", S_UNV),
	P(DELAY, "Задержка доставки", "ru", S_UNV),
	P(DELAY, "延迟", "zh-Hans", S_BRIEF),
	P(DELAY, "延遲", "zh-Hant", S_UNV),
	P(DELAY, "配信の遅延", "ja", S_UNV),
	P(DELAY, "배달 지연", "ko", S_UNV),

	/* ---- delivery receipts ---- */
	PA(DELIVERY_RECEIPT, "Delivered", "en", S_EN),
	H(DELIVERY_RECEIPT, "Delivery Status Notification (Success)", "en", S_GM),
	H(DELIVERY_RECEIPT, "Delivery Status Notification (Relay)", "en", S_GM),
	H(DELIVERY_RECEIPT, "Successful Mail Delivery Report", "en", S_PFX),
	P(DELIVERY_RECEIPT, "Übermittelt", "de", S_BRIEF),
	PA(DELIVERY_RECEIPT, "Remis", "fr", S_BRIEF),
	PA(DELIVERY_RECEIPT, "Entregado", "es", S_UNV),
	PA(DELIVERY_RECEIPT, "Recapitato", "it", S_UNV),
	PA(DELIVERY_RECEIPT, "Entregue", "pt", S_UNV),
	PA(DELIVERY_RECEIPT, "Bezorgd", "nl", S_UNV),
	PA(DELIVERY_RECEIPT, "Levererat", "sv", S_UNV),
	PA(DELIVERY_RECEIPT, "Dostarczono", "pl", S_UNV),
	PA(DELIVERY_RECEIPT, "Teslim edildi", "tr", S_UNV),
	PA(DELIVERY_RECEIPT, "Доставлено", "ru uk", S_UNV),
	P(DELIVERY_RECEIPT, "已送达", "zh-Hans", S_BRIEF),
	P(DELIVERY_RECEIPT, "已傳遞", "zh-Hant", S_UNV),
	P(DELIVERY_RECEIPT, "配信済み", "ja", S_UNV),
	P(DELIVERY_RECEIPT, "배달됨", "ko", S_UNV),

	/* ---- read receipts ---- */
	PA(READ_RECEIPT, "Read", "en", S_EN),
	PA(READ_RECEIPT, "Gelesen", "de", S_BRIEF),
	PA(READ_RECEIPT, "Lu", "fr", S_BRIEF),
	PA(READ_RECEIPT, "Leído", "es", S_MS),
	PA(READ_RECEIPT, "Letto", "it", S_MS),
	PA(READ_RECEIPT, "Lida", "pt", S_UNV),
	PA(READ_RECEIPT, "Gelezen", "nl", S_MS),
	PA(READ_RECEIPT, "Läst", "sv", S_UNV),
	PA(READ_RECEIPT, "Læst", "da", S_UNV),
	PA(READ_RECEIPT, "Lest", "nb", S_UNV),
	PA(READ_RECEIPT, "Luettu", "fi", S_UNV),
	PA(READ_RECEIPT, "Przeczytano", "pl", S_UNV),
	PA(READ_RECEIPT, "Přečteno", "cs", S_UNV),
	PA(READ_RECEIPT, "Okundu", "tr", S_UNV),
	PA(READ_RECEIPT, "Прочитано", "ru uk", S_UNV),
	PA(READ_RECEIPT, "נקרא", "he", S_UNV),
	P(READ_RECEIPT, "已读", "zh-Hans", S_BRIEF),
	P(READ_RECEIPT, "已讀取", "zh-Hant", S_UNV),
	P(READ_RECEIPT, "已讀", "zh-Hant", S_UNV),
	P(READ_RECEIPT, "開封済み", "ja", S_UNV),
	P(READ_RECEIPT, "읽음", "ko", S_UNV),

	/* ---- not read ---- */
	P(NONREAD_RECEIPT, "Not read", "en", S_EN),
	P(NONREAD_RECEIPT, "Ungelesen", "de", S_BRIEF),
	P(NONREAD_RECEIPT, "Non lu", "fr", S_BRIEF),
	P(NONREAD_RECEIPT, "No leído", "es", S_UNV),
	P(NONREAD_RECEIPT, "Non letto", "it", S_UNV),
	P(NONREAD_RECEIPT, "Não lida", "pt", S_UNV),
	P(NONREAD_RECEIPT, "Niet gelezen", "nl", S_UNV),
	P(NONREAD_RECEIPT, "Nieprzeczytane", "pl", S_UNV),
	P(NONREAD_RECEIPT, "Не прочитано", "ru uk", S_UNV),
	P(NONREAD_RECEIPT, "未读", "zh-Hans", S_BRIEF),
	P(NONREAD_RECEIPT, "未讀取", "zh-Hant", S_UNV),
	P(NONREAD_RECEIPT, "未開封", "ja", S_UNV),
	P(NONREAD_RECEIPT, "읽지 않음", "ko", S_UNV),

	/* ---- recall ---- */
	PA(RECALL, "Recall", "en", S_EN),
	P(RECALL, "Message Recall Success", "en", S_EN " (recall report)"),
	P(RECALL, "Message Recall Failure", "en", S_EN " (recall report)"),
	P(RECALL, "Rückruf", "de", S_BRIEF),
	PA(RECALL, "Rappel", "fr", S_BRIEF " (also an everyday French word)"),
	PA(RECALL, "Richiamo", "it", S_UNV),
	PA(RECALL, "Recuperar", "es", S_UNV),
	P(RECALL, "Intrekken", "nl", S_UNV),
	P(RECALL, "撤回", "zh-Hans", S_BRIEF),
	P(RECALL, "收回", "zh-Hant", S_UNV),
	P(RECALL, "回収", "ja", S_UNV),
	P(RECALL, "회수", "ko", S_UNV),

	/* ---- meeting responses (need calendar corroboration) ---- */
	PA(MEETING_RESPONSE, "Accepted", "en", S_EN),
	PA(MEETING_RESPONSE, "Declined", "en", S_EN),
	PA(MEETING_RESPONSE, "Tentative", "en", S_EN),
	PA(MEETING_RESPONSE, "New Time Proposed", "en", S_EN),
	PA(MEETING_RESPONSE, "Zugesagt", "de", S_UNV),
	PA(MEETING_RESPONSE, "Abgesagt", "de", S_UNV),
	PA(MEETING_RESPONSE, "Mit Vorbehalt", "de", S_UNV),
	PA(MEETING_RESPONSE, "Accepté", "fr", S_UNV),
	PA(MEETING_RESPONSE, "Refusé", "fr", S_UNV),
	PA(MEETING_RESPONSE, "Aceptado", "es", S_UNV),
	PA(MEETING_RESPONSE, "Rechazado", "es", S_UNV),
	PA(MEETING_RESPONSE, "已接受", "zh-Hans zh-Hant", S_UNV),
	PA(MEETING_RESPONSE, "已拒绝", "zh-Hans", S_UNV),
	PA(MEETING_RESPONSE, "暂定", "zh-Hans", S_UNV),
	PA(MEETING_RESPONSE, "已拒絕", "zh-Hant", S_UNV),
	PA(MEETING_RESPONSE, "承諾", "ja", S_UNV),
	PA(MEETING_RESPONSE, "辞退", "ja", S_UNV),
	PA(MEETING_RESPONSE, "수락", "ko", S_UNV),
	PA(MEETING_RESPONSE, "Принято", "ru", S_UNV),

	/* ---- notices ---- */
	H(SYSTEM_NOTICE, "Your mailbox is almost full", "en", "unverified: Exchange quota warning subject"),
	H(SYSTEM_NOTICE, "Your mailbox is full", "en", "unverified: Exchange quota warning subject"),
	H(SYSTEM_NOTICE, "Ihr Postfach ist fast voll", "de", S_UNV),

	/* ---- body boilerplate (corroboration) ---- */
	B(NDR, "Delivery has failed to these recipients or groups", "en", S_EN " (Exchange 2007/2010 NDR)"),
	B(NDR, "Your message did not reach some or all of the intended recipients", "en", S_EN " (Exchange 2000/2003 NDR)"),
	B(NDR, "Delivery to the following recipients failed", "en", S_EN " (Exchange 2003 / IIS SMTP DSN)"),
	B(NDR, "couldn't be delivered", "en", S_EN " (Exchange Online NDR)"),
	B(NDR, "I'm sorry to have to inform you that your message could not", "en", S_PFX),
	B(NDR, "This message was created automatically by mail delivery software", "en", S_EXIM),
	B(NDR, "This is the qmail-send program", "en", S_QM),
	B(NDR, "La remise à ces destinataires ou groupes a échoué", "fr", S_UNV),
	B(NDR, "Fehler bei der Zustellung an folgende Empfänger oder Gruppen", "de", S_UNV),
	B(DELAY, "Delivery is delayed to these recipients or groups", "en", S_EN " (Exchange 2010 delay DSN)"),
	B(DELAY, "THIS IS A WARNING ONLY", "en", S_PFX),
	B(DELAY, "has not yet been delivered to one or more of its recipients", "en", S_EXIM),
	B(DELIVERY_RECEIPT, "Delivery to these recipients or groups is complete", "en", S_EN " (Exchange 2010 DR)"),
	B(DELIVERY_RECEIPT, "Your message has been delivered to the following recipients", "en", S_EN " (Exchange 2003 DR)"),
	B(NONREAD_RECEIPT, "was deleted without being read", "en", S_EN " (Outlook not-read receipt)"),
	B(READ_RECEIPT, "was read on", "en", S_EN " (Outlook read receipt)"),
};
const size_t mc_n_system_prefixes = G_N_ELEMENTS(mc_system_prefixes);

/* Reply and forward markers of subject chains, in the table's languages.
 * Matched case-insensitively and only when a colon follows. */
static const struct { const char *text; int chain; } chain_markers[] = {
	{ "re", MC_CHAIN_REPLY }, { "aw", MC_CHAIN_REPLY }, { "antw", MC_CHAIN_REPLY },
	{ "sv", MC_CHAIN_REPLY }, { "vs", MC_CHAIN_REPLY | MC_CHAIN_FORWARD },
	{ "odp", MC_CHAIN_REPLY }, { "ynt", MC_CHAIN_REPLY }, { "rif", MC_CHAIN_REPLY },
	{ "r", MC_CHAIN_REPLY }, { "res", MC_CHAIN_REPLY }, { "ref", MC_CHAIN_REPLY },
	{ "atb", MC_CHAIN_REPLY }, { "odg", MC_CHAIN_REPLY }, { "vá", MC_CHAIN_REPLY },
	{ "válasz", MC_CHAIN_REPLY }, { "отв", MC_CHAIN_REPLY }, { "ответ", MC_CHAIN_REPLY },
	{ "відп", MC_CHAIN_REPLY }, { "απ", MC_CHAIN_REPLY }, { "σχετ", MC_CHAIN_REPLY },
	{ "رد", MC_CHAIN_REPLY }, { "השב", MC_CHAIN_REPLY }, { "回复", MC_CHAIN_REPLY },
	{ "答复", MC_CHAIN_REPLY }, { "回覆", MC_CHAIN_REPLY }, { "答覆", MC_CHAIN_REPLY },
	{ "返信", MC_CHAIN_REPLY }, { "회신", MC_CHAIN_REPLY }, { "답장", MC_CHAIN_REPLY },
	{ "fw", MC_CHAIN_FORWARD }, { "fwd", MC_CHAIN_FORWARD }, { "wg", MC_CHAIN_FORWARD },
	{ "tr", MC_CHAIN_FORWARD }, { "rv", MC_CHAIN_FORWARD }, { "enc", MC_CHAIN_FORWARD },
	{ "i", MC_CHAIN_FORWARD }, { "pd", MC_CHAIN_FORWARD }, { "vl", MC_CHAIN_FORWARD },
	{ "fs", MC_CHAIN_FORWARD }, { "vb", MC_CHAIN_FORWARD }, { "doorst", MC_CHAIN_FORWARD },
	{ "továbbítás", MC_CHAIN_FORWARD }, { "ilt", MC_CHAIN_FORWARD }, { "İlt", MC_CHAIN_FORWARD },
	{ "пересл", MC_CHAIN_FORWARD }, { "прд", MC_CHAIN_FORWARD }, { "πρθ", MC_CHAIN_FORWARD },
	{ "إعادة توجيه", MC_CHAIN_FORWARD }, { "הועבר", MC_CHAIN_FORWARD },
	{ "转发", MC_CHAIN_FORWARD }, { "轉寄", MC_CHAIN_FORWARD }, { "転送", MC_CHAIN_FORWARD },
	{ "전달", MC_CHAIN_FORWARD },
};

/* Spaces a subject may carry: ASCII blanks, NBSP, thin/narrow/ideographic. */
static int is_space_char(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 ||
	       c == 0x2009 || c == 0x202F || c == 0x3000;
}

static gunichar next_char(const char **p)
{
	gunichar c = g_utf8_get_char_validated(*p, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		(*p)++;   /* invalid byte: step over it */
		return 0xFFFD;
	}
	*p = g_utf8_next_char(*p);
	return c;
}

static const char *skip_spaces(const char *p)
{
	while (*p) {
		const char *q = p;
		if (!is_space_char(next_char(&q)))
			break;
		p = q;
	}
	return p;
}

/* Bytes of `s` that match `text` case-insensitively (a space in `text`
 * stands for any run of spaces in `s`), or 0 when it does not match. */
static size_t match_ci(const char *s, const char *text)
{
	const char *p = s, *t = text;
	while (*t) {
		gunichar tc = next_char(&t);
		if (!*p)
			return 0;
		if (tc == ' ') {
			const char *q = skip_spaces(p);
			if (q == p)
				return 0;
			p = q;
			continue;
		}
		gunichar sc = next_char(&p);
		if (sc != tc && g_unichar_tolower(sc) != g_unichar_tolower(tc))
			return 0;
	}
	return (size_t)(p - s);
}

/* After a prefix: optional space/NBSP then ':' or '：'. Returns the bytes
 * up to and including the colon, or 0. */
static size_t colon_after(const char *p)
{
	const char *q = skip_spaces(p);
	if (*q == ':')
		return (size_t)(q + 1 - p);
	const char *r = q;
	if (*q && next_char(&r) == 0xFF1A)
		return (size_t)(r - p);
	return 0;
}

/* After a phrase: the end, a space, or punctuation (not a letter/digit). */
static int phrase_ends(const char *p)
{
	if (!*p)
		return 1;
	const char *q = p;
	gunichar c = next_char(&q);
	return !g_unichar_isalnum(c);
}

/* The first character of each entry's text, lower-cased, so that a
 * subject position is compared in full only with the entries that can
 * match there (analyze tries every entry at the start of every subject).
 * A text starting with a space matches any spaces: 0, never skipped. */
static gunichar *entry_first;
static gunichar *chain_first;

static gunichar first_lower(const char *text)
{
	const char *t = text;
	gunichar c = next_char(&t);
	return c == ' ' ? 0 : g_unichar_tolower(c);
}

static void init_first_chars(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		gunichar *e = g_new(gunichar, mc_n_system_prefixes);
		for (size_t i = 0; i < mc_n_system_prefixes; i++)
			e[i] = first_lower(mc_system_prefixes[i].text);
		gunichar *c = g_new(gunichar, G_N_ELEMENTS(chain_markers));
		for (size_t i = 0; i < G_N_ELEMENTS(chain_markers); i++)
			c[i] = first_lower(chain_markers[i].text);
		entry_first = e;   /* kept for the life of the process */
		chain_first = c;
		g_once_init_leave(&once, 1);
	}
}

/* Whether a text whose first character lower-cases to `first` can match
 * at a position whose first character lower-cases to c_lower: match_ci's
 * own test of that character (equal, or equal once lower-cased). */
static int may_start(gunichar first, gunichar c_lower)
{
	return first == 0 || first == c_lower;
}

/* A chain marker at p ("RE", "Re[2]", "AW (3)") followed by a colon: its
 * length through the colon, or 0. */
static size_t chain_at(const char *p, int *chain, size_t *marker_len)
{
	const char *after_first = p;
	gunichar c_lower = g_unichar_tolower(*p ? next_char(&after_first) : 0);
	for (size_t i = 0; i < G_N_ELEMENTS(chain_markers); i++) {
		if (!may_start(chain_first[i], c_lower))
			continue;
		size_t n = match_ci(p, chain_markers[i].text);
		if (!n)
			continue;
		const char *q = p + n;
		if (*q == '[' || *q == '(' || *q == '^') {
			char close = *q == '[' ? ']' : *q == '(' ? ')' : 0;
			const char *d = q + 1;
			while (g_ascii_isdigit(*d))
				d++;
			if (d == q + 1 || (close && *d != close))
				continue;
			q = close ? d + 1 : d;
		}
		size_t c = colon_after(q);
		if (!c)
			continue;
		*chain = chain_markers[i].chain;
		*marker_len = n;
		return (size_t)(q - p) + c;
	}
	return 0;
}

/* The longest PREFIX/PHRASE entry at p, its length in *len. */
static const struct mc_system_prefix *entry_at(const char *p, size_t *len)
{
	const struct mc_system_prefix *best = NULL;
	size_t best_len = 0;
	const char *after_first = p;
	gunichar c_lower = g_unichar_tolower(*p ? next_char(&after_first) : 0);
	for (size_t i = 0; i < mc_n_system_prefixes; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		if (e->where == MC_PFX_BODY || !may_start(entry_first[i], c_lower))
			continue;
		size_t n = match_ci(p, e->text);
		if (!n)
			continue;
		if (e->where == MC_PFX_PREFIX) {
			size_t colon = colon_after(p + n);
			if (!colon)
				continue;
			n += colon;
		} else if (!phrase_ends(p + n)) {
			continue;
		}
		if (n > best_len) {
			best = e;
			best_len = n;
		}
	}
	*len = best_len;
	return best;
}

/* A PREFIX entry written as a bracketed tag at p ("[Automatische Antwort]",
 * "[自动回复：]"): the whole tag is the entry, with an optional colon; the
 * tag's length through ']' in *len. */
static const struct mc_system_prefix *bracketed_entry_at(const char *p, size_t *len)
{
	const struct mc_system_prefix *best = NULL;
	size_t best_len = 0;
	const char *q = skip_spaces(p + 1);
	const char *after_first = q;
	gunichar c_lower = g_unichar_tolower(*q ? next_char(&after_first) : 0);
	for (size_t i = 0; i < mc_n_system_prefixes; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		if (e->where != MC_PFX_PREFIX || !may_start(entry_first[i], c_lower))
			continue;
		size_t n = match_ci(q, e->text);
		if (!n)
			continue;
		const char *r = q + n;
		r += colon_after(r);
		r = skip_spaces(r);
		if (*r != ']')
			continue;
		n = (size_t)(r + 1 - p);
		if (n > best_len) {
			best = e;
			best_len = n;
		}
	}
	*len = best_len;
	return best;
}

int mc_prefix_match_subject(const char *subject, struct mc_prefix_match *out)
{
	memset(out, 0, sizeof *out);
	if (!subject)
		return 0;
	init_first_chars();
	const char *p = subject;
	for (int guard = 0; guard < 32 && *p; guard++) {
		p = skip_spaces(p);
		if (*p == '[') {   /* "[EXT]", "[SPAM]" */
			size_t n;
			const struct mc_system_prefix *e = bracketed_entry_at(p, &n);
			if (e) {
				out->entry = e;
				out->start = (size_t)(p - subject);
				out->len = n;
				return 1;
			}
			const char *close = strchr(p, ']');
			if (close && close - p <= 64) {
				out->tagged = 1;
				p = close + 1;
				continue;
			}
		}
		size_t n;
		const struct mc_system_prefix *e = entry_at(p, &n);
		if (e) {
			out->entry = e;
			out->start = (size_t)(p - subject);
			out->len = n;
			return 1;
		}
		int chain = 0;
		size_t mlen = 0;
		n = chain_at(p, &chain, &mlen);
		if (!n)
			break;
		if (!out->n_chain)
			g_strlcpy(out->chain_text, p,
			          MIN(mlen + 1, sizeof out->chain_text));
		out->chain |= chain;
		out->n_chain++;
		p += n;
	}
	return 0;
}

/* Casefolded, space-collapsed copy of at most `max` bytes of s. */
static char *normalize(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *valid = g_utf8_make_valid(s, (gssize)n);
	char *folded = g_utf8_casefold(valid, -1);
	g_free(valid);
	GString *o = g_string_sized_new(strlen(folded));
	int in_space = 0;
	for (const char *p = folded; *p;) {
		const char *q = p;
		gunichar c = next_char(&q);
		if (is_space_char(c) || c == '\f' || c == '\v') {
			if (!in_space)
				g_string_append_c(o, ' ');
			in_space = 1;
		} else {
			g_string_append_len(o, p, q - p);
			in_space = 0;
		}
		p = q;
	}
	g_free(folded);
	return g_string_free(o, FALSE);
}

static char **body_folded;   /* normalized texts of MC_PFX_BODY entries */

static void init_body_table(void)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		char **t = g_new0(char *, mc_n_system_prefixes);
		for (size_t i = 0; i < mc_n_system_prefixes; i++)
			if (mc_system_prefixes[i].where == MC_PFX_BODY)
				t[i] = normalize(mc_system_prefixes[i].text, 4096);
		body_folded = t;   /* kept for the life of the process */
		g_once_init_leave(&once, 1);
	}
}

const struct mc_system_prefix *mc_prefix_match_body(const char *body,
                                                    size_t max_bytes)
{
	if (!body || !*body || !max_bytes)
		return NULL;
	init_body_table();
	char *hay = normalize(body, max_bytes);
	const struct mc_system_prefix *found = NULL;
	for (size_t i = 0; i < mc_n_system_prefixes && !found; i++)
		if (body_folded[i] && strstr(hay, body_folded[i]))
			found = &mc_system_prefixes[i];
	g_free(hay);
	return found;
}

size_t mc_prefix_language_count(enum mc_pfx_where where)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 0; i < mc_n_system_prefixes; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		if (e->where != where)
			continue;
		char **tags = g_strsplit(e->langs, " ", -1);
		for (char **t = tags; *t; t++)
			if (**t)
				g_hash_table_add(seen, g_strdup(*t));
		g_strfreev(tags);
	}
	size_t n = g_hash_table_size(seen);
	g_hash_table_destroy(seen);
	return n;
}

const struct mc_system_prefix *mc_prefix_whole_fragment(const char *fragment)
{
	struct mc_prefix_match pm;
	if (!mc_prefix_match_subject(fragment, &pm) || pm.entry->where == MC_PFX_BODY)
		return NULL;
	for (const char *p = fragment + pm.start + pm.len; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c) && c != 0xA0 && c != 0x202F && c != 0x3000)
			return NULL;
	}
	return pm.entry;
}
