/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_maildir.c: unit tests of the Maildir reader (parsers/maildir.c): its
 * bid on directories, and a whole read of a temp Maildir++ tree into a
 * collecting sink (folders, messages, flags, problems).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

START_TEST(bids_maildir)
{
	char *root = temp_dir();
	char *cur = g_build_filename(root, "cur", NULL), *nw = g_build_filename(root, "new", NULL);
	struct mc_probe p = { root, 1, NULL, 0, 0 };
	ck_assert_int_eq(mc_format_maildir.bid(&p), 0);
	ck_assert_int_eq(g_mkdir(cur, 0700), 0);
	ck_assert_int_eq(mc_format_maildir.bid(&p), 0);
	ck_assert_int_eq(g_mkdir(nw, 0700), 0);
	ck_assert_int_eq(mc_format_maildir.bid(&p), 100);
	ck_assert_str_eq(mc_format_detect(&p)->name, "maildir");
	ck_assert_int_eq(mc_format_mbox.bid(&p), 0);
	ck_assert_int_eq(mc_format_eml.bid(&p), 0);
	p.is_dir = 0;
	ck_assert_int_eq(mc_format_maildir.bid(&p), 0);
	remove_tree(root);
	g_free(cur); g_free(nw); g_free(root);
}
END_TEST

static void mkdir_rel(const char *root, const char *rel)
{
	char *p = g_build_filename(root, rel, NULL);
	ck_assert_int_eq(g_mkdir_with_parents(p, 0700), 0);
	g_free(p);
}

START_TEST(maildir_read)
{
	char *root = temp_dir();
	const char *a = "From: a@example.com\nSubject: one\n\nx\n";
	const char *b = "From: b@example.com\nSubject: two\n\ny\n";
	put_rel(root, "cur/1000.host:2,S", a);
	put_rel(root, "new/1001.host", b);
	put_rel(root, "tmp/1002.host", "partial");
	put_rel(root, ".Sent/cur/2000.host:2,RS", "Subject: sent\n\nz\n");
	mkdir_rel(root, ".Sent/new");
	put_rel(root, ".Archive.2011/cur/3000.host:2,", NESTED);
	mkdir_rel(root, ".Archive.2011/new");
	mkdir_rel(root, ".notmuch/xapian");         /* no cur/new: not a folder */
	char *link = g_build_filename(root, "cur", "1500.link", NULL);
	ck_assert_int_eq(symlink("1000.host:2,S", link), 0);

	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_maildir, root, &c, &r), MC_OK);

	ck_assert_uint_eq(c.folders->len, 4);
	ck_assert_str_eq(FOLDER(&c, 0)->path, "INBOX");
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_INBOX);
	ck_assert_str_eq(FOLDER(&c, 1)->path, "Archive");
	ck_assert_ptr_null(FOLDER(&c, 1)->locator);
	ck_assert_str_eq(FOLDER(&c, 2)->path, "Archive/2011");
	ck_assert_str_eq(FOLDER(&c, 2)->name, "2011");
	ck_assert_int_eq(FOLDER(&c, 2)->parent, FOLDER(&c, 1)->id);
	ck_assert_str_eq(FOLDER(&c, 2)->locator, "maildir:.Archive.2011");
	ck_assert_str_eq(FOLDER(&c, 3)->path, "Sent");
	ck_assert_str_eq(FOLDER(&c, 3)->role, MC_ROLE_SENT);
	ck_assert_int_eq(FOLDER(&c, 3)->parent, 0);

	ck_assert_uint_eq(c.msgs->len, 6);   /* 4 files + 2 embedded */
	ck_assert_str_eq(MSG(&c, 0)->locator, "maildir:cur/1000.host:2,S");
	ck_assert_str_eq(MSG(&c, 0)->flags, "S");
	ck_assert_str_eq(MSG(&c, 0)->subdir, "cur");
	ck_assert_int_eq(MSG(&c, 0)->folder, 1);
	expect_sha(MSG(&c, 0), a, 0, (int64_t)strlen(a));
	ck_assert_str_eq(MSG(&c, 1)->locator, "maildir:new/1001.host");
	ck_assert_ptr_null(MSG(&c, 1)->flags);
	ck_assert_str_eq(MSG(&c, 1)->subdir, "new");
	ck_assert_str_eq(MSG(&c, 2)->locator, "maildir:.Archive.2011/cur/3000.host:2,");
	ck_assert_str_eq(MSG(&c, 2)->flags, "");
	ck_assert_int_eq(MSG(&c, 2)->folder, FOLDER(&c, 2)->id);
	ck_assert_int_eq(MSG(&c, 3)->parent, MSG(&c, 2)->id);
	ck_assert_int_eq(MSG(&c, 3)->folder, FOLDER(&c, 2)->id);
	ck_assert_int_eq(MSG(&c, 4)->parent, MSG(&c, 3)->id);
	ck_assert_str_eq(MSG(&c, 5)->locator, "maildir:.Sent/cur/2000.host:2,RS");
	ck_assert_str_eq(MSG(&c, 5)->flags, "RS");
	ck_assert_int_eq(MSG(&c, 5)->folder, FOLDER(&c, 3)->id);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(MSG(&c, i)->id, i + 1);

	ck_assert_uint_eq(c.problems->len, 2);
	ck_assert_str_eq(PROBLEM(&c, 0)->locator, "maildir:cur/1500.link");
	ck_assert_str_eq(PROBLEM(&c, 0)->severity, "warning");
	ck_assert_ptr_nonnull(strstr(PROBLEM(&c, 0)->text, "symbolic link"));
	ck_assert_str_eq(PROBLEM(&c, 1)->locator, "maildir:tmp/1002.host");
	ck_assert_ptr_nonnull(strstr(PROBLEM(&c, 1)->text, "tmp/"));
	collect_free(&c);

	/* an unreadable message makes the read partial (not as root) */
	if (geteuid() != 0) {
		char *p = g_build_filename(root, "new", "1001.host", NULL);
		ck_assert_int_eq(chmod(p, 0), 0);
		collect_init(&c);
		ck_assert_int_eq(run_reader(&mc_format_maildir, root, &c, &r), MC_WARN);
		ck_assert_ptr_nonnull(strstr(r.error, "1001.host"));
		collect_free(&c);
		g_free(p);
	}
	remove_tree(root);
	g_free(link);
	g_free(root);
}
END_TEST

static Suite *maildir_suite(void)
{
	Suite *s = suite_create("maildir");
	TCase *t = tcase_create("maildir");
	tcase_add_test(t, bids_maildir);
	tcase_add_test(t, maildir_read);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	mc_mime_init();
	SRunner *sr = srunner_create(maildir_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
