/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_charset.c: unit tests of parsers/charset.c: decoding of the
 * charsets mail uses, the mismatch policy, charset names, UTF-8 validity.
 */

#include <check.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "charset.h"

static struct mc_decoded d;

/* Every decode must give clean text: valid UTF-8, no NUL, len == strlen. */
static void assert_clean(const struct mc_decoded *r)
{
	ck_assert_ptr_nonnull(r->text);
	ck_assert_ptr_nonnull(r->charset_used);
	ck_assert_uint_eq(strlen(r->text), r->len);
	ck_assert_msg(g_utf8_validate(r->text, (gssize)r->len, NULL),
	              "invalid UTF-8 out of the decoder");
}

static void decode(const char *bytes, size_t len, const char *declared)
{
	mc_decoded_clear(&d);
	mc_charset_decode(bytes, len, declared, &d);
	assert_clean(&d);
}

static void decode_str(const char *bytes, const char *declared)
{
	decode(bytes, strlen(bytes), declared);
}

static void teardown(void)
{
	mc_decoded_clear(&d);
}

/* UTF-8 text in another charset, produced with iconv. */
static char *encode(const char *utf8, const char *charset, size_t *len)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	size_t inleft = strlen(utf8), outleft = inleft * 4 + 16, cap = outleft;
	char *in = (char *)utf8;
	char *buf, *out;

	ck_assert_msg(cd != (iconv_t)-1, "iconv lacks %s", charset);
	buf = out = g_malloc(cap);
	ck_assert_msg(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1,
	              "cannot encode test text in %s", charset);
	ck_assert(iconv(cd, NULL, NULL, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(out - buf);
	return buf;
}

static int encodable(const char *utf8, const char *charset)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	char buf[64], *in = (char *)utf8, *out = buf;
	size_t inleft = strlen(utf8), outleft = sizeof buf;
	size_t r;

	ck_assert(cd != (iconv_t)-1);
	r = iconv(cd, &in, &inleft, &out, &outleft);
	iconv_close(cd);
	return r != (size_t)-1;
}

/* Decodes `text` after encoding it in `charset`, labelled `declared`. */
static void roundtrip(const char *text, const char *charset, const char *declared)
{
	size_t len;
	char *bytes = encode(text, charset, &len);

	decode(bytes, len, declared);
	g_free(bytes);
}

static const char RUSSIAN[] =
	"Съешь же ещё этих мягких французских булок, да выпей чаю. "
	"Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.";
static const char JAPANESE[] =
	"こんにちは、世界。今日はいい天気ですね。明日も晴れるでしょう。"
	"会議の資料を添付いたしますので、ご確認ください。";
static const char CZECH[] =
	"Příliš žluťoučký kůň úpěl ďábelské ódy. Nechť již hříšné saxofony ďáblů "
	"rozezvučí síň úděsnými tóny waltzu, tanga a quickstepu.";

/* ------------------------------------------------------------------ */
/* Conversions, hand-written byte literals                            */

START_TEST(test_gb2312_literal)
{
	decode_str("\xD7\xD4\xB6\xAF\xBB\xD8\xB8\xB4", "gb2312"); /* 自动回复 */
	ck_assert_str_eq(d.text, "自动回复");
	ck_assert_str_eq(d.charset_used, "gb18030");
	ck_assert_int_eq(d.mismatch, 0);
	ck_assert_int_eq(d.lossy, 0);
	ck_assert_ptr_null(d.charset_detected);
}
END_TEST

START_TEST(test_gbk_beyond_gb2312)
{
	/* 镕 (E9 46) is GBK only: a strict GB2312 decoder would reject it. */
	ck_assert(!encodable("镕", "GB2312"));
	decode_str("\xD6\xEC\xE9\x46\xBB\xF9", "GB2312"); /* 朱镕基 */
	ck_assert_str_eq(d.text, "朱镕基");
	ck_assert_int_eq(d.mismatch, 0);
	roundtrip("朱镕基说：你好", "GBK", "x-gbk");
	ck_assert_str_eq(d.text, "朱镕基说：你好");
	ck_assert_str_eq(d.charset_used, "gb18030");
}
END_TEST

