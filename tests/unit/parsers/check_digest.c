/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_digest.c: unit tests of parsers/digest.c (SHA-256 and MD5 through
 * libcrypto): the published test vectors, agreement with GLib's GChecksum
 * (an independent implementation) on data fed in uneven pieces, a digest
 * reused after its hex, and one given back mid-stream then taken again.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <glib.h>

#include "digest.h"
#include "record.h"

static void hex_of(enum mc_digest_kind kind, const char *s, char *out, size_t outlen)
{
	struct mc_digest *d = mc_digest_new(kind);
	mc_digest_update(d, s, strlen(s));
	mc_digest_hex(d, out, outlen);
	mc_digest_free(d);
}

START_TEST(test_vectors)
{
	char h[MC_SHA256_HEX_LEN + 1];
	/* FIPS 180-2 and RFC 1321 */
	hex_of(MC_DIGEST_SHA256, "abc", h, sizeof h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(MC_DIGEST_SHA256, "", h, sizeof h);
	ck_assert_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of(MC_DIGEST_MD5, "abc", h, sizeof h);
	ck_assert_str_eq(h, "900150983cd24fb0d6963f7d28e17f72");
	hex_of(MC_DIGEST_MD5, "", h, sizeof h);
	ck_assert_str_eq(h, "d41d8cd98f00b204e9800998ecf8427e");
	mc_sha256_hex("abc", 3, h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(same_as_glib)
{
	enum { N = 3 * 1024 * 1024 + 17 };
	unsigned char *data = g_malloc(N);
	GRand *r = g_rand_new_with_seed(19);
	for (size_t i = 0; i < N; i++)
		data[i] = (unsigned char)g_rand_int(r);
	const struct { enum mc_digest_kind kind; GChecksumType glib; } kinds[] = {
		{ MC_DIGEST_SHA256, G_CHECKSUM_SHA256 }, { MC_DIGEST_MD5, G_CHECKSUM_MD5 },
	};
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		struct mc_digest *d = mc_digest_new(kinds[k].kind);
		GChecksum *g = g_checksum_new(kinds[k].glib);
		for (size_t off = 0; off < N;) {
			size_t len = MIN((size_t)g_rand_int_range(r, 0, 300000), (size_t)N - off);
			mc_digest_update(d, data + off, len);
			g_checksum_update(g, data + off, (gssize)len);
			off += len;
		}
		char h[MC_SHA256_HEX_LEN + 1];
		mc_digest_hex(d, h, sizeof h);
		ck_assert_str_eq(h, g_checksum_get_string(g));
		/* after its hex a digest starts again from empty */
		mc_digest_update(d, "abc", 3);
		mc_digest_hex(d, h, sizeof h);
		ck_assert_str_eq(h, kinds[k].kind == MC_DIGEST_MD5 ? "900150983cd24fb0d6963f7d28e17f72"
		                 : "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		mc_digest_free(d);
		g_checksum_free(g);
	}
	g_rand_free(r);
	g_free(data);
}
END_TEST

START_TEST(freed_mid_stream)
{
	/* a digest given back with bytes fed and none read out: the next one
	 * (the same memory, kept for reuse) starts empty */
	struct mc_digest *a = mc_digest_new(MC_DIGEST_SHA256);
	struct mc_digest *b = mc_digest_new(MC_DIGEST_SHA256);
	mc_digest_update(a, "left over", 9);
	mc_digest_update(b, "left over", 9);
	mc_digest_free(a);
	mc_digest_free(b);
	char h[MC_SHA256_HEX_LEN + 1];
	hex_of(MC_DIGEST_SHA256, "abc", h, sizeof h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* a short buffer gets as many whole hex digits as fit */
	char shortbuf[9];
	hex_of(MC_DIGEST_MD5, "abc", shortbuf, sizeof shortbuf);
	ck_assert_str_eq(shortbuf, "90015098");
}
END_TEST

static Suite *digest_suite(void)
{
	Suite *s = suite_create("digest");
	TCase *t = tcase_create("digest");
	tcase_add_test(t, test_vectors);
	tcase_add_test(t, same_as_glib);
	tcase_add_test(t, freed_mid_stream);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(digest_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
