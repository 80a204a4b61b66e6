/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-hash.c: hashing evidence files and directory manifests.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "digest.h"
#include "evidence-hash.h"
#include "evidence-open.h"
#include "interrupt.h"

#define HASH_CHUNK (4 * 1024 * 1024)

/* One chunk for the MD5 thread: SHA-256 and MD5 of a chunk are computed at
 * once, on two cores, which nearly halves the time a big file takes. */
struct md5_job {
	struct mc_digest *md5;
	const unsigned char *data;
	size_t len;
};

static gpointer md5_update(gpointer data)
{
	struct md5_job *job = data;
	mc_digest_update(job->md5, job->data, job->len);
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void finish(struct mc_digest *sha, struct mc_digest *md5, struct mc_hashes *out)
{
	mc_digest_hex(sha, out->sha256, sizeof out->sha256);
	mc_digest_hex(md5, out->md5, sizeof out->md5);
}

/* Feeds fd's bytes to the checksums (md5 may be NULL). Reading stops with
 * an error past the size fstat gives a regular file (a procfs or sysfs
 * file yields more than its size says, without end for some), past the
 * time limit (timeout_s, 0: none; counted from *t0), or, as
 * MC_HASH_INTERRUPTED, once a stop was asked (interrupt.h). */
static int feed_fd(int fd, struct mc_digest *sha, struct mc_digest *md5, uint64_t *size,
                   unsigned timeout_s, const struct timespec *t0,
                   char *err, size_t errlen)
{
	struct stat st;
	off_t limit = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : -1;
	unsigned char *buf = g_malloc(HASH_CHUNK);
	off_t off = 0;
	int rc = 0;
	for (;;) {
		if (mc_interrupted) {
			snprintf(err, errlen, "interrupted while hashing, at offset %lld", (long long)off);
			rc = MC_HASH_INTERRUPTED;
			break;
		}
		if (timeout_s && seconds_since(t0) > timeout_s) {
			snprintf(err, errlen, "hashing took longer than the time limit of %u s "
			         "(at offset %lld); not read", timeout_s, (long long)off);
			rc = -1;
			break;
		}
		ssize_t n = pread(fd, buf, HASH_CHUNK, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "read error at offset %lld: %s",
			         (long long)off, strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (limit >= 0 && off + n > limit) {
			snprintf(err, errlen, "yields more bytes than its size of %lld: a file of a "
			         "virtual file system (procfs, sysfs) or one growing while read; not read",
			         (long long)limit);
			rc = -1;
			break;
		}
		struct md5_job job = { md5, buf, (size_t)n };
		GThread *t = md5 && n >= 65536 ? g_thread_try_new("md5", md5_update, &job, NULL) : NULL;
		mc_digest_update(sha, buf, (size_t)n);
		if (t)
			g_thread_join(t);
		else if (md5)
			mc_digest_update(md5, buf, (size_t)n);
		off += n;
	}
	g_free(buf);
	*size = (uint64_t)off;
	return rc;
}

int mc_hash_fd(int fd, struct mc_hashes *out, unsigned timeout_s, char *err, size_t errlen)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct mc_digest *sha = mc_digest_new(MC_DIGEST_SHA256);
	struct mc_digest *md5 = mc_digest_new(MC_DIGEST_MD5);
	memset(out, 0, sizeof *out);
	int rc = feed_fd(fd, sha, md5, &out->size, timeout_s, &t0, err, errlen);
	if (rc == 0) {
		finish(sha, md5, out);
		out->files = 1;
	}
	mc_digest_free(sha);
	mc_digest_free(md5);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects relative paths of regular files below root/rel into files. */
static int list_files(const char *root, const char *rel, GPtrArray *files,
                      char *err, size_t errlen)
{
	char *dirpath = rel[0] ? g_build_filename(root, rel, NULL) : g_strdup(root);
	DIR *d = mc_evidence_opendir(AT_FDCWD, dirpath, 0);
	if (!d) {
		snprintf(err, errlen, "cannot read directory %s: %s", dirpath, strerror(errno));
		g_free(dirpath);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *child = rel[0] ? g_strconcat(rel, "/", e->d_name, NULL) : g_strdup(e->d_name);
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(err, errlen, "cannot stat %s/%s: %s", root, child, strerror(errno));
			g_free(child);
			rc = -1;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = list_files(root, child, files, err, errlen);
			g_free(child);
			if (rc != 0)
				break;
		} else if (S_ISREG(st.st_mode)) {
			g_ptr_array_add(files, child);
		} else {
			g_free(child);
		}
	}
	closedir(d);
	g_free(dirpath);
	return rc;
}

int mc_hash_list_tree(const char *dir, GPtrArray *files, char *err, size_t errlen)
{
	int rc = list_files(dir, "", files, err, errlen);
	if (rc == 0)
		g_ptr_array_sort(files, cmp_str);
	return rc;
}

int mc_hash_tree(const char *dir, struct mc_hashes *out, unsigned timeout_s,
                 char *err, size_t errlen)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	memset(out, 0, sizeof *out);
	int rc = mc_hash_list_tree(dir, files, err, errlen);

	struct mc_digest *sha = mc_digest_new(MC_DIGEST_SHA256);
	struct mc_digest *md5 = mc_digest_new(MC_DIGEST_MD5);
	struct mc_digest *file_sha = mc_digest_new(MC_DIGEST_SHA256);
	for (guint i = 0; rc == 0 && i < files->len; i++) {
		const char *rel = g_ptr_array_index(files, i);
		char *path = g_build_filename(dir, rel, NULL);
		int fd = mc_evidence_open(path, O_NOFOLLOW);
		if (fd < 0) {
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
			rc = -1;
		} else {
			uint64_t size = 0;
			char file_hex[MC_SHA256_HEX_LEN + 1];
			rc = feed_fd(fd, file_sha, NULL, &size, timeout_s, &t0, err, errlen);
			close(fd);
			/* also starts file_sha again for the next file */
			mc_digest_hex(file_sha, file_hex, sizeof file_hex);
			if (rc == 0) {
				char *line = g_strdup_printf("%s  %s\n", file_hex, rel);
				mc_digest_update(sha, line, strlen(line));
				mc_digest_update(md5, line, strlen(line));
				g_free(line);
				out->size += size;
				out->files++;
			}
		}
		g_free(path);
	}
	if (rc == 0)
		finish(sha, md5, out);
	mc_digest_free(sha);
	mc_digest_free(md5);
	mc_digest_free(file_sha);
	g_ptr_array_free(files, TRUE);
	return rc;
}

int mc_hash_path(const char *path, struct mc_hashes *out, int *is_dir,
                 char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	*is_dir = S_ISDIR(st.st_mode);
	if (*is_dir)
		return mc_hash_tree(path, out, 0, err, errlen);
	int fd = mc_evidence_open(path, O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	int rc;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		rc = -1;
	} else {
		rc = mc_hash_fd(fd, out, 0, err, errlen);
	}
	close(fd);
	return rc;
}
