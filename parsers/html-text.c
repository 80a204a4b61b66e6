/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * html-text.c: reduces an HTML body to the text a reader would see, with a
 * small forgiving scanner (no HTML library): tags, comments and invisible
 * elements dropped, block elements turned into line breaks, character
 * references decoded, white space collapsed. See html-text.h.
 */

#include <string.h>

#include <glib.h>

#include "html-text.h"

#define MAX_TAG_NAME 16
#define MAX_ENTITY_NAME 32

/* ------------------------------------------------------------------ */
/* Output with pending white space                                    */

struct text_out {
	GString *s;
	int pending_space;
	int pending_tab;
	int pending_newlines;
	int line_has_text;
};

static void flush_pending(struct text_out *o)
{
	if (o->s->len > 0) { /* nothing is written before the first text */
		if (o->pending_newlines > 0)
			g_string_append_len(o->s, "\n\n", o->pending_newlines > 1 ? 2 : 1);
		else if (o->pending_tab)
			g_string_append_c(o->s, '\t');
		else if (o->pending_space)
			g_string_append_c(o->s, ' ');
	}
	if (o->pending_newlines > 0)
		o->line_has_text = 0;
	o->pending_space = o->pending_tab = o->pending_newlines = 0;
}

static void emit(struct text_out *o, const char *bytes, size_t n)
{
	flush_pending(o);
	g_string_append_len(o->s, bytes, (gssize)n);
	o->line_has_text = 1;
}

static void emit_unichar(struct text_out *o, gunichar c)
{
	char buf[6];

	emit(o, buf, (size_t)g_unichar_to_utf8(c, buf));
}

static void emit_space(struct text_out *o)
{
	o->pending_space = 1;
}

static void emit_break(struct text_out *o, int newlines)
{
	if (o->pending_newlines < newlines)
		o->pending_newlines = newlines;
}

static void emit_br(struct text_out *o)
{
	o->pending_newlines++;
}

static void emit_cell(struct text_out *o)
{
	if (o->line_has_text && o->pending_newlines == 0)
		o->pending_tab = 1;
}

/* ------------------------------------------------------------------ */
/* Character references                                               */

struct entity {
	const char *name;
	gunichar code;
};

