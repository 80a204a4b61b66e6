/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_textid.c: unit tests of analyzer/text/textid.c (script and language
 * identification, the textid line format), of the model file loader
 * (analyzer/text/textid-model.c) and of analyzer/text/charset-guess.c. The model is
 * found through MAILCASE_DATADIR (tests/tests.am sets it).
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "charset-guess.h"
#include "textid.h"
#include "textid-model.h"

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

/* Simplified or Traditional by the characters of one orthography only. */
START_TEST(test_chinese_variants)
{
	/* 将 递 给 are simplified forms, 將 遞 給 traditional ones; 文件 is
	 * the Simplified word, but the characters decide */
	struct mc_textid r = ident("受限的 XML 文件 將指令遞送給 dirmngr");
	ck_assert_str_eq(r.language, "zh-Hant");
	ck_assert(r.confidence > 0.9);
	r = ident("将指令递送给");
	ck_assert_str_eq(r.language, "zh-Hans");
	ck_assert(r.confidence > 0.9);
	/* one quoted character of the other orthography does not flip it */
	ck_lang("请将文件发送给我们，谢谢。「會」", "zh-Hans");
	ck_lang("請將檔案傳送給我們，謝謝。「会」", "zh-Hant");
	/* only characters both write: a guess, and said to be one */
	r = ident("未知的命令");
	ck_assert_str_eq(r.script, "Hani");
	ck_assert(strcmp(r.language, "zh-Hans") == 0 || strcmp(r.language, "zh-Hant") == 0);
	ck_assert(r.confidence >= 0.5 && r.confidence <= 0.6);
}
END_TEST

/* No character of one orthography only: the words both orthographies can
 * write but the mainland and Taiwan use differently, and the punctuation,
 * decide (the model's variant table, learned from the training text). */
