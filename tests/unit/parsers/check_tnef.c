/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_tnef.c: the TNEF decoder (parsers/tnef-stream.c), its application to a
 * message (tnef-apply.c), the bare TNEF evidence reader (tnef.c)
 * and winmail.dat parts of RFC 822 mail (parsers/mime-message.c), on
 * streams this file writes itself (a small TNEF writer below): message
 * class, plain/HTML/compressed RTF bodies, attachments and their hashes,
 * named properties (and the row names and value texts of mapi-named.h),
 * recipients, legacy attributes, messages attached inside TNEF (embedded
 * records in MIME and in bare files); truncated, corrupt and
 * trailing-garbage streams. With MC_TNEF_SEEDS=<dir> set, the streams are
 * also written there (the fuzzer's seeds, fuzz/seeds/tnef/).
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "mapi-named.h"
#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "tnef-stream.h"
#include "../unit-util.h"

/* ---- a TNEF writer ------------------------------------------------------ */


static void pad4(GByteArray *b)
{
	while (b->len % 4)
		g_byte_array_append(b, (const guint8 *)"", 1);
}

static GByteArray *tnef_new(void)
{
	GByteArray *b = g_byte_array_new();
	append_le32(b, MC_TNEF_SIGNATURE);
	append_le16(b, 0x1234);
	return b;
}

/* One attribute: level, id (type in the high 16 bits), length, data, checksum. */
static void tnef_attr(GByteArray *b, int level, uint32_t attr, const void *d, size_t n)
{
	guint8 lv = (guint8)level;
	g_byte_array_append(b, &lv, 1);
	append_le32(b, attr);
	append_le32(b, (uint32_t)n);
	g_byte_array_append(b, d, (guint)n);
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ((const unsigned char *)d)[i];
	append_le16(b, sum & 0xffff);
}

/* A property list: the properties, counted; tnef_props_done() prefixes
 * the count. */
struct plist {
	GByteArray *b;
	uint32_t count;
};

static void pl_tag(struct plist *p, uint32_t type, uint32_t id)
{
	append_le16(p->b, type);
	append_le16(p->b, id);
	p->count++;
}

static void pl_name_id(struct plist *p, uint32_t type, uint32_t id,
                       const unsigned char guid[16], uint32_t lid)
{
	pl_tag(p, type, id);
	g_byte_array_append(p->b, guid, 16);
	append_le32(p->b, 0);
	append_le32(p->b, lid);
}

static void pl_name_str(struct plist *p, uint32_t type, uint32_t id,
                        const unsigned char guid[16], const char *name)
{
	pl_tag(p, type, id);
	g_byte_array_append(p->b, guid, 16);
	append_le32(p->b, 1);
	glong units = 0;
	gunichar2 *u = g_utf8_to_utf16(name, -1, NULL, &units, NULL);
	append_le32(p->b, (uint32_t)(units + 1) * 2);
	g_byte_array_append(p->b, (const guint8 *)u, (guint)(units + 1) * 2);
	pad4(p->b);
	g_free(u);
}

/* Values (after the tag and name). */
static void pv_var(struct plist *p, const void *d, size_t n)
{
	append_le32(p->b, 1);
	append_le32(p->b, (uint32_t)n);
	g_byte_array_append(p->b, d, (guint)n);
	pad4(p->b);
}

static void pv_unicode(struct plist *p, const char *s)
{
	glong units = 0;
	gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &units, NULL);
	pv_var(p, u, (size_t)(units + 1) * 2);
	g_free(u);
}

static void pl_unicode(struct plist *p, uint32_t id, const char *s)
{
	pl_tag(p, 0x001f, id);
	pv_unicode(p, s);
}

static void pl_string8(struct plist *p, uint32_t id, const char *s)
{
	pl_tag(p, 0x001e, id);
	pv_var(p, s, strlen(s) + 1);
}

static void pl_binary(struct plist *p, uint32_t id, const void *d, size_t n)
{
	pl_tag(p, 0x0102, id);
	pv_var(p, d, n);
}

static void pl_long(struct plist *p, uint32_t id, uint32_t v)
{
	pl_tag(p, 0x0003, id);
	append_le32(p->b, v);
}

static void pl_systime(struct plist *p, uint32_t id, int64_t unix_time)
{
	uint64_t ft = (uint64_t)(unix_time + INT64_C(11644473600)) * 10000000u;
	pl_tag(p, 0x0040, id);
	append_le32(p->b, (uint32_t)ft);
	append_le32(p->b, (uint32_t)(ft >> 32));
}

