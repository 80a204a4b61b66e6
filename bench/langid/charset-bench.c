/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset-bench.c: the charset half of bench/langid/run.
 *
 *   charset-bench [MAX] < set.tsv
 *
 * Takes the language benchmark's samples ("TAG:LEN:N<TAB>text"), encodes
 * each into the legacy charsets mail carries for its language (and UTF-8),
 * skipping pairs the charset cannot hold, and counts how often the detected
 * charset decodes the bytes back to the very text: uchardet alone
 * (mc_charset_detect) against mc_charset_guess. Decoding is
 * mc_charset_decode() with the detected name as the label; it must neither
 * report a mismatch nor lose a byte. HZ-GB-2312, which glibc lacks, is
 * encoded here from GB2312. MAX (default 200) bounds the samples taken per
 * language and length, to keep the run short.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "charset-guess.h"

static const struct {
	const char *lang;
	const char *charsets;
} table[] = {
	{ "zh-Hans", "GB2312 GBK GB18030 HZ-GB-2312 UTF-8" },
	{ "zh-Hant", "BIG5 UTF-8" },
	{ "ja", "ISO-2022-JP SHIFT_JIS EUC-JP UTF-8" },
	{ "ko", "EUC-KR UTF-8" },
	{ "ru", "KOI8-R WINDOWS-1251 ISO-8859-5 UTF-8" },
	{ "uk", "KOI8-U WINDOWS-1251 UTF-8" },
	{ "bg", "WINDOWS-1251 UTF-8" },
	{ "el", "WINDOWS-1253 ISO-8859-7 UTF-8" },
	{ "he", "WINDOWS-1255 ISO-8859-8 UTF-8" },
	{ "ar", "WINDOWS-1256 ISO-8859-6 UTF-8" },
	{ "tr", "WINDOWS-1254 ISO-8859-9 UTF-8" },
	{ "pl", "WINDOWS-1250 ISO-8859-2 UTF-8" },
	{ "cs", "WINDOWS-1250 ISO-8859-2 UTF-8" },
	{ "sk", "WINDOWS-1250 ISO-8859-2 UTF-8" },
	{ "hu", "WINDOWS-1250 ISO-8859-2 UTF-8" },
	{ "ro", "WINDOWS-1250 ISO-8859-2 UTF-8" },
	{ "vi", "UTF-8" },
	{ "*", "WINDOWS-1252 ISO-8859-1 ISO-8859-15 UTF-8" },
};

/* GB2312 text in HZ: ~{ ... ~} around 7-bit GB2312, "~~" for "~". */
static char *to_hz(const char *utf8, gsize *len)
{
	gsize n = 0;
	char *gb = g_convert(utf8, -1, "GB2312", "UTF-8", NULL, &n, NULL);
	if (!gb)
		return NULL;
	GString *s = g_string_new(NULL);
	int in = 0;
	for (gsize i = 0; i < n; i++) {
		unsigned char c = (unsigned char)gb[i];
		if (c >= 0x80 && i + 1 < n) {
			if (!in)
				g_string_append(s, "~{");
			in = 1;
			g_string_append_c(s, (char)(c & 0x7F));
			g_string_append_c(s, (char)(gb[++i] & 0x7F));
			continue;
		}
		if (in)
			g_string_append(s, "~}");
		in = 0;
		if (c == '~')
			g_string_append(s, "~~");
		else
			g_string_append_c(s, (char)c);
	}
	if (in)
		g_string_append(s, "~}");
	g_free(gb);
	*len = s->len;
	return g_string_free(s, FALSE);
}

static int decodes_back(const char *bytes, gsize len, const char *cs, const char *text)
{
	if (!cs)
		return 0;
	struct mc_decoded d;
	mc_charset_decode(bytes, len, cs, &d);
	int ok = !d.mismatch && !d.lossy && strcmp(d.text, text) == 0;
	mc_decoded_clear(&d);
	return ok;
}

struct tally {
	long n, ud, mc;
};

