/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-reader.h: running an evidence reader (parsers/parser.h) on the fuzz
 * input as a file, with a sink that stores nothing but checks what it is
 * given: record contracts, local ids handed out in order, parents and
 * folders that were emitted before. Used by fuzz-<format>-read.c.
 */
#ifndef MAILCASE_FUZZ_READER_H
#define MAILCASE_FUZZ_READER_H

#include "fuzz-record.h"
#include "mime-message.h"
#include "parser.h"

struct fuzz_sink_ctx {
	int64_t folders;     /* highest folder id emitted */
	int64_t messages;    /* messages emitted */
	int64_t last_id;
};

static inline int fuzz_sink_folder(void *p, const struct mc_folder *f)
{
	struct fuzz_sink_ctx *c = p;
	fuzz_check_folder(f);
	FUZZ_CHECK(f->local_id > 0, "folder ids are 1-based");
	FUZZ_CHECK(f->parent_local_id >= 0 && f->parent_local_id <= c->folders,
	           "a folder's parent was emitted before it");
	if (f->local_id > c->folders)
		c->folders = f->local_id;
	return 0;
}

static inline int fuzz_sink_message(void *p, const struct mc_message *m)
{
	struct fuzz_sink_ctx *c = p;
	fuzz_check_message(m);
	FUZZ_CHECK(m->local_id > c->last_id, "message ids increase");
	FUZZ_CHECK(m->parent_local_id >= 0 && m->parent_local_id < m->local_id,
	           "a message's parent was emitted before it");
	FUZZ_CHECK(m->folder_local_id >= 0 && m->folder_local_id <= c->folders,
	           "a message's folder was emitted before it");
	FUZZ_CHECK(m->locator != NULL, "every message has a locator");
	c->last_id = m->local_id;
	c->messages++;
	return 0;
}

static inline int fuzz_sink_problem(void *p, const char *severity, const char *locator,
                                    const char *text)
{
	(void)p;
	FUZZ_CHECK(severity && (strcmp(severity, "warning") == 0 || strcmp(severity, "error") == 0),
	           "problem severity is warning or error");
	FUZZ_CHECK(fuzz_utf8_or_null(locator) && text && g_utf8_validate(text, -1, NULL),
	           "problem strings are UTF-8");
	return 0;
}

static inline void fuzz_run_reader(const struct mc_format *fmt, const char *path,
                                   const uint8_t *data, size_t size)
{
	mc_mime_init();
	int fd = fuzz_fd(data, size);
	struct fuzz_sink_ctx c = { 0, 0, 0 };
	struct mc_sink sink = { fuzz_sink_folder, fuzz_sink_message, fuzz_sink_problem, &c };
	struct mc_reader r;
	mc_reader_init(&r, path, fd, size, &sink);
	enum mc_result res = fmt->read(&r);
	FUZZ_CHECK(res == MC_OK || res == MC_WARN || res == MC_FATAL, "a graded result");
	FUZZ_CHECK(res == MC_OK || r.error[0] != '\0', "a warning or failure says why");
	FUZZ_CHECK(r.messages_emitted == c.messages, "messages_emitted counts the sink's");
	close(fd);
}

#endif
