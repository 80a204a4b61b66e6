/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_olm.c: unit tests of parsers/olm.c and olm-item.c, the Outlook for
 * Mac .olm reader: times, one item's XML into a record (sender, recipients,
 * times with the Date header's offset, ids, bodies, headers of
 * OPFMessageCopySource, attachments, props), an archive written here with
 * libzip (folders and roles, attachment bytes hashed from their entries, a
 * malformed item and a missing attachment entry accounted for, entries that
 * are not mail counted), detection (a ZIP without the OLM layout is not
 * taken) and a broken ZIP failing that evidence only.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <zip.h>

#include "mime-message.h"
#include "olm-item.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

#define ITEM_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<emails xml:space=\"preserve\" elementCount=\"1\"><email xml:space=\"preserve\">\n"
#define ITEM_TAIL "</email></emails>\n"

#define FULL_ITEM ITEM_HEAD \
	"<OPFMessageCopySubject>Réunion &amp; budget</OPFMessageCopySubject>\n" \
	"<OPFMessageCopyFromAddresses><emailAddress OPFContactEmailAddressAddress=\"anna@example.org\"" \
	" OPFContactEmailAddressName=\"Anna Berg\" OPFContactEmailAddressType=\"0\"/>" \
	"</OPFMessageCopyFromAddresses>\n" \
	"<OPFMessageCopyToAddresses><emailAddress OPFContactEmailAddressAddress=\"me@example.org\"" \
	" OPFContactEmailAddressName=\"Me\"/><emailAddress OPFContactEmailAddressAddress=\"bo@example.org\"/>" \
	"</OPFMessageCopyToAddresses>\n" \
	"<OPFMessageCopyCCAddresses><emailAddress><OPFContactEmailAddressAddress>cc@example.org" \
	"</OPFContactEmailAddressAddress><OPFContactEmailAddressName>See Sea</OPFContactEmailAddressName>" \
	"</emailAddress></OPFMessageCopyCCAddresses>\n" \
	"<OPFMessageCopyBCCAddresses><emailAddress OPFContactEmailAddressAddress=\"hidden@example.org\"/>" \
	"</OPFMessageCopyBCCAddresses>\n" \
	"<OPFMessageCopySentTime>2011-03-01T10:00:00</OPFMessageCopySentTime>\n" \
	"<OPFMessageCopyReceivedTime>2011-03-01T10:00:05</OPFMessageCopyReceivedTime>\n" \
	"<OPFMessageCopyMessageID>&lt;abc@example.org&gt;</OPFMessageCopyMessageID>\n" \
	"<OPFMessageCopyInReplyTo>&lt;parent@example.org&gt;</OPFMessageCopyInReplyTo>\n" \
	"<OPFMessageCopyThreadTopic>Réunion</OPFMessageCopyThreadTopic>\n" \
	"<OPFMessageCopyThreadIndex>AcvX</OPFMessageCopyThreadIndex>\n" \
	"<OPFMessageGetIsRead>1</OPFMessageGetIsRead>\n" \
	"<OPFMessageGetPriority>3</OPFMessageGetPriority>\n" \
	"<OPFMessageCopyHTMLBody>&lt;html&gt;&lt;body&gt;&lt;p&gt;only html&lt;/p&gt;&lt;/body&gt;" \
	"&lt;/html&gt;</OPFMessageCopyHTMLBody>\n" \
	"<OPFMessageCopySource>Date: Tue, 1 Mar 2011 11:00:00 +0100\nAuto-Submitted: auto-replied\n" \
	"X-Mailer: Outlook\n\nthe body is not read from here</OPFMessageCopySource>\n" \
	"<OPFMessageCopyAttachmentList><messageAttachment OPFAttachmentName=\"plan.txt\"" \
	" OPFAttachmentContentType=\"Text/Plain\" OPFAttachmentContentID=\"&lt;c1@x&gt;\"" \
	" OPFAttachmentContentFileSize=\"5\"" \
	" OPFAttachmentURL=\"Accounts/me@example.org/com.microsoft.__Attachments/1/plan.txt\"/>" \
	"</OPFMessageCopyAttachmentList>\n" ITEM_TAIL

