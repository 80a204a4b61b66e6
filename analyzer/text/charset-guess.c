/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * charset-guess.c: charset detection on top of uchardet
 * (charset-guess.h): UTF-8 first, then uchardet's answer checked by
 * decoding, then the other legacy candidates weighed by the language model.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "charset.h"
#include "charset-guess.h"
#include "textid.h"

/* Bytes weighed: enough to tell, and a bound on the work per candidate. The
 * cut is made after a byte below 0x40, which no multi-byte charset of the
 * candidates uses inside a character. */
#define GUESS_MAX 16384

static int looks_escaped(const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (bytes[i] == 0x1B || (bytes[i] == '~' && i + 1 < len && bytes[i + 1] == '{'))
			return 1;
	return 0;
}

/* 1 if the bytes decode in `cs` with no byte lost and no mismatch. */
static int decodes_cleanly(const char *bytes, size_t len, const char *cs)
{
	struct mc_decoded d;
	mc_charset_decode(bytes, len, cs, &d);
	int ok = !d.mismatch && !d.lossy;
	mc_decoded_clear(&d);
	return ok;
}

/* Legacy charsets tried when the bytes are neither ASCII nor UTF-8, as the
 * canonical labels mc_charset_decode() knows (it widens gb2312 to GB18030,
 * shift_jis to CP932, euc-kr to CP949, iso-8859-1 to windows-1252). The
 * multi-byte ones come first. */
static const char *const candidates[] = {
	"gb18030", "big5", "shift_jis", "euc-jp", "euc-kr",
	"windows-1252", "iso-8859-15", "windows-1250", "iso-8859-2",
	"windows-1251", "koi8-r", "koi8-u", "iso-8859-5",
	"windows-1253", "iso-8859-7", "windows-1254", "iso-8859-9",
	"windows-1255", "iso-8859-8", "windows-1256", "iso-8859-6",
	"windows-1257", "iso-8859-13", "windows-874",
};
#define N_MULTIBYTE 5
#define N_CAND G_N_ELEMENTS(candidates)

/* Single-byte candidates decode by table, built once with iconv through
 * the decoder charset.c would use: the code point of each byte, 0 where
 * the charset has none. */
static gunichar sb_table[N_CAND][256];

static void build_tables(void)
{
	for (size_t c = N_MULTIBYTE; c < N_CAND; c++) {
		const char *dec = mc_charset_iconv_name(candidates[c]);
		GIConv cd = dec ? g_iconv_open("UTF-32LE", dec) : (GIConv)-1;
		for (unsigned b = 0; b < 256; b++) {
			if (b < 0x80 || cd == (GIConv)-1) {
				sb_table[c][b] = b < 0x80 ? b : 0;
				continue;
			}
			char in = (char)b;
			unsigned char out[8];
			gchar *ip = &in, *op = (gchar *)out;
			gsize il = 1, ol = sizeof out;
			g_iconv(cd, NULL, NULL, NULL, NULL);
			/* windows-1255 holds a letter back for a combining mark to
			 * follow: flush it out */
			if (g_iconv(cd, &ip, &il, &op, &ol) == (gsize)-1 ||
			    g_iconv(cd, NULL, NULL, &op, &ol) == (gsize)-1 || ol != 4)
				sb_table[c][b] = 0;
			else
				sb_table[c][b] = out[0] | out[1] << 8 | out[2] << 16 | (gunichar)out[3] << 24;
		}
		if (cd != (GIConv)-1)
			g_iconv_close(cd);
	}
}

/* In nats, what a code point that is no letter costs (letters are weighed
 * by the language model, an unseen one at about -13). ASCII decodes alike
 * in every candidate and is free. */
#define COST_BAD 40.0       /* control, private use, unassigned, U+FFFD */
#define COST_SYMBOL 18.0    /* other symbols and punctuation: box drawing,
                             * math, currency, Latin-1 signs */
#define COST_TYPO 6.0       /* typographic and CJK punctuation, full-width forms */
/* Bonus for uchardet's own answer: it breaks near-ties. */
#define UCHARDET_BONUS 2.0
/* Cost of an answer of uchardet's outside the candidates (iso-8859-16,
 * ibm852, mac-centraleurope, viscii...): charsets mail rarely carries,
 * which decode a common one's bytes into text nearly as plausible
 * (Romanian ş as ș), so they must explain the bytes clearly better. */
#define RARE_COST 8.0

