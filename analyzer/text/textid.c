/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * textid.c: script and language identification of short texts (textid.h),
 * scored with the model file that textid-model.c loads.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "textid.h"
#include "textid-model.h"

#define MAX_BYTES (64 * 1024)
#define MAX_LANG 256
#define NSCRIPT 256             /* GUnicodeScript values we count */
#define FEAT_PER_CP 5           /* 1- to 4-grams and a word per code point */
#define STACK_CPS 1024
#define BATCH 320               /* features hashed before they are looked up */
/* Long texts are scored on SAMPLE_PARTS windows of SAMPLE_CPS code points
 * (start, middle, end); the script is counted on all of it. */
#define SAMPLE_CPS 1024
#define SAMPLE_PARTS 3
/* Row additions a 16-bit accumulator takes before it is added to 32 bits. */
#define ACC16_ROUNDS 250

/* Temperature of the confidence softmax: naive Bayes counts each letter in
 * up to five overlapping features, so its raw odds are far too sure. */
#define CONF_TEMPERATURE 4.0
/* Bonus, in 1/SCALE nats, per ideograph of one orthography only when the
 * text has both kinds (mixed or quoted text). */
#define HAN_BONUS (3 * MC_TEXTID_SCALE)
/* Confidence in a Chinese variant that no character of one orthography
 * only confirms: the variant model's guess, capped. */
#define VARIANT_GUESS_MAX 0.6

/* ---- the model, loaded once --------------------------------------------- */

static struct mc_textid_model *model;
static char *model_error;
static char script_names[NSCRIPT][5];
static int lang_zh_hans = -1, lang_zh_hant = -1, lang_ja = -1;
static int group_latn = -1;     /* the Latin group, for its word list */
/* per group: the GUnicodeScript whose letters make it worth scoring (Han
 * too for the Jpan and Hang groups), or -1 */
static int group_script[MC_TEXTID_GROUP_MAX * 8];

static void build_script_names(void)
{
	for (int s = 0; s < NSCRIPT; s++) {
		guint32 code = g_unicode_script_to_iso15924((GUnicodeScript)s);
		if (code == 0)
			code = ((guint32)'Z' << 24) | ((guint32)'z' << 16) | ((guint32)'z' << 8) | 'z';
		script_names[s][0] = (char)(code >> 24);
		script_names[s][1] = (char)(code >> 16);
		script_names[s][2] = (char)(code >> 8);
		script_names[s][3] = (char)code;
		script_names[s][4] = 0;
	}
}

static void scripts_once(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		build_script_names();
		g_once_init_leave(&done, 1);
	}
}

static void load_model(void)
{
	char *path = mc_textid_model_path();
	model = mc_textid_model_open(path, &model_error);
	g_free(path);
	if (!model) {
		fprintf(stderr, "mailcase: warning: no language model (%s); languages are "
		        "reported as und (set MAILCASE_DATADIR to the directory of %s)\n",
		        model_error, MC_TEXTID_FILE);
		return;
	}
	for (unsigned l = 0; l < model->nlang; l++) {
		if (strcmp(model->lang[l].tag, "zh-Hans") == 0)
			lang_zh_hans = (int)l;
		else if (strcmp(model->lang[l].tag, "zh-Hant") == 0)
			lang_zh_hant = (int)l;
		else if (strcmp(model->lang[l].tag, "ja") == 0)
			lang_ja = (int)l;
	}
	for (unsigned g = 0; g < model->ngroup && g < G_N_ELEMENTS(group_script); g++) {
		const char *sc = model->group[g].script;
		group_script[g] = -1;
		if (strcmp(sc, "Jpan") == 0)
			group_script[g] = G_UNICODE_SCRIPT_HIRAGANA;
		else if (strcmp(sc, "Hang") == 0)
			group_script[g] = G_UNICODE_SCRIPT_HANGUL;
		else if (strcmp(sc, "Hani") == 0)
			group_script[g] = G_UNICODE_SCRIPT_HAN;
		else if (strcmp(sc, "Latn") == 0)
			group_latn = (int)g;
		if (group_script[g] < 0)
			for (int s = 0; s < NSCRIPT; s++)
				if (strcmp(script_names[s], sc) == 0)
					group_script[g] = s;
	}
}

void mc_textid_init(void)
{
	static gsize done;
	scripts_once();
	if (g_once_init_enter(&done)) {
		load_model();
		g_once_init_leave(&done, 1);
	}
}

const char *mc_textid_model_error(void)
{
	mc_textid_init();
	return model ? NULL : model_error;
}

/* ---- decoding and normalisation ---------------------------------------- */

