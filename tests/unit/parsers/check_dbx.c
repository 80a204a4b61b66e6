/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_dbx.c: unit tests of the Outlook Express .dbx reader (parsers/dbx.c,
 * dbx-file.c) on small files the test builds itself: messages read from the
 * index tree through their chains of blocks, a deleted message recovered
 * from freed blocks, the header's count against the messages read, a chain
 * cut short, a chain and a tree that loop, chains sharing blocks, detection
 * by class id, and the
 * locator read again (raw-message.c).
 */
#include "config.h"

#include <check.h>
#include <string.h>
#include <glib.h>

#include "dbx-file.h"
#include "mime-message.h"
#include "parser.h"
#include "raw-message.h"
#include "record.h"
#include "../unit-util.h"

#define MSG1 "From: anna@example.org\r\nTo: b@example.org\r\nSubject: first\r\n" \
	"Message-ID: <one@example.org>\r\n\r\nshort body\r\n"
#define MSG3 "Received: from x\r\nFrom: c@example.org\r\nSubject: deleted one\r\n" \
	"Message-ID: <three@example.org>\r\n\r\nit was deleted\r\n"

static char *long_message(void)
{
	GString *s = g_string_new("From: bob@example.org\r\nSubject: second\r\n"
	                          "Message-ID: <two@example.org>\r\n\r\n");
	while (s->len < 1300)
		g_string_append(s, "a line of the body that goes on and on\r\n");
	return g_string_free(s, FALSE);
}

static void put32(GByteArray *b, uint32_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b->data[off + (uint32_t)i] = (guint8)(v >> (8 * i));
}

static uint32_t get32(GByteArray *b, uint32_t off)
{
	return (uint32_t)b->data[off] | (uint32_t)b->data[off + 1] << 8 |
	       (uint32_t)b->data[off + 2] << 16 | (uint32_t)b->data[off + 3] << 24;
}

static uint32_t take(GByteArray *b, size_t n)
{
	uint32_t at = b->len;
	g_byte_array_set_size(b, b->len + (guint)n);
	memset(b->data + at, 0, n);
	return at;
}

static GByteArray *new_dbx(guint8 cls)
{
	static const guint8 id[16] = { 0xcf, 0xad, 0x12, 0xfe, 0xc5, 0xfd, 0x74, 0x6f,
	                               0x66, 0xe3, 0xd1, 0x11, 0x9a, 0x4e, 0x00, 0xc0 };
	GByteArray *b = g_byte_array_new();
	take(b, MC_DBX_HEADER_BYTES);
	memcpy(b->data, id, sizeof id);
	b->data[4] = cls;
	return b;
}

/* A chain of blocks holding text; freed: as a deletion leaves them. */
static uint32_t blocks(GByteArray *b, const char *text, int freed)
{
	size_t len = strlen(text), n = (len + 0x1ff) / 0x200;
	uint32_t first = 0, prev = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t at = take(b, MC_DBX_BLOCK_BYTES);
		size_t used = MIN(len - i * 0x200, 0x200);
		put32(b, at, at);
		put32(b, at + 4, freed ? 0x1fc : 0x200);
		put32(b, at + 8, freed ? 0x210 : (uint32_t)used);
		memcpy(b->data + at + 16, text + i * 0x200, used);
		if (prev)
			put32(b, prev + 12, at);
		else
			first = at;
		prev = at;
	}
	if (freed)
		for (uint32_t at = first; at; at = get32(b, at + 12))
			put32(b, at + 16, 0x1234);   /* the free list's link */
	return first;
}

/* A message info: index (direct), message pointer (direct), subject. */
static uint32_t info(GByteArray *b, uint32_t index, uint32_t first, const char *subject)
{
	size_t slen = strlen(subject) + 1, body = (12 + slen + 3) & ~(size_t)3;
	uint32_t at = take(b, 12 + body);
	put32(b, at, at);
	put32(b, at + 4, (uint32_t)body);
	b->data[at + 10] = 3;
	put32(b, at + 12, 0x80 | index << 8);
	put32(b, at + 16, 0x84 | first << 8);
	put32(b, at + 20, 0x08);
	memcpy(b->data + at + 24, subject, slen);
	return at;
}

static uint32_t node(GByteArray *b, const uint32_t *v, unsigned n)
{
	uint32_t at = take(b, MC_DBX_NODE_BYTES);
	put32(b, at, at);
	b->data[at + 0x11] = (guint8)n;
	for (unsigned i = 0; i < n; i++)
		put32(b, at + 0x18 + 12 * i, v[i]);
	return at;
}

static void finish(GByteArray *b, uint32_t count, uint32_t root)
{
	put32(b, MC_DBX_TREE_COUNT, count);
	put32(b, MC_DBX_TREE_ROOT, root);
}

/* Two messages in the tree (the second over three blocks) and a deleted one. */
struct built { GByteArray *b; uint32_t first[3], infos[2]; char *two; };

