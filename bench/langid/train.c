/*
 * train.c: builds analyzer/textid-model.c, the naive Bayes tables of
 * analyzer/textid.c, from training text (see train.sh).
 *
 *   train K OUT.c TAG=FILE...
 *
 * Each FILE has one text a line. The features are the identifier's own
 * (mc_textid_features), so training and identification cannot drift apart.
 * Per language, lines whose dominant script is not the language's (the
 * script most of its lines are in) are skipped, and the K most frequent
 * features are kept with their log-probability above the language's floor,
 * half the probability of its rarest kept feature. Languages alone in their
 * script keep entries too, though the script decides them: charset
 * detection weighs decodings with the model. The Han table records
 * which ideographs GB2312, Big5 and JIS X 0208 have, asked of iconv.
 */
#include <glib.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textid.h"
#include "textid-model.h"

struct lang {
	char *tag, *file;
	char script[8];
	GHashTable *counts;   /* hash -> count */
	double total;
	double floor;
};

struct triple {
	uint32_t key;
	uint16_t ent;
};

static void count_feature(uint32_t h, void *ctx)
{
	GHashTable *t = ctx;
	gpointer k = GUINT_TO_POINTER(h);
	g_hash_table_insert(t, k, GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(t, k)) + 1));
}

static int by_count_desc(const void *a, const void *b)
{
	const guint *x = a, *y = b;
	return x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : (x[0] > y[0]) - (x[0] < y[0]);
}

static int by_key(const void *a, const void *b)
{
	const struct triple *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->ent > y->ent) - (x->ent < y->ent);
}

