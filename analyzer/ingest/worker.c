/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.c: the life of a parser worker process (its limits, the test
 * suite's fault injection, reading one evidence into a spool) and how its
 * end is told to the case. Starting and reaping workers is worker-pool.c.
 */
#include "config.h"

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "mime-message.h"
#include "wire.h"
#include "worker.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static void apply_limits(uint64_t memory_mb)
{
	struct rlimit core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &core);
	if (memory_mb && !UNDER_ASAN) {
		struct rlimit as;
		as.rlim_cur = as.rlim_max = (rlim_t)memory_mb * 1024 * 1024;
		setrlimit(RLIMIT_AS, &as);
	}
}

/*
 * Fault injection for the test suite: MAILCASE_FAULT=crash:N or hang:N makes
 * the worker die with SIGSEGV, or stop responding, when the reader emits its
 * Nth message; slow:MS makes it wait MS milliseconds before each message.
 * They let tests prove containment without relying on a real parser bug,
 * and make an ingest last long enough for another to overlap it.
 * MAILCASE_FAULT=pause:N:FILE creates FILE at the Nth message and waits
 * until FILE is removed, then goes on: a test changes the evidence
 * meanwhile (tests/e2e/evidence-changed.sh). Nothing else reads this
 * variable.
 */
struct fault {
	const struct mc_sink *inner;
	long after;
	int hang;
	const char *pause_file;
	long slow_ms;
	long seen;
};

/* Creates the pause file and waits (polling) until it is gone. */
static void pause_until_removed(const char *file)
{
	FILE *f = fopen(file, "w");
	if (!f)
		return;
	fclose(f);
	while (access(file, F_OK) == 0)
		g_usleep(10000);
}

static int fault_folder(void *ctx, const struct mc_folder *f)
{
	struct fault *x = ctx;
	return x->inner->folder(x->inner->ctx, f);
}

static int fault_message(void *ctx, const struct mc_message *m)
{
	struct fault *x = ctx;
	if (x->slow_ms > 0)
		g_usleep((gulong)x->slow_ms * 1000);
	if (++x->seen == x->after && x->pause_file)
		pause_until_removed(x->pause_file);
	else if (x->seen == x->after) {
		if (x->hang)
			for (;;)
				pause();
		/* A real segmentation fault, not one a sanitizer's handler reports. */
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	return x->inner->message(x->inner->ctx, m);
}

static int fault_problem(void *ctx, const char *severity, const char *locator,
                         const char *text)
{
	struct fault *x = ctx;
	return x->inner->problem(x->inner->ctx, severity, locator, text);
}

static const struct mc_sink *with_fault(const struct mc_sink *inner, struct fault *x,
                                        struct mc_sink *outer)
{
	const char *spec = getenv("MAILCASE_FAULT");
	if (!spec)
		return inner;
	if (strncmp(spec, "crash:", 6) == 0)
		x->after = atol(spec + 6);
	else if (strncmp(spec, "hang:", 5) == 0) {
		x->after = atol(spec + 5);
		x->hang = 1;
	} else if (strncmp(spec, "pause:", 6) == 0) {
		char *end = NULL;
		x->after = strtol(spec + 6, &end, 10);
		x->pause_file = end && *end == ':' && end[1] ? end + 1 : NULL;
		if (!x->pause_file)
			x->after = 0;
	} else if (strncmp(spec, "slow:", 5) == 0) {
		x->slow_ms = atol(spec + 5);
	}
	if (x->after <= 0 && x->slow_ms <= 0)
		return inner;
	x->inner = inner;
	outer->folder = fault_folder;
	outer->message = fault_message;
	outer->problem = fault_problem;
	outer->ctx = x;
	return outer;
}

void mc_worker_main(const struct mc_format *format, const char *path, int fd,
                    uint64_t size, int spool_fd, uint64_t memory_mb)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	apply_limits(memory_mb);
#ifdef M_TOP_PAD
	/* A megabyte of slack at the top of the heap: a reader that allocates
	 * and frees a node's blocks per item otherwise made glibc give the top
	 * back and take it again with a brk() each time (60,000 of them and a
	 * second of system time in a 20,000-item PST; docs/performance.md). */
	mallopt(M_TOP_PAD, 1 << 20);
#endif
	mc_mime_init();

	struct mc_wire_out out;
	struct mc_sink sink, faulty;
	struct fault fault = { 0 };
	struct mc_reader r;
	mc_wire_out_init(&out, spool_fd);
	mc_wire_sink(&sink, &out);
	mc_reader_init(&r, path, fd, size, with_fault(&sink, &fault, &faulty));
	enum mc_result result = mc_reader_grade(&r, format->read(&r));
	mc_wire_write_end(&out, result, r.variant, r.error[0] ? r.error : NULL,
	                  r.messages_emitted);
	_exit(out.failed ? 3 : 0);
}

unsigned mc_worker_default_timeout(uint64_t size)
{
	/* Ten minutes, plus two seconds per MiB: generous for any sane parser. */
	uint64_t s = 600 + (size / (1024 * 1024)) * 2;
	return s > 86400 ? 86400 : (unsigned)s;
}

int mc_worker_ok(const struct mc_worker *w)
{
	return !w->timed_out && !w->lost && WIFEXITED(w->wait_status) && WEXITSTATUS(w->wait_status) == 0;
}

char *mc_worker_describe(const struct mc_worker *w)
{
	if (w->timed_out)
		return g_strdup_printf("parser worker exceeded its time limit of %u s and was killed",
		                       w->timeout_s);
	if (w->lost)
		return g_strdup("the worker pool ended before the parser worker did; "
		                "how the worker ended is unknown");
	if (WIFSIGNALED(w->wait_status)) {
		int sig = WTERMSIG(w->wait_status);
		return g_strdup_printf("parser worker killed by signal %d (%s)%s", sig,
		                       strsignal(sig),
		                       sig == SIGABRT ? ", possibly out of memory" : "");
	}
	if (WIFEXITED(w->wait_status)) {
		int code = WEXITSTATUS(w->wait_status);
		if (code == 3)
			return g_strdup("parser worker could not write its spool file (disk full?)");
		return g_strdup_printf("parser worker exited with status %d", code);
	}
	return g_strdup("parser worker ended in an unknown way");
}
