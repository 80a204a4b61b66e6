/*
 * worker.h: running a format reader in a separate process.
 *
 * Third-party parsers (libpff above all) crash and hang on damaged files.
 * Each evidence is read by a forked worker that writes its records to a
 * spool file (wire.h); the parent alone writes the case. A worker that
 * crashes, exceeds its time limit (killed) or its memory limit (allocation
 * fails, it aborts) leaves a spool cut short, which the parent keeps up to
 * the last whole record. The parent may read the spool while the worker
 * is still writing it (frames are only appended).
 */
#ifndef MAILCASE_WORKER_H
#define MAILCASE_WORKER_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "parser.h"

struct mc_worker_limits {
	unsigned timeout_s;     /* 0: derived from the evidence size */
	uint64_t memory_mb;     /* address-space limit; 0: none */
	const char *spool_dir;  /* where spool files go */
};

struct mc_worker {
	pid_t pid;
	int spool_fd;           /* the parent's read descriptor of the spool */
	struct timespec started;
	unsigned timeout_s;
	int running;
	int wait_status;
	int timed_out;
};

/* Starts a worker reading the evidence at path (fd open O_RDONLY, or -1 for
 * a directory). Returns 0 or -1 with a message in err. */
int mc_worker_start(struct mc_worker *w, const struct mc_format *format,
                    const char *path, int fd, uint64_t size,
                    const struct mc_worker_limits *limits, char *err, size_t errlen);

/* Waits up to timeout_ms for any of the n workers to end, killing those past
 * their time limit. Returns the number of workers that ended. */
int mc_worker_reap(struct mc_worker **workers, size_t n, int timeout_ms);

/* Kills and reaps a running worker. */
void mc_worker_kill(struct mc_worker *w);

/* 1 if the worker ended normally (exit status 0). */
int mc_worker_ok(const struct mc_worker *w);

/* How the worker ended, for the case ("killed by signal 11 (Segmentation
 * fault)"); g_malloc'd. */
char *mc_worker_describe(const struct mc_worker *w);

#endif
