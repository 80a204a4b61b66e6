#include "config.h"
/*
 * check_textid.c: unit tests of analyzer/textid.c (script and language
 * identification, the textid line format) and analyzer/charset-detect.c.
 */
#include <check.h>
#include <glib.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "charset-detect.h"
#include "textid.h"

static const char *script(const char *s)
{
	return mc_script_of(s, strlen(s));
}

static struct mc_textid ident(const char *s)
{
	struct mc_textid r;
	mc_textid_identify(s, strlen(s), &r);
	return r;
}

#define ck_lang(text, tag) do { \
		struct mc_textid r_ = ident(text); \
		ck_assert_msg(strcmp(r_.language, (tag)) == 0, "%s: got %s, want %s", \
		              (text), r_.language, (tag)); \
	} while (0)

START_TEST(test_scripts)
{
	ck_assert_str_eq(script("Automatic reply: meeting"), "Latn");
	ck_assert_str_eq(script("Автоматический ответ"), "Cyrl");
	ck_assert_str_eq(script("Αυτόματη απάντηση"), "Grek");
	ck_assert_str_eq(script("תשובה אוטומטית"), "Hebr");
	ck_assert_str_eq(script("رد تلقائي"), "Arab");
	ck_assert_str_eq(script("自动回复"), "Hani");
	ck_assert_str_eq(script("自動応答: 会議のお知らせ"), "Jpan");
	ck_assert_str_eq(script("カタカナ"), "Jpan");
	ck_assert_str_eq(script("자동 회신"), "Hang");
	ck_assert_str_eq(script("ตอบกลับอัตโนมัติ"), "Thai");
	ck_assert_str_eq(script("ავტომატური პასუხი"), "Geor");
	ck_assert_str_eq(script("स्वचालित उत्तर"), "Deva");
	/* the majority wins; Common and Inherited count for nobody */
	ck_assert_str_eq(script("RE: 自动回复 OK"), "Hani");
	ck_assert_str_eq(script("Re: Fwd: Встреча"), "Cyrl");
	ck_assert_str_eq(script("e\xcc\x81\xcc\x81\xcc\x81"), "Latn");
}
END_TEST

START_TEST(test_no_letters)
{
	const char *cases[] = { "", "12345 67", "!!! ??? ...", "\xf0\x9f\x98\x80\xf0\x9f\x8e\x89",
	                        "\xff\xfe\x80", " \t\n" };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct mc_textid r = ident(cases[i]);
		ck_assert_str_eq(r.script, "Zyyy");
		ck_assert_str_eq(r.language, "und");
		ck_assert(r.confidence == 0);
		ck_assert_uint_eq(r.letters, 0);
	}
	struct mc_textid r;
	mc_textid_identify(NULL, 0, &r);
	ck_assert_str_eq(r.language, "und");
	/* NUL bytes and invalid UTF-8 are only separators */
	static const char nul[] = "Guten\0Tag \xc3 und vielen Dank";
	mc_textid_identify(nul, sizeof nul - 1, &r);
	ck_assert_str_eq(r.script, "Latn");
	ck_assert_str_eq(r.language, "de");
}
END_TEST

START_TEST(test_chinese)
{
	ck_lang("自动回复: 我现在不在办公室", "zh-Hans");
	ck_lang("自動回覆: 我現在不在辦公室", "zh-Hant");
	ck_lang("自动回复", "zh-Hans");
	ck_lang("自動回覆", "zh-Hant");
	ck_lang("会议通知：请于明天下午三点参加项目讨论", "zh-Hans");
	ck_lang("會議通知：請於明天下午三點參加專案討論", "zh-Hant");
	ck_lang("无法投递邮件", "zh-Hans");
	ck_lang("無法投遞郵件", "zh-Hant");
	ck_assert_str_eq(ident("自动回复").script, "Hani");
}
END_TEST

START_TEST(test_japanese_korean)
{
	ck_lang("自動応答: 会議のお知らせ", "ja");
	ck_lang("ただいま不在にしております", "ja");
	ck_lang("配信不能のメッセージ", "ja");
	ck_lang("자동 회신: 회의 안내", "ko");
	ck_lang("배달되지 않은 메일", "ko");
	ck_assert_str_eq(ident("자동 회신").script, "Hang");
}
END_TEST

