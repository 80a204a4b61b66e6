/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_pst_props.c: unit tests of the pure MAPI value helpers the PST,
 * MSG and TNEF readers share (mapi-values.h, mapi-rules.h, rtf-text.h):
 * FILETIME, UTF-16LE strings, code pages, entry ids, multi-valued binary, LZFu (MS-OXRTFCP
 * examples), RTF to text, HTML de-encapsulation, rule action decoding; and
 * the subject split of mapi-message.h over an in-memory property source.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "record.h"
#include "mapi-message.h"
#include "mapi-props.h"
#include "mapi-rules.h"
#include "mapi-values.h"
#include "rtf-text.h"
#include "../unit-util.h"

START_TEST(test_filetime)
{
	/* 1970-01-01 is 116444736000000000 ticks after 1601-01-01. */
	ck_assert_int_eq(mc_mapi_filetime_to_unix(UINT64_C(116444736000000000)), 0);
	/* 2009-02-13T23:31:30Z = 1234567890 */
	ck_assert_int_eq(mc_mapi_filetime_to_unix(UINT64_C(128790414900000000)), 1234567890);
	/* sub-second ticks are dropped */
	ck_assert_int_eq(mc_mapi_filetime_to_unix(UINT64_C(128790414909999999)), 1234567890);
	/* before 1970 */
	ck_assert_int_eq(mc_mapi_filetime_to_unix(UINT64_C(116444735990000000)), -1);
	ck_assert(mc_mapi_filetime_to_unix(0) == MC_NO_TIME);
}
END_TEST

/* PT_UNICODE values: UTF-16LE to UTF-8, ending at the first NUL unit or
 * the last whole unit, an unpaired surrogate as U+FFFD. */
START_TEST(test_utf16le)
{
	static const struct {
		const char *in;      /* UTF-16LE bytes */
		size_t n;
		const char *want;
	} cases[] = {
		{ "", 0, "" },
		{ "A\0b\0", 4, "Ab" },
		{ "A\0b", 3, "A" },                                 /* odd byte dropped */
		{ "A\0\0\0b\0", 6, "A" },                         /* NUL ends it */
		{ "\xe9\0\x87\x65\xa8\x52", 6, "\xc3\xa9\xe6\x96\x87\xe5\x8a\xa8" },
		{ "\x3d\xd8\x00\xde", 4, "\xf0\x9f\x98\x80" },         /* pair: U+1F600 */
		{ "\x3d\xd8" "A\0", 4, "\xef\xbf\xbd" "A" },             /* lone high */
		{ "\x00\xde" "A\0", 4, "\xef\xbf\xbd" "A" },             /* lone low */
		{ "A\0\x3d\xd8", 4, "A\xef\xbf\xbd" },                   /* high at the end */
		{ "\x3d\xd8\x3d\xd8\x00\xde", 6, "\xef\xbf\xbd\xf0\x9f\x98\x80" },
		{ "\xff\xff", 2, "\xef\xbf\xbf" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = mc_mapi_utf16le_to_utf8((const unsigned char *)cases[i].in, cases[i].n);
		ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: got \"%s\"", i, got);
		g_free(got);
	}
	/* Long values: all of it, and as many bytes as the text (the buffer
	 * for the worst case is given back). */
	GString *in = g_string_new(NULL);
	GString *want = g_string_new(NULL);
	for (int i = 0; i < 5000; i++) {
		g_string_append_len(in, i % 2 ? "\x87\x65" : "x\0", 2);
		g_string_append(want, i % 2 ? "\xe6\x96\x87" : "x");
	}
	char *got = mc_mapi_utf16le_to_utf8((const unsigned char *)in->str, in->len);
	ck_assert_str_eq(got, want->str);
	g_free(got);
	g_string_free(in, TRUE);
	g_string_free(want, TRUE);
}
END_TEST