static const char *prop(const struct mc_message *m, const char *name)
{
	return message_prop(m, name);
}

START_TEST(times)
{
	int64_t t = 0;
	ck_assert_int_eq(mc_olm_time("2011-03-01T10:00:00", &t), 0);
	ck_assert_int_eq(t, 1298973600);
	ck_assert_int_eq(mc_olm_time(" 2011-03-01T11:00:00+01:00\n", &t), 0);
	ck_assert_int_eq(t, 1298973600);
	ck_assert_int_eq(mc_olm_time("yesterday", &t), -1);
	ck_assert_int_eq(mc_olm_time("", &t), -1);
	ck_assert(mc_olm_is_message_entry("Accounts/a/com.microsoft.__Messages/Inbox/message_00001.xml"));
	ck_assert(!mc_olm_is_message_entry("Accounts/a/com.microsoft.__Messages/Inbox/"));
	ck_assert(!mc_olm_is_message_entry("Accounts/a/com.microsoft.__Contacts/contact_00001.xml"));
	ck_assert(!mc_olm_is_message_entry("Accounts/a/xcom.microsoft.__Messages/Inbox/m.xml"));
}
END_TEST

START_TEST(item_fields)
{
	mc_mime_init();
	struct mc_olm_item item;
	char err[256];
	ck_assert_int_eq(mc_olm_item_parse(FULL_ITEM, strlen(FULL_ITEM), &item, err, sizeof err), 0);
	ck_assert_uint_eq(item.messages->len, 1);
	struct mc_message *m = g_ptr_array_index(item.messages, 0);
	ck_assert_str_eq(m->subject, "Réunion & budget");
	ck_assert_str_eq(m->from_name, "Anna Berg");
	ck_assert_str_eq(m->from_addr, "anna@example.org");
	ck_assert_uint_eq(m->recipients->len, 4);
	const struct mc_recipient *r0 = g_ptr_array_index(m->recipients, 0);
	const struct mc_recipient *r1 = g_ptr_array_index(m->recipients, 1);
	const struct mc_recipient *r2 = g_ptr_array_index(m->recipients, 2);
	const struct mc_recipient *r3 = g_ptr_array_index(m->recipients, 3);
	ck_assert_str_eq(r0->kind, "to");
	ck_assert_str_eq(r0->addr, "me@example.org");
	ck_assert_str_eq(r0->name, "Me");
	ck_assert_str_eq(r1->addr, "bo@example.org");
	ck_assert_ptr_null(r1->name);
	ck_assert_str_eq(r2->kind, "cc");
	ck_assert_str_eq(r2->addr, "cc@example.org");     /* child-element form */
	ck_assert_str_eq(r2->name, "See Sea");
	ck_assert_str_eq(r3->kind, "bcc");
	ck_assert(m->has_date);
	ck_assert_int_eq(m->date_unix, 1298973600);
	ck_assert_int_eq(m->date_offset, 60);              /* from the source's Date */
	ck_assert_int_eq(m->submit_time, 1298973600);
	ck_assert_int_eq(m->delivery_time, 1298973605);
	ck_assert_str_eq(m->message_id, "abc@example.org");
	ck_assert_str_eq(m->in_reply_to, "parent@example.org");
	ck_assert_str_eq(m->conversation_topic, "Réunion");
	ck_assert_str_eq(m->conversation_index, "01cbd7");
	ck_assert_str_eq(m->body_source, "text/html");
	ck_assert_str_eq(m->body_text, "only html");
	ck_assert_str_eq(mc_message_header(m, "Auto-Submitted"), "auto-replied");
	ck_assert_str_eq(mc_message_header(m, "X-Mailer"), "Outlook");
	ck_assert_str_eq(prop(m, "read"), "1");
	ck_assert_str_eq(prop(m, "olm.OPFMessageGetPriority"), "3");
	ck_assert_str_eq(prop(m, "olm.bodies"), "html");
	ck_assert_uint_eq(m->attachments->len, 1);
	const struct mc_attachment *a = g_ptr_array_index(m->attachments, 0);
	ck_assert_str_eq(a->filename, "plan.txt");
	ck_assert_str_eq(a->mime_type, "text/plain");
	ck_assert_str_eq(a->content_id, "c1@x");
	GPtrArray *refs = g_ptr_array_index(item.refs, 0);
	const struct mc_olm_attachment_ref *ref = g_ptr_array_index(refs, 0);
	ck_assert_str_eq(ref->url, "Accounts/me@example.org/com.microsoft.__Attachments/1/plan.txt");
	ck_assert_int_eq(ref->declared_size, 5);
	mc_olm_item_clear(&item);

	/* a text body wins over the HTML one; a bad time is a warning */
	const char *two = ITEM_HEAD "<OPFMessageCopyBody>plain words</OPFMessageCopyBody>"
		"<OPFMessageCopyHTMLBody>&lt;p&gt;html&lt;/p&gt;</OPFMessageCopyHTMLBody>"
		"<OPFMessageCopySentTime>soon</OPFMessageCopySentTime>"
		"<OPFMessageCopyReceivedTime>2011-03-02T00:00:00</OPFMessageCopyReceivedTime>" ITEM_TAIL;
	ck_assert_int_eq(mc_olm_item_parse(two, strlen(two), &item, err, sizeof err), 0);
	m = g_ptr_array_index(item.messages, 0);
	ck_assert_str_eq(m->body_text, "plain words");
	ck_assert_str_eq(m->body_source, "text/plain");
	ck_assert_str_eq(prop(m, "olm.bodies"), "text,html");
	ck_assert_int_eq(m->date_unix, 1299024000);
	ck_assert_int_eq(m->date_offset, 0);
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "OPFMessageCopySentTime: 'soon' is not a time"));
	mc_olm_item_clear(&item);
}
END_TEST