int main(int argc, char **argv)
{
	long max = argc > 1 ? atol(argv[1]) : 200;
	GHashTable *by_cs = g_hash_table_new(g_str_hash, g_str_equal);
	struct tally total = { 0, 0, 0 }, by_len[3] = { { 0, 0, 0 } };
	char *line = NULL;
	size_t cap = 0;
	ssize_t r;
	int verbose = getenv("CHARSET_BENCH_VERBOSE") != NULL;
	while ((r = getline(&line, &cap, stdin)) > 0) {
		if (line[r - 1] == '\n')
			line[--r] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		char *text = tab + 1;
		char *o = text;
		for (char *p = text; *p; p++) {
			if (*p == '\\' && p[1]) {
				char d = p[1];
				char e = d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d == '\\' ? '\\' : 0;
				if (e) {
					*o++ = e;
					p++;
					continue;
				}
			}
			*o++ = *p;
		}
		*o = 0;
		char lang[16];
		long slen = 0;
		char *c1 = strchr(line, ':');
		if (!c1 || (size_t)(c1 - line) >= sizeof lang)
			continue;
		memcpy(lang, line, (size_t)(c1 - line));
		lang[c1 - line] = 0;
		slen = atol(c1 + 1);
		char *c2 = strchr(c1 + 1, ':');
		if (!c2 || atol(c2 + 1) >= max)
			continue;
		int li = slen <= 30 ? 0 : slen <= 100 ? 1 : 2;
		const char *list = NULL;
		for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
			if (strcmp(table[i].lang, lang) == 0 || strcmp(table[i].lang, "*") == 0) {
				list = table[i].charsets;
				break;
			}
		gchar **css = g_strsplit(list, " ", -1);
		for (gchar **cs = css; *cs; cs++) {
			gsize n = 0;
			char *bytes = strcmp(*cs, "HZ-GB-2312") == 0
			                  ? to_hz(text, &n)
			                  : g_convert(text, -1, *cs, "UTF-8", NULL, &n, NULL);
			if (!bytes)
				continue;
			char *ud = mc_charset_detect(bytes, n);
			char *mc = mc_charset_guess(bytes, n);
			/* no answer from uchardet on ASCII is as good as "us-ascii" */
			int ok_ud = decodes_back(bytes, n, ud ? ud : mc_is_ascii(bytes, n) ? "us-ascii" : NULL,
			                         text);
			int ok_mc = decodes_back(bytes, n, mc, text);
			struct tally *t = g_hash_table_lookup(by_cs, *cs);
			if (!t) {
				t = g_new0(struct tally, 1);
				g_hash_table_insert(by_cs, g_strdup(*cs), t);
			}
			t->n++, t->ud += ok_ud, t->mc += ok_mc;
			total.n++, total.ud += ok_ud, total.mc += ok_mc;
			by_len[li].n++, by_len[li].ud += ok_ud, by_len[li].mc += ok_mc;
			if (verbose && !ok_mc)
				fprintf(stderr, "miss %s %s: uchardet %s, mailcase %s: %.60s\n", line, *cs,
				        ud ? ud : "-", mc, text);
			g_free(ud);
			g_free(mc);
			g_free(bytes);
		}
		g_strfreev(css);
	}
	printf("charset: %% of encoded samples whose detected charset decodes them back\n");
	printf("%-14s %7s %9s %9s\n", "charset", "samples", "uchardet", "mailcase");
	GList *keys = g_list_sort(g_hash_table_get_keys(by_cs), (GCompareFunc)strcmp);
	for (GList *k = keys; k; k = k->next) {
		struct tally *t = g_hash_table_lookup(by_cs, k->data);
		printf("%-14s %7ld %8.2f%% %8.2f%%\n", (char *)k->data, t->n, 100.0 * t->ud / t->n,
		       100.0 * t->mc / t->n);
	}
	static const char *const names[3] = { "length 30", "length 100", "length 400" };
	for (int i = 0; i < 3; i++)
		if (by_len[i].n)
			printf("%-14s %7ld %8.2f%% %8.2f%%\n", names[i], by_len[i].n,
			       100.0 * by_len[i].ud / by_len[i].n, 100.0 * by_len[i].mc / by_len[i].n);
	printf("%-14s %7ld %8.2f%% %8.2f%%\n", "ALL", total.n, 100.0 * total.ud / total.n,
	       100.0 * total.mc / total.n);
	return 0;
}
