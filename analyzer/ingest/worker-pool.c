/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker-pool.c: the spawner process that forks parser workers, and the
 * case writer's side of it (starting, reaping and killing workers).
 *
 * The writer forks the spawner once, while it is small, and talks to it
 * over a socket pair (SOCK_SEQPACKET: one message per request or report,
 * an orderly end when either side goes). Requests carry the evidence and
 * spool descriptors (SCM_RIGHTS); the spawner forks a worker for each and
 * answers with its pid, reaps the workers as they end and reports each end
 * with its wait status. Kills go through the spawner too, which signals
 * only a worker it has not yet reaped, so a recycled pid is never hit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "worker.h"

enum { REQ_START = 1, REQ_KILL = 2 };
enum { REP_STARTED = 1, REP_ENDED = 2 };

/* A request; the path of a start request follows it in the same message. */
struct request {
	uint32_t type;
	int32_t pid;                /* REQ_KILL */
	uint64_t size;              /* REQ_START: the evidence's size */
	uint64_t memory_mb;
	int32_t has_evidence_fd;    /* 1: two descriptors come (spool, evidence) */
	char format[32];            /* the reader's name (mc_format_by_name) */
};

struct report {
	uint32_t type;
	int32_t pid;                /* REP_STARTED: the worker, or -errno */
	int32_t status;             /* REP_ENDED: the wait status */
};

/* The longest path a start request carries. */
#define MAX_REQUEST_PATH 65536

struct ended {
	pid_t pid;
	int status;
};

struct mc_worker_pool {
	pid_t spawner;
	int sock;
	int broken;                 /* the spawner is gone */
	GArray *ended;              /* struct ended: reports not yet claimed */
};

/* ---- the spawner process ---- */

/* The spawner's state; static, so that a worker forked from it (which
 * leaves it behind) holds it reachable, not leaked. */
static int sigchld_pipe[2] = { -1, -1 };
static GHashTable *live;        /* pids of the workers not yet reaped */
static char *request_path;      /* MAX_REQUEST_PATH bytes */

static void on_sigchld(int sig)
{
	(void)sig;
	int saved = errno;
	ssize_t n = write(sigchld_pipe[1], "c", 1);
	(void)n;
	errno = saved;
}

static void send_report(int sock, uint32_t type, pid_t pid, int status)
{
	struct report r = { .type = type, .pid = pid, .status = status };
	while (send(sock, &r, sizeof r, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

static void reap_children(int sock, int block)
{
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, block ? 0 : WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		g_hash_table_remove(live, GINT_TO_POINTER(pid));
		send_report(sock, REP_ENDED, pid, status);
	}
}

/* Receives one request with its descriptors (-1 where none came).
 * Returns 1 for a request, 0 at the writer's end, -1 for a message cut
 * short (the descriptors that came with it are closed). */
static int receive_request(int sock, struct request *req, char *path, int fds[2])
{
	struct iovec iov[2] = { { req, sizeof *req }, { path, MAX_REQUEST_PATH } };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} control;
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2,
	                      .msg_control = control.buf, .msg_controllen = sizeof control.buf };
	memset(req, 0, sizeof *req);
	fds[0] = fds[1] = -1;
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		memcpy(fds, CMSG_DATA(c), (k > 2 ? 2 : k) * sizeof(int));
	}
	if ((size_t)n < sizeof *req || (size_t)n - sizeof *req >= MAX_REQUEST_PATH ||
	    (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		fds[0] = fds[1] = -1;
		return -1;
	}
	path[(size_t)n - sizeof *req] = '\0';
	return 1;
}

static void start_worker(int sock, const struct request *req,
                         const char *path, int spool_fd, int evidence_fd)
{
	char name[sizeof req->format + 1];
	memcpy(name, req->format, sizeof req->format);
	name[sizeof req->format] = '\0';
	const struct mc_format *format = mc_format_by_name(name);
	pid_t pid = -EINVAL;
	if (format && spool_fd >= 0 && (!req->has_evidence_fd || evidence_fd >= 0)) {
		pid = fork();
		if (pid == 0) {
			close(sock);
			close(sigchld_pipe[0]);
			close(sigchld_pipe[1]);
			mc_worker_main(format, path, req->has_evidence_fd ? evidence_fd : -1,
			               req->size, spool_fd, req->memory_mb);
		}
		if (pid < 0)
			pid = -errno;
		else
			g_hash_table_add(live, GINT_TO_POINTER(pid));
	}
	if (spool_fd >= 0)
		close(spool_fd);
	if (evidence_fd >= 0)
		close(evidence_fd);
	send_report(sock, REP_STARTED, pid, 0);
}

