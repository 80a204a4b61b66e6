/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eml.c: the EML evidence reader (one RFC 822 message per file), and what
 * the RFC 822 based readers share: parsing one message and emitting it with
 * its embedded message/rfc822 parts (mc_rfc822_emit), reading a whole file
 * (mc_read_whole).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "eml.h"
#include "mime-message.h"
#include "parser.h"
#include "record.h"
#include "resource-limits.h"
#include "store-headers.h"

/* ------------------------------------------------------------------ */
/* Copying a message record (the embedded callback does not own it)    */

static void clone_headers(struct mc_message *c, const struct mc_message *s)
{
	for (guint i = 0; i < s->headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(s->headers, i);
		mc_message_add_header(c, h->name, h->value, h->raw);
	}
	for (guint i = 0; i < s->recipients->len; i++) {
		const struct mc_recipient *x = g_ptr_array_index(s->recipients, i);
		mc_message_add_recipient(c, x->kind, x->name, x->addr);
		mc_message_set_recipient_exdn(c, x->exdn);
	}
	for (guint i = 0; i < s->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(s->props, i);
		mc_message_add_prop(c, p->name, p->value);
	}
}

static void clone_attachments(struct mc_message *c, const struct mc_message *s)
{
	for (guint i = 0; i < s->attachments->len; i++) {
		const struct mc_attachment *a = g_ptr_array_index(s->attachments, i);
		struct mc_attachment *d = mc_message_add_attachment(c);
		*d = *a;
		d->filename = g_strdup(a->filename);
		d->mime_type = g_strdup(a->mime_type);
		d->disposition = g_strdup(a->disposition);
		d->content_id = g_strdup(a->content_id);
		d->part_path = g_strdup(a->part_path);
	}
}

/* A deep copy. Every pointer member of struct mc_message is listed here. */
static struct mc_message *message_clone(const struct mc_message *s)
{
	struct mc_message *c = mc_message_new();
	GPtrArray *headers = c->headers, *recipients = c->recipients;
	GPtrArray *attachments = c->attachments, *props = c->props, *labels = c->labels;
	GString *warnings = c->warnings;

	*c = *s;
	c->headers = headers;
	c->recipients = recipients;
	c->attachments = attachments;
	c->props = props;
	c->labels = labels;   /* an embedded message has none: a store labels its own */
	c->warnings = warnings;
	c->locator = g_strdup(s->locator);
	c->message_class = g_strdup(s->message_class);
	c->subject = g_strdup(s->subject);
	c->from_name = g_strdup(s->from_name);
	c->from_addr = g_strdup(s->from_addr);
	c->message_id = g_strdup(s->message_id);
	c->in_reply_to = g_strdup(s->in_reply_to);
	c->references = g_strdup(s->references);
	c->content_type = g_strdup(s->content_type);
	c->charset_declared = g_strdup(s->charset_declared);
	c->charset_used = g_strdup(s->charset_used);
	c->charset_detected = g_strdup(s->charset_detected);
	c->body_source = g_strdup(s->body_source);
	c->body_text = g_strdup(s->body_text);
	c->from_exdn = g_strdup(s->from_exdn);
	c->conversation_topic = g_strdup(s->conversation_topic);
	c->conversation_index = g_strdup(s->conversation_index);
	clone_headers(c, s);
	clone_attachments(c, s);
	g_string_append_len(c->warnings, s->warnings->str, (gssize)s->warnings->len);
	return c;
}

/* ------------------------------------------------------------------ */
/* Parse and emit one message with its embedded messages               */

struct embed_ctx {
	struct mc_reader *r;
	struct mc_message *top;
	GPtrArray *found;        /* clones, in document order */
};

static int on_embedded(void *ctx, struct mc_message *parent, struct mc_message *embedded)
{
	struct embed_ctx *c = ctx;
	/* The id goes into the callee's record too, so that a message nested
	 * in this one finds its parent's id when it is reported. */
	embedded->local_id = mc_reader_next_id(c->r);
	embedded->parent_local_id = (parent && parent->local_id) ? parent->local_id
	                                                         : c->top->local_id;
	embedded->folder_local_id = c->top->folder_local_id;
	embedded->origin = MC_ORIGIN_EMBEDDED;
	g_ptr_array_add(c->found, message_clone(embedded));
	return 0;
}

static void first_line(const GString *s, char *out, size_t size)
{
	const char *nl = memchr(s->str, '\n', s->len);
	size_t n = nl ? (size_t)(nl - s->str) : s->len;
	if (n == 0) {
		g_strlcpy(out, "no header found", size);
		return;
	}
	g_strlcpy(out, s->str, MIN(size, n + 1));
}

