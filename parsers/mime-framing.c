/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * mime-framing.c: the byte framing of mime-framing.h, one version for
 * ingestion and for the re-reading of raw-message.c: line lengths, the junk
 * before the headers, lone-CR normalisation, boundary lines and the extent
 * of an embedded message.
 */

#include <string.h>

#include "mime-framing.h"

/* Length of the line at b (with its line break). */
static size_t line_length(const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (b[i] == '\n')
			return i + 1;
		if (b[i] == '\r')
			return (i + 1 < len && b[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return len;
}

size_t mc_framing_headers_start(const char *b, size_t len, size_t *blank)
{
	size_t skip = 0;
	for (;;) {
		size_t n = line_length(b + skip, len - skip);
		size_t i = skip;
		while (i < skip + n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
			i++;
		if (n == 0 || i < skip + n || skip + n == len)
			break;
		skip += n;
	}
	*blank = skip;
	if (len - skip >= 5 && memcmp(b + skip, "From ", 5) == 0)
		skip += line_length(b + skip, len - skip);
	return skip;
}

/* 1 if the first line ending of len bytes at b is a CR alone. */
static int first_line_ends_in_cr(const char *b, size_t len)
{
	const char *end = b + len;
	const char *p = b;
	while (p < end && *p != '\r' && *p != '\n')
		p++;
	return !(p == end || *p == '\n' || (p + 1 < end && p[1] == '\n'));
}

char *mc_framing_normalise_cr(const char *b, size_t len)
{
	if (!first_line_ends_in_cr(b, len))
		return NULL;
	char *copy = g_malloc(len ? len : 1);
	memcpy(copy, b, len);
	for (size_t i = 0; i < len; i++)
		if (copy[i] == '\r' && (i + 1 == len || copy[i + 1] != '\n'))
			copy[i] = '\n';
	return copy;
}

gint64 mc_framing_embedded_start(GMimeMessage *inner)
{
	GMimeObject *objs[2] = { GMIME_OBJECT(inner), g_mime_message_get_mime_part(inner) };
	gint64 best = -1;
	for (int k = 0; k < 2; k++) {
		GMimeHeaderList *list = objs[k] ? g_mime_object_get_header_list(objs[k]) : NULL;
		int n = list ? g_mime_header_list_get_count(list) : 0;
		for (int i = 0; i < n; i++) {
			gint64 off = g_mime_header_get_offset(g_mime_header_list_get_header_at(list, i));
			if (off >= 0 && (best < 0 || off < best))
				best = off;
		}
	}
	return best;
}

/* 1 if the line at p is "--boundary" or "--boundary--" (and not the start
 * of a longer boundary). */
static int is_boundary_line(const char *p, const char *end, const char *boundary,
                            size_t blen)
{
	if ((size_t)(end - p) < blen + 2 || p[0] != '-' || p[1] != '-' ||
	    memcmp(p + 2, boundary, blen) != 0)
		return 0;
	p += blen + 2;
	if (end - p >= 2 && p[0] == '-' && p[1] == '-')
		return 1;
	return p == end || *p == '\r' || *p == '\n' || *p == ' ' || *p == '\t';
}

size_t mc_framing_part_end(const char *buf, size_t len, size_t from, const char *boundary)
{
	size_t blen = boundary ? strlen(boundary) : 0;
	const char *p = buf + from, *end = buf + len;
	while (blen && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (is_boundary_line(nl + 1, end, boundary, blen)) {
			size_t e = (size_t)(nl - buf);
			if (e > from && buf[e - 1] == '\r')
				e--;
			return e;
		}
		p = nl + 1;
	}
	return len;
}
