/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_textid_short.c: unit tests of mc_textid_identify_short()
 * (analyzer/text/textid.c): the script of a short fragment always, a
 * language only on the evidence a script or a character gives, and a
 * confidence bounded by how little text there is. Its accuracy on held-out
 * fragments is measured by bench/langid (SHORT=1), not here. The model is
 * found through MAILCASE_DATADIR (tests/tests.am sets it).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "textid.h"

static struct mc_textid frag(const char *s)
{
	struct mc_textid r;
	mc_textid_identify_short(s, strlen(s), &r);
	return r;
}

/* Generated prefixes of several servers and clients, by script. */
static const char *const prefixes[][2] = {
	{ "自动回复:", "Hani" }, { "自動回覆：", "Hani" }, { "Автоответ:", "Cyrl" },
	{ "AUTO:", "Latn" }, { "자동 회신:", "Hang" }, { "رد تلقائي:", "Arab" },
	{ "תשובה אוטומטית:", "Hebr" }, { "Αυτόματη απάντηση:", "Grek" },
	{ "ตอบกลับอัตโนมัติ:", "Thai" }, { "自動応答:", "Hani" }, { "不在通知：", "Hani" },
	{ "[自動返信]", "Hani" }, { "自動返信のお知らせ", "Jpan" }, { "Réponse automatique :", "Latn" },
	{ "Автоматический ответ:", "Cyrl" }, { "پاسخ خودکار:", "Arab" }, { "RE:", "Latn" },
	{ "ავტომატური პასუხი:", "Geor" }, { "स्वतः उत्तर:", "Deva" },
};

START_TEST(script_always)
{
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		struct mc_textid r = frag(prefixes[i][0]);
		ck_assert_msg(strcmp(r.script, prefixes[i][1]) == 0, "%s: script %s, want %s",
		              prefixes[i][0], r.script, prefixes[i][1]);
		ck_assert_msg(r.letters > 0, "%s: no letters", prefixes[i][0]);
		ck_assert_msg(r.confidence >= 0 && r.confidence < 1, "%s: confidence %f",
		              prefixes[i][0], r.confidence);
	}
	struct mc_textid r = frag(": 12 —");
	ck_assert_str_eq(r.script, "Zyyy");
	ck_assert_str_eq(r.language, "und");
	ck_assert(r.confidence == 0);
	r = frag("");
	ck_assert_str_eq(r.script, "Zyyy");
	mc_textid_identify_short(NULL, 0, &r);
	ck_assert_str_eq(r.language, "und");
}
END_TEST

START_TEST(language_by_script)
{
	/* a script one language writes */
	struct mc_textid r = frag("자동 회신:");
	ck_assert_str_eq(r.language, "ko");
	ck_assert(r.confidence >= 0.75);
	r = frag("自動返信のお知らせ");
	ck_assert_str_eq(r.language, "ja");
	r = frag("Αυτόματη απάντηση:");
	ck_assert_str_eq(r.language, "el");
	/* one letter is less sure than four */
	ck_assert(frag("회").confidence < frag("자동 회신").confidence);
}
END_TEST

START_TEST(han)
{
	/* characters only one orthography writes decide the variant */
	struct mc_textid r = frag("自动回复:");
	ck_assert_str_eq(r.language, "zh-Hans");
	r = frag("自動回覆：");
	ck_assert_str_eq(r.language, "zh-Hant");
	/* an ideograph only Japanese writes */
	r = frag("自動応答:");
	ck_assert_str_eq(r.language, "ja");
	/* nothing decides: Chinese, variant undecided, not sure */
	r = frag("不在：");
	ck_assert_str_eq(r.script, "Hani");
	ck_assert_str_eq(r.language, "zh");
	ck_assert(r.confidence > 0 && r.confidence <= 0.9);
}
END_TEST

START_TEST(model_languages_tempered)
{
	/* among the languages of a script, a few letters claim little */
	const char *const shorts[] = { "AUTO:", "RE:", "Автоответ:", "رد تلقائي:", "Abwesend:" };
	for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++) {
		struct mc_textid r = frag(shorts[i]);
		double bound = (double)r.letters / ((double)r.letters + 1.0);
		ck_assert_msg(r.confidence <= bound, "%s: %s at %.2f > %.2f", shorts[i], r.language,
		              r.confidence, bound);
		ck_assert_msg(strcmp(r.language, "und") != 0, "%s: no language", shorts[i]);
	}
	/* never surer than the full identifier on the same text, and the
	 * same choice */
	const char *const texts[] = {
		"Автоматический ответ:", "Réponse automatique :", "Automatische Antwort:",
		"Ich bin bis Montag nicht im Büro und lese meine E-Mails nur selten."
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct mc_textid s = frag(texts[i]), l;
		mc_textid_identify(texts[i], strlen(texts[i]), &l);
		ck_assert_str_eq(s.language, l.language);
		ck_assert_str_eq(s.script, l.script);
		ck_assert(s.confidence <= l.confidence);
	}
	/* two letters are less sure than a sentence of the same language */
	ck_assert(frag("Re").confidence < frag(texts[3]).confidence);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("textid_short");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, script_always);
	tcase_add_test(tc, language_by_script);
	tcase_add_test(tc, han);
	tcase_add_test(tc, model_languages_tempered);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
