/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_folder_names.c: unit tests of folder names (parsers/folder-names.c):
 * the role a folder's name gives it, in many languages and scripts, and the
 * languages a localized name is evidence of.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <glib.h>

#include "folder-names.h"
#include "record.h"

START_TEST(folder_roles)
{
	ck_assert_str_eq(mc_guess_folder_role("INBOX"), MC_ROLE_INBOX);
	ck_assert_str_eq(mc_guess_folder_role("Sent Items"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("sent-mail-jan-2012"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("Gesendete Objekte"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("Éléments envoyés"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("Drafts"), MC_ROLE_DRAFTS);
	ck_assert_str_eq(mc_guess_folder_role("Entwürfe"), MC_ROLE_DRAFTS);
	ck_assert_str_eq(mc_guess_folder_role("Trash.mbox"), MC_ROLE_DELETED);
	ck_assert_str_eq(mc_guess_folder_role("Deleted Items"), MC_ROLE_DELETED);
	ck_assert_str_eq(mc_guess_folder_role("Papierkorb"), MC_ROLE_DELETED);
	ck_assert_str_eq(mc_guess_folder_role("Junk E-mail"), MC_ROLE_JUNK);
	ck_assert_str_eq(mc_guess_folder_role("spam"), MC_ROLE_JUNK);
	ck_assert_str_eq(mc_guess_folder_role("Outbox"), MC_ROLE_OUTBOX);
	ck_assert_str_eq(mc_guess_folder_role("Inboxes"), MC_ROLE_OTHER);
	ck_assert_str_eq(mc_guess_folder_role("binary"), MC_ROLE_OTHER);
	ck_assert_str_eq(mc_guess_folder_role("Archive"), MC_ROLE_OTHER);
	ck_assert_str_eq(mc_guess_folder_role("\xff\xfe"), MC_ROLE_OTHER);
	/* the names an attacker's Chinese, Japanese or Korean session gives */
	ck_assert_str_eq(mc_guess_folder_role("已发送邮件"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("收件箱.mbox"), MC_ROLE_INBOX);
	ck_assert_str_eq(mc_guess_folder_role("寄件備份"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_guess_folder_role("削除済みアイテム"), MC_ROLE_DELETED);
	ck_assert_str_eq(mc_guess_folder_role("받은 편지함"), MC_ROLE_INBOX);
	ck_assert_str_eq(mc_guess_folder_role("ВХОДЯЩИЕ"), MC_ROLE_INBOX);
	/* decomposed é (NFD) is the same name */
	ck_assert_str_eq(mc_guess_folder_role("E\xcc\x81le\xcc\x81ments envoye\xcc\x81s"),
	                 MC_ROLE_SENT);
}
END_TEST

START_TEST(folder_name_languages)
{
	const struct mc_folder_name *hit[4];
	ck_assert_uint_eq(mc_folder_name_find("已删除邮件", hit, 4), 1);
	ck_assert_str_eq(hit[0]->lang, "zh-Hans");
	ck_assert_str_eq(hit[0]->role, MC_ROLE_DELETED);
	ck_assert(hit[0]->flags & MC_FOLDER_NAME_OUTLOOK);
	/* one name, two languages: both are returned */
	ck_assert_uint_eq(mc_folder_name_find("Utkast", hit, 4), 2);
	ck_assert_str_eq(hit[0]->lang, "sv");
	ck_assert_str_eq(hit[1]->lang, "nb");
	/* a server default carries no language evidence */
	ck_assert_uint_eq(mc_folder_name_find("trash", hit, 4), 1);
	ck_assert(hit[0]->flags & MC_FOLDER_NAME_IMAP);
	/* the count is complete even when `out` is too small */
	ck_assert_uint_eq(mc_folder_name_find("Utkast", hit, 1), 2);
	ck_assert_uint_eq(mc_folder_name_find("Projects", hit, 4), 0);
	ck_assert_uint_eq(mc_folder_name_find("\xc3", hit, 4), 0);
}
END_TEST

static Suite *folder_names_suite(void)
{
	Suite *s = suite_create("folder_names");
	TCase *t = tcase_create("folder_names");
	tcase_add_test(t, folder_roles);
	tcase_add_test(t, folder_name_languages);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(folder_names_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
