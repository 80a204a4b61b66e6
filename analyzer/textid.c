#include "config.h"
/*
 * textid.c: script and language identification of short texts (textid.h);
 * the model tables it reads are generated into textid-model.c.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "textid.h"
#include "textid-model.h"

#define MAX_BYTES (64 * 1024)
#define MAX_LANG 256
#define NSCRIPT 256             /* GUnicodeScript values we count */
#define FEAT_PER_CP 5           /* 1- to 4-grams and a word per code point */
#define STACK_CPS 1024

/* Temperature of the confidence softmax: naive Bayes counts each letter in
 * up to five overlapping features, so its raw odds are far too sure. */
#define CONF_TEMPERATURE 4.0
/* Bonus, in 1/SCALE nats, per ideograph of only one legacy character set. */
#define HAN_BONUS (3 * MC_TEXTID_SCALE)

/* ---- lookup table, built once ------------------------------------------ */

struct slot {
	uint32_t key;   /* 0: empty */
	uint32_t val;   /* offset into ent << 8 | count */
};

static struct slot *table;
static uint32_t table_mask;
static char script_names[NSCRIPT][5];
static int lang_zh_hans = -1, lang_zh_hant = -1, lang_ja = -1;

static void build(void)
{
	const struct mc_textid_model *m = &mc_textid_model;
	uint32_t size = 1024;
	while (size < 2u * m->nkeys + 1024)
		size <<= 1;
	table = g_new0(struct slot, size);
	table_mask = size - 1;
	uint32_t off = 0;
	for (unsigned k = 0; k < m->nkeys; k++) {
		uint32_t key = m->keys[k];
		uint32_t i = (key * 0x9E3779B1u) & table_mask;
		while (table[i].key)
			i = (i + 1) & table_mask;
		table[i].key = key;
		table[i].val = off << 8 | m->count[k];
		off += m->count[k];
	}
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
	for (unsigned l = 0; l < m->nlang && l < MAX_LANG; l++) {
		if (strcmp(m->lang[l], "zh-Hans") == 0)
			lang_zh_hans = (int)l;
		else if (strcmp(m->lang[l], "zh-Hant") == 0)
			lang_zh_hant = (int)l;
		else if (strcmp(m->lang[l], "ja") == 0)
			lang_ja = (int)l;
	}
}

void mc_textid_init(void)
{
	static gsize done;
	if (g_once_init_enter(&done)) {
		build();
		g_once_init_leave(&done, 1);
	}
}

static inline const struct slot *lookup(uint32_t key)
{
	uint32_t i = (key * 0x9E3779B1u) & table_mask;
	for (;;) {
		const struct slot *s = &table[i];
		if (s->key == key)
			return s;
		if (s->key == 0)
			return NULL;
		i = (i + 1) & table_mask;
	}
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

static inline GUnicodeScript script_of_cp(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			return G_UNICODE_SCRIPT_LATIN;
		return G_UNICODE_SCRIPT_COMMON;
	}
	return g_unichar_get_script(cp);
}

struct norm {
	uint32_t *cp;           /* lower-cased letters, words separated by and
	                         * surrounded with single spaces */
	size_t n;
	unsigned counts[NSCRIPT];
	size_t letters;
	unsigned han_only[3];   /* ideographs only in GB2312 / Big5 / JIS X 0208 */
};

/* Fills `nm` (whose cp must hold len + 2 entries). */
static void normalise(const char *utf8, size_t len, struct norm *nm)
{
	const unsigned char *s = (const unsigned char *)utf8;
	const struct mc_textid_model *m = &mc_textid_model;
	size_t i = 0, n = 0;
	nm->cp[n++] = ' ';
	while (i < len) {
		uint32_t cp = next_cp(s, len, &i);
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
				if (cp >= MC_TEXTID_HAN_FIRST && cp <= MC_TEXTID_HAN_LAST) {
					unsigned b = m->han[cp - MC_TEXTID_HAN_FIRST];
					unsigned gb = b & MC_TEXTID_HAN_GB2312, b5 = b & MC_TEXTID_HAN_BIG5;
					if (gb && !b5)
						nm->han_only[0]++;
					else if (b5 && !gb)
						nm->han_only[1]++;
					else if (!gb && !b5 && (b & MC_TEXTID_HAN_JIS0208))
						nm->han_only[2]++;
				}
			} else
				cp = g_unichar_tolower(cp);
		}
		if (word)
			nm->cp[n++] = cp;
		else if (nm->cp[n - 1] != ' ')
			nm->cp[n++] = ' ';
	}
	if (nm->cp[n - 1] != ' ')
		nm->cp[n++] = ' ';
	nm->n = n;
}

/* ---- scripts ------------------------------------------------------------ */

/* A Han, kana or Hangul character carries about as much as a short word:
 * it counts as this many letters of an alphabet when scripts are mixed
 * ("GNU sed 主页: 使用 GNU" is Chinese). */
#define CJK_WEIGHT 3