START_TEST(item_refused)
{
	struct mc_olm_item item;
	char err[256];
	const char *bad = ITEM_HEAD "<OPFMessageCopySubject>cut";
	ck_assert_int_eq(mc_olm_item_parse(bad, strlen(bad), &item, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not well-formed XML"));
	ck_assert_uint_eq(item.messages->len, 0);
	mc_olm_item_clear(&item);
	const char *other = "<contacts><contact/></contacts>";
	ck_assert_int_eq(mc_olm_item_parse(other, strlen(other), &item, err, sizeof err), -1);
	ck_assert_str_eq(err, "no <email> element (root <contacts>)");
	mc_olm_item_clear(&item);
	const char *dtd = "<?xml version=\"1.0\"?><!DOCTYPE emails [<!ENTITY a \"aaaa\">]>"
		"<emails><email><OPFMessageCopySubject>&a;</OPFMessageCopySubject></email></emails>";
	ck_assert_int_eq(mc_olm_item_parse(dtd, strlen(dtd), &item, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "DTD"));
	mc_olm_item_clear(&item);
	/* libxml2 quotes the input's bytes; the reason stays UTF-8 (fuzz) */
	const char *bytes = "<?xml version=\"1.0\"?>\n<email xmlns=\"h\x96ttp://x\"/>";
	ck_assert_int_eq(mc_olm_item_parse(bytes, strlen(bytes), &item, err, sizeof err), -1);
	ck_assert(g_utf8_validate(err, -1, NULL));
	mc_olm_item_clear(&item);
	char small[12];
	ck_assert_int_eq(mc_olm_item_parse(bytes, strlen(bytes), &item, small, sizeof small), -1);
	ck_assert(g_utf8_validate(small, -1, NULL));
	mc_olm_item_clear(&item);
}
END_TEST

/* ---- archives ---- */

struct entry { const char *name, *data; };

static void write_zip(const char *path, const struct entry *e, size_t n)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	ck_assert_ptr_nonnull(z);
	for (size_t i = 0; i < n; i++) {
		if (!e[i].data) {
			ck_assert_int_ge(zip_dir_add(z, e[i].name, ZIP_FL_ENC_UTF_8), 0);
			continue;
		}
		zip_source_t *s = zip_source_buffer(z, e[i].data, strlen(e[i].data), 0);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_ge(zip_file_add(z, e[i].name, s, ZIP_FL_ENC_UTF_8), 0);
	}
	ck_assert_int_eq(zip_close(z), 0);
}

#define ACC "Accounts/me@example.org/"
#define MSGS ACC "com.microsoft.__Messages/"

static const struct entry archive[] = {
	{ "Categories.xml", "<categories/>" },
	{ MSGS "Inbox/", NULL },
	{ MSGS "Inbox/message_00001.xml", FULL_ITEM },
	{ MSGS "Sent Items/message_00002.xml",
	  ITEM_HEAD "<OPFMessageCopySubject>sent one</OPFMessageCopySubject>"
	  "<OPFMessageCopySentTime>2011-03-02T09:00:00</OPFMessageCopySentTime>"
	  "<OPFMessageCopyAttachmentList><messageAttachment OPFAttachmentName=\"gone.pdf\""
	  " OPFAttachmentURL=\"" ACC "com.microsoft.__Attachments/9/gone.pdf\"/>"
	  "</OPFMessageCopyAttachmentList>" ITEM_TAIL },
	{ MSGS "Inbox/Projects/message_00003.xml", ITEM_HEAD "<OPFMessageCopySubject>cut" },
	{ MSGS "Archiv 2011/", NULL },
	{ ACC "com.microsoft.__Attachments/1/plan.txt", "hello" },
	{ ACC "com.microsoft.__Attachments/2/orphan.bin", "nobody's" },
	{ ACC "com.microsoft.__Contacts/contact_00001.xml", "<contacts/>" },
	{ ACC "com.microsoft.__Contacts/contact_00002.xml", "<contacts/>" },
};

static const struct got_problem *find_problem(struct collect *c, const char *text)
{
	for (guint i = 0; i < c->problems->len; i++)
		if (strstr(PROBLEM(c, i)->text, text))
			return PROBLEM(c, i);
	return NULL;
}

START_TEST(read_archive)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, "mail.olm", NULL);
	write_zip(path, archive, G_N_ELEMENTS(archive));
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_olm, path, &c, &r), MC_WARN);
	ck_assert_str_eq(r.variant, "olm");
	ck_assert_str_eq(r.error, "1 message item could not be read, 1 attachment missing; first at "
	                 "olm:" MSGS "Inbox/Projects/message_00003.xml");

	/* folders: the account, then each directory with its parents */
	ck_assert_uint_eq(c.folders->len, 5);
	ck_assert_str_eq(FOLDER(&c, 0)->name, "me@example.org");
	ck_assert_str_eq(FOLDER(&c, 0)->role, "other");
	ck_assert_str_eq(FOLDER(&c, 0)->locator, "olm:Accounts/me@example.org/");
	ck_assert_str_eq(FOLDER(&c, 1)->path, "me@example.org/Inbox");
	ck_assert_str_eq(FOLDER(&c, 1)->role, "inbox");
	ck_assert_int_eq(FOLDER(&c, 1)->parent, FOLDER(&c, 0)->id);
	ck_assert_str_eq(FOLDER(&c, 1)->locator, "olm:" MSGS "Inbox/");
	ck_assert_str_eq(FOLDER(&c, 2)->name, "Sent Items");
	ck_assert_str_eq(FOLDER(&c, 2)->role, "sent");
	ck_assert_str_eq(FOLDER(&c, 3)->path, "me@example.org/Inbox/Projects");
	ck_assert_int_eq(FOLDER(&c, 3)->parent, FOLDER(&c, 1)->id);
	ck_assert_str_eq(FOLDER(&c, 4)->name, "Archiv 2011");

	ck_assert_uint_eq(c.msgs->len, 2);
	struct got_msg *m = MSG(&c, 0);
	ck_assert_str_eq(m->locator, "olm:" MSGS "Inbox/message_00001.xml");
	ck_assert_str_eq(m->subject, "Réunion & budget");
	ck_assert_int_eq(m->folder, FOLDER(&c, 1)->id);
	ck_assert_str_eq(m->origin, "folder");
	expect_sha(m, FULL_ITEM, 0, (int64_t)strlen(FULL_ITEM));
	ck_assert_str_eq(MSG(&c, 1)->subject, "sent one");
	ck_assert_int_eq(MSG(&c, 1)->folder, FOLDER(&c, 2)->id);

	const struct got_problem *p = find_problem(&c, "not well-formed XML");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->severity, "error");
	ck_assert_str_eq(p->locator, "olm:" MSGS "Inbox/Projects/message_00003.xml");
	p = find_problem(&c, "attachment 1 'gone.pdf': the entry " ACC
	                 "com.microsoft.__Attachments/9/gone.pdf it names is not in the archive");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->severity, "warning");
	ck_assert_str_eq(p->locator, "olm:" MSGS "Sent Items/message_00002.xml");
	p = find_problem(&c, "attachment entry that no message item names");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->locator, "olm:" ACC "com.microsoft.__Attachments/2/orphan.bin");
	ck_assert_ptr_null(find_problem(&c, "plan.txt"));
	ck_assert_ptr_nonnull(find_problem(&c, "2 entries below com.microsoft.__Contacts: not mail"));
	ck_assert_ptr_nonnull(find_problem(&c, "1 entry outside the com.microsoft.__ directories"));
	collect_free(&c);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

