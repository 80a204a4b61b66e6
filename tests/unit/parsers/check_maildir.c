/*
 * check_readers.c: unit tests of the mbox, EML and Maildir evidence readers
 * (parsers/mbox.c, eml.c, maildir.c): bids, and whole reads of temp
 * evidence into a collecting sink (folders, messages, problems).
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "folder-names.h"
#include "mbox.h"
#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

/* ---- a sink that keeps what it is given ---- */

struct got_folder { int64_t id, parent; char *name, *path, *locator; const char *role; };
struct got_msg {
	int64_t id, parent, folder, offset, length, size;
	const char *origin;
	char *locator, *subject, *body, *flags, *subdir;
	char sha256[65];
};
struct got_problem { char *severity, *locator, *text; };

struct collect {
	GArray *folders, *msgs, *problems;
	int fail_message_at;     /* refuse the n-th message (1-based); 0 never */
};

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	struct collect *c = ctx;
	struct got_folder g = { f->local_id, f->parent_local_id, g_strdup(f->name),
	                        g_strdup(f->path), g_strdup(f->locator), f->role };
	g_array_append_val(c->folders, g);
	return 0;
}


static int sink_message(void *ctx, const struct mc_message *m)
{
	struct collect *c = ctx;
	if (c->fail_message_at && (int)c->msgs->len + 1 == c->fail_message_at)
		return -1;
	struct got_msg g = {
		m->local_id, m->parent_local_id, m->folder_local_id, m->byte_offset,
		m->byte_length, m->size, m->origin, g_strdup(m->locator),
		g_strdup(m->subject), g_strdup(m->body_text),
		g_strdup(message_prop(m, "maildir_flags")), g_strdup(message_prop(m, "maildir_subdir")), "",
	};
	memcpy(g.sha256, m->sha256, sizeof g.sha256);
	g_array_append_val(c->msgs, g);
	return 0;
}

static int sink_problem(void *ctx, const char *severity, const char *locator,
                        const char *text)
{
	struct collect *c = ctx;
	struct got_problem g = { g_strdup(severity), g_strdup(locator), g_strdup(text) };
	g_array_append_val(c->problems, g);
	return 0;
}

#define FOLDER(c, i) (&g_array_index((c)->folders, struct got_folder, (i)))
#define MSG(c, i) (&g_array_index((c)->msgs, struct got_msg, (i)))
#define PROBLEM(c, i) (&g_array_index((c)->problems, struct got_problem, (i)))

static void collect_init(struct collect *c)
{
	memset(c, 0, sizeof *c);
	c->folders = g_array_new(FALSE, TRUE, sizeof(struct got_folder));
	c->msgs = g_array_new(FALSE, TRUE, sizeof(struct got_msg));
	c->problems = g_array_new(FALSE, TRUE, sizeof(struct got_problem));
}

static void collect_free(struct collect *c)
{
	for (guint i = 0; i < c->folders->len; i++) {
		g_free(FOLDER(c, i)->name);
		g_free(FOLDER(c, i)->path);
		g_free(FOLDER(c, i)->locator);
	}
	for (guint i = 0; i < c->msgs->len; i++) {
		struct got_msg *m = MSG(c, i);
		g_free(m->locator); g_free(m->subject); g_free(m->body);
		g_free(m->flags); g_free(m->subdir);
	}
	for (guint i = 0; i < c->problems->len; i++) {
		g_free(PROBLEM(c, i)->severity);
		g_free(PROBLEM(c, i)->locator);
		g_free(PROBLEM(c, i)->text);
	}
	g_array_free(c->folders, TRUE);
	g_array_free(c->msgs, TRUE);
	g_array_free(c->problems, TRUE);
}

/* ---- temp evidence ---- */

static char *temp_dir(void)
{
	char *t = g_build_filename(g_get_tmp_dir(), "check_readers.XXXXXX", NULL);
	ck_assert_ptr_nonnull(g_mkdtemp(t));
	return t;
}

static void put_file(const char *path, const char *data, size_t n)
{
	ck_assert(g_file_set_contents(path, data, (gssize)n, NULL));
}

static void remove_tree(const char *path)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
}

