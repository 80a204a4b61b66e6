/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_store_headers.c: unit tests of parsers/store-headers.c: Mozilla's
 * X-Mozilla-Status flags (names, the expunged message kept as recovered),
 * Gmail's X-Gmail-Labels (splitting, quoting, roles in English and German)
 * and X-GM-THRID, on records and through the mbox reader.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "store-headers.h"
#include "../unit-util.h"

static struct mc_message *with_headers(const char *const *h)
{
	struct mc_message *m = mc_message_new();
	for (; h[0]; h += 2)
		mc_message_add_header(m, h[0], h[1], NULL);
	return m;
}

START_TEST(mozilla_flag_names)
{
	char *s = mc_mozilla_flag_names(0x1000u | 0x8u | 0x4u | 0x2u | 0x1u);
	ck_assert_str_eq(s, "read,replied,flagged,expunged,forwarded");
	g_free(s);
	s = mc_mozilla_flag_names(0);
	ck_assert_str_eq(s, "");
	g_free(s);
	s = mc_mozilla_flag_names(0x00800000u | 0x10000000u);
	ck_assert_str_eq(s, "mdn-sent,attachment");
	g_free(s);
}
END_TEST

START_TEST(mozilla_status)
{
	const char *const h[] = { "X-Mozilla-Status", "1003", "X-Mozilla-Status2",
	                          "00800000", NULL };
	struct mc_message *m = with_headers(h);
	mc_store_headers_apply(m);
	ck_assert_str_eq(message_prop(m, "mozilla.status"), "0x00801003");
	ck_assert_str_eq(message_prop(m, "mozilla.flags"), "read,replied,forwarded,mdn-sent");
	ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
	ck_assert_uint_eq(m->warnings->len, 0);
	mc_message_free(m);
}
END_TEST

/* Expunged (0x0008): deleted in the client, still in the file. */
START_TEST(mozilla_expunged_is_recovered)
{
	const char *const h[] = { "X-Mozilla-Status", "0009", NULL };
	struct mc_message *m = with_headers(h);
	mc_store_headers_apply(m);
	ck_assert_str_eq(m->origin, MC_ORIGIN_RECOVERED);
	ck_assert_str_eq(message_prop(m, "mozilla.flags"), "read,expunged");
	mc_message_free(m);
	/* the status2 half never makes a message deleted */
	const char *const h2[] = { "X-Mozilla-Status", "0001", "X-Mozilla-Status2",
	                           "00000008", NULL };
	m = with_headers(h2);
	mc_store_headers_apply(m);
	ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
	mc_message_free(m);
}
END_TEST

START_TEST(mozilla_bad_value)
{
	const char *const h[] = { "X-Mozilla-Status", "zz01", NULL };
	struct mc_message *m = with_headers(h);
	mc_store_headers_apply(m);
	ck_assert_ptr_null(message_prop(m, "mozilla.status"));
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "X-Mozilla-Status"));
	ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
	mc_message_free(m);
	const char *const h2[] = { "X-Mozilla-Status", "123456789", NULL };
	m = with_headers(h2);
	mc_store_headers_apply(m);
	ck_assert_ptr_null(message_prop(m, "mozilla.status"));
	mc_message_free(m);
}
END_TEST

START_TEST(gmail_split)
{
	char **v = mc_gmail_labels_split("Inbox, \"Kunden, alt\",Opened,,\"say \"\"hi\"\"\", ");
	ck_assert_uint_eq(g_strv_length(v), 4);
	ck_assert_str_eq(v[0], "Inbox");
	ck_assert_str_eq(v[1], "Kunden, alt");
	ck_assert_str_eq(v[2], "Opened");
	ck_assert_str_eq(v[3], "say \"hi\"");
	g_strfreev(v);
	v = mc_gmail_labels_split("");
	ck_assert_uint_eq(g_strv_length(v), 0);
	g_strfreev(v);
	v = mc_gmail_labels_split("\"unterminated, still");
	ck_assert_uint_eq(g_strv_length(v), 1);
	ck_assert_str_eq(v[0], "unterminated, still");
	g_strfreev(v);
}
END_TEST