/* Next code point of s[*i..len); invalid sequences give U+FFFD. */
static inline uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
	unsigned b = s[*i];
	if (b < 0x80) {
		(*i)++;
		return b;
	}
	unsigned n;
	uint32_t cp;
	if (b >= 0xC2 && b <= 0xDF) {
		n = 1;
		cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 2;
		cp = b & 0x0F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 3;
		cp = b & 0x07;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (len - *i <= n) {
		*i = len;
		return 0xFFFD;
	}
	for (unsigned k = 1; k <= n; k++) {
		unsigned c = s[*i + k];
		if ((c & 0xC0) != 0x80) {
			*i += k;
			return 0xFFFD;
		}
		cp = cp << 6 | (c & 0x3F);
	}
	*i += n + 1;
	if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	return cp;
}

/* The script of a code point: the blocks that are one script throughout
 * answered here, the rest by GLib. */
static inline GUnicodeScript script_of_cp(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			return G_UNICODE_SCRIPT_LATIN;
		return G_UNICODE_SCRIPT_COMMON;
	}
	if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
		return G_UNICODE_SCRIPT_LATIN;
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return G_UNICODE_SCRIPT_HAN;
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return G_UNICODE_SCRIPT_HANGUL;
	if (cp >= 0x410 && cp <= 0x44F)
		return G_UNICODE_SCRIPT_CYRILLIC;
	return g_unichar_get_script(cp);
}

static inline uint32_t lower_cp(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if (cp >= 0xDF && cp <= 0xFF)
		return cp;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 0x20;
	if (cp >= 0x430 && cp <= 0x44F)
		return cp;
	return g_unichar_tolower(cp);
}

struct norm {
	uint32_t *cp;           /* lower-cased letters, words separated by and
	                         * surrounded with single spaces */
	size_t n;
	unsigned counts[NSCRIPT];
	size_t letters;
	unsigned hans_only, hant_only;   /* ideographs of one orthography only */
	unsigned jis_only;      /* ideographs in JIS X 0208, not GB2312 or Big5 */
	unsigned code_letters;  /* ASCII letters of tokens that are no words */
};

/* A token (between ASCII white space) being read: whether it looks like
 * code rather than a word of a language: an option ("-l", "--dry-run"),
 * markup or an identifier (=[]{}|_<>/\@#$%~ inside), an acronym ("PDF",
 * "GSM") or a CamelCase name ("OpenOffice"). */
struct token {
	unsigned letters, upper;
	int code, after_lower, first;
};

static void token_char(struct token *t, uint32_t cp)
{
	if (t->first && cp == '-')
		t->code = 1;
	t->first = 0;
	if (cp >= 0x80)
		return;
	if (strchr("=[]{}|_<>/\\@#$%~", (int)cp))
		t->code = 1;
	else if (cp >= 'A' && cp <= 'Z') {
		t->letters++;
		t->upper++;
		if (t->after_lower)
			t->code = 1;
		t->after_lower = 0;
	} else if (cp >= 'a' && cp <= 'z') {
		t->letters++;
		t->after_lower = 1;
	}
}

static void token_end(struct token *t, struct norm *nm)
{
	if (t->letters && (t->code || (t->upper == t->letters && t->letters >= 2)))
		nm->code_letters += t->letters;
	memset(t, 0, sizeof *t);
	t->first = 1;
}

/* Fills `nm` (whose cp must hold len + 2 entries). */
static void normalise(const char *utf8, size_t len, struct norm *nm)
{
	const unsigned char *s = (const unsigned char *)utf8;
	const uint8_t *han = model ? model->han : NULL;
	size_t i = 0, n = 0;
	struct token tok = { 0, 0, 0, 0, 1 };
	nm->cp[n++] = ' ';
	while (i < len) {
		uint32_t cp = next_cp(s, len, &i);
		if (cp == ' ' || cp == 0 || cp == '\t' || cp == '\n' || cp == '\r')
			token_end(&tok, nm);
		else
			token_char(&tok, cp);
		GUnicodeScript sc = script_of_cp(cp);
		int word;
		if (sc == G_UNICODE_SCRIPT_COMMON || sc == G_UNICODE_SCRIPT_UNKNOWN ||
		    sc == G_UNICODE_SCRIPT_INVALID_CODE) {
			/* prolonged sound mark and ideographic iteration mark */
			word = cp == 0x30FC || cp == 0x3005;
		} else {
			word = 1;
			if (sc != G_UNICODE_SCRIPT_INHERITED && (unsigned)sc < NSCRIPT) {
				nm->counts[sc]++;
				nm->letters++;
			}
			if (cp < 0x80)
				cp |= 0x20;
			else if (sc == G_UNICODE_SCRIPT_HAN) {
				if (han && cp >= MC_TEXTID_HAN_FIRST && cp <= MC_TEXTID_HAN_LAST) {
					unsigned b = han[cp - MC_TEXTID_HAN_FIRST];
					nm->hans_only += (b & MC_TEXTID_HAN_HANS_ONLY) != 0;
					nm->hant_only += (b & MC_TEXTID_HAN_HANT_ONLY) != 0;
					nm->jis_only += (b & (MC_TEXTID_HAN_GB2312 | MC_TEXTID_HAN_BIG5 |
					                      MC_TEXTID_HAN_JIS0208)) == MC_TEXTID_HAN_JIS0208;
				}
			} else
				cp = lower_cp(cp);
		}
		if (word)
			nm->cp[n++] = cp;
		else if (nm->cp[n - 1] != ' ')
			nm->cp[n++] = ' ';
	}
	token_end(&tok, nm);
	if (nm->cp[n - 1] != ' ')
		nm->cp[n++] = ' ';
	nm->n = n;
}