START_TEST(test_codepage)
{
	char buf[16];
	ck_assert_str_eq(mc_mapi_codepage_charset(1252, buf, sizeof buf), "windows-1252");
	ck_assert_str_eq(mc_mapi_codepage_charset(1251, buf, sizeof buf), "windows-1251");
	ck_assert_str_eq(mc_mapi_codepage_charset(932, buf, sizeof buf), "shift_jis");
	ck_assert_str_eq(mc_mapi_codepage_charset(936, buf, sizeof buf), "gb2312");
	ck_assert_str_eq(mc_mapi_codepage_charset(65001, buf, sizeof buf), "utf-8");
	ck_assert_str_eq(mc_mapi_codepage_charset(28592, buf, sizeof buf), "iso-8859-2");
	ck_assert_str_eq(mc_mapi_codepage_charset(20127, buf, sizeof buf), "us-ascii");
	ck_assert_str_eq(mc_mapi_codepage_charset(1361, buf, sizeof buf), "cp1361");
	ck_assert_ptr_null(mc_mapi_codepage_charset(0, buf, sizeof buf));
}
END_TEST

START_TEST(test_entryid)
{
	/* flags, provider UID, NID 0x8082 (from libyal's outlook.pst) */
	static const unsigned char eid[24] = {
		0, 0, 0, 0, 0x4e, 0x88, 0x78, 0x73, 0xe2, 0x9e, 0xc9, 0x44,
		0x8e, 0xc2, 0x34, 0x6d, 0xfa, 0x6d, 0xf8, 0x58, 0x82, 0x80, 0, 0
	};
	ck_assert_uint_eq(mc_mapi_entryid_node(eid, sizeof eid), 0x8082);
	ck_assert_uint_eq(mc_mapi_entryid_node(eid, 23), 0);
	ck_assert_uint_eq(mc_mapi_entryid_node(NULL, 24), 0);
}
END_TEST

START_TEST(test_mv_binary)
{
	/* PR_ADDITIONAL_REN_ENTRYIDS with only the junk entry (index 4). */
	unsigned char mv[24 + 24];
	static const unsigned char head[24] = {
		5, 0, 0, 0, 0x18, 0, 0, 0, 0x18, 0, 0, 0, 0x18, 0, 0, 0,
		0x18, 0, 0, 0, 0x18, 0, 0, 0
	};
	memcpy(mv, head, sizeof head);
	memset(mv + 24, 0xab, 20);
	mv[44] = 0xe2; mv[45] = 0x81; mv[46] = 0; mv[47] = 0;
	const unsigned char *e;
	size_t n;
	ck_assert_int_eq(mc_mapi_mv_binary_get(mv, sizeof mv, 0, &e, &n), 0);
	ck_assert_int_eq(mc_mapi_mv_binary_get(mv, sizeof mv, 3, &e, &n), 0);
	ck_assert_int_eq(mc_mapi_mv_binary_get(mv, sizeof mv, 4, &e, &n), 1);
	ck_assert_uint_eq(n, 24);
	ck_assert_uint_eq(mc_mapi_entryid_node(e, n), 0x81e2);
	ck_assert_int_eq(mc_mapi_mv_binary_get(mv, sizeof mv, 5, &e, &n), 0);
	ck_assert_int_eq(mc_mapi_mv_binary_get(mv, 10, 4, &e, &n), 0);
}
END_TEST

/* MS-OXRTFCP 3.1.1: simple compressed RTF. */
static const unsigned char lzfu_simple[] = {
	0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75,
	0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67,
	0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09,
	0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
	0xa0
};

/* MS-OXRTFCP 3.1.2: a run that overlaps the write position. */
static const unsigned char lzfu_run[] = {
	0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75,
	0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a,
	0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0
};

static char *lzfu_string(const unsigned char *in, size_t len, enum mc_lzfu_result *rc)
{
	GByteArray *out = g_byte_array_new();
	*rc = mc_lzfu_decompress(in, len, out);
	g_byte_array_append(out, (const guint8 *)"", 1);
	return (char *)g_byte_array_free(out, FALSE);
}

