/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * raw-message.c: a message's bytes read again from its evidence by locator.
 * Owns locator parsing, byte-range, Maildir, Apple Mail tree and .olm
 * entry reads (olm.h), and the extraction of
 * embedded message/rfc822 parts. The extraction repeats what ingestion
 * (mime-message.c) hashed: the parent's bytes as parsed (after a BOM for
 * EML files, blank lines and one "From " line; mbox ">From " lines
 * unescaped), the inner message from its first header to the line break
 * before the parent's next boundary; a transfer-encoded part decoded; when
 * GMime gives no offsets, the inner message as GMime writes it. A DBX
 * message is its chain of blocks read again (dbx-file.c). Those
 * framing rules are mime-framing.c's, the code ingestion uses, lone CRs
 * included (they become LF only in a message whose first line ends in CR
 * alone), so the part tree re-read is the one ingestion numbered.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gmime/gmime.h>

#include "dbx-file.h"
#include "eml.h"
#include "evidence-open.h"
#include "mime-decode.h"
#include "mime-framing.h"
#include "mime-message.h"
#include "olm.h"
#include "olm-item.h"
#include "raw-message.h"

#define RAW_MAX_BYTES ((int64_t)1 << 31)  /* one message read into memory */
#define RAW_MAX_DEPTH 64

int mc_raw_is_pst(const char *locator)
{
	return locator && strncmp(locator, "pst:", 4) == 0;
}

int mc_raw_is_store_item(const char *locator)
{
	if (!locator || strncmp(locator, "olm:", 4) != 0 || strstr(locator, "#part="))
		return 0;
	const char *hash = strstr(locator, "#email=");
	char *entry = hash ? g_strndup(locator + 4, (gsize)(hash - locator - 4))
	                   : g_strdup(locator + 4);
	int item = mc_olm_is_message_entry(entry);
	g_free(entry);
	return item;
}

/* "<offset>+<length>" into two non-negative numbers. */
static int parse_range(const char *s, int64_t *off, int64_t *len)
{
	char *end;
	errno = 0;
	long long o = strtoll(s, &end, 10);
	if (errno || end == s || *end != '+' || o < 0)
		return -1;
	const char *l = end + 1;
	long long n = strtoll(l, &end, 10);
	if (errno || end == l || *end != '\0' || n < 0)
		return -1;
	*off = o;
	*len = n;
	return 0;
}

static int read_range(int fd, int64_t off, int64_t len, GByteArray **out,
                      const char *path, char *err, size_t errlen)
{
	if (len > RAW_MAX_BYTES) {
		snprintf(err, errlen, "%s: %" PRId64 " bytes are too many to read at once",
		         path, len);
		return -1;
	}
	GByteArray *ba = g_byte_array_sized_new((guint)len);
	g_byte_array_set_size(ba, (guint)len);
	int64_t done = 0;
	while (done < len) {
		ssize_t got = pread(fd, ba->data + done, (size_t)(len - done), (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s: read error at offset %" PRId64 ": %s", path,
			         off + done, g_strerror(errno));
			g_byte_array_unref(ba);
			return -1;
		}
		if (got == 0) {
			snprintf(err, errlen, "%s: the file ends at offset %" PRId64 ", before the"
			         " %" PRId64 " bytes at %" PRId64 " the case records", path,
			         off + done, len, off);
			g_byte_array_unref(ba);
			return -1;
		}
		done += got;
	}
	*out = ba;
	return 0;
}

static int open_regular(const char *path, int *fd, int64_t *size, char *err, size_t errlen)
{
	*fd = mc_evidence_open(path, O_NOFOLLOW);
	if (*fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, g_strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(*fd);
		return -1;
	}
	*size = (int64_t)sb.st_size;
	return 0;
}

/* A relative path that stays below its directory (no "..", not absolute). */
static int safe_relative(const char *rel)
{
	if (!*rel || rel[0] == '/')
		return 0;
	char **parts = g_strsplit(rel, "/", -1);
	int ok = 1;
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0)
			ok = 0;
	g_strfreev(parts);
	return ok;
}

/* The chain of blocks a dbx: locator names, read as ingestion read it. */
static int read_dbx(const char *evidence, const char *locator, GByteArray **out,
                    char *err, size_t errlen)
{
	uint32_t first;
	int freed, fd;
	int64_t size;
	if (mc_dbx_locator_parse(locator, &first, &freed) != 0) {
		snprintf(err, errlen, "malformed locator '%s'", locator);
		return -1;
	}
	if (open_regular(evidence, &fd, &size, err, errlen) != 0)
		return -1;
	struct mc_dbx_chain c;
	int rc = mc_dbx_chain_read(fd, (uint64_t)size, first, freed, (size_t)MC_RFC822_MAX_BYTES,
	                           NULL, &c);
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "%s: no message block at offset %" PRIu32, evidence, first);
		return -1;
	}
	*out = c.bytes;
	c.bytes = NULL;
	return 0;
}

