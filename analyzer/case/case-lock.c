/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * case-lock.c: the case's writer lock on CASE.lock (case-lock.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "case-lock.h"
#include "log.h"

/* Who holds the lock now, as its holder wrote it ("pid 12, ingest, since
 * 2026-..."), or "unknown" when the file says nothing usable. */
static void read_holder(int fd, char *out, size_t outlen)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	int printable = buf[0] != '\0';
	for (const char *p = buf; *p; p++)
		printable &= g_ascii_isprint(*p);
	g_strlcpy(out, printable ? buf : "holder unknown", outlen);
}

static void write_holder(int fd, const char *command)
{
	char now[21], line[160];
	mc_now_utc(now);
	int n = snprintf(line, sizeof line, "pid %ld, mailcase %s, since %s\n", (long)getpid(),
	                 command, now);
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, line, (size_t)n, 0);
}

/* flock until it succeeds or wait_s seconds have passed; 0, or -1 with
 * errno (EWOULDBLOCK when the lock stayed busy). */
static int lock_waiting(int fd, unsigned wait_s)
{
	gint64 until = g_get_monotonic_time() + (gint64)wait_s * G_USEC_PER_SEC;
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || g_get_monotonic_time() >= until)
			return -1;
		g_usleep(100 * 1000);
	}
}

enum mc_case_lock_result mc_case_lock(const char *case_path, const char *command,
                                      unsigned wait_s, int *fd, char *err, size_t errlen)
{
	char *lock_path = g_strconcat(case_path, ".lock", NULL);
	enum mc_case_lock_result result = MC_CASE_LOCK_ERROR;
	struct stat st;
	*fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK,
	           0666);
	if (*fd < 0) {
		snprintf(err, errlen, "%s: cannot open the case's lock file %s: %s", case_path,
		         lock_path, strerror(errno));
	} else if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: the case's lock file %s is not a regular file; "
		         "refusing to use it", case_path, lock_path);
	} else if (lock_waiting(*fd, wait_s) == 0) {
		write_holder(*fd, command);
		result = MC_CASE_LOCKED;
	} else if (errno == EWOULDBLOCK) {
		char holder[256];
		read_holder(*fd, holder, sizeof holder);
		snprintf(err, errlen, "%s: another mailcase is writing this case (%s; lock file "
		         "%s)%s; nothing was done. Run again when it has finished, or give "
		         "--wait SECONDS to wait for it", case_path, holder, lock_path,
		         wait_s ? " and did not finish in the time given" : "");
		result = MC_CASE_BUSY;
	} else {
		snprintf(err, errlen, "%s: cannot lock the case's lock file %s: %s", case_path,
		         lock_path, strerror(errno));
	}
	if (result != MC_CASE_LOCKED && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	g_free(lock_path);
	return result;
}

void mc_case_unlock(int fd)
{
	if (fd >= 0)
		close(fd);   /* releases the flock */
}