/* Runs format on the file (or directory) at path; returns the result. */
static enum mc_result run_reader(const struct mc_format *format, const char *path,
                                 struct collect *c, struct mc_reader *r)
{
	static struct mc_sink sink;
	struct stat sb;
	int fd = -1;
	sink = (struct mc_sink){ sink_folder, sink_message, sink_problem, c };
	ck_assert_int_eq(stat(path, &sb), 0);
	if (!S_ISDIR(sb.st_mode))
		ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
	mc_reader_init(r, path, fd, (uint64_t)sb.st_size, &sink);
	enum mc_result res = format->read(r);
	if (fd >= 0)
		close(fd);
	return res;
}

static void expect_sha(const struct got_msg *m, const char *data, int64_t off, int64_t len)
{
	char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	                                        (const guchar *)data + off, (gsize)len);
	ck_assert_str_eq(m->sha256, hex);
	ck_assert_int_eq(m->size, len);
	g_free(hex);
}

/* A message holding a message holding a message. */
#define NESTED \
	"From: a@example.com\nTo: b@example.com\nSubject: outer\nMIME-Version: 1.0\n" \
	"Content-Type: multipart/mixed; boundary=\"BB\"\n\n" \
	"--BB\nContent-Type: text/plain\n\nsee attached\n" \
	"--BB\nContent-Type: message/rfc822\n\n" \
	"From: c@example.com\nSubject: inner\nMIME-Version: 1.0\n" \
	"Content-Type: multipart/mixed; boundary=\"CC\"\n\n" \
	"--CC\nContent-Type: text/plain\n\ninner text\n" \
	"--CC\nContent-Type: message/rfc822\n\n" \
	"From: d@example.com\nSubject: innermost\n\ndeep\n" \
	"--CC--\n--BB--\n"

/* ---- bids ---- */

static int bid(const struct mc_format *f, const char *head, size_t n)
{
	struct mc_probe p = { "x", 0, (const unsigned char *)head, n, n };
	return f->bid(&p);
}

static const char *detect(const char *head, size_t n)
{
	struct mc_probe p = { "x", 0, (const unsigned char *)head, n, n };
	const struct mc_format *f = mc_format_detect(&p);
	return f ? f->name : "none";
}

#define BID(f, s) bid(&(f), (s), sizeof(s) - 1)
#define DETECT(s) detect((s), sizeof(s) - 1)

