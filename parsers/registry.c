/*
 * registry.c: the list of evidence formats, format detection by bidding,
 * and the small helpers every reader shares.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "resource-limits.h"
#include "parser.h"

const struct mc_format *const mc_formats[] = {
	&mc_format_pst,
	&mc_format_maildir,
	&mc_format_mbox,
	&mc_format_msg,
	&mc_format_tnef,
	&mc_format_eml,
	NULL
};

const struct mc_format *mc_format_detect(const struct mc_probe *probe)
{
	const struct mc_format *best = NULL;
	int best_bid = 0;
	for (size_t i = 0; mc_formats[i]; i++) {
		int bid = mc_formats[i]->bid(probe);
		if (bid > best_bid) {
			best_bid = bid;
			best = mc_formats[i];
		}
	}
	return best;
}

const struct mc_format *mc_format_by_name(const char *name)
{
	for (size_t i = 0; mc_formats[i]; i++)
		if (strcmp(mc_formats[i]->name, name) == 0)
			return mc_formats[i];
	return NULL;
}

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