static void han_mark(uint8_t *han, const char *charset, int lo1, int hi1,
                     int lo2, int hi2, int lo3, int hi3, uint8_t bit)
{
	iconv_t cd = iconv_open("UTF-32LE", charset);
	if (cd == (iconv_t)-1) {
		fprintf(stderr, "train: iconv lacks %s\n", charset);
		exit(1);
	}
	for (int a = lo1; a <= hi1; a++)
		for (int b = lo2; b <= hi3; b++) {
			if (!((b >= lo2 && b <= hi2) || (b >= lo3 && b <= hi3)))
				continue;
			char in[2] = { (char)a, (char)b };
			unsigned char outb[8];
			char *ip = in, *op = (char *)outb;
			size_t il = 2, ol = sizeof outb;
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4)
				continue;
			uint32_t cp = outb[0] | outb[1] << 8 | outb[2] << 16 | (uint32_t)outb[3] << 24;
			if (cp >= MC_TEXTID_HAN_FIRST && cp <= MC_TEXTID_HAN_LAST)
				han[cp - MC_TEXTID_HAN_FIRST] |= bit;
		}
	iconv_close(cd);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: train K OUT.c TAG=FILE...\n");
		return 2;
	}
	unsigned K = (unsigned)atoi(argv[1]);
	const char *outname = argv[2];
	unsigned nlang = (unsigned)argc - 3;
	struct lang *L = g_new0(struct lang, nlang);

	for (unsigned l = 0; l < nlang; l++) {
		char *eq = strchr(argv[l + 3], '=');
		if (!eq)
			return 2;
		L[l].tag = g_strndup(argv[l + 3], (gsize)(eq - argv[l + 3]));
		L[l].file = eq + 1;
		gchar *data;
		gsize len;
		if (!g_file_get_contents(L[l].file, &data, &len, NULL)) {
			fprintf(stderr, "train: cannot read %s\n", L[l].file);
			return 1;
		}
		gchar **lines = g_strsplit(data, "\n", -1);
		GHashTable *sc = g_hash_table_new(g_str_hash, g_str_equal);
		const char *best = "Zyyy";
		guint bestn = 0;
		for (gchar **p = lines; *p; p++) {
			const char *s = mc_script_of(*p, strlen(*p));
			if (strcmp(s, "Zyyy") == 0)
				continue;
			guint n = GPOINTER_TO_UINT(g_hash_table_lookup(sc, s)) + 1;
			g_hash_table_insert(sc, (gpointer)s, GUINT_TO_POINTER(n));
			if (n > bestn) {
				bestn = n;
				best = s;
			}
		}
		/* Japanese lines of kanji only are Japanese all the same */
		g_strlcpy(L[l].script, best, sizeof L[l].script);
		L[l].counts = g_hash_table_new(NULL, NULL);
		guint used = 0;
		for (gchar **p = lines; *p; p++) {
			const char *s = mc_script_of(*p, strlen(*p));
			if (strcmp(s, best) != 0)
				continue;
			mc_textid_features(*p, strlen(*p), count_feature, L[l].counts);
			used++;
		}
		fprintf(stderr, "train: %s %s %u lines, %u features\n", L[l].tag, L[l].script,
		        used, g_hash_table_size(L[l].counts));
		g_hash_table_destroy(sc);
		g_strfreev(lines);
		g_free(data);
	}

	GArray *tri = g_array_new(FALSE, FALSE, sizeof(struct triple));
	for (unsigned l = 0; l < nlang; l++) {
		guint n = g_hash_table_size(L[l].counts);
		guint *kv = g_new(guint, 2 * (gsize)n + 2);
		GHashTableIter it;
		gpointer k, v;
		guint i = 0;
		double total = 0;
		g_hash_table_iter_init(&it, L[l].counts);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			kv[2 * i] = GPOINTER_TO_UINT(k);
			kv[2 * i + 1] = GPOINTER_TO_UINT(v);
			total += GPOINTER_TO_UINT(v);
			i++;
		}
		qsort(kv, n, 2 * sizeof(guint), by_count_desc);
		guint keep = n < K ? n : K;
		L[l].total = total;
		double cmin = keep ? kv[2 * (keep - 1) + 1] : 1;
		L[l].floor = log(0.5 * cmin / (total > 0 ? total : 1));
		for (guint j = 0; j < keep; j++) {
			double q = MC_TEXTID_SCALE * (log(kv[2 * j + 1] / total) - L[l].floor);
			long qi = lround(q);
			if (qi < 1)
				qi = 1;
			if (qi > 255)
				qi = 255;
			struct triple t = { kv[2 * j], (uint16_t)(l << 8 | (unsigned)qi) };
			g_array_append_val(tri, t);
		}
		g_free(kv);
	}
	g_array_sort(tri, by_key);

	uint8_t *han = g_new0(uint8_t, MC_TEXTID_HAN_LAST - MC_TEXTID_HAN_FIRST + 1);
	han_mark(han, "GB2312", 0xA1, 0xFE, 0xA1, 0xFE, 0xA1, 0xFE, MC_TEXTID_HAN_GB2312);
	han_mark(han, "BIG5", 0xA1, 0xF9, 0x40, 0x7E, 0xA1, 0xFE, MC_TEXTID_HAN_BIG5);
	han_mark(han, "EUC-JP", 0xA1, 0xFE, 0xA1, 0xFE, 0xA1, 0xFE, MC_TEXTID_HAN_JIS0208);

	FILE *f = fopen(outname, "w");
	if (!f) {
		perror(outname);
		return 1;
	}
	fprintf(f, "#include \"config.h\"\n"
	           "/*\n * textid-model.c: the language model of textid.c. Generated by\n"
	           " * bench/langid/train.sh from Debian's gettext catalogs; do not edit.\n */\n"
	           "#include \"textid-model.h\"\n\n");
	fprintf(f, "static const char *const lang[] = {");
	for (unsigned l = 0; l < nlang; l++)
		fprintf(f, "%s\"%s\"", l ? ", " : "", L[l].tag);
	fprintf(f, "};\nstatic const char *const script[] = {");
	for (unsigned l = 0; l < nlang; l++)
		fprintf(f, "%s\"%s\"", l ? ", " : "", L[l].script);
	fprintf(f, "};\nstatic const int32_t floors[] = {");
	for (unsigned l = 0; l < nlang; l++)
		fprintf(f, "%s%ld", l ? ", " : "", lround(L[l].floor * MC_TEXTID_SCALE));
	fprintf(f, "};\n");

	GArray *keys = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	GArray *cnt = g_array_new(FALSE, FALSE, sizeof(uint8_t));
	for (guint i = 0; i < tri->len;) {
		struct triple *t = &g_array_index(tri, struct triple, i);
		guint j = i;
		while (j < tri->len && g_array_index(tri, struct triple, j).key == t->key)
			j++;
		uint8_t c = (uint8_t)(j - i);
		g_array_append_val(keys, t->key);
		g_array_append_val(cnt, c);
		i = j;
	}
	fprintf(f, "static const uint32_t keys[] = {");
	for (guint i = 0; i < keys->len; i++)
		fprintf(f, "%s0x%x,", i % 8 ? "" : "\n", g_array_index(keys, uint32_t, i));
	fprintf(f, "\n};\nstatic const uint8_t count[] = {");
	for (guint i = 0; i < cnt->len; i++)
		fprintf(f, "%s%u,", i % 32 ? "" : "\n", g_array_index(cnt, uint8_t, i));
	fprintf(f, "\n};\nstatic const uint16_t ent[] = {");
	for (guint i = 0; i < tri->len; i++)
		fprintf(f, "%s%u,", i % 16 ? "" : "\n", g_array_index(tri, struct triple, i).ent);
	fprintf(f, "\n};\nstatic const uint8_t han[] = {");
	for (unsigned i = 0; i <= MC_TEXTID_HAN_LAST - MC_TEXTID_HAN_FIRST; i++)
		fprintf(f, "%s%u,", i % 48 ? "" : "\n", han[i]);
	fprintf(f, "\n};\n\nconst struct mc_textid_model mc_textid_model = {\n"
	           "\t%u, lang, script, floors,\n\t%u, keys, count, ent, han\n};\n",
	        nlang, keys->len);
	fclose(f);
	fprintf(stderr, "train: %u languages, %u features, %u entries -> %s\n", nlang,
	        keys->len, tri->len, outname);
	return 0;
}