/* Entry names that are not UTF-8 although libzip passes them as UTF-8 (an
 * overlong "\xc0\x90" in a name without the UTF-8 flag): the folders made
 * from them are valid UTF-8, the bytes shown as U+FFFD (found by fuzz-olm,
 * fuzz/regressions/olm/). libzip would not write such a name, so the
 * archive is written with "~~" in their place and patched. */
START_TEST(folder_names_not_utf8)
{
	static const struct entry odd[] = {
		{ "Accounts/me~~@example.org/com.microsoft.__Messages/In~~box/", NULL },
		{ "Accounts/me~~@example.org/com.microsoft.__Messages/In~~box/message_00001.xml",
		  FULL_ITEM },
	};
	char *dir = temp_dir(), *path = g_build_filename(dir, "odd.olm", NULL);
	write_zip(path, odd, G_N_ELEMENTS(odd));
	char *bytes = NULL;
	gsize len = 0;
	ck_assert(g_file_get_contents(path, &bytes, &len, NULL));
	int patched = 0;
	for (gsize i = 0; i + 1 < len; i++)
		if (bytes[i] == '~' && bytes[i + 1] == '~') {
			bytes[i] = (char)0xc0;
			bytes[i + 1] = (char)0x90;
			patched++;
		}
	ck_assert_int_eq(patched, 8);      /* 2 names, 2 places each, local and central */
	write_file(path, bytes, len);
	g_free(bytes);
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	/* MC_WARN: the item names an attachment entry this archive lacks */
	ck_assert_int_eq(run_reader(&mc_format_olm, path, &c, &r), MC_WARN);
	ck_assert_uint_eq(c.folders->len, 2);
	for (guint i = 0; i < c.folders->len; i++) {
		ck_assert(g_utf8_validate(FOLDER(&c, i)->name, -1, NULL));
		ck_assert(g_utf8_validate(FOLDER(&c, i)->path, -1, NULL));
		ck_assert(g_utf8_validate(FOLDER(&c, i)->locator, -1, NULL));
	}
	ck_assert_str_eq(FOLDER(&c, 1)->name, "In\xef\xbf\xbd\xef\xbf\xbd" "box");
	ck_assert_uint_eq(c.msgs->len, 1);
	ck_assert_int_eq(MSG(&c, 0)->folder, FOLDER(&c, 1)->id);
	ck_assert(g_utf8_validate(MSG(&c, 0)->locator, -1, NULL));
	collect_free(&c);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

/* The attachment's bytes come from its entry: size and SHA-256. */
struct att_sink { int64_t size; char sha[65]; char *warnings; };

static int att_folder(void *ctx, const struct mc_folder *f) { (void)ctx; (void)f; return 0; }
static int att_problem(void *ctx, const char *s, const char *l, const char *t)
{
	(void)ctx; (void)s; (void)l; (void)t;
	return 0;
}
static int att_message(void *ctx, const struct mc_message *m)
{
	struct att_sink *a = ctx;
	if (m->attachments->len == 1) {
		const struct mc_attachment *x = g_ptr_array_index(m->attachments, 0);
		a->size = x->size;
		memcpy(a->sha, x->sha256, sizeof a->sha);
		a->warnings = g_strdup(m->warnings->str);
	}
	return 0;
}

START_TEST(attachment_bytes)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, "a.olm", NULL);
	const struct entry e[] = {
		{ MSGS "Inbox/message_00001.xml", FULL_ITEM },
		{ ACC "com.microsoft.__Attachments/1/plan.txt", "hello world" },
	};
	write_zip(path, e, G_N_ELEMENTS(e));
	struct att_sink a = { -1, "", NULL };
	struct mc_sink sink = { att_folder, att_message, att_problem, &a };
	int fd = open(path, O_RDONLY);
	struct mc_reader r;
	mc_reader_init(&r, path, fd, 0, &sink);
	ck_assert_int_eq(mc_format_olm.read(&r), MC_OK);
	close(fd);
	char want[65];
	mc_sha256_hex("hello world", 11, want);
	ck_assert_int_eq(a.size, 11);
	ck_assert_str_eq(a.sha, want);
	/* the item declared 5 bytes */
	ck_assert_ptr_nonnull(strstr(a.warnings, "the item declares 5 bytes, the entry holds 11"));
	g_free(a.warnings);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

