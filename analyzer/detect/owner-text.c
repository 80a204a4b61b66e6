/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * owner-text.c: an auto-reply's own text, without the original it quotes
 * (owner-text.h). Pure: no state, no allocation.
 */
#include <string.h>

#include "owner-text.h"

/* The first label of the header block Outlook writes above a quoted or
 * forwarded original, as its localized builds write it ("From:", "De :",
 * "Von:", "发件人:"). Any other label works too when the block has three
 * lines and an address (owner-text.h); these let a two-line block count. */
static const char *const from_labels[] = {
	"From", "De", "Von", "Da", "Van", "Od", "Från", "Fra", "Frå", "Lähettäjä",
	"Feladó", "Kimden", "Από", "От", "Від", "Од", "Expéditeur", "Remitente",
	"发件人", "寄件者", "差出人", "보낸 사람", "Gửi từ", "Dari", NULL
};

/* Verbs of the attributions mail clients write above a quoted original:
 * Thunderbird's "#1 wrote:", "Am #2 um #3 schrieb #1:", "在 #2 #3, #1
 * 写道:" and "#1 写于 #2 #3:" (checked in its en, de and zh-CN catalogs)
 * and the common forms of the other languages textid knows (Gmail,
 * Thunderbird, Apple Mail; not checked each against a catalog). The line
 * must end in ':' too. */
static const char *const attribution_verbs[] = {
	"wrote", "writes", "a écrit", "schrieb", "escribió", "ha scritto",
	"scrisse", "escreveu", "schreef", "napisał", "pisze", "skrev",
	"kirjoitti", "napsal", "napísal", "írta", "a scris", "написал", "пишет",
	"написа", "написав", "έγραψε", "yazdı", "viết", "menulis",
	"va escriure", "escribiu", "idatzi", "kirjutas", "rašė", "rakstīja",
	"napisao", "napisala", "je napisal",
	"写道", "寫道", "写于", "寫於", "のメッセージ", "님이 작성", "כתב",
	"كتب", NULL
};

struct line {
	const char *s;     /* the line without its leading blanks */
	size_t n;          /* its length without the line end and trailing blanks */
	const char *start; /* the line as it is in the body */
	size_t full;       /* its length there, line end excluded */
};

/* The line at body[*at..len); advances *at past its end. 0 at the end. */
static int next_line(const char *body, size_t len, size_t *at, struct line *l)
{
	if (*at >= len)
		return 0;
	const char *p = body + *at;
	const char *nl = memchr(p, '\n', len - *at);
	size_t n = nl ? (size_t)(nl - p) : len - *at;
	*at += n + (nl ? 1 : 0);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	l->start = p;
	l->full = n;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	l->s = p;
	l->n = n;
	return 1;
}

