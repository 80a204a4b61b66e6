/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wire.h: the record stream from a parser worker to the case writer.
 *
 * A worker process turns evidence into records and writes them, framed, to
 * a spool file; the parent reads them back and stores them. Each frame is a
 * type byte, a 32-bit little-endian payload length and the payload; fields
 * are 64-bit little-endian integers and length-prefixed strings. A frame cut
 * short (the worker died while writing) reads as MC_WIRE_TRUNCATED, so
 * everything before it is kept and nothing after it is trusted.
 *
 * The spool is input like any other (a hostile file may have steered the
 * worker): the reader never allocates more than a frame's bytes that are
 * actually there. A payload longer than MC_WIRE_MAX_FRAME, or longer than
 * what is left of a regular spool file, is refused before anything is
 * allocated, and the payload is read into memory as it arrives. Such a frame
 * reads as MC_WIRE_TRUNCATED, with a message naming its offset in
 * mc_wire_in.error. The writer refuses to write a frame over the maximum.
 */
#ifndef MAILCASE_WIRE_H
#define MAILCASE_WIRE_H

#include <stdint.h>
#include <glib.h>

#include "parser.h"
#include "record.h"

enum mc_wire_type {
	MC_WIRE_EOF = 0,        /* clean end of the stream */
	MC_WIRE_TRUNCATED = -1, /* a frame was cut short or malformed */
	MC_WIRE_IOERR = -2,
	MC_WIRE_FOLDER = 'F',
	MC_WIRE_MESSAGE = 'M',
	MC_WIRE_PROBLEM = 'P',
	MC_WIRE_END = 'E',      /* the reader's graded result; always last */
};

/* The largest frame payload written or read, in bytes (1 GiB). */
#define MC_WIRE_MAX_FRAME (1024u * 1024u * 1024u)

struct mc_wire_problem {
	char *severity;
	char *locator;
	char *text;
};

struct mc_wire_end {
	int result;             /* enum mc_result */
	char *variant;
	char *error;
	int64_t messages;
};

struct mc_wire_record {
	enum mc_wire_type type;
	struct mc_folder *folder;
	struct mc_message *message;
	struct mc_wire_problem problem;
	struct mc_wire_end end;
};

/* Writing (in the worker). */
struct mc_wire_out {
	int fd;
	GString *frame;
	int failed;             /* a write failed; everything after is dropped */
};

void mc_wire_out_init(struct mc_wire_out *out, int fd);
void mc_wire_out_clear(struct mc_wire_out *out);
/* A sink whose callbacks write frames to out. */
void mc_wire_sink(struct mc_sink *sink, struct mc_wire_out *out);
int mc_wire_write_end(struct mc_wire_out *out, enum mc_result result,
                      const char *variant, const char *error, int64_t messages);

/* Reading (in the parent). The spool is read ahead in chunks of up to a
 * MiB through the descriptor's own position, not a few system calls per
 * frame: bytes read and not yet used wait in buf from buf_pos on. */
struct mc_wire_in {
	int fd;
	int regular;            /* the spool is a regular file (not a pipe) */
	GByteArray *buf;
	size_t buf_pos;
	uint64_t offset;        /* spool offset of the next frame */
	char error[256];        /* why the last read was TRUNCATED or IOERR, else "" */
};

void mc_wire_in_init(struct mc_wire_in *in, int fd);
void mc_wire_in_clear(struct mc_wire_in *in);
/* Reads the next record into rec (cleared first); returns its type. */
enum mc_wire_type mc_wire_read(struct mc_wire_in *in, struct mc_wire_record *rec);
/* For a spool a worker is still writing: 1 if the next frame is whole in
 * it, or is something mc_wire_read should judge (a length over the
 * maximum, a read error, a spool that is no regular file); 0 if the
 * worker has not written all of it yet. Reads what has arrived. */
int mc_wire_frame_ready(struct mc_wire_in *in);
void mc_wire_record_clear(struct mc_wire_record *rec);

#endif