/* The dominant script of a normalised text, as a static ISO 15924 code. */
static const char *dominant(const struct norm *nm)
{
	if (nm->letters == 0)
		return "Zyyy";
	unsigned han = nm->counts[G_UNICODE_SCRIPT_HAN];
	unsigned kana = nm->counts[G_UNICODE_SCRIPT_HIRAGANA] + nm->counts[G_UNICODE_SCRIPT_KATAKANA];
	unsigned hangul = nm->counts[G_UNICODE_SCRIPT_HANGUL];
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
	for (int s = 0; s < NSCRIPT; s++) {
		if (s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
		    s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL)
			continue;
		if (nm->counts[s] > best) {
			best = nm->counts[s];
			name = script_names[s];
		}
	}
	return name;
}

/* ---- features ----------------------------------------------------------- */

static inline uint32_t fmix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85EBCA6Bu;
	h ^= h >> 13;
	h *= 0xC2B2AE35u;
	h ^= h >> 16;
	return h ? h : 1;
}

/* Hashes of the features of a normalised text: every 1- to 4-gram of code
 * points that has no space inside (it may begin or end at a word boundary),
 * and every word of 3 to 24 letters. Returns how many were written to out
 * (which holds FEAT_PER_CP * n). */
static size_t features(const uint32_t *cp, size_t n, uint32_t *out)
{
	size_t k = 0, word_start = 0;
	for (size_t i = 0; i < n; i++) {
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
			if (i > 0 && wl >= 3 && wl <= 24) {
				uint32_t w = 0x2F3A1C5Bu;
				for (size_t j = word_start; j < i; j++)
					w = (w ^ cp[j]) * 0x01000193u;
				out[k++] = fmix(w ^ 0xB5297A4Du);
			}
			word_start = i + 1;
		}
	}
	return k;
}

/* ---- public ------------------------------------------------------------- */

struct work {
	struct norm nm;
	uint32_t *feat;
	uint32_t cp_stack[STACK_CPS];
	uint32_t feat_stack[STACK_CPS * FEAT_PER_CP];
};

static void work_start(struct work *w, const char *utf8, size_t len)
{
	if (!utf8)
		len = 0;
	if (len > MAX_BYTES)
		len = MAX_BYTES;
	memset(&w->nm, 0, sizeof w->nm);
	if (len + 2 <= STACK_CPS) {
		w->nm.cp = w->cp_stack;
		w->feat = w->feat_stack;
	} else {
		w->nm.cp = g_new(uint32_t, len + 2);
		w->feat = g_new(uint32_t, (len + 2) * FEAT_PER_CP);
	}
	normalise(utf8 ? utf8 : "", len, &w->nm);
}

static void work_end(struct work *w)
{
	if (w->nm.cp != w->cp_stack) {
		g_free(w->nm.cp);
		g_free(w->feat);
	}
}

const char *mc_script_of(const char *utf8, size_t len)
{
	mc_textid_init();
	struct work *w = g_new(struct work, 1);
	work_start(w, utf8, len);
	const char *s = dominant(&w->nm);
	work_end(w);
	g_free(w);
	return s;
}

const char *mc_textid_features(const char *utf8, size_t len,
                               mc_textid_feature_fn fn, void *ctx)
{
	mc_textid_init();
	struct work *w = g_new(struct work, 1);
	work_start(w, utf8, len);
	const char *s = dominant(&w->nm);
	size_t nf = features(w->nm.cp, w->nm.n, w->feat);
	for (size_t i = 0; i < nf; i++)
		fn(w->feat[i], ctx);
	work_end(w);
	g_free(w);
	return s;
}

/* Adds up, per language, the quantized log-probabilities above the floor of
 * the features of a normalised text; returns the number of features. */