START_TEST(bids_files)
{
	ck_assert_int_eq(BID(mc_format_mbox, "From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From a@b Mon Jan  1 10:00:00 2001\r\nSubject: x\r\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From - \nReturn-Path: <>\n"), 90);
	ck_assert_int_eq(BID(mc_format_mbox, "From - \nhello\n"), 0);
	ck_assert_int_eq(BID(mc_format_mbox, "From the desk of X\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_mbox, "Received: from x\nFrom: a@b\n\nb\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Received: from x\n\tby y\nFrom: a@b\nSubject: s\n\nbody\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "X-Mailer: foo\r\n\r\nbody\r\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "\xEF\xBB\xBFSubject: s\n\nb\n"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "Content-Type: text/plain\n\nhi\n"), 50);
	ck_assert_int_eq(BID(mc_format_eml, "  \n\t\r\nDelivered-To: a@b\r\n\r\nb"), 80);
	ck_assert_int_eq(BID(mc_format_eml, "\n\nhello\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Foo: bar\nBaz: x\n\nSubject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Hello world: not mail\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "Subject: a\0b\n\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1Subject: x\n"), 0);
	ck_assert_int_eq(BID(mc_format_eml, "!BDN\x01\x02Subject: x\n"), 0);
	ck_assert_str_eq(DETECT("From a@b Mon Jan  1 10:00:00 2001\nSubject: x\n"), "mbox");
	ck_assert_str_eq(DETECT("Date: Mon, 1 Jan 2001 10:00:00 +0000\nSubject: x\n\nb"), "eml");
	ck_assert_str_eq(DETECT("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), "none");
	ck_assert_str_eq(DETECT("\0\0\0\0\0\0\0\0binary"), "none");
}
END_TEST

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

/* ---- mbox ---- */

#define F1 "From alice@example.com Mon Jan  1 10:00:00 2001"
#define F2 "From bob@example.com Tue Jan  2 11:00:00 2001"
#define F3 "From carol@example.com Wed Jan  3 12:00:00 2001"

START_TEST(mbox_read)
{
	const char *m1 = "From: a@example.com\nSubject: first\n\nhello\n>From here\n>>From there\n";
	const char *m3 = "From: e@example.com\nSubject: third\n\nbye\n";
	char *data = g_strdup_printf("garbage\n\n" F1 "\n%s\n" F2 "\n" NESTED "\n" F3 "\n%s",
	                             m1, m3);
	char *dir = temp_dir(), *path = g_build_filename(dir, "Sent Items.mbox", NULL);
	struct collect c;
	struct mc_reader r;
	put_file(path, data, strlen(data));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);

	ck_assert_uint_eq(c.folders->len, 1);
	ck_assert_int_eq(FOLDER(&c, 0)->id, 1);
	ck_assert_str_eq(FOLDER(&c, 0)->name, "Sent Items.mbox");
	ck_assert_str_eq(FOLDER(&c, 0)->path, "Sent Items.mbox");
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_SENT);

	ck_assert_uint_eq(c.msgs->len, 5);
	ck_assert_int_eq(r.messages_emitted, 5);
	ck_assert_str_eq(r.variant, "mboxrd");
	int64_t off1 = strstr(data, m1) - data, off2 = strstr(data, NESTED) - data;
	int64_t off3 = strstr(data, m3) - data;
	const int64_t offs[] = { off1, off2, off3 };
	const int64_t lens[] = { (int64_t)strlen(m1), (int64_t)strlen(NESTED), (int64_t)strlen(m3) };
	const int top[] = { 0, 1, 4 };
	for (int i = 0; i < 3; i++) {
		const struct got_msg *m = MSG(&c, top[i]);
		char loc[64];
		snprintf(loc, sizeof loc, "mbox:%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT, offs[i], lens[i]);
		ck_assert_str_eq(m->locator, loc);
		ck_assert_int_eq(m->offset, offs[i]);
		ck_assert_int_eq(m->length, lens[i]);
		ck_assert_int_eq(m->folder, 1);
		ck_assert_int_eq(m->parent, 0);
		ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
		expect_sha(m, data, offs[i], lens[i]);
	}
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(MSG(&c, i)->id, i + 1);
	ck_assert_str_eq(MSG(&c, 0)->subject, "first");
	ck_assert_ptr_nonnull(strstr(MSG(&c, 0)->body, "\nFrom here"));
	ck_assert_ptr_nonnull(strstr(MSG(&c, 0)->body, "\n>From there"));
	/* embedded: inner (parent 2), innermost (parent 3), after their parent */
	ck_assert_str_eq(MSG(&c, 2)->subject, "inner");
	ck_assert_int_eq(MSG(&c, 2)->parent, 2);
	ck_assert_int_eq(MSG(&c, 2)->folder, 1);
	ck_assert_str_eq(MSG(&c, 2)->origin, MC_ORIGIN_EMBEDDED);
	ck_assert(g_str_has_prefix(MSG(&c, 2)->locator, MSG(&c, 1)->locator));
	ck_assert_str_eq(MSG(&c, 3)->subject, "innermost");
	ck_assert_int_eq(MSG(&c, 3)->parent, 3);
	ck_assert_str_eq(MSG(&c, 4)->subject, "third");
	/* the leading garbage */
	ck_assert_uint_eq(c.problems->len, 1);
	ck_assert_str_eq(PROBLEM(&c, 0)->severity, "warning");
	ck_assert_str_eq(PROBLEM(&c, 0)->locator, "mbox:0+9");

	collect_free(&c);
	remove_tree(dir);
	g_free(path); g_free(dir); g_free(data);
}
END_TEST

/* A chunk that is no message is a warning and still a record; a refused
 * message is fatal; a file without any From_ line is fatal. */
START_TEST(mbox_problems)
{
	const char *data = F1 "\n\n\n\n" F2 "\nSubject: ok\n\nb\n";
	char *dir = temp_dir(), *path = g_build_filename(dir, "box", NULL);
	struct collect c;
	struct mc_reader r;
	put_file(path, data, strlen(data));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 2);
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_OTHER);
	ck_assert_ptr_null(r.variant);
	ck_assert_uint_eq(c.problems->len, 1);
	ck_assert_str_eq(PROBLEM(&c, 0)->severity, "warning");
	ck_assert_str_eq(PROBLEM(&c, 0)->locator, MSG(&c, 0)->locator);
	expect_sha(MSG(&c, 0), data, MSG(&c, 0)->offset, MSG(&c, 0)->length);
	collect_free(&c);

	collect_init(&c);
	c.fail_message_at = 2;
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_FATAL);
	ck_assert_uint_eq(c.msgs->len, 1);
	collect_free(&c);

	put_file(path, "just text\n", 10);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_FATAL);
	ck_assert_ptr_nonnull(strstr(r.error, "no From_"));
	collect_free(&c);

	put_file(path, "\n \n", 3);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_mbox, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 0);
	ck_assert_uint_eq(c.problems->len, 0);
	collect_free(&c);

	remove_tree(dir);
	g_free(path); g_free(dir);
}
END_TEST