/* The named references that turn up in mail. */
static const struct entity entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "iexcl", 0xA1 }, { "cent", 0xA2 },
	{ "pound", 0xA3 }, { "curren", 0xA4 }, { "yen", 0xA5 }, { "brvbar", 0xA6 },
	{ "sect", 0xA7 }, { "uml", 0xA8 }, { "copy", 0xA9 }, { "ordf", 0xAA },
	{ "laquo", 0xAB }, { "not", 0xAC }, { "shy", 0xAD }, { "reg", 0xAE },
	{ "macr", 0xAF }, { "deg", 0xB0 }, { "plusmn", 0xB1 }, { "sup2", 0xB2 },
	{ "sup3", 0xB3 }, { "acute", 0xB4 }, { "micro", 0xB5 }, { "para", 0xB6 },
	{ "middot", 0xB7 }, { "cedil", 0xB8 }, { "sup1", 0xB9 }, { "ordm", 0xBA },
	{ "raquo", 0xBB }, { "frac14", 0xBC }, { "frac12", 0xBD }, { "frac34", 0xBE },
	{ "iquest", 0xBF }, { "Agrave", 0xC0 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 },
	{ "Atilde", 0xC3 }, { "Auml", 0xC4 }, { "Aring", 0xC5 }, { "AElig", 0xC6 },
	{ "Ccedil", 0xC7 }, { "Egrave", 0xC8 }, { "Eacute", 0xC9 }, { "Ecirc", 0xCA },
	{ "Euml", 0xCB }, { "Igrave", 0xCC }, { "Iacute", 0xCD }, { "Icirc", 0xCE },
	{ "Iuml", 0xCF }, { "ETH", 0xD0 }, { "Ntilde", 0xD1 }, { "Ograve", 0xD2 },
	{ "Oacute", 0xD3 }, { "Ocirc", 0xD4 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 },
	{ "times", 0xD7 }, { "Oslash", 0xD8 }, { "Ugrave", 0xD9 }, { "Uacute", 0xDA },
	{ "Ucirc", 0xDB }, { "Uuml", 0xDC }, { "Yacute", 0xDD }, { "THORN", 0xDE },
	{ "szlig", 0xDF }, { "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
	{ "atilde", 0xE3 }, { "auml", 0xE4 }, { "aring", 0xE5 }, { "aelig", 0xE6 },
	{ "ccedil", 0xE7 }, { "egrave", 0xE8 }, { "eacute", 0xE9 }, { "ecirc", 0xEA },
	{ "euml", 0xEB }, { "igrave", 0xEC }, { "iacute", 0xED }, { "icirc", 0xEE },
	{ "iuml", 0xEF }, { "eth", 0xF0 }, { "ntilde", 0xF1 }, { "ograve", 0xF2 },
	{ "oacute", 0xF3 }, { "ocirc", 0xF4 }, { "otilde", 0xF5 }, { "ouml", 0xF6 },
	{ "divide", 0xF7 }, { "oslash", 0xF8 }, { "ugrave", 0xF9 }, { "uacute", 0xFA },
	{ "ucirc", 0xFB }, { "uuml", 0xFC }, { "yacute", 0xFD }, { "thorn", 0xFE },
	{ "yuml", 0xFF }, { "OElig", 0x152 }, { "oelig", 0x153 }, { "Scaron", 0x160 },
	{ "scaron", 0x161 }, { "Yuml", 0x178 }, { "fnof", 0x192 }, { "circ", 0x2C6 },
	{ "tilde", 0x2DC }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200C }, { "zwj", 0x200D }, { "lrm", 0x200E }, { "rlm", 0x200F },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201A }, { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "bdquo", 0x201E },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "bull", 0x2022 }, { "hellip", 0x2026 },
	{ "permil", 0x2030 }, { "prime", 0x2032 }, { "Prime", 0x2033 }, { "lsaquo", 0x2039 },
	{ "rsaquo", 0x203A }, { "euro", 0x20AC }, { "trade", 0x2122 }, { "larr", 0x2190 },
	{ "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 }, { "harr", 0x2194 },
	{ "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "gamma", 0x3B3 }, { "delta", 0x3B4 },
	{ "pi", 0x3C0 }, { "mu", 0x3BC }, { "sigma", 0x3C3 }, { "omega", 0x3C9 },
	{ "Omega", 0x3A9 }, { "minus", 0x2212 }, { "le", 0x2264 }, { "ge", 0x2265 },
	{ "ne", 0x2260 }, { "infin", 0x221E }, { "check", 0x2713 }, { "hearts", 0x2665 },
};

/* Numeric references 0x80-0x9F mean windows-1252 (as browsers read them);
 * 0 marks the five bytes windows-1252 leaves undefined. */
static const gunichar cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static gunichar numeric_value(unsigned long v, int overflow)
{
	if (overflow || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	if (v >= 0x80 && v <= 0x9F && cp1252_c1[v - 0x80] != 0)
		return cp1252_c1[v - 0x80];
	return (gunichar)v;
}

/* "&#..." at p[0]. Returns bytes consumed (0: not a reference). */
static size_t parse_numeric(const char *p, size_t left, gunichar *out)
{
	size_t i = 2, start;
	int hex = 0, overflow = 0;
	unsigned long v = 0;

	if (left > 2 && (p[2] == 'x' || p[2] == 'X')) {
		hex = 1;
		i = 3;
	}
	start = i;
	while (i < left && (hex ? g_ascii_isxdigit(p[i]) : g_ascii_isdigit(p[i]))) {
		v = v * (hex ? 16 : 10) +
		    (unsigned long)(hex ? g_ascii_xdigit_value(p[i]) : g_ascii_digit_value(p[i]));
		if (v > 0x10FFFF) {
			overflow = 1;
			v = 0x110000;
		}
		i++;
	}
	if (i == start)
		return 0;
	if (i < left && p[i] == ';')
		i++;
	*out = numeric_value(v, overflow);
	return i;
}

static int lookup_entity(const char *name, size_t n, gunichar *out)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(entities); i++) {
		if (strlen(entities[i].name) == n && memcmp(entities[i].name, name, n) == 0) {
			*out = entities[i].code;
			return 1;
		}
	}
	return 0;
}

