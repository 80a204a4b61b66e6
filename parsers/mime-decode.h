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
 * hash of those 5. Here a padded chunk may be followed, on its line or on
 * the next lines, by more base64, which is decoded as a new chunk (and
 * counted); a line after the padding that is not base64 (a footer a list
 * added after the encoded text) ends the content, and its bytes are counted
 * as not decoded, rather than decoded into garbage. The base64 itself is
 * decoded with GLib's decoder; every other encoding is GMime's.
 */
#ifndef MAILCASE_MIME_DECODE_H
#define MAILCASE_MIME_DECODE_H

#include <stdint.h>
#include <gmime/gmime.h>

/* What decoding met, for the caller's warnings. */
struct mc_mime_decoded {
	int chunked;             /* base64 went on after padding: several chunks */
	int64_t undecoded;       /* bytes after the base64 content, not decoded */
};

/* Writes w's content decoded to out and says in res what it met. */
void mc_mime_write_decoded(GMimeDataWrapper *w, GMimeStream *out,
                           struct mc_mime_decoded *res);

#endif