/* ---- feature hashes ----------------------------------------------------- */

static inline uint32_t fmix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	h *= 0xC2B2AE35u;
	h ^= h >> 16;
	return h ? h : 1;
}

/* Words of this many letters are features (features() below). */
#define WORD_MIN 3
#define WORD_MAX 24

/* Hash of the word feature of cp[b..e). */
static inline uint32_t word_hash(const uint32_t *cp, size_t b, size_t e)
{
	uint32_t w = 0x2F3A1C5Bu;
	for (size_t j = b; j < e; j++)
		w = (w ^ cp[j]) * 0x01000193u;
	return fmix(w ^ 0xB5297A4Du);
}

/* ---- scripts ------------------------------------------------------------ */

/* A Han, kana or Hangul character carries about as much as a short word
 * (some 10 bits against 2 for a letter of an alphabet in context): it
 * counts as this many letters when scripts are mixed, so that Chinese with
 * command names in it is Chinese ("正在关闭 setlocale: LCALL") and English
 * with a Chinese name in it is English. */
#define CJK_WEIGHT 5

/* Whether one of the Latin words of a text is a word the model lists for
 * a Latin-script language. Without one, the Latin letters beside CJK text
 * are product and command names and identifiers ("SunOS", "Vivo",
 * "makelocalvariable") and no language's; with one, the text may be
 * English that names a person ("Lunch with 陈静 next Friday?"). Without a
 * model every Latin word counts as one. */
static int latin_has_word(const struct norm *nm)
{
	if (!model || group_latn < 0)
		return 1;
	const struct mc_textid_group *g = &model->group[group_latn];
	size_t b = 1;
	int latin = 1;
	for (size_t i = 1; i < nm->n; i++) {
		uint32_t c = nm->cp[i];
		if (c != ' ') {
			if (latin)
				latin = script_of_cp(c) == G_UNICODE_SCRIPT_LATIN;
			continue;
		}
		size_t wl = i - b;
		if (latin && wl >= WORD_MIN && wl <= WORD_MAX && mc_textid_row(g, word_hash(nm->cp, b, i)))
			return 1;
		b = i + 1;
		latin = 1;
	}
	return 0;
}

/* The dominant script of a normalised text, as a static ISO 15924 code. */
static const char *dominant(const struct norm *nm)
{
	if (nm->letters == 0)
		return "Zyyy";
	unsigned han = nm->counts[G_UNICODE_SCRIPT_HAN];
	unsigned kana = nm->counts[G_UNICODE_SCRIPT_HIRAGANA] + nm->counts[G_UNICODE_SCRIPT_KATAKANA];
	unsigned hangul = nm->counts[G_UNICODE_SCRIPT_HANGUL];
	unsigned cjk = han + kana + hangul;
	unsigned best = 0;
	const char *name = "Zyyy";
	if (hangul > 0 && hangul >= kana) {
		best = CJK_WEIGHT * (hangul + han);
		name = "Hang";
	} else if (kana > 0 && kana * 20 >= han) {
		best = CJK_WEIGHT * (han + kana);
		name = "Jpan";
	} else if (han > 0) {
		best = CJK_WEIGHT * han;
		name = "Hani";
	}
	if (cjk == nm->letters)
		return name;
	/* beside CJK text, options, acronyms and CamelCase names are no
	 * words, nor is the rest when none of it is a word of a language (the
	 * word list only matters when the Latin letters would win) */
	unsigned latin = nm->counts[G_UNICODE_SCRIPT_LATIN];
	if (cjk > 0 && latin > 0) {
		latin = latin > nm->code_letters ? latin - nm->code_letters : 0;
		if (latin > best && !latin_has_word(nm))
			latin = 0;
	}
	/* letters of the scripts not looked at yet: none of them can win once
	 * they are no more than the best */
	size_t rest = nm->letters - cjk;
	for (int s = 0; s < NSCRIPT && rest > best; s++) {
		if (s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
		    s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL)
			continue;
		rest -= nm->counts[s];
		unsigned c = s == G_UNICODE_SCRIPT_LATIN ? latin : nm->counts[s];
		if (c > best) {
			best = c;
			name = script_names[s];
			if (best * 2 > nm->letters)
				break;
		}
	}
	return name;
}

