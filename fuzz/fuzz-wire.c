/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-wire.c: the case writer's input, mc_wire_read() (analyzer/ingest/wire.h).
 *
 * The input is a spool file as a (possibly hostile or dying) worker left it;
 * records are read until EOF, TRUNCATED or IOERR, as the parent does. Every
 * record read is written back with the worker's writer (mc_wire_sink,
 * mc_wire_write_end) into a second spool, which must read back completely,
 * and re-encoding what that gives must produce the same bytes (decode and
 * encode are inverse on everything the decoder accepts).
 */
#include "config.h"
#include "fuzz.h"
#include "wire.h"

#define MAX_RECORDS 100000

/* Writes rec to out; returns 1 if it was a record, 0 for EOF/TRUNCATED. */
static int rewrite(struct mc_sink *sink, struct mc_wire_out *out,
                   const struct mc_wire_record *rec)
{
	switch (rec->type) {
	case MC_WIRE_FOLDER:
		FUZZ_CHECK(rec->folder != NULL, "folder record has a folder");
		sink->folder(sink->ctx, rec->folder);
		return 1;
	case MC_WIRE_MESSAGE:
		FUZZ_CHECK(rec->message != NULL, "message record has a message");
		FUZZ_CHECK(rec->message->headers && rec->message->recipients &&
		           rec->message->attachments && rec->message->props &&
		           rec->message->warnings, "message arrays exist");
		sink->message(sink->ctx, rec->message);
		return 1;
	case MC_WIRE_PROBLEM:
		sink->problem(sink->ctx, rec->problem.severity, rec->problem.locator,
		              rec->problem.text);
		return 1;
	case MC_WIRE_END:
		mc_wire_write_end(out, (enum mc_result)rec->end.result, rec->end.variant,
		                  rec->end.error, rec->end.messages);
		return 1;
	case MC_WIRE_EOF:
	case MC_WIRE_TRUNCATED:
		return 0;
	case MC_WIRE_IOERR:
		break;
	}
	FUZZ_CHECK(0, "no I/O error reading a memfd, and no unknown record type");
	return 0;
}

/* Reads every record from fd (at offset 0) and writes them to a new spool.
 * Returns that spool's fd (at offset 0); *records and *clean_end say what
 * was read. */
static int copy_spool(int fd, int *records, int *clean_end)
{
	int out_fd = fuzz_fd(NULL, 0);
	struct mc_wire_in in;
	struct mc_wire_out out;
	struct mc_sink sink;
	struct mc_wire_record rec;

	memset(&rec, 0, sizeof rec);
	mc_wire_in_init(&in, fd);
	mc_wire_out_init(&out, out_fd);
	mc_wire_sink(&sink, &out);
	*records = 0;
	for (;;) {
		enum mc_wire_type t = mc_wire_read(&in, &rec);
		FUZZ_CHECK(t == rec.type, "returned type is rec->type");
		if (!rewrite(&sink, &out, &rec)) {
			*clean_end = (t == MC_WIRE_EOF);
			break;
		}
		if (++*records >= MAX_RECORDS) {
			*clean_end = 1;
			break;
		}
	}
	mc_wire_record_clear(&rec);
	FUZZ_CHECK(!out.failed, "writing to a memfd works");
	mc_wire_out_clear(&out);
	mc_wire_in_clear(&in);
	FUZZ_CHECK(lseek(out_fd, 0, SEEK_SET) == 0, "rewind");
	return out_fd;
}

static GByteArray *slurp(int fd)
{
	GByteArray *b = g_byte_array_new();
	unsigned char buf[65536];
	ssize_t n;
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	while ((n = read(fd, buf, sizeof buf)) > 0)
		g_byte_array_append(b, buf, (guint)n);
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = fuzz_fd(data, size);
	int n1, n2, clean1, clean2;
	int fd1 = copy_spool(fd, &n1, &clean1);
	close(fd);
	GByteArray *b1 = slurp(fd1);
	FUZZ_CHECK(lseek(fd1, 0, SEEK_SET) == 0, "rewind");
	int fd2 = copy_spool(fd1, &n2, &clean2);
	FUZZ_CHECK(clean2, "a re-written spool reads to a clean EOF");
	FUZZ_CHECK(n1 == n2, "a re-written spool has the records read");
	GByteArray *b2 = slurp(fd2);
	FUZZ_CHECK(b1->len == b2->len && (b1->len == 0 || memcmp(b1->data, b2->data, b1->len) == 0),
	           "encode(decode(x)) is stable");
	(void)clean1;
	g_byte_array_free(b1, TRUE);
	g_byte_array_free(b2, TRUE);
	close(fd1);
	close(fd2);
	return 0;
}
