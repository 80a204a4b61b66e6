/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * train.c: builds the language model file of analyzer/text/textid.c
 * (data/textid.model, layout in analyzer/text/textid-model.h) from training
 * text (see train.sh).
 *
 *   train K OUT.model HANMAP TAG=FILE...
 *
 * Each FILE has one text a line. The features are the identifier's own
 * (mc_textid_features), so training and identification cannot drift apart.
 * Per language, lines whose dominant script is not the language's (the
 * script most of its lines are in) are skipped, and the K most frequent
 * features are kept with their log-probability above the language's floor,
 * half the probability of its rarest kept feature. Languages alone in their
 * script keep entries too, though the script decides them: charset
 * detection weighs decodings with the model. Languages of one script form
 * a group whose features share one hash table and one row of bytes.
 *
 * The Han table records which ideographs GB2312, Big5 and JIS X 0208 have
 * (asked of iconv) and which belong to one Chinese orthography only: HANMAP
 * has lines "IDEOGRAPH<TAB>AS-SIMPLIFIED<TAB>AS-TRADITIONAL" (ICU's
 * Hant-Hans and Hans-Hant transliterations, see train.sh); an ideograph
 * that one of them changes is of the other orthography only, unless the
 * training text of the other variant writes it as well (at a tenth of the
 * rate or more), which marks it as shared.
 *
 * The variant table (model version 2) tells zh-Hans from zh-Hant when no
 * such ideograph decides: how often each ideograph, each pair of
 * consecutive ideographs (seen twice or more) and each CJK punctuation mark
 * occurs in the training text of each variant, a character bigram model
 * that knows the words both orthographies can write but the mainland and
 * Taiwan or Hong Kong use differently (文件/檔案, 演示, 字型, 「」/“”).
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
	unsigned group, column;
	guint *han;           /* per Han code point, occurrences (zh only) */
	double han_total;
	GHashTable *pairs;    /* MC_TEXTID_PAIR or punctuation mark ->
	                       * occurrences (zh only) */
};

struct triple {
	uint32_t key;
	uint16_t ent;         /* language << 8 | log-probability above floor */
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

#define NHAN (MC_TEXTID_HAN_LAST - MC_TEXTID_HAN_FIRST + 1)

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

static void count_han(struct lang *L, const char *line)
{
	gunichar prev = 0;
	for (const char *p = line; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c >= MC_TEXTID_HAN_FIRST && c <= MC_TEXTID_HAN_LAST) {
			L->han[c - MC_TEXTID_HAN_FIRST]++;
			L->han_total++;
			if (prev)
				count_feature(MC_TEXTID_PAIR(prev, c), L->pairs);
			prev = c;
		} else {
			if (mc_textid_variant_mark(c))
				count_feature(c, L->pairs);
			prev = 0;
		}
	}
}

/* Rate of ideograph i in a variant's training text, per character. */
static double han_rate(const struct lang *L, unsigned i)
{
	return L->han_total > 0 ? L->han[i] / L->han_total : 0;
}