/* ---- features ----------------------------------------------------------- */

/* Where feature hashing of a normalised text has got to. */
struct feat_pos {
	size_t i, word_start;
};

/* Hashes of the features of cp[0..n) (which begins and ends with a
 * space), from where `pos` is, into out[0..cap): every 1- to 4-gram of code
 * points that has no space inside (it may begin or end at a word boundary),
 * and every word of 3 to 24 letters. Returns how many were written; 0 at
 * the end. */
static size_t features(const uint32_t *cp, size_t n, struct feat_pos *pos,
                       uint32_t *out, size_t cap)
{
	size_t k = 0, i = pos->i, word_start = pos->word_start;
	for (; i < n && k + FEAT_PER_CP <= cap; i++) {
		uint32_t c = cp[i];
		uint32_t h = 0x811C9DC5u;
		for (size_t g = 0; g < 4 && g <= i; g++) {
			uint32_t d = cp[i - g];
			h = (h ^ d) * 0x01000193u;
			if (g == 0 && d == ' ')
				continue;
			out[k++] = fmix(h ^ (uint32_t)(g + 1) * 0x9E3779B1u);
			if (g > 0 && d == ' ')
				break;
		}
		if (c == ' ') {
			size_t wl = i - word_start;
			if (i > 0 && wl >= WORD_MIN && wl <= WORD_MAX)
				out[k++] = word_hash(cp, word_start, i);
			word_start = i + 1;
		}
	}
	pos->i = i;
	pos->word_start = word_start;
	return k;
}

/* ---- public ------------------------------------------------------------- */

struct work {
	struct norm nm;
	uint32_t cp_stack[STACK_CPS];
};

static void work_start(struct work *w, const char *utf8, size_t len)
{
	if (!utf8)
		len = 0;
	if (len > MAX_BYTES)
		len = MAX_BYTES;
	memset(&w->nm, 0, sizeof w->nm);
	w->nm.cp = len + 2 <= STACK_CPS ? w->cp_stack : g_new(uint32_t, len + 2);
	normalise(utf8 ? utf8 : "", len, &w->nm);
}

static void work_end(struct work *w)
{
	if (w->nm.cp != w->cp_stack)
		g_free(w->nm.cp);
}

const char *mc_script_of(const char *utf8, size_t len)
{
	mc_textid_init();
	struct work w;
	work_start(&w, utf8, len);
	const char *s = dominant(&w.nm);
	work_end(&w);
	return s;
}

const char *mc_textid_features(const char *utf8, size_t len,
                               mc_textid_feature_fn fn, void *ctx)
{
	scripts_once();
	struct work w;
	work_start(&w, utf8, len);
	const char *s = dominant(&w.nm);
	struct feat_pos pos = { 0, 0 };
	uint32_t feat[BATCH];
	size_t nf;
	while ((nf = features(w.nm.cp, w.nm.n, &pos, feat, BATCH)) > 0)
		for (size_t i = 0; i < nf; i++)
			fn(feat[i], ctx);
	work_end(&w);
	return s;
}

/* Per-language sums of a group's rows, 16 bits wide for speed. */
struct acc {
	uint16_t a16[MC_TEXTID_GROUP_MAX];
	int64_t a64[MC_TEXTID_GROUP_MAX];
	unsigned rounds;
	size_t nf;              /* features scored, listed or not */
};

static void acc_flush(struct acc *a)
{
	for (unsigned l = 0; l < MC_TEXTID_GROUP_MAX; l++) {
		a->a64[l] += a->a16[l];
		a->a16[l] = 0;
	}
	a->rounds = 0;
}

/* Adds a row; reads MC_TEXTID_GROUP_MAX bytes, which the padding after the
 * last row allows, and the columns past the group's are never read back. */
static inline void acc_add(struct acc *a, const uint8_t *row)
{
	uint8_t r[MC_TEXTID_GROUP_MAX];
	memcpy(r, row, sizeof r);
	for (unsigned l = 0; l < MC_TEXTID_GROUP_MAX; l++)
		a->a16[l] = (uint16_t)(a->a16[l] + r[l]);
	if (++a->rounds == ACC16_ROUNDS)
		acc_flush(a);
}