static void build(struct built *t, uint32_t declared)
{
	t->two = long_message();
	t->b = new_dbx(0xc5);
	t->first[0] = blocks(t->b, MSG1, 0);
	t->first[1] = blocks(t->b, t->two, 0);
	t->first[2] = blocks(t->b, MSG3, 1);
	t->infos[0] = info(t->b, 1, t->first[0], "first");
	t->infos[1] = info(t->b, 2, t->first[1], "second");
	finish(t->b, declared, node(t->b, t->infos, 2));
}

static void built_free(struct built *t)
{
	g_byte_array_unref(t->b);
	g_free(t->two);
}

static enum mc_result read_dbx(GByteArray *b, const char *name, struct collect *c, char **dirp,
                               char **pathp)
{
	char *dir = temp_dir(), *path = g_build_filename(dir, name, NULL);
	struct mc_reader r;
	write_file(path, (const char *)b->data, b->len);
	collect_init(c);
	enum mc_result res = run_reader(&mc_format_dbx, path, c, &r);
	*dirp = dir;
	if (pathp)
		*pathp = path;
	else
		g_free(path);
	return res;
}

static void done(struct collect *c, char *dir)
{
	collect_free(c);
	remove_tree(dir);
	g_free(dir);
}

static int has_problem(struct collect *c, const char *text)
{
	for (guint i = 0; i < c->problems->len; i++)
		if (strstr(PROBLEM(c, i)->text, text))
			return 1;
	return 0;
}

static void expect_bytes(const struct got_msg *m, const char *text)
{
	char sha[65];
	mc_sha256_hex(text, strlen(text), sha);
	ck_assert_str_eq(m->sha256, sha);
	ck_assert_int_eq(m->size, (int64_t)strlen(text));
}