START_TEST(gmail_roles)
{
	ck_assert_str_eq(mc_gmail_label_role("Inbox"), MC_ROLE_INBOX);
	ck_assert_str_eq(mc_gmail_label_role("Sent"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_gmail_label_role("Trash"), MC_ROLE_DELETED);
	ck_assert_str_eq(mc_gmail_label_role("Spam"), MC_ROLE_JUNK);
	ck_assert_str_eq(mc_gmail_label_role("Drafts"), MC_ROLE_DRAFTS);
	ck_assert_str_eq(mc_gmail_label_role("Posteingang"), MC_ROLE_INBOX);
	ck_assert_str_eq(mc_gmail_label_role("Gesendet"), MC_ROLE_SENT);
	ck_assert_str_eq(mc_gmail_label_role("Important"), "important");
	ck_assert_str_eq(mc_gmail_label_role("Wichtig"), "important");
	ck_assert_str_eq(mc_gmail_label_role("Starred"), "starred");
	ck_assert_str_eq(mc_gmail_label_role("Opened"), "opened");
	ck_assert_str_eq(mc_gmail_label_role("Unread"), "unread");
	ck_assert_str_eq(mc_gmail_label_role("Archived"), "archived");
	ck_assert_str_eq(mc_gmail_label_role("Chat"), "chat");
	ck_assert_str_eq(mc_gmail_label_role("Category Updates"), "category");
	/* a user's label, even one that starts like a folder name */
	ck_assert_str_eq(mc_gmail_label_role("Sent-2011"), "user");
	ck_assert_str_eq(mc_gmail_label_role("Kunden"), "user");
	ck_assert_str_eq(mc_gmail_label_role("\xff\xfe"), "user");
}
END_TEST

START_TEST(gmail_labels_and_thread)
{
	const char *const h[] = { "X-GM-THRID", " 1592384754437813123 ",
	                          "X-Gmail-Labels", "Posteingang,Wichtig,\"Kunden, alt\"", NULL };
	struct mc_message *m = with_headers(h);
	mc_store_headers_apply(m);
	ck_assert_str_eq(message_prop(m, "gmail.thread_id"), "1592384754437813123");
	ck_assert_uint_eq(m->labels->len, 3);
	const struct mc_label *l = g_ptr_array_index(m->labels, 0);
	ck_assert_str_eq(l->name, "Posteingang");
	ck_assert_str_eq(l->role, MC_ROLE_INBOX);
	l = g_ptr_array_index(m->labels, 2);
	ck_assert_str_eq(l->name, "Kunden, alt");
	ck_assert_str_eq(l->role, "user");
	ck_assert_ptr_null(message_prop(m, "mozilla.status"));
	mc_message_free(m);
}
END_TEST

/* Through the mbox reader: the flags of each top-level message, the
 * expunged one kept as recovered, an attached message's headers ignored. */
START_TEST(mbox_reader)
{
	const char *data =
		"From - Mon Mar 14 08:40:12 2011\n"
		"X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n"
		"From: a@example.com\nSubject: read\n\nhello\n\n"
		"From - Mon Mar 14 08:41:12 2011\n"
		"X-Mozilla-Status: 0009\n"
		"From: a@example.com\nSubject: deleted\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"BB\"\n\n"
		"--BB\nContent-Type: text/plain\n\nsee attached\n"
		"--BB\nContent-Type: message/rfc822\n\n"
		"X-Mozilla-Status: 0008\nX-Gmail-Labels: Inbox\nFrom: c@example.com\n"
		"Subject: inner\n\ninner\n--BB--\n\n"
		"From 1592384754437813123@xxx Mon Mar 14 08:42:12 +0000 2011\n"
		"X-GM-THRID: 1592384754437813123\nX-Gmail-Labels: Inbox,Opened,Kunden\n"
		"From: b@example.com\nSubject: gmail\n\nbody\n";
	char *dir = temp_dir(), *path = g_build_filename(dir, "INBOX", NULL);
	struct collect c;
	struct mc_reader r;
	write_file(path, data, strlen(data));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 4);
	ck_assert_str_eq(MSG(&c, 0)->origin, MC_ORIGIN_FOLDER);
	ck_assert_str_eq(MSG(&c, 0)->mozilla_flags, "read");
	ck_assert_str_eq(MSG(&c, 1)->subject, "deleted");
	ck_assert_str_eq(MSG(&c, 1)->origin, MC_ORIGIN_RECOVERED);
	ck_assert_str_eq(MSG(&c, 1)->mozilla_flags, "read,expunged");
	ck_assert_str_eq(MSG(&c, 2)->subject, "inner");
	ck_assert_str_eq(MSG(&c, 2)->origin, MC_ORIGIN_EMBEDDED);
	ck_assert_ptr_null(MSG(&c, 2)->mozilla_flags);
	ck_assert_str_eq(MSG(&c, 2)->labels, "");
	ck_assert_str_eq(MSG(&c, 3)->labels, "Inbox=inbox;Opened=opened;Kunden=user");
	ck_assert_ptr_null(MSG(&c, 3)->mozilla_flags);
	collect_free(&c);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

int main(void)
{
	mc_mime_init();
	Suite *s = suite_create("store-headers");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, mozilla_flag_names);
	tcase_add_test(tc, mozilla_status);
	tcase_add_test(tc, mozilla_expunged_is_recovered);
	tcase_add_test(tc, mozilla_bad_value);
	tcase_add_test(tc, gmail_split);
	tcase_add_test(tc, gmail_roles);
	tcase_add_test(tc, gmail_labels_and_thread);
	tcase_add_test(tc, mbox_reader);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
