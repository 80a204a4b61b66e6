/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_owner_text.c: unit tests of analyzer/detect/owner-text.c: where an
 * auto-reply's own text ends (separators, quoted header blocks,
 * attributions, '>' lines, signatures), and that the language textid finds
 * in what is left is the writer's, not the quoted original's, on
 * auto-replies shaped like real ones (Outlook, Thunderbird, Gmail, a Big5
 * Chinese reply decoded to UTF-8). The model is found through
 * MAILCASE_DATADIR (tests/tests.am sets it).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "owner-text.h"
#include "textid.h"

#define MAX 1500

static char own[MAX + 1];

static const char *owner(const char *body)
{
	mc_owner_text(body, strlen(body), own, MAX);
	return own;
}

/* ---- where the own text ends ---- */

START_TEST(outlook_original_message)
{
	ck_assert_str_eq(owner("Out until Monday.\r\n\r\n-----Original Message-----\r\n"
	                       "From: A <a@example.com>\r\nSent: Monday\r\n\r\nHello\r\n"),
	                 "Out until Monday.\n\n");
	/* Outlook's HTML-to-text rule, and Thunderbird's and Gmail's forms */
	ck_assert_str_eq(owner("Away.\n________________________________\nFrom: x\n"), "Away.\n");
	ck_assert_str_eq(owner("Away.\n-------- Original-Nachricht --------\nBetreff: x\n"), "Away.\n");
	ck_assert_str_eq(owner("Away.\n---------- Forwarded message ---------\nx\n"), "Away.\n");
}
END_TEST

START_TEST(header_blocks)
{
	/* a known From label and one more label line */
	ck_assert_str_eq(owner("Absent.\nDe : Jean Dupont\nEnvoyé : lundi\nbonjour\n"), "Absent.\n");
	ck_assert_str_eq(owner("不在。\n发件人: 张伟\n发送时间: 2011年3月9日\n"), "不在。\n");
	ck_assert_str_eq(owner("Weg.\n*Von:* Max\n*Gesendet:* Montag\n"), "Weg.\n");
	/* any labels: three lines and an address */
	ck_assert_str_eq(owner("Poissa.\nLähettäjä: Matti <m@example.fi>\nLähetetty: maanantai\n"
	                       "Vastaanottaja: Liisa\n"), "Poissa.\n");
	ck_assert_str_eq(owner("Away.\nKimden: Ali <ali@example.com.tr>\nGönderildi: 9 Mart\n"
	                       "Kime: Oliver\nKonu: toplantı\n"), "Away.\n");
	/* one label line of the writer's own is kept */
	ck_assert_str_eq(owner("Back on Monday.\nTel: +33 1 23 45 67 89\n"),
	                 "Back on Monday.\nTel: +33 1 23 45 67 89\n");
	ck_assert_str_eq(owner("Note: back on Monday.\nThanks\n"), "Note: back on Monday.\nThanks\n");
}
END_TEST

START_TEST(attributions)
{
	ck_assert_str_eq(owner("Away.\n\nOn Mon, Mar 7, 2011 at 9:00 AM, A <a@example.com> wrote:\n> hi\n"),
	                 "Away.\n\n");
	ck_assert_str_eq(owner("Abwesend.\nAm 07.03.2011 um 09:00 schrieb Anna Kowalska:\n\nHallo\n"),
	                 "Abwesend.\n");
	ck_assert_str_eq(owner("不在。\n在 2011-03-07 09:00, 张伟 写道:\n你好\n"), "不在。\n");
	/* wrapped: the date goes with the verb's line */
	ck_assert_str_eq(owner("Ausente.\nEl lun., 7 mar. 2011 a las 9:00, Anna Kowalska (<\n"
	                       "anna@example.pl>) escribió:\n> hola\n"), "Ausente.\n");
	/* no verb of the list, but a date and a quote after it */
	ck_assert_str_eq(owner("Away.\n7.3.2011 9.00 Anna K kirjutas:\n> tere\n"), "Away.\n");
	ck_assert_str_eq(owner("Away.\n2011/3/7 Anna <a@example.com>:\n\n> hi\n"), "Away.\n");
	/* a colon at the end of the writer's own line is no attribution */
	ck_assert_str_eq(owner("For urgent matters, call:\nAnna, 555 0100\n"),
	                 "For urgent matters, call:\nAnna, 555 0100\n");
}
END_TEST