/* The HANS_ONLY and HANT_ONLY bits, from the ICU mapping and the text. */
static void mark_orthography(uint8_t *han, const char *mapfile, const struct lang *hans,
                             const struct lang *hant)
{
	gchar *data;
	if (!g_file_get_contents(mapfile, &data, NULL, NULL)) {
		fprintf(stderr, "train: cannot read %s\n", mapfile);
		exit(1);
	}
	unsigned ns = 0, nt = 0, shared = 0;
	gchar **lines = g_strsplit(data, "\n", -1);
	for (gchar **p = lines; *p; p++) {
		gchar **f = g_strsplit(*p, "\t", 3);
		if (g_strv_length(f) == 3) {
			gunichar c = g_utf8_get_char(f[0]);
			int is_trad = strcmp(f[1], f[0]) != 0;   /* simplification changes it */
			int is_simp = strcmp(f[2], f[0]) != 0;   /* the traditional form differs */
			if (c >= MC_TEXTID_HAN_FIRST && c <= MC_TEXTID_HAN_LAST && is_trad != is_simp) {
				unsigned i = c - MC_TEXTID_HAN_FIRST;
				double rs = hans ? han_rate(hans, i) : 0, rt = hant ? han_rate(hant, i) : 0;
				if (is_simp && (rt == 0 || rt * 10 < rs)) {
					han[i] |= MC_TEXTID_HAN_HANS_ONLY;
					ns++;
				} else if (is_trad && (rs == 0 || rs * 10 < rt)) {
					han[i] |= MC_TEXTID_HAN_HANT_ONLY;
					nt++;
				} else
					shared++;
			}
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(data);
	fprintf(stderr, "train: %u simplified-only, %u traditional-only ideographs, "
	        "%u kept as shared by the training text\n", ns, nt, shared);
}

/* ---- the variant table ---------------------------------------------------- */

/* Pairs seen fewer times than this in the two variants together are left
 * out: half the table for a few tenths of a percent on texts of shared
 * ideographs only. */
#define PAIR_MIN 2

struct vtab {
	uint32_t nslots;
	uint32_t *key;
	uint16_t (*n)[2];
	uint32_t total[2], types;
};

static uint16_t cap16(double n)
{
	return n > 65535 ? 65535 : (uint16_t)n;
}

static void vtab_put(struct vtab *v, uint32_t key, double s, double t)
{
	uint32_t i = mc_textid_slot_of(key, v->nslots - 1);
	while (v->key[i])
		i = (i + 1) & (v->nslots - 1);
	v->key[i] = key;
	v->n[i][0] = cap16(s);
	v->n[i][1] = cap16(t);
}

/* The occurrences, in the training text of each variant, of every
 * ideograph, every pair of consecutive ones seen PAIR_MIN times or more
 * and every punctuation mark (mc_textid_variant_mark()). */
static void build_variants(struct vtab *v, const struct lang *hans, const struct lang *hant)
{
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	unsigned nuni = 0;
	for (unsigned i = 0; i < NHAN; i++)
		if (hans->han[i] || hant->han[i]) {
			uint32_t k = MC_TEXTID_HAN_FIRST + i;
			g_array_append_val(keys, k);
			nuni++;
		}
	GHashTable *all = g_hash_table_new(NULL, NULL);
	GHashTableIter it;
	gpointer k, c;
	const struct lang *both[2] = { hans, hant };
	for (int j = 0; j < 2; j++) {
		g_hash_table_iter_init(&it, both[j]->pairs);
		while (g_hash_table_iter_next(&it, &k, &c))
			g_hash_table_add(all, k);
	}
	g_hash_table_iter_init(&it, all);
	while (g_hash_table_iter_next(&it, &k, &c)) {
		guint s = GPOINTER_TO_UINT(g_hash_table_lookup(hans->pairs, k));
		guint t = GPOINTER_TO_UINT(g_hash_table_lookup(hant->pairs, k));
		if (s + t >= PAIR_MIN || !(GPOINTER_TO_UINT(k) & 0x80000000u)) {
			uint32_t key = GPOINTER_TO_UINT(k);
			g_array_append_val(keys, key);
		}
	}
	v->nslots = 1024;
	while (v->nslots < keys->len + keys->len / 3 + 1)
		v->nslots <<= 1;
	v->key = g_new0(uint32_t, v->nslots);
	v->n = g_malloc0_n(v->nslots, sizeof *v->n);
	for (guint i = 0; i < keys->len; i++) {
		uint32_t key = g_array_index(keys, uint32_t, i);
		if (key & 0x80000000u || key < MC_TEXTID_HAN_FIRST || key > MC_TEXTID_HAN_LAST) {
			gpointer kp = GUINT_TO_POINTER(key);
			vtab_put(v, key, GPOINTER_TO_UINT(g_hash_table_lookup(hans->pairs, kp)),
			         GPOINTER_TO_UINT(g_hash_table_lookup(hant->pairs, kp)));
		} else
			vtab_put(v, key, hans->han[key - MC_TEXTID_HAN_FIRST],
			         hant->han[key - MC_TEXTID_HAN_FIRST]);
	}
	v->total[0] = (uint32_t)hans->han_total;
	v->total[1] = (uint32_t)hant->han_total;
	v->types = nuni;
	fprintf(stderr, "train: variant table: %u ideographs, %u pairs and marks, %u slots\n",
	        nuni, keys->len - nuni, v->nslots);
	g_hash_table_destroy(all);
	g_array_free(keys, TRUE);
}

/* ---- writing the model file ---------------------------------------------- */

static void put32(GByteArray *b, uint32_t v)
{
	guint8 x[4] = { (guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24) };
	g_byte_array_append(b, x, 4);
}

static void set32(GByteArray *b, size_t at, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		b->data[at + k] = (guint8)(v >> (8 * k));
}

static void set64(GByteArray *b, size_t at, uint64_t v)
{
	set32(b, at, (uint32_t)v);
	set32(b, at + 4, (uint32_t)(v >> 32));
}

static void put_name(GByteArray *b, const char *s, size_t n)
{
	guint8 z[32] = { 0 };
	size_t l = strlen(s);
	g_assert(l < n && n <= sizeof z);
	memcpy(z, s, l);
	g_byte_array_append(b, z, (guint)n);
}

static void align8(GByteArray *b)
{
	static const guint8 z[8];
	if (b->len % 8)
		g_byte_array_append(b, z, 8 - b->len % 8);
}

struct group {
	char script[8];
	unsigned nlang;
	unsigned lang[MC_TEXTID_GROUP_MAX];
};

static int write_model(const char *outname, struct lang *L, unsigned nlang,
                       GArray *tri, const uint8_t *han, const struct vtab *vt)
{
	struct group G[256];
	unsigned ngroup = 0;
	for (unsigned l = 0; l < nlang; l++) {
		unsigned g = 0;
		while (g < ngroup && strcmp(G[g].script, L[l].script) != 0)
			g++;
		if (g == ngroup) {
			memset(&G[g], 0, sizeof G[g]);
			g_strlcpy(G[g].script, L[l].script, sizeof G[g].script);
			ngroup++;
		}
		if (G[g].nlang == MC_TEXTID_GROUP_MAX) {
			fprintf(stderr, "train: more than %d languages of %s\n", MC_TEXTID_GROUP_MAX,
			        L[l].script);
			return 1;
		}
		L[l].group = g;
		L[l].column = G[g].nlang;
		G[g].lang[G[g].nlang++] = l;
	}

	GByteArray *b = g_byte_array_new();
	guint8 header[MC_TEXTID_HEADER] = { 0 };
	g_byte_array_append(b, header, sizeof header);
	memcpy(b->data, MC_TEXTID_MAGIC, 8);
	set32(b, 8, MC_TEXTID_VERSION);
	set32(b, 12, MC_TEXTID_HEADER);
	set32(b, 32, nlang);
	set32(b, 36, ngroup);
	set32(b, 40, MC_TEXTID_SCALE);
	set32(b, 44, MC_TEXTID_HAN_FIRST);
	set32(b, 48, MC_TEXTID_HAN_LAST);

	set32(b, 52, b->len);
	for (unsigned l = 0; l < nlang; l++) {
		put_name(b, L[l].tag, 16);
		put_name(b, L[l].script, 8);
		put32(b, (uint32_t)(int32_t)lround(L[l].floor * MC_TEXTID_SCALE));
		guint8 gc[4] = { (guint8)L[l].group, (guint8)L[l].column, 0, 0 };
		g_byte_array_append(b, gc, 4);
	}
	size_t goff = b->len;
	set32(b, 56, (uint32_t)goff);
	guint8 zero_group[32] = { 0 };
	for (unsigned g = 0; g < ngroup; g++)
		g_byte_array_append(b, zero_group, 32);

	size_t nkeys_all = 0, nslots_all = 0;
	for (unsigned g = 0; g < ngroup; g++) {
		/* the group's features, one row each */
		GArray *keys = g_array_new(FALSE, FALSE, sizeof(uint32_t));
		GByteArray *rows = g_byte_array_new();
		for (guint i = 0; i < tri->len;) {
			uint32_t key = g_array_index(tri, struct triple, i).key;
			guint8 row[MC_TEXTID_GROUP_MAX] = { 0 };
			int any = 0;
			for (; i < tri->len && g_array_index(tri, struct triple, i).key == key; i++) {
				uint16_t e = g_array_index(tri, struct triple, i).ent;
				const struct lang *la = &L[e >> 8];
				if (la->group == g) {
					row[la->column] = (guint8)(e & 0xFF);
					any = 1;
				}
			}
			if (any) {
				g_array_append_val(keys, key);
				g_byte_array_append(rows, row, G[g].nlang);
			}
		}
		uint32_t nslots = 1024;
		while (nslots < keys->len + keys->len / 3 + 1)
			nslots <<= 1;
		uint32_t *slot_key = g_new0(uint32_t, nslots), *slot_row = g_new0(uint32_t, nslots);
		for (guint k = 0; k < keys->len; k++) {
			uint32_t key = g_array_index(keys, uint32_t, k);
			uint32_t s = mc_textid_slot_of(key, nslots - 1);
			while (slot_key[s])
				s = (s + 1) & (nslots - 1);
			slot_key[s] = key;
			slot_row[s] = k;
		}
		align8(b);
		size_t soff = b->len;
		for (uint32_t s = 0; s < nslots; s++) {
			put32(b, slot_key[s]);
			put32(b, slot_row[s]);
		}
		size_t roff = b->len;
		g_byte_array_append(b, rows->data, rows->len);
		guint8 pad[MC_TEXTID_GROUP_MAX] = { 0 };
		g_byte_array_append(b, pad, sizeof pad);
		size_t at = goff + 32 * g;
		memcpy(b->data + at, G[g].script, strlen(G[g].script));
		set32(b, at + 8, G[g].nlang);
		set32(b, at + 12, nslots - 1);
		set32(b, at + 16, (uint32_t)soff);
		set32(b, at + 20, keys->len);
		set32(b, at + 24, (uint32_t)roff);
		nkeys_all += keys->len;
		nslots_all += nslots;
		g_free(slot_key);
		g_free(slot_row);
		g_array_free(keys, TRUE);
		g_byte_array_free(rows, TRUE);
	}
	align8(b);
	set32(b, 60, b->len);
	g_byte_array_append(b, han, NHAN);
	align8(b);
	put32(b, vt->nslots - 1);
	put32(b, vt->total[0]);
	put32(b, vt->total[1]);
	put32(b, vt->types);
	for (uint32_t i = 0; i < vt->nslots; i++) {
		put32(b, vt->key[i]);
		put32(b, (uint32_t)vt->n[i][0] | (uint32_t)vt->n[i][1] << 16);
	}
	set64(b, 16, b->len);
	set64(b, 24, mc_textid_model_checksum(b->data + MC_TEXTID_HEADER, b->len - MC_TEXTID_HEADER));

	GError *err = NULL;
	if (!g_file_set_contents(outname, (const gchar *)b->data, b->len, &err)) {
		fprintf(stderr, "train: %s\n", err->message);
		return 1;
	}
	fprintf(stderr, "train: %u languages in %u groups, %zu features, %zu slots, %u bytes -> %s\n",
	        nlang, ngroup, nkeys_all, nslots_all, b->len, outname);
	g_byte_array_free(b, TRUE);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: train K OUT.model HANMAP TAG=FILE...\n");
		return 2;
	}
	/* The script verdicts that choose the training lines are the ones
	 * without a model (an earlier model's word list would otherwise
	 * decide which mixed lines are kept): no model is loaded, and
	 * mc_textid_init() says so once on standard error. */
	g_setenv("MAILCASE_DATADIR", "/nonexistent", TRUE);
	unsigned K = (unsigned)atoi(argv[1]);
	const char *outname = argv[2];
	const char *hanmap = argv[3];
	unsigned nlang = (unsigned)argc - 4;
	struct lang *L = g_new0(struct lang, nlang);
	struct lang *hans = NULL, *hant = NULL;

	for (unsigned l = 0; l < nlang; l++) {
		char *eq = strchr(argv[l + 4], '=');
		if (!eq)
			return 2;
		L[l].tag = g_strndup(argv[l + 4], (gsize)(eq - argv[l + 4]));
		L[l].file = eq + 1;
		if (strcmp(L[l].tag, "zh-Hans") == 0)
			hans = &L[l];
		else if (strcmp(L[l].tag, "zh-Hant") == 0)
			hant = &L[l];
		if (&L[l] == hans || &L[l] == hant) {
			L[l].han = g_new0(guint, NHAN);
			L[l].pairs = g_hash_table_new(NULL, NULL);
		}
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
			if (L[l].han)
				count_han(&L[l], *p);
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


	uint8_t *han = g_new0(uint8_t, NHAN);
	han_mark(han, "GB2312", 0xA1, 0xFE, 0xA1, 0xFE, 0xA1, 0xFE, MC_TEXTID_HAN_GB2312);
	han_mark(han, "BIG5", 0xA1, 0xF9, 0x40, 0x7E, 0xA1, 0xFE, MC_TEXTID_HAN_BIG5);
	han_mark(han, "EUC-JP", 0xA1, 0xFE, 0xA1, 0xFE, 0xA1, 0xFE, MC_TEXTID_HAN_JIS0208);
	mark_orthography(han, hanmap, hans, hant);
	if (!hans || !hant) {
		fprintf(stderr, "train: zh-Hans and zh-Hant are both needed\n");
		return 1;
	}
	struct vtab vt;
	build_variants(&vt, hans, hant);
	return write_model(outname, L, nlang, tri, han, &vt) != 0;
}