START_TEST(test_lzfu_spec_examples)
{
	enum mc_lzfu_result rc;
	char *s = lzfu_string(lzfu_simple, sizeof lzfu_simple, &rc);
	ck_assert_int_eq(rc, MC_LZFU_OK);
	ck_assert_str_eq(s, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
	g_free(s);

	s = lzfu_string(lzfu_run, sizeof lzfu_run, &rc);
	ck_assert_int_eq(rc, MC_LZFU_OK);
	ck_assert_str_eq(s, "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}");
	g_free(s);
}
END_TEST

START_TEST(test_lzfu_damage)
{
	enum mc_lzfu_result rc;
	unsigned char bad[sizeof lzfu_simple];
	memcpy(bad, lzfu_simple, sizeof bad);
	bad[12] ^= 1; /* CRC */
	char *s = lzfu_string(bad, sizeof bad, &rc);
	ck_assert_int_eq(rc, MC_LZFU_CRC);
	ck_assert_str_eq(s, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
	g_free(s);

	s = lzfu_string(lzfu_simple, 30, &rc);
	ck_assert_int_eq(rc, MC_LZFU_TRUNCATED);
	ck_assert(g_str_has_prefix(s, "{\\rtf1\\ansi"));
	g_free(s);

	memcpy(bad, lzfu_simple, sizeof bad);
	memcpy(bad + 8, "XXXX", 4);
	s = lzfu_string(bad, sizeof bad, &rc);
	ck_assert_int_eq(rc, MC_LZFU_BAD);
	g_free(s);

	s = lzfu_string(lzfu_simple, 8, &rc);
	ck_assert_int_eq(rc, MC_LZFU_BAD);
	g_free(s);

	/* A compressed size smaller than the header (found by fuzzing: the
	 * size arithmetic underflowed and the CRC read ran off the buffer). */
	memcpy(bad, lzfu_simple, sizeof bad);
	bad[0] = 1, bad[1] = bad[2] = bad[3] = 0;
	s = lzfu_string(bad, sizeof bad, &rc);
	ck_assert_int_eq(rc, MC_LZFU_BAD);
	g_free(s);

	/* "MELA": stored uncompressed */
	unsigned char mela[16 + 5] = { 0x11, 0, 0, 0, 5, 0, 0, 0, 'M', 'E', 'L', 'A', 0, 0, 0, 0,
	                               '{', 'a', 'b', 'c', '}' };
	s = lzfu_string(mela, sizeof mela, &rc);
	ck_assert_int_eq(rc, MC_LZFU_OK);
	ck_assert_str_eq(s, "{abc}");
	g_free(s);
}
END_TEST

static char *rtf_text(const char *rtf)
{
	return mc_rtf_to_text(rtf, strlen(rtf));
}

START_TEST(test_rtf_to_text)
{
	char *t = rtf_text("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
	                   "{\\colortbl;\\red255\\green0\\blue0;}"
	                   "{\\*\\generator Riched20;}\\pard\\f0 Hello {\\b bold} "
	                   "caf\\'e9\\par Line\\tab two\\par}");
	ck_assert_str_eq(t, "Hello bold caf\xc3\xa9\nLine\ttwo");
	g_free(t);

	/* \uN with its ANSI fallback skipped; \uc2; negative values */
	t = rtf_text("{\\rtf1\\ansi \\u8364?  and {\\uc2\\u1046\\'c6\\'c6} and \\u-10179?\\u-8704?}");
	ck_assert_str_eq(t, "\xe2\x82\xac  and \xd0\x96 and \xf0\x9f\x98\x80");
	g_free(t);

	/* escapes, a DBCS code page, symbols, skipped destinations */
	t = rtf_text("{\\rtf1\\ansi\\ansicpg932 \\{x\\} \\\\ \\'82\\'a0 \\emdash\\~"
	             "{\\*\\unknowndest hidden}{\\pict\\pngblip 89504e47}{\\stylesheet{x;}}end}");
	ck_assert_str_eq(t, "{x} \\ \xe3\x81\x82 \xe2\x80\x94\xc2\xa0" "end");
	g_free(t);

	/* fields: the result shows, the instruction does not */
	t = rtf_text("{\\rtf1{\\field{\\*\\fldinst HYPERLINK \"http://x\"}{\\fldrslt link}}}");
	ck_assert_str_eq(t, "link");
	g_free(t);

	/* garbage does not crash and yields something */
	t = rtf_text("}}}{{{\\'zz\\u\\");
	ck_assert_ptr_nonnull(t);
	g_free(t);
}
END_TEST

/* \uN outside the signed 16-bit range, and unpaired surrogates, become
 * U+FFFD (fuzz/regressions/rtf/u-param-*); the text stays valid UTF-8. */
START_TEST(test_rtf_u_out_of_range)
{
	static const struct { const char *rtf, *text; } cases[] = {
		{ "{\\rtf1 \\u1114112 x}", "\xef\xbf\xbd" },        /* above U+10FFFF */
		{ "{\\rtf1 \\u65536 x}", "\xef\xbf\xbd" },          /* above 16 bits */
		{ "{\\rtf1 \\u-87046 x}", "\xef\xbf\xbd" },         /* below int16 */
		{ "{\\rtf1 \\u99999999999999 x}", "\xef\xbf\xbd" }, /* way above */
		{ "{\\rtf1 \\u-32768?}", "\xe8\x80\x80" },          /* U+8000 */
		{ "{\\rtf1 \\u65535?}", "\xef\xbf\xbf" },           /* U+FFFF */
		{ "{\\rtf1 \\u-10179?}", "\xef\xbf\xbd" },          /* lone high surrogate */
		{ "{\\rtf1 \\u-10179?a}", "\xef\xbf\xbd" "a" },
		{ "{\\rtf1 \\u-10179?\\u-10179?\\u-8704?}", "\xef\xbf\xbd\xf0\x9f\x98\x80" },
		{ "{\\rtf1 \\u-8704?}", "\xef\xbf\xbd" },           /* lone low surrogate */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *t = rtf_text(cases[i].rtf);
		ck_assert_msg(g_utf8_validate(t, -1, NULL), "case %zu: invalid UTF-8", i);
		ck_assert_str_eq(t, cases[i].text);
		g_free(t);
	}
	/* the saved crash inputs themselves */
	static const char *const files[] = {
		"u-param-above-unicode", "u-param-below-int16",
		"u-param-out-of-range-7c940bffa731d4fb0c5f8a32e87a0ef22a366afa",
		"u-param-too-large-e870597f",
	};
	const char *top = getenv("top_srcdir");
	if (!top)
		top = ".";
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *path = g_build_filename(top, "fuzz", "regressions", "rtf", files[i], NULL);
		gchar *buf;
		gsize len;
		ck_assert_msg(g_file_get_contents(path, &buf, &len, NULL), "%s", path);
		char *t = mc_rtf_to_text(buf, len);
		ck_assert_msg(g_utf8_validate(t, -1, NULL), "%s: invalid UTF-8", files[i]);
		char *h = mc_rtf_extract_html(buf, len);
		ck_assert(h == NULL || g_utf8_validate(h, -1, NULL));
		g_free(h);
		g_free(t);
		g_free(buf);
		g_free(path);
	}
}
END_TEST

START_TEST(test_rtf_html)
{
	const char *rtf =
		"{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl {\\f0\\fswiss Arial;}}\r\n"
		"{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head>}"
		"{\\*\\htmltag41 <style>p \\{margin:0\\}</style>}"
		"{\\*\\htmltag35 </head>}{\\*\\htmltag50 <body>}\\htmlrtf {\\htmlrtf0 "
		"{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 Caf\\'e9 \\u8364?"
		"\\htmlrtf\\par\\htmlrtf0 }\\htmlrtf0 {\\*\\htmltag72 </p>}\\htmlrtf }\\htmlrtf0 "
		"{\\*\\mhtmltag84 <img src=\"cid:x\">}"
		"{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";
	ck_assert_int_eq(mc_rtf_is_fromhtml(rtf, strlen(rtf)), 1);
	char *html = mc_rtf_extract_html(rtf, strlen(rtf));
	ck_assert_ptr_nonnull(html);
	ck_assert_str_eq(html, "<html><head><style>p {margin:0}</style></head><body>"
	                       "<p>Caf\xc3\xa9 \xe2\x82\xac</p></body></html>");
	g_free(html);

	const char *plain = "{\\rtf1\\ansi\\fromtext \\deff0 hi\\par}";
	ck_assert_int_eq(mc_rtf_is_fromhtml(plain, strlen(plain)), 0);
	ck_assert_ptr_null(mc_rtf_extract_html(plain, strlen(plain)));
	const char *off = "{\\rtf1\\ansi\\fromhtml0 x}";
	ck_assert_int_eq(mc_rtf_is_fromhtml(off, strlen(off)), 0);
}
END_TEST

/* Builders for rule action buffers. */

static void put_unicode(GByteArray *b, uint32_t id, const char *s)
{
	append_le32(b, (id << 16) | 0x001f);
	for (; *s; s++)
		append_le16(b, (unsigned char)*s);
	append_le16(b, 0);
}

/* One ActionBlock (extended: 4-byte lengths). */
static void put_action(GByteArray *b, int ext, uint8_t type, uint32_t flavor,
                       const GByteArray *data)
{
	uint32_t len = 1 + 4 + 4 + (data ? data->len : 0);
	if (ext)
		append_le32(b, len);
	else
		append_le16(b, len);
	g_byte_array_append(b, &type, 1);
	append_le32(b, flavor);
	append_le32(b, 0);
	if (data)
		g_byte_array_append(b, data->data, data->len);
}

static GByteArray *forward_data(int ext, const char *smtp, const char *name)
{
	GByteArray *d = g_byte_array_new();
	ext ? append_le32(d, 1) : append_le16(d, 1);
	guint8 reserved = 1;
	g_byte_array_append(d, &reserved, 1);
	ext ? append_le32(d, 3) : append_le16(d, 3);
	put_unicode(d, 0x3001, name);
	append_le32(d, (0x0c15u << 16) | 0x0003); /* PR_RECIPIENT_TYPE, PT_LONG */
	append_le32(d, 1);
	put_unicode(d, 0x39fe, smtp);
	return d;
}

START_TEST(test_rule_actions_extended)
{
	GByteArray *b = g_byte_array_new();
	append_le16(b, 1);          /* one named property */
	append_le16(b, 0x8001);
	append_le32(b, 6);          /* NamedPropertiesSize */
	g_byte_array_append(b, (const guint8 *)"abcdef", 6);
	append_le32(b, 1);          /* RuleVersion */
	append_le32(b, 4);          /* NoOfActions */
	GByteArray *fw = forward_data(1, "x@example.com", "X");
	put_action(b, 1, MC_OP_FORWARD, 0, fw);
	GByteArray *rd = forward_data(1, "evil@example.net", "E");
	put_action(b, 1, MC_OP_FORWARD, MC_FWD_PRESERVE_SENDER | MC_FWD_DO_NOT_MUNGE, rd);
	GByteArray *mv = g_byte_array_new();
	append_le32(mv, 0);         /* StoreEID */
	append_le32(mv, 24);
	for (int i = 0; i < 20; i++)
		g_byte_array_append(mv, (const guint8 *)"\x01", 1);
	append_le32(mv, 0x8122);
	put_action(b, 1, MC_OP_MOVE, 0, mv);
	put_action(b, 1, MC_OP_DELETE, 0, NULL);

	char *s = mc_mapi_rule_actions(b->data, b->len, 1);
	ck_assert_str_eq(s, "forward to x@example.com; redirect to evil@example.net; "
	                    "move to folder node 33058; delete");
	g_free(s);

	/* truncated: what was decoded stays, the rest is shown raw */
	s = mc_mapi_rule_actions(b->data, b->len - 12, 1);
	ck_assert(g_str_has_prefix(s, "forward to x@example.com; redirect to evil@example.net; "));
	ck_assert_ptr_nonnull(strstr(s, "unparsed"));
	g_free(s);

	g_byte_array_free(fw, TRUE);
	g_byte_array_free(rd, TRUE);
	g_byte_array_free(mv, TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* With no named properties, NamedPropertyInformation is the two bytes
 * 0x0000 alone (MS-OXORULE 2.2.4.2): no NamedPropertiesSize follows. */
START_TEST(test_rule_actions_no_named_properties)
{
	GByteArray *b = g_byte_array_new();
	append_le16(b, 0);          /* NoOfNamedProps, nothing else */
	append_le32(b, 1);          /* RuleVersion */
	append_le32(b, 1);          /* NoOfActions */
	GByteArray *fw = forward_data(1, "backup@freemail.example", "B");
	put_action(b, 1, MC_OP_FORWARD, 0, fw);
	char *s = mc_mapi_rule_actions(b->data, b->len, 1);
	ck_assert_str_eq(s, "forward to backup@freemail.example");
	g_free(s);
	g_byte_array_free(fw, TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_rule_actions_standard)
{
	GByteArray *b = g_byte_array_new();
	append_le16(b, 3);
	GByteArray *fw = forward_data(0, "boss@example.com", "Boss");
	put_action(b, 0, MC_OP_FORWARD, MC_FWD_AS_ATTACHMENT, fw);
	put_action(b, 0, MC_OP_MARK_AS_READ, 0, NULL);
	put_action(b, 0, MC_OP_DELEGATE, 0, fw);
	char *s = mc_mapi_rule_actions(b->data, b->len, 0);
	ck_assert_str_eq(s, "forward as attachment to boss@example.com; mark as read; "
	                    "delegate to boss@example.com");
	g_free(s);

	s = mc_mapi_rule_actions((const unsigned char *)"\x01", 1, 0);
	ck_assert(g_str_has_prefix(s, "unparsed"));
	g_free(s);
	s = mc_mapi_rule_actions(NULL, 0, 1);
	ck_assert_ptr_nonnull(s);
	g_free(s);
	g_byte_array_free(fw, TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_hex)
{
	char *h = mc_mapi_hex((const unsigned char *)"\x01\xab\xff", 3);
	ck_assert_str_eq(h, "01abff");
	g_free(h);
}
END_TEST

/* An in-memory property source: PR_SUBJECT (UTF-16LE, from UTF-8) and, when
 * not NULL, PR_SUBJECT_PREFIX. */
struct subject_src {
	const char *subject;
	const char *prefix;
};

static int subject_get(void *ctx, uint32_t id, uint32_t *type, unsigned char **data,
                       size_t *size)
{
	const struct subject_src *src = ctx;
	const char *v = id == 0x0037 ? src->subject : id == 0x003d ? src->prefix : NULL;
	if (!v)
		return 0;
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(v, -1, NULL, &n, NULL);
	ck_assert_ptr_nonnull(u);
	*data = g_malloc0((size_t)n * 2 + 2);
	for (glong i = 0; i < n; i++) {
		(*data)[2 * i] = (unsigned char)(u[i] & 0xff);
		(*data)[2 * i + 1] = (unsigned char)(u[i] >> 8);
	}
	g_free(u);
	*size = (size_t)n * 2;
	*type = MC_PT_UNICODE;
	return 1;
}

static const struct mc_mapi_source subject_source = { subject_get, NULL };

/* Reads a message whose only properties are those of src; returns its
 * stored subject_prefix (g_strdup'd, or NULL) and its subject in *subject. */
static char *read_subject(const struct subject_src *src, char **subject, int *warned)
{
	struct mc_message *m = mc_message_new();
	struct mc_mapi_props p = { &subject_source, (void *)src, 1252, m };
	mc_mapi_read_message(&p, m, 1252);
	char *prefix = NULL;
	for (guint i = 0; m->props && i < m->props->len; i++) {
		const struct mc_prop *pr = g_ptr_array_index(m->props, i);
		if (strcmp(pr->name, "subject_prefix") == 0)
			prefix = g_strdup(pr->value);
	}
	*subject = g_strdup(m->subject);
	*warned = m->warnings && strstr(m->warnings->str, "prefix length marker") != NULL;
	mc_message_free(m);
	return prefix;
}

/* A PST subject's U+0001 marker gives the length of the prefix plus one
 * (the store's own split, stored as subject_prefix when PR_SUBJECT_PREFIX
 * is not); PR_SUBJECT_PREFIX wins when both are there. */
START_TEST(test_subject_prefix_marker)
{
	static const struct {
		const char *subject, *prefix, *want_subject, *want_prefix;
		int warned;
	} cases[] = {
		{ "\x01\x05" "FW: original email", NULL, "FW: original email", "FW: ", 0 },
		{ "\x01\x07\xe8\x87\xaa\xe5\x8a\xa8\xe7\xad\x94\xe5\xa4\x8d: Budget", NULL,
		  "\xe8\x87\xaa\xe5\x8a\xa8\xe7\xad\x94\xe5\xa4\x8d: Budget",
		  "\xe8\x87\xaa\xe5\x8a\xa8\xe7\xad\x94\xe5\xa4\x8d: ", 0 },
		{ "\x01\x01no prefix", NULL, "no prefix", NULL, 0 },
		{ "plain", NULL, "plain", NULL, 0 },
		{ "\x01\x05RE: x", "AW: ", "RE: x", "AW: ", 0 },
		{ "\x01\x40short", NULL, "short", NULL, 1 },
		{ "\x01", NULL, "", NULL, 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct subject_src src = { cases[i].subject, cases[i].prefix };
		char *subject;
		int warned;
		char *prefix = read_subject(&src, &subject, &warned);
		ck_assert_msg(g_strcmp0(subject, cases[i].want_subject) == 0,
		              "case %zu: subject \"%s\"", i, subject ? subject : "(null)");
		ck_assert_msg(g_strcmp0(prefix, cases[i].want_prefix) == 0,
		              "case %zu: prefix \"%s\"", i, prefix ? prefix : "(null)");
		ck_assert_int_eq(warned, cases[i].warned);
		g_free(prefix);
		g_free(subject);
	}
}
END_TEST

static Suite *pst_props_suite(void)
{
	Suite *s = suite_create("pst_props");
	TCase *tc = tcase_create("props");
	tcase_add_test(tc, test_filetime);
	tcase_add_test(tc, test_utf16le);
	tcase_add_test(tc, test_codepage);
	tcase_add_test(tc, test_entryid);
	tcase_add_test(tc, test_mv_binary);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_subject_prefix_marker);
	suite_add_tcase(s, tc);
	tc = tcase_create("rtf");
	tcase_add_test(tc, test_lzfu_spec_examples);
	tcase_add_test(tc, test_lzfu_damage);
	tcase_add_test(tc, test_rtf_to_text);
	tcase_add_test(tc, test_rtf_u_out_of_range);
	tcase_add_test(tc, test_rtf_html);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules");
	tcase_add_test(tc, test_rule_actions_extended);
	tcase_add_test(tc, test_rule_actions_no_named_properties);
	tcase_add_test(tc, test_rule_actions_standard);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pst_props_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