START_TEST(quotes_and_signatures)
{
	ck_assert_str_eq(owner("> quoted first\nAway until Monday.\n> more\nRegards\n"),
	                 "Away until Monday.\nRegards\n");
	ck_assert_str_eq(owner("Away until Monday.\n-- \nOliver Grant\nNorthwind\n"),
	                 "Away until Monday.\n");
	ck_assert_str_eq(owner("Away until Monday.\n--\nOliver\n"), "Away until Monday.\n");
	/* "--" beginning a line of text is no signature mark */
	ck_assert_str_eq(owner("Away --- back Monday.\n--Oliver\n"), "Away --- back Monday.\n--Oliver\n");
	ck_assert_str_eq(owner("-----Original Message-----\nFrom: x\n"), "");
	ck_assert_str_eq(owner(""), "");
	ck_assert_uint_eq(mc_owner_text(NULL, 0, own, MAX), 0);
	ck_assert_str_eq(own, "");
}
END_TEST

START_TEST(limits)
{
	char small[8];
	ck_assert_uint_eq(mc_owner_text("abcdefghij\n", 11, small, 5), 5);
	ck_assert_str_eq(small, "abcde");
	ck_assert_uint_eq(mc_owner_text("abc\ndef\n", 8, small, 4), 4);
	ck_assert_str_eq(small, "abc\n");
	/* len bounds the body, not the NUL */
	ck_assert_uint_eq(mc_owner_text("abc\ndef\n", 3, small, 7), 4);
	ck_assert_str_eq(small, "abc\n");
}
END_TEST

/* ---- the writer's language, not the original's ---- */

struct reply {
	const char *lang;      /* the writer's language */
	const char *body;      /* their text, then the original in another */
};

