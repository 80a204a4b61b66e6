/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * resource-limits.h: the resource limits that keep hostile evidence from exhausting
 * memory, stack or time (issue 7), all in one place. docs/limits.md
 * documents each one and what is kept when it is hit.
 *
 * When a limit is hit, the message is kept with what was read, a warning
 * line starting with MC_LIMIT_PREFIX is added to the message (warnings
 * column) or, for limits outside a message, reported as a problem; the
 * reader (parsers/reader.c) turns each one into a "warning" problem row
 * at the message's locator and the evidence's status into `partial`, with
 * the first limit in evidence.error.
 */
#ifndef MAILCASE_RESOURCE_LIMITS_H
#define MAILCASE_RESOURCE_LIMITS_H

#include <stdint.h>

/* Every limit warning starts with this, then the limit's name. */
#define MC_LIMIT_PREFIX "resource limit "

/* MIME nesting: multipart in multipart, message/rfc822 in message/rfc822,
 * counted from the top-level message (1). A container deeper than this is
 * kept as one opaque part (its type renamed "x-limited/..." or
 * "x-limit/...") before GMime sees it, so GMime's recursion is bounded.
 * Real mail nests fewer than 10 levels; bounces of bounces a few more. */
#define MC_LIMIT_MIME_DEPTH 64

/* Header fields in one header block (the message's, a part's, an embedded
 * message's). The header lines from the first one over the limit on, and
 * everything after them, are not given to the MIME parser. Ordinary mail
 * has fewer than 200; long relay chains a few hundred Received. */
#define MC_LIMIT_HEADER_COUNT 10000

/* Bytes of one header field, folded lines included. Handled like
 * MC_LIMIT_HEADER_COUNT, from that field on. The longest legitimate ones
 * (References, DKIM, ARC) stay below 100 KiB. */
#define MC_LIMIT_HEADER_BYTES (1024 * 1024)

/* Attachments recorded per MIME message (leaf parts; PST/MSG attachment
 * tables are libpff/libolecf-bounded and not counted here). Parts
 * after the limit are neither recorded nor hashed. */
#define MC_LIMIT_ATTACHMENTS 10000

/* Decoded bytes of one part read into memory: the body text, a delivery
 * report, a TNEF or encoded message/rfc822 part. Only the first this many
 * encoded bytes are decoded (base64 and quoted-printable only shrink, so
 * the decoded text is at most this large). Attachments are hashed as a
 * stream, whatever their size, and are not limited. */
#define MC_LIMIT_PART_BYTES (32 * 1024 * 1024)

/* Decompressed size of PR_RTF_COMPRESSED (LZFu) and of the RTF turned into
 * text: the raw size a header claims is trusted up to this much. */
#define MC_LIMIT_RTF_BYTES (64u * 1024 * 1024)

/* Embedded messages (an attachment holding a message holding a message...)
 * in PST, OST and MSG items. Deeper ones are recorded as attachments, not
 * parsed. (message/rfc822 parts count under MC_LIMIT_MIME_DEPTH.) */
#define MC_LIMIT_EMBED_DEPTH 8

/* One line of an mbox file, in bytes. A longer line is no mail (mail lines
 * are at most 998 bytes, RFC 5322); the message holding it is cut at the
 * line's start and the reading goes on at the next "From " line. */
#define MC_LIMIT_MBOX_LINE (16 * 1024 * 1024)

/* Deleted node and block entries a PST reader keeps while it looks for
 * deleted items (our own reader, pst-own-recover.c: slack of the node
 * B-tree's pages and B-tree pages in free space). A real store holds a few
 * hundred; a file made of stale pages could hold millions. About 40 bytes
 * each: 40 MiB at most. */
#define MC_LIMIT_RECOVER_NODES 200000
#define MC_LIMIT_RECOVER_BLOCKS 800000

/* Bytes of one message item (XML) of an Outlook for Mac .olm archive,
 * decompressed: the item is read into memory and parsed whole, so a larger
 * one is not read (a problem row names it). Attachments are separate ZIP
 * entries, hashed as a stream, and are not limited. Real items, bodies
 * included, are well below 1 MiB. */
#define MC_LIMIT_OLM_ITEM_BYTES (64 * 1024 * 1024)

/* Adds a limit warning to a message (record.h's mc_message_warn):
 * "resource limit NAME (MAX) exceeded: DETAIL". NAME is the limit's short
 * name as docs/limits.md lists it ("mime-depth"), DETAIL says the value met
 * and what was kept; the locator is the message's. */
#define mc_limit_warn(m, name, max, fmt, ...) \
	mc_message_warn((m), MC_LIMIT_PREFIX "%s (%lld) exceeded: " fmt, (name), \
	                (long long)(max), __VA_ARGS__)

#endif
