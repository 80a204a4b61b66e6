#include "config.h"
/* check_pstwrite.c: unit tests for mkevidence's PST writer building
 * blocks: CRC and signatures, B-tree page encoding, B-tree splitting,
 * heap-on-node allocation, UTF-16 conversion and compressed RTF; the
 * ANSI (32-bit) layout and its code-page strings. */

#include "pst-codepage.h"
#include "pst-file.h"
#include "pst-hn.h"
#include "rtf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

START_TEST(test_crc)
{
	ck_assert_uint_eq(pst_crc32(0, "123456789", 9), 0x2DFD2D88u);
	ck_assert_uint_eq(pst_crc32(0, "", 0), 0);
	/* incremental equals one-shot */
	uint32_t c = pst_crc32(0, "1234", 4);
	ck_assert_uint_eq(pst_crc32(c, "56789", 5), 0x2DFD2D88u);
	ck_assert_uint_eq(pst_sig(0x4400, 0x4400), 0);
	ck_assert_uint_eq(pst_sig(0x12345678, 0), (uint16_t)(0x1234 ^ 0x5678));
}
END_TEST

START_TEST(test_btpage)
{
	uint8_t entries[24 * 3], page[512];
	for (size_t i = 0; i < sizeof entries; i++)
		entries[i] = (uint8_t)i;
	pst_encode_btpage(page, 0x80, 0, entries, 3, 24, 0x8000, 0x55);
	ck_assert_int_eq(memcmp(page, entries, sizeof entries), 0);
	ck_assert_uint_eq(page[488], 3);  /* cEnt */
	ck_assert_uint_eq(page[489], 20); /* cEntMax */
	ck_assert_uint_eq(page[490], 24); /* cbEnt */
	ck_assert_uint_eq(page[491], 0);  /* cLevel */
	ck_assert_uint_eq(page[496], 0x80);
	ck_assert_uint_eq(page[497], 0x80);
	ck_assert_uint_eq(page[498] | page[499] << 8, pst_sig(0x8000, 0x55));
	ck_assert_uint_eq(get32(page + 500), pst_crc32(0, page, 496));
	ck_assert_uint_eq(get64(page + 504), 0x55);
	ck_assert_uint_eq(pst_reserved_pages(0), 2);	/* AMap + PMap */
	ck_assert_uint_eq(pst_reserved_pages(1), 1);	/* AMap */
	ck_assert_uint_eq(pst_reserved_pages(128), 3); /* AMap + PMap + FMap */
}
END_TEST

/* Many nodes and blocks: the B-trees need an intermediate level and the
 * file several AMap sections; check header CRCs and the roots. */
START_TEST(test_btree_split)
{
	char path[] = "/tmp/check_pstwrite.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	pst_file *f = pstf_create(path);
	ck_assert_ptr_nonnull(f);
	static uint8_t data[20000];
	for (uint32_t i = 0; i < 1000; i++) {
		uint64_t bid = pstf_write_data(f, data, i == 0 ? sizeof data : 300 + i);
		if (i < 250) /* 17 leaves of 15: one level above */
			pstf_add_node(f, PST_NID(0x10000 + i, NID_TYPE_NORMAL_MESSAGE), bid, 0, 0x8022);
	}
	ck_assert_int_eq(pstf_finish(f), 0);
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	uint8_t h[564], page[512];
	ck_assert_uint_eq(fread(h, 1, sizeof h, fp), sizeof h);
	ck_assert_int_eq(memcmp(h, "!BDN", 4), 0);
	ck_assert_uint_eq(get32(h + 4), pst_crc32(0, h + 8, 471));
	ck_assert_uint_eq(get32(h + 524), pst_crc32(0, h + 8, 516));
	uint64_t eof = get64(h + 184);
	ck_assert_uint_eq((eof - 0x4400) % 0x3E000, 0);
	uint64_t nbt_ib = get64(h + 224), bbt_ib = get64(h + 240);
	ck_assert_int_eq(fseeko(fp, (off_t)nbt_ib, SEEK_SET), 0);
	ck_assert_uint_eq(fread(page, 1, 512, fp), 512);
	ck_assert_uint_eq(page[496], 0x81);
	ck_assert_uint_eq(page[491], 1);		  /* one intermediate level */
	ck_assert_uint_eq(page[488], (250 + 14) / 15); /* leaves of 15 entries */
	ck_assert_uint_eq(get32(page + 500), pst_crc32(0, page, 496));
	ck_assert_int_eq(fseeko(fp, (off_t)bbt_ib, SEEK_SET), 0);
	ck_assert_uint_eq(fread(page, 1, 512, fp), 512);
	ck_assert_uint_eq(page[496], 0x80);
	ck_assert_uint_eq(page[491], 2); /* 1003 blocks: 51 leaves, 3 pages above */
	ck_assert_uint_gt(eof, 0x4400 + 0x3E000); /* several AMap sections */
	/* first AMap: its own page, the PMap, then data */
	ck_assert_int_eq(fseeko(fp, 0x4400, SEEK_SET), 0);
	ck_assert_uint_eq(fread(page, 1, 512, fp), 512);
	ck_assert_uint_eq(page[0], 0xFF);
	ck_assert_uint_eq(page[1], 0xFF);
	ck_assert_uint_eq(page[496], 0x84);
	ck_assert_uint_eq(get64(page + 504), 0x4400);
	fclose(fp);
	unlink(path);
}
END_TEST

