/*
 * worker.c: forking, limiting and reaping parser workers.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

/* Creates an unlinked spool file: *write_fd for the worker and, opened
 * separately, *read_fd for the parent, so that the parent can read frames
 * while the worker appends them without the two sharing a file offset. */
static int make_spool(const char *dir, int *write_fd, int *read_fd, char *err, size_t errlen)
{
	char *tmpl = g_build_filename(dir ? dir : g_get_tmp_dir(), ".mailcase-spool-XXXXXX", NULL);
	int fd = mkstemp(tmpl);
	int rfd = fd < 0 ? -1 : open(tmpl, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || rfd < 0) {
		snprintf(err, errlen, "cannot create a spool file in %s: %s",
		         dir ? dir : g_get_tmp_dir(), strerror(errno));
		if (fd >= 0) {
			unlink(tmpl);
			close(fd);
		}
		g_free(tmpl);
		return -1;
	}
	unlink(tmpl);
	g_free(tmpl);
	*write_fd = fd;
	*read_fd = rfd;
	return 0;
}

static void apply_limits(const struct mc_worker_limits *limits)
{
	struct rlimit core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &core);
	if (limits->memory_mb && !UNDER_ASAN) {
		struct rlimit as;
		as.rlim_cur = as.rlim_max = (rlim_t)limits->memory_mb * 1024 * 1024;
		setrlimit(RLIMIT_AS, &as);
	}
}

/*
 * Fault injection for the test suite: MAILCASE_FAULT=crash:N or hang:N makes
 * the worker die with SIGSEGV, or stop responding, when the reader emits its
 * Nth message. It lets tests prove containment without relying on a real
 * parser bug. Nothing else reads this variable.
 */
struct fault {
	const struct mc_sink *inner;
	long after;
	int hang;
	long seen;
};

static int fault_folder(void *ctx, const struct mc_folder *f)
{
	struct fault *x = ctx;
	return x->inner->folder(x->inner->ctx, f);
}

static int fault_message(void *ctx, const struct mc_message *m)
{
	struct fault *x = ctx;
	if (++x->seen == x->after) {
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
	}
	if (x->after <= 0)
		return inner;
	x->inner = inner;
	outer->folder = fault_folder;
	outer->message = fault_message;
	outer->problem = fault_problem;
	outer->ctx = x;
	return outer;
}

static void worker_main(const struct mc_format *format, const char *path, int fd,
                        uint64_t size, int spool_fd, const struct mc_worker_limits *limits)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	apply_limits(limits);
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

static unsigned default_timeout(uint64_t size)
{
	/* Ten minutes, plus two seconds per MiB: generous for any sane parser. */
	uint64_t s = 600 + (size / (1024 * 1024)) * 2;
	return s > 86400 ? 86400 : (unsigned)s;
}

int mc_worker_start(struct mc_worker *w, const struct mc_format *format,
                    const char *path, int fd, uint64_t size,
                    const struct mc_worker_limits *limits, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	int write_fd, read_fd;
	w->spool_fd = -1;
	if (make_spool(limits->spool_dir, &write_fd, &read_fd, err, errlen) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start a parser worker: %s", strerror(errno));
		close(write_fd);
		close(read_fd);
		return -1;
	}
	if (pid == 0) {
		close(read_fd);
		worker_main(format, path, fd, size, write_fd, limits);
	}
	close(write_fd);
	w->spool_fd = read_fd;
	w->pid = pid;
	w->running = 1;
	w->timeout_s = limits->timeout_s ? limits->timeout_s : default_timeout(size);
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	return 0;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int collect(struct mc_worker **workers, size_t n)
{
	int ended = 0;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0)
			break;
		for (size_t i = 0; i < n; i++) {
			if (workers[i] && workers[i]->running && workers[i]->pid == pid) {
				workers[i]->running = 0;
				workers[i]->wait_status = status;
				ended++;
			}
		}
	}
	return ended;
}

int mc_worker_reap(struct mc_worker **workers, size_t n, int timeout_ms)
{
	int ended = collect(workers, n);
	if (ended)
		return ended;
	for (size_t i = 0; i < n; i++) {
		struct mc_worker *w = workers[i];
		if (w && w->running && elapsed(&w->started) > w->timeout_s) {
			w->timed_out = 1;
			mc_worker_kill(w);
			ended++;
		}
	}
	if (ended)
		return ended;
	struct timespec pause = { 0, (long)timeout_ms * 1000000L };
	nanosleep(&pause, NULL);
	return collect(workers, n);
}

void mc_worker_kill(struct mc_worker *w)
{
	if (!w->running)
		return;
	kill(w->pid, SIGKILL);
	int status;
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->wait_status = status;
	w->running = 0;
}

int mc_worker_ok(const struct mc_worker *w)
{
	return !w->timed_out && WIFEXITED(w->wait_status) && WEXITSTATUS(w->wait_status) == 0;
}

char *mc_worker_describe(const struct mc_worker *w)
{
	if (w->timed_out)
		return g_strdup_printf("parser worker exceeded its time limit of %u s and was killed",
		                       w->timeout_s);
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
