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

/*
 * SOURCES, the "comment column" of the table. Every entry's source starts
 * with its kind, so that the verified entries can be counted
 * (tests/e2e/prefix-sources.sh prints the counts that docs/findings.md
 * gives, and fails when they differ; check_classify checks the kinds):
 *
 *  corpus:     a real message in the shared corpus with that subject or
 *              body text (path under shared/corpus/, as in MANIFEST.tsv:
 *              sisimai's set-of-emails, flufl.bounce, Mail-DeliveryStatus-
 *              BounceParser, ...).
 *  sisimai:    sisimai's bounce parser (p5-sisimai lib/Sisimai/...), which
 *              recognizes the subject in the real bounces it is built from.
 *  package:    a Debian package (bookworm) that writes the string into mail:
 *              a localization catalog (msgid = msgstr, or property key) of
 *              a mail client, or a server's built-in template. These are
 *              that software's strings; when the entry is attributed to
 *              Outlook/Exchange, Outlook's own string was not checked.
 *  doc:        Microsoft's own documentation (Learn, a KB article) quoting
 *              the string Outlook or Exchange writes, named by its title
 *              and address.
 *  rfc:        an RFC (none at present).
 *  unverified: none of the above was found; the text says where the
 *              string comes from.
 *
 * Searched for the unverified entries (issue 18): every subject and body of
 * the shared corpus; sisimai's Exchange2003, Exchange2007 and Office365
 * modules; the Evolution catalogs of evolution-common
 * (96 languages), the Thunderbird langpacks of thunderbird-l10n-{de,fr,
 * es-es,ja,ko,ru,zh-cn,zh-tw}, the Horde_Itip catalogs of php-horde-itip
 * (20 languages), the KDE PIM catalogs of kf5-messagelib-data and
 * libkf5akonadicalendar-data, and postfix's built-in bounce templates.
 */
#define CORPUS(f) "corpus: " f
#define SISIMAI(f) "sisimai: " f
#define PKG(f)    "package: " f
#define DOC(f)    "doc: " f
#define UNV(why)  "unverified: " why
#define NOT_FOUND "; not found in the corpus, sisimai or the Debian catalogs searched"
#define RFC(f)    "rfc: " f
#define U_EN(n)    UNV("Outlook/Exchange English string as the author knows it" n NOT_FOUND)
#define U_SEEN(n)  UNV("Outlook/Exchange localized string the author recalls from real mail" n NOT_FOUND)
#define U_MEM(n)   UNV("Outlook/Exchange translation from the author's memory" n NOT_FOUND)
#define U_BRIEF(n) UNV("from the issue 5 brief's list of prefixes, not from a server" n NOT_FOUND)

#define P(k, t, l, s)  { MC_SYS_##k, MC_PFX_PREFIX, 0, t, l, s }
#define PA(k, t, l, s) { MC_SYS_##k, MC_PFX_PREFIX, MC_PFXF_AMBIGUOUS, t, l, s }
#define H(k, t, l, s)  { MC_SYS_##k, MC_PFX_PHRASE, 0, t, l, s }
#define HA(k, t, l, s) { MC_SYS_##k, MC_PFX_PHRASE, MC_PFXF_AMBIGUOUS, t, l, s }
#define B(k, t, l, s)  { MC_SYS_##k, MC_PFX_BODY, 0, t, l, s }

