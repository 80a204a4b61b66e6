/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.c: a main() for the harnesses without libFuzzer. Linked with one
 * fuzz/fuzz-<name>.c and the normal (gcc) build as fuzz/replay-<name>, it
 * calls LLVMFuzzerTestOneInput() once on each file named on the command
 * line, and on every regular file of each directory named (not recursive,
 * in name order). A crash or an abort of the harness ends the program;
 * exit status 0 means every input ran clean, 2 means a file could not be
 * read. Used by make check (tests/e2e/fuzz-regress.sh) on fuzz/regressions.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static int run_file(const char *path, int verbose)
{
	gchar *buf = NULL;
	gsize len = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &buf, &len, &err)) {
		fprintf(stderr, "replay: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, (size_t)len);
	/* an exact-size copy, so that ASan sees reads past the input's end */
	uint8_t *copy = g_malloc(len ? len : 1);
	memcpy(copy, buf, len);
	g_free(buf);
	LLVMFuzzerTestOneInput(copy, len);
	g_free(copy);
	return 0;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *path, int verbose, long *count)
{
	GError *err = NULL;
	GDir *d = g_dir_open(path, 0, &err);
	if (!d) {
		fprintf(stderr, "replay: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_build_filename(path, n, NULL));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	int rc = 0;
	for (guint i = 0; i < names->len; i++) {
		const char *f = g_ptr_array_index(names, i);
		if (!g_file_test(f, G_FILE_TEST_IS_REGULAR))
			continue;
		if (run_file(f, verbose) != 0)
			rc = -1;
		else
			(*count)++;
	}
	g_ptr_array_free(names, TRUE);
	return rc;
}

int main(int argc, char **argv)
{
	int verbose = getenv("REPLAY_VERBOSE") != NULL;
	int rc = 0;
	long count = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
			if (run_dir(argv[i], verbose, &count) != 0)
				rc = 2;
		} else if (run_file(argv[i], verbose) != 0) {
			rc = 2;
		} else {
			count++;
		}
	}
	printf("replay: %ld input(s) ran clean\n", count);
	return rc;
}
