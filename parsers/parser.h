/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parser.h: the interface every evidence format implements.
 *
 * Modelled on libarchive's format readers. Each format registers a bid
 * function that looks at the start of the evidence and returns how sure it
 * is that the evidence is in its format (0 = not mine, 100 = certain), and a
 * read function that walks the evidence and emits folders and messages
 * through the reader's sink. read returns a graded result:
 *
 *   MC_OK     everything in the evidence was read           -> status ok
 *   MC_WARN   something could not be read; the rest was     -> status partial
 *   MC_FATAL  the evidence could not be read at all          -> status failed
 *
 * with a message in r->error saying what and where. Problems with single
 * messages that still yield a record go into mc_message_warn() or
 * mc_reader_problem() and do not change the grade.
 */
#ifndef MAILCASE_PARSER_H
#define MAILCASE_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include "record.h"

enum mc_result { MC_OK = 0, MC_WARN = 1, MC_FATAL = 2 };

/* What a bid function sees. */
struct mc_probe {
	const char *path;
	int is_dir;
	const unsigned char *head;   /* first bytes of a file (NULL for a directory) */
	size_t head_len;             /* up to MC_PROBE_BYTES */
	uint64_t size;
};
#define MC_PROBE_BYTES 65536

/* Where a reader sends what it finds. Each function returns 0, or -1 when
 * the sink cannot take more (disk full, parent gone): the reader must then
 * stop and return MC_FATAL. */
struct mc_sink {
	int (*folder)(void *ctx, const struct mc_folder *f);
	int (*message)(void *ctx, const struct mc_message *m);
	int (*problem)(void *ctx, const char *severity, const char *locator,
	               const char *text);
	void *ctx;
};

struct mc_reader {
	const char *path;            /* the evidence */
	int fd;                      /* opened O_RDONLY; -1 for a directory */
	uint64_t size;
	const struct mc_sink *sink;
	const char *variant;         /* the reader may name a sub-format ("mboxrd") */
	int64_t next_message_id;     /* local ids handed out by mc_reader_next_id() */
	int64_t messages_emitted;
	char error[1024];            /* reason for MC_WARN / MC_FATAL */
	int64_t limit_hits;          /* resource limits hit (parsers/resource-limits.h) */
	char limit_first[512];       /* the first of them, with its locator */
};

struct mc_format {
	const char *name;            /* evidence.format: "mbox", "eml", "maildir", "pst" */
	int (*bid)(const struct mc_probe *probe);
	enum mc_result (*read)(struct mc_reader *r);
	int directory;               /* 1: the evidence is a directory (hashed by its
	                                manifest, docs/case-schema.md) */
};

/* The registered formats, NULL-terminated, in bidding order. */
extern const struct mc_format *const mc_formats[];

/* 1 if the format named `name` reads a directory as one evidence. */
int mc_format_is_directory(const char *name);

/* The format that bids highest (> 0) for a probe, or NULL. */
const struct mc_format *mc_format_detect(const struct mc_probe *probe);
const struct mc_format *mc_format_by_name(const char *name);

void mc_reader_init(struct mc_reader *r, const char *path, int fd,
                    uint64_t size, const struct mc_sink *sink);
int64_t mc_reader_next_id(struct mc_reader *r);
int mc_reader_folder(struct mc_reader *r, const struct mc_folder *f);
/* Emits m; m->local_id must have come from mc_reader_next_id(). */
int mc_reader_message(struct mc_reader *r, const struct mc_message *m);
/* Records a problem row (severity "warning" or "error") for the evidence. */
int mc_reader_problem(struct mc_reader *r, const char *severity,
                      const char *locator, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Reports a resource limit hit (parsers/resource-limits.h): a "warning"
 * problem row, counted in r->limit_hits. mc_reader_message() calls it for every
 * limit warning of a message. Returns what the sink returned. */
int mc_reader_limit(struct mc_reader *r, const char *locator, const char *text);
/* Reports, as mc_reader_limit, that the embedded message at locator, at
 * embedding depth `depth`, was not read: deeper than max_depth. */
int mc_reader_embed_limit(struct mc_reader *r, const char *locator, int depth, int max_depth);
/* The grade of a finished read: MC_OK becomes MC_WARN (status partial),
 * with r->error naming the first limit, when a resource limit was hit. */
enum mc_result mc_reader_grade(struct mc_reader *r, enum mc_result result);
/* Sets r->error and returns result, for "return mc_reader_fail(r, MC_FATAL, ...)". */
enum mc_result mc_reader_fail(struct mc_reader *r, enum mc_result result,
                              const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* The formats (one file each in parsers/). */
extern const struct mc_format mc_format_mbox;
extern const struct mc_format mc_format_eml;
extern const struct mc_format mc_format_maildir;
extern const struct mc_format mc_format_pst;
extern const struct mc_format mc_format_msg;
extern const struct mc_format mc_format_tnef;
extern const struct mc_format mc_format_emlx;
extern const struct mc_format mc_format_dbx;
extern const struct mc_format mc_format_applemail;
extern const struct mc_format mc_format_olm;

#endif