static struct plist pl_new(void)
{
	struct plist p = { g_byte_array_new(), 0 };
	return p;
}

/* The list as attribute data (count first); frees p. */
static GByteArray *pl_done(struct plist *p)
{
	GByteArray *b = g_byte_array_new();
	append_le32(b, p->count);
	g_byte_array_append(b, p->b->data, p->b->len);
	g_byte_array_free(p->b, TRUE);
	return b;
}

static void attr_list(GByteArray *t, int level, uint32_t attr, struct plist *p)
{
	GByteArray *d = pl_done(p);
	tnef_attr(t, level, attr, d->data, d->len);
	g_byte_array_free(d, TRUE);
}

static void attr_str(GByteArray *t, int level, uint32_t attr, const char *s)
{
	tnef_attr(t, level, attr, s, strlen(s) + 1);
}

static void attr_date(GByteArray *t, uint32_t attr, int y, int mo, int d, int h, int mi, int s)
{
	GByteArray *b = g_byte_array_new();
	append_le16(b, y); append_le16(b, mo); append_le16(b, d); append_le16(b, h); append_le16(b, mi); append_le16(b, s); append_le16(b, 1);
	tnef_attr(t, 1, attr, b->data, b->len);
	g_byte_array_free(b, TRUE);
}

#define ATT_MESSAGE_CLASS 0x00078008u
#define ATT_SUBJECT       0x00018004u
#define ATT_BODY          0x0002800cu
#define ATT_DATE_SENT     0x00038005u
#define ATT_MAPI_PROPS    0x00069003u
#define ATT_RECIP_TABLE   0x00069004u
#define ATT_REND_DATA     0x00069002u
#define ATT_ATTACH_TITLE  0x00018010u
#define ATT_ATTACH_DATA   0x0006800fu
#define ATT_ATTACHMENT    0x00069005u
#define ATT_OEM_CODEPAGE  0x00069007u

static const unsigned char psetid_common[16] = {
	0x08, 0x20, 0x06, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46
};
static const unsigned char ps_internet_headers[16] = {
	0x86, 0x03, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46
};

static const char att1_data[] = "first attachment\n";
static const unsigned char att2_data[] = { 0x89, 'P', 'N', 'G', 0, 1, 2, 3, 0xff };

static void rend_data(GByteArray *t)
{
	unsigned char rd[14] = { 1, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0 };
	tnef_attr(t, 2, ATT_REND_DATA, rd, sizeof rd);
}

/* A meeting request with a Unicode body, two attachments (one named
 * through attAttachment, one by its legacy title only), named properties
 * and a recipient table. */
static GByteArray *build_full(void)
{
	GByteArray *t = tnef_new();
	unsigned char cp[8] = { 0xe4, 0x04, 0, 0, 0, 0, 0, 0 };   /* 1252 */
	tnef_attr(t, 1, ATT_OEM_CODEPAGE, cp, sizeof cp);
	attr_str(t, 1, ATT_MESSAGE_CLASS, "IPM.Microsoft Schedule.MtgReq");
	attr_str(t, 1, ATT_SUBJECT, "legacy subject");
	attr_date(t, ATT_DATE_SENT, 2011, 2, 19, 8, 30, 0);
	struct plist p = pl_new();
	pl_unicode(&p, 0x0037, "Réunion budget 会议");
	pl_unicode(&p, 0x1000, "Body from TNEF, ünïcode");
	pl_unicode(&p, 0x0c1a, "Anna Meyer");
	pl_unicode(&p, 0x0c1f, "anna.meyer@example.org");
	pl_unicode(&p, 0x0c1e, "SMTP");
	pl_systime(&p, 0x0039, 1298104200);
	pl_long(&p, 0x0017, 2);
	pl_name_id(&p, 0x001f, 0x8001, psetid_common, 0x8580);
	pv_unicode(&p, "reminder text");
	pl_name_id(&p, 0x0003, 0x8002, psetid_common, 0x8501);
	append_le32(p.b, 15);
	pl_name_str(&p, 0x001f, 0x8003, ps_internet_headers, "x-foo");
	pv_unicode(&p, "bar");
	pl_tag(&p, 0x101f, 0x8004);          /* multi-valued named: no row */
	g_byte_array_append(p.b, psetid_common, 16);
	append_le32(p.b, 0);
	append_le32(p.b, 0x853a);
	append_le32(p.b, 2);
	append_le32(p.b, 4); g_byte_array_append(p.b, (const guint8 *)"a\0\0\0", 4);
	append_le32(p.b, 4); g_byte_array_append(p.b, (const guint8 *)"b\0\0\0", 4);
	attr_list(t, 1, ATT_MAPI_PROPS, &p);

	GByteArray *rt = g_byte_array_new();
	append_le32(rt, 1);
	struct plist r = pl_new();
	pl_unicode(&r, 0x3001, "Jonas Weber");
	pl_string8(&r, 0x3002, "SMTP");
	pl_string8(&r, 0x3003, "jonas.weber@example.org");
	pl_long(&r, 0x0c15, 2);
	GByteArray *rl = pl_done(&r);
	g_byte_array_append(rt, rl->data, rl->len);
	g_byte_array_free(rl, TRUE);
	tnef_attr(t, 1, ATT_RECIP_TABLE, rt->data, rt->len);
	g_byte_array_free(rt, TRUE);

	rend_data(t);
	attr_str(t, 2, ATT_ATTACH_TITLE, "FIRST~1.TXT");
	tnef_attr(t, 2, ATT_ATTACH_DATA, att1_data, sizeof att1_data - 1);
	struct plist a = pl_new();
	pl_unicode(&a, 0x3707, "first attachment.txt");
	pl_unicode(&a, 0x370e, "Text/Plain");
	attr_list(t, 2, ATT_ATTACHMENT, &a);

	rend_data(t);
	attr_str(t, 2, ATT_ATTACH_TITLE, "image.png");
	tnef_attr(t, 2, ATT_ATTACH_DATA, att2_data, sizeof att2_data);
	return t;
}