static void kill_all(void)
{
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, live);
	while (g_hash_table_iter_next(&it, &key, NULL))
		kill(GPOINTER_TO_INT(key), SIGKILL);
}

static void spawner_main(int sock) __attribute__((noreturn));
static void spawner_main(int sock)
{
	/* The writer decides when work stops: an interrupt it records, then it
	 * closes the socket, and only then does the spawner end. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (pipe(sigchld_pipe) != 0)
		_exit(1);
	for (int i = 0; i < 2; i++) {
		fcntl(sigchld_pipe[i], F_SETFL, O_NONBLOCK);
		fcntl(sigchld_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);

	live = g_hash_table_new(g_direct_hash, g_direct_equal);
	request_path = g_malloc(MAX_REQUEST_PATH);
	for (;;) {
		struct pollfd p[2] = { { .fd = sock, .events = POLLIN },
		                       { .fd = sigchld_pipe[0], .events = POLLIN } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents) {
			char drain[64];
			while (read(sigchld_pipe[0], drain, sizeof drain) > 0)
				;
			reap_children(sock, 0);
		}
		if (!p[0].revents)
			continue;
		struct request req;
		int fds[2];
		int got = receive_request(sock, &req, request_path, fds);
		if (got == 0)
			break;
		if (got < 0) {
			/* Cut short: refuse it, so a writer waiting for an answer
			 * to a start gets one. */
			if (req.type == REQ_START)
				send_report(sock, REP_STARTED, -EMSGSIZE, 0);
		} else if (req.type == REQ_START) {
			start_worker(sock, &req, request_path, fds[0], fds[1]);
		} else {
			for (int i = 0; i < 2; i++)
				if (fds[i] >= 0)
					close(fds[i]);
			if (req.type == REQ_KILL &&
			    g_hash_table_contains(live, GINT_TO_POINTER(req.pid)))
				kill(req.pid, SIGKILL);
		}
	}
	/* The writer is gone (it closed the pool, exited or was killed). */
	kill_all();
	signal(SIGCHLD, SIG_DFL);
	reap_children(sock, 1);
	_exit(0);
}

/* ---- the writer's side ---- */

struct mc_worker_pool *mc_worker_pool_open(char *err, size_t errlen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "cannot create the worker pool's socket: %s", strerror(errno));
		return NULL;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start the worker pool: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	if (pid == 0) {
		close(sv[0]);
		spawner_main(sv[1]);
	}
	close(sv[1]);
	struct mc_worker_pool *pool = g_new0(struct mc_worker_pool, 1);
	pool->spawner = pid;
	pool->sock = sv[0];
	pool->ended = g_array_new(FALSE, FALSE, sizeof(struct ended));
	return pool;
}

void mc_worker_pool_close(struct mc_worker_pool *pool)
{
	if (!pool)
		return;
	close(pool->sock);
	int status;
	while (waitpid(pool->spawner, &status, 0) < 0 && errno == EINTR)
		;
	g_array_free(pool->ended, TRUE);
	g_free(pool);
}

/* Reads one report: 1 when *r holds one, 0 when none is waiting (only when
 * !block), -1 when the spawner is gone. */
static int read_report(struct mc_worker_pool *pool, struct report *r, int block)
{
	if (pool->broken)
		return -1;
	for (;;) {
		ssize_t n = recv(pool->sock, r, sizeof *r, block ? 0 : MSG_DONTWAIT);
		if (n == (ssize_t)sizeof *r)
			return 1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		pool->broken = 1;
		return -1;
	}
}

/* Keeps an end report until the worker it names is asked about. */
static void remember_end(struct mc_worker_pool *pool, const struct report *r)
{
	struct ended e = { r->pid, r->status };
	g_array_append_val(pool->ended, e);
}

/* Gives w its end if the spawner reported it; 1 if so. */
static int claim_end(struct mc_worker_pool *pool, struct mc_worker *w)
{
	for (guint i = 0; i < pool->ended->len; i++) {
		struct ended *e = &g_array_index(pool->ended, struct ended, i);
		if (e->pid == w->pid) {
			w->wait_status = e->status;
			w->running = 0;
			g_array_remove_index_fast(pool->ended, i);
			return 1;
		}
	}
	if (pool->broken) {
		w->lost = 1;
		w->running = 0;
		return 1;
	}
	return 0;
}

