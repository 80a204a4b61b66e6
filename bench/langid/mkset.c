/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mkset.c: builds the labelled samples of the language benchmark.
 *
 *   mkset LEN MAX TAG [DRAW] < test-text > samples
 *
 * Reads one text a line, shuffles the lines (a fixed seed per TAG and LEN,
 * and DRAW when it is given and not 0: another shuffle of the same lines),
 * and joins consecutive lines with a space until LEN code points are
 * reached; the sample is cut there, back to the last space when one is in
 * its last third. Each line is used at most once per LEN. Writes up to MAX
 * lines "TAG:LEN:N<TAB>text" ("TAG:LEN:DRAW-N" for a draw other than 0) in
 * the textid line format (\t \n \r \\).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void put_escaped(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\\')
			fputs("\\\\", stdout);
		else
			putchar(c);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: mkset LEN MAX TAG [DRAW] < text\n");
		return 2;
	}
	long len = atol(argv[1]), max = atol(argv[2]);
	long draw = argc == 5 ? atol(argv[4]) : 0;
	const char *tag = argv[3];
	size_t cap = 1024, n = 0;
	char **lines = malloc(cap * sizeof *lines);
	char *line = NULL;
	size_t lcap = 0;
	ssize_t r;
	while ((r = getline(&line, &lcap, stdin)) > 0) {
		while (r > 0 && (line[r - 1] == '\n' || line[r - 1] == '\r'))
			line[--r] = 0;
		if (r == 0)
			continue;
		if (n == cap)
			lines = realloc(lines, (cap *= 2) * sizeof *lines);
		lines[n++] = strdup(line);
	}
	rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
	for (const char *p = tag; *p; p++)
		rng = (rng ^ (unsigned char)*p) * 0x100000001B3ull;
	if (draw)
		rng = (rng ^ (uint64_t)draw) * 0x100000001B3ull;
	if (!rng)
		rng = 1;
	for (size_t i = n; i > 1; i--) {
		size_t j = next() % i;
		char *t = lines[i - 1];
		lines[i - 1] = lines[j];
		lines[j] = t;
	}
	char *buf = malloc(16 * (size_t)len + 4096);
	long made = 0;
	size_t li = 0;
	while (made < max && li < n) {
		size_t b = 0;
		long cps = 0;
		size_t cut = 0, last_space = 0;
		long space_cps = 0;
		while (li < n && cps < len) {
			const char *s = lines[li++];
			if (b > 0) {
				buf[b++] = ' ';
				last_space = b - 1;
				space_cps = cps;
				cps++;
			}
			for (const char *p = s; *p && cps < len; p++) {
				if (((unsigned char)*p & 0xC0) != 0x80) {
					if (cps >= len)
						break;
				}
				buf[b++] = *p;
				if (((unsigned char)p[1] & 0xC0) != 0x80) {
					cps++;
					if (*p == ' ') {
						last_space = b - 1;
						space_cps = cps - 1;
					}
				}
			}
		}
		if (cps < len)
			break;
		cut = b;
		if (last_space > 0 && space_cps * 3 >= len * 2)
			cut = last_space;
		if (draw)
			printf("%s:%ld:%ld-%ld\t", tag, len, draw, made);
		else
			printf("%s:%ld:%ld\t", tag, len, made);
		put_escaped(buf, cut);
		putchar('\n');
		made++;
	}
	return 0;
}