/* A report whose only body is compressed RTF (uncompressed "MELA" form). */
static GByteArray *build_rtf_report(void)
{
	static const char rtf[] = "{\\rtf1\\ansi\\ansicpg1252 Undeliverable: \\'e9t\\'e9\\par}";
	GByteArray *c = g_byte_array_new();
	append_le32(c, (uint32_t)(sizeof rtf - 1 + 12));
	append_le32(c, (uint32_t)(sizeof rtf - 1));
	append_le32(c, 0x414c454d);
	append_le32(c, 0);
	g_byte_array_append(c, (const guint8 *)rtf, sizeof rtf - 1);
	GByteArray *t = tnef_new();
	attr_str(t, 1, ATT_MESSAGE_CLASS, "IPM.Note");
	struct plist p = pl_new();
	pl_string8(&p, 0x001a, "REPORT.IPM.Note.NDR");
	pl_binary(&p, 0x1009, c->data, c->len);
	attr_list(t, 1, ATT_MAPI_PROPS, &p);
	g_byte_array_free(c, TRUE);
	return t;
}

/* Legacy attributes only, with an HTML body through MAPI. */
static GByteArray *build_html(void)
{
	GByteArray *t = tnef_new();
	attr_str(t, 1, ATT_MESSAGE_CLASS, "IPM.Note");
	attr_str(t, 1, ATT_SUBJECT, "html one");
	struct plist p = pl_new();
	static const char html[] = "<html><body><p>Hello <b>HTML</b> body</p></body></html>";
	pl_binary(&p, 0x1013, html, sizeof html - 1);
	attr_list(t, 1, ATT_MAPI_PROPS, &p);
	return t;
}

/* A message forwarded as an attachment: attAttachment holds
 * PR_ATTACH_DATA_OBJ (PT_OBJECT: IID_IMessage, then a TNEF stream). */
static GByteArray *build_with_message(void)
{
	GByteArray *inner = build_html();
	GByteArray *obj = g_byte_array_new();
	static const unsigned char iid_imessage[16] = {
		0x07, 0x03, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46
	};
	g_byte_array_append(obj, iid_imessage, 16);
	g_byte_array_append(obj, inner->data, inner->len);
	GByteArray *t = tnef_new();
	attr_str(t, 1, ATT_MESSAGE_CLASS, "IPM.Note");
	attr_str(t, 1, ATT_SUBJECT, "FW: html one");
	rend_data(t);
	attr_str(t, 2, ATT_ATTACH_TITLE, "html one");
	struct plist a = pl_new();
	pl_tag(&a, 0x000d, 0x3701);
	pv_var(&a, obj->data, obj->len);
	pl_long(&a, 0x3705, 5);
	attr_list(t, 2, ATT_ATTACHMENT, &a);
	g_byte_array_free(obj, TRUE);
	g_byte_array_free(inner, TRUE);
	return t;
}

static char *seeds_dir;