START_TEST(test_big5_literal_and_hkscs)
{
	decode_str("\xA4\xA4\xA4\xE5", "big5"); /* 中文 */
	ck_assert_str_eq(d.text, "中文");
	ck_assert_str_eq(d.charset_used, "big5-hkscs");
	ck_assert(!encodable("㗎", "BIG5"));
	roundtrip("係㗎", "BIG5-HKSCS", "x-big5");
	ck_assert_str_eq(d.text, "係㗎");
	ck_assert_int_eq(d.mismatch, 0);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_iso2022jp_literal)
{
	decode_str("\x1B$BF|K\\\x1B(B", "ISO-2022-JP"); /* 日本 */
	ck_assert_str_eq(d.text, "日本");
	ck_assert_str_eq(d.charset_used, "iso-2022-jp");
	ck_assert_int_eq(d.mismatch, 0);
	/* Shift state must be honoured across the whole text. */
	roundtrip("件名：テスト abc 日本語 xyz", "ISO-2022-JP", "iso-2022-jp");
	ck_assert_str_eq(d.text, "件名：テスト abc 日本語 xyz");
}
END_TEST

START_TEST(test_iso2022jp_unlabelled)
{
	roundtrip("会議の資料を添付いたします。", "ISO-2022-JP", NULL);
	ck_assert_str_eq(d.text, "会議の資料を添付いたします。");
	ck_assert_str_eq(d.charset_used, "iso-2022-jp");
	ck_assert_int_eq(d.mismatch, 1);
}
END_TEST

START_TEST(test_shift_jis_literal_and_cp932)
{
	decode_str("\x93\xFA\x96\x7B\x8C\xEA", "Shift_JIS"); /* 日本語 */
	ck_assert_str_eq(d.text, "日本語");
	ck_assert_str_eq(d.charset_used, "cp932");
	/* ① (87 40) is a Windows extension that mail "Shift_JIS" carries. */
	ck_assert(!encodable("①", "SHIFT_JIS"));
	decode_str("\x87\x40\x93\xFA", "sjis");
	ck_assert_str_eq(d.text, "①日");
	ck_assert_int_eq(d.mismatch, 0);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_euc_jp)
{
	decode_str("\xC6\xFC\xCB\xDC\xB8\xEC", "EUC-JP"); /* 日本語 */
	ck_assert_str_eq(d.text, "日本語");
	roundtrip(JAPANESE, "EUC-JP", "x-euc-jp");
	ck_assert_str_eq(d.text, JAPANESE);
	ck_assert_str_eq(d.charset_used, "euc-jp");
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_euc_kr_and_cp949)
{
	decode_str("\xC7\xD1\xB1\xB9", "euc-kr"); /* 한국 */
	ck_assert_str_eq(d.text, "한국");
	ck_assert_str_eq(d.charset_used, "cp949");
	/* 똠 (8C 63) is outside EUC-KR; Outlook's ks_c_5601-1987 means CP949. */
	ck_assert(!encodable("똠", "EUC-KR"));
	decode_str("\x8C\x63\xC7\xD1", "ks_c_5601-1987");
	ck_assert_str_eq(d.text, "똠한");
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_koi8r_and_windows1251)
{
	decode_str("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"); /* Привет */
	ck_assert_str_eq(d.text, "Привет");
	ck_assert_str_eq(d.charset_used, "koi8-r");
	decode_str("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251");
	ck_assert_str_eq(d.text, "Привет");
	ck_assert_str_eq(d.charset_used, "windows-1251");
	roundtrip(RUSSIAN, "KOI8-R", "KOI8-R");
	ck_assert_str_eq(d.text, RUSSIAN);
	roundtrip(RUSSIAN, "CP1251", "cp1251");
	ck_assert_str_eq(d.text, RUSSIAN);
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_iso8859_2)
{
	decode_str("\xBE\x6C\x75\xBB", "iso-8859-2"); /* žluť */
	ck_assert_str_eq(d.text, "žluť");
	ck_assert_str_eq(d.charset_used, "iso-8859-2");
	roundtrip(CZECH, "ISO-8859-2", "ISO_8859-2:1987");
	ck_assert_str_eq(d.text, CZECH);
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_utf7)
{
	decode_str("Hi Mom -+Jjo--!", "utf-7");
	ck_assert_str_eq(d.text, "Hi Mom -☺-!");
	ck_assert_str_eq(d.charset_used, "utf-7");
	decode_str("x+AGEAYgBj", "utf-7"); /* ends in base64, no closing '-' */
	ck_assert_str_eq(d.text, "xabc");
	ck_assert_int_eq(d.lossy, 0);
	roundtrip("Grüße 日本語 ok", "UTF-7", "UTF-7");
	ck_assert_str_eq(d.text, "Grüße 日本語 ok");
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_hz)
{
	decode_str("Hello ~{<:Ky2;S{#,NpJ)SZHK~} Bye. ~~", "HZ-GB-2312");
	ck_assert_str_eq(d.text, "Hello 己所不欲，勿施于人 Bye. ~");
	ck_assert_str_eq(d.charset_used, "hz-gb-2312");
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_latin1_is_windows1252)
{
	decode_str("\x80 5, caf\xE9", "ISO-8859-1");
	ck_assert_str_eq(d.text, "€ 5, café");
	ck_assert_str_eq(d.charset_used, "windows-1252");
	ck_assert_int_eq(d.mismatch, 0);
	/* The five holes of windows-1252 are C1 controls, not errors. */
	decode_str("a\x81z", "latin1");
	ck_assert_str_eq(d.text, "a\xC2\x81z");
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_other_supersets)
{
	decode_str("\xF0", "iso-8859-9");
	ck_assert_str_eq(d.text, "ğ");
	ck_assert_str_eq(d.charset_used, "windows-1254");
	decode_str("\x96\xA1", "tis-620"); /* en dash is CP874 only */
	ck_assert_str_eq(d.text, "–ก");
	ck_assert_str_eq(d.charset_used, "windows-874");
	decode(RUSSIAN, sizeof RUSSIAN - 1, "utf8");
	ck_assert_str_eq(d.text, RUSSIAN);
	ck_assert_str_eq(d.charset_used, "utf-8");
}
END_TEST