static int read_base(const char *evidence, const char *locator, GByteArray **out,
                     char *err, size_t errlen)
{
	int64_t off = 0, len = -1;
	char *path;
	if (strncmp(locator, "dbx:", 4) == 0)
		return read_dbx(evidence, locator, out, err, errlen);
	if (strncmp(locator, "mbox:", 5) == 0 || strncmp(locator, "bytes:", 6) == 0) {
		if (parse_range(strchr(locator, ':') + 1, &off, &len) != 0) {
			snprintf(err, errlen, "malformed locator '%s'", locator);
			return -1;
		}
		path = g_strdup(evidence);
	} else if (strncmp(locator, "olm:", 4) == 0) {
		/* an item's messages share its bytes: "#email=<n>" names one of them */
		const char *hash = strstr(locator, "#email=");
		char *entry = hash ? g_strndup(locator + 4, (gsize)(hash - locator - 4))
		                   : g_strdup(locator + 4);
		int rc = mc_olm_read_entry(evidence, entry, RAW_MAX_BYTES, out, err, errlen);
		g_free(entry);
		return rc;
	} else if (strncmp(locator, "applemail:", 10) == 0) {
		const char *colon = strchr(locator + 10, ':');
		char *range = colon ? g_strndup(locator + 10, (gsize)(colon - locator - 10)) : NULL;
		int bad = !range || parse_range(range, &off, &len) != 0;
		g_free(range);
		if (bad || !safe_relative(colon + 1)) {
			snprintf(err, errlen, bad ? "malformed locator '%s'"
			         : "locator '%s' leaves the mailbox tree; refused", locator);
			return -1;
		}
		path = g_build_filename(evidence, colon + 1, NULL);
	} else if (strncmp(locator, "maildir:", 8) == 0) {
		if (!safe_relative(locator + 8)) {
			snprintf(err, errlen, "locator '%s' leaves the Maildir; refused", locator);
			return -1;
		}
		path = g_build_filename(evidence, locator + 8, NULL);
	} else {
		snprintf(err, errlen, "unknown locator form '%s'", locator);
		return -1;
	}
	int fd;
	int64_t size;
	int rc = open_regular(path, &fd, &size, err, errlen);
	if (rc == 0) {
		rc = read_range(fd, off, len < 0 ? size : len, out, path, err, errlen);
		close(fd);
	}
	g_free(path);
	return rc;
}

/* ---- the parent as ingestion parsed it ---- */

static int quoted_from_at(const guint8 *s, size_t i, size_t n)
{
	size_t k = i;
	while (k < n && s[k] == '>')
		k++;
	return k > i && n - k >= 5 && memcmp(s + k, "From ", 5) == 0;
}

/* The mboxrd rule: one '>' less on every ">From " line (a copy). */
static GByteArray *mbox_unescaped(const GByteArray *in)
{
	GByteArray *out = g_byte_array_sized_new(in->len);
	const guint8 *s = in->data;
	size_t n = in->len;
	for (size_t i = 0; i < n; i++) {
		if ((i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r') && quoted_from_at(s, i, n))
			continue;
		g_byte_array_append(out, s + i, 1);
	}
	return out;
}

/* ---- extracting one message/rfc822 part ---- */

/* The object at a part path ("2.1") of a message's MIME tree, and the
 * multipart holding it (NULL at the top). */
static GMimeObject *find_part(GMimeObject *top, const char *path, GMimeObject **parent)
{
	*parent = NULL;
	if (!GMIME_IS_MULTIPART(top))
		return strcmp(path, "1") == 0 ? top : NULL;
	GMimeObject *obj = top;
	char **steps = g_strsplit(path, ".", -1);
	for (char **s = steps; obj && *s; s++) {
		char *end;
		long k = strtol(*s, &end, 10);
		if (!GMIME_IS_MULTIPART(obj) || *end || k < 1 ||
		    k > g_mime_multipart_get_count(GMIME_MULTIPART(obj))) {
			obj = NULL;
			break;
		}
		*parent = obj;
		obj = g_mime_multipart_get_part(GMIME_MULTIPART(obj), (int)k - 1);
	}
	g_strfreev(steps);
	return obj;
}

static GByteArray *object_bytes(GMimeObject *obj)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(obj, NULL, mem);
	GByteArray *ba = g_byte_array_ref(g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem)));
	g_object_unref(mem);
	return ba;
}

