/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox.h: splitting an mbox file into messages (mboxo, mboxrd, mboxcl2),
 * plus two helpers the RFC 822 based readers (mbox, eml, maildir) share.
 *
 * The splitter is separate from the reader so it can be tested and fuzzed on
 * buffers: it reads from an fd, streaming, and calls back once per message
 * with the message's byte range in the file (after the From_ line, without
 * the line ending that separates it from the next From_ line).
 */
#ifndef MAILCASE_MBOX_H
#define MAILCASE_MBOX_H

#include <stddef.h>
#include <stdint.h>

struct mc_mbox_msg {
	int64_t from_offset;    /* offset of the From_ line */
	int64_t offset;         /* first byte of the message (after the From_ line) */
	int64_t length;         /* bytes of the message as stored */
	const char *from_line;  /* the From_ line, without its line ending, NUL-terminated */
	const char *bytes;      /* the message as stored: its first `held` bytes */
	int64_t held;           /* bytes at `bytes`: length, or the head of a message
	                         * longer than the splitter holds (see sha256) */
	const char *sha256;     /* NULL, or when held < length the SHA-256 (hex) of all
	                         * length bytes, computed as they streamed past */
	int by_content_length;  /* 1 if the boundary came from Content-Length */
};

/* Return 0 to go on, -1 to stop. */
typedef int (*mc_mbox_fn)(void *ctx, const struct mc_mbox_msg *msg);

enum mc_mbox_eol { MC_EOL_LF, MC_EOL_CRLF, MC_EOL_CR };

struct mc_mbox_stats {
	int64_t messages;
	enum mc_mbox_eol eol;
	int escaped_from;       /* saw ">From " lines (mboxo/mboxrd escaping) */
	int escaped_gtfrom;     /* saw ">>From " lines (only mboxrd makes them) */
	int content_length;     /* boundaries came from Content-Length (mboxcl/cl2) */
	int64_t leading_garbage;/* bytes before the first From_ line */
	int truncated;          /* the last message ended without a line end */
	int64_t bytes_read;     /* bytes read so far: where a read error happened */
	int stopped;            /* the callback asked to stop */
};

/* 1 if line (len bytes, no line ending) is a plausible From_ separator line. */
int mc_mbox_is_from_line(const char *line, size_t len);

/* Splits the mbox read from fd (from offset 0). Returns 0, or -1 on read
 * error (errno set, stats->bytes_read says where) or when cb asked to stop
 * (stats->stopped set). */
int mc_mbox_split(int fd, mc_mbox_fn cb, void *ctx, struct mc_mbox_stats *stats);

/* The same, reading chunk bytes at a time (tests use tiny chunks to cross
 * chunk boundaries everywhere). mc_mbox_split uses MC_MBOX_CHUNK. */
#define MC_MBOX_CHUNK (256 * 1024)
int mc_mbox_split_chunked(int fd, size_t chunk, mc_mbox_fn cb, void *ctx,
                          struct mc_mbox_stats *stats);

/* The same, holding at most max_held bytes of one message: past that, the
 * message's first head bytes are kept, the rest is hashed as it streams
 * past and dropped, so memory stays bounded whatever the message's size
 * (its longest line aside). mc_mbox_split_chunked uses MC_MBOX_MAX_HELD and
 * MC_MBOX_HEAD; tests use small values. */
#define MC_MBOX_MAX_HELD ((int64_t)256 * 1024 * 1024)
#define MC_MBOX_HEAD ((size_t)32 * 1024 * 1024)
int mc_mbox_split_limited(int fd, size_t chunk, int64_t max_held, size_t head,
                          mc_mbox_fn cb, void *ctx, struct mc_mbox_stats *stats);

#endif