START_TEST(test_utf16)
{
	decode("h\0i\0\xAC\x20", 6, "utf-16le");
	ck_assert_str_eq(d.text, "hi€");
	ck_assert_str_eq(d.charset_used, "utf-16le");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Mismatch policy                                                    */

START_TEST(test_pure_ascii)
{
	decode_str("plain text", "GB2312");
	ck_assert_str_eq(d.text, "plain text");
	ck_assert_str_eq(d.charset_used, "gb2312");
	ck_assert_int_eq(d.mismatch, 0);
	decode_str("plain text", NULL);
	ck_assert_str_eq(d.charset_used, "us-ascii");
	ck_assert_int_eq(d.mismatch, 0);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_us_ascii_with_utf8)
{
	decode_str("caf\xC3\xA9 cr\xC3\xA8me", "us-ascii");
	ck_assert_str_eq(d.text, "café crème");
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_us_ascii_with_8bit)
{
	roundtrip(RUSSIAN, "CP1251", "us-ascii");
	ck_assert_str_eq(d.text, RUSSIAN);
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_ptr_nonnull(d.charset_detected);
}
END_TEST

START_TEST(test_latin1_label_on_utf8)
{
	decode_str("Gr\xC3\xBC\xC3\x9F" "e aus K\xC3\xB6ln", "iso-8859-1");
	ck_assert_str_eq(d.text, "Grüße aus Köln");
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 1);
	decode(RUSSIAN, sizeof RUSSIAN - 1, "koi8-r");
	ck_assert_str_eq(d.text, RUSSIAN);
	ck_assert_int_eq(d.mismatch, 1);
}
END_TEST

START_TEST(test_gb2312_label_on_utf8)
{
	decode_str("自动回复：我现在不在办公室", "gb2312");
	ck_assert_str_eq(d.text, "自动回复：我现在不在办公室");
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 1);
}
END_TEST

START_TEST(test_utf8_label_on_windows1251)
{
	roundtrip(RUSSIAN, "CP1251", "utf-8");
	ck_assert_str_eq(d.text, RUSSIAN);
	ck_assert_str_eq(d.charset_used, "windows-1251");
	ck_assert_str_eq(d.charset_detected, "windows-1251");
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_unknown_charset_name)
{
	roundtrip(CZECH, "ISO-8859-2", "x-foo-bar");
	ck_assert_str_eq(d.text, CZECH);
	ck_assert_ptr_nonnull(d.charset_detected);
	ck_assert_int_eq(d.mismatch, 1);
	decode_str("na\xC3\xAFve", "unknown-8bit");
	ck_assert_str_eq(d.text, "naïve");
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 1);
	decode_str("ascii only", "x-unknown");
	ck_assert_str_eq(d.text, "ascii only");
	ck_assert_str_eq(d.charset_used, "us-ascii");
	ck_assert_int_eq(d.mismatch, 0);
}
END_TEST