static void maybe_seed(const char *name, const GByteArray *b)
{
	if (!seeds_dir)
		return;
	char *path = g_build_filename(seeds_dir, name, NULL);
	g_file_set_contents(path, (const char *)b->data, b->len, NULL);
	g_free(path);
}


static const struct mc_attachment *att(const struct mc_message *m, guint i)
{
	ck_assert_uint_gt(m->attachments->len, i);
	return g_ptr_array_index(m->attachments, i);
}

/* ---- tests -------------------------------------------------------------- */

START_TEST(test_decode_full)
{
	GByteArray *b = build_full();
	maybe_seed("full.tnef", b);
	struct mc_tnef t;
	ck_assert_int_eq(mc_tnef_decode(b->data, b->len, &t), 0);
	ck_assert_int_eq(t.key, 0x1234);
	ck_assert_int_eq(t.oem_codepage, 1252);
	ck_assert_int_eq(t.checksum_errors, 0);
	ck_assert_int_eq(t.truncated, 0);
	ck_assert_uint_eq(t.trailing, 0);
	ck_assert_uint_eq(t.attachments->len, 2);
	ck_assert_uint_eq(t.recipients->len, 1);
	ck_assert_uint_eq(t.props.props->len, 11);
	ck_assert_str_eq(t.warnings->str, "");
	mc_tnef_clear(&t);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_apply_full)
{
	GByteArray *b = build_full();
	struct mc_message *m = mc_message_new();
	ck_assert_int_eq(mc_tnef_apply(b->data, b->len, m, "2"), 0);
	ck_assert_str_eq(m->message_class, "IPM.Microsoft Schedule.MtgReq");
	ck_assert_str_eq(m->subject, "Réunion budget 会议");    /* MAPI over legacy */
	ck_assert_str_eq(m->body_text, "Body from TNEF, ünïcode");
	ck_assert_str_eq(m->body_source, "text/plain");
	ck_assert_str_eq(m->from_addr, "anna.meyer@example.org");
	ck_assert_str_eq(m->from_name, "Anna Meyer");
	ck_assert(m->submit_time == 1298104200);
	ck_assert_int_eq(m->has_date, 1);
	ck_assert_int_eq(m->importance, 2);
	ck_assert_uint_eq(m->recipients->len, 1);
	const struct mc_recipient *r = g_ptr_array_index(m->recipients, 0);
	ck_assert_str_eq(r->kind, "cc");
	ck_assert_str_eq(r->addr, "jonas.weber@example.org");
	ck_assert_str_eq(r->name, "Jonas Weber");
	/* attachments: named by MAPI, then by the legacy title; hashed */
	ck_assert_uint_eq(m->attachments->len, 2);
	char sha[65];
	ck_assert_str_eq(att(m, 0)->part_path, "tnef:2/0");
	ck_assert_str_eq(att(m, 0)->filename, "first attachment.txt");
	ck_assert_str_eq(att(m, 0)->mime_type, "text/plain");
	ck_assert_int_eq(att(m, 0)->size, (int64_t)sizeof att1_data - 1);
	mc_sha256_hex(att1_data, sizeof att1_data - 1, sha);
	ck_assert_str_eq(att(m, 0)->sha256, sha);
	ck_assert_str_eq(att(m, 1)->part_path, "tnef:2/1");
	ck_assert_str_eq(att(m, 1)->filename, "image.png");
	mc_sha256_hex(att2_data, sizeof att2_data, sha);
	ck_assert_str_eq(att(m, 1)->sha256, sha);
	/* named properties */
	ck_assert_str_eq(message_prop(m, "PSETID_Common:0x8580"), "reminder text");
	ck_assert_str_eq(message_prop(m, "PSETID_Common:0x8501"), "15");
	ck_assert_str_eq(message_prop(m, "PS_INTERNET_HEADERS:x-foo"), "bar");
	ck_assert_ptr_null(message_prop(m, "PSETID_Common:0x853a"));
	ck_assert_str_eq(message_prop(m, "tnef.part"), "2");
	ck_assert_str_eq(m->warnings->str, "");
	mc_message_free(m);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_class_precedence)
{
	GByteArray *b = build_rtf_report();
	maybe_seed("rtf-report.tnef", b);
	/* a REPORT class from TNEF wins over plain IPM.Note ... */
	struct mc_message *m = mc_message_new();
	m->message_class = g_strdup("IPM.Note");
	ck_assert_int_eq(mc_tnef_apply(b->data, b->len, m, "1"), 0);
	ck_assert_str_eq(m->message_class, "REPORT.IPM.Note.NDR");
	ck_assert_str_eq(m->body_source, "rtf");
	ck_assert_ptr_nonnull(strstr(m->body_text, "Undeliverable: été"));
	mc_message_free(m);
	/* ... but not over a class that says more; the body the message has stays */
	m = mc_message_new();
	m->message_class = g_strdup("IPM.Note.Custom");
	m->body_text = g_strdup("MIME body");
	ck_assert_int_eq(mc_tnef_apply(b->data, b->len, m, "1"), 0);
	ck_assert_str_eq(m->message_class, "IPM.Note.Custom");
	ck_assert_str_eq(m->body_text, "MIME body");
	mc_message_free(m);
	g_byte_array_free(b, TRUE);

	b = build_html();
	maybe_seed("html.tnef", b);
	m = mc_message_new();
	ck_assert_int_eq(mc_tnef_apply(b->data, b->len, m, "1"), 0);
	ck_assert_str_eq(m->message_class, "IPM.Note");
	ck_assert_str_eq(m->subject, "html one");
	ck_assert_str_eq(m->body_source, "text/html");
	ck_assert_ptr_nonnull(strstr(m->body_text, "Hello HTML body"));
	mc_message_free(m);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_not_tnef)
{
	struct mc_message *m = mc_message_new();
	static const unsigned char junk[] = "PK\3\4 not a tnef stream";
	ck_assert_int_eq(mc_tnef_apply(junk, sizeof junk, m, "1"), -1);
	ck_assert_int_eq(mc_tnef_apply(junk, 0, m, "1"), -1);
	ck_assert_ptr_null(m->message_class);
	ck_assert_uint_eq(m->attachments->len, 0);
	mc_message_free(m);
}
END_TEST