const struct mc_system_prefix mc_system_prefixes[] = {
	/* ---- automatic replies / out of office ---- */
	P(AUTO_REPLY, "Automatic reply", "en", CORPUS("sisimai/maildir/bsd/rfc3834-02.eml")),
	P(AUTO_REPLY, "Out of Office AutoReply", "en", U_EN(" (Exchange 2000/2003)")),
	P(AUTO_REPLY, "Out of Office", "en", U_EN(" (Outlook 2007 and older)")),
	P(AUTO_REPLY, "Auto reply", "en", CORPUS("sisimai/maildir/bsd/rfc3834-03.eml")),
	P(AUTO_REPLY, "Auto-reply", "en", UNV("generic autoresponder wording")),
	P(AUTO_REPLY, "Autoreply", "en", UNV("generic autoresponder wording")),
	P(AUTO_REPLY, "AutoRespons", "en", CORPUS("sisimai/maildir/bsd/rfc3834-06.eml")),
	P(AUTO_REPLY, "Automatische Antwort", "de", U_SEEN("")),
	P(AUTO_REPLY, "Abwesenheitsnotiz", "de", U_SEEN(" (Outlook 2007 and older)")),
	P(AUTO_REPLY, "Réponse automatique", "fr", U_SEEN("")),
	P(AUTO_REPLY, "Absence du bureau", "fr", U_MEM(" (older Outlook)")),
	P(AUTO_REPLY, "Respuesta automática", "es", U_SEEN("")),
	P(AUTO_REPLY, "Fuera de la oficina", "es", U_MEM(" (older Outlook)")),
	P(AUTO_REPLY, "Risposta automatica", "it", U_SEEN("")),
	P(AUTO_REPLY, "Fuori sede", "it", U_MEM(" (older Outlook)")),
	P(AUTO_REPLY, "Resposta automática", "pt gl", U_SEEN("")),
	P(AUTO_REPLY, "Automatisch antwoord", "nl", U_SEEN("")),
	P(AUTO_REPLY, "Automatiskt svar", "sv", U_SEEN("")),
	P(AUTO_REPLY, "Automatisk svar", "da nb", U_SEEN("")),
	P(AUTO_REPLY, "Automaattinen vastaus", "fi", U_SEEN("")),
	P(AUTO_REPLY, "Odpowiedź automatyczna", "pl", U_SEEN("")),
	P(AUTO_REPLY, "Automatyczna odpowiedź", "pl", U_MEM("")),
	P(AUTO_REPLY, "Automatická odpověď", "cs", U_SEEN("")),
	P(AUTO_REPLY, "Automatická odpoveď", "sk", U_MEM("")),
	P(AUTO_REPLY, "Automatikus válasz", "hu", U_SEEN("")),
	P(AUTO_REPLY, "Răspuns automat", "ro", U_MEM("")),
	P(AUTO_REPLY, "Αυτόματη απάντηση", "el", U_BRIEF("")),
	P(AUTO_REPLY, "Автоматичен отговор", "bg", U_MEM("")),
	P(AUTO_REPLY, "Automatski odgovor", "hr sr bs", U_MEM("")),
	P(AUTO_REPLY, "Samodejni odgovor", "sl", U_MEM("")),
	P(AUTO_REPLY, "Automaatvastus", "et", U_MEM("")),
	P(AUTO_REPLY, "Automātiskā atbilde", "lv", U_MEM("")),
	P(AUTO_REPLY, "Automatinis atsakymas", "lt", U_MEM("")),
	P(AUTO_REPLY, "Freagra uathoibríoch", "ga", U_MEM("")),
	P(AUTO_REPLY, "Otomatik yanıt", "tr", U_BRIEF("")),
	P(AUTO_REPLY, "Otomatik cevap", "tr", U_MEM("")),
	P(AUTO_REPLY, "Автоматический ответ", "ru", U_BRIEF("")),
	P(AUTO_REPLY, "Автоответ", "ru", U_MEM(" (Russian webmail autoresponders)")),
	P(AUTO_REPLY, "Автоматична відповідь", "uk", U_BRIEF("")),
	P(AUTO_REPLY, "رد تلقائي", "ar", U_BRIEF("")),
	P(AUTO_REPLY, "پاسخ خودکار", "fa", U_MEM("")),
	P(AUTO_REPLY, "תשובה אוטומטית", "he", U_BRIEF("")),
	P(AUTO_REPLY, "自动回复", "zh-Hans", U_BRIEF(" (the 2011 incident)")),
	P(AUTO_REPLY, "自動回覆", "zh-Hant", U_BRIEF("")),
	P(AUTO_REPLY, "自動応答", "ja", U_BRIEF("")),
	P(AUTO_REPLY, "自動返信", "ja", U_MEM(" (non-Outlook Japanese clients)")),
	P(AUTO_REPLY, "자동 회신", "ko", U_BRIEF("")),
	P(AUTO_REPLY, "ตอบกลับอัตโนมัติ", "th", U_MEM("")),
	P(AUTO_REPLY, "Trả lời tự động", "vi", U_MEM("")),
	P(AUTO_REPLY, "Balasan otomatis", "id", U_MEM("")),
	P(AUTO_REPLY, "Balasan automatik", "ms", U_MEM("")),
	P(AUTO_REPLY, "Resposta automàtica", "ca", U_MEM("")),
	P(AUTO_REPLY, "Erantzun automatikoa", "eu", U_MEM("")),
	P(AUTO_REPLY, "Sjálfvirkt svar", "is", U_MEM("")),
	P(AUTO_REPLY, "स्वचालित उत्तर", "hi", U_MEM("")),

	/* ---- non-delivery ---- */
	P(NDR, "Undeliverable", "en", CORPUS("sisimai/maildir/bsd/lhost-exchange2007-01.eml")),
	H(NDR, "Undeliverable mail", "en", CORPUS("sisimai/maildir/bsd/lhost-amavis-02.eml")),
	H(NDR, "Undeliverable message", "en", CORPUS("sisimai/maildir/bsd/lhost-notes-01.eml")),
	H(NDR, "Undelivered Mail Returned to Sender", "en", CORPUS("sisimai/maildir/bsd/rhost-aol-05.eml")),
	H(NDR, "Undelivered mail", "en", CORPUS("flufl-bounce/flufl/bounce/tests/data/simple_18.txt")),
	H(NDR, "Returned mail", "en", CORPUS("sisimai/maildir/bsd/lhost-sendmail-13.eml")),
	H(NDR, "Mail delivery failed", "en", CORPUS("sisimai/maildir/bsd/lhost-exim-06.eml")),
	H(NDR, "Mail delivery failure", "en", CORPUS("sisimai/maildir/bsd/rhost-messagelabs-03.eml")),
	H(NDR, "failure notice", "en", CORPUS("sisimai/maildir/bsd/lhost-yahoo-02.eml")),
	H(NDR, "Delivery Status Notification (Failure)", "en", CORPUS("sisimai/maildir/bsd/rfc3464-61.eml")),
	H(NDR, "Delivery status notification: failed", "en", CORPUS("sisimai/maildir/bsd/lhost-opensmtpd-11.eml")),
	H(NDR, "Delivery status notification: error", "en", CORPUS("sisimai/maildir/bsd/lhost-opensmtpd-05.eml")),
	H(NDR, "Delivery Notification: Delivery has failed", "en", CORPUS("sisimai/maildir/bsd/lhost-messagingserver-06.eml")),
	H(NDR, "Permanent Delivery Failure", "en", CORPUS("sisimai/maildir/bsd/lhost-x2-06.eml")),
	H(NDR, "Mail System Error - Returned Mail", "en", CORPUS("sisimai/maildir/bsd/lhost-ezweb-04.eml")),
	H(NDR, "Message delivery has failed", "en", CORPUS("sisimai/maildir/bsd/lhost-mailfoundry-01.eml")),
	H(NDR, "Mail could not be delivered", "en", CORPUS("sisimai/maildir/bsd/lhost-trendmicro-03.eml")),
	H(NDR, "Sorry, your message could not be delivered", "en", CORPUS("sisimai/maildir/bsd/rhost-facebook-03.eml")),
	H(NDR, "Non delivery report", "en", CORPUS("bounceparser/t/corpus/spam-rejection42.msg")),
	H(NDR, "Nondeliverable mail", "en", UNV("GroupWise-style subject")),
	HA(NDR, "Delivery failure", "en", CORPUS("sisimai/maildir/bsd/lhost-x2-02.eml")),
	HA(NDR, "Mail Delivery Problem", "en", CORPUS("bounceparser/t/corpus/aol.attachment.msg")),
	P(NDR, "Unzustellbar", "de", U_BRIEF("")),
	P(NDR, "Non remis", "fr", SISIMAI("lib/Sisimai/Lhost/Exchange2007.pm matches the Exchange 2007 NDR subject \"Non_remis_:\" (RFC 2047 form; Content-Language fr-FR)")),
	P(NDR, "Non distribuable", "fr", U_MEM("")),
	P(NDR, "No se puede entregar", "es", U_SEEN("")),
	P(NDR, "Non recapitabile", "it", CORPUS("sisimai/maildir/bsd/lhost-exchange2007-07.eml")),
	P(NDR, "Não é possível entregar", "pt", U_MEM("")),
	P(NDR, "Não entregue", "pt", SISIMAI("lib/Sisimai/Lhost/Office365.pm matches the Microsoft 365 NDR subject \"Não_entregue:\" (RFC 2047 form)")),
	P(NDR, "Onbestelbaar", "nl", SISIMAI("lib/Sisimai/Lhost/Office365.pm matches the Microsoft 365 NDR subject \"Onbestelbaar:\"")),
	P(NDR, "Olevererbart", "sv", U_MEM("")),
	P(NDR, "Kan ikke leveres", "nb da", U_MEM("")),
	P(NDR, "Ikke leveret", "da", U_MEM("")),
	P(NDR, "Ei voitu toimittaa", "fi", U_MEM("")),
	P(NDR, "Niedostarczalne", "pl", U_MEM("")),
	P(NDR, "Nedoručitelné", "cs", U_MEM("")),
	P(NDR, "Nedoručiteľné", "sk", U_MEM("")),
	P(NDR, "Kézbesíthetetlen", "hu", U_MEM("")),
	P(NDR, "Nelivrabil", "ro", U_MEM("")),
	P(NDR, "Μη παραδόσιμο", "el", U_MEM("")),
	P(NDR, "Недоставено", "bg", U_MEM("")),
	P(NDR, "Neisporučivo", "hr", U_MEM("")),
	P(NDR, "Nedostavljivo", "sl", U_MEM("")),
	P(NDR, "Teslim edilemedi", "tr", U_MEM("")),
	P(NDR, "Недоставлено", "ru", U_BRIEF("")),
	P(NDR, "Не доставлено", "ru uk", U_MEM("")),
	H(NDR, "Недоставленное сообщение", "ru", CORPUS("sisimai/maildir/bsd/lhost-yandex-01.eml")),
	H(NDR, "Ваше сообщение не доставлено", "ru", CORPUS("flufl-bounce/flufl/bounce/tests/data/simple_38.txt")),
	P(NDR, "تعذر التسليم", "ar", U_MEM("")),
	P(NDR, "לא ניתן למסירה", "he", U_MEM("")),
	P(NDR, "无法投递", "zh-Hans", U_BRIEF("")),
	P(NDR, "未送达", "zh-Hans", U_MEM("")),
	P(NDR, "未傳遞", "zh-Hant", U_BRIEF("")),
	P(NDR, "無法傳遞", "zh-Hant", U_MEM("")),
	P(NDR, "配信不能", "ja", U_BRIEF("")),
	H(NDR, "メッセージを配信できません", "ja", CORPUS("sisimai/maildir/bsd/lhost-trendmicro-01.eml")),
	H(NDR, "メール送信エラー", "ja", CORPUS("sisimai/maildir/err/make-test-31.eml")),
	P(NDR, "배달 안 됨", "ko", U_BRIEF("")),
	P(NDR, "Không gửi được", "vi", U_MEM("")),

	/* ---- delivery delayed ---- */
	P(DELAY, "Delivery delayed", "en", U_EN(" (Exchange 2007+)")),
	H(DELAY, "Delayed Mail (still being retried)", "en", CORPUS("bounceparser/t/corpus/warning-8.msg")),
	H(DELAY, "Warning: could not send message for past", "en", CORPUS("ruby-mail/spec/fixtures/emails/mime_emails/raw_email_with_mimepart_without_content_type.eml")),
	H(DELAY, "Delivery Status Notification (Delay)", "en", CORPUS("sisimai/maildir/bsd/lhost-outlook-06.eml")),
	H(DELAY, "Delivery Status Notification (Mail Delivery Delayed)", "en", CORPUS("sisimai/maildir/bsd/rfc3464-07.eml")),
	H(DELAY, "Delivery status notification: warning", "en", CORPUS("sisimai/maildir/bsd/lhost-opensmtpd-04.eml")),
	H(DELAY, "Mail Delivery Warning", "en", CORPUS("flufl-bounce/flufl/bounce/tests/data/simple_35.txt")),
	HA(DELAY, "Warning: message", "en", CORPUS("sisimai/maildir/bsd/lhost-exim-38.eml")),
	HA(DELAY, "Message delayed", "en", CORPUS("flufl-bounce/flufl/bounce/tests/data/dsn_07.txt")),
	P(DELAY, "Zustellung verzögert", "de", U_BRIEF("")),
	P(DELAY, "Remise différée", "fr", U_BRIEF("")),
	P(DELAY, "Entrega retrasada", "es", U_MEM("")),
	P(DELAY, "Recapito ritardato", "it", U_MEM("")),
	P(DELAY, "Entrega atrasada", "pt", U_MEM("")),
	P(DELAY, "Bezorging vertraagd", "nl", U_MEM("")),
	P(DELAY, "Задержка доставки", "ru", U_MEM("")),
	P(DELAY, "延迟", "zh-Hans", U_BRIEF("")),
	P(DELAY, "延遲", "zh-Hant", U_MEM("")),
	P(DELAY, "配信の遅延", "ja", U_MEM("")),
	P(DELAY, "배달 지연", "ko", U_MEM("")),

	/* ---- delivery receipts ---- */
	PA(DELIVERY_RECEIPT, "Delivered", "en", U_EN("")),
	H(DELIVERY_RECEIPT, "Delivery Status Notification (Success)", "en", UNV("Gmail / Exchange 2003 text as the author knows it; no corpus message found")),
	H(DELIVERY_RECEIPT, "Delivery Status Notification (Relay)", "en", UNV("Gmail / Exchange 2003 text as the author knows it; no corpus message found")),
	H(DELIVERY_RECEIPT, "Successful Mail Delivery Report", "en", PKG("postfix 3.7.11-0+deb12u1, /usr/lib/postfix/sbin/bounce: built-in success template (postconf -b)")),
	P(DELIVERY_RECEIPT, "Übermittelt", "de", U_BRIEF("")),
	PA(DELIVERY_RECEIPT, "Remis", "fr", U_BRIEF("")),
	PA(DELIVERY_RECEIPT, "Entregado", "es", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Recapitato", "it", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Entregue", "pt", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Bezorgd", "nl", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Levererat", "sv", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Dostarczono", "pl", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Teslim edildi", "tr", U_MEM("")),
	PA(DELIVERY_RECEIPT, "Доставлено", "ru uk", U_MEM("")),
	P(DELIVERY_RECEIPT, "已送达", "zh-Hans", U_BRIEF("")),
	P(DELIVERY_RECEIPT, "已傳遞", "zh-Hant", U_MEM("")),
	P(DELIVERY_RECEIPT, "配信済み", "ja", U_MEM("")),
	P(DELIVERY_RECEIPT, "배달됨", "ko", U_MEM("")),

	/* ---- read receipts ---- */
	PA(READ_RECEIPT, "Read", "en", CORPUS("zbateson-mmp/tests/_data/emails/m4006.txt")),
	PA(READ_RECEIPT, "Gelesen", "de", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/de/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Gelesen: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Lu", "fr", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/fr/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Lu: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Leído", "es", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/es/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Leído: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Letto", "it", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/it/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Letto: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Lida", "pt", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/pt/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Lida: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Gelezen", "nl", U_SEEN("")),
	PA(READ_RECEIPT, "Läst", "sv", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/sv/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Läst: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Læst", "da", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/da/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Læst: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Lest", "nb", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/nb/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Lest: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Luettu", "fi", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/fi/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Luettu: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Przeczytano", "pl", U_MEM("")),
	PA(READ_RECEIPT, "Přečteno", "cs", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/cs/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Přečteno: %s\" (Evolution's read-receipt subject)")),
	PA(READ_RECEIPT, "Okundu", "tr", U_MEM("")),
	PA(READ_RECEIPT, "Прочитано", "ru uk", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/uk/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"Прочитано: %s\" (Evolution's read-receipt subject)") " (uk; ru: not this string)"),
	PA(READ_RECEIPT, "נקרא", "he", U_MEM("")),
	P(READ_RECEIPT, "已读", "zh-Hans", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/zh_CN/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"已读: %s\" (Evolution's read-receipt subject)")),
	P(READ_RECEIPT, "已讀取", "zh-Hant", U_MEM("")),
	P(READ_RECEIPT, "已讀", "zh-Hant", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/zh_TW/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"已讀: %s\" (Evolution's read-receipt subject)")),
	P(READ_RECEIPT, "開封済み", "ja", U_MEM("")),
	P(READ_RECEIPT, "읽음", "ko", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/ko/LC_MESSAGES/evolution.mo msgid \"Read: %s\" = \"읽음: %s\" (Evolution's read-receipt subject)")),

	/* ---- not read ---- */
	P(NONREAD_RECEIPT, "Not read", "en", DOC("Microsoft KB 2544246 (support.microsoft.com/kb/2544246) quotes an Exchange 2010 non-read notification: \"Subject: Not read: <Subject> Your message was deleted without being read on <Date, Time>\"")),
	P(NONREAD_RECEIPT, "Ungelesen", "de", U_BRIEF("")),
	P(NONREAD_RECEIPT, "Non lu", "fr", U_BRIEF("")),
	P(NONREAD_RECEIPT, "No leído", "es", U_MEM("")),
	P(NONREAD_RECEIPT, "Non letto", "it", U_MEM("")),
	P(NONREAD_RECEIPT, "Não lida", "pt", U_MEM("")),
	P(NONREAD_RECEIPT, "Niet gelezen", "nl", U_MEM("")),
	P(NONREAD_RECEIPT, "Nieprzeczytane", "pl", U_MEM("")),
	P(NONREAD_RECEIPT, "Не прочитано", "ru uk", U_MEM("")),
	P(NONREAD_RECEIPT, "未读", "zh-Hans", U_BRIEF("")),
	P(NONREAD_RECEIPT, "未讀取", "zh-Hant", U_MEM("")),
	P(NONREAD_RECEIPT, "未開封", "ja", U_MEM("")),
	P(NONREAD_RECEIPT, "읽지 않음", "ko", U_MEM("")),

	/* ---- recall ---- */
	PA(RECALL, "Recall", "en", DOC("Microsoft Learn, Exchange Online \"Work with Cloud-based Message Recall\" (learn.microsoft.com/exchange/mail-flow-best-practices/work-with-cloud-based-message-recall): the recall message Outlook generates has the subject \"Recall: <Original Subject>\"")),
	P(RECALL, "Message Recall Success", "en", U_EN(" (recall report)")),
	P(RECALL, "Message Recall Failure", "en", U_EN(" (recall report)")),
	P(RECALL, "Rückruf", "de", U_BRIEF("")),
	PA(RECALL, "Rappel", "fr", U_BRIEF(" (also an everyday French word)")),
	PA(RECALL, "Richiamo", "it", U_MEM("")),
	PA(RECALL, "Recuperar", "es", U_MEM("")),
	P(RECALL, "Intrekken", "nl", U_MEM("")),
	P(RECALL, "撤回", "zh-Hans", U_BRIEF("")),
	P(RECALL, "收回", "zh-Hant", U_MEM("")),
	P(RECALL, "回収", "ja", U_MEM("")),
	P(RECALL, "회수", "ko", U_MEM("")),

	/* ---- meeting responses (need calendar corroboration) ---- */
	PA(MEETING_RESPONSE, "Accepted", "en", PKG("evolution-common 3.46.4-2+deb12u1, evolution.mo msgctxt \"Meeting\" msgid \"Accepted\" (Evolution's meeting-reply subject prefix, the English original)")),
	PA(MEETING_RESPONSE, "Declined", "en", PKG("evolution-common 3.46.4-2+deb12u1, evolution.mo msgctxt \"Meeting\" msgid \"Declined\" (Evolution's meeting-reply subject prefix, the English original)")),
	PA(MEETING_RESPONSE, "Tentative", "en", PKG("php-horde-itip 2.1.2-9, Horde/Itip/Response/Type/Tentative.php short subject msgid \"Tentative\" (Horde's meeting-reply subject prefix, the English original)")),
	PA(MEETING_RESPONSE, "New Time Proposed", "en", U_EN("")),
	PA(MEETING_RESPONSE, "Zugesagt", "de", U_MEM("")),
	PA(MEETING_RESPONSE, "Abgesagt", "de", U_MEM("")),
	PA(MEETING_RESPONSE, "Mit Vorbehalt", "de", U_MEM("")),
	PA(MEETING_RESPONSE, "Accepté", "fr", PKG("php-horde-itip 2.1.2-9, /usr/share/php/data/Horde_Itip/locale/fr/LC_MESSAGES/Horde_Itip.mo msgid \"Accepted\" = \"Accepté\" (Horde's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "Refusé", "fr", PKG("php-horde-itip 2.1.2-9, /usr/share/php/data/Horde_Itip/locale/fr/LC_MESSAGES/Horde_Itip.mo msgid \"Declined\" = \"Refusé\" (Horde's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "Aceptado", "es", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/es/LC_MESSAGES/evolution.mo msgctxt \"Meeting\" msgid \"Accepted\" = \"Aceptado\" (Evolution's meeting-reply subject prefix); thunderbird-l10n-es-es 1:153.8.0esr-1~deb12u1, langpack lightning.properties itipReplySubjectAccept2")),
	PA(MEETING_RESPONSE, "Rechazado", "es", U_MEM("")),
	PA(MEETING_RESPONSE, "已接受", "zh-Hans zh-Hant", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/zh_TW/LC_MESSAGES/evolution.mo msgctxt \"Meeting\" msgid \"Accepted\" = \"已接受\" (Evolution's meeting-reply subject prefix); thunderbird-l10n-zh-cn 1:153.8.0esr-1~deb12u1, langpack lightning.properties and thunderbird-l10n-zh-tw itipReplySubjectAccept2")),
	PA(MEETING_RESPONSE, "已拒绝", "zh-Hans", U_MEM("")),
	PA(MEETING_RESPONSE, "暂定", "zh-Hans", PKG("thunderbird-l10n-zh-cn 1:153.8.0esr-1~deb12u1, langpack lightning.properties itipReplySubjectTentative2 (Thunderbird's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "已拒絕", "zh-Hant", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/zh_TW/LC_MESSAGES/evolution.mo msgctxt \"Meeting\" msgid \"Declined\" = \"已拒絕\" (Evolution's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "承諾", "ja", PKG("thunderbird-l10n-ja 1:153.8.0esr-1~deb12u1, langpack lightning.properties itipReplySubjectAccept2 (Thunderbird's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "辞退", "ja", U_MEM("")),
	PA(MEETING_RESPONSE, "수락", "ko", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/ko/LC_MESSAGES/evolution.mo msgctxt \"Meeting\" msgid \"Accepted\" = \"수락\" (Evolution's meeting-reply subject prefix)")),
	PA(MEETING_RESPONSE, "Принято", "ru", PKG("evolution-common 3.46.4-2+deb12u1, /usr/share/locale/ru/LC_MESSAGES/evolution.mo msgctxt \"Meeting\" msgid \"Accepted\" = \"Принято\" (Evolution's meeting-reply subject prefix); thunderbird-l10n-ru 1:153.8.0esr-1~deb12u1, langpack lightning.properties itipReplySubjectAccept2")),

	/* ---- notices ---- */
	H(SYSTEM_NOTICE, "Your mailbox is almost full", "en", UNV("Exchange quota warning subject")),
	H(SYSTEM_NOTICE, "Your mailbox is full", "en", UNV("Exchange quota warning subject")),
	H(SYSTEM_NOTICE, "Ihr Postfach ist fast voll", "de", U_MEM("")),

	/* ---- body boilerplate (corroboration) ---- */
	B(NDR, "Delivery has failed to these recipients or groups", "en", CORPUS("sisimai/maildir/bsd/lhost-exchange2007-04.eml")),
	B(NDR, "Your message did not reach some or all of the intended recipients", "en", CORPUS("sisimai/maildir/bsd/lhost-exchange2003-04.eml")),
	B(NDR, "Delivery to the following recipients failed", "en", CORPUS("sisimai/maildir/bsd/lhost-outlook-03.eml")),
	B(NDR, "couldn't be delivered", "en", CORPUS("sisimai/maildir/bsd/lhost-office365-10.eml")),
	B(NDR, "I'm sorry to have to inform you that your message could not", "en", CORPUS("sisimai/maildir/bsd/rhost-aol-05.eml")),
	B(NDR, "This message was created automatically by mail delivery software", "en", CORPUS("sisimai/maildir/bsd/lhost-exim-06.eml")),
	B(NDR, "This is the qmail-send program", "en", CORPUS("sisimai/maildir/bsd/lhost-qmail-23.eml")),
	B(NDR, "La remise à ces destinataires ou groupes a échoué", "fr", U_MEM("")),
	B(NDR, "Fehler bei der Zustellung an folgende Empfänger oder Gruppen", "de", U_MEM("")),
	B(DELAY, "Delivery is delayed to these recipients or groups", "en", U_EN(" (Exchange 2010 delay DSN)")),
	B(DELAY, "THIS IS A WARNING ONLY", "en", CORPUS("bounceparser/t/corpus/warning-8.msg")),
	B(DELAY, "has not yet been delivered to one or more of its recipients", "en", CORPUS("sisimai/maildir/bsd/lhost-exim-38.eml")),
	B(DELIVERY_RECEIPT, "Delivery to these recipients or groups is complete", "en", U_EN(" (Exchange 2010 DR)")),
	B(DELIVERY_RECEIPT, "Your message has been delivered to the following recipients", "en", U_EN(" (Exchange 2003 DR)")),
	B(NONREAD_RECEIPT, "was deleted without being read", "en", DOC("Microsoft KB 2544246 (support.microsoft.com/kb/2544246) quotes an Exchange 2010 non-read notification: \"Subject: Not read: <Subject> Your message was deleted without being read on <Date, Time>\"")),
	B(READ_RECEIPT, "was read on", "en", DOC("Microsoft KB Q136515, XADM: \"Not Read\" Notification (Exchange 4.0; archived copy of ftp.microsoft.com MISC/KB/en-us/136/515.HTM): the read notification body ends \"was read on <date>\"")),
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