static const struct reply replies[] = {
	{ "en",
	  "Thank you for your email. I am out of the office until Monday 14 March with "
	  "limited access to email. For urgent matters please contact my colleague Anna "
	  "Kowalska.\r\n\r\nKind regards,\r\nOliver Grant\r\n\r\n"
	  "-----Original Message-----\r\n"
	  "From: Camille Marchand [mailto:camille.marchand@northwind-eu.example]\r\n"
	  "Sent: Wednesday, March 09, 2011 10:12 AM\r\nTo: Oliver Grant\r\n"
	  "Subject: Réunion budgétaire de jeudi\r\n\r\n"
	  "Bonjour Oliver,\r\n\r\nPourriez-vous m'envoyer les chiffres du trimestre avant la "
	  "réunion de jeudi ? Nous devons valider le budget avec la direction et préparer "
	  "la présentation pour le comité.\r\n\r\nMerci d'avance et bonne journée,\r\nCamille\r\n" },
	{ "fr",
	  "Bonjour,\n\nJe suis absente du bureau jusqu'au 14 mars et n'ai qu'un accès limité "
	  "à ma messagerie. En cas d'urgence, merci de contacter le secrétariat.\n\n"
	  "Cordialement,\nCamille Marchand\n\n"
	  "Am 09.03.2011 um 10:12 schrieb Jonas Weber <jonas.weber@northwind-eu.example>:\n\n"
	  "> Hallo Camille,\n> könntest du mir bitte die Zahlen für das Quartal schicken? Wir "
	  "müssen das Budget\n> noch vor der Sitzung am Donnerstag mit der Geschäftsführung "
	  "abstimmen.\n> Vielen Dank und viele Grüße\n> Jonas\n" },
	{ "de",
	  "Vielen Dank für Ihre Nachricht. Ich bin bis zum 14. März nicht im Büro und habe "
	  "nur eingeschränkt Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich "
	  "bitte an meine Kollegin Frau Schneider.\n\n"
	  "________________________________\n"
	  "From: Oliver Grant <oliver.grant@northwind-eu.example>\n"
	  "Sent: Wednesday, March 9, 2011 10:12\nTo: Jonas Weber\nSubject: Quarterly figures\n\n"
	  "Hi Jonas,\n\nCould you please send me the quarterly figures before Thursday's "
	  "meeting? We need to agree the budget with the board and prepare the slides for "
	  "the committee.\n\nThanks and best regards,\nOliver\n" },
	{ "zh-Hant",
	  /* a Big5 reply as the charset layer decodes it */
	  "您好：\n\n我目前不在辦公室，將於三月十四日返回。期間無法及時回覆郵件，如有急事請聯絡陳小姐。\n\n"
	  "謝謝！\n王大明\n\n"
	  "寄件者: Oliver Grant [mailto:oliver.grant@northwind-eu.example]\n"
	  "寄件日期: 2011年3月9日 上午 10:12\n收件者: 王大明\n主旨: Quarterly figures\n\n"
	  "Dear Mr Wang,\n\nCould you please send me the quarterly figures before Thursday's "
	  "meeting? We need to agree the budget with the board and prepare the slides for the "
	  "committee next week.\n\nThanks and best regards,\nOliver\n" },
	{ "es",
	  "Gracias por su mensaje. Estoy fuera de la oficina hasta el lunes 14 de marzo con "
	  "acceso limitado al correo. Para asuntos urgentes, póngase en contacto con mi "
	  "compañera Ana.\n\nUn saludo,\nLucía Navarro\n\n"
	  "On Wed, Mar 9, 2011 at 10:12 AM, Oliver Grant <\n"
	  "oliver.grant@northwind-eu.example> wrote:\n\n"
	  "> Hi Lucía,\n>\n> Could you please send me the quarterly figures before Thursday's "
	  "meeting?\n> We need to agree the budget with the board and prepare the slides.\n>\n"
	  "> Thanks and best regards,\n> Oliver\n" },
	{ "ja",
	  "お世話になっております。\n3月14日まで不在のため、メールの確認が遅れます。"
	  "お急ぎの場合は山田までご連絡ください。\n\n"
	  "差出人: Oliver Grant <oliver.grant@northwind-eu.example>\n"
	  "送信日時: 2011年3月9日 10:12\n宛先: 佐藤\n件名: Quarterly figures\n\n"
	  "Dear Sato-san,\n\nCould you please send me the quarterly figures before Thursday's "
	  "meeting? We need to agree the budget with the board and prepare the slides for the "
	  "committee.\n\nThanks and best regards,\nOliver\n" },
	{ "ru",
	  "Спасибо за ваше письмо. Я нахожусь в отпуске до 14 марта и не имею постоянного "
	  "доступа к почте. По срочным вопросам обращайтесь к Анне Ивановой.\n"
	  "-- \nИван Петров\n"
	  "-----Исходное сообщение-----\n"
	  "От: Oliver Grant\nОтправлено: 9 марта 2011 г. 10:12\n\n"
	  "Hi Ivan, could you please send me the quarterly figures before Thursday's meeting? "
	  "We need to agree the budget with the board and prepare the slides for the "
	  "committee.\n" },
	{ "ko",
	  "안녕하세요. 3월 14일까지 휴가 중이라 메일 확인이 늦어질 수 있습니다. "
	  "급한 용무는 김민수 대리에게 연락해 주십시오.\n\n"
	  "보낸 사람: Oliver Grant <oliver.grant@northwind-eu.example>\n"
	  "보낸 날짜: 2011년 3월 9일 수요일 오전 10:12\n받는 사람: 이지은\n제목: Quarterly figures\n\n"
	  "Dear Ms Lee, could you please send me the quarterly figures before Thursday's meeting? "
	  "We need to agree the budget with the board and prepare the slides for the "
	  "committee next week. Thanks and best regards, Oliver\n" },
	{ "pl",
	  "Dziękuję za wiadomość. Do 14 marca przebywam na urlopie i mam ograniczony dostęp "
	  "do poczty. W pilnych sprawach proszę kontaktować się z panią Anną Nowak.\n\n"
	  "> Bonjour Tomasz, pourriez-vous m'envoyer les chiffres du trimestre avant la "
	  "réunion\n> de jeudi ? Nous devons valider le budget avec la direction et préparer"
	  "\n> la présentation pour le comité. Merci d'avance, Camille\n" },
};

static void check_reply(const struct reply *r)
{
	struct mc_textid mine;
	size_t n = mc_owner_text(r->body, strlen(r->body), own, MAX);
	mc_textid_identify(own, n, &mine);
	ck_assert_msg(strcmp(mine.language, r->lang) == 0 && mine.confidence >= 0.5,
	              "%s reply: own text identified as %s (%.2f): %s", r->lang,
	              mine.language, mine.confidence, own);
}

START_TEST(writer_language)
{
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++)
		check_reply(&replies[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("owner_text");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, outlook_original_message);
	tcase_add_test(tc, header_blocks);
	tcase_add_test(tc, attributions);
	tcase_add_test(tc, quotes_and_signatures);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, writer_language);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