static int emit_parsed(struct mc_reader *r, struct mc_message *m,
                       const char *parse_bytes, size_t parse_len,
                       int64_t stored_size, const char *stored_sha256,
                       mc_rfc822_hook_fn hook, void *hook_ctx)
{
	struct embed_ctx c = {
		.r = r, .top = m,
		.found = g_ptr_array_new_with_free_func((GDestroyNotify)mc_message_free),
	};
	int rc = 0;

	m->local_id = mc_reader_next_id(r);
	int parsed = mc_mime_parse(parse_bytes, parse_len, m, on_embedded, &c);
	mc_store_headers_apply(m);
	m->size = stored_size;
	g_strlcpy(m->sha256, stored_sha256, sizeof m->sha256);
	if (parsed != 0) {
		char why[512];
		first_line(m->warnings, why, sizeof why);
		rc = mc_reader_problem(r, "warning", m->locator,
		                       "not parsable as a message (%s); kept as evidence", why);
	}
	if (hook)
		hook(m, hook_ctx);
	if (rc == 0)
		rc = mc_reader_message(r, m);
	for (guint i = 0; rc == 0 && i < c.found->len; i++)
		rc = mc_reader_message(r, g_ptr_array_index(c.found, i));
	g_ptr_array_free(c.found, TRUE);
	return rc == 0 ? 0 : -1;
}

int mc_rfc822_emit_hashed(struct mc_reader *r, struct mc_message *m,
                          const char *parse_bytes, size_t parse_len,
                          int64_t stored_size, const char *stored_sha256)
{
	return emit_parsed(r, m, parse_bytes, parse_len, stored_size, stored_sha256, NULL, NULL);
}

int mc_rfc822_emit_hooked(struct mc_reader *r, struct mc_message *m,
                          const char *parse_bytes, size_t parse_len,
                          const char *stored, size_t stored_len,
                          mc_rfc822_hook_fn hook, void *hook_ctx)
{
	char sha[65];
	mc_sha256_hex(stored, stored_len, sha);
	return emit_parsed(r, m, parse_bytes, parse_len, (int64_t)stored_len, sha, hook, hook_ctx);
}

int mc_rfc822_emit(struct mc_reader *r, struct mc_message *m,
                   const char *parse_bytes, size_t parse_len,
                   const char *stored, size_t stored_len)
{
	return mc_rfc822_emit_hooked(r, m, parse_bytes, parse_len, stored, stored_len, NULL, NULL);
}

int mc_rfc822_emit_oversize(struct mc_reader *r, struct mc_message *m, int fd,
                            char *err, size_t errlen)
{
	enum { CHUNK = 4 * 1024 * 1024 };
	GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA256);
	GString *head = g_string_sized_new(CHUNK);
	char *buf = g_malloc(CHUNK);
	int64_t off = 0;
	int rc = 0;
	for (;;) {
		ssize_t n = pread(fd, buf, CHUNK, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "read error at offset %" PRId64 ": %s", off,
			         g_strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		g_checksum_update(sha, (const guchar *)buf, n);
		if (head->len < MC_RFC822_HEAD_BYTES)
			g_string_append_len(head, buf, (gssize)MIN((size_t)n,
			                    MC_RFC822_HEAD_BYTES - head->len));
		off += n;
	}
	g_free(buf);
	if (rc == 0) {
		mc_limit_warn(m, "message-bytes", MC_RFC822_MAX_BYTES, "a message of %" PRId64
		              " bytes: its first %zu bytes (headers and the start of the body) are "
		              "parsed; its size and SHA-256 cover all of it", off, head->len);
		/* The limit warning becomes the message's problem row (writer). */
		rc = mc_rfc822_emit_hashed(r, m, head->str, head->len, off,
			                 g_checksum_get_string(sha));
		if (rc != 0) {
			snprintf(err, errlen, "could not store the message");
			rc = -2;
		}
	}
	g_string_free(head, TRUE);
	g_checksum_free(sha);
	return rc;
}

