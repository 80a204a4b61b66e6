/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_evidence_hash.c: unit tests of evidence hashing
 * (analyzer/ingest/evidence-hash.c): known digests of a file, and the
 * manifest hash of a directory tree.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "evidence-hash.h"
#include "../unit-util.h"

START_TEST(hash_known_values)
{
	char *p = tmp_path("abc");
	write_file(p, "abc", 3);
	int fd = open(p, O_RDONLY);
	struct mc_hashes h;
	char err[256];
	ck_assert_int_eq(mc_hash_fd(fd, &h, 0, err, sizeof err), 0);
	ck_assert_str_eq(h.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(h.md5, "900150983cd24fb0d6963f7d28e17f72");
	ck_assert_uint_eq(h.size, 3);
	close(fd);
	g_free(p);
}
END_TEST

START_TEST(hash_tree_manifest)
{
	char *root = tmp_path("md");
	char *sub = g_build_filename(root, "cur", NULL);
	g_mkdir_with_parents(sub, 0700);
	char *a = g_build_filename(root, "cur", "b", NULL), *b = g_build_filename(root, "a", NULL);
	write_file(a, "abc", 3);
	write_file(b, "", 0);
	char *link = g_build_filename(root, "link", NULL);
	ck_assert_int_eq(symlink("a", link), 0);

	/* The manifest: "<sha256>  <relative path>\n", byte order of paths. */
	GString *manifest = g_string_new(NULL);
	char hex[65];
	mc_sha256_hex("", 0, hex);
	g_string_append_printf(manifest, "%s  a\n", hex);
	mc_sha256_hex("abc", 3, hex);
	g_string_append_printf(manifest, "%s  cur/b\n", hex);
	mc_sha256_hex(manifest->str, manifest->len, hex);

	struct mc_hashes h;
	char err[256];
	ck_assert_int_eq(mc_hash_tree(root, &h, 0, err, sizeof err), 0);
	ck_assert_str_eq(h.sha256, hex);
	ck_assert_uint_eq(h.files, 2);
	ck_assert_uint_eq(h.size, 3);
	g_string_free(manifest, TRUE);
	g_free(root); g_free(sub); g_free(a); g_free(b); g_free(link);
}
END_TEST

static Suite *evidence_hash_suite(void)
{
	Suite *s = suite_create("evidence_hash");
	TCase *t = tcase_create("hash");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, hash_known_values);
	tcase_add_test(t, hash_tree_manifest);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(evidence_hash_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
