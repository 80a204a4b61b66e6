/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/langid/short.c: mc_textid_identify_short() on short fragments.
 *
 *   short SAMPLES TAG FILE [TAG FILE...]
 *
 * FILE holds held-out lines of language TAG (bench/langid/run's
 * WORK/bench/TAG.txt: the test half of the catalogs, lines in the
 * language's script). The lines are shuffled (fixed seed); from each of
 * the first SAMPLES, per length band (2-5, 6-10, 11-20 code points), the
 * first N code points are cut (N drawn in the band, leading blanks
 * skipped), as a subject prefix is the start of a subject. The tables
 * count the odd lines of the shuffle only: the even ones are where
 * textid.c's short-fragment constants were chosen. Fragments
 * without a letter are counted and left out. Prints per band: the share
 * whose language is right (a zh-Hans or zh-Hant fragment answered "zh" is
 * not, and is counted apart), whose script is the whole line's, the mean
 * confidence against the share right, the same per confidence band, and
 * per language the share right; and mc_textid_identify()'s share right on
 * the same fragments. With SHORT_DUMP=PATH in the environment, every
 * fragment is also written to PATH: half (the line's index after the
 * shuffle, modulo 2), band, tag, language, script, letters, confidence,
 * right (0 or 1), tab-separated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textid.h"

#define NBAND 3
#define NCONF 4
#define MAXTAG 64

static const int band_lo[NBAND] = { 2, 6, 11 }, band_hi[NBAND] = { 5, 10, 20 };

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

struct tally {
	long n, right, script_right, zh, und, long_right, noletter;
	double conf;
	long cn[NCONF], cright[NCONF];
	double cconf[NCONF];
};

/* Bytes of the first n code points of s (after leading blanks) */
static size_t cut(const char *s, int n, const char **start)
{
	while (*s == ' ' || *s == '\t')
		s++;
	*start = s;
	size_t i = 0;
	for (int k = 0; k < n && s[i]; k++) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static FILE *dump;

static void add(struct tally *t, const char *tag, const char *line_script,
                const char *frag, size_t len, int half, int band)
{
	struct mc_textid r, l;
	mc_textid_identify_short(frag, len, &r);
	if (r.letters == 0) {
		t->noletter++;
		return;
	}
	mc_textid_identify(frag, len, &l);
	int right = strcmp(r.language, tag) == 0;
	if (dump && half >= 0)
		fprintf(dump, "%d\t%d\t%s\t%s\t%s\t%zu\t%.6f\t%d\n", half, band, tag, r.language,
		        r.script, r.letters, r.confidence, right);
	t->n++;
	t->right += right;
	t->long_right += strcmp(l.language, tag) == 0;
	t->script_right += strcmp(r.script, line_script) == 0;
	t->zh += strcmp(r.language, "zh") == 0 && strncmp(tag, "zh-", 3) == 0;
	t->und += strcmp(r.language, "und") == 0;
	t->conf += r.confidence;
	int c = (int)(r.confidence * NCONF);
	if (c >= NCONF)
		c = NCONF - 1;
	t->cn[c]++;
	t->cright[c] += right;
	t->cconf[c] += r.confidence;
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc % 2) {
		fprintf(stderr, "usage: short SAMPLES TAG FILE [TAG FILE...]\n");
		return 2;
	}
	long samples = atol(argv[1]);
	if (getenv("SHORT_DUMP") && !(dump = fopen(getenv("SHORT_DUMP"), "w"))) {
		perror(getenv("SHORT_DUMP"));
		return 1;
	}
	int ntag = (argc - 2) / 2;
	if (ntag > MAXTAG)
		ntag = MAXTAG;
	static struct tally per[MAXTAG][NBAND], all[NBAND], scratch;
	for (int t = 0; t < ntag; t++) {
		const char *tag = argv[2 + 2 * t];
		FILE *f = fopen(argv[3 + 2 * t], "r");
		if (!f) {
			perror(argv[3 + 2 * t]);
			return 1;
		}
		size_t cap = 1024, n = 0;
		char **lines = malloc(cap * sizeof *lines);
		char *buf = NULL;
		size_t bcap = 0;
		ssize_t got;
		while ((got = getline(&buf, &bcap, f)) > 0) {
			if (buf[got - 1] == '\n')
				buf[--got] = 0;
			if (n == cap)
				lines = realloc(lines, (cap *= 2) * sizeof *lines);
			lines[n++] = strdup(buf);
		}
		free(buf);
		fclose(f);
		for (size_t i = n; i > 1; i--) {
			size_t j = next_rand() % i;
			char *x = lines[i - 1];
			lines[i - 1] = lines[j];
			lines[j] = x;
		}
		for (int b = 0; b < NBAND; b++)
			for (size_t i = 0; i < n && (long)i < samples; i++) {
				const char *start;
				int want = band_lo[b] + (int)(next_rand() % (unsigned)(band_hi[b] - band_lo[b] + 1));
				size_t len = cut(lines[i], want, &start);
				const char *ls = mc_script_of(lines[i], strlen(lines[i]));
				/* even lines chose textid.c's constants: the
				 * tables are the odd ones; the dump has both */
				int half = (int)(i % 2);
				add(half ? &per[t][b] : &scratch, tag, ls, start, len, -1, b);
				add(half ? &all[b] : &scratch, tag, ls, start, len, half, b);
			}
		for (size_t i = 0; i < n; i++)
			free(lines[i]);
		free(lines);
	}
	printf("band   samples  right%%  script%%  mean-conf  und%%  zh-undecided%%  identify-right%%  (no letter)\n");
	for (int b = 0; b < NBAND; b++) {
		const struct tally *x = &all[b];
		printf("%2d-%-2d  %7ld  %6.1f  %7.1f  %9.2f  %4.1f  %13.1f  %15.1f  %ld\n",
		       band_lo[b], band_hi[b], x->n, pct(x->right, x->n), pct(x->script_right, x->n),
		       x->n ? x->conf / (double)x->n : 0, pct(x->und, x->n), pct(x->zh, x->n),
		       pct(x->long_right, x->n), x->noletter);
	}
	printf("\ncalibration: per confidence band, samples, mean confidence, share right\n");
	for (int b = 0; b < NBAND; b++) {
		printf("%2d-%-2d ", band_lo[b], band_hi[b]);
		for (int c = 0; c < NCONF; c++) {
			const struct tally *x = &all[b];
			printf(" | [%.2f,%.2f) %6ld %.2f %5.1f%%", (double)c / NCONF, (double)(c + 1) / NCONF,
			       x->cn[c], x->cn[c] ? x->cconf[c] / (double)x->cn[c] : 0,
			       pct(x->cright[c], x->cn[c]));
		}
		printf("\n");
	}
	printf("\nper language, %% right (2-5, 6-10, 11-20)\n");
	for (int t = 0; t < ntag; t++) {
		printf("%-8s", argv[2 + 2 * t]);
		for (int b = 0; b < NBAND; b++)
			printf(" %6.1f", pct(per[t][b].right, per[t][b].n));
		printf("\n");
	}
	if (dump)
		fclose(dump);
	return 0;
}
