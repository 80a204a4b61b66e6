/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tnef-stream.c: mailcase's own decoder of TNEF streams (MS-OXTNEF): signature and
 * legacy key, then attributes (level, id, length, data, checksum): the
 * legacy message attributes (class, subject, body, dates, OEM code page),
 * attMAPIProps and attRecipTable, and per attachment attAttachRendData
 * (which starts one), attAttachTitle, attAttachData and the attAttachment
 * property list. See tnef-stream.h.
 *
 * Written for this project on purpose rather than linking libytnef: that
 * library has a long record of CVEs on hostile input, and a forensic tool
 * must own, bound and fuzz (fuzz/fuzz-tnef.c) the decoder of the evidence
 * it reads. Every length is checked against the bytes that remain, every
 * count is capped, nothing is read twice from the source and no value is
 * copied: values point into the caller's buffer.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "mapi-props.h"
#include "mapi-values.h"
#include "tnef-stream.h"

/* Attribute ids (low 16 bits of the attribute; the high 16 are its type). */
enum {
	ATT_FROM = 0x8000, ATT_SUBJECT = 0x8004, ATT_DATE_SENT = 0x8005,
	ATT_DATE_RECD = 0x8006, ATT_MESSAGE_CLASS = 0x8008, ATT_BODY = 0x800c,
	ATT_ATTACH_DATA = 0x800f, ATT_ATTACH_TITLE = 0x8010,
	ATT_ATTACH_CREATE_DATE = 0x8012, ATT_ATTACH_MODIFY_DATE = 0x8013,
	ATT_DATE_MODIFIED = 0x8020, ATT_ATTACH_REND_DATA = 0x9002,
	ATT_MAPI_PROPS = 0x9003, ATT_RECIP_TABLE = 0x9004, ATT_ATTACHMENT = 0x9005,
	ATT_OEM_CODEPAGE = 0x9007
};
#define LVL_MESSAGE 1
#define LVL_ATTACHMENT 2
#define ATTR_OVERHEAD 11       /* level, id, length, checksum */
#define MAX_WARNINGS 20

#define PT_MV 0x1000u
#define PT_OBJECT 0x000du