/* Scores the features of cp[0..n) (space first and last) in group g. */
static void score_span(const struct mc_textid_group *g, const uint32_t *cp, size_t n,
                       struct acc *a)
{
	struct feat_pos pos = { 0, 0 };
	uint32_t feat[BATCH];
	size_t nf;
	while ((nf = features(cp, n, &pos, feat, BATCH)) > 0) {
		for (size_t i = 0; i < nf; i++) {
#if defined(__GNUC__)
			if (i + 6 < nf)
				__builtin_prefetch(g->slots + (size_t)mc_textid_slot_of(feat[i + 6], g->mask) * 8);
#endif
			const uint8_t *row = mc_textid_row(g, feat[i]);
			if (row)
				acc_add(a, row);
		}
		a->nf += nf;
	}
}

/* Index of the first space at or after i in the normalised text. */
static size_t space_at_or_after(const struct norm *nm, size_t i)
{
	while (i < nm->n && nm->cp[i] != ' ')
		i++;
	return i < nm->n ? i : nm->n - 1;
}

/* Scores the text in group g: all of it, or SAMPLE_PARTS windows. */
static void score_group(const struct mc_textid_group *g, const struct norm *nm, struct acc *a)
{
	memset(a, 0, sizeof *a);
	if (nm->n <= SAMPLE_CPS * SAMPLE_PARTS) {
		score_span(g, nm->cp, nm->n, a);
	} else {
		for (unsigned p = 0; p < SAMPLE_PARTS; p++) {
			size_t at = (nm->n - SAMPLE_CPS) * p / (SAMPLE_PARTS - 1);
			size_t b = space_at_or_after(nm, at);
			size_t e = space_at_or_after(nm, b + SAMPLE_CPS);
			if (e > b)
				score_span(g, nm->cp + b, e - b + 1, a);
		}
	}
	acc_flush(a);
}

/* log(1 / P(word boundary)), in 1/SCALE nats: about one character in five. */
#define WORD_START (MC_TEXTID_SCALE * 3 / 2)

/* Cost of backing off from an unseen bigram to the letter's frequency. */
#define BACKOFF (MC_TEXTID_SCALE * 4)

/* Hash of the n-gram cp[i-n+1..i] as features() makes it. */
static inline uint32_t gram_hash(const uint32_t *cp, size_t i, size_t n)
{
	uint32_t h = 0x811C9DC5u;
	for (size_t g = 0; g < n; g++)
		h = (h ^ cp[i - g]) * 0x01000193u;
	return fmix(h ^ (uint32_t)n * 0x9E3779B1u);
}

/* The most an ASCII letter (or the boundary after one) that follows
 * another or a boundary costs, in 1/SCALE nats. ASCII decodes alike in
 * every charset, so it says nothing about which is right; capped, the
 * Latin names in Hebrew or Arabic text ("מסמך HTML") no longer make a
 * language of another script, which explains them better, win. */
#define ASCII_CAP (-4 * MC_TEXTID_SCALE)

/* The languages mc_textid_loglik() weighs: those of the groups whose
 * script the text has letters of. */
struct lang_set {
	unsigned n;
	unsigned lang[MAX_LANG];
	unsigned ngroup;
	unsigned group[MAX_LANG];
};

/* Per language of the set, the log-probability (1/SCALE nats) of a
 * feature, or INT32_MIN where the model does not list it. */
static void gram_lp(const struct lang_set *ls, uint32_t key, int32_t *lp)
{
	unsigned k = 0;
	for (unsigned gi = 0; gi < ls->ngroup; gi++) {
		const struct mc_textid_group *g = &model->group[ls->group[gi]];
		const uint8_t *row = mc_textid_row(g, key);
		for (unsigned c = 0; c < g->nlang; c++, k++)
			lp[k] = row && row[c] ? model->lang[g->lang[c]].floor + row[c] : INT32_MIN;
	}
}

static void loglik_langs(const struct norm *nm, struct lang_set *ls)
{
	ls->n = ls->ngroup = 0;
	for (unsigned g = 0; g < model->ngroup && g < G_N_ELEMENTS(group_script); g++) {
		int s = group_script[g];
		int present = s >= 0 && nm->counts[s] > 0;
		if (s == G_UNICODE_SCRIPT_HIRAGANA)
			present = nm->counts[G_UNICODE_SCRIPT_HIRAGANA] + nm->counts[G_UNICODE_SCRIPT_KATAKANA] +
			          nm->counts[G_UNICODE_SCRIPT_HAN] > 0;
		else if (s == G_UNICODE_SCRIPT_HANGUL)
			present = nm->counts[G_UNICODE_SCRIPT_HANGUL] + nm->counts[G_UNICODE_SCRIPT_HAN] > 0;
		if (!present)
			continue;
		ls->group[ls->ngroup++] = g;
		for (unsigned c = 0; c < model->group[g].nlang; c++)
			ls->lang[ls->n++] = model->group[g].lang[c];
	}
}