/* Every prefix of a stream decodes without reading past it (ASan in the
 * sanitizer build), keeps what came before the cut, and says so. */
START_TEST(test_truncated)
{
	GByteArray *b = build_full();
	GHashTable *ends = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (size_t pos = 6; pos + 11 <= b->len;) {
		const unsigned char *d = b->data + pos + 5;
		pos += 11 + (size_t)(d[0] | d[1] << 8 | d[2] << 16 | (unsigned)d[3] << 24);
		g_hash_table_add(ends, GSIZE_TO_POINTER(pos));
	}
	for (size_t n = 0; n < b->len; n++) {
		unsigned char *copy = g_memdup2(b->data, n);   /* exact size for ASan */
		struct mc_message *m = mc_message_new();
		int rc = mc_tnef_apply(copy, n, m, "3");
		if (n < 6) {
			ck_assert_int_eq(rc, -1);
		} else {
			ck_assert_int_eq(rc, 0);
			/* a cut inside an attribute is said */
			if (n != 6 && !g_hash_table_contains(ends, GSIZE_TO_POINTER(n)))
				ck_assert_ptr_nonnull(strstr(m->warnings->str, "TNEF 3: stream ends"));
		}
		mc_message_free(m);
		g_free(copy);
	}
	/* cut inside the second attachment's data: the first one is kept */
	struct mc_tnef t;
	ck_assert_int_eq(mc_tnef_decode(b->data, b->len - 3, &t), 0);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_uint_eq(t.attachments->len, 2);
	const struct mc_tnef_attachment *a0 = g_ptr_array_index(t.attachments, 0);
	const struct mc_tnef_attachment *a1 = g_ptr_array_index(t.attachments, 1);
	ck_assert_uint_eq(a0->data_len, sizeof att1_data - 1);
	ck_assert_ptr_null(a1->data);
	mc_tnef_clear(&t);
	g_hash_table_destroy(ends);
	g_byte_array_free(b, TRUE);
}
END_TEST

