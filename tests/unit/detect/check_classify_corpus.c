/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_classify_corpus.c: runs the classifier over the read-only mail
 * corpus (shared/corpus beside the source tree, or $MAILCASE_CORPUS):
 * parses each RFC 822 file with mc_mime_parse(), classifies it, and checks
 * the recall on the files MANIFEST.tsv tags as bounces and auto-replies and
 * how few untagged files come out as system messages. Prints the figures.
 * Exits 77 (skipped) when the corpus is absent. The tags are hints, not
 * ground truth: the thresholds leave room for that.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "classify.h"
#include "mime-message.h"
#include "record.h"

#ifndef MC_TOP_SRCDIR
#define MC_TOP_SRCDIR "."
#endif

static char *find_corpus(void)
{
	const char *env = g_getenv("MAILCASE_CORPUS");
	if (env && *env)
		return g_file_test(env, G_FILE_TEST_IS_DIR) ? g_strdup(env) : NULL;
	const char *top = g_getenv("top_srcdir");
	const char *tops[] = { top, MC_TOP_SRCDIR };
	for (size_t i = 0; i < G_N_ELEMENTS(tops); i++) {
		if (!tops[i])
			continue;
		char *p = g_build_filename(tops[i], "..", "shared", "corpus", NULL);
		char *manifest = g_build_filename(p, "MANIFEST.tsv", NULL);
		int ok = g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
		g_free(manifest);
		if (ok)
			return p;
		g_free(p);
	}
	return NULL;
}

struct tally {
	const char *name;
	int total, hit;
	int by_kind[MC_SYS_N_KINDS];
};

static void count(struct tally *t, const struct mc_classify_result *r, int hit)
{
	t->total++;
	t->hit += hit;
	t->by_kind[r->kind_id]++;
}

static void print_tally(const struct tally *t, const char *what)
{
	printf("%-28s %4d files, %4d %s (%.1f%%)  [", t->name, t->total, t->hit, what,
	       t->total ? 100.0 * t->hit / t->total : 0.0);
	for (int k = 0; k < MC_SYS_N_KINDS; k++)
		if (t->by_kind[k])
			printf(" %s=%d", k ? mc_sys_kind_name((enum mc_sys_kind)k) : "human",
			       t->by_kind[k]);
	printf(" ]\n");
}

static int classify_file(const char *path, struct mc_classify_result *r)
{
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		return -1;
	const char *p = data;
	/* a single mbox From_ line before the headers */
	if (len > 5 && strncmp(p, "From ", 5) == 0) {
		const char *nl = memchr(p, '\n', len);
		if (!nl)
			nl = memchr(p, '\r', len);
		if (nl) {
			len -= (gsize)(nl + 1 - p);
			p = nl + 1;
		}
	}
	struct mc_message *m = mc_message_new();
	m->origin = MC_ORIGIN_FOLDER;
	int rc = mc_mime_parse(p, len, m, NULL, NULL);
	if (rc == 0)
		mc_classify_message(m, NULL, r);
	mc_message_free(m);
	g_free(data);
	return rc;
}