int mc_read_whole(int fd, int64_t max, char **out, size_t *len, int64_t *err_offset)
{
	struct stat sb;
	*out = NULL;
	*len = 0;
	*err_offset = 0;
	if (fstat(fd, &sb) != 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	if ((int64_t)sb.st_size > max) {
		errno = EFBIG;
		return -1;
	}
	size_t want = (size_t)sb.st_size, got = 0;
	char *buf = g_malloc(want + 1);
	while (got < want) {
		ssize_t n = pread(fd, buf + got, want - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			*err_offset = (int64_t)got;
			g_free(buf);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;          /* the file shrank: keep what is there */
		got += (size_t)n;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The EML format                                                      */

/* Length of a field name followed by ':' at the start of s, else 0. */
static size_t field_name_len(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] > 32 && s[i] < 127 && s[i] != ':')
		i++;
	size_t name = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return (name > 0 && i < n && s[i] == ':') ? name : 0;
}

static int is_common_field(const unsigned char *s, size_t n)
{
	static const char *const common[] = {
		"From", "Date", "Subject", "Message-ID", "Received", "Return-Path",
		"To", "Cc", "MIME-Version", "Delivered-To", "Reply-To", "Sender", NULL
	};
	if (n > 2 && g_ascii_strncasecmp((const char *)s, "X-", 2) == 0)
		return 1;
	for (size_t i = 0; common[i]; i++)
		if (strlen(common[i]) == n && g_ascii_strncasecmp((const char *)s, common[i], n) == 0)
			return 1;
	return 0;
}

static size_t line_end(const unsigned char *h, size_t i, size_t n)
{
	while (i < n && h[i] != '\n' && h[i] != '\r')
		i++;
	return i;
}

static size_t skip_eol(const unsigned char *h, size_t i, size_t n)
{
	if (i < n && h[i] == '\r')
		i++;
	else if (i < n && h[i] == '\n')
		return i + 1;
	if (i < n && h[i] == '\n' && h[i - 1] == '\r')
		i++;
	return i;
}

/* Bytes before the header block that are not part of it: a UTF-8 BOM and
 * lines of white space (left by copy-and-paste and some web exports). */
static size_t leading_skip(const unsigned char *h, size_t n)
{
	size_t i = (n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	while (i < n && i < 8192) {
		size_t j = i;
		while (j < n && (h[j] == ' ' || h[j] == '\t'))
			j++;
		if (j >= n || (h[j] != '\r' && h[j] != '\n'))
			break;
		i = skip_eol(h, j, n);
	}
	return i;
}

/* 80: a header block with a common message field; 50: one with MIME
 * fields only (Content-Type...: a message without its envelope fields). */
static int eml_bid(const struct mc_probe *p)
{
	const unsigned char *h = p->head;
	size_t n = p->head_len, i;
	int common = 0, mime = 0;

	if (p->is_dir || !h || n < 4)
		return 0;
	if (memcmp(h, "\xD0\xCF\x11\xE0", 4) == 0 || memcmp(h, "!BDN", 4) == 0)
		return 0;
	i = leading_skip(h, n);
	if (field_name_len(h + i, n - i) == 0)
		return 0;
	while (i < n) {
		size_t e = line_end(h, i, n);
		if (e == i)
			break;                      /* end of the header block */
		if (memchr(h + i, '\0', e - i))
			return 0;
		size_t name = field_name_len(h + i, e - i);
		if (name == 0 && h[i] != ' ' && h[i] != '\t')
			break;                      /* not a header any more */
		if (name && is_common_field(h + i, name))
			common = 1;
		if (name > 8 && g_ascii_strncasecmp((const char *)h + i, "Content-", 8) == 0)
			mime = 1;
		i = skip_eol(h, e, n);
	}
	return common ? 80 : mime ? 50 : 0;
}

static enum mc_result eml_read(struct mc_reader *r)
{
	char *buf;
	size_t len;
	int64_t at;

	if (mc_read_whole(r->fd, MC_RFC822_MAX_BYTES, &buf, &len, &at) != 0) {
		if (errno == EFBIG) {
			/* Too large to hold: its head parsed, all of it hashed. */
			struct mc_message *m = mc_message_new();
			struct stat sb;
			int64_t size = fstat(r->fd, &sb) == 0 ? (int64_t)sb.st_size : 0;
			m->locator = g_strdup_printf("bytes:0+%" PRId64, size);
			m->byte_offset = 0;
			m->byte_length = size;
			char err[256];
			int rc = mc_rfc822_emit_oversize(r, m, r->fd, err, sizeof err);
			mc_message_free(m);
			if (rc != 0)
				return mc_reader_fail(r, MC_FATAL, "%s: %s", r->path, err);
			return mc_reader_fail(r, MC_WARN, "%s: a message larger than %" PRId64
			                      " bytes: only its first %zu bytes are parsed; its size "
			                      "and SHA-256 cover all of it", r->path,
			                      MC_RFC822_MAX_BYTES, MC_RFC822_HEAD_BYTES);
		}
		return mc_reader_fail(r, MC_FATAL, "%s: read error at offset %" PRId64 ": %s",
		                      r->path, at, g_strerror(errno));
	}
	if (len == 0) {
		g_free(buf);
		if (mc_reader_problem(r, "warning", "bytes:0+0", "empty file: no message") != 0)
			return mc_reader_fail(r, MC_FATAL, "%s: could not store a problem", r->path);
		return MC_OK;
	}
	size_t skip = leading_skip((const unsigned char *)buf, len);
	struct mc_message *m = mc_message_new();
	if (skip > 3 || (skip > 0 && buf[0] != '\xEF'))
		mc_message_warn(m, "%zu bytes before the header block (BOM, blank lines) "
		                "not parsed", skip);
	m->locator = g_strdup_printf("bytes:0+%zu", len);
	m->byte_offset = 0;
	m->byte_length = (int64_t)len;
	m->folder_local_id = 0;
	int rc = mc_rfc822_emit(r, m, buf + skip, len - skip, buf, len);
	mc_message_free(m);
	g_free(buf);
	if (rc != 0)
		return mc_reader_fail(r, MC_FATAL, "%s: could not store the message", r->path);
	return MC_OK;
}

const struct mc_format mc_format_eml = { "eml", eml_bid, eml_read, 0 };
