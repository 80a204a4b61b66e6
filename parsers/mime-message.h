/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-message.h: one RFC 822 message (bytes) into a struct mc_message.
 *
 * Uses GMime for everything MIME: header folding, RFC 2047 and RFC 2231,
 * multipart trees, base64/quoted-printable, message/rfc822 parts. Fills
 * headers (all, in order, decoded), subject, from, date (UTC + original
 * offset), ids, recipients, attachments (name, type, size, SHA-256), the body
 * text (text/plain preferred, else text/html reduced to text) decoded to
 * UTF-8 through charset.h, and the charset fields.
 */
#ifndef MAILCASE_MIME_MESSAGE_H
#define MAILCASE_MIME_MESSAGE_H

#include <stddef.h>
#include "mime-headers.h" /* mc_mime_init */
#include "record.h"

/* Called once for every message/rfc822 part found inside the message, in
 * document order; `embedded` has origin "embedded", its locator set to
 * "<parent locator>#part=<path>" and parent_local_id left 0 (the callback
 * fills ids). Return 0 to continue, -1 to stop. The callback does not own
 * `embedded`. Nested messages (a bounce of a bounce) come after the message
 * holding them, with that embedded record as `parent`. */
typedef int (*mc_embedded_fn)(void *ctx, struct mc_message *parent,
                              struct mc_message *embedded);

/*
 * Parses len bytes of one message into m (which the caller created with
 * mc_message_new() and may have pre-filled with locator, offsets and
 * folder). Sets m->size and m->sha256 from the bytes as given. Line endings
 * may be LF, CRLF or CR alone. Never fails on malformed input: what could
 * not be understood goes into m->warnings. Returns 0, or -1 if the bytes are
 * not a message at all (no header could be parsed), with m->warnings saying
 * why.
 */
int mc_mime_parse(const char *bytes, size_t len, struct mc_message *m,
                  mc_embedded_fn on_embedded, void *ctx);

#endif
