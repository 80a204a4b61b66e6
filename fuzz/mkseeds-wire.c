/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mkseeds-wire.c: seed spools for fuzz-wire. `mkseeds-wire OUTDIR FILE...`
 * reads each FILE with the mbox reader (when it starts with "From ") or the
 * EML reader, writing the records through the worker's wire sink into
 * OUTDIR/wire-<n>.spool with the closing end frame, as a worker would.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "fuzz.h"
#include "mime-message.h"
#include "parser.h"
#include "wire.h"

static int one(const char *outdir, int n, const char *path)
{
	int in = open(path, O_RDONLY);
	if (in < 0)
		return -1;
	struct stat sb;
	char head[5] = "";
	if (fstat(in, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    pread(in, head, sizeof head, 0) < 0) {
		close(in);
		return -1;
	}
	const struct mc_format *fmt =
		memcmp(head, "From ", 5) == 0 ? &mc_format_mbox : &mc_format_eml;
	char *name = g_strdup_printf("%s/wire-%04d.spool", outdir, n);
	int out = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	g_free(name);
	if (out < 0) {
		close(in);
		return -1;
	}
	struct mc_wire_out wo;
	struct mc_sink sink;
	struct mc_reader r;
	mc_wire_out_init(&wo, out);
	mc_wire_sink(&sink, &wo);
	mc_reader_init(&r, path, in, (uint64_t)sb.st_size, &sink);
	enum mc_result res = fmt->read(&r);
	mc_wire_write_end(&wo, res, r.variant, res == MC_OK ? NULL : r.error,
	                  r.messages_emitted);
	int failed = wo.failed;
	mc_wire_out_clear(&wo);
	close(out);
	close(in);
	return failed ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mkseeds-wire OUTDIR FILE...\n");
		return 2;
	}
	mc_mime_init();
	int made = 0;
	for (int i = 2; i < argc; i++)
		if (one(argv[1], made, argv[i]) == 0)
			made++;
	printf("mkseeds-wire: %d spool(s)\n", made);
	return 0;
}
