/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-framing.h: where a message's bytes begin and end, shared by
 * ingestion (mime-message.c, mime-headers.c) and the re-reading of a
 * message from its evidence (raw-message.c). `show --verify` relies on both
 * finding the same boundaries, so there is one version of each rule: the
 * junk before the headers, lone-CR line endings, and the extent of an
 * embedded message/rfc822 part.
 */
#ifndef MAILCASE_MIME_FRAMING_H
#define MAILCASE_MIME_FRAMING_H

#include <stddef.h>
#include <gmime/gmime.h>

/* Offset of the headers in len bytes at b: after white-space-only lines,
 * then one mbox "From " line. *blank gets the number of bytes of the
 * white-space-only lines (the mbox line is normal, the blank lines are worth
 * a warning). */
size_t mc_framing_headers_start(const char *b, size_t len, size_t *blank);

/* A g_malloc'd copy of len bytes at b with every CR not followed by LF
 * turned into LF (same length, so offsets stay valid for the bytes as
 * given), made only for a message whose first line ends in CR alone (old Mac
 * mail); NULL when the first line ending is LF or CRLF (or there is none):
 * there a bare CR is data (a binary part's byte) and stays. Ingestion and
 * raw-message.c's re-reading both parse what this gives, so they find the
 * same part boundaries. */
char *mc_framing_normalise_cr(const char *b, size_t len);

/* Where an embedded message starts within the bytes GMime parsed: the
 * offset of its first header (message or top-level part), or -1. */
gint64 mc_framing_embedded_start(GMimeMessage *inner);

/* Offset just before the line break that ends the part starting at `from`
 * in len bytes at buf: the next "--boundary" or "--boundary--" line, or len
 * when there is none (or no boundary). */
size_t mc_framing_part_end(const char *buf, size_t len, size_t from, const char *boundary);

#endif