START_TEST(test_garbled_charset_name)
{
	decode_str("na\xC3\xAFve", "charset=\"utf-8\"");
	ck_assert_str_eq(d.text, "naïve");
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 0);
	decode_str("na\xC3\xAFve", "\xFF\xFE garbage");
	ck_assert_str_eq(d.text, "naïve");
	ck_assert_int_eq(d.mismatch, 1);
}
END_TEST

START_TEST(test_no_charset_shift_jis)
{
	roundtrip(JAPANESE, "SHIFT_JIS", NULL);
	ck_assert_str_eq(d.text, JAPANESE);
	ck_assert_str_eq(d.charset_detected, "shift_jis");
	ck_assert_str_eq(d.charset_used, "cp932");
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_no_charset_utf8)
{
	decode(JAPANESE, sizeof JAPANESE - 1, "");
	ck_assert_str_eq(d.text, JAPANESE);
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_int_eq(d.lossy, 0);
}
END_TEST

START_TEST(test_truncated_multibyte)
{
	decode_str("\xD7\xD4\xB6\xAF\xBB\xD8\xB8", "gb2312"); /* 自动回 + half of 复 */
	ck_assert_str_eq(d.text, "自动回\xEF\xBF\xBD");
	ck_assert_str_eq(d.charset_used, "gb18030");
	ck_assert_int_eq(d.lossy, 1);
	ck_assert_int_eq(d.mismatch, 0);
	decode_str("caf\xC3", "utf-8");
	ck_assert_str_eq(d.text, "caf\xEF\xBF\xBD");
	ck_assert_int_eq(d.lossy, 1);
	decode_str("\x93\xFA\x96\x7B\x8C", "shift_jis");
	ck_assert_str_eq(d.text, "日本\xEF\xBF\xBD");
	ck_assert_int_eq(d.lossy, 1);
}
END_TEST

START_TEST(test_invalid_byte_mid_text)
{
	GString *s = g_string_new(RUSSIAN);
	GString *want;

	g_string_insert_c(s, 20, (gchar)0xFF);
	decode(s->str, s->len, "utf-8");
	want = g_string_new(RUSSIAN);
	g_string_insert(want, 20, "\xEF\xBF\xBD");
	ck_assert_str_eq(d.text, want->str);
	ck_assert_str_eq(d.charset_used, "utf-8");
	ck_assert_int_eq(d.lossy, 1);
	ck_assert_int_eq(d.mismatch, 0);
	g_string_free(s, TRUE);
	g_string_free(want, TRUE);
}
END_TEST

START_TEST(test_nul_bytes)
{
	decode("ab\0cd", 5, NULL);
	ck_assert_str_eq(d.text, "abcd");
	ck_assert_uint_eq(d.len, 4);
	decode("caf\xC3\xA9\0x", 7, "utf-8");
	ck_assert_str_eq(d.text, "caféx");
	decode("\0\0\0", 3, "iso-8859-1");
	ck_assert_str_eq(d.text, "");
	ck_assert_uint_eq(d.len, 0);
}
END_TEST

START_TEST(test_empty_input)
{
	decode("", 0, NULL);
	ck_assert_str_eq(d.text, "");
	ck_assert_str_eq(d.charset_used, "us-ascii");
	ck_assert_int_eq(d.mismatch, 0);
	ck_assert_int_eq(d.lossy, 0);
	decode(NULL, 12, "utf-8");
	ck_assert_str_eq(d.text, "");
	ck_assert_str_eq(d.charset_used, "utf-8");
}
END_TEST

START_TEST(test_bom_stripped)
{
	decode_str("\xEF\xBB\xBFhello", "utf-8");
	ck_assert_str_eq(d.text, "hello");
}
END_TEST

/* fuzz/regressions/charset/double-bom-*, nul-then-bom-*: no BOM may lead
 * the text, however many there were or whatever NULs came before. */
