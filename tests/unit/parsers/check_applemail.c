/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_applemail.c: unit tests of parsers/applemail.c, Apple Mail's
 * mailbox tree read as one evidence: its bid (a .mbox directory of the
 * layout, an account directory of mailboxes, not a directory with other
 * things in it nor an exported mbox bundle), and a whole read of a tree
 * written here: folders and roles from the .mbox names, nested mailboxes,
 * the newer <UUID>/Data/.../Messages/ layout, locators, a .partial.emlx
 * with its attachment file beside it, and what the layout does not explain.
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
#include "raw-message.h"
#include "record.h"
#include "../unit-util.h"

#define PLIST(flags) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<plist version=\"1.0\">\n<dict>\n\t<key>flags</key>\n\t<integer>" flags \
	"</integer>\n</dict>\n</plist>\n"

#define PARTIAL_MSG "From: anna@example.org\nTo: me@example.org\nSubject: partial\n" \
	"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BB\"\n\n" \
	"--BB\nContent-Type: text/plain\n\nsee the report\n" \
	"--BB\nContent-Type: text/plain; name=report.txt\n" \
	"Content-Disposition: attachment; filename=report.txt\nX-Apple-Content-Length: 17\n\n\n" \
	"--BB\nContent-Type: application/pdf; name=lost.pdf\n" \
	"Content-Disposition: attachment; filename=lost.pdf\nX-Apple-Content-Length: 99\n\n\n" \
	"--BB--\n"
#define ATTACHMENT "the report bytes\n"

/* An .emlx file: the count line, the message, the property list. */
static void put_emlx(const char *root, const char *rel, const char *msg, const char *plist)
{
	char *data = g_strdup_printf("%zu       \n%s%s", strlen(msg), msg, plist);
	put_rel(root, rel, data);
	g_free(data);
}

static char *simple(const char *subject)
{
	return g_strdup_printf("From: anna@example.org\nTo: me@example.org\nSubject: %s\n"
	                       "Date: Mon, 14 Mar 2011 08:40:12 +0100\n\nhello\n", subject);
}

static int bid(const char *path)
{
	struct mc_probe p = { path, 1, NULL, 0, 0 };
	return mc_format_applemail.bid(&p);
}

START_TEST(bids)
{
	char *root = temp_dir();
	char *acct = g_build_filename(root, "acct", NULL);
	char *inbox = g_build_filename(acct, "INBOX.mbox", NULL);
	char *m = simple("one");
	put_emlx(acct, "INBOX.mbox/Messages/1.emlx", m, PLIST("1"));
	put_rel(acct, ".DS_Store", "x");
	put_rel(acct, "Empty.mbox/Info.plist", PLIST("0"));
	ck_assert_int_eq(bid(inbox), 100);
	ck_assert_int_eq(bid(acct), 95);
	struct mc_probe p = { inbox, 1, NULL, 0, 0 };
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_applemail);
	/* something else beside the mailboxes: each is its own evidence */
	put_rel(acct, "notes.pst", "x");
	ck_assert_int_eq(bid(acct), 0);
	ck_assert_int_eq(bid(inbox), 100);
	/* Messages/ without a .mbox around it: loose .emlx files */
	put_emlx(root, "loose/Messages/1.emlx", m, PLIST("1"));
	char *loose = g_build_filename(root, "loose", NULL);
	ck_assert_int_eq(bid(loose), 0);
	/* a mailbox exported by Mail: an mbox file in a .mbox directory */
	put_rel(root, "Export.mbox/mbox", "From a@b Mon Mar 14 08:40:12 2011\n\nx\n");
	char *exported = g_build_filename(root, "Export.mbox", NULL);
	ck_assert_int_eq(bid(exported), 0);
	put_rel(root, "acct2/Export.mbox/mbox", "From a@b Mon Mar 14 08:40:12 2011\n\nx\n");
	put_emlx(root, "acct2/INBOX.mbox/Messages/1.emlx", m, PLIST("1"));
	char *acct2 = g_build_filename(root, "acct2", NULL);
	ck_assert_int_eq(bid(acct2), 0);
	/* the newer layout, found through <UUID>/Data */
	put_emlx(root, "New.mbox/0A1B/Data/1/Messages/7.emlx", m, PLIST("1"));
	char *newer = g_build_filename(root, "New.mbox", NULL);
	ck_assert_int_eq(bid(newer), 100);
	p.is_dir = 0;
	ck_assert_int_eq(mc_format_applemail.bid(&p), 0);
	remove_tree(root);
	g_free(m); g_free(loose); g_free(exported); g_free(newer); g_free(acct2);
	g_free(inbox); g_free(acct); g_free(root);
}
END_TEST