START_TEST(test_european)
{
	ck_lang("I am currently out of the office and will be back next week.", "en");
	ck_lang("Ich bin derzeit nicht im Büro und ab nächster Woche wieder erreichbar.", "de");
	ck_lang("Je suis actuellement absent du bureau et serai de retour la semaine prochaine.", "fr");
	ck_lang("Estoy fuera de la oficina y volveré la próxima semana.", "es");
	ck_lang("Sono attualmente fuori ufficio e tornerò la prossima settimana.", "it");
	ck_lang("Estou fora do escritório e voltarei na próxima semana.", "pt");
	ck_lang("Ik ben momenteel niet op kantoor en volgende week weer terug.", "nl");
	ck_lang("Jestem obecnie poza biurem i wrócę w przyszłym tygodniu.", "pl");
	ck_lang("Jag är för närvarande inte på kontoret och är tillbaka nästa vecka.", "sv");
	ck_lang("Şu anda ofis dışındayım ve gelecek hafta döneceğim.", "tr");
	ck_lang("В настоящее время я нахожусь вне офиса и вернусь на следующей неделе.", "ru");
	ck_lang("Наразі я перебуваю поза офісом і повернуся наступного тижня.", "uk");
	ck_lang("Είμαι εκτός γραφείου και θα επιστρέψω την επόμενη εβδομάδα.", "el");
	ck_lang("אני נמצא כרגע מחוץ למשרד ואחזור בשבוע הבא.", "he");
	ck_lang("أنا حاليا خارج المكتب وسأعود الأسبوع المقبل.", "ar");
	struct mc_textid r = ident("Ich bin derzeit nicht im Büro und ab nächster Woche wieder erreichbar.");
	ck_assert_str_eq(r.script, "Latn");
	ck_assert(r.confidence > 0.5 && r.confidence <= 1.0);
	ck_assert_uint_eq(r.letters, 58);
}
END_TEST

START_TEST(test_long_text)
{
	/* longer than the 64 KiB looked at, and than the stack buffers */
	GString *s = g_string_new(NULL);
	while (s->len < 100000)
		g_string_append(s, "Le système de messagerie a rejeté votre message. ");
	struct mc_textid r;
	mc_textid_identify(s->str, s->len, &r);
	ck_assert_str_eq(r.language, "fr");
	ck_assert(r.confidence > 0.99);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(test_escape)
{
	char buf[64];
	char out[129];
	strcpy(buf, "a\\tb\\nc\\rd\\\\e\\x\\");
	size_t n = mc_textid_unescape(buf, strlen(buf));
	ck_assert_uint_eq(n, 12);
	ck_assert_mem_eq(buf, "a\tb\nc\rd\\e\\x\\", 12);
	/* round trip */
	const char raw[] = "tab\there\nnew\rcr\\back\\t";
	size_t m = mc_textid_escape(raw, sizeof raw - 1, out);
	ck_assert_str_eq(out, "tab\\there\\nnew\\rcr\\\\back\\\\t");
	ck_assert_uint_eq(m, strlen(out));
	m = mc_textid_unescape(out, m);
	ck_assert_uint_eq(m, sizeof raw - 1);
	ck_assert_mem_eq(out, raw, m);
	ck_assert_uint_eq(mc_textid_unescape(buf, 0), 0);
	ck_assert_uint_eq(mc_textid_escape("", 0, out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* Encodes UTF-8 text into `cs` with iconv; g_malloc'd. */
static char *encode(const char *utf8, const char *cs, size_t *len)
{
	gsize n = 0;
	char *r = g_convert(utf8, -1, cs, "UTF-8", NULL, &n, NULL);
	ck_assert_ptr_nonnull(r);
	*len = n;
	return r;
}

START_TEST(test_charset_guess)
{
	static const struct {
		const char *text, *encode_as, *want;
	} cases[] = {
		{ "Grüße aus München, schöne Größe", "UTF-8", "utf-8" },
		{ "plain ascii", "UTF-8", "us-ascii" },
		{ "自动回复：我现在不在办公室，请稍后联系我。谢谢", "GB18030", NULL },
		{ "自動回覆：我現在不在辦公室，請稍後聯繫我。謝謝", "BIG5", "big5" },
		{ "自動応答：ただいま不在にしております。", "SHIFT_JIS", NULL },
		{ "Автоматический ответ: меня нет в офисе до понедельника", "WINDOWS-1251", "windows-1251" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		size_t len;
		char *bytes = encode(cases[i].text, cases[i].encode_as, &len);
		char *cs = mc_charset_guess(bytes, len);
		if (cases[i].want)
			ck_assert_str_eq(cs, cases[i].want);
		/* whatever the name, it decodes back to the text */
		gsize n = 0;
		char *back = g_convert(bytes, (gssize)len, "UTF-8", cs, NULL, &n, NULL);
		ck_assert_msg(back && strcmp(back, cases[i].text) == 0, "%s as %s", cases[i].text, cs);
		g_free(back);
		g_free(cs);
		g_free(bytes);
	}
	char *cs = mc_charset_guess(NULL, 0);
	ck_assert_str_eq(cs, "us-ascii");
	g_free(cs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("textid");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_scripts);
	tcase_add_test(tc, test_no_letters);
	tcase_add_test(tc, test_chinese);
	tcase_add_test(tc, test_japanese_korean);
	tcase_add_test(tc, test_european);
	tcase_add_test(tc, test_long_text);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_charset_guess);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	mc_textid_init();
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