/* ---- eml ---- */

START_TEST(eml_read)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, "m.eml", NULL);
	struct collect c;
	struct mc_reader r;
	size_t n = strlen(NESTED);
	put_file(path, NESTED, n);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.folders->len, 0);
	ck_assert_uint_eq(c.msgs->len, 3);
	char loc[64];
	snprintf(loc, sizeof loc, "bytes:0+%zu", n);
	ck_assert_str_eq(MSG(&c, 0)->locator, loc);
	ck_assert_int_eq(MSG(&c, 0)->offset, 0);
	ck_assert_int_eq(MSG(&c, 0)->length, (int64_t)n);
	ck_assert_int_eq(MSG(&c, 0)->folder, 0);
	ck_assert_int_eq(MSG(&c, 0)->id, 1);
	expect_sha(MSG(&c, 0), NESTED, 0, (int64_t)n);
	ck_assert_int_eq(MSG(&c, 1)->id, 2);
	ck_assert_int_eq(MSG(&c, 1)->parent, 1);
	ck_assert_int_eq(MSG(&c, 2)->id, 3);
	ck_assert_int_eq(MSG(&c, 2)->parent, 2);
	ck_assert_int_eq(MSG(&c, 2)->folder, 0);
	ck_assert(g_str_has_prefix(MSG(&c, 1)->locator, loc));
	ck_assert_uint_eq(c.problems->len, 0);
	collect_free(&c);

	/* blank lines before the headers: skipped for parsing, kept in the hash */
	const char *ws = "   \r\n\r\nSubject: after blanks\r\n\r\nbody\r\n";
	put_file(path, ws, strlen(ws));
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 1);
	ck_assert_str_eq(MSG(&c, 0)->subject, "after blanks");
	expect_sha(MSG(&c, 0), ws, 0, (int64_t)strlen(ws));
	collect_free(&c);

	put_file(path, "", 0);
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_eml, path, &c, &r), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 0);
	ck_assert_uint_eq(c.problems->len, 1);
	collect_free(&c);
	remove_tree(dir);
	g_free(path); g_free(dir);
}
END_TEST

/* ---- maildir ---- */

static void put_rel(const char *root, const char *rel, const char *data)
{
	char *p = g_build_filename(root, rel, NULL);
	char *d = g_path_get_dirname(p);
	ck_assert_int_eq(g_mkdir_with_parents(d, 0700), 0);
	put_file(p, data, strlen(data));
	g_free(d);
	g_free(p);
}

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

static Suite *readers_suite(void)
{
	Suite *s = suite_create("readers");
	TCase *t = tcase_create("readers");
	tcase_add_test(t, bids_files);
	tcase_add_test(t, bids_maildir);
	tcase_add_test(t, folder_roles);
	tcase_add_test(t, folder_name_languages);
	tcase_add_test(t, mbox_read);
	tcase_add_test(t, mbox_problems);
	tcase_add_test(t, eml_read);
	tcase_add_test(t, maildir_read);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	mc_mime_init();
	SRunner *sr = srunner_create(readers_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
