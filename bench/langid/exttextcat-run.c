/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exttextcat-run.c: libexttextcat on the benchmark's "id<TAB>text" lines
 * (textid escapes); prints "id<TAB>answer" with its first guess.
 */
#include <libexttextcat/textcat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *conf = argc > 1 ? argv[1] : "/usr/share/libexttextcat/fpdb.conf";
	const char *prefix = argc > 2 ? argv[2] : "/usr/share/libexttextcat/";
	void *h = special_textcat_Init(conf, prefix);
	if (!h) {
		fprintf(stderr, "exttextcat-run: cannot load %s\n", conf);
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		char *t = tab + 1, *o = t;
		for (char *p = t; *p; p++) {
			if (*p == '\\' && p[1]) {
				char d = p[1];
				char r = d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d == '\\' ? '\\' : 0;
				if (r) {
					*o++ = r;
					p++;
					continue;
				}
			}
			*o++ = *p;
		}
		*o = 0;
		const char *ans = textcat_Classify(h, t, (size_t)(o - t));
		printf("%s\t%s\n", line, ans ? ans : "UNKNOWN");
	}
	textcat_Done(h);
	return 0;
}
