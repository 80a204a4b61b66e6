/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emlx.h: the pieces of the Apple Mail .emlx reader (emlx.c) its tests,
 * fuzz harness and the mailbox-tree reader (applemail.c) call directly: the
 * byte-count line, the flag names, and one .emlx file's message emitted.
 */
#ifndef MAILCASE_EMLX_H
#define MAILCASE_EMLX_H

#include <stddef.h>
#include <stdint.h>

#include "eml.h"

/* The first line of an .emlx file (s, n bytes): blanks, 1 to 12 digits,
 * blanks, LF or CRLF. Returns the offset after it with *count set, or 0
 * when it is no such line. */
size_t mc_emlx_count_line(const char *s, size_t n, uint64_t *count);

/* The names of the Mail flags set in `flags`, comma-separated, in a new
 * string ("" when none is named). */
char *mc_emlx_flag_names(uint64_t flags);

/* What mc_emlx_emit did. */
enum {
	MC_EMLX_OK = 0,
	MC_EMLX_SHORT = 1,        /* emitted, but the file is shorter than its count */
	MC_EMLX_NOT_EMLX = -1,    /* no count line: nothing emitted */
	MC_EMLX_SINK = -2,        /* the sink failed */
};

/*
 * The bytes of one .emlx or .partial.emlx file (buf, len) as one message:
 * its byte range after the count line parsed and emitted through
 * mc_rfc822_emit_hooked (hook may be NULL), the property list after it read
 * into m's message_props (origin recovered when Mail's deleted flag is set).
 * The caller sets m's folder and origin, and frees m. The locator is
 * `bytes:<off>+<len>` (with m's byte range) when rel is NULL, else
 * `applemail:<off>+<len>:<rel>`, rel the file's path in a mailbox tree.
 * Returns an MC_EMLX_* value; err says why for any but MC_EMLX_OK.
 */
struct mc_reader;
struct mc_message;
int mc_emlx_emit(struct mc_reader *r, struct mc_message *m, const char *buf, size_t len,
                 const char *rel, mc_rfc822_hook_fn hook, void *hook_ctx,
                 char *err, size_t errlen);

#endif