START_TEST(test_bom_after_bom_or_nul)
{
	decode("\xEF\xBB\xBF\xEF\xBB\xBF", 6, NULL);
	ck_assert_str_eq(d.text, "");
	ck_assert_uint_eq(d.len, 0);
	decode("\xEF\xBB\xBF\xEF\xBB\xBFok", 8, "utf-8");
	ck_assert_str_eq(d.text, "ok");
	decode("\0\0\xEF\xBB\xBF", 5, "\x01");
	ck_assert_uint_eq(d.len, 0);
	ck_assert_str_eq(d.text, "");
	decode("\0\xEF\xBB\xBFhi\0", 7, NULL);
	ck_assert_str_eq(d.text, "hi");
	/* a BOM inside the text is a character (ZWNBSP) and stays */
	decode("a\xEF\xBB\xBF", 4, "utf-8");
	ck_assert_str_eq(d.text, "a\xEF\xBB\xBF");
}
END_TEST

START_TEST(test_undecodable_bytes)
{
	/* No label and bytes valid in nothing much: text is still clean. */
	static const char junk[] = "\x81\x8D\x8F\x90\x9D\xFF\xFE\xC0\xC1";

	decode(junk, sizeof junk - 1, NULL);
	ck_assert_int_eq(d.mismatch, 1);
	ck_assert_uint_gt(d.len, 0);
}
END_TEST

START_TEST(test_random_bytes_are_safe)
{
	static const char *const labels[] = {
		NULL, "utf-8", "gb2312", "big5", "shift_jis", "iso-2022-jp", "utf-7",
		"hz-gb-2312", "euc-kr", "utf-16", "koi8-r", "x-unknown", "us-ascii",
	};
	GRand *rng = g_rand_new_with_seed(20240601);
	int i;

	for (i = 0; i < 400; i++) {
		size_t len = (size_t)g_rand_int_range(rng, 0, 300), j;
		char *buf = g_malloc(len + 1);

		for (j = 0; j < len; j++)
			buf[j] = (char)g_rand_int_range(rng, i % 2 ? 0 : 0x20, 256);
		decode(buf, len, labels[(size_t)i % G_N_ELEMENTS(labels)]);
		g_free(buf);
	}
	g_rand_free(rng);
}
END_TEST