double mc_textid_loglik(const char *utf8, size_t len, size_t *nchars)
{
	mc_textid_init();
	struct work w;
	work_start(&w, utf8, len);
	const uint32_t *cp = w.nm.cp;
	size_t n = w.nm.n;
	if (nchars)
		*nchars = n > 2 ? n : 0;
	struct lang_set ls;
	if (!model || n <= 2) {
		work_end(&w);
		return 0;
	}
	loglik_langs(&w.nm, &ls);
	unsigned nl = ls.n;
	int64_t total[MAX_LANG];
	int32_t bi[MAX_LANG], uprev[MAX_LANG], ucur[MAX_LANG], floor[MAX_LANG];
	memset(total, 0, sizeof total);
	for (unsigned l = 0; l < nl; l++)
		floor[l] = model->lang[ls.lang[l]].floor;
	/* a character bigram model: each character after the first is
	 * predicted by the one before (backing off to its own frequency) */
	gram_lp(&ls, gram_hash(cp, 0, 1), uprev);
	for (size_t i = 1; i < n; i++) {
		int ascii_run = cp[i] < 0x80 && cp[i - 1] < 0x80 && (cp[i] != ' ' || cp[i - 1] != ' ');
		gram_lp(&ls, gram_hash(cp, i, 2), bi);
		if (cp[i] == ' ')
			for (unsigned l = 0; l < nl; l++)
				ucur[l] = INT32_MIN;
		else
			gram_lp(&ls, gram_hash(cp, i, 1), ucur);
		for (unsigned l = 0; l < nl; l++) {
			int32_t p;
			if (bi[l] != INT32_MIN && uprev[l] != INT32_MIN)
				p = bi[l] - uprev[l];
			else if (bi[l] != INT32_MIN && cp[i - 1] == ' ')
				p = bi[l] + WORD_START;   /* P(letter | boundary) */
			else if (ucur[l] != INT32_MIN)
				p = ucur[l] - BACKOFF;
			else
				p = cp[i] == ' ' ? floor[l] / 4 : floor[l];
			if (p < ASCII_CAP && ascii_run)
				p = ASCII_CAP;
			total[l] += p > 0 ? 0 : p;
		}
		memcpy(uprev, ucur, sizeof(int32_t) * nl);
		if (cp[i] == ' ')
			for (unsigned l = 0; l < nl; l++)
				uprev[l] = INT32_MIN;
	}
	double best = -HUGE_VAL;
	for (unsigned l = 0; l < nl; l++)
		if ((double)total[l] > best)
			best = (double)total[l];
	work_end(&w);
	/* letters of no model language's script: each at about a floor */
	if (nl == 0)
		return (double)n * -14.0;
	return best / MC_TEXTID_SCALE;
}

/* Languages for scripts the model has no language of. */
static const char *const script_lang[][2] = {
	{ "Grek", "el" }, { "Hebr", "he" }, { "Hang", "ko" }, { "Jpan", "ja" },
	{ "Thai", "th" }, { "Geor", "ka" }, { "Armn", "hy" }, { "Laoo", "lo" },
	{ "Khmr", "km" }, { "Mymr", "my" }, { "Sinh", "si" }, { "Taml", "ta" },
	{ "Telu", "te" }, { "Knda", "kn" }, { "Mlym", "ml" }, { "Gujr", "gu" },
	{ "Guru", "pa" }, { "Orya", "or" }, { "Ethi", "am" }, { "Tibt", "bo" },
	{ "Beng", "bn" }, { "Deva", "hi" }, { "Arab", "ar" }, { "Cyrl", "ru" },
	{ "Latn", "en" }, { "Hani", "zh-Hans" }, { "Mong", "mn" }, { "Thaa", "dv" },
	{ "Cher", "chr" },
};

static void set_lang(struct mc_textid *out, const char *tag, double conf)
{
	g_strlcpy(out->language, tag, sizeof out->language);
	out->confidence = conf;
}

/* Simplified or Traditional Chinese by the characters that only one of
 * the two orthographies writes; 0 when they do not decide. */
static int han_variant(const struct norm *nm, struct mc_textid *out)
{
	unsigned s = nm->hans_only, t = nm->hant_only;
	if (lang_zh_hans < 0 || lang_zh_hant < 0 || s == t)
		return 0;
	/* one side only, or the other side's few are quotes or names */
	if (s > 3 * t) {
		set_lang(out, "zh-Hans", 1.0 - pow(0.5, (double)(s - t) + 1));
		return 1;
	}
	if (t > 3 * s) {
		set_lang(out, "zh-Hant", 1.0 - pow(0.5, (double)(t - s) + 1));
		return 1;
	}
	return 0;
}