/* ANSI: 512-byte header with 32-bit ROOT, 496 bytes of B-tree entries,
 * 16-byte NBT entries, 12-byte page and block trailers, map pages with
 * 4 bytes of padding before their bits. */
START_TEST(test_ansi)
{
	uint8_t entries[16 * 2], page[512];
	memset(entries, 0x11, sizeof entries);
	pst_encode_btpage_fmt(page, 1, 0x81, 0, entries, 2, 16, 0x6000, 0x21);
	ck_assert_uint_eq(page[496], 2);	 /* cEnt */
	ck_assert_uint_eq(page[497], 496 / 16); /* cEntMax */
	ck_assert_uint_eq(page[498], 16);
	ck_assert_uint_eq(page[500], 0x81);
	ck_assert_uint_eq(get32(page + 504), 0x21);			  /* bid */
	ck_assert_uint_eq(get32(page + 508), pst_crc32(0, page, 500)); /* then dwCRC */

	char path[] = "/tmp/check_pstwrite.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	pst_file *f = pstf_create_ansi(path, 1252);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(pstf_is_ansi(f), 1);
	ck_assert_uint_eq(pstf_block_max(f), 8180);
	static uint8_t data[20000];
	uint64_t bid = pstf_write_data(f, data, sizeof data); /* XBLOCK of 3 */
	pstf_add_node(f, PST_NID(0x10000, NID_TYPE_NORMAL_MESSAGE), bid, 0, 0x8022);
	ck_assert_int_eq(pstf_finish(f), 0);
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	uint8_t h[512];
	ck_assert_uint_eq(fread(h, 1, sizeof h, fp), sizeof h);
	ck_assert_uint_eq(h[10], 14); /* wVer: ANSI */
	ck_assert_uint_eq(get32(h + 4), pst_crc32(0, h + 8, 471));
	ck_assert_uint_eq(h[460], 0x80); /* bSentinel */
	uint32_t eof = get32(h + 168), nbt_ib = get32(h + 188);
	ck_assert_uint_eq((eof - 0x4400) % 0x3E000, 0);
	ck_assert_int_eq(fseeko(fp, (off_t)nbt_ib, SEEK_SET), 0);
	ck_assert_uint_eq(fread(page, 1, 512, fp), 512);
	ck_assert_uint_eq(page[500], 0x81);
	ck_assert_uint_eq(page[496], 1);
	ck_assert_uint_eq(page[498], 16);
	ck_assert_uint_eq(get32(page), PST_NID(0x10000, NID_TYPE_NORMAL_MESSAGE));
	ck_assert_uint_eq(get32(page + 4), (uint32_t)bid);
	ck_assert_uint_eq(get32(page + 12), 0x8022);
	ck_assert_int_eq(fseeko(fp, 0x4400, SEEK_SET), 0);
	ck_assert_uint_eq(fread(page, 1, 512, fp), 512);
	ck_assert_uint_eq(get32(page), 0); /* dwPadding */
	ck_assert_uint_eq(page[4], 0xFF);  /* AMap and PMap pages allocated */
	ck_assert_uint_eq(page[500], 0x84);
	ck_assert_uint_eq(get32(page + 504), 0x4400);
	ck_assert_uint_eq(get32(page + 508), pst_crc32(0, page, 500));
	fclose(fp);
	unlink(path);

	size_t len;
	uint8_t *b = pst_to_codepage(1252, "Caf\xC3\xA9 \xE6\x94\xB6", &len);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(memcmp(b, "Caf\xE9 ?", 6), 0);
	free(b);
	char *r = pst_codepage_roundtrip(936, "\xE6\x94\xB6 ok");
	ck_assert_str_eq(r, "\xE6\x94\xB6 ok");
	free(r);
	ck_assert_uint_eq(pst_codepage_for("pl"), 1250);
	ck_assert_uint_eq(pst_codepage_for("zh-CN"), 936);
	ck_assert_uint_eq(pst_codepage_for("fr"), 1252);
}
END_TEST

