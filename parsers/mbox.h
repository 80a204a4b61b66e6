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
	const char *bytes;      /* the message as stored (length bytes) */
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

/* ---- shared by the mbox, eml and maildir readers (defined in maildir.c
 * and eml.c; declared here, the one header these readers own) ---- */

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

/* Reads the whole regular file fd into *out (NUL-terminated, g_free it),
 * refusing files over max bytes (errno EFBIG). Returns 0, or -1 with errno
 * set and *err_offset where reading failed. */
#define MC_RFC822_MAX_BYTES ((int64_t)256 * 1024 * 1024)
int mc_read_whole(int fd, int64_t max, char **out, size_t *len, int64_t *err_offset);

#endif