START_TEST(test_chinese_vocabulary)
{
	static const struct {
		const char *text, *lang;
	} cases[] = {
		/* Taiwan: 字型 (font, mainland 字体), 位元 (bit, mainland 位) */
		{ "找不到字型", "zh-Hant" },
		{ "位元", "zh-Hant" },
		{ "SunOS News 字型 Sega Saturn", "zh-Hant" },
		/* the mainland: 文件 (file, Taiwan 檔案), 演示 (presentation) */
		{ "文件不存在", "zh-Hans" },
		/* corner brackets in Taiwan and Hong Kong, curly quotes on the
		 * mainland, around the same shared characters */
		{ "「未知的命令」", "zh-Hant" },
		{ "“未知的命令”", "zh-Hans" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct mc_textid r = ident(cases[i].text);
		ck_assert_str_eq(r.script, "Hani");
		ck_assert_msg(strcmp(r.language, cases[i].lang) == 0, "%s: got %s, want %s",
		              cases[i].text, r.language, cases[i].lang);
		/* still a guess, said to be one */
		ck_assert(r.confidence > 0.5 && r.confidence <= 0.6);
	}
	/* the characters of one orthography only still decide */
	ck_lang("找不到文件檔", "zh-Hant");
	ck_lang("字型文件不存在，请检查", "zh-Hans");
}
END_TEST

/* Scripts that one language writes decide it without the n-gram model. */
START_TEST(test_script_languages)
{
	static const struct {
		const char *text, *script, *lang;
	} cases[] = {
		{ "Αυτόματη απάντηση", "Grek", "el" },
		{ "תשובה אוטומטית", "Hebr", "he" },
		{ "자동 회신", "Hang", "ko" },
		{ "カタカナ", "Jpan", "ja" },
		{ "ตอบกลับอัตโนมัติ", "Thai", "th" },
		{ "ავტომატური პასუხი", "Geor", "ka" },
		{ "Ավտոմատ պատասխան", "Armn", "hy" },
		{ "स्वचालित उत्तर", "Deva", "hi" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct mc_textid r = ident(cases[i].text);
		ck_assert_str_eq(r.script, cases[i].script);
		ck_assert_msg(strcmp(r.language, cases[i].lang) == 0, "%s: got %s, want %s",
		              cases[i].text, r.language, cases[i].lang);
		ck_assert(r.confidence > 0 && r.confidence <= 1);
	}
}
END_TEST

/* Chinese with commands or names in it, English with a Chinese name. */
START_TEST(test_mixed_scripts)
{
	ck_assert_str_eq(script("正在关闭 setlocale: LCALL"), "Hani");
	ck_lang("用法: dirmngr-client [選項]", "zh-Hant");
	/* options, acronyms and CamelCase names are no words beside CJK... */
	ck_assert_str_eq(script("用法：fuser [-fIMuvw] [-a|-s]"), "Hani");
	ck_assert_str_eq(script("OpenOffice 演示文稿 PDF"), "Hani");
	/* ...nor are names and identifiers when no Latin word is a word of a
	 * language the model knows... */
	ck_assert_str_eq(script("Vivo 視訊 makelocalvariable:"), "Hani");
	ck_lang("Vivo 視訊 makelocalvariable:", "zh-Hant");
	ck_lang("DTSHD 音訊 cacheset: victim", "zh-Hant");
	/* ...but with one it may be English naming someone */
	ck_lang("Hi 李明, see you tomorrow", "en");
	ck_lang("Lunch with 陈静 next Friday?", "en");
	ck_lang("Meeting with 李明 at 3pm", "en");
	/* ...but without CJK they are Latin all the same */
	ck_assert_str_eq(script("fuser [-fIMuvw] [-a|-s]"), "Latn");
	ck_assert_str_eq(script("Please send the PDF to 王伟"), "Latn");
	ck_assert_str_eq(script("Meeting with 王伟 tomorrow about the budget"), "Latn");
	ck_lang("Meeting with 王伟 tomorrow about the budget", "en");
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
	/* long texts are scored on windows: one in the middle counts too */
	s = g_string_new(NULL);
	while (s->len < 30000)
		g_string_append(s, "Der Posteingang ist voll, bitte löschen Sie alte Nachrichten. ");
	mc_textid_identify(s->str, s->len, &r);
	ck_assert_str_eq(r.language, "de");
	ck_assert_uint_gt(r.letters, 20000);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- the model file ------------------------------------------------------ */

static char *model_bytes(gsize *len)
{
	char *path = mc_textid_model_path();
	gchar *data = NULL;
	ck_assert_msg(g_file_get_contents(path, &data, len, NULL), "cannot read %s", path);
	g_free(path);
	return data;
}

/* Writes bytes to a file in a new temporary directory; its path. */
static char *write_temp(const char *bytes, gsize len)
{
	char *dir = g_dir_make_tmp("check-textid-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	char *path = g_build_filename(dir, MC_TEXTID_FILE, NULL);
	ck_assert(g_file_set_contents(path, bytes, (gssize)len, NULL));
	g_free(dir);
	return path;
}

static void remove_temp(char *path)
{
	char *dir = g_path_get_dirname(path);
	g_unlink(path);
	g_rmdir(dir);
	g_free(dir);
	g_free(path);
}

static void put32(char *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (char)(v >> (8 * k));
}

/* Rewrites the header's checksum after a change, as a careful forger would. */
static void reseal(char *b, gsize len)
{
	uint64_t h = mc_textid_model_checksum((unsigned char *)b + MC_TEXTID_HEADER,
	                                      len - MC_TEXTID_HEADER);
	put32(b + 24, (uint32_t)h);
	put32(b + 28, (uint32_t)(h >> 32));
}

/* Opens a damaged copy; the loader must refuse it with `why` in the error. */
static void ck_refused(const char *bytes, gsize len, const char *why)
{
	char *path = write_temp(bytes, len);
	char *err = NULL;
	struct mc_textid_model *m = mc_textid_model_open(path, &err);
	ck_assert_msg(m == NULL, "accepted a model that is %s", why);
	ck_assert_msg(err && strstr(err, why), "error '%s' does not say '%s'", err ? err : "", why);
	g_free(err);
	remove_temp(path);
}

START_TEST(test_model_loads)
{
	ck_assert_ptr_null(mc_textid_model_error());
	gsize len;
	char *b = model_bytes(&len);
	char *path = write_temp(b, len);
	char *err = NULL;
	struct mc_textid_model *m = mc_textid_model_open(path, &err);
	ck_assert_msg(m != NULL, "%s", err ? err : "");
	ck_assert_uint_ge(m->nlang, 27);
	int latin = 0;
	for (unsigned g = 0; g < m->ngroup; g++)
		if (strcmp(m->group[g].script, "Latn") == 0)
			latin = (int)m->group[g].nlang;
	ck_assert_int_ge(latin, 20);
	mc_textid_model_close(m);
	remove_temp(path);
	g_free(b);
}
END_TEST

START_TEST(test_model_errors)
{
	char *err = NULL;
	ck_assert_ptr_null(mc_textid_model_open("/nonexistent/textid.model", &err));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	g_free(err);

	gsize len;
	char *b = model_bytes(&len);
	char *c = g_memdup2(b, len);
	ck_refused(c, 0, "empty");
	ck_refused(c, 40, "not a mailcase language model");
	ck_refused(c, len - 100, "size in header differs");
	c[0] = 'X';
	ck_refused(c, len, "not a mailcase language model");
	memcpy(c, b, len);
	put32(c + 8, 99);
	ck_refused(c, len, "version");
	memcpy(c, b, len);
	c[len / 2] ^= 0x40;
	ck_refused(c, len, "checksum mismatch");
	/* damage the checksum does not catch: tables that do not hold together */
	uint32_t goff = (uint8_t)c[56] | (uint8_t)c[57] << 8 | (uint8_t)c[58] << 16 |
	                (uint32_t)(uint8_t)c[59] << 24;
	memcpy(c, b, len);
	put32(c + goff + 12, 1000);            /* slot count not a power of two */
	reseal(c, len);
	ck_refused(c, len, "bad slot count");
	memcpy(c, b, len);
	put32(c + goff + 20, 0);               /* no rows: every slot points outside */
	reseal(c, len);
	ck_refused(c, len, "row outside");
	memcpy(c, b, len);
	put32(c + goff + 16, (uint32_t)len);   /* slots past the end */
	reseal(c, len);
	ck_refused(c, len, "slots outside the file");
	memcpy(c, b, len);
	put32(c + 32, 0);                      /* no languages */
	reseal(c, len);
	ck_refused(c, len, "bad language or group count");
	/* the variant table after the Han table (version 2) */
	uint32_t hoff = (uint8_t)c[60] | (uint8_t)c[61] << 8 | (uint8_t)c[62] << 16 |
	                (uint32_t)(uint8_t)c[63] << 24;
	uint32_t voff = (hoff + MC_TEXTID_HAN_LAST - MC_TEXTID_HAN_FIRST + 1 + 7) / 8 * 8;
	memcpy(c, b, len);
	put32(c + voff, 1000);                 /* slot count not a power of two */
	reseal(c, len);
	ck_refused(c, len, "bad variant table");
	memcpy(c, b, len);
	put32(c + voff, (1u << 22) - 1);       /* slots past the end */
	reseal(c, len);
	ck_refused(c, len, "bad variant table");
	memcpy(c, b, len);
	put32(c + voff + 4, 0);                /* no zh-Hans text */
	reseal(c, len);
	ck_refused(c, len, "bad variant table totals");
	memcpy(c, b, len);
	uint32_t vmask = (uint8_t)c[voff] | (uint8_t)c[voff + 1] << 8 |
	                 (uint8_t)c[voff + 2] << 16 | (uint32_t)(uint8_t)c[voff + 3] << 24;
	for (uint32_t i = 0; i <= vmask; i++)    /* no empty slot to end a probe */
		if (c[voff + 16 + i * 8] == 0 && c[voff + 17 + i * 8] == 0 &&
		    c[voff + 18 + i * 8] == 0 && c[voff + 19 + i * 8] == 0)
			put32(c + voff + 16 + i * 8, 0xFFFFFFFFu);
	reseal(c, len);
	ck_refused(c, len, "variant table full");
	/* a version 1 model, from before the variant table */
	memcpy(c, b, len);
	put32(c + 8, 1);
	ck_refused(c, len, "unsupported model version");
	g_free(c);
	g_free(b);
}
END_TEST

/* Without a model file: scripts still, languages und, a warning once. */
START_TEST(test_model_missing)
{
	char *dir = g_dir_make_tmp("check-textid-XXXXXX", NULL);
	g_setenv("MAILCASE_DATADIR", dir, TRUE);
	ck_assert_ptr_nonnull(mc_textid_model_error());
	ck_assert_ptr_nonnull(strstr(mc_textid_model_error(), dir));
	struct mc_textid r = ident("Ich bin derzeit nicht im Büro.");
	ck_assert_str_eq(r.script, "Latn");
	ck_assert_str_eq(r.language, "und");
	ck_assert(r.confidence == 0);
	ck_assert_str_eq(ident("自動回覆").language, "und");
	size_t n = 1;
	ck_assert(mc_textid_loglik("Grüße", strlen("Grüße"), &n) == 0);
	/* charset detection goes on without it */
	char *cs = mc_charset_guess("Gr\xfc\xdf" "e aus M\xfcnchen", 17);
	ck_assert_ptr_nonnull(cs);
	g_free(cs);
	g_rmdir(dir);
	g_free(dir);
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
	tcase_add_test(tc, test_chinese_variants);
	tcase_add_test(tc, test_chinese_vocabulary);
	tcase_add_test(tc, test_script_languages);
	tcase_add_test(tc, test_mixed_scripts);
	tcase_add_test(tc, test_model_loads);
	tcase_add_test(tc, test_model_errors);
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
	Suite *s = suite();
	SRunner *sr = srunner_create(s);
	/* the model is loaded once per process: the test without one needs
	 * a process of its own */
	if (srunner_fork_status(sr) == CK_FORK) {
		TCase *tc = tcase_create("no-model");
		tcase_add_test(tc, test_model_missing);
		suite_add_tcase(s, tc);
	}
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
