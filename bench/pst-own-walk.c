/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/pst-own-walk.c: mailcase's own PST reader (--pst-reader=own) with
 * no case behind it. The reader runs as in `mailcase ingest` (every
 * folder, item, property, body, recipient and attachment read and the
 * message records built, MIME included), but the sink only counts what it
 * is given: no worker process, no case writer, no hashing, no analysis. It
 * separates the reader's cost from the rest of an ingest. Prints items,
 * folders, problems and the bytes of the messages' raw forms. Not part of
 * mailcase; bench/pst builds it against a built tree's libparsers.a.
 *
 * Usage: pst-own-walk [--libpff] FILE.pst
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser.h"
#include "pst-own.h"

struct counts {
	long long folders, items, problems, bytes;
};

static int on_folder(void *ctx, const struct mc_folder *f)
{
	(void)f;
	((struct counts *)ctx)->folders++;
	return 0;
}

static int on_message(void *ctx, const struct mc_message *m)
{
	struct counts *c = ctx;
	c->items++;
	if (m->size > 0)
		c->bytes += m->size;
	return 0;
}

static int on_problem(void *ctx, const char *severity, const char *locator, const char *text)
{
	(void)severity;
	(void)locator;
	(void)text;
	((struct counts *)ctx)->problems++;
	return 0;
}

int main(int argc, char **argv)
{
	const char *reader = "own";
	int a = 1;
	if (a < argc && strcmp(argv[a], "--libpff") == 0) {
		reader = "libpff";
		a++;
	}
	if (a + 1 != argc) {
		fprintf(stderr, "usage: %s [--libpff] FILE.pst\n", argv[0]);
		return 2;
	}
	const char *path = argv[a];
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(path);
		return 1;
	}
	const struct mc_format *pst = mc_format_by_name("pst");
	if (!pst || mc_pst_reader_select(reader) != 0) {
		fprintf(stderr, "%s: no PST reader %s\n", argv[0], reader);
		return 1;
	}
	struct counts c = { 0, 0, 0, 0 };
	struct mc_sink sink = { on_folder, on_message, on_problem, &c };
	struct mc_reader r;
	mc_reader_init(&r, path, fd, (uint64_t)st.st_size, &sink);
	enum mc_result res = pst->read(&r);
	printf("items %lld folders %lld problems %lld bytes %lld result %d\n", c.items, c.folders,
	       c.problems, c.bytes, (int)res);
	close(fd);
	return res == MC_FATAL ? 1 : 0;
}
