/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-bfio.c: a libbfio handle over a file descriptor that
 * mc_evidence_open() opened, for the libyal readers (libpff, libolecf).
 *
 * Left to themselves, libpff_file_open() and libolecf_file_open() open the
 * evidence by path with a plain open(2), so reading a PST or MSG could move
 * its access time. Given this handle instead, every byte they read comes
 * through pread(2) on our own read-only, O_NOATIME descriptor
 * (parsers/evidence-open.h): the same guarantee as for mbox, EML and
 * Maildir. The handle cannot write: its write function always fails, and
 * opening it for writing is refused.
 *
 * The descriptor belongs to the handle: libbfio frees it (and we close it)
 * when the handle is freed. libbfio may clone a handle (one per reader
 * thread or pool slot); a clone gets its own dup() of the descriptor and
 * its own offset.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "evidence-bfio.h"
#include "evidence-open.h"

struct bfio_fd {
	int fd;
	off64_t offset;
	int is_open;
};

static struct bfio_fd *bfio_fd_new(int fd)
{
	struct bfio_fd *b = g_new0(struct bfio_fd, 1);
	b->fd = fd;
	return b;
}

static int bfio_free(intptr_t **io, libbfio_error_t **error)
{
	(void)error;
	if (!io || !*io)
		return 1;
	struct bfio_fd *b = (struct bfio_fd *)*io;
	if (b->fd >= 0)
		close(b->fd);
	g_free(b);
	*io = NULL;
	return 1;
}

static int bfio_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **error)
{
	(void)error;
	if (!dst)
		return -1;
	if (!src) {
		*dst = NULL;
		return 1;
	}
	const struct bfio_fd *s = (const struct bfio_fd *)src;
	int fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct bfio_fd *d = bfio_fd_new(fd);
	d->offset = s->offset;
	d->is_open = s->is_open;
	*dst = (intptr_t *)d;
	return 1;
}

static int bfio_open(intptr_t *io, int access_flags, libbfio_error_t **error)
{
	(void)error;
	struct bfio_fd *b = (struct bfio_fd *)io;
	/* read only, always: evidence is never written */
	if (!b || b->fd < 0 || (access_flags & ~LIBBFIO_ACCESS_FLAG_READ) != 0)
		return -1;
	b->is_open = 1;
	b->offset = 0;
	return 1;
}

static int bfio_close(intptr_t *io, libbfio_error_t **error)
{
	(void)error;
	struct bfio_fd *b = (struct bfio_fd *)io;
	if (!b)
		return -1;
	/* the descriptor stays ours until the handle is freed: libbfio may
	 * close and reopen a handle */
	b->is_open = 0;
	return 0;
}

static ssize_t bfio_read(intptr_t *io, uint8_t *buffer, size_t size, libbfio_error_t **error)
{
	(void)error;
	struct bfio_fd *b = (struct bfio_fd *)io;
	if (!b || !b->is_open || (!buffer && size))
		return -1;
	if (size > SSIZE_MAX)
		size = SSIZE_MAX;
	size_t done = 0;
	while (done < size) {
		ssize_t n = pread(b->fd, buffer + done, size - done, (off_t)(b->offset + (off64_t)done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	b->offset += (off64_t)done;
	return (ssize_t)done;
}

static ssize_t bfio_write(intptr_t *io, const uint8_t *buffer, size_t size,
                          libbfio_error_t **error)
{
	(void)io;
	(void)buffer;
	(void)size;
	(void)error;
	return -1;
}

static int file_size(int fd, size64_t *size)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0)
		return -1;
	*size = (size64_t)st.st_size;
	return 1;
}

static off64_t bfio_seek(intptr_t *io, off64_t offset, int whence, libbfio_error_t **error)
{
	(void)error;
	struct bfio_fd *b = (struct bfio_fd *)io;
	if (!b)
		return -1;
	off64_t base;
	size64_t size = 0;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = b->offset;
		break;
	case SEEK_END:
		if (file_size(b->fd, &size) != 1 || size > (size64_t)INT64_MAX)
			return -1;
		base = (off64_t)size;
		break;
	default:
		return -1;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -1;
	b->offset = base + offset;
	return b->offset;
}

static int bfio_exists(intptr_t *io, libbfio_error_t **error)
{
	(void)error;
	const struct bfio_fd *b = (const struct bfio_fd *)io;
	return b && b->fd >= 0 ? 1 : 0;
}

static int bfio_is_open(intptr_t *io, libbfio_error_t **error)
{
	(void)error;
	const struct bfio_fd *b = (const struct bfio_fd *)io;
	return b && b->is_open ? 1 : 0;
}

static int bfio_get_size(intptr_t *io, size64_t *size, libbfio_error_t **error)
{
	(void)error;
	const struct bfio_fd *b = (const struct bfio_fd *)io;
	if (!b || !size)
		return -1;
	return file_size(b->fd, size);
}

libbfio_handle_t *mc_evidence_bfio_open(const char *path)
{
	int fd = mc_evidence_open(path, 0);
	if (fd < 0)
		return NULL;
	struct bfio_fd *b = bfio_fd_new(fd);
	libbfio_handle_t *h = NULL;
	if (libbfio_handle_initialize(&h, (intptr_t *)b, bfio_free, bfio_clone, bfio_open,
	                              bfio_close, bfio_read, bfio_write, bfio_seek, bfio_exists,
	                              bfio_is_open, bfio_get_size,
	                              LIBBFIO_FLAG_IO_HANDLE_MANAGED |
	                                  LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION,
	                              NULL) != 1) {
		close(fd);
		g_free(b);
		errno = ENOMEM;
		return NULL;
	}
	return h;
}

void mc_evidence_bfio_free(libbfio_handle_t **handle)
{
	if (handle && *handle)
		libbfio_handle_free(handle, NULL);
}