static GByteArray *decoded_bytes(GMimePart *part)
{
	GByteArray *ba = g_byte_array_new();
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (w) {
		GMimeStream *mem = g_mime_stream_mem_new_with_byte_array(ba);
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
		struct mc_mime_decoded res;
		mc_mime_write_decoded(w, mem, &res);
		g_object_unref(mem);
	}
	return ba;
}

static int is_message_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	return ct && (g_mime_content_type_is_type(ct, "message", "rfc822") ||
	              g_mime_content_type_is_type(ct, "message", "global"));
}

static GByteArray *extract_part(const GByteArray *msg, const char *path,
                                char *err, size_t errlen)
{
	size_t blank;
	size_t base = mc_framing_headers_start((const char *)msg->data, msg->len, &blank);
	size_t blen = msg->len - base;
	char *copy = mc_framing_normalise_cr((const char *)msg->data + base, blen);
	const char *buf = copy ? copy : (const char *)msg->data + base;
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(buf, blen);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeParserOptions *opts = g_mime_parser_options_new();
	GMimeMessage *top_msg = blen ? g_mime_parser_construct_message(parser, opts) : NULL;
	GMimeObject *top = top_msg ? g_mime_message_get_mime_part(top_msg) : NULL;
	GMimeObject *parent = NULL;
	GMimeObject *obj = top ? find_part(top, path, &parent) : NULL;
	GByteArray *out = NULL;

	if (obj && GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		gint64 start = inner ? mc_framing_embedded_start(inner) : -1;
		if (start >= 0 && (size_t)start <= blen) {
			const char *boundary = parent
				? g_mime_object_get_content_type_parameter(parent, "boundary") : NULL;
			size_t end = mc_framing_part_end(buf, blen, (size_t)start, boundary);
			out = g_byte_array_sized_new((guint)(end - (size_t)start));
			g_byte_array_append(out, msg->data + base + start, (guint)(end - (size_t)start));
		} else if (inner) {
			out = object_bytes(GMIME_OBJECT(inner));
		} else {
			out = g_byte_array_new();
		}
	} else if (obj && GMIME_IS_PART(obj) && is_message_type(obj)) {
		out = decoded_bytes(GMIME_PART(obj));
	} else {
		snprintf(err, errlen, "part %s is not a message/rfc822 part of the message "
		         "as re-read", path);
	}
	if (top_msg)
		g_object_unref(top_msg);
	g_mime_parser_options_free(opts);
	g_object_unref(parser);
	g_object_unref(stream);
	g_free(copy);
	return out;
}

enum mc_raw_status mc_raw_read(const char *evidence_path, const char *variant,
                               const char *locator, GByteArray **out,
                               char *err, size_t errlen)
{
	*out = NULL;
	if (!locator || !*locator) {
		snprintf(err, errlen, "no locator recorded");
		return MC_RAW_ERROR;
	}
	if (mc_raw_is_pst(locator))
		return MC_RAW_NOT_BYTES;
	if (!evidence_path) {
		snprintf(err, errlen, "no evidence path recorded");
		return MC_RAW_ERROR;
	}
	char **chain = g_strsplit(locator, "#part=", -1);
	GByteArray *bytes = NULL;
	enum mc_raw_status rc = MC_RAW_OK;
	if (read_base(evidence_path, chain[0], &bytes, err, errlen) != 0)
		rc = MC_RAW_ERROR;
	for (int i = 1; rc == MC_RAW_OK && chain[i]; i++) {
		if (i > RAW_MAX_DEPTH) {
			snprintf(err, errlen, "locator nests deeper than %d messages", RAW_MAX_DEPTH);
			rc = MC_RAW_ERROR;
			break;
		}
		GByteArray *parse = NULL;
		if (i == 1 && strncmp(chain[0], "bytes:", 6) == 0 && bytes->len >= 3 &&
		    memcmp(bytes->data, "\xEF\xBB\xBF", 3) == 0) {
			parse = g_byte_array_sized_new(bytes->len - 3);
			g_byte_array_append(parse, bytes->data + 3, bytes->len - 3);
		} else if (i == 1 && strncmp(chain[0], "mbox:", 5) == 0 &&
		           !(variant && strcmp(variant, "mboxcl2") == 0)) {
			parse = mbox_unescaped(bytes);
		} else {
			parse = g_byte_array_ref(bytes);
		}
		mc_mime_init();
		GByteArray *inner = extract_part(parse, chain[i], err, errlen);
		g_byte_array_unref(parse);
		g_byte_array_unref(bytes);
		bytes = inner;
		if (!inner)
			rc = MC_RAW_ERROR;
	}
	g_strfreev(chain);
	if (rc == MC_RAW_OK)
		*out = bytes;
	else if (bytes)
		g_byte_array_unref(bytes);
	return rc;
}