/* The model's choice among the languages of group g. */
static void by_model(const struct norm *nm, const struct mc_textid_group *g,
                     struct mc_textid *out)
{
	struct acc a;
	score_group(g, nm, &a);
	double score[MC_TEXTID_GROUP_MAX];
	double best = -HUGE_VAL;
	unsigned bi = 0;
	for (unsigned c = 0; c < g->nlang; c++) {
		int l = (int)g->lang[c];
		double sc = (double)a.a64[c] + (double)a.nf * model->lang[l].floor;
		score[c] = sc / MC_TEXTID_SCALE;
		if (score[c] > best) {
			best = score[c];
			bi = c;
		}
	}
	double sum = 0;
	for (unsigned c = 0; c < g->nlang; c++)
		sum += exp((score[c] - best) / CONF_TEMPERATURE);
	set_lang(out, model->lang[g->lang[bi]].tag, 1.0 / sum);
}

/* Weight of the pair in the variant bigram model (Jelinek-Mercer
 * interpolation with the ideograph's own frequency). */
#define VARIANT_LAMBDA 0.5

/* P(c) in variant v (0 zh-Hans, 1 zh-Hant), add-half smoothed. */
static double variant_p1(unsigned count, unsigned v)
{
	return (count + 0.5) / (model->vtotal[v] + 0.5 * model->vtypes);
}

/* Simplified or Traditional Chinese when the characters of one
 * orthography only do not decide: which variant's character bigram model
 * (the model's variant table, from the training text of the two) explains
 * the ideographs better. It knows the words whose characters both
 * orthographies write but whose use differs: 文件 and 演示 are mainland
 * words, 字型 and 檔案 Taiwanese; and the punctuation, 「」 in Taiwan and
 * Hong Kong, “” on the mainland. Ideographs of one orthography only, when
 * the text has both kinds, add HAN_BONUS each. A guess: its confidence is
 * at most VARIANT_GUESS_MAX. */
static void han_by_variants(const char *utf8, size_t len, const struct norm *nm,
                            struct mc_textid *out)
{
	double llr = 0;        /* log P(text | zh-Hant) - log P(text | zh-Hans) */
	unsigned prev[2] = { 0, 0 }, cur[2], pair[2];
	/* the punctuation, which normalise() drops: rates per ideograph */
	for (size_t i = 0; i < len;) {
		uint32_t c = next_cp((const unsigned char *)utf8, len, &i);
		if (mc_textid_variant_mark(c)) {
			mc_textid_variant(model, c, cur);
			llr += log(variant_p1(cur[1], 1)) - log(variant_p1(cur[0], 0));
		}
	}
	for (size_t i = 1; i < nm->n; i++) {
		uint32_t c = nm->cp[i], p = nm->cp[i - 1];
		if (c < MC_TEXTID_HAN_FIRST || c > MC_TEXTID_HAN_LAST)
			continue;
		mc_textid_variant(model, c, cur);
		int after = p >= MC_TEXTID_HAN_FIRST && p <= MC_TEXTID_HAN_LAST;
		if (after)
			mc_textid_variant(model, MC_TEXTID_PAIR(p, c), pair);
		double lp[2];
		for (unsigned v = 0; v < 2; v++) {
			double p1 = variant_p1(cur[v], v);
			lp[v] = after && prev[v] ? log(VARIANT_LAMBDA * pair[v] / prev[v] +
			                              (1 - VARIANT_LAMBDA) * p1) : log(p1);
			prev[v] = cur[v];
		}
		llr += lp[1] - lp[0];
	}
	llr += (double)HAN_BONUS / MC_TEXTID_SCALE * ((double)nm->hant_only - (double)nm->hans_only);
	double conf = 1.0 / (1.0 + exp(-fabs(llr) / CONF_TEMPERATURE));
	if (conf > VARIANT_GUESS_MAX)
		conf = VARIANT_GUESS_MAX;
	set_lang(out, llr > 0 ? "zh-Hant" : "zh-Hans", conf);
}

/* Starts an answer: normalises the text into w (work_end() it), and
 * gives out its script and letters and "und". Returns the script, *g the
 * model's group of it (or NULL); NULL when there is nothing to identify
 * (no letter, or no model). */