/* "&name;" (or "&name" followed by a non-name byte) at p[0]. */
static size_t parse_named(const char *p, size_t left, gunichar *out)
{
	size_t n = 0;

	while (1 + n < left && n <= MAX_ENTITY_NAME && g_ascii_isalnum(p[1 + n]))
		n++;
	if (n == 0 || n > MAX_ENTITY_NAME || !lookup_entity(p + 1, n, out))
		return 0;
	if (1 + n < left && p[1 + n] == ';')
		return n + 2;
	return n + 1;
}

/* A character reference at p[0] == '&'; emits it and returns its length,
 * or 0 when it is a literal ampersand. */
static size_t decode_reference(struct text_out *o, const char *p, size_t left)
{
	gunichar c = 0;
	size_t n;

	if (left > 1 && p[1] == '#')
		n = parse_numeric(p, left, &c);
	else
		n = parse_named(p, left, &c);
	if (n == 0)
		return 0;
	if (c == 0xA0)
		emit_space(o); /* no-break spaces are spacing, not content */
	else
		emit_unichar(o, c);
	return n;
}

/* ------------------------------------------------------------------ */
/* Tags                                                               */

struct tag {
	char name[MAX_TAG_NAME + 1]; /* lower case; "" if too long */
	int end;                     /* </name> */
};

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Skips a tag's attributes, honouring quoted values; returns the index
 * just past '>' or len when the input ends first. */
static size_t skip_attributes(const char *p, size_t len, size_t i)
{
	while (i < len && p[i] != '>') {
		if (p[i] == '=') {
			i++;
			while (i < len && is_ws(p[i]))
				i++;
			if (i < len && (p[i] == '"' || p[i] == '\'')) {
				const char *close = memchr(p + i + 1, p[i], len - i - 1);

				i = close ? (size_t)(close - p) + 1 : len;
			}
			continue;
		}
		i++;
	}
	return i < len ? i + 1 : len;
}

/* Parses "<name ...>" or "</name ...>" at p[i] == '<'; returns the index
 * after the tag. The caller has checked that a letter follows. */
static size_t parse_tag(const char *p, size_t len, size_t i, struct tag *t)
{
	size_t n = 0;

	memset(t, 0, sizeof *t);
	i++;
	if (p[i] == '/') {
		t->end = 1;
		i++;
	}
	while (i < len && !is_ws(p[i]) && p[i] != '/' && p[i] != '>') {
		if (n < MAX_TAG_NAME)
			t->name[n] = g_ascii_tolower(p[i]);
		n++;
		i++;
	}
	if (n > MAX_TAG_NAME)
		t->name[0] = '\0';
	return skip_attributes(p, len, i);
}

