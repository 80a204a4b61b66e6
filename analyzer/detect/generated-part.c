/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * generated-part.c: owns locating the system-generated fragment of a
 * subject from structure (a stored prefix, a normalized subject, the
 * original's subject, fragments shared across a case), identifying its
 * language, and choosing among the bases (see generated-part.h). Pure: no
 * case file here.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "generated-part.h"
#include "system-prefixes.h"
#include "textid.h"

static const char *const basis_names[MC_GEN_N_BASES] = {
	"mapi-prefix", "thread-topic", "original-subject", "case-prefix", "table", "boilerplate",
};

const char *mc_gen_basis_name(enum mc_gen_basis b)
{
	return (unsigned)b < MC_GEN_N_BASES ? basis_names[b] : NULL;
}

/* ---- UTF-8 helpers ---- */

static int is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0xA0 || c == 0x202F || c == 0x3000;
}

static int is_colon(gunichar c)
{
	return c == ':' || c == 0xFF1A;
}

static const char *skip_space(const char *p)
{
	while (*p && is_space(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	return p;
}

/* Length of s[0..n) without its trailing spaces. */
static size_t trim_end(const char *s, size_t n)
{
	while (n > 0) {
		const char *prev = g_utf8_find_prev_char(s, s + n);
		if (!prev || !is_space(g_utf8_get_char(prev)))
			break;
		n = (size_t)(prev - s);
	}
	return n;
}

static int has_letter(const char *s, size_t n)
{
	for (const char *p = s; p < s + n && *p; p = g_utf8_next_char(p))
		if (g_unichar_isalpha(g_utf8_get_char(p)))
			return 1;
	return 0;
}

/* ---- RE:/FW: chains (the classifier's markers) ---- */

/* Whether s[0..n) is one chain marker and its colon ("RE:", "AW :", "回复："). */
static int is_chain_segment(const char *s, size_t n)
{
	if (n == 0 || n > 48)
		return 0;
	char buf[64];
	memcpy(buf, s, n);
	buf[n] = '\0';
	struct mc_prefix_match pm;
	return !mc_prefix_match_subject(buf, &pm) && pm.n_chain == 1 && !pm.tagged;
}

size_t mc_gen_chain_len(const char *s)
{
	const char *p = skip_space(s);
	for (int guard = 0; guard < 16 && *p; guard++) {
		const char *q = p, *end = NULL;
		for (int k = 0; *q && k < 16; k++) {
			gunichar c = g_utf8_get_char(q);
			q = g_utf8_next_char(q);
			if (is_colon(c)) {
				end = q;
				break;
			}
		}
		if (!end || !is_chain_segment(p, (size_t)(end - p)))
			break;
		p = skip_space(end);
	}
	return (size_t)(p - s);
}

/* Length of s[0..n) without the RE:/FW: markers (and spaces) at its end. */
static size_t strip_trailing_chain(const char *s, size_t n)
{
	for (;;) {
		n = trim_end(s, n);
		const char *last = n ? g_utf8_find_prev_char(s, s + n) : NULL;
		if (!last || !is_colon(g_utf8_get_char(last)))
			return n;
		size_t start = 0;
		for (const char *p = last; (p = g_utf8_find_prev_char(s, p)) != NULL;) {
			if (is_colon(g_utf8_get_char(p))) {
				start = (size_t)(g_utf8_next_char(p) - s);
				break;
			}
		}
		const char *seg = skip_space(s + start);
		if (!is_chain_segment(seg, (size_t)(s + n - seg)))
			return n;
		n = start;
	}
}

/* ---- fragments ---- */

/* out = before [" … " after], each trimmed; 0 when neither has a letter or
 * the result does not fit. */
static int compose(const char *before, size_t nb, const char *after, size_t na, char *out)
{
	const char *b = skip_space(before);
	nb = trim_end(b, (size_t)(before + nb - b));
	const char *a = skip_space(after);
	na = trim_end(a, (size_t)(after + na - a));
	int hb = has_letter(b, nb), ha = has_letter(a, na);
	if (!hb && !ha)
		return 0;
	GString *g = g_string_new(NULL);
	if (hb)
		g_string_append_len(g, b, (gssize)nb);
	if (hb && ha)
		g_string_append(g, " \xE2\x80\xA6 ");
	if (ha)
		g_string_append_len(g, a, (gssize)na);
	int ok = g->len < MC_GEN_FRAGMENT_MAX;
	if (ok)
		memcpy(out, g->str, g->len + 1);
	g_string_free(g, TRUE);
	return ok;
}

/* The last occurrence of needle[0..n) in hay: as written, else ignoring
 * ASCII case. */
static const char *find_last(const char *hay, const char *needle, size_t n)
{
	const char *hit = g_strrstr_len(hay, -1, needle);
	if (hit)
		return hit;
	size_t h = strlen(hay);
	for (size_t i = h >= n ? h - n + 1 : 0; i-- > 0;)
		if (g_ascii_strncasecmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

int mc_gen_fragment_around(const char *subject, const char *core, char *out)
{
	out[0] = '\0';
	if (!subject || !core)
		return 0;
	const char *c = core + mc_gen_chain_len(core);
	size_t n = trim_end(c, strlen(c));
	if (n == 0)
		return 0;
	char *needle = g_strndup(c, n);
	const char *hit = find_last(subject, needle, n);
	g_free(needle);
	if (!hit)
		return 0;
	size_t nb = strip_trailing_chain(subject, (size_t)(hit - subject));
	return compose(subject, nb, hit + n, strlen(hit + n), out);
}

int mc_gen_fragment_of_prefix(const char *prefix, char *out)
{
	out[0] = '\0';
	if (!prefix)
		return 0;
	return compose(prefix, strip_trailing_chain(prefix, strlen(prefix)), "", 0, out);
}

/* ---- language ---- */

/* How sure textid must be of a fragment's language. Short fragments in a
 * script that several model languages write (Latin, Cyrillic, Arabic) are
 * right only about half the time at the 0.5-0.75 confidences the short
 * identifier gives them (bench/langid/README.md, "Short fragments"), so
 * they need MC_GEN_MIN_CONFIDENCE_SHARED; a script one language writes,
 * or Han, is told by its characters. */
static double min_confidence(const struct mc_textid *id, int is_short)
{
	if (is_short && (strcmp(id->script, "Latn") == 0 || strcmp(id->script, "Cyrl") == 0 ||
	                 strcmp(id->script, "Arab") == 0))
		return MC_GEN_MIN_CONFIDENCE_SHARED;
	return MC_GEN_MIN_CONFIDENCE;
}

void mc_gen_identify(struct mc_gen_part *part)
{
	const char *f = part->fragment;
	part->language[0] = '\0';
	part->from_table = 0;
	const struct mc_system_prefix *known = mc_prefix_whole_fragment(f);
	if (known) {
		const char *tags = known->langs, *sp = strchr(tags, ' ');
		size_t n = sp ? (size_t)(sp - tags) : strlen(tags);
		if (n < sizeof part->language) {
			memcpy(part->language, tags, n);
			part->language[n] = '\0';
			part->from_table = 1;
		}
	}
	struct mc_textid id;
	size_t len = strlen(f);
	int is_short = g_utf8_strlen(f, (gssize)len) <= MC_GEN_SHORT_CHARS;
	if (is_short)
		mc_textid_identify_short(f, len, &id);
	else
		mc_textid_identify(f, len, &id);
	g_strlcpy(part->script, id.script, sizeof part->script);
	if (!part->from_table && id.confidence >= min_confidence(&id, is_short) &&
	    strcmp(id.language, "und") != 0)
		g_strlcpy(part->language, id.language, sizeof part->language);
}

void mc_gen_set(struct mc_gen_part *part, const char *fragment)
{
	memset(part, 0, sizeof *part);
	if (!fragment || !*fragment)
		return;
	g_strlcpy(part->fragment, fragment, sizeof part->fragment);
	part->found = 1;
	mc_gen_identify(part);
}

void mc_gen_decide(const struct mc_gen_part parts[MC_GEN_N_BASES], int *best,
                   char language[16], char *basis, size_t basis_len)
{
	*best = -1;
	language[0] = '\0';
	if (basis_len)
		basis[0] = '\0';
	for (int i = 0; i < MC_GEN_N_BASES && *best < 0; i++)
		if (parts[i].found && parts[i].language[0])
			*best = i;
	for (int i = 0; i < MC_GEN_N_BASES && *best < 0; i++)
		if (parts[i].found)
			*best = i;
	if (*best < 0)
		return;
	const struct mc_gen_part *b = &parts[*best];
	g_strlcpy(language, b->language, 16);
	GString *agree = g_string_new(mc_gen_basis_name(*best));
	GString *differ = g_string_new(NULL);
	for (int i = 0; i < MC_GEN_N_BASES; i++) {
		if (i == *best || !parts[i].found)
			continue;
		const char *l = parts[i].language[0] ? parts[i].language : "und";
		if (b->language[0] && strcmp(l, b->language) == 0)
			g_string_append_printf(agree, "+%s", mc_gen_basis_name(i));
		else
			g_string_append_printf(differ, ";%s=%s", mc_gen_basis_name(i), l);
	}
	g_string_append(agree, differ->str);
	if (!b->language[0])
		g_string_append_printf(agree, ";script=%s", b->script);
	g_strlcpy(basis, agree->str, basis_len);
	g_string_free(agree, TRUE);
	g_string_free(differ, TRUE);
}

/* ---- learning from the case ---- */

static void set_remainder(struct mc_gen_candidate *c, const char *s, size_t n)
{
	const char *r = skip_space(s);
	n = (size_t)(s + n - r);
	char *tmp = g_strndup(r, n);
	const char *t = tmp + mc_gen_chain_len(tmp);
	size_t m = trim_end(t, strlen(t));
	if (m >= sizeof c->remainder)
		m = sizeof c->remainder - 1;
	while (m > 0 && !g_utf8_validate(t, (gssize)m, NULL))
		m--;
	for (size_t i = 0; i < m; i++)
		c->remainder[i] = g_ascii_tolower(t[i]);
	c->remainder[m] = '\0';
	g_free(tmp);
}

/* Adds the candidate s[f0..f1) with the remainder rest[0..nrest) when both
 * are usable. */
static size_t add(struct mc_gen_candidate *out, size_t k, enum mc_gen_position pos,
                  const char *frag, size_t nf, const char *rest, size_t nrest)
{
	nf = trim_end(frag, nf);
	if (!has_letter(frag, nf) || nf >= MC_GEN_FRAGMENT_MAX)
		return k;
	struct mc_gen_candidate *c = &out[k];
	memcpy(c->fragment, frag, nf);
	c->fragment[nf] = '\0';
	c->position = pos;
	set_remainder(c, rest, nrest);
	return c->remainder[0] ? k + 1 : k;
}

static const struct { gunichar open, close; } brackets[] = {
	{ '[', ']' }, { '(', ')' }, { 0x3010, 0x3011 }, { 0x3014, 0x3015 }, { 0xFF08, 0xFF09 },
	{ 0xFF3B, 0xFF3D },
};

size_t mc_gen_candidates(const char *subject, struct mc_gen_candidate out[3])
{
	size_t k = 0;
	if (!subject)
		return 0;
	const char *s = subject + mc_gen_chain_len(subject);
	size_t n = trim_end(s, strlen(s));
	if (n == 0)
		return 0;
	/* a leading fragment ending in a colon */
	const char *p = s;
	for (int i = 0; i < MC_GEN_LEARN_MAX_CHARS && p < s + n; i++) {
		gunichar c = g_utf8_get_char(p);
		p = g_utf8_next_char(p);
		if (is_colon(c)) {
			k = add(out, k, MC_GEN_LEADING, s, (size_t)(p - s), p, (size_t)(s + n - p));
			break;
		}
	}
	/* a leading and a trailing bracketed fragment */
	gunichar first = g_utf8_get_char(s);
	const char *lastp = g_utf8_find_prev_char(s, s + n);
	gunichar last = lastp ? g_utf8_get_char(lastp) : 0;
	for (size_t b = 0; b < G_N_ELEMENTS(brackets); b++) {
		char close[8] = { 0 }, open[8] = { 0 };
		g_unichar_to_utf8(brackets[b].close, close);
		g_unichar_to_utf8(brackets[b].open, open);
		if (first == brackets[b].open && brackets[b].open != '(' && k < 3) {
			const char *c = strstr(s, close);
			if (c && c + strlen(close) <= s + n) {
				const char *e = c + strlen(close);
				k = add(out, k, MC_GEN_LEADING, s, (size_t)(e - s), e, (size_t)(s + n - e));
			}
		}
		if (last == brackets[b].close && k < 3) {
			const char *o = NULL;
			for (const char *q = s; (q = strstr(q, open)) && q < lastp; q += strlen(open))
				o = q;
			if (o && o > s)
				k = add(out, k, MC_GEN_TRAILING, o, (size_t)(s + n - o), s, (size_t)(o - s));
		}
	}
	return k;
}

int mc_gen_subject_has(const char *subject, enum mc_gen_position pos, const char *fragment)
{
	if (!subject || !fragment || !*fragment)
		return 0;
	const char *s = subject + mc_gen_chain_len(subject);
	size_t n = trim_end(s, strlen(s)), f = strlen(fragment);
	if (n < f)
		return 0;
	return pos == MC_GEN_LEADING ? memcmp(s, fragment, f) == 0
	                             : memcmp(s + n - f, fragment, f) == 0;
}