static int has_byte(const struct line *l, int (*pred)(int))
{
	for (size_t i = 0; i < l->n; i++)
		if (pred((unsigned char)l->s[i]))
			return 1;
	return 0;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_at(int c)
{
	return c == '@';
}

static int contains(const struct line *l, const char *m)
{
	size_t k = strlen(m);
	for (size_t i = 0; k <= l->n && i <= l->n - k; i++)
		if (memcmp(l->s + i, m, k) == 0)
			return 1;
	return 0;
}

/* Whether the line ends in a colon, ASCII or full-width. */
static int ends_colon(const struct line *l)
{
	return (l->n >= 1 && l->s[l->n - 1] == ':') ||
	       (l->n >= 3 && memcmp(l->s + l->n - 3, "\xEF\xBC\x9A", 3) == 0);
}

/* Whether the line ends a sentence ('.', '!', '?' or their CJK forms). */
static int ends_sentence(const struct line *l)
{
	if (l->n == 0)
		return 0;
	char c = l->s[l->n - 1];
	if (c == '.' || c == '!' || c == '?')
		return 1;
	static const char *const cjk[] = { "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F" };
	for (size_t i = 0; i < 3; i++)
		if (l->n >= 3 && memcmp(l->s + l->n - 3, cjk[i], 3) == 0)
			return 1;
	return 0;
}

static int is_quoted(const struct line *l)
{
	return l->n > 0 && l->s[0] == '>';
}

/* A separator line: five or more '-' or '_' first. */
static int is_separator(const struct line *l)
{
	size_t k = 0;
	while (k < l->n && (l->s[k] == '-' || l->s[k] == '_'))
		k++;
	return k >= 5;
}

static int is_signature(const struct line *l)
{
	return l->full >= 2 && memcmp(l->start, "--", 2) == 0 &&
	       (l->full == 2 || (l->full == 3 && l->start[2] == ' '));
}

/* The length of the label of a "Label: value" line ("From:", "De :",
 * "发件人：", "*Sent:*" as HTML bold becomes text), or 0: at most three
 * words and 40 bytes, no digit, '@' or '<' in it. */
static size_t label_len(const struct line *l)
{
	size_t i = 0, spaces = 0;
	if (i < l->n && l->s[i] == '*')
		i++;
	size_t b = i;
	for (; i < l->n && i - b <= 40; i++) {
		char c = l->s[i];
		if (c == ':' || (l->n - i >= 3 && memcmp(l->s + i, "\xEF\xBC\x9A", 3) == 0)) {
			size_t e = i;
			while (e > b && (l->s[e - 1] == ' ' || l->s[e - 1] == '*'))
				e--;
			return e > b ? e - b : 0;
		}
		if (is_digit((unsigned char)c) || c == '@' || c == '<' || c == '>' || c == '\t')
			return 0;
		if (c == ' ' && ++spaces > 3)
			return 0;
	}
	return 0;
}

static int is_from_label(const struct line *l)
{
	size_t b = l->n > 0 && l->s[0] == '*' ? 1 : 0;
	size_t k = label_len(l);
	for (const char *const *m = from_labels; k && *m; m++)
		if (strlen(*m) == k && memcmp(l->s + b, *m, k) == 0)
			return 1;
	return 0;
}

/* Whether the lines from body[at..) on, after the "Label: value" line l,
 * make a quoted header block (owner-text.h). */
static int header_block(const struct line *l, const char *body, size_t len, size_t at)
{
	if (!label_len(l))
		return 0;
	int labels = 1, address = has_byte(l, is_at);
	struct line x;
	while (labels < 3 && next_line(body, len, &at, &x) && x.n > 0) {
		if (!label_len(&x))
			break;
		labels++;
		address |= has_byte(&x, is_at);
	}
	return (labels >= 2 && is_from_label(l)) || (labels >= 3 && address);
}

/* Whether the next non-blank line from body[at..) on is quoted. */
static int quote_follows(const char *body, size_t len, size_t at)
{
	struct line x;
	while (next_line(body, len, &at, &x))
		if (x.n > 0)
			return is_quoted(&x);
	return 0;
}

/* Whether l is an attribution line above a quoted original. */
static int is_attribution(const struct line *l, const char *body, size_t len, size_t at)
{
	if (!ends_colon(l) || l->n > 400)
		return 0;
	for (const char *const *v = attribution_verbs; *v; v++)
		if (contains(l, *v))
			return 1;
	return (has_byte(l, is_digit) || has_byte(l, is_at)) && quote_follows(body, len, at);
}

size_t mc_owner_text(const char *body, size_t len, char *out, size_t max)
{
	size_t at = 0, o = 0;
	size_t prev_o = 0;          /* o before the previous line was copied */
	struct line l, prev = { NULL, 0, NULL, 0 };
	int have_prev = 0;
	while (body && o < max && next_line(body, len, &at, &l)) {
		if (is_separator(&l) || is_signature(&l) || header_block(&l, body, len, at))
			break;
		if (is_attribution(&l, body, len, at)) {
			/* a wrapped attribution: its date on the line before */
			if (have_prev && prev.n > 0 && !ends_sentence(&prev) && !ends_colon(&prev) &&
			    has_byte(&prev, is_digit))
				o = prev_o;
			break;
		}
		have_prev = !is_quoted(&l);
		if (!have_prev)
			continue;
		prev = l;
		prev_o = o;
		size_t n = l.full < max - o ? l.full : max - o;
		memcpy(out + o, l.start, n);
		o += n;
		if (o < max)
			out[o++] = '\n';
	}
	if (out)
		out[o] = '\0';
	return o;
}