START_TEST(small_file)
{
	struct built t;
	struct collect c;
	char *dir, *path;
	build(&t, 2);
	ck_assert_int_eq(read_dbx(t.b, "Inbox.dbx", &c, &dir, &path), MC_OK);
	ck_assert_uint_eq(c.folders->len, 1);
	ck_assert_str_eq(FOLDER(&c, 0)->name, "Inbox");
	ck_assert_str_eq(FOLDER(&c, 0)->role, MC_ROLE_INBOX);
	ck_assert_uint_eq(c.msgs->len, 3);
	ck_assert_str_eq(MSG(&c, 0)->subject, "first");
	ck_assert_str_eq(MSG(&c, 0)->origin, MC_ORIGIN_FOLDER);
	expect_bytes(MSG(&c, 0), MSG1);
	char *loc = mc_dbx_locator(t.infos[1], t.first[1], 0);
	ck_assert_str_eq(MSG(&c, 1)->locator, loc);
	g_free(loc);
	expect_bytes(MSG(&c, 1), t.two);
	ck_assert_str_eq(MSG(&c, 2)->origin, MC_ORIGIN_RECOVERED);
	ck_assert_str_eq(MSG(&c, 2)->subject, "deleted one");
	ck_assert_int_eq(MSG(&c, 2)->folder, 1);        /* found in this folder's file */
	char *want = g_strdup(MSG3);
	memcpy(want, "----", 4);     /* the free list's link over the first 4 bytes */
	expect_bytes(MSG(&c, 2), want);
	ck_assert_int_eq(c.problems->len, 0);
	/* the locators give the bytes back */
	for (int i = 0; i < 3; i++) {
		GByteArray *raw = NULL;
		char err[256];
		ck_assert_int_eq(mc_raw_read(path, "dbx", MSG(&c, i)->locator, &raw, err,
		                             sizeof err), MC_RAW_OK);
		char sha[65];
		mc_sha256_hex(raw->data, raw->len, sha);
		ck_assert_str_eq(sha, MSG(&c, i)->sha256);
		g_byte_array_unref(raw);
	}
	g_free(want);
	g_free(path);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(declared_count)
{
	struct built t;
	struct collect c;
	char *dir;
	build(&t, 5);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert_uint_eq(c.msgs->len, 3);
	ck_assert(has_problem(&c, "the header declares 5 messages, 2 were read"));
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(truncated_chain)
{
	struct built t;
	struct collect c;
	char *dir;
	build(&t, 2);
	/* the second message's second block names itself wrongly */
	uint32_t second = get32(t.b, t.first[1] + 12);
	put32(t.b, second, 0x42);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert_uint_eq(c.msgs->len, 4);
	ck_assert_int_eq(MSG(&c, 1)->size, 0x200);       /* the first block kept */
	ck_assert_str_eq(MSG(&c, 1)->origin, MC_ORIGIN_FOLDER);
	char *text = g_strdup_printf("breaks after 1 blocks at 0x%x", second);
	ck_assert(has_problem(&c, text));
	g_free(text);
	/* the third block, now in no chain the index names, is recovered alone */
	char *loc = mc_dbx_locator(0, second + MC_DBX_BLOCK_BYTES, 0);
	ck_assert_str_eq(MSG(&c, 2)->locator, loc);
	ck_assert_str_eq(MSG(&c, 2)->origin, MC_ORIGIN_RECOVERED);
	g_free(loc);
	done(&c, dir);
	/* a chain pointing past the end of the file */
	put32(t.b, second, second);
	put32(t.b, t.first[1] + 12, t.b->len + 0x1000);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert(has_problem(&c, "is not inside the file"));
	ck_assert_uint_eq(c.msgs->len, 4);                   /* blocks 2 and 3 recovered */
	ck_assert_int_eq(MSG(&c, 2)->size, (int64_t)strlen(t.two) - 0x200);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(loops)
{
	struct built t;
	struct collect c;
	char *dir;
	build(&t, 2);
	/* the third block of the second message points back to its first */
	uint32_t third = get32(t.b, get32(t.b, t.first[1] + 12) + 12);
	put32(t.b, third + 12, t.first[1]);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert(has_problem(&c, "comes again (a loop)"));
	ck_assert_int_eq(MSG(&c, 1)->size, (int64_t)strlen(t.two));
	ck_assert_uint_eq(c.msgs->len, 3);
	done(&c, dir);
	built_free(&t);
	/* a tree node that is its own child */
	build(&t, 2);
	uint32_t root = get32(t.b, MC_DBX_TREE_ROOT);
	put32(t.b, root + 0x18 + 4, root);
	put32(t.b, root + 0x18 + 8, 1);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert(has_problem(&c, "is reached twice (a loop)"));
	ck_assert_uint_eq(c.msgs->len, 3);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(shared_blocks)
{
	struct built t;
	struct collect c;
	char *dir;
	build(&t, 2);
	/* the second message's first block leads into the first message's chain */
	put32(t.b, t.first[1] + 12, t.first[0]);
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	char *text = g_strdup_printf("block 0x%x belongs to a chain read before", t.first[0]);
	ck_assert(has_problem(&c, text));
	g_free(text);
	ck_assert_int_eq(MSG(&c, 1)->size, 0x200);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(freed_chain_broken)
{
	struct built t;
	struct collect c;
	char *dir;
	build(&t, 2);
	put32(t.b, t.first[2] + 12, t.first[0] + 4);     /* next: not a block */
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_WARN);
	ck_assert_uint_eq(c.msgs->len, 2);                   /* not ingested */
	char *text = g_strdup_printf("a freed chain of blocks not recovered: it breaks after 1"
	                             " blocks at 0x%x", t.first[0] + 4);
	ck_assert(has_problem(&c, text));
	g_free(text);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(detection)
{
	struct built t;
	build(&t, 2);
	struct mc_probe p = { .path = "x.dbx", .head = t.b->data, .head_len = 64, .size = t.b->len };
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_dbx);
	t.b->data[9] ^= 0xff;                         /* not the class id */
	ck_assert_ptr_ne(mc_format_detect(&p), &mc_format_dbx);
	t.b->data[9] ^= 0xff;
	t.b->data[4] = 0xc6;                          /* Folders.dbx: no mail */
	ck_assert_ptr_eq(mc_format_detect(&p), &mc_format_dbx);
	struct collect c;
	char *dir;
	ck_assert_int_eq(read_dbx(t.b, "Folders.dbx", &c, &dir, NULL), MC_OK);
	ck_assert_uint_eq(c.msgs->len, 0);
	done(&c, dir);
	t.b->data[4] = 0xc5;
	g_byte_array_set_size(t.b, 0x100);             /* shorter than a header */
	ck_assert_int_eq(read_dbx(t.b, "x.dbx", &c, &dir, NULL), MC_FATAL);
	done(&c, dir);
	built_free(&t);
}
END_TEST

START_TEST(locator_forms)
{
	uint32_t data;
	int freed;
	ck_assert_int_eq(mc_dbx_locator_parse("dbx:info=12,data=9000", &data, &freed), 0);
	ck_assert_uint_eq(data, 9000);
	ck_assert_int_eq(freed, 0);
	ck_assert_int_eq(mc_dbx_locator_parse("dbx:freed=77", &data, &freed), 0);
	ck_assert_int_eq(freed, 1);
	ck_assert_int_eq(mc_dbx_locator_parse("dbx:data=-1", &data, &freed), -1);
	ck_assert_int_eq(mc_dbx_locator_parse("dbx:info=1", &data, &freed), -1);
	ck_assert_int_eq(mc_dbx_locator_parse("dbx:data=99999999999", &data, &freed), -1);
}
END_TEST

int main(void)
{
	mc_mime_init();
	Suite *s = suite_create("dbx");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, small_file);
	tcase_add_test(tc, declared_count);
	tcase_add_test(tc, truncated_chain);
	tcase_add_test(tc, loops);
	tcase_add_test(tc, shared_blocks);
	tcase_add_test(tc, freed_chain_broken);
	tcase_add_test(tc, detection);
	tcase_add_test(tc, locator_forms);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