static int name_in(const char *name, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* Elements whose content is never shown. */
static int is_hidden_element(const char *name)
{
	static const char *const hidden[] = { "script", "style", "title", "template" };

	return name_in(name, hidden, G_N_ELEMENTS(hidden));
}

static int is_head_element(const char *name)
{
	static const char *const head[] = {
		"html", "head", "title", "meta", "link", "style", "script", "base",
		"noscript", "template",
	};

	return name_in(name, head, G_N_ELEMENTS(head));
}

/* Newlines a block element puts around itself (0: not a block). */
static int block_breaks(const char *name)
{
	static const char *const paragraphs[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
		"ul", "ol", "dl", "pre", "hr",
	};
	static const char *const lines[] = {
		"div", "tr", "li", "dt", "dd", "section", "article", "header",
		"footer", "nav", "aside", "main", "address", "center", "form",
		"fieldset", "figure", "figcaption", "caption", "thead", "tbody",
		"tfoot", "body", "option", "legend", "details", "summary",
	};

	if (name_in(name, paragraphs, G_N_ELEMENTS(paragraphs)))
		return 2;
	if (name_in(name, lines, G_N_ELEMENTS(lines)))
		return 1;
	return 0;
}

/* Finds "</name" followed by a delimiter (case-insensitive) from i;
 * returns its index or len. */
static size_t find_end_tag(const char *p, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);

	for (; i + 2 + n <= len; i++) {
		size_t after = i + 2 + n;

		if (p[i] != '<' || p[i + 1] != '/' ||
		    g_ascii_strncasecmp(p + i + 2, name, n) != 0)
			continue;
		if (after == len || is_ws(p[after]) || p[after] == '/' || p[after] == '>')
			return i;
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* The scanner                                                        */

struct scanner {
	const char *p;
	size_t len;
	size_t i;
	int in_head;
	int in_pre;
	struct text_out out;
};

static void skip_past(struct scanner *sc, const char *needle, size_t from)
{
	size_t n = strlen(needle);
	size_t i;

	for (i = from; i + n <= sc->len; i++) {
		if (memcmp(sc->p + i, needle, n) == 0) {
			sc->i = i + n;
			return;
		}
	}
	sc->i = sc->len;
}

static void handle_tag(struct scanner *sc, const struct tag *t)
{
	int breaks = block_breaks(t->name);

	if (strcmp(t->name, "head") == 0) {
		sc->in_head = !t->end;
		return;
	}
	if (!t->end && !is_head_element(t->name))
		sc->in_head = 0;
	if (strcmp(t->name, "br") == 0) {
		emit_br(&sc->out);
	} else if (strcmp(t->name, "td") == 0 || strcmp(t->name, "th") == 0) {
		if (!t->end)
			emit_cell(&sc->out);
	} else if (breaks > 0) {
		emit_break(&sc->out, breaks);
	}
	if (strcmp(t->name, "pre") == 0)
		sc->in_pre = t->end ? 0 : 1;
	if (!t->end && is_hidden_element(t->name)) {
		size_t close = find_end_tag(sc->p, sc->len, sc->i, t->name);
		struct tag end_tag;

		sc->i = close < sc->len ? parse_tag(sc->p, sc->len, close, &end_tag) : sc->len;
	}
}

/* At a '<': a tag, comment or declaration is consumed; a '<' that starts
 * none of them is text. Returns 1 if something was consumed. */
static int handle_markup(struct scanner *sc)
{
	const char *p = sc->p + sc->i;
	size_t left = sc->len - sc->i;
	struct tag t;

	if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
		skip_past(sc, "-->", sc->i + 2);
		return 1;
	}
	if (left >= 2 && (p[1] == '!' || p[1] == '?')) {
		skip_past(sc, ">", sc->i + 2);
		return 1;
	}
	if (left >= 2 && g_ascii_isalpha(p[1])) {
		sc->i = parse_tag(sc->p, sc->len, sc->i, &t);
		handle_tag(sc, &t);
		return 1;
	}
	if (left >= 3 && p[1] == '/' && g_ascii_isalpha(p[2])) {
		sc->i = parse_tag(sc->p, sc->len, sc->i, &t);
		handle_tag(sc, &t);
		return 1;
	}
	if (left >= 3 && p[1] == '/') {
		skip_past(sc, ">", sc->i + 2); /* "</ junk>" is a bogus comment */
		return 1;
	}
	return 0;
}

static void handle_text_byte(struct scanner *sc)
{
	char c = sc->p[sc->i];

	if (c == '\n' && sc->in_pre) {
		emit_br(&sc->out);
	} else if (is_ws(c)) {
		emit_space(&sc->out);
	} else if (c != '\0' && !sc->in_head) {
		emit(&sc->out, &c, 1); /* NUL bytes carry no text */
	}
	sc->i++;
}

static void scan(struct scanner *sc)
{
	while (sc->i < sc->len) {
		char c = sc->p[sc->i];
		size_t n;

		if (c == '<' && handle_markup(sc))
			continue;
		if (c == '&' && !sc->in_head &&
		    (n = decode_reference(&sc->out, sc->p + sc->i, sc->len - sc->i)) > 0) {
			sc->i += n;
			continue;
		}
		handle_text_byte(sc);
	}
}

char *mc_html_to_text(const char *html, size_t len)
{
	struct scanner sc;
	char *text;

	memset(&sc, 0, sizeof sc);
	sc.p = html ? html : "";
	sc.len = html ? len : 0;
	sc.out.s = g_string_sized_new(len / 2 + 16);
	scan(&sc);
	if (!g_utf8_validate_len(sc.out.s->str, sc.out.s->len, NULL)) {
		text = g_utf8_make_valid(sc.out.s->str, (gssize)sc.out.s->len);
		g_string_free(sc.out.s, TRUE);
		return text;
	}
	return g_string_free(sc.out.s, FALSE);
}