static const struct mc_format *detect_file(const char *path)
{
	gchar *data = NULL;
	gsize len = 0;
	ck_assert(g_file_get_contents(path, &data, &len, NULL));
	struct mc_probe p = { .path = path, .head = (const unsigned char *)data,
	                      .head_len = len < MC_PROBE_BYTES ? len : MC_PROBE_BYTES, .size = len };
	const struct mc_format *f = mc_format_detect(&p);
	g_free(data);
	return f;
}

START_TEST(detection)
{
	char *dir = temp_dir(), *olm = g_build_filename(dir, "x.bin", NULL),
	     *zip = g_build_filename(dir, "plain.olm", NULL);
	write_zip(olm, archive, G_N_ELEMENTS(archive));
	ck_assert_ptr_eq(detect_file(olm), &mc_format_olm);   /* by content, not name */
	const struct entry plain[] = {
		{ "word/document.xml", "<w/>" },
		{ "Inbox/message_00001.xml", FULL_ITEM },
	};
	write_zip(zip, plain, G_N_ELEMENTS(plain));
	ck_assert_ptr_ne(detect_file(zip), &mc_format_olm);    /* a ZIP, not an OLM */
	ck_assert_ptr_eq(mc_format_by_name("olm"), &mc_format_olm);
	remove_tree(dir);
	g_free(olm);
	g_free(zip);
	g_free(dir);
}
END_TEST

START_TEST(broken_zip)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, "cut.olm", NULL);
	write_zip(path, archive, G_N_ELEMENTS(archive));
	gchar *data = NULL;
	gsize len = 0;
	ck_assert(g_file_get_contents(path, &data, &len, NULL));
	write_file(path, data, len / 2);                       /* the central directory is gone */
	ck_assert_ptr_eq(detect_file(path), &mc_format_olm);   /* by its first entries' names */
	struct collect c;
	struct mc_reader r;
	collect_init(&c);
	ck_assert_int_eq(run_reader(&mc_format_olm, path, &c, &r), MC_FATAL);
	ck_assert_ptr_nonnull(strstr(r.error, "cut.olm: not a readable ZIP archive: "));
	ck_assert_uint_eq(c.msgs->len, 0);
	collect_free(&c);
	g_free(data);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

int main(void)
{
	mc_mime_init();
	Suite *s = suite_create("olm");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, times);
	tcase_add_test(tc, item_fields);
	tcase_add_test(tc, item_refused);
	tcase_add_test(tc, read_archive);
	tcase_add_test(tc, folder_names_not_utf8);
	tcase_add_test(tc, attachment_bytes);
	tcase_add_test(tc, detection);
	tcase_add_test(tc, broken_zip);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
