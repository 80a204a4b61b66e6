/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-decode.h: a MIME part's content, transfer-decoded, written to a
 * GMime stream: the one way ingestion (mime-message.c) and re-reading
 * (raw-message.c) decode a part.
 *
 * Base64 is decoded with GLib's decoder, not GMime's: GMime 3.2.13
 * (Debian 12) stops at the first '=' padding, so content made of several
 * base64 chunks one after the other ("SGVsbG8=" then "IHdvcmxk", a form
 * used to hide content from scanners) was cut to its first chunk without a
 * word (GMime issue 150): an attachment of 11 bytes recorded as 5, with the
 * hash of those 5. GLib's decoder goes on past padding, as RFC 2045's
 * decoders are told to ignore what is not base64. Every other encoding is
 * GMime's.
 */
#ifndef MAILCASE_MIME_DECODE_H
#define MAILCASE_MIME_DECODE_H

#include <gmime/gmime.h>

/* Writes w's content decoded to out. Returns 1 if it was base64 that went
 * on after '=' padding (the caller may say so), else 0. */
int mc_mime_write_decoded(GMimeDataWrapper *w, GMimeStream *out);

#endif
