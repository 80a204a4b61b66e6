/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.h: running a format reader in a separate process.
 *
 * Third-party parsers (libpff above all) crash and hang on damaged files.
 * Each evidence is read by a worker process that writes its records to a
 * spool file (wire.h); the parent alone writes the case. A worker that
 * crashes, exceeds its time limit (killed) or its memory limit (allocation
 * fails, it aborts) leaves a spool cut short, which the parent keeps up to
 * the last whole record. The parent may read the spool while the worker
 * is still writing it (frames are only appended).
 *
 * Workers are not forked by the case writer itself but by a small spawner
 * process (a worker pool) that the writer forks before it opens the case.
 * Forking from the writer would share its SQLite page cache and heap with
 * every worker, and each page the writer then wrote again would cost a
 * copy-on-write fault: a fifth of the writer's time in a batch of exports
 * (docs/performance.md). The pool reports how each worker ended; when the
 * writer goes away, whether it exits or is killed, the pool kills the
 * workers still running and ends.
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

struct mc_worker_pool;

struct mc_worker {
	struct mc_worker_pool *pool;
	pid_t pid;
	int spool_fd;           /* the parent's read descriptor of the spool */
	struct timespec started;
	unsigned timeout_s;
	int running;
	int wait_status;
	int timed_out;
	int lost;               /* the pool ended before reporting this worker */
};

/* Forks the pool's spawner process. Call it while the process is small:
 * before the case is opened. Returns NULL with a message in err. */
struct mc_worker_pool *mc_worker_pool_open(char *err, size_t errlen);

/* Ends the pool: workers still running are killed, the spawner reaped. */
void mc_worker_pool_close(struct mc_worker_pool *pool);

/* Starts a worker reading the evidence at path (fd open O_RDONLY, or -1 for
 * a directory). Returns 0 or -1 with a message in err. */
int mc_worker_start(struct mc_worker_pool *pool, struct mc_worker *w,
                    const struct mc_format *format, const char *path, int fd,
                    uint64_t size, const struct mc_worker_limits *limits,
                    char *err, size_t errlen);

/* Waits up to timeout_ms for any of the n workers to end, killing those past
 * their time limit. Returns the number of workers that ended. */
int mc_worker_reap(struct mc_worker_pool *pool, struct mc_worker **workers, size_t n,
                   int timeout_ms);

/* Kills a running worker and waits until the pool reports its end. */
void mc_worker_kill(struct mc_worker *w);

/* 1 if the worker ended normally (exit status 0). */
int mc_worker_ok(const struct mc_worker *w);

/* How the worker ended, for the case ("killed by signal 11 (Segmentation
 * fault)"); g_malloc'd. */
char *mc_worker_describe(const struct mc_worker *w);

/* The body of a worker process (worker.c): applies the memory limit, reads
 * the evidence with format and writes the spool; never returns. Called by
 * the pool's spawner in each child it forks. */
void mc_worker_main(const struct mc_format *format, const char *path, int fd,
                    uint64_t size, int spool_fd, uint64_t memory_mb)
	__attribute__((noreturn));

/* The time limit for evidence of size bytes when none is given. */
unsigned mc_worker_default_timeout(uint64_t size);

#endif
