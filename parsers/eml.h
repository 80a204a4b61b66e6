/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eml.h: what the EML reader (eml.c) shares with the other readers of
 * RFC 822 bytes (mbox.c, maildir.c, tnef.c): emitting one message parsed
 * from bytes with its embedded messages, and reading a whole file.
 */
#ifndef MAILCASE_EML_H
#define MAILCASE_EML_H

#include <stddef.h>
#include <stdint.h>

struct mc_reader;
struct mc_message;

/*
 * Parses parse_len bytes with mc_mime_parse into m (pre-filled by the caller
 * with locator, byte range, folder and origin), gives m the next local id,
 * sets m->size/m->sha256 to the stored bytes (stored, stored_len: what is in
 * the evidence, which may differ from the parsed bytes, e.g. after mbox
 * unescaping), emits m, then emits every embedded message/rfc822 part as its
 * own record (parent_local_id = the containing message, same folder).
 * Unparsable bytes give a "warning" problem row and are still emitted.
 * The caller keeps ownership of m. Returns 0, or -1 if the sink failed.
 */
int mc_rfc822_emit(struct mc_reader *r, struct mc_message *m,
                   const char *parse_bytes, size_t parse_len,
                   const char *stored, size_t stored_len);

/* Called by mc_rfc822_emit_hooked with the parsed message, before it is
 * emitted (a reader adds what it knows beside the bytes: Apple Mail's
 * attachment files of a .partial.emlx). */
typedef void (*mc_rfc822_hook_fn)(struct mc_message *m, void *ctx);

/* mc_rfc822_emit, calling hook(m, hook_ctx) (if not NULL) between the parse
 * and the emission of m. */
int mc_rfc822_emit_hooked(struct mc_reader *r, struct mc_message *m,
                          const char *parse_bytes, size_t parse_len,
                          const char *stored, size_t stored_len,
                          mc_rfc822_hook_fn hook, void *hook_ctx);

/* mc_rfc822_emit for stored bytes not all in memory: their size and
 * SHA-256 (hex) are given (a long mbox message, hashed as it streamed). */
int mc_rfc822_emit_hashed(struct mc_reader *r, struct mc_message *m,
                          const char *parse_bytes, size_t parse_len,
                          int64_t stored_size, const char *stored_sha256);

/* A message file larger than MC_RFC822_MAX_BYTES (an EML file, a Maildir
 * message): its first MC_RFC822_HEAD_BYTES are parsed as the message (its
 * headers and the start of its body), while all its bytes are read in
 * chunks for its size and SHA-256, so memory stays bounded whatever its
 * size. m (locator and byte range set by the caller) gets a
 * "message-bytes" limit warning (which the case stores as a problem too). Returns 0,
 * -1 on a read error (err names its offset) or -2 if the sink failed. */
#define MC_RFC822_HEAD_BYTES ((size_t)32 * 1024 * 1024)
int mc_rfc822_emit_oversize(struct mc_reader *r, struct mc_message *m, int fd,
                            char *err, size_t errlen);

/* Reads the whole regular file fd into *out (NUL-terminated, g_free it),
 * refusing files over max bytes (errno EFBIG). Returns 0, or -1 with errno
 * set and *err_offset where reading failed. */
#define MC_RFC822_MAX_BYTES ((int64_t)256 * 1024 * 1024)
int mc_read_whole(int fd, int64_t max, char **out, size_t *len, int64_t *err_offset);

#endif
