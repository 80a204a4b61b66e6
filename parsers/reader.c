/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reader.c: the reader core every format shares (parser.h): the reader's
 * state, local ids, handing folders, messages and problems to the sink,
 * resource-limit accounting and the final grade. The list of formats is
 * apart, in formats.c, as libarchive keeps its format list apart from
 * archive_read.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "resource-limits.h"
#include "parser.h"

void mc_reader_init(struct mc_reader *r, const char *path, int fd,
                    uint64_t size, const struct mc_sink *sink)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->fd = fd;
	r->size = size;
	r->sink = sink;
	r->next_message_id = 1;
}

int64_t mc_reader_next_id(struct mc_reader *r)
{
	return r->next_message_id++;
}

int mc_reader_folder(struct mc_reader *r, const struct mc_folder *f)
{
	return r->sink->folder(r->sink->ctx, f);
}

int mc_reader_message(struct mc_reader *r, const struct mc_message *m)
{
	if (r->sink->message(r->sink->ctx, m) != 0)
		return -1;
	r->messages_emitted++;
	/* every resource limit the message met becomes a problem row too */
	const char *w = m->warnings ? m->warnings->str : "";
	while ((w = strstr(w, MC_LIMIT_PREFIX)) != NULL) {
		const char *eol = strchr(w, '\n');
		size_t n = eol ? (size_t)(eol - w) : strlen(w);
		char *line = g_strndup(w, n);
		int rc = mc_reader_limit(r, m->locator, line);
		g_free(line);
		if (rc != 0)
			return -1;
		w += n;
	}
	return 0;
}

int mc_reader_limit(struct mc_reader *r, const char *locator, const char *text)
{
	if (r->limit_hits++ == 0)
		snprintf(r->limit_first, sizeof r->limit_first, "%s%s%s", text,
		         locator ? " at " : "", locator ? locator : "");
	return r->sink->problem(r->sink->ctx, "warning", locator, text);
}

int mc_reader_embed_limit(struct mc_reader *r, const char *locator, int depth, int max_depth)
{
	char *text = g_strdup_printf(MC_LIMIT_PREFIX "embed-depth (%d) exceeded:"
	                             " embedded message at depth %d not read", max_depth, depth);
	int rc = mc_reader_limit(r, locator, text);
	g_free(text);
	return rc;
}

enum mc_result mc_reader_grade(struct mc_reader *r, enum mc_result result)
{
	if (r->limit_hits == 0 || result == MC_FATAL)
		return result;
	if (result == MC_OK)
		snprintf(r->error, sizeof r->error, "%s (%" PRId64 " resource limit%s hit,"
		         " see problems)", r->limit_first, r->limit_hits,
		         r->limit_hits == 1 ? "" : "s");
	return MC_WARN;
}

int mc_reader_problem(struct mc_reader *r, const char *severity,
                      const char *locator, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	return r->sink->problem(r->sink->ctx, severity, locator, text);
}

enum mc_result mc_reader_fail(struct mc_reader *r, enum mc_result result,
                              const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof r->error, fmt, ap);
	va_end(ap);
	return result;
}