int main(void)
{
	char *corpus = find_corpus();
	if (!corpus) {
		printf("SKIP: no corpus\n");
		return 77;
	}
	mc_mime_init();
	char *manifest_path = g_build_filename(corpus, "MANIFEST.tsv", NULL);
	gchar *manifest = NULL;
	if (!g_file_get_contents(manifest_path, &manifest, NULL, NULL)) {
		printf("SKIP: no corpus manifest\n");
		return 77;
	}
	/* CLASSIFY_VERBOSE=1 lists the misses; =2 also the untagged files of
	 * the bounce collections that came out human. */
	const char *vs = g_getenv("CLASSIFY_VERBOSE");
	int verbose = vs ? atoi(vs) : 0;
	struct tally dsn = { .name = "bounce/dsn" }, nondsn = { .name = "bounce(non-dsn)" },
	             ar = { .name = "auto-reply" }, mdn = { .name = "mdn/read-receipt" },
	             arf = { .name = "arf/feedback-report" }, not = { .name = "sisimai/maildir/not" },
	             other = { .name = "untagged, other sources" },
	             untagged_b = { .name = "untagged, bounce sources" };
	int unparsed = 0;
	char **lines = g_strsplit(manifest, "\n", -1);
	for (char **l = lines + 1; *l; l++) {
		char **col = g_strsplit(*l, "\t", -1);
		if (g_strv_length(col) < 7 || strcmp(col[5], "eml") != 0) {
			g_strfreev(col);
			continue;
		}
		const char *rel = col[0], *notes = col[6];
		char *path = g_build_filename(corpus, rel, NULL);
		struct mc_classify_result r;
		int rc = classify_file(path, &r);
		g_free(path);
		if (rc != 0) {
			unparsed++;
			g_strfreev(col);
			continue;
		}
		enum mc_sys_kind k = r.kind_id;
		int sys = k != MC_SYS_NONE;
		const char *miss = NULL;
		if (g_str_has_prefix(rel, "sisimai/maildir/not/")) {
			count(&not, &r, !sys);
			if (sys)
				miss = "not";
		} else if (strstr(notes, "bounce/dsn")) {
			int hit = k == MC_SYS_NDR || k == MC_SYS_DELAY;
			count(&dsn, &r, hit);
			if (!hit)
				miss = "dsn";
		} else if (strstr(notes, "auto-reply") && !strstr(notes, "not an OOO") &&
		           !strstr(notes, "negative case") && !strstr(notes, "bounce")) {
			int hit = k == MC_SYS_AUTO_REPLY;
			count(&ar, &r, hit);
			if (!hit)
				miss = "auto-reply";
		} else if (strstr(notes, "mdn/read-receipt")) {
			int hit = k == MC_SYS_READ_RECEIPT || k == MC_SYS_NONREAD_RECEIPT;
			count(&mdn, &r, hit);
			if (!hit)
				miss = "mdn";
		} else if (strstr(notes, "arf/feedback-report")) {
			count(&arf, &r, sys);
		} else if (strstr(notes, "bounce(non-dsn)")) {
			int hit = k == MC_SYS_NDR || k == MC_SYS_DELAY;
			count(&nondsn, &r, hit);
			if (!hit)
				miss = "non-dsn";
		} else if (!strstr(notes, "auto-reply")) {
			/* The bounce collections are nearly all bounces, many left
			 * untagged (CR-only files): counted apart, for information. */
			int bounce_src = g_str_has_prefix(rel, "sisimai/") ||
			                 g_str_has_prefix(rel, "bounceparser/") ||
			                 g_str_has_prefix(rel, "flufl-bounce/") ||
			                 g_str_has_prefix(rel, "php-bounce-handler/");
			int fp = sys && k != MC_SYS_LIST_OR_BULK;
			count(bounce_src ? &untagged_b : &other, &r, fp);
			if ((fp && !bounce_src) || (bounce_src && !sys && verbose > 1))
				miss = "untagged-system";
		}
		if (verbose && miss)
			printf("%s\t%s\t%s\t%s\n", miss, rel, r.kind ? r.kind : "-", r.reason);
		g_strfreev(col);
	}
	g_strfreev(lines);

	print_tally(&dsn, "ndr/delay");
	print_tally(&nondsn, "ndr/delay");
	print_tally(&ar, "auto_reply");
	print_tally(&mdn, "receipts");
	print_tally(&arf, "system");
	print_tally(&not, "human");
	print_tally(&untagged_b, "system, not list");
	print_tally(&other, "system, not list");
	printf("unparsed files: %d\n", unparsed);

	int ok = 1;
	if (dsn.total && dsn.hit * 100 < dsn.total * 90) {
		printf("FAIL: bounce/dsn recall below 90%%\n");
		ok = 0;
	}
	if (ar.total && ar.hit * 100 < ar.total * 90) {
		printf("FAIL: auto-reply recall below 90%%\n");
		ok = 0;
	}
	if (nondsn.total && nondsn.hit * 100 < nondsn.total * 75) {
		printf("FAIL: bounce(non-dsn) recall below 75%%\n");
		ok = 0;
	}
	if (not.total && not.hit * 2 < not.total) {
		printf("FAIL: most of sisimai/maildir/not classified as system\n");
		ok = 0;
	}
	if (other.total && other.hit * 100 > other.total * 10) {
		printf("FAIL: more than 10%% of untagged files are system messages\n");
		ok = 0;
	}
	g_free(manifest);
	g_free(manifest_path);
	g_free(corpus);
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