static void warn(struct mc_tnef *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void warn(struct mc_tnef *t, const char *fmt, ...)
{
	static const char more[] = "further problems omitted\n";
	unsigned lines = 0;
	for (const char *s = t->warnings->str; *s; s++)
		lines += *s == '\n';
	if (lines > MAX_WARNINGS)
		return;
	if (lines == MAX_WARNINGS) {
		g_string_append(t->warnings, more);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_string_append_vprintf(t->warnings, fmt, ap);
	va_end(ap);
	g_string_append_c(t->warnings, '\n');
}

int mc_tnef_is_tnef(const unsigned char *b, size_t n)
{
	return b && n >= 6 && mc_le32(b) == MC_TNEF_SIGNATURE;
}

/* Bytes a fixed-size value takes in the stream (padded to 4), or 0 for a
 * variable-size type, -1 for a type whose size is unknown. */
static int fixed_slot(uint32_t base)
{
	switch (base) {
	case 0x0002: case 0x0003: case 0x0004: case 0x000a: case 0x000b:
		return 4;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
		return 8;
	case 0x0048:
		return 16;
	case 0x001e: case 0x001f: case 0x0102: case PT_OBJECT:
		return 0;
	default:
		return -1;
	}
}

static size_t pad4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

/* A reader over [b, b + n): each take checks what remains. */
struct cur {
	const unsigned char *b;
	size_t n, pos;
};

static int take32(struct cur *c, uint32_t *v)
{
	if (c->n - c->pos < 4)
		return 0;
	*v = mc_le32(c->b + c->pos);
	c->pos += 4;
	return 1;
}

/* Padding after a value; a stream may end without the last padding. */
static void skip_pad(struct cur *c, size_t len)
{
	size_t p = pad4(len) - len;
	c->pos += p <= c->n - c->pos ? p : c->n - c->pos;
}

static int read_name(struct cur *c, struct mc_tnef_prop *p)
{
	if (c->n - c->pos < 16)
		return 0;
	memcpy(p->guid, c->b + c->pos, 16);
	c->pos += 16;
	uint32_t kind, v;
	if (!take32(c, &kind) || !take32(c, &v))
		return 0;
	p->named = 1;
	if (kind == 0) {
		p->lid = v;
		return 1;
	}
	if (kind != 1 || v > c->n - c->pos)
		return 0;
	p->name = mc_mapi_utf16le_to_utf8(c->b + c->pos, v);
	c->pos += v;
	skip_pad(c, v);
	return 1;
}

/* One property at c; 0 when it does not fit or cannot be sized. */
static int read_prop(struct cur *c, struct mc_tnef_prop *p)
{
	uint32_t tag;
	if (!take32(c, &tag))
		return 0;
	p->type = tag & 0xffff;
	p->id = tag >> 16;
	if (p->id >= 0x8000 && !read_name(c, p))
		return 0;
	uint32_t base = p->type & ~PT_MV;
	int slot = fixed_slot(base);
	if (slot < 0)
		return 0;
	uint32_t count = 1;
	if ((p->type & PT_MV) || slot == 0) {
		if (!take32(c, &count) || count > MC_TNEF_MAX_VALUES)
			return 0;
		/* each value takes at least 4 bytes */
		if ((size_t)count > (c->n - c->pos) / 4)
			return 0;
	}
	p->count = count;
	for (uint32_t i = 0; i < count; i++) {
		size_t len = (size_t)slot;
		if (slot == 0) {
			uint32_t l;
			if (!take32(c, &l) || l > c->n - c->pos)
				return 0;
			len = l;
		} else if (len > c->n - c->pos) {
			return 0;
		}
		if (i == 0) {
			p->data = c->b + c->pos;
			p->size = len;
		}
		c->pos += len;
		skip_pad(c, len);
	}
	if (count == 0) {
		p->data = c->b + c->pos;
		p->size = 0;
	}
	return 1;
}

static void prop_clear(struct mc_tnef_prop *p)
{
	g_free(p->name);
	p->name = NULL;
}

/* Appends the properties of one list at c to arr; 0 if it ended early. */
static int read_list(struct cur *c, GArray *arr)
{
	uint32_t count;
	if (!take32(c, &count))
		return 0;
	int ok = 1;
	if (count > MC_TNEF_MAX_PROPS) {
		count = MC_TNEF_MAX_PROPS;
		ok = 0;
	}
	for (uint32_t i = 0; i < count; i++) {
		struct mc_tnef_prop p;
		memset(&p, 0, sizeof p);
		if (!read_prop(c, &p)) {
			prop_clear(&p);
			return 0;
		}
		g_array_append_val(arr, p);
	}
	return ok;
}

static void props_init(struct mc_tnef_props *p)
{
	p->props = g_array_new(FALSE, TRUE, sizeof(struct mc_tnef_prop));
}

void mc_tnef_props_clear(struct mc_tnef_props *p)
{
	if (!p->props)
		return;
	for (guint i = 0; i < p->props->len; i++)
		prop_clear(&g_array_index(p->props, struct mc_tnef_prop, i));
	g_array_free(p->props, TRUE);
	p->props = NULL;
}

int mc_tnef_props_get(void *ctx, uint32_t id, uint32_t *type,
                      unsigned char **data, size_t *size)
{
	const struct mc_tnef_props *pl = ctx;
	*data = NULL;
	*size = 0;
	if (!pl || !pl->props)
		return 0;
	for (guint i = 0; i < pl->props->len; i++) {
		const struct mc_tnef_prop *p = &g_array_index(pl->props, struct mc_tnef_prop, i);
		if (p->id != id || p->named || (p->type & PT_MV) || p->count != 1)
			continue;
		size_t n = p->size;
		if (p->type == MC_PT_STRING8)
			while (n > 0 && p->data[n - 1] == 0)
				n--;
		else if (p->type == MC_PT_UNICODE)
			while (n >= 2 && p->data[n - 1] == 0 && p->data[n - 2] == 0)
				n -= 2;
		*data = g_malloc0(n + 2);
		if (n)
			memcpy(*data, p->data, n);
		*size = n;
		*type = p->type;
		return 1;
	}
	return 0;
}

const struct mc_mapi_source mc_tnef_props_source = { mc_tnef_props_get, NULL };

/* A legacy date (atpDate: year, month, day, hour, minute, second, day of
 * week, 16 bits each), taken as UTC. */
static int64_t legacy_date(const unsigned char *d, size_t len)
{
	if (len < 12)
		return MC_NO_TIME;
	int y = mc_le16(d), mo = mc_le16(d + 2), da = mc_le16(d + 4);
	int h = mc_le16(d + 6), mi = mc_le16(d + 8), s = mc_le16(d + 10);
	if (y < 1601 || y > 9999 || mo < 1 || mo > 12 || da < 1 || da > 31 ||
	    h > 23 || mi > 59 || s > 60)
		return MC_NO_TIME;
	GDateTime *dt = g_date_time_new_utc(y, mo, da, h, mi, s);
	if (!dt)
		return MC_NO_TIME;
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static struct mc_tnef_attachment *new_attachment(struct mc_tnef *t)
{
	if (t->attachments->len >= MC_TNEF_MAX_ATTACHMENTS)
		return NULL;
	struct mc_tnef_attachment *a = g_new0(struct mc_tnef_attachment, 1);
	props_init(&a->props);
	a->create_time = a->modify_time = MC_NO_TIME;
	g_ptr_array_add(t->attachments, a);
	return a;
}

static void attachment_free(gpointer p)
{
	struct mc_tnef_attachment *a = p;
	mc_tnef_props_clear(&a->props);
	g_free(a);
}

static void recipients_free(gpointer p)
{
	mc_tnef_props_clear(p);
	g_free(p);
}

static void read_recip_table(struct mc_tnef *t, const unsigned char *d, size_t len)
{
	struct cur c = { d, len, 0 };
	uint32_t rows;
	if (!take32(&c, &rows)) {
		warn(t, "attRecipTable: too short");
		return;
	}
	if (rows > MC_TNEF_MAX_RECIPIENTS) {
		warn(t, "attRecipTable: %u rows, only %u read", rows, MC_TNEF_MAX_RECIPIENTS);
		rows = MC_TNEF_MAX_RECIPIENTS;
	}
	for (uint32_t i = 0; i < rows; i++) {
		struct mc_tnef_props *row = g_new0(struct mc_tnef_props, 1);
		props_init(row);
		int ok = read_list(&c, row->props);
		g_ptr_array_add(t->recipients, row);
		if (!ok) {
			warn(t, "attRecipTable: row %u is malformed; rows after it not read", i);
			return;
		}
	}
}

static void attachment_attr(struct mc_tnef *t, uint32_t id, const unsigned char *d,
                            size_t len, size_t off)
{
	struct mc_tnef_attachment *a = t->attachments->len ?
		g_ptr_array_index(t->attachments, t->attachments->len - 1) : NULL;
	if (id == ATT_ATTACH_REND_DATA || !a) {
		if (id != ATT_ATTACH_REND_DATA)
			warn(t, "attachment attribute 0x%04x at offset %zu before attAttachRendData",
			     id, off);
		a = new_attachment(t);
		if (!a) {
			if (t->attachments_dropped++ == 0)
				warn(t, "more than %d attachments; the rest not read",
				     MC_TNEF_MAX_ATTACHMENTS);
			return;
		}
	} else if (t->attachments_dropped) {
		return;   /* an attribute of a dropped attachment */
	}
	switch (id) {
	case ATT_ATTACH_DATA:
		a->data = d;
		a->data_len = len;
		break;
	case ATT_ATTACH_TITLE:
		a->title = d;
		a->title_len = len;
		break;
	case ATT_ATTACH_CREATE_DATE:
		a->create_time = legacy_date(d, len);
		break;
	case ATT_ATTACH_MODIFY_DATE:
		a->modify_time = legacy_date(d, len);
		break;
	case ATT_ATTACHMENT: {
		struct cur c = { d, len, 0 };
		if (!read_list(&c, a->props.props))
			warn(t, "attAttachment at offset %zu: property list malformed or "
			     "truncated; properties after the damage not read", off);
		break;
	}
	default:
		break;
	}
}

static void message_attr(struct mc_tnef *t, uint32_t id, const unsigned char *d,
                         size_t len, size_t off)
{
	switch (id) {
	case ATT_MESSAGE_CLASS:
		t->message_class = d;
		t->message_class_len = len;
		break;
	case ATT_SUBJECT:
		t->subject = d;
		t->subject_len = len;
		break;
	case ATT_BODY:
		t->body = d;
		t->body_len = len;
		break;
	case ATT_DATE_SENT:
		t->date_sent = legacy_date(d, len);
		break;
	case ATT_DATE_RECD:
		t->date_received = legacy_date(d, len);
		break;
	case ATT_DATE_MODIFIED:
		t->date_modified = legacy_date(d, len);
		break;
	case ATT_OEM_CODEPAGE:
		if (len >= 4)
			t->oem_codepage = (int)(mc_le32(d) & 0xffff);
		break;
	case ATT_MAPI_PROPS: {
		struct cur c = { d, len, 0 };
		if (!read_list(&c, t->props.props))
			warn(t, "attMAPIProps at offset %zu: property list malformed or "
			     "truncated; properties after the damage not read", off);
		break;
	}
	case ATT_RECIP_TABLE:
		read_recip_table(t, d, len);
		break;
	default:
		break;
	}
}

static int only_line_ends(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

static void tnef_init(struct mc_tnef *t)
{
	memset(t, 0, sizeof *t);
	props_init(&t->props);
	t->recipients = g_ptr_array_new_with_free_func(recipients_free);
	t->attachments = g_ptr_array_new_with_free_func(attachment_free);
	t->date_sent = t->date_received = t->date_modified = MC_NO_TIME;
	t->warnings = g_string_new(NULL);
}

void mc_tnef_clear(struct mc_tnef *t)
{
	mc_tnef_props_clear(&t->props);
	if (t->recipients)
		g_ptr_array_free(t->recipients, TRUE);
	if (t->attachments)
		g_ptr_array_free(t->attachments, TRUE);
	if (t->warnings)
		g_string_free(t->warnings, TRUE);
	memset(t, 0, sizeof *t);
}

int mc_tnef_decode(const unsigned char *b, size_t n, struct mc_tnef *t)
{
	tnef_init(t);
	if (!mc_tnef_is_tnef(b, n))
		return -1;
	t->key = mc_le16(b + 4);
	size_t pos = 6;
	while (pos < n) {
		size_t left = n - pos;
		unsigned level = b[pos];
		if ((level != LVL_MESSAGE && level != LVL_ATTACHMENT) || left < ATTR_OVERHEAD) {
			if (level == LVL_MESSAGE || level == LVL_ATTACHMENT) {
				t->truncated = 1;
				warn(t, "stream ends inside the attribute header at offset %zu", pos);
			} else {
				t->trailing = left;
				/* (a line end after a MIME part's content is no news) */
				if (!only_line_ends(b + pos, left))
					warn(t, "%zu bytes after the last attribute (offset %zu) "
					     "are not TNEF; ignored", left, pos);
			}
			break;
		}
		uint32_t attr = mc_le32(b + pos + 1);
		uint32_t len = mc_le32(b + pos + 5);
		if (len > left - ATTR_OVERHEAD) {
			t->truncated = 1;
			warn(t, "stream ends inside attribute 0x%08x at offset %zu (length %u, "
			     "%zu bytes left); not read", attr, pos, len, left - ATTR_OVERHEAD);
			break;
		}
		const unsigned char *d = b + pos + 9;
		unsigned sum = 0;
		for (uint32_t i = 0; i < len; i++)
			sum += d[i];
		if ((sum & 0xffff) != mc_le16(d + len)) {
			t->checksum_errors++;
			warn(t, "attribute 0x%08x at offset %zu: checksum mismatch", attr, pos);
		}
		uint32_t id = attr & 0xffff;
		if (level == LVL_ATTACHMENT)
			attachment_attr(t, id, d, len, pos);
		else
			message_attr(t, id, d, len, pos);
		t->attributes++;
		pos += ATTR_OVERHEAD + len;
	}
	return 0;
}