static size_t score_all(const struct norm *nm, uint32_t *feat, int32_t *acc)
{
	const struct mc_textid_model *m = &mc_textid_model;
	memset(acc, 0, sizeof *acc * MAX_LANG);
	size_t nf = features(nm->cp, nm->n, feat);
	for (size_t i = 0; i < nf; i++) {
#if defined(__GNUC__)
		if (i + 8 < nf)
			__builtin_prefetch(&table[(feat[i + 8] * 0x9E3779B1u) & table_mask]);
#endif
		const struct slot *s = lookup(feat[i]);
		if (!s)
			continue;
		const uint16_t *e = m->ent + (s->val >> 8);
		for (unsigned j = 0, c = s->val & 0xFF; j < c; j++)
			acc[e[j] >> 8] += e[j] & 0xFF;
	}
	return nf;
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

/* Per language, the log-probability (1/SCALE nats) of a feature, or
 * INT32_MIN where the model does not list it. */
static void gram_lp(uint32_t key, int32_t *lp, unsigned nlang)
{
	const struct mc_textid_model *m = &mc_textid_model;
	for (unsigned l = 0; l < nlang; l++)
		lp[l] = INT32_MIN;
	const struct slot *s = lookup(key);
	if (!s)
		return;
	const uint16_t *e = m->ent + (s->val >> 8);
	for (unsigned j = 0, c = s->val & 0xFF; j < c; j++)
		lp[e[j] >> 8] = m->floor[e[j] >> 8] + (e[j] & 0xFF);
}

double mc_textid_loglik(const char *utf8, size_t len, size_t *nchars)
{
	mc_textid_init();
	const struct mc_textid_model *m = &mc_textid_model;
	unsigned nl = m->nlang < MAX_LANG ? m->nlang : MAX_LANG;
	struct work *w = g_new(struct work, 1);
	work_start(w, utf8, len);
	const uint32_t *cp = w->nm.cp;
	size_t n = w->nm.n;
	int64_t total[MAX_LANG];
	int32_t bi[MAX_LANG], uprev[MAX_LANG], ucur[MAX_LANG];
	memset(total, 0, sizeof total);
	/* a character bigram model: each character after the first is
	 * predicted by the one before (backing off to its own frequency) */
	gram_lp(gram_hash(cp, 0, 1), uprev, nl);
	for (size_t i = 1; i < n; i++) {
		gram_lp(gram_hash(cp, i, 2), bi, nl);
		if (cp[i] == ' ')
			for (unsigned l = 0; l < nl; l++)
				ucur[l] = INT32_MIN;
		else
			gram_lp(gram_hash(cp, i, 1), ucur, nl);
		for (unsigned l = 0; l < nl; l++) {
			int32_t p;
			if (bi[l] != INT32_MIN && uprev[l] != INT32_MIN)
				p = bi[l] - uprev[l];
			else if (bi[l] != INT32_MIN && cp[i - 1] == ' ')
				p = bi[l] + WORD_START;   /* P(letter | boundary) */
			else if (ucur[l] != INT32_MIN)
				p = ucur[l] - BACKOFF;
			else
				p = cp[i] == ' ' ? m->floor[l] / 4 : m->floor[l];
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
	work_end(w);
	g_free(w);
	if (nchars)
		*nchars = n;
	return n > 2 ? best / MC_TEXTID_SCALE : 0;
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

void mc_textid_identify(const char *utf8, size_t len, struct mc_textid *out)
{
	mc_textid_init();
	const struct mc_textid_model *m = &mc_textid_model;
	struct work *w = g_new(struct work, 1);
	work_start(w, utf8, len);
	const struct norm *nm = &w->nm;
	const char *script = dominant(nm);

	memset(out, 0, sizeof *out);
	g_strlcpy(out->script, script, sizeof out->script);
	out->letters = nm->letters;
	set_lang(out, "und", 0);
	if (nm->letters == 0)
		goto done;

	/* candidate languages: the model's of this script */
	unsigned char cand[MAX_LANG];
	unsigned ncand = 0;
	int is_han = strcmp(script, "Hani") == 0;
	for (unsigned l = 0; l < m->nlang && l < MAX_LANG; l++)
		if (strcmp(m->script[l], script) == 0)
			cand[ncand++] = (unsigned char)l;
	/* ideographs only in JIS X 0208, none only in GB2312 or Big5: Japanese */
	if (is_han && lang_ja >= 0 && nm->han_only[2] > 0 && nm->han_only[0] == 0 &&
	    nm->han_only[1] == 0) {
		set_lang(out, "ja", 1.0 - 1.0 / (2.0 + nm->han_only[2]));
		goto done;
	}
	/* a certainty that grows with the letters seen */
	double sure = 1.0 - 1.0 / (1.0 + (double)nm->letters);
	if (ncand == 1) {
		set_lang(out, m->lang[cand[0]], sure);
		goto done;
	}
	if (ncand == 0) {
		for (size_t i = 0; i < G_N_ELEMENTS(script_lang); i++)
			if (strcmp(script_lang[i][0], script) == 0) {
				set_lang(out, script_lang[i][1], sure * 0.5);
				break;
			}
		goto done;
	}

	int32_t acc[MAX_LANG];
	size_t nf = score_all(nm, w->feat, acc);
	double score[MAX_LANG];
	double best = -HUGE_VAL;
	unsigned bi = 0;
	for (unsigned c = 0; c < ncand; c++) {
		unsigned l = cand[c];
		double sc = (double)acc[l] + (double)nf * m->floor[l];
		if ((int)l == lang_zh_hans)
			sc += (double)HAN_BONUS * nm->han_only[0];
		else if ((int)l == lang_zh_hant)
			sc += (double)HAN_BONUS * nm->han_only[1];
		score[c] = sc / MC_TEXTID_SCALE;
		if (score[c] > best) {
			best = score[c];
			bi = c;
		}
	}
	double sum = 0;
	for (unsigned c = 0; c < ncand; c++)
		sum += exp((score[c] - best) / CONF_TEMPERATURE);
	set_lang(out, m->lang[cand[bi]], 1.0 / sum);
done:
	work_end(w);
	g_free(w);
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