static const struct got_msg *by_subject(struct collect *c, const char *subject)
{
	for (guint i = 0; i < c->msgs->len; i++)
		if (MSG(c, i)->subject && strcmp(MSG(c, i)->subject, subject) == 0)
			return MSG(c, i);
	ck_abort_msg("no message '%s'", subject);
	return NULL;
}

static const struct got_folder *folder(struct collect *c, int64_t id)
{
	for (guint i = 0; i < c->folders->len; i++)
		if (FOLDER(c, i)->id == id)
			return FOLDER(c, i);
	ck_abort_msg("no folder %lld", (long long)id);
	return NULL;
}

static int has_problem(struct collect *c, const char *severity, const char *locator,
                       const char *text)
{
	for (guint i = 0; i < c->problems->len; i++)
		if (strcmp(PROBLEM(c, i)->severity, severity) == 0 &&
		    strcmp(PROBLEM(c, i)->locator, locator) == 0 &&
		    strstr(PROBLEM(c, i)->text, text))
			return 1;
	return 0;
}

START_TEST(tree_read)
{
	char *root = temp_dir();
	char *acct = g_build_filename(root, "V10", "4C1D-ACCT", NULL);
	char *m1 = simple("inbox one"), *m3 = simple("sent three"), *m4 = simple("archived four");
	char *m5 = simple("cut five");
	put_emlx(acct, "INBOX.mbox/Messages/1.emlx", m1, PLIST("1"));
	put_emlx(acct, "INBOX.mbox/Messages/2.partial.emlx", PARTIAL_MSG, PLIST("1"));
	put_rel(acct, "INBOX.mbox/Attachments/2/2/report.txt", ATTACHMENT);
	put_rel(acct, "INBOX.mbox/Attachments/9/2/stray.bin", "stray");
	put_rel(acct, "INBOX.mbox/Messages/1.2.emlxpart", "part");
	put_rel(acct, "INBOX.mbox/Info.plist", PLIST("0"));
	put_emlx(acct, "Sent Messages.mbox/0A1B-UUID/Data/1/Messages/3.emlx", m3, PLIST("1"));
	put_emlx(acct, "Archive.mbox/2011.mbox/Messages/4.emlx", m4, PLIST("3"));
	char *cut = g_strdup_printf("%zu\n%s", strlen(m5) + 40, m5);
	put_rel(acct, "Deleted Messages.mbox/Messages/5.emlx", cut);
	put_rel(acct, "Deleted Messages.mbox/Messages/6.emlx", "not an emlx file\n");
	put_rel(acct, "Outbox.mbox/Info.plist", PLIST("0"));
	ck_assert_int_eq(bid(acct), 95);

	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_applemail, acct, &c, &r), MC_WARN);

	/* folders in name order, nested ones under their parent */
	ck_assert_uint_eq(c.folders->len, 6);
	const char *want[][3] = {
		{ "Archive", "Archive", "other" }, { "2011", "Archive/2011", "other" },
		{ "Deleted Messages", "Deleted Messages", "deleted" },
		{ "INBOX", "INBOX", "inbox" }, { "Outbox", "Outbox", "outbox" },
		{ "Sent Messages", "Sent Messages", "sent" },
	};
	for (guint i = 0; i < 6; i++) {
		ck_assert_str_eq(FOLDER(&c, i)->name, want[i][0]);
		ck_assert_str_eq(FOLDER(&c, i)->path, want[i][1]);
		ck_assert_str_eq(FOLDER(&c, i)->role, want[i][2]);
	}
	ck_assert_int_eq(FOLDER(&c, 1)->parent, FOLDER(&c, 0)->id);
	ck_assert_str_eq(FOLDER(&c, 1)->locator, "applemail:Archive.mbox/2011.mbox");

	ck_assert_uint_eq(c.msgs->len, 5);
	const struct got_msg *one = by_subject(&c, "inbox one");
	ck_assert_str_eq(folder(&c, one->folder)->path, "INBOX");
	int head = snprintf(NULL, 0, "%zu       \n", strlen(m1));
	char *loc = g_strdup_printf("applemail:%d+%zu:INBOX.mbox/Messages/1.emlx", head,
	                            strlen(m1));
	ck_assert_str_eq(one->locator, loc);
	ck_assert_str_eq(one->origin, "folder");
	ck_assert_int_eq(one->offset, -1);
	expect_sha(one, m1, 0, (int64_t)strlen(m1));
	/* the locator reads the bytes again */
	GByteArray *raw = NULL;
	char err[256];
	ck_assert_int_eq(mc_raw_read(acct, NULL, one->locator, &raw, err, sizeof err), MC_RAW_OK);
	ck_assert_uint_eq(raw->len, strlen(m1));
	ck_assert(memcmp(raw->data, m1, raw->len) == 0);
	g_byte_array_unref(raw);
	ck_assert_int_eq(mc_raw_read(acct, NULL, "applemail:0+1:../x", &raw, err, sizeof err),
	                 MC_RAW_ERROR);

	ck_assert_str_eq(folder(&c, by_subject(&c, "sent three")->folder)->path, "Sent Messages");
	const struct got_msg *four = by_subject(&c, "archived four");
	ck_assert_str_eq(folder(&c, four->folder)->path, "Archive/2011");
	ck_assert_str_eq(four->origin, "recovered");
	const struct got_msg *five = by_subject(&c, "cut five");
	ck_assert_str_eq(folder(&c, five->folder)->role, "deleted");

	/* the partial: the kept file's size and hash; the one Mail did not keep */
	const struct got_msg *two = by_subject(&c, "partial");
	char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, ATTACHMENT, -1);
	char *empty = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "", 0);
	char *atts = g_strdup_printf("2=report.txt:%zu:%s;3=lost.pdf:0:%s", strlen(ATTACHMENT),
	                             sha, empty);
	ck_assert_str_eq(two->attachments, atts);

	ck_assert(has_problem(&c, "warning", "applemail:INBOX.mbox/Attachments/9/2/stray.bin",
	                      "attachment file of no .partial.emlx part"));
	ck_assert(!has_problem(&c, "warning", "applemail:INBOX.mbox/Attachments/2/2/report.txt",
	                       ""));
	ck_assert(has_problem(&c, "warning", "applemail:INBOX.mbox/Messages/1.2.emlxpart",
	                      "not an .emlx file"));
	ck_assert(has_problem(&c, "error", "applemail:Deleted Messages.mbox/Messages/5.emlx",
	                      "cut short"));
	ck_assert(has_problem(&c, "error", "applemail:Deleted Messages.mbox/Messages/6.emlx",
	                      "not an .emlx file; not ingested"));
	ck_assert(!has_problem(&c, "warning", "applemail:INBOX.mbox/Info.plist", ""));
	ck_assert_ptr_nonnull(strstr(r.error, "5.emlx"));

	collect_free(&c);
	remove_tree(root);
	g_free(sha); g_free(empty); g_free(atts); g_free(loc); g_free(cut);
	g_free(m1); g_free(m3); g_free(m4); g_free(m5); g_free(acct); g_free(root);
}
END_TEST

START_TEST(mailbox_root)
{
	char *root = temp_dir();
	char *mbox = g_build_filename(root, "Drafts.mbox", NULL);
	char *m = simple("draft");
	put_emlx(mbox, "Messages/1.emlx", m, PLIST("64"));
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_applemail, mbox, &c, &r), MC_OK);
	ck_assert_uint_eq(c.folders->len, 1);
	ck_assert_str_eq(FOLDER(&c, 0)->path, "Drafts");
	ck_assert_str_eq(FOLDER(&c, 0)->role, "drafts");
	ck_assert_str_eq(FOLDER(&c, 0)->locator, "applemail:.");
	ck_assert_uint_eq(c.msgs->len, 1);
	ck_assert_int_eq(MSG(&c, 0)->folder, FOLDER(&c, 0)->id);
	ck_assert_uint_eq(c.problems->len, 0);
	collect_free(&c);
	remove_tree(root);
	g_free(m); g_free(mbox); g_free(root);
}
END_TEST

int main(void)
{
	mc_mime_init();
	Suite *s = suite_create("applemail");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, bids);
	tcase_add_test(tc, tree_read);
	tcase_add_test(tc, mailbox_root);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
