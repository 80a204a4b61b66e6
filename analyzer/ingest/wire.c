/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wire.c: framing records between the parser worker and the case writer.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wire.h"

#define NULL_STRING 0xFFFFFFFFu
#define HEADER_LEN  5u
#define READ_CHUNK  (1024u * 1024u)   /* the payload buffer grows by this much */

/* ---- encoding ---- */

static void put_u32(GString *s, uint32_t v)
{
	unsigned char b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >> 24) & 0xFF };
	g_string_append_len(s, (const char *)b, 4);
}

static void put_i64(GString *s, int64_t v)
{
	uint64_t u = (uint64_t)v;
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (8 * i));
	g_string_append_len(s, (const char *)b, 8);
}

static void put_str(GString *s, const char *str)
{
	if (!str) {
		put_u32(s, NULL_STRING);
		return;
	}
	size_t len = strlen(str);
	put_u32(s, (uint32_t)len);
	g_string_append_len(s, str, (gssize)len);
}

static void begin_frame(GString *s, char type)
{
	g_string_truncate(s, 0);
	g_string_append_c(s, type);
	put_u32(s, 0); /* length, patched by send_frame */
}

static int send_frame(struct mc_wire_out *out)
{
	GString *s = out->frame;
	if (s->len - HEADER_LEN > MC_WIRE_MAX_FRAME)
		return -1; /* the reader would refuse it: the record is dropped */
	uint32_t len = (uint32_t)(s->len - HEADER_LEN);
	for (int i = 0; i < 4; i++)
		s->str[1 + i] = (char)((len >> (8 * i)) & 0xFF);
	if (out->failed)
		return -1;
	const char *p = s->str;
	size_t left = s->len;
	while (left > 0) {
		ssize_t n = write(out->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			out->failed = 1;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static int write_folder(void *ctx, const struct mc_folder *f)
{
	struct mc_wire_out *out = ctx;
	GString *s = out->frame;
	begin_frame(s, MC_WIRE_FOLDER);
	put_i64(s, f->local_id);
	put_i64(s, f->parent_local_id);
	put_str(s, f->name);
	put_str(s, f->path);
	put_str(s, f->role);
	put_str(s, f->locator);
	return send_frame(out);
}

static void put_message(GString *s, const struct mc_message *m)
{
	put_i64(s, m->local_id);
	put_i64(s, m->parent_local_id);
	put_i64(s, m->folder_local_id);
	put_str(s, m->origin);
	put_str(s, m->locator);
	put_i64(s, m->byte_offset);
	put_i64(s, m->byte_length);
	put_str(s, m->message_class);
	put_str(s, m->subject);
	put_str(s, m->from_name);
	put_str(s, m->from_addr);
	put_i64(s, m->has_date);
	put_i64(s, m->date_unix);
	put_i64(s, m->date_offset);
	put_str(s, m->message_id);
	put_str(s, m->in_reply_to);
	put_str(s, m->references);
	put_str(s, m->content_type);
	put_i64(s, m->size);
	put_str(s, m->sha256);
	put_str(s, m->charset_declared);
	put_str(s, m->charset_used);
	put_str(s, m->charset_detected);
	put_i64(s, m->charset_mismatch);
	put_str(s, m->body_source);
	put_str(s, m->body_text);
	put_str(s, m->warnings->str);
	put_str(s, m->from_exdn);
	put_i64(s, m->submit_time);
	put_i64(s, m->delivery_time);
	put_i64(s, m->creation_time);
	put_i64(s, m->modification_time);
	put_i64(s, m->last_verb_time);
	put_i64(s, m->last_verb);
	put_i64(s, m->message_flags);
	put_i64(s, m->importance);
	put_i64(s, m->sensitivity);
	put_i64(s, m->codepage);
	put_str(s, m->conversation_topic);
	put_str(s, m->conversation_index);

	put_u32(s, m->headers->len);
	for (guint i = 0; i < m->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(m->headers, i);
		put_str(s, h->name);
		put_str(s, h->value);
		put_str(s, h->raw);
	}
	put_u32(s, m->recipients->len);
	for (guint i = 0; i < m->recipients->len; i++) {
		const struct mc_recipient *r = g_ptr_array_index(m->recipients, i);
		put_str(s, r->kind);
		put_str(s, r->name);
		put_str(s, r->addr);
		put_str(s, r->exdn);
	}
	put_u32(s, m->attachments->len);
	for (guint i = 0; i < m->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(m->attachments, i);
		put_str(s, a->filename);
		put_str(s, a->mime_type);
		put_str(s, a->disposition);
		put_str(s, a->content_id);
		put_str(s, a->part_path);
		put_i64(s, a->size);
		put_str(s, a->sha256);
	}
	put_u32(s, m->props->len);
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		put_str(s, p->name);
		put_str(s, p->value);
	}
	put_u32(s, m->labels->len);
	for (guint i = 0; i < m->labels->len; i++) {
		const struct mc_label *l = g_ptr_array_index(m->labels, i);
		put_str(s, l->name);
		put_str(s, l->role);
	}
}

static int write_message(void *ctx, const struct mc_message *m)
{
	struct mc_wire_out *out = ctx;
	begin_frame(out->frame, MC_WIRE_MESSAGE);
	put_message(out->frame, m);
	return send_frame(out);
}

static int write_problem(void *ctx, const char *severity, const char *locator,
                         const char *text)
{
	struct mc_wire_out *out = ctx;
	begin_frame(out->frame, MC_WIRE_PROBLEM);
	put_str(out->frame, severity);
	put_str(out->frame, locator);
	put_str(out->frame, text);
	return send_frame(out);
}

void mc_wire_out_init(struct mc_wire_out *out, int fd)
{
	out->fd = fd;
	out->frame = g_string_sized_new(4096);
	out->failed = 0;
}

void mc_wire_out_clear(struct mc_wire_out *out)
{
	g_string_free(out->frame, TRUE);
	out->frame = NULL;
}

void mc_wire_sink(struct mc_sink *sink, struct mc_wire_out *out)
{
	sink->folder = write_folder;
	sink->message = write_message;
	sink->problem = write_problem;
	sink->ctx = out;
}

int mc_wire_write_end(struct mc_wire_out *out, enum mc_result result,
                      const char *variant, const char *error, int64_t messages)
{
	begin_frame(out->frame, MC_WIRE_END);
	put_i64(out->frame, result);
	put_str(out->frame, variant);
	put_str(out->frame, error);
	put_i64(out->frame, messages);
	return send_frame(out);
}

/* ---- decoding ---- */

struct cursor {
	const unsigned char *p;
	size_t left;
	int bad;
};

static uint32_t get_u32(struct cursor *c)
{
	if (c->left < 4) {
		c->bad = 1;
		return 0;
	}
	uint32_t v = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 |
	             (uint32_t)c->p[2] << 16 | (uint32_t)c->p[3] << 24;
	c->p += 4;
	c->left -= 4;
	return v;
}

static int64_t get_i64(struct cursor *c)
{
	if (c->left < 8) {
		c->bad = 1;
		return 0;
	}
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += 8;
	c->left -= 8;
	return (int64_t)v;
}

static char *get_str(struct cursor *c)
{
	uint32_t len = get_u32(c);
	if (c->bad || len == NULL_STRING)
		return NULL;
	if (len > c->left) {
		c->bad = 1;
		return NULL;
	}
	char *s = g_strndup((const char *)c->p, len);
	c->p += len;
	c->left -= len;
	return s;
}

/* Reads a string field into a fixed buffer (sha256). */
static void get_fixed(struct cursor *c, char *dst, size_t dstlen)
{
	char *s = get_str(c);
	g_strlcpy(dst, s ? s : "", dstlen);
	g_free(s);
}

static const char *get_static(struct cursor *c, const char *(*intern)(const char *),
                              const char *fallback)
{
	char *s = get_str(c);
	const char *v = intern(s);
	g_free(s);
	return v ? v : fallback;
}

static struct mc_folder *get_folder(struct cursor *c)
{
	struct mc_folder *f = mc_folder_new();
	f->local_id = get_i64(c);
	f->parent_local_id = get_i64(c);
	f->name = get_str(c);
	f->path = get_str(c);
	f->role = get_static(c, mc_role_static, MC_ROLE_OTHER);
	f->locator = get_str(c);
	return f;
}

static void get_headers(struct cursor *c, struct mc_message *m)
{
	uint32_t n = get_u32(c);
	for (uint32_t i = 0; i < n && !c->bad; i++) {
		char *name = get_str(c), *value = get_str(c), *raw = get_str(c);
		mc_message_add_header(m, name, value, raw);
		g_free(name);
		g_free(value);
		g_free(raw);
	}
}

static void get_recipients(struct cursor *c, struct mc_message *m)
{
	uint32_t n = get_u32(c);
	for (uint32_t i = 0; i < n && !c->bad; i++) {
		char *kind = get_str(c), *name = get_str(c), *addr = get_str(c), *exdn = get_str(c);
		mc_message_add_recipient(m, kind, name, addr);
		mc_message_set_recipient_exdn(m, exdn);
		g_free(kind);
		g_free(name);
		g_free(addr);
		g_free(exdn);
	}
}

static void get_attachments(struct cursor *c, struct mc_message *m)
{
	uint32_t n = get_u32(c);
	for (uint32_t i = 0; i < n && !c->bad; i++) {
		struct mc_attachment *a = mc_message_add_attachment(m);
		a->filename = get_str(c);
		a->mime_type = get_str(c);
		a->disposition = get_str(c);
		a->content_id = get_str(c);
		a->part_path = get_str(c);
		a->size = get_i64(c);
		get_fixed(c, a->sha256, sizeof a->sha256);
	}
}

static void get_props(struct cursor *c, struct mc_message *m)
{
	uint32_t n = get_u32(c);
	for (uint32_t i = 0; i < n && !c->bad; i++) {
		char *name = get_str(c), *value = get_str(c);
		if (name)
			mc_message_add_prop(m, name, value);
		g_free(name);
		g_free(value);
	}
}

static void get_labels(struct cursor *c, struct mc_message *m)
{
	uint32_t n = get_u32(c);
	for (uint32_t i = 0; i < n && !c->bad; i++) {
		char *name = get_str(c), *role = get_str(c);
		if (name)
			mc_message_add_label(m, name, role);
		g_free(name);
		g_free(role);
	}
}

static struct mc_message *get_message(struct cursor *c)
{
	struct mc_message *m = mc_message_new();
	m->local_id = get_i64(c);
	m->parent_local_id = get_i64(c);
	m->folder_local_id = get_i64(c);
	m->origin = get_static(c, mc_origin_static, MC_ORIGIN_FOLDER);
	m->locator = get_str(c);
	m->byte_offset = get_i64(c);
	m->byte_length = get_i64(c);
	m->message_class = get_str(c);
	m->subject = get_str(c);
	m->from_name = get_str(c);
	m->from_addr = get_str(c);
	m->has_date = (int)get_i64(c);
	m->date_unix = get_i64(c);
	m->date_offset = (int)get_i64(c);
	m->message_id = get_str(c);
	m->in_reply_to = get_str(c);
	m->references = get_str(c);
	m->content_type = get_str(c);
	m->size = get_i64(c);
	get_fixed(c, m->sha256, sizeof m->sha256);
	m->charset_declared = get_str(c);
	m->charset_used = get_str(c);
	m->charset_detected = get_str(c);
	m->charset_mismatch = (int)get_i64(c);
	m->body_source = get_str(c);
	m->body_text = get_str(c);
	char *warnings = get_str(c);
	if (warnings)
		g_string_assign(m->warnings, warnings);
	g_free(warnings);
	m->from_exdn = get_str(c);
	m->submit_time = get_i64(c);
	m->delivery_time = get_i64(c);
	m->creation_time = get_i64(c);
	m->modification_time = get_i64(c);
	m->last_verb_time = get_i64(c);
	m->last_verb = (int)get_i64(c);
	m->message_flags = get_i64(c);
	m->importance = (int)get_i64(c);
	m->sensitivity = (int)get_i64(c);
	m->codepage = (int)get_i64(c);
	m->conversation_topic = get_str(c);
	m->conversation_index = get_str(c);
	get_headers(c, m);
	get_recipients(c, m);
	get_attachments(c, m);
	get_props(c, m);
	get_labels(c, m);
	return m;
}

void mc_wire_in_init(struct mc_wire_in *in, int fd)
{
	struct stat st;
	in->fd = fd;
	in->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	in->buf = g_byte_array_new();
	in->buf_pos = 0;
	off_t pos = lseek(fd, 0, SEEK_CUR);
	in->offset = pos > 0 ? (uint64_t)pos : 0;
	in->error[0] = '\0';
}

void mc_wire_in_clear(struct mc_wire_in *in)
{
	g_byte_array_free(in->buf, TRUE);
	in->buf = NULL;
}

static size_t buffered(const struct mc_wire_in *in)
{
	return in->buf->len - in->buf_pos;
}

/* Reads until at least `need` bytes wait in the buffer from buf_pos, or the
 * spool has no more for now; the buffer grows by at most READ_CHUNK beyond
 * what arrived. Returns the bytes buffered, or -1 with in->error. */
static ssize_t fill(struct mc_wire_in *in, size_t need)
{
	if (buffered(in) >= need)
		return (ssize_t)buffered(in);
	if (in->buf_pos > 0) {
		g_byte_array_remove_range(in->buf, 0, (guint)in->buf_pos);
		in->buf_pos = 0;
	}
	while (in->buf->len < need) {
		size_t have = in->buf->len;
		/* a regular spool is read ahead a chunk at a time; through a pipe,
		 * only what is needed, so that a read never waits for more */
		size_t want = in->regular ? READ_CHUNK : MIN(need - have, (size_t)READ_CHUNK);
		g_byte_array_set_size(in->buf, (guint)(have + want));
		ssize_t n = read(in->fd, in->buf->data + have, want);
		g_byte_array_set_size(in->buf, (guint)(have + (n > 0 ? (size_t)n : 0)));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(in->error, sizeof in->error, "spool read error at offset %" PRIu64
			         ": %s", in->offset + have, strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
	}
	return (ssize_t)in->buf->len;
}

/* The payload length in the header at buf_pos (HEADER_LEN bytes there). */
static uint32_t header_len(const struct mc_wire_in *in)
{
	const unsigned char *h = in->buf->data + in->buf_pos;
	return (uint32_t)h[1] | (uint32_t)h[2] << 8 | (uint32_t)h[3] << 16 | (uint32_t)h[4] << 24;
}

int mc_wire_frame_ready(struct mc_wire_in *in)
{
	if (!in->regular)
		return 1;
	ssize_t n = fill(in, HEADER_LEN);
	if (n < 0)
		return 1;
	if ((size_t)n < HEADER_LEN)
		return 0;
	uint32_t len = header_len(in);
	if (len > MC_WIRE_MAX_FRAME)
		return 1;
	n = fill(in, HEADER_LEN + (size_t)len);
	return n < 0 || (size_t)n >= HEADER_LEN + (size_t)len;
}

/* Bytes of a regular spool from offset `from` to its end. */
static uint64_t spool_left(const struct mc_wire_in *in, uint64_t from)
{
	struct stat st;
	if (fstat(in->fd, &st) != 0)
		return UINT64_MAX;   /* unknown: only the maximum bounds the frame */
	return (uint64_t)st.st_size > from ? (uint64_t)st.st_size - from : 0;
}

void mc_wire_record_clear(struct mc_wire_record *rec)
{
	mc_folder_free(rec->folder);
	mc_message_free(rec->message);
	g_free(rec->problem.severity);
	g_free(rec->problem.locator);
	g_free(rec->problem.text);
	g_free(rec->end.variant);
	g_free(rec->end.error);
	memset(rec, 0, sizeof *rec);
}

enum mc_wire_type mc_wire_read(struct mc_wire_in *in, struct mc_wire_record *rec)
{
	mc_wire_record_clear(rec);
	in->error[0] = '\0';
	uint64_t at = in->offset;
	ssize_t n = fill(in, HEADER_LEN);
	if (n < 0)
		return rec->type = MC_WIRE_IOERR;
	if (n == 0)
		return rec->type = MC_WIRE_EOF;
	if (n < (ssize_t)HEADER_LEN) {
		snprintf(in->error, sizeof in->error, "spool cut short in the frame header"
		         " at offset %" PRIu64, at);
		return rec->type = MC_WIRE_TRUNCATED;
	}
	char type = (char)in->buf->data[in->buf_pos];
	uint32_t len = header_len(in);
	/* A claim is checked against the spool before the buffer grows for it
	 * (a frame wholly read ahead is surely there). */
	int whole = (size_t)n >= HEADER_LEN + (size_t)len;
	uint64_t left = whole || !in->regular ? len : spool_left(in, at + HEADER_LEN);
	if (len > MC_WIRE_MAX_FRAME || len > left) {
		snprintf(in->error, sizeof in->error, "bogus frame at spool offset %" PRIu64
		         ": it claims %" PRIu32 " bytes, more than %s (%" PRIu64 ")", at, len,
		         len > MC_WIRE_MAX_FRAME ? "the maximum frame size" : "the spool holds",
		         len > MC_WIRE_MAX_FRAME ? (uint64_t)MC_WIRE_MAX_FRAME : left);
		return rec->type = MC_WIRE_TRUNCATED;
	}
	n = fill(in, HEADER_LEN + (size_t)len);
	if (n < 0)
		return rec->type = MC_WIRE_IOERR;
	if ((size_t)n < HEADER_LEN + (size_t)len) {
		snprintf(in->error, sizeof in->error, "frame at spool offset %" PRIu64 " cut short:"
		         " %zd of its %" PRIu32 " bytes", at, n - (ssize_t)HEADER_LEN, len);
		return rec->type = MC_WIRE_TRUNCATED;
	}
	const unsigned char *payload = in->buf->data + in->buf_pos + HEADER_LEN;
	in->buf_pos += HEADER_LEN + (size_t)len;
	in->offset += HEADER_LEN + (uint64_t)len;

	struct cursor c = { payload, len, 0 };
	switch (type) {
	case MC_WIRE_FOLDER:
		rec->folder = get_folder(&c);
		break;
	case MC_WIRE_MESSAGE:
		rec->message = get_message(&c);
		break;
	case MC_WIRE_PROBLEM:
		rec->problem.severity = get_str(&c);
		rec->problem.locator = get_str(&c);
		rec->problem.text = get_str(&c);
		break;
	case MC_WIRE_END:
		rec->end.result = (int)get_i64(&c);
		rec->end.variant = get_str(&c);
		rec->end.error = get_str(&c);
		rec->end.messages = get_i64(&c);
		break;
	default:
		c.bad = 1;
	}
	if (c.bad || c.left != 0) {
		snprintf(in->error, sizeof in->error, "malformed frame (type 0x%02x, %" PRIu32
		         " bytes) at spool offset %" PRIu64, (unsigned)(unsigned char)type, len, at);
		mc_wire_record_clear(rec);
		return rec->type = MC_WIRE_TRUNCATED;
	}
	return rec->type = (enum mc_wire_type)type;
}