START_TEST(test_huge_input)
{
	size_t n = 4 * 1024 * 1024, i;
	char *buf = g_malloc(n);

	for (i = 0; i < n; i++)
		buf[i] = (i % 2) ? (char)0xE9 : 'a';
	decode(buf, n, "iso-8859-1");
	ck_assert_uint_eq(d.len, n / 2 * 3);
	ck_assert(memcmp(d.text, "a\xC3\xA9" "a\xC3\xA9", 6) == 0);
	g_free(buf);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Names                                                              */

static void assert_canonical(const char *name, const char *want)
{
	char *got = mc_charset_canonical(name);

	if (want)
		ck_assert_str_eq(got, want);
	else
		ck_assert_ptr_null(got);
	g_free(got);
}

START_TEST(test_canonical_names)
{
	assert_canonical("GB2312", "gb2312");
	assert_canonical("latin1", "iso-8859-1");
	assert_canonical(" \"UTF8\" ", "utf-8");
	assert_canonical("charset=utf-8", "utf-8");
	assert_canonical("utf-8; format=flowed", "utf-8");
	assert_canonical("ISO_8859-2:1987", "iso-8859-2");
	assert_canonical("iso8859-15", "iso-8859-15");
	assert_canonical("cp1251", "windows-1251");
	assert_canonical("x-sjis", "shift_jis");
	assert_canonical("ks_c_5601", "ks_c_5601-1987");
	assert_canonical("X-Unknown", "x-unknown");
	assert_canonical("ASCII", "us-ascii");
	assert_canonical("", NULL);
	assert_canonical(NULL, NULL);
	assert_canonical("\"\"", NULL);
}
END_TEST

static void assert_iconv_name(const char *declared, const char *want)
{
	const char *got = mc_charset_iconv_name(declared);

	if (want)
		ck_assert_str_eq(got, want);
	else
		ck_assert_ptr_null(got);
}

START_TEST(test_iconv_names)
{
	const char *koi;
	iconv_t cd;

	assert_iconv_name("gb2312", "GB18030");
	assert_iconv_name("x-gbk", "GB18030");
	assert_iconv_name("CP936", "GB18030");
	assert_iconv_name("euc-cn", "GB18030");
	assert_iconv_name("Big5", "BIG5-HKSCS");
	assert_iconv_name("x-big5", "BIG5-HKSCS");
	assert_iconv_name("shift_jis", "CP932");
	assert_iconv_name("MS_Kanji", "CP932");
	assert_iconv_name("euc-kr", "CP949");
	assert_iconv_name("ks_c_5601-1987", "CP949");
	assert_iconv_name("iso-8859-1", "WINDOWS-1252");
	assert_iconv_name("us-ascii", "WINDOWS-1252");
	assert_iconv_name("iso-8859-9", "WINDOWS-1254");
	assert_iconv_name("iso-8859-11", "CP874");
	assert_iconv_name("TIS-620", "CP874");
	assert_iconv_name("utf8", "UTF-8");
	assert_iconv_name("x-unknown", NULL);
	assert_iconv_name("unknown-8bit", NULL);
	assert_iconv_name("x-foo-bar", NULL);
	assert_iconv_name("", NULL);
	assert_iconv_name(NULL, NULL);
	koi = mc_charset_iconv_name("KOI8-R");
	ck_assert_ptr_nonnull(koi);
	cd = iconv_open("UTF-8", koi);
	ck_assert(cd != (iconv_t)-1);
	iconv_close(cd);
}
END_TEST

START_TEST(test_detect)
{
	size_t len;
	char *bytes = encode(JAPANESE, "SHIFT_JIS", &len);
	char *got = mc_charset_detect(bytes, len);

	ck_assert_str_eq(got, "shift_jis");
	g_free(got);
	g_free(bytes);
	ck_assert_ptr_null(mc_charset_detect(NULL, 0));
	ck_assert_ptr_null(mc_charset_detect("abc", 0));
}
END_TEST

/* ------------------------------------------------------------------ */
/* UTF-8 validity                                                     */

START_TEST(test_utf8_valid)
{
	ck_assert_int_eq(mc_utf8_valid("", 0), 1);
	ck_assert_int_eq(mc_utf8_valid("plain", 5), 1);
	ck_assert_int_eq(mc_utf8_valid("\xC3\xA9", 2), 1);             /* é */
	ck_assert_int_eq(mc_utf8_valid("\xE2\x82\xAC", 3), 1);         /* € */
	ck_assert_int_eq(mc_utf8_valid("\xF0\x9F\x98\x80", 4), 1);     /* U+1F600 */
	ck_assert_int_eq(mc_utf8_valid("\xF4\x8F\xBF\xBF", 4), 1);     /* U+10FFFF */
	ck_assert_int_eq(mc_utf8_valid("\xED\x9F\xBF", 3), 1);         /* U+D7FF */
	ck_assert_int_eq(mc_utf8_valid("\xEE\x80\x80", 3), 1);         /* U+E000 */
}
END_TEST

START_TEST(test_utf8_invalid)
{
	ck_assert_int_eq(mc_utf8_valid("\xC0\xAF", 2), 0);             /* overlong / */
	ck_assert_int_eq(mc_utf8_valid("\xC1\xBF", 2), 0);
	ck_assert_int_eq(mc_utf8_valid("\xE0\x80\xAF", 3), 0);
	ck_assert_int_eq(mc_utf8_valid("\xE0\x9F\xBF", 3), 0);
	ck_assert_int_eq(mc_utf8_valid("\xF0\x80\x80\xAF", 4), 0);
	ck_assert_int_eq(mc_utf8_valid("\xF0\x8F\xBF\xBF", 4), 0);
	ck_assert_int_eq(mc_utf8_valid("\xED\xA0\x80", 3), 0);         /* U+D800 */
	ck_assert_int_eq(mc_utf8_valid("\xED\xBF\xBF", 3), 0);         /* U+DFFF */
	ck_assert_int_eq(mc_utf8_valid("\xF4\x90\x80\x80", 4), 0);     /* > U+10FFFF */
	ck_assert_int_eq(mc_utf8_valid("\xF5\x80\x80\x80", 4), 0);
	ck_assert_int_eq(mc_utf8_valid("\xE6\x97", 2), 0);             /* truncated */
	ck_assert_int_eq(mc_utf8_valid("\xF0\x9F\x98", 3), 0);
	ck_assert_int_eq(mc_utf8_valid("\x80", 1), 0);                 /* lone continuation */
	ck_assert_int_eq(mc_utf8_valid("\xC3\x28", 2), 0);
	ck_assert_int_eq(mc_utf8_valid("\xFF", 1), 0);
	ck_assert_int_eq(mc_utf8_valid("a\0b", 3), 0);                 /* NUL */
	/* The length is honoured: the valid prefix alone is valid. */
	ck_assert_int_eq(mc_utf8_valid("\xC3\xA9\xFF", 2), 1);
}
END_TEST

START_TEST(test_is_ascii)
{
	ck_assert_int_eq(mc_is_ascii("", 0), 1);
	ck_assert_int_eq(mc_is_ascii("abc\x7F", 4), 1);
	ck_assert_int_eq(mc_is_ascii("a\0b", 3), 1);
	ck_assert_int_eq(mc_is_ascii("abc\x80", 4), 0);
	ck_assert_int_eq(mc_is_ascii("\xC3\xA9", 2), 0);
	ck_assert_int_eq(mc_is_ascii("abc\x80", 3), 1);
}
END_TEST

static Suite *charset_suite(void)
{
	Suite *s = suite_create("charset");
	TCase *conv = tcase_create("conversions");
	TCase *policy = tcase_create("policy");
	TCase *names = tcase_create("names");
	TCase *utf8 = tcase_create("utf8");

	tcase_add_checked_fixture(conv, NULL, teardown);
	tcase_add_test(conv, test_gb2312_literal);
	tcase_add_test(conv, test_gbk_beyond_gb2312);
	tcase_add_test(conv, test_big5_literal_and_hkscs);
	tcase_add_test(conv, test_iso2022jp_literal);
	tcase_add_test(conv, test_iso2022jp_unlabelled);
	tcase_add_test(conv, test_shift_jis_literal_and_cp932);
	tcase_add_test(conv, test_euc_jp);
	tcase_add_test(conv, test_euc_kr_and_cp949);
	tcase_add_test(conv, test_koi8r_and_windows1251);
	tcase_add_test(conv, test_iso8859_2);
	tcase_add_test(conv, test_utf7);
	tcase_add_test(conv, test_hz);
	tcase_add_test(conv, test_latin1_is_windows1252);
	tcase_add_test(conv, test_other_supersets);
	tcase_add_test(conv, test_utf16);
	suite_add_tcase(s, conv);

	tcase_add_checked_fixture(policy, NULL, teardown);
	tcase_set_timeout(policy, 60);
	tcase_add_test(policy, test_pure_ascii);
	tcase_add_test(policy, test_us_ascii_with_utf8);
	tcase_add_test(policy, test_us_ascii_with_8bit);
	tcase_add_test(policy, test_latin1_label_on_utf8);
	tcase_add_test(policy, test_gb2312_label_on_utf8);
	tcase_add_test(policy, test_utf8_label_on_windows1251);
	tcase_add_test(policy, test_unknown_charset_name);
	tcase_add_test(policy, test_garbled_charset_name);
	tcase_add_test(policy, test_no_charset_shift_jis);
	tcase_add_test(policy, test_no_charset_utf8);
	tcase_add_test(policy, test_truncated_multibyte);
	tcase_add_test(policy, test_invalid_byte_mid_text);
	tcase_add_test(policy, test_nul_bytes);
	tcase_add_test(policy, test_empty_input);
	tcase_add_test(policy, test_bom_stripped);
	tcase_add_test(policy, test_bom_after_bom_or_nul);
	tcase_add_test(policy, test_undecodable_bytes);
	tcase_add_test(policy, test_random_bytes_are_safe);
	tcase_add_test(policy, test_huge_input);
	suite_add_tcase(s, policy);

	tcase_add_test(names, test_canonical_names);
	tcase_add_test(names, test_iconv_names);
	tcase_add_test(names, test_detect);
	suite_add_tcase(s, names);

	tcase_add_test(utf8, test_utf8_valid);
	tcase_add_test(utf8, test_utf8_invalid);
	tcase_add_test(utf8, test_is_ascii);
	suite_add_tcase(s, utf8);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(charset_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
