/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-guard.h: a linear pre-scan of one message's bytes before GMime
 * parses them, enforcing the MIME limits of resource-limits.h that GMime itself
 * does not have: nesting depth (GMime recurses once per multipart or
 * message/rfc822 level), header fields per header block and bytes per
 * header field.
 */
#ifndef MAILCASE_MIME_GUARD_H
#define MAILCASE_MIME_GUARD_H

#include <stddef.h>
#include "record.h"

/*
 * Scans len bytes (one message, lines ending in LF or CRLF). A container
 * nested deeper than MC_LIMIT_MIME_DEPTH gets its media type renamed in
 * place ("multipart/mixed" -> "x-limited/mixed", "message/rfc822" ->
 * "x-limit/rfc822"), so GMime keeps it as one leaf part; the bytes are
 * copied first (into a g_malloc'd *copy, which the caller frees) unless
 * *copy already holds them. A header block over MC_LIMIT_HEADER_COUNT
 * fields, or a field over MC_LIMIT_HEADER_BYTES, ends what GMime is given:
 * the return value is the number of bytes to parse (len when no header
 * limit was hit). Every limit hit is a limit warning on m (resource-limits.h).
 */
size_t mc_mime_guard(const char *buf, size_t len, char **copy, struct mc_message *m);

#endif
