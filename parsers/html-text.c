/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * html-text.c: reduces an HTML body to the text a reader would see. The
 * parsing is libxml2's HTML parser (the one browsers' forgiving rules are
 * approximated by, fuzzed by OSS-Fuzz), driven through its SAX interface:
 * no tree is built, so memory grows with the body only by libxml2's copy
 * of it, and nesting depth costs nothing here. What is ours: which elements hide their
 * content, which break lines, and how white space collapses. See
 * html-text.h.
 */

#include <limits.h>
#include <string.h>

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "html-text.h"

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
/* Elements                                                           */

/* C1 controls (U+0080-U+009F) in text mean windows-1252, as browsers read
 * the numeric references &#128;-&#159; that produce them; 0 marks the five
 * bytes windows-1252 leaves undefined (dropped). */
static const gunichar cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

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

/* ------------------------------------------------------------------ */
/* SAX callbacks                                                      */

struct reader {
	struct text_out out;
	int hidden_depth;   /* inside script, style, title, template */
	int head_depth;     /* inside head */
	int pre_depth;      /* inside pre: line breaks are kept */
};

static int is_ws(gunichar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct reader *r = ctx;
	const char *name = (const char *)xname;

	(void)atts;
	if (strcmp(name, "head") == 0)
		r->head_depth++;
	if (is_hidden_element(name)) {
		r->hidden_depth++;
		return;
	}
	if (r->hidden_depth > 0)
		return;
	if (strcmp(name, "pre") == 0)
		r->pre_depth++;
	if (strcmp(name, "br") == 0)
		emit_br(&r->out);
	else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		emit_cell(&r->out);
	else if (block_breaks(name) > 0)
		emit_break(&r->out, block_breaks(name));
}

static void on_end(void *ctx, const xmlChar *xname)
{
	struct reader *r = ctx;
	const char *name = (const char *)xname;

	if (strcmp(name, "head") == 0 && r->head_depth > 0)
		r->head_depth--;
	if (is_hidden_element(name)) {
		if (r->hidden_depth > 0)
			r->hidden_depth--;
		return;
	}
	if (r->hidden_depth > 0)
		return;
	if (strcmp(name, "pre") == 0 && r->pre_depth > 0)
		r->pre_depth--;
	if (block_breaks(name) > 0)
		emit_break(&r->out, block_breaks(name));
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct reader *r = ctx;
	const char *p = (const char *)ch;
	const char *end = p + (len > 0 ? len : 0);

	if (r->hidden_depth > 0 || r->head_depth > 0)
		return;
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			emit_unichar(&r->out, 0xFFFD);
			p++;
			continue;
		}
		const char *next = g_utf8_next_char(p);
		if (c == '\n' && r->pre_depth > 0)
			emit_br(&r->out);
		else if (is_ws(c) || c == 0xA0)
			emit_space(&r->out); /* no-break spaces are spacing, not content */
		else if (c >= 0x80 && c <= 0x9F) {
			if (cp1252_c1[c - 0x80])
				emit_unichar(&r->out, cp1252_c1[c - 0x80]);
		} else if (c != 0)
			emit(&r->out, p, (size_t)(next - p));
		p = next;
	}
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */

static gpointer init_libxml(gpointer unused)
{
	(void)unused;
	xmlInitParser();
	return NULL;
}

/* 1 if p (n bytes left) starts a bogus comment as HTML5 reads one: "<?"
 * (a processing instruction), or "<!" not followed by "--", "DOCTYPE" or
 * "[CDATA[", such as the "<![if !vml]>" and "<![endif]>" marks Word writes
 * around images. It runs to the first ">". libxml2 2.9 shows them as text. */
static int bogus_comment_at(const char *p, size_t n)
{
	if (n < 2 || p[0] != '<' || (p[1] != '!' && p[1] != '?'))
		return 0;
	if (p[1] == '?')
		return 1;
	if (n >= 4 && p[2] == '-' && p[3] == '-')
		return 0;
	if (n >= 9 && g_ascii_strncasecmp(p + 2, "DOCTYPE", 7) == 0)
		return 0;
	if (n >= 9 && memcmp(p + 2, "[CDATA[", 7) == 0)
		return 0;
	return 1;
}

/* The body as the parser is given it: NUL bytes (which carry no text and
 * end libxml2's input) and bogus comments dropped (real comments are
 * skipped over whole: a "<![endif]-->" inside one is the comment's), invalid
 * UTF-8 replaced by U+FFFD. NULL when the body can be used as it is. */
static char *clean_input(const char *html, size_t len, size_t *out_len)
{
	int bogus = memmem(html, len, "<!", 2) || memmem(html, len, "<?", 2);
	if (!bogus && !memchr(html, '\0', len) && g_utf8_validate_len(html, len, NULL))
		return NULL;
	GString *s = g_string_sized_new(len);
	for (size_t i = 0; i < len;) {
		const char *p = html + i;
		size_t left = len - i, n = 1;
		if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *end = memmem(p + 4, left - 4, "-->", 3);
			n = end ? (size_t)(end - p) + 3 : left;
			g_string_append_len(s, p, (gssize)n);
		} else if (bogus_comment_at(p, left)) {
			const char *end = memchr(p, '>', left);
			n = end ? (size_t)(end - p) + 1 : left;
		} else if (*p != '\0') {
			g_string_append_c(s, *p);
		}
		i += n;
	}
	if (!g_utf8_validate_len(s->str, s->len, NULL)) {
		char *valid_text = g_utf8_make_valid(s->str, (gssize)s->len);
		g_string_free(s, TRUE);
		*out_len = strlen(valid_text);
		return valid_text;
	}
	*out_len = s->len;
	return g_string_free(s, FALSE);
}

char *mc_html_to_text(const char *html, size_t len)
{
	static GOnce once = G_ONCE_INIT;
	struct reader r;
	htmlSAXHandler sax;

	g_once(&once, init_libxml, NULL);
	memset(&r, 0, sizeof r);
	r.out.s = g_string_sized_new(len / 2 + 16);
	if (!html || len == 0)
		return g_string_free(r.out.s, FALSE);

	size_t clean_len = len;
	char *clean = clean_input(html, len, &clean_len);
	const char *in = clean ? clean : html;

	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	/* The pull parser: libxml2 2.9's push parser drops what follows
	 * </html>, where mail gateways put their footers. Bodies are far below
	 * INT_MAX (parsers/mime-guard.h); a longer one is read up to it. */
	htmlParserCtxtPtr ctxt =
	    htmlCreateMemoryParserCtxt(in, clean_len > INT_MAX ? INT_MAX : (int)clean_len);
	if (ctxt) {
		htmlSAXHandlerPtr own_sax = ctxt->sax;
		ctxt->sax = &sax;
		ctxt->userData = &r;
		htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
		                             HTML_PARSE_IGNORE_ENC);
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		htmlParseDocument(ctxt);
		ctxt->sax = own_sax;
		if (ctxt->myDoc)
			xmlFreeDoc(ctxt->myDoc);
		htmlFreeParserCtxt(ctxt);
	}
	g_free(clean);
	return g_string_free(r.out.s, FALSE);
}