START_TEST(test_corrupt)
{
	GByteArray *b = build_full();
	/* a flipped byte inside the subject: checksum warning, still read */
	const char *where = memmem(b->data, b->len, "legacy subject", 14);
	ck_assert_ptr_nonnull(where);
	b->data[(const guint8 *)where - b->data] = 'L';
	struct mc_tnef t;
	ck_assert_int_eq(mc_tnef_decode(b->data, b->len, &t), 0);
	ck_assert_int_eq(t.checksum_errors, 1);
	ck_assert_uint_eq(t.attachments->len, 2);
	ck_assert_ptr_nonnull(strstr(t.warnings->str, "checksum mismatch"));
	mc_tnef_clear(&t);
	/* garbage after the last attribute */
	GByteArray *g = g_byte_array_new();
	g_byte_array_append(g, b->data, b->len);
	g_byte_array_append(g, (const guint8 *)"\xee\xee\xee garbage", 11);
	maybe_seed("garbage-at-end.tnef", g);
	ck_assert_int_eq(mc_tnef_decode(g->data, g->len, &t), 0);
	ck_assert_uint_eq(t.trailing, 11);
	ck_assert_int_eq(t.truncated, 0);
	ck_assert_uint_eq(t.attachments->len, 2);
	mc_tnef_clear(&t);
	g_byte_array_free(g, TRUE);
	/* a property list whose count lies: the properties before the lie stay */
	GByteArray *h = tnef_new();
	struct plist p = pl_new();
	pl_unicode(&p, 0x0037, "kept");
	p.count = 0x7fffffff;
	attr_list(h, 1, ATT_MAPI_PROPS, &p);
	maybe_seed("lying-count.tnef", h);
	struct mc_message *m = mc_message_new();
	ck_assert_int_eq(mc_tnef_apply(h->data, h->len, m, "1"), 0);
	ck_assert_str_eq(m->subject, "kept");
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "attMAPIProps"));
	mc_message_free(m);
	/* a value length beyond the list */
	h->data[h->len - 2 - 4 - 12] = 0xff;
	m = mc_message_new();
	ck_assert_int_eq(mc_tnef_apply(h->data, h->len, m, "1"), 0);
	mc_message_free(m);
	g_byte_array_free(h, TRUE);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* A winmail.dat part of an RFC 822 message: the part stays an attachment,
 * the TNEF's attachments follow it, the class fills the message's. */
