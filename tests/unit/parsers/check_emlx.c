/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_emlx.c: unit tests of parsers/emlx.c, Apple Mail's .emlx reader:
 * the byte-count line, detection by content (an .emlx is not taken for an
 * EML), the message's byte range, the property list's values as
 * message_props (flags and their names, dates as UTC times), a deleted
 * message kept as recovered, a damaged trailer and a cut file.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "emlx.h"
#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "../unit-util.h"

#define MSG_BYTES "From: anna@example.org\nTo: me@example.org\nSubject: from Mail\n" \
	"Date: Mon, 14 Mar 2011 08:40:12 +0100\n\nhello\n"
#define PLIST(flags) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" " \
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n" \
	"\t<key>date-received</key>\n\t<integer>1300088412</integer>\n" \
	"\t<key>flags</key>\n\t<integer>" flags "</integer>\n" \
	"\t<key>remote-id</key>\n\t<string>4711</string>\n" \
	"\t<key>original-mailbox</key>\n\t<string>imap://anna@mail.example.org/INBOX</string>\n" \
	"</dict>\n</plist>\n"

/* An .emlx file of the message with its count line and trailer. */
static char *emlx(const char *msg, size_t count, const char *trailer)
{
	return g_strdup_printf("%zu       \n%s%s", count, msg, trailer);
}

static struct got_msg *read_one(const char *name, const char *data, struct collect *c,
                                enum mc_result want, char **dirp)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, name, NULL);
	struct mc_reader r;
	write_file(path, data, strlen(data));
	collect_init(c);
	ck_assert_int_eq(run_reader(&mc_format_emlx, path, c, &r), want);
	ck_assert_str_eq(r.variant, g_str_has_suffix(name, ".partial.emlx") ? "emlx-partial" : "emlx");
	ck_assert_uint_eq(c->msgs->len, 1);
	g_free(path);
	*dirp = dir;
	return MSG(c, 0);
}

START_TEST(count_line)
{
	uint64_t n = 0;
	ck_assert_uint_eq(mc_emlx_count_line("1234       \nFrom:", 17, &n), 12);
	ck_assert_uint_eq(n, 1234);
	ck_assert_uint_eq(mc_emlx_count_line("12\r\nX", 5, &n), 4);
	ck_assert_uint_eq(n, 12);
	ck_assert_uint_eq(mc_emlx_count_line("From: a\n", 8, &n), 0);
	ck_assert_uint_eq(mc_emlx_count_line("12 3\n", 5, &n), 0);
	ck_assert_uint_eq(mc_emlx_count_line("123", 3, &n), 0);
	ck_assert_uint_eq(mc_emlx_count_line("1234567890123\n", 14, &n), 0);
	char *s = mc_emlx_flag_names((1u << 0) | (1u << 2) | (1u << 8));
	ck_assert_str_eq(s, "read,answered,forwarded");
	g_free(s);
}
END_TEST

START_TEST(detected_by_content)
{
	char *data = emlx(MSG_BYTES, strlen(MSG_BYTES), PLIST("1"));
	struct mc_probe p = { .path = "x", .head = (const unsigned char *)data,
	                      .head_len = strlen(data), .size = strlen(data) };
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_emlx);
	p.head = (const unsigned char *)MSG_BYTES;
	p.head_len = strlen(MSG_BYTES);
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_eml);
	g_free(data);
}
END_TEST

START_TEST(read_with_plist)
{
	struct collect c;
	char *dir;
	char *data = emlx(MSG_BYTES, strlen(MSG_BYTES), PLIST("261"));  /* read, answered, forwarded */
	struct got_msg *m = read_one("12.emlx", data, &c, MC_OK, &dir);
	size_t start = strchr(data, '\n') - data + 1;
	char loc[64];
	g_snprintf(loc, sizeof loc, "bytes:%zu+%zu", start, strlen(MSG_BYTES));
	ck_assert_str_eq(m->locator, loc);
	expect_sha(m, data, (int64_t)start, (int64_t)strlen(MSG_BYTES));
	ck_assert_str_eq(m->subject, "from Mail");
	ck_assert_str_eq(m->origin, MC_ORIGIN_FOLDER);
	ck_assert_int_eq(c.problems->len, 0);
	collect_free(&c);
	remove_tree(dir);
	g_free(dir);
	g_free(data);
}
END_TEST

/* The properties, read through a record the reader would emit. */
static int keep_props(void *ctx, const struct mc_message *m)
{
	GString *s = ctx;
	g_string_append_printf(s, "origin=%s\n", m->origin);
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		g_string_append_printf(s, "%s=%s\n", p->name, p->value);
	}
	if (m->warnings->len)
		g_string_append_printf(s, "warnings=%s\n", m->warnings->str);
	return 0;
}

