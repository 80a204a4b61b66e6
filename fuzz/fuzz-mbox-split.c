/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-mbox-split.c: mc_mbox_split_limited() (parsers/mbox.h) on the input
 * as an mbox file. The first byte picks the read chunk size (1..4096 bytes
 * or MC_MBOX_CHUNK), so From_ lines, line endings and Content-Length bodies
 * straddle chunk boundaries, and, when odd, a small limit on the bytes held
 * of one message, so longer ones stream (head kept, the rest hashed); the
 * rest is the file. Checks that every message lies inside the file, in
 * order, that its bytes (or head and SHA-256) are the file's, and that the
 * counts agree.
 */
#include "config.h"
#include "fuzz.h"
#include "mbox.h"

struct split_ctx {
	size_t size;
	int64_t count;
	int64_t last_end;
	const uint8_t *file;
};

static int on_msg(void *p, const struct mc_mbox_msg *msg)
{
	struct split_ctx *c = p;
	FUZZ_CHECK(msg->from_offset >= 0 && msg->from_offset < msg->offset, "From_ line before message");
	FUZZ_CHECK(msg->offset >= 0 && msg->length >= 0, "range is non-negative");
	FUZZ_CHECK((uint64_t)msg->offset + (uint64_t)msg->length <= c->size, "message inside the file");
	FUZZ_CHECK(msg->from_offset >= c->last_end, "messages in order, not overlapping");
	FUZZ_CHECK(msg->from_line != NULL, "From_ line present");
	FUZZ_CHECK(msg->length == 0 || msg->bytes != NULL, "bytes present");
	FUZZ_CHECK(msg->held >= 0 && msg->held <= msg->length, "held bytes within the message");
	FUZZ_CHECK(msg->sha256 != NULL || msg->held == msg->length, "all held, or hashed");
	if (msg->held > 0)
		FUZZ_CHECK(memcmp(msg->bytes, c->file + msg->offset, (size_t)msg->held) == 0,
		           "bytes are the file's bytes at offset");
	if (msg->sha256) {
		GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA256);
		g_checksum_update(sha, c->file + msg->offset, (gssize)msg->length);
		FUZZ_CHECK(strcmp(g_checksum_get_string(sha), msg->sha256) == 0,
		           "SHA-256 of a streamed message is the file's bytes'");
		g_checksum_free(sha);
	}
	c->last_end = msg->offset + msg->length;
	c->count++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = data[0] == 0xff ? MC_MBOX_CHUNK : (size_t)data[0] * 16 + 1;
	int64_t max_held = data[0] & 1 ? 16 + (int64_t)data[0] : MC_MBOX_MAX_HELD;
	size_t head = data[0] & 1 ? 8 : MC_MBOX_HEAD;
	data++;
	size--;

	int fd = fuzz_fd(data, size);
	struct split_ctx c = { .size = size, .file = data };
	struct mc_mbox_stats st;
	int rc = mc_mbox_split_limited(fd, chunk, max_held, head, on_msg, &c, &st);
	close(fd);
	FUZZ_CHECK(rc == 0, "split of a readable file succeeds");
	FUZZ_CHECK(st.messages == c.count, "stats count the messages called back");
	FUZZ_CHECK(st.leading_garbage >= 0 && (uint64_t)st.leading_garbage <= size,
	           "leading garbage inside the file");
	return 0;
}
