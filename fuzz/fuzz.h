/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz.h: what every harness in fuzz/ shares.
 *
 * Each fuzz/fuzz-<name>.c defines LLVMFuzzerTestOneInput() for one parser
 * entry point. The same file links either with libFuzzer (make fuzz, clang)
 * or with fuzz/replay.c (make check, gcc), which calls it on files.
 *
 * Harnesses must release everything they allocate and close every fd on
 * every input: libFuzzer runs millions of inputs in one process.
 */
#ifndef MAILCASE_FUZZ_H
#define MAILCASE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An fd (offset 0) whose file holds the size bytes: a memfd, or an unlinked
 * temporary file where there is none. Aborts when that fails, so a broken
 * environment is never mistaken for a clean run. The caller closes it. */
static inline int fuzz_fd(const uint8_t *data, size_t size)
{
	int fd = -1;
#ifdef MFD_CLOEXEC
	fd = memfd_create("fuzz-input", MFD_CLOEXEC);
#endif
	if (fd < 0) {
		char tmpl[] = "/tmp/mailcase-fuzz.XXXXXX";
		fd = mkstemp(tmpl);
		if (fd >= 0)
			unlink(tmpl);
	}
	if (fd < 0) {
		perror("fuzz: memfd/mkstemp");
		abort();
	}
	for (size_t off = 0; off < size; ) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			perror("fuzz: write");
			abort();
		}
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		perror("fuzz: lseek");
		abort();
	}
	return fd;
}

/* Contract checks: a broken promise of an API is a finding like a crash. */
#define FUZZ_CHECK(cond, what) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: contract broken at %s:%d: %s (%s)\n", \
		        __FILE__, __LINE__, what, #cond); \
		abort(); \
	} } while (0)

/* 1 if s is NULL or valid UTF-8 (NUL-terminated). */
static inline int fuzz_utf8_or_null(const char *s)
{
	return s == NULL || g_utf8_validate(s, -1, NULL);
}

#endif