/* Sum of the costs of the text's non-letters; *n gets their number. */
static double char_costs(const char *s, size_t len, size_t *n)
{
	double cost = 0;
	const char *end = s + len;
	*n = 0;
	for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x80)
			continue;
		switch (g_unichar_type(c)) {
		case G_UNICODE_LOWERCASE_LETTER:
		case G_UNICODE_UPPERCASE_LETTER:
		case G_UNICODE_TITLECASE_LETTER:
		case G_UNICODE_MODIFIER_LETTER:
		case G_UNICODE_OTHER_LETTER:
		case G_UNICODE_NON_SPACING_MARK:
		case G_UNICODE_SPACING_MARK:
		case G_UNICODE_ENCLOSING_MARK:
			/* half-width katakana: what Shift_JIS makes of Latin-1 */
			if (c >= 0xFF61 && c <= 0xFF9F) {
				cost += COST_SYMBOL;
				break;
			}
			/* a letter of no script (the tatweel windows-1256 makes of Ü,
			 * the caron windows-1250 makes of ¡; not the prolonged sound
			 * mark): the language model skips it, so it is paid here */
			if (c == 0x30FC || g_unichar_get_script(c) != G_UNICODE_SCRIPT_COMMON)
				continue;
			cost += COST_SYMBOL;
			break;
		case G_UNICODE_FORMAT:
			/* a direction mark goes after a word; inside one it is what
			 * windows-1255 makes of Turkish ş or ğ */
			if ((c == 0x200E || c == 0x200F) && g_utf8_next_char(p) < end &&
			    g_unichar_isalpha(g_utf8_get_char(g_utf8_next_char(p))))
				cost += COST_SYMBOL;
			else
				cost += COST_TYPO;
			break;
		case G_UNICODE_CONTROL:
		case G_UNICODE_PRIVATE_USE:
		case G_UNICODE_UNASSIGNED:
		case G_UNICODE_SURROGATE:
			cost += COST_BAD;
			break;
		default:
			if (c == 0xFFFD)
				cost += COST_BAD;
			else if ((c >= 0x2010 && c <= 0x2027) || c == 0xAB || c == 0xBB || c == 0xA0 ||
			         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF65) ||
			         c == 0x2030 || c == 0x2039 || c == 0x203A || c == 0x20AC || c == 0xB7 ||
			         c == 0xA1 || c == 0xBF || c == 0xB0)
				cost += COST_TYPO;
			else
				cost += COST_SYMBOL;
		}
		(*n)++;
	}
	return cost;
}

/* Decodes with candidate c; NULL when a byte does not decode. */
static char *decode(const char *bytes, size_t len, size_t c, size_t *outlen)
{
	if (c < N_MULTIBYTE) {
		struct mc_decoded d;
		mc_charset_decode(bytes, len, candidates[c], &d);
		char *t = NULL;
		if (!d.mismatch && !d.lossy) {
			t = d.text;
			*outlen = d.len;
			d.text = NULL;
		}
		mc_decoded_clear(&d);
		return t;
	}
	GString *s = g_string_sized_new(len * 2 + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)bytes[i];
		gunichar u = sb_table[c][b];
		if (b >= 0x80 && u == 0) {
			g_string_free(s, TRUE);
			return NULL;
		}
		if (u == 0)
			u = ' ';
		g_string_append_unichar(s, u);
	}
	*outlen = s->len;
	return g_string_free(s, FALSE);
}

/* Log-likelihood of the text the bytes are in candidate c, less the cost of
 * its non-letters; -HUGE_VAL when they do not decode. */
static double plausibility(const char *bytes, size_t len, size_t c)
{
	size_t tlen = 0;
	char *t = decode(bytes, len, c, &tlen);
	if (!t)
		return -HUGE_VAL;
	size_t nsym = 0;
	double ll = mc_textid_loglik(t, tlen, NULL);
	double cost = char_costs(t, tlen, &nsym);
	g_free(t);
	return ll - cost;
}

char *mc_charset_guess(const char *bytes, size_t len)
{
	static gsize tables_done;
	if (g_once_init_enter(&tables_done)) {
		build_tables();
		g_once_init_leave(&tables_done, 1);
	}
	if (!bytes || len == 0)
		return g_strdup("us-ascii");
	if (mc_is_ascii(bytes, len)) {
		if (looks_escaped(bytes, len)) {
			static const char *const esc[] = { "iso-2022-jp", "hz-gb-2312", "iso-2022-kr" };
			char *det = mc_charset_detect(bytes, len);
			if (det && decodes_cleanly(bytes, len, det) && strcmp(det, "us-ascii") != 0)
				return det;
			g_free(det);
			for (size_t i = 0; i < G_N_ELEMENTS(esc); i++)
				if (decodes_cleanly(bytes, len, esc[i]))
					return g_strdup(esc[i]);
		}
		return g_strdup("us-ascii");
	}
	if (mc_utf8_valid(bytes, len))
		return g_strdup("utf-8");
	if (len > GUESS_MAX) {
		size_t cut = GUESS_MAX;
		while (cut > GUESS_MAX / 2 && (unsigned char)bytes[cut - 1] >= 0x40)
			cut--;
		len = cut > GUESS_MAX / 2 ? cut : GUESS_MAX;
	}
	char *det = mc_charset_detect(bytes, len);
	char *answer = NULL;
	double best_p = -HUGE_VAL;
	int det_known = 0;
	for (size_t c = 0; c < N_CAND; c++) {
		int is_det = det && strcmp(det, candidates[c]) == 0;
		double p = plausibility(bytes, len, c) + (is_det ? UCHARDET_BONUS : 0);
		det_known |= is_det;
		if (p > best_p) {
			best_p = p;
			g_free(answer);
			answer = g_strdup(candidates[c]);
		}
	}
	/* uchardet's answer outside the candidates, weighed the same way */
	if (det && !det_known && decodes_cleanly(bytes, len, det)) {
		struct mc_decoded d;
		mc_charset_decode(bytes, len, det, &d);
		size_t nsym = 0;
		double p = mc_textid_loglik(d.text, d.len, NULL) - char_costs(d.text, d.len, &nsym) -
		           RARE_COST;
		if (p > best_p) {
			g_free(answer);
			answer = g_strdup(det);
		}
		mc_decoded_clear(&d);
	}
	g_free(det);
	return answer ? answer : g_strdup("windows-1252");
}