START_TEST(test_mime_winmail)
{
	GByteArray *b = build_full();
	gchar *b64 = g_base64_encode(b->data, b->len);
	GString *e = g_string_new(
		"From: Anna Meyer <anna.meyer@example.org>\r\n"
		"To: jonas.weber@example.org\r\n"
		"Subject: Budget\r\n"
		"Date: Sat, 19 Feb 2011 09:30:00 +0100\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
		"--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nplain body\r\n"
		"--b\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n");
	for (const char *s = b64; *s; s += strlen(s) > 76 ? 76 : strlen(s)) {
		g_string_append_len(e, s, strlen(s) > 76 ? 76 : (gssize)strlen(s));
		g_string_append(e, "\r\n");
	}
	g_string_append(e, "--b--\r\n");
	mc_mime_init();
	struct mc_message *m = mc_message_new();
	ck_assert_int_eq(mc_mime_parse(e->str, e->len, m, NULL, NULL), 0);
	ck_assert_str_eq(m->message_class, "IPM.Microsoft Schedule.MtgReq");
	ck_assert_str_eq(m->subject, "Budget");               /* the MIME one stays */
	ck_assert_str_eq(m->body_text, "plain body");
	ck_assert_uint_eq(m->attachments->len, 3);
	ck_assert_str_eq(att(m, 0)->filename, "winmail.dat");
	ck_assert_str_eq(att(m, 0)->part_path, "2");
	ck_assert_int_eq(att(m, 0)->size, (int64_t)b->len);
	ck_assert_str_eq(att(m, 1)->part_path, "tnef:2/0");
	ck_assert_str_eq(att(m, 2)->part_path, "tnef:2/1");
	ck_assert_uint_eq(m->recipients->len, 1);             /* the MIME one only */
	ck_assert_str_eq(message_prop(m, "PS_INTERNET_HEADERS:x-foo"), "bar");
	mc_message_free(m);

	/* a corrupt winmail.dat loses nothing of the rest of the message */
	char *bad = strstr(e->str, "winmail.dat\"\r\n\r\n");
	ck_assert_ptr_nonnull(bad);
	bad += strlen("winmail.dat\"\r\n\r\n");
	memcpy(bad, "AAAA", 4);
	m = mc_message_new();
	ck_assert_int_eq(mc_mime_parse(e->str, e->len, m, NULL, NULL), 0);
	ck_assert_ptr_null(m->message_class);
	ck_assert_str_eq(m->body_text, "plain body");
	ck_assert_uint_eq(m->attachments->len, 1);
	ck_assert_ptr_nonnull(strstr(m->warnings->str, "no TNEF signature"));
	mc_message_free(m);
	g_string_free(e, TRUE);
	g_free(b64);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* Row names and value texts shared with the MSG and PST readers. */
START_TEST(test_named_text)
{
	static const unsigned char other[16] = {
		0x1f, 0xa4, 0xeb, 0x33, 0xa8, 0x7a, 0x2e, 0x42, 0xbe, 0x7b, 0x79, 0xe1, 0xa9, 0x8e, 0x54, 0xb3
	};
	char *n = mc_mapi_named_row_name(other, "ConversationIndexTrackingEx", 0);
	ck_assert_str_eq(n, "{33EBA41F-7AA8-422E-BE7B-79E1A98E54B3}:ConversationIndexTrackingEx");
	g_free(n);
	n = mc_mapi_named_row_name(psetid_common, NULL, 0x85bf);
	ck_assert_str_eq(n, "PSETID_Common:0x85bf");
	g_free(n);
	char *v;
	static const unsigned char one = 1, t16[2] = { 0, 1 };
	ck_assert_str_eq((v = mc_mapi_value_text(0x000b, &one, 1, 1252)), "1");   /* PST: 1 byte */
	g_free(v);
	ck_assert_str_eq((v = mc_mapi_value_text(0x000b, t16, 2, 1252)), "1");    /* MSG: 2+ */
	g_free(v);
	static const unsigned char zero8[8] = { 0 };
	ck_assert_ptr_null(mc_mapi_value_text(0x0040, zero8, 8, 1252));          /* unset time */
	ck_assert_ptr_null(mc_mapi_value_text(0x1003, zero8, 8, 1252));          /* multi-valued */
	ck_assert_ptr_null(mc_mapi_value_text(0x0003, zero8, 2, 1252));          /* too short */
	ck_assert_str_eq((v = mc_mapi_value_text(0x0048, psetid_common, 16, 1252)),
	                 "{00062008-0000-0000-C000-000000000046}");
	g_free(v);
	unsigned char big[2000];
	memset(big, 0xab, sizeof big);
	v = mc_mapi_value_text(0x0102, big, sizeof big, 1252);
	ck_assert_uint_eq(strlen(v), 2 * MC_MAPI_NAMED_HEX_MAX + strlen("...(2000 bytes)"));
	ck_assert(g_str_has_suffix(v, "ab...(2000 bytes)"));
	g_free(v);
	static const unsigned char cp1251[] = { 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0 };
	ck_assert_str_eq((v = mc_mapi_value_text(0x001e, cp1251, sizeof cp1251, 1251)), "Привет");
	g_free(v);
}
END_TEST

struct seen_embedded {
	int calls;
	char *locator, *subject, *sha;
};

static int on_embedded(void *ctx, struct mc_message *parent, struct mc_message *e)
{
	struct seen_embedded *s = ctx;
	(void)parent;
	s->calls++;
	s->locator = g_strdup(e->locator);
	s->subject = g_strdup(e->subject);
	s->sha = g_strdup(e->sha256);
	return 0;
}

/* A message attached inside a winmail.dat is a record of its own. */
START_TEST(test_mime_attached_message)
{
	GByteArray *b = build_with_message();
	maybe_seed("attached-message.tnef", b);
	gchar *b64 = g_base64_encode(b->data, b->len);
	GString *e = g_string_new(
		"From: a@example.org\r\nSubject: FW\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
		"--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
		"--b\r\nContent-Type: application/ms-tnef\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n");
	g_string_append(e, b64);
	g_string_append(e, "\r\n--b--\r\n");
	mc_mime_init();
	struct mc_message *m = mc_message_new();
	m->locator = g_strdup("bytes:0+1");
	struct seen_embedded s = { 0, NULL, NULL, NULL };
	ck_assert_int_eq(mc_mime_parse(e->str, e->len, m, on_embedded, &s), 0);
	ck_assert_uint_eq(m->attachments->len, 2);
	ck_assert_str_eq(att(m, 1)->part_path, "tnef:2/0");
	ck_assert_str_eq(att(m, 1)->mime_type, "application/ms-tnef");
	ck_assert_int_eq(s.calls, 1);
	ck_assert_str_eq(s.locator, "bytes:0+1#part=tnef:2/0");
	ck_assert_str_eq(s.subject, "html one");
	ck_assert_str_eq(s.sha, att(m, 1)->sha256);     /* the record is the attachment */
	g_free(s.locator);
	g_free(s.subject);
	g_free(s.sha);
	mc_message_free(m);
	g_string_free(e, TRUE);
	g_free(b64);
	g_byte_array_free(b, TRUE);
}
END_TEST

/* ---- the bare TNEF reader ------------------------------------------------ */

static int n_messages, n_problems;
static struct mc_message *last;
static GString *tree;   /* "<local id> <parent> <locator> <subject>" per message */

static int sink_folder(void *ctx, const struct mc_folder *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

static int sink_message(void *ctx, const struct mc_message *m)
{
	(void)ctx;
	n_messages++;
	if (tree)
		g_string_append_printf(tree, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s\n",
		                       m->local_id, m->parent_local_id, m->locator,
		                       m->subject ? m->subject : "-");
	mc_message_free(last);
	last = mc_message_new();
	last->message_class = g_strdup(m->message_class);
	last->locator = g_strdup(m->locator);
	g_strlcpy(last->sha256, m->sha256, sizeof last->sha256);
	last->size = m->size;
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		struct mc_attachment *c = mc_message_add_attachment(last);
		c->part_path = g_strdup(a->part_path);
	}
	return 0;
}

static int sink_problem(void *ctx, const char *sev, const char *loc, const char *text)
{
	(void)ctx;
	(void)sev;
	(void)loc;
	(void)text;
	n_problems++;
	return 0;
}

static enum mc_result read_bytes(const GByteArray *b, struct mc_reader *r)
{
	char *path = g_strdup_printf("%s/check_tnef_%d.dat", g_get_tmp_dir(), (int)getpid());
	ck_assert(g_file_set_contents(path, (const char *)b->data, b->len, NULL));
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	static struct mc_sink sink = { sink_folder, sink_message, sink_problem, NULL };
	n_messages = n_problems = 0;
	struct mc_probe probe = { path, 0, b->data, b->len, b->len };
	ck_assert_ptr_eq(mc_format_detect(&probe), &mc_format_tnef);
	mc_reader_init(r, path, fd, b->len, &sink);
	enum mc_result res = mc_format_tnef.read(r);
	close(fd);
	g_unlink(path);
	g_free(path);
	return res;
}

START_TEST(test_reader)
{
	GByteArray *b = build_full();
	struct mc_reader r;
	ck_assert_int_eq(read_bytes(b, &r), MC_OK);
	ck_assert_int_eq(n_messages, 1);
	ck_assert_int_eq(n_problems, 0);
	ck_assert_str_eq(last->locator, "tnef:/");
	ck_assert_str_eq(last->message_class, "IPM.Microsoft Schedule.MtgReq");
	ck_assert_int_eq(last->size, (int64_t)b->len);
	char sha[65];
	mc_sha256_hex(b->data, b->len, sha);
	ck_assert_str_eq(last->sha256, sha);
	ck_assert_str_eq(att(last, 0)->part_path, "tnef:/0");
	ck_assert_str_eq(r.variant, "tnef");
	/* trailing garbage: a problem row, status ok */
	g_byte_array_append(b, (const guint8 *)"\xee\xee", 2);
	ck_assert_int_eq(read_bytes(b, &r), MC_OK);
	ck_assert_int_eq(n_problems, 1);
	/* truncated: partial, with the message */
	g_byte_array_set_size(b, b->len - 8);
	ck_assert_int_eq(read_bytes(b, &r), MC_WARN);
	ck_assert_int_eq(n_messages, 1);
	ck_assert_ptr_nonnull(strstr(r.error, "truncated"));
	g_byte_array_free(b, TRUE);

	/* a message attached inside: an embedded record under the file's */
	b = build_with_message();
	tree = g_string_new(NULL);
	ck_assert_int_eq(read_bytes(b, &r), MC_OK);
	ck_assert_int_eq(n_messages, 2);
	ck_assert_str_eq(tree->str, "1 0 tnef:/ FW: html one\n"
	                            "2 1 tnef:/#part=tnef:/0 html one\n");
	g_string_free(tree, TRUE);
	tree = NULL;
	g_byte_array_free(b, TRUE);
	mc_message_free(last);
	last = NULL;
}
END_TEST

int main(void)
{
	seeds_dir = getenv("MC_TNEF_SEEDS");
	Suite *s = suite_create("tnef");
	TCase *tc = tcase_create("tnef");
	tcase_add_test(tc, test_decode_full);
	tcase_add_test(tc, test_apply_full);
	tcase_add_test(tc, test_class_precedence);
	tcase_add_test(tc, test_not_tnef);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_corrupt);
	tcase_add_test(tc, test_mime_winmail);
	tcase_add_test(tc, test_named_text);
	tcase_add_test(tc, test_mime_attached_message);
	tcase_add_test(tc, test_reader);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