START_TEST(test_hn_alloc)
{
	pst_hn *hn = pst_hn_new(0xBC);
	uint8_t buf[3000], page[PST_BLOCK_MAX_DATA];
	memset(buf, 0xAB, sizeof buf);
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 10), 0x20);
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 20), 0x40);
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 3000), 0x60);
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 3000), 0x80);
	/* the next one no longer fits the first 8 KB page */
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 3000), 0x10020);
	ck_assert_uint_eq(pst_hn_alloc(hn, buf, 4000), 0); /* over 3580 bytes */
	ck_assert_uint_eq(pst_hn_pages(hn), 2);
	pst_hn_set_root(hn, 0x20);
	size_t n = pst_hn_page(hn, 0, page);
	ck_assert_uint_eq(page[2], 0xEC);
	ck_assert_uint_eq(page[3], 0xBC);
	ck_assert_uint_eq(get32(page + 4), 0x20);
	size_t map = (size_t)(page[0] | page[1] << 8);
	ck_assert_uint_eq(page[map] | page[map + 1] << 8, 4); /* cAlloc */
	ck_assert_uint_eq(page[map + 4] | page[map + 5] << 8, 12);
	ck_assert_uint_eq(page[map + 6] | page[map + 7] << 8, 22);
	ck_assert_uint_eq(n, map + 4 + 2 * 5);
	n = pst_hn_page(hn, 1, page);
	map = (size_t)(page[0] | page[1] << 8);
	ck_assert_uint_eq(page[map] | page[map + 1] << 8, 1);
	ck_assert_uint_eq(page[map + 4] | page[map + 5] << 8, 2); /* after HNPAGEHDR */
	pst_hn_free(hn);
}
END_TEST

START_TEST(test_bth_levels)
{
	pst_hn *hn = pst_hn_new(0x7C);
	size_t n = 1000;
	uint8_t *rec = calloc(n, 8);
	for (size_t i = 0; i < n; i++)
		rec[8 * i] = (uint8_t)i;
	uint32_t hid = pst_bth_build(hn, rec, n, 4, 4);
	ck_assert_uint_ne(hid, 0);
	/* 1000 records of 8 bytes need 3 leaves and one index level */
	uint8_t page[PST_BLOCK_MAX_DATA];
	size_t bi = hid >> 16, idx = ((hid >> 5) & 0x7FF) - 1;
	pst_hn_page(hn, bi, page);
	size_t map = (size_t)(page[0] | page[1] << 8);
	size_t off = (size_t)(page[map + 4 + 2 * idx] | page[map + 5 + 2 * idx] << 8);
	ck_assert_uint_eq(page[off], 0xB5);
	ck_assert_uint_eq(page[off + 1], 4);
	ck_assert_uint_eq(page[off + 2], 4);
	ck_assert_uint_eq(page[off + 3], 1);
	free(rec);
	pst_hn_free(hn);
}
END_TEST

START_TEST(test_utf16)
{
	size_t len;
	uint8_t *w = pst_utf16le("A\xC3\xA9\xE6\x94\xB6\xF0\x9F\x98\x80", &len);
	static const uint8_t want[] = { 'A', 0, 0xE9, 0, 0x36, 0x65, 0x3D, 0xD8, 0x00, 0xDE };
	ck_assert_uint_eq(len, sizeof want);
	ck_assert_int_eq(memcmp(w, want, len), 0);
	free(w);
}
END_TEST

START_TEST(test_rtf_roundtrip)
{
	char *rtf = ev_text_to_rtf("Hello\nR\xC3\xA9union {x}\nHello Hello Hello Hello\n");
	ck_assert_ptr_nonnull(strstr(rtf, "\\u233?"));
	size_t clen, dlen;
	uint8_t *c = ev_rtf_compress((const uint8_t *)rtf, strlen(rtf), &clen);
	ck_assert_uint_eq(get32(c + 8), 0x75465A4Cu); /* "LZFu" */
	ck_assert_uint_eq(get32(c), clen - 4);
	ck_assert_uint_lt(clen, strlen(rtf) + 16);
	uint8_t *d = ev_rtf_decompress(c, clen, &dlen);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(dlen, strlen(rtf));
	ck_assert_int_eq(memcmp(d, rtf, dlen), 0);
	c[20] ^= 1; /* CRC now wrong */
	ck_assert_ptr_null(ev_rtf_decompress(c, clen, &dlen));
	free(d);
	free(c);
	free(rtf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pstwrite");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_crc);
	tcase_add_test(t, test_btpage);
	tcase_add_test(t, test_btree_split);
	tcase_add_test(t, test_ansi);
	tcase_add_test(t, test_hn_alloc);
	tcase_add_test(t, test_bth_levels);
	tcase_add_test(t, test_utf16);
	tcase_add_test(t, test_rtf_roundtrip);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