static int no_folder(void *ctx, const struct mc_folder *f) { (void)ctx; (void)f; return 0; }
static int no_problem(void *ctx, const char *s, const char *l, const char *t)
{ (void)ctx; (void)s; (void)l; (void)t; return 0; }

static char *props_of_len(const char *name, const char *data, size_t len)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, name, NULL);
	write_file(path, data, len);
	GString *s = g_string_new(NULL);
	struct mc_sink sink = { no_folder, keep_props, no_problem, s };
	struct mc_reader r;
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	mc_reader_init(&r, path, fd, len, &sink);
	mc_format_emlx.read(&r);
	close(fd);
	remove_tree(dir);
	g_free(path);
	g_free(dir);
	return g_string_free(s, FALSE);
}

static char *props_of(const char *name, const char *data)
{
	return props_of_len(name, data, strlen(data));
}

START_TEST(plist_props)
{
	char *data = emlx(MSG_BYTES, strlen(MSG_BYTES), PLIST("261"));
	char *p = props_of("12.emlx", data);
	ck_assert_str_eq(p, "origin=folder\n"
	                    "emlx.date-received=2011-03-14T07:40:12Z\n"
	                    "emlx.flags=261\n"
	                    "emlx.remote-id=4711\n"
	                    "emlx.original-mailbox=imap://anna@mail.example.org/INBOX\n"
	                    "emlx.flag_names=read,answered,forwarded\n");
	g_free(p);
	g_free(data);
	data = emlx(MSG_BYTES, strlen(MSG_BYTES), PLIST("3"));    /* read, deleted */
	p = props_of("13.partial.emlx", data);
	ck_assert_ptr_nonnull(strstr(p, "origin=recovered\n"));
	ck_assert_ptr_nonnull(strstr(p, "emlx.flag_names=read,deleted\n"));
	g_free(p);
	g_free(data);
}
END_TEST

/* A NUL byte inside a <string> of the trailer: libplist keeps the whole
 * string and its plist_get_string_val() asserts that it has no NUL (an
 * abort found by fuzz-emlx, fuzz/regressions/emlx/). libplist keeps no
 * byte after the NUL: the value ends there, with a warning. */
START_TEST(plist_string_with_nul)
{
	static const char trailer[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<plist version=\"1.0\">\n<dict>\n"
		"\t<key>remote-id</key>\n\t<string>47\00011</string>\n"
		"\t<key>flags</key>\n\t<integer>1</integer>\n"
		"</dict>\n</plist>\n";
	char *head = emlx(MSG_BYTES, strlen(MSG_BYTES), "");
	size_t hlen = strlen(head), len = hlen + sizeof trailer - 1;
	char *data = g_malloc(len);
	memcpy(data, head, hlen);
	memcpy(data + hlen, trailer, sizeof trailer - 1);
	char *p = props_of_len("16.emlx", data, len);
	ck_assert_ptr_nonnull(strstr(p, "emlx.remote-id=47\n"));
	ck_assert_ptr_nonnull(strstr(p, "warnings=the property list's remote-id holds a NUL byte"
	                                " at 2 of 5; the value ends there"));
	ck_assert_ptr_nonnull(strstr(p, "emlx.flag_names=read\n"));
	g_free(p);
	g_free(data);
	g_free(head);
}
END_TEST

START_TEST(damaged)
{
	struct collect c;
	char *dir;
	/* a trailer that is no property list: a warning of the message */
	char *data = emlx(MSG_BYTES, strlen(MSG_BYTES), "<plist><dict><key>flags");
	struct got_msg *m = read_one("14.emlx", data, &c, MC_OK, &dir);
	ck_assert_str_eq(m->subject, "from Mail");
	collect_free(&c);
	char *p = props_of("14.emlx", data);
	ck_assert_ptr_nonnull(strstr(p, "warnings=the 23 bytes after the message are not a property list"));
	ck_assert_ptr_null(strstr(p, "emlx.flags"));
	g_free(p);
	remove_tree(dir);
	g_free(dir);
	g_free(data);
	/* a count larger than the file: partial, the bytes there are read */
	data = emlx(MSG_BYTES, strlen(MSG_BYTES) + 100, "");
	m = read_one("15.emlx", data, &c, MC_WARN, &dir);
	ck_assert_int_eq(m->length, (int64_t)strlen(MSG_BYTES));
	collect_free(&c);
	remove_tree(dir);
	g_free(dir);
	g_free(data);
}
END_TEST

int main(void)
{
	mc_mime_init();
	Suite *s = suite_create("emlx");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, count_line);
	tcase_add_test(tc, detected_by_content);
	tcase_add_test(tc, read_with_plist);
	tcase_add_test(tc, plist_props);
	tcase_add_test(tc, plist_string_with_nul);
	tcase_add_test(tc, damaged);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