static const char *answer_start(struct work *w, const char *utf8, size_t len,
                                struct mc_textid *out, const struct mc_textid_group **g)
{
	mc_textid_init();
	work_start(w, utf8, len);
	const char *script = dominant(&w->nm);
	memset(out, 0, sizeof *out);
	g_strlcpy(out->script, script, sizeof out->script);
	out->letters = w->nm.letters;
	set_lang(out, "und", 0);
	*g = NULL;
	if (w->nm.letters == 0 || !model)
		return NULL;
	for (unsigned i = 0; i < model->ngroup; i++)
		if (strcmp(model->group[i].script, script) == 0)
			*g = &model->group[i];
	return script;
}

/* The language of a script that one model language writes (group g), or
 * that no model language writes (g NULL: the table above, half as sure),
 * with a certainty that grows with the letters seen; 0 when the script
 * has several model languages. */
static int by_script(const struct norm *nm, const struct mc_textid_group *g, const char *script,
                     struct mc_textid *out)
{
	double sure = 1.0 - 1.0 / (1.0 + (double)nm->letters);
	if (g && g->nlang == 1) {
		set_lang(out, model->lang[g->lang[0]].tag, sure);
		return 1;
	}
	if (g)
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(script_lang); i++)
		if (strcmp(script_lang[i][0], script) == 0) {
			set_lang(out, script_lang[i][1], sure * 0.5);
			break;
		}
	return 1;
}

void mc_textid_identify(const char *utf8, size_t len, struct mc_textid *out)
{
	struct work w;
	const struct mc_textid_group *g;
	const char *script = answer_start(&w, utf8, len, out, &g);
	const struct norm *nm = &w.nm;
	if (!script)
		goto done;
	int is_han = strcmp(script, "Hani") == 0;
	/* ideographs only in JIS X 0208, none of one Chinese orthography */
	if (is_han && lang_ja >= 0 && nm->jis_only > 0 && nm->hans_only == 0 &&
	    nm->hant_only == 0) {
		set_lang(out, "ja", 1.0 - 1.0 / (2.0 + nm->jis_only));
		goto done;
	}
	if (by_script(nm, g, script, out))
		goto done;
	if (is_han && lang_zh_hans >= 0 && lang_zh_hant >= 0) {
		if (!han_variant(nm, out))
			han_by_variants(utf8, len < MAX_BYTES ? len : MAX_BYTES, nm, out);
		goto done;
	}
	by_model(nm, g, out);
done:
	work_end(&w);
}

/* A language chosen by the model among several of its script keeps
 * letters / (letters + SHORT_LETTERS) of the model's confidence in a
 * fragment, and Han text that nothing decides is "zh" at most HAN_ONLY_ZH
 * sure (a Japanese prefix may be kanji alone). Both were chosen on one
 * half of the held-out lines of bench/langid (SHORT=1 run, SHORT_DUMP,
 * even lines) and are measured on the other (bench/langid/README.md). */
#define SHORT_LETTERS 1.0
#define HAN_ONLY_ZH 0.9

void mc_textid_identify_short(const char *utf8, size_t len, struct mc_textid *out)
{
	struct work w;
	const struct mc_textid_group *g;
	const char *script = answer_start(&w, utf8, len, out, &g);
	const struct norm *nm = &w.nm;
	if (!script)
		goto done;
	if (strcmp(script, "Hani") == 0) {
		/* Japanese or a Chinese variant only on characters that only it
		 * writes; else "zh", the variant undecided. An ideograph in
		 * neither Chinese charset is Japanese even beside traditional
		 * forms, which Japanese writes too (自動応答) */
		if (lang_ja >= 0 && nm->jis_only > 0 && nm->hans_only == 0)
			set_lang(out, "ja", 1.0 - 1.0 / (2.0 + nm->jis_only));
		else if (!han_variant(nm, out))
			set_lang(out, "zh", HAN_ONLY_ZH * (1.0 - 1.0 / (1.0 + (double)nm->letters)));
		goto done;
	}
	if (by_script(nm, g, script, out))
		goto done;
	by_model(nm, g, out);
	out->confidence *= (double)nm->letters / ((double)nm->letters + SHORT_LETTERS);
done:
	work_end(&w);
}

/* ---- line format ---------------------------------------------------------- */

size_t mc_textid_unescape(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < len) {
			char d = s[i + 1];
			char r = d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d == '\\' ? '\\' : 0;
			if (r) {
				s[o++] = r;
				i++;
				continue;
			}
		}
		s[o++] = c;
	}
	if (o < len)
		s[o] = 0;
	return o;
}

size_t mc_textid_escape(const char *s, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		char e = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\\' ? '\\' : 0;
		if (e) {
			out[o++] = '\\';
			out[o++] = e;
		} else
			out[o++] = c;
	}
	out[o] = 0;
	return o;
}