/* Creates an unlinked spool file: *write_fd for the worker and, opened
 * separately, *read_fd for the parent, so that the parent can read frames
 * while the worker appends them without the two sharing a file offset. */
static int make_spool(const char *dir, int *write_fd, int *read_fd, char *err, size_t errlen)
{
	char *tmpl = g_build_filename(dir ? dir : g_get_tmp_dir(), ".mailcase-spool-XXXXXX", NULL);
	int fd = mkostemp(tmpl, O_CLOEXEC);
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

static int send_start(struct mc_worker_pool *pool, const struct mc_format *format,
                      const char *path, int evidence_fd, int spool_fd, uint64_t size,
                      uint64_t memory_mb)
{
	struct request req = { .type = REQ_START, .size = size, .memory_mb = memory_mb,
	                       .has_evidence_fd = evidence_fd >= 0 };
	g_strlcpy(req.format, format->name, sizeof req.format);
	size_t path_len = strlen(path) + 1;
	if (path_len > MAX_REQUEST_PATH) {
		errno = ENAMETOOLONG;
		return -1;
	}
	struct iovec iov[2] = { { &req, sizeof req }, { (void *)path, path_len } };
	int fds[2] = { spool_fd, evidence_fd };
	size_t nfds = evidence_fd >= 0 ? 2 : 1;
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} control;
	memset(&control, 0, sizeof control);
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2,
	                      .msg_control = control.buf,
	                      .msg_controllen = CMSG_SPACE(nfds * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	ssize_t n;
	while ((n = sendmsg(pool->sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	return n < 0 ? -1 : 0;
}

int mc_worker_start(struct mc_worker_pool *pool, struct mc_worker *w,
                    const struct mc_format *format, const char *path, int fd,
                    uint64_t size, const struct mc_worker_limits *limits,
                    char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	w->spool_fd = -1;
	if (pool->broken) {
		snprintf(err, errlen, "cannot start a parser worker: the worker pool has ended");
		return -1;
	}
	int write_fd, read_fd;
	if (make_spool(limits->spool_dir, &write_fd, &read_fd, err, errlen) != 0)
		return -1;
	int sent = send_start(pool, format, path, fd, write_fd, size, limits->memory_mb);
	int saved = errno;
	close(write_fd);
	struct report r;
	int got = 0;
	while (sent == 0 && (got = read_report(pool, &r, 1)) == 1 && r.type != REP_STARTED)
		remember_end(pool, &r);
	if (sent != 0 || got != 1 || r.pid <= 0) {
		int e = sent != 0 ? saved : got != 1 ? EPIPE : -r.pid;
		snprintf(err, errlen, "cannot start a parser worker: %s",
		         got != 1 && sent == 0 ? "the worker pool has ended" : strerror(e));
		close(read_fd);
		if (got != 1)
			pool->broken = 1;
		return -1;
	}
	w->pool = pool;
	w->spool_fd = read_fd;
	w->pid = r.pid;
	w->running = 1;
	w->timeout_s = limits->timeout_s ? limits->timeout_s : mc_worker_default_timeout(size);
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	return 0;
}

static double elapsed(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Reads the reports waiting and hands them to their workers. */
static int collect(struct mc_worker_pool *pool, struct mc_worker **workers, size_t n)
{
	struct report r;
	int got;
	while ((got = read_report(pool, &r, 0)) == 1)
		if (r.type == REP_ENDED)
			remember_end(pool, &r);
	int ended = 0;
	for (size_t i = 0; i < n; i++)
		if (workers[i] && workers[i]->running)
			ended += claim_end(pool, workers[i]);
	return ended;
}

int mc_worker_reap(struct mc_worker_pool *pool, struct mc_worker **workers, size_t n,
                   int timeout_ms)
{
	int ended = collect(pool, workers, n);
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
	if (ended || pool->broken)
		return ended;
	struct pollfd p = { .fd = pool->sock, .events = POLLIN };
	poll(&p, 1, timeout_ms);
	return collect(pool, workers, n);
}

void mc_worker_kill(struct mc_worker *w)
{
	if (!w->running)
		return;
	struct mc_worker_pool *pool = w->pool;
	if (claim_end(pool, w))
		return;
	struct request req = { .type = REQ_KILL, .pid = w->pid };
	while (send(pool->sock, &req, sizeof req, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
	struct report r;
	while (w->running) {
		if (read_report(pool, &r, 1) == 1 && r.type == REP_ENDED)
			remember_end(pool, &r);
		claim_end(pool, w);
	}
}
