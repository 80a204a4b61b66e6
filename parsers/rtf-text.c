/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rtf-text.c: LZFu decompression (MS-OXRTFCP), HTML de-encapsulation
 * (MS-OXRTFEX) and a small RTF-to-text reducer. See rtf-text.h.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "resource-limits.h"
#include "rtf-text.h"

/* ---- LZFu ---------------------------------------------------------------- */

#define LZFU_MAGIC_COMPRESSED   0x75465a4cu /* "LZFu" */
#define LZFU_MAGIC_UNCOMPRESSED 0x414c454du /* "MELA" */
#define LZFU_MAX_RAW MC_LIMIT_RTF_BYTES

/* The dictionary's initial contents (MS-OXRTFCP 2.1.2.1), 207 bytes. */
static const char lzfu_prebuf[] =
	"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}"
	"{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans Serif"
	"SymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0"
	"\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* CRC-32 as MS-OXRTFCP uses it: the usual table, initial 0, no final xor. */
static uint32_t lzfu_crc(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	uint32_t crc = 0;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

enum mc_lzfu_result mc_lzfu_decompress(const unsigned char *in, size_t len,
                                       GByteArray *out)
{
	if (!in || len < 16)
		return MC_LZFU_BAD;
	uint32_t comp_size = rd32(in);
	uint32_t raw_size = rd32(in + 4);
	uint32_t magic = rd32(in + 8);
	uint32_t crc = rd32(in + 12);
	/* comp_size counts the bytes after itself, header included: a value
	 * smaller than the rest of the header is not compressed RTF. */
	if (comp_size < 12)
		return MC_LZFU_BAD;
	size_t end = (size_t)comp_size + 4 < len ? (size_t)comp_size + 4 : len;
	int truncated = (size_t)comp_size + 4 > len;
	if (raw_size > LZFU_MAX_RAW)
		raw_size = LZFU_MAX_RAW;

	if (magic == LZFU_MAGIC_UNCOMPRESSED) {
		size_t n = end - 16 < raw_size ? end - 16 : raw_size;
		g_byte_array_append(out, in + 16, (guint)n);
		return n < raw_size ? MC_LZFU_TRUNCATED : MC_LZFU_OK;
	}
	if (magic != LZFU_MAGIC_COMPRESSED)
		return MC_LZFU_BAD;

	unsigned char dict[4096];
	memcpy(dict, lzfu_prebuf, sizeof lzfu_prebuf - 1);
	unsigned wpos = sizeof lzfu_prebuf - 1;
	size_t produced = 0;
	size_t pos = 16;
	int finished = 0;

	while (pos < end && !finished && produced < raw_size) {
		unsigned ctrl = in[pos++];
		for (int bit = 0; bit < 8 && !finished && produced < raw_size; bit++) {
			if (pos >= end)
				break;
			if (ctrl & (1u << bit)) {
				if (pos + 2 > end) {
					pos = end;
					break;
				}
				unsigned ref = ((unsigned)in[pos] << 8) | in[pos + 1];
				pos += 2;
				unsigned off = ref >> 4;
				unsigned n = (ref & 15) + 2;
				if (off == wpos) {
					finished = 1;
					break;
				}
				for (unsigned k = 0; k < n && produced < raw_size; k++) {
					unsigned char c = dict[(off + k) & 4095];
					g_byte_array_append(out, &c, 1);
					dict[wpos] = c;
					wpos = (wpos + 1) & 4095;
					produced++;
				}
			} else {
				unsigned char c = in[pos++];
				g_byte_array_append(out, &c, 1);
				dict[wpos] = c;
				wpos = (wpos + 1) & 4095;
				produced++;
			}
		}
	}
	if (truncated || (!finished && produced < raw_size))
		return MC_LZFU_TRUNCATED;
	if (lzfu_crc(in + 16, end - 16) != crc)
		return MC_LZFU_CRC;
	return MC_LZFU_OK;
}

/* ---- RTF reducer ------------------------------------------------------- */

#define RTF_MAX_DEPTH 128

struct rtf_group {
	unsigned skip : 1;     /* inside a destination we do not show */
	unsigned htmlrtf : 1;  /* \htmlrtf: RTF-only text, not part of the HTML */
	unsigned htmltag : 1;  /* \*\htmltag: HTML markup */
	int uc;                /* characters to skip after \uN */
};

struct rtf_parser {
	const unsigned char *p, *end;
	int html_mode;         /* recovering encapsulated HTML */
	int fromhtml;
	int codepage;
	GString *out;
	GByteArray *pending;   /* code page bytes not yet converted */
	struct rtf_group stack[RTF_MAX_DEPTH];
	int depth;
	int overflow;          /* groups opened beyond RTF_MAX_DEPTH */
	int star;              /* just saw \* */
	int first_in_group;    /* no control word yet in this group */
	int ucskip;            /* characters still to skip after \uN */
	uint32_t high_surrogate;
};

#define CUR(ps) ((ps)->stack[(ps)->depth])

static int emitting(const struct rtf_parser *ps)
{
	return !CUR(ps).skip && !(ps->html_mode && CUR(ps).htmlrtf);
}

/* Appends bytes in `cp` to out as UTF-8; bytes iconv cannot take become
 * U+FFFD rather than vanishing. */
static void append_codepage(GString *out, const unsigned char *b, size_t n, int cp)
{
	char name[24];
	if (cp == 65001)
		g_strlcpy(name, "UTF-8", sizeof name);
	else
		g_snprintf(name, sizeof name, "CP%d", cp > 0 ? cp : 1252);
	gsize written = 0;
	gchar *u = g_convert_with_fallback((const gchar *)b, (gssize)n, "UTF-8", name,
	                                   "\xef\xbf\xbd", NULL, &written, NULL);
	if (!u && cp != 1252)
		u = g_convert_with_fallback((const gchar *)b, (gssize)n, "UTF-8", "CP1252",
		                            "\xef\xbf\xbd", NULL, &written, NULL);
	if (u) {
		g_string_append_len(out, u, (gssize)written);
		g_free(u);
		return;
	}
	for (size_t i = 0; i < n; i++) /* last resort: Latin-1 */
		g_string_append_unichar(out, b[i]);
}

static void flush(struct rtf_parser *ps)
{
	if (ps->pending->len) {
		append_codepage(ps->out, ps->pending->data, ps->pending->len, ps->codepage);
		g_byte_array_set_size(ps->pending, 0);
	}
}

/* A high surrogate that no low surrogate followed becomes U+FFFD. */
static void drop_high_surrogate(struct rtf_parser *ps)
{
	if (ps->high_surrogate) {
		ps->high_surrogate = 0;
		g_string_append(ps->out, "\xef\xbf\xbd");
	}
}

/* One "character" of document text: a literal byte or a \'hh escape. */
static void put_byte(struct rtf_parser *ps, unsigned char c)
{
	if (ps->ucskip > 0) {
		ps->ucskip--;
		return;
	}
	if (!emitting(ps))
		return;
	drop_high_surrogate(ps);
	if (c < 0x80 && ps->pending->len == 0) {
		g_string_append_c(ps->out, (char)c);
		return;
	}
	g_byte_array_append(ps->pending, &c, 1);
}

static void put_text(struct rtf_parser *ps, const char *s)
{
	if (!emitting(ps))
		return;
	flush(ps);
	drop_high_surrogate(ps);
	g_string_append(ps->out, s);
}

/* Appends one code point; anything that is not a Unicode scalar value
 * (above U+10FFFF, an unpaired surrogate) becomes U+FFFD, so the output
 * is always valid UTF-8. */
static void put_unichar(struct rtf_parser *ps, uint32_t c)
{
	if (!emitting(ps))
		return;
	flush(ps);
	if (c >= 0xd800 && c <= 0xdbff) {
		drop_high_surrogate(ps);
		ps->high_surrogate = c;
		return;
	}
	if (c >= 0xdc00 && c <= 0xdfff) {
		if (ps->high_surrogate)
			c = 0x10000 + ((ps->high_surrogate - 0xd800) << 10) + (c - 0xdc00);
		else
			c = 0xfffd;
		ps->high_surrogate = 0;
	}
	drop_high_surrogate(ps);
	if (c == 0)
		return;
	if (c > 0x10ffff)
		c = 0xfffd;
	g_string_append_unichar(ps->out, c);
}

/* The code point of \uN. RTF writes N as a signed 16-bit number: -32768..-1
 * stand for U+8000..U+FFFF. Anything outside -32768..65535 is no UTF-16
 * unit at all and gives U+FFFD (surrogates are paired in put_unichar). */
static uint32_t rtf_u_param(long n)
{
	if (n < -32768 || n > 65535)
		return 0xfffd;
	return (uint32_t)(n < 0 ? n + 65536 : n);
}

/* Destinations whose contents are never text. */
static int skipped_destination(const char *w)
{
	static const char *const dests[] = {
		"fonttbl", "colortbl", "stylesheet", "info", "pict", "object",
		"header", "headerl", "headerr", "headerf", "footer", "footerl",
		"footerr", "footerf", "listtable", "listoverridetable", "revtbl",
		"rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping",
		"datastore", "latentstyles", "pgdsctbl", "filetbl", "fldinst",
		"mmathPr", "xe", "tc", "objdata", "blipuid", "private", NULL
	};
	for (int i = 0; dests[i]; i++)
		if (strcmp(w, dests[i]) == 0)
			return 1;
	return 0;
}

struct rtf_symbol {
	const char *word;
	uint32_t ch;
};

static const struct rtf_symbol rtf_symbols[] = {
	{ "emdash", 0x2014 }, { "endash", 0x2013 }, { "lquote", 0x2018 },
	{ "rquote", 0x2019 }, { "ldblquote", 0x201c }, { "rdblquote", 0x201d },
	{ "bullet", 0x2022 }, { "emspace", 0x2003 }, { "enspace", 0x2002 },
	{ "qmspace", 0x2005 },
};

static void control_word(struct rtf_parser *ps, const char *w, int has_param, long param)
{
	int star = ps->star;
	int first = ps->first_in_group;
	ps->star = 0;
	ps->first_in_group = 0;

	if (star) {
		/* \*\htmltag carries HTML; every other \* destination is skipped. */
		if (ps->html_mode && strcmp(w, "htmltag") == 0)
			CUR(ps).htmltag = 1;
		else
			CUR(ps).skip = 1;
		return;
	}
	if (skipped_destination(w)) {
		if (first || strcmp(w, "fldinst") != 0)
			CUR(ps).skip = 1;
		return;
	}
	if (ps->ucskip > 0) { /* a control word counts as one skipped character */
		ps->ucskip--;
		return;
	}
	if (strcmp(w, "ansicpg") == 0 && has_param) {
		flush(ps);
		ps->codepage = (int)param;
	} else if (strcmp(w, "fromhtml") == 0) {
		ps->fromhtml = !has_param || param != 0;
	} else if (strcmp(w, "htmlrtf") == 0) {
		flush(ps);
		CUR(ps).htmlrtf = !has_param || param != 0;
	} else if (strcmp(w, "uc") == 0 && has_param) {
		CUR(ps).uc = param < 0 ? 0 : (int)param;
	} else if (strcmp(w, "u") == 0 && has_param) {
		put_unichar(ps, rtf_u_param(param));
		ps->ucskip = CUR(ps).uc;
	} else if (strcmp(w, "par") == 0 || strcmp(w, "line") == 0 ||
	           strcmp(w, "sect") == 0 || strcmp(w, "page") == 0 ||
	           strcmp(w, "row") == 0) {
		put_text(ps, ps->html_mode ? "\r\n" : "\n");
	} else if (strcmp(w, "tab") == 0 || strcmp(w, "cell") == 0) {
		put_text(ps, "\t");
	} else if (strcmp(w, "bin") == 0 && has_param && param > 0) {
		size_t left = (size_t)(ps->end - ps->p);
		ps->p += (size_t)param < left ? (size_t)param : left;
	} else {
		for (size_t i = 0; i < G_N_ELEMENTS(rtf_symbols); i++)
			if (strcmp(w, rtf_symbols[i].word) == 0) {
				put_unichar(ps, rtf_symbols[i].ch);
				break;
			}
	}
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* After a backslash. */
static void control(struct rtf_parser *ps)
{
	if (ps->p >= ps->end)
		return;
	unsigned char c = *ps->p;
	if (g_ascii_isalpha(c)) {
		char word[33];
		size_t n = 0;
		while (ps->p < ps->end && g_ascii_isalpha(*ps->p)) {
			if (n < sizeof word - 1)
				word[n++] = (char)*ps->p;
			ps->p++;
		}
		word[n] = '\0';
		int has_param = 0, neg = 0;
		long param = 0;
		if (ps->p < ps->end && *ps->p == '-') {
			neg = 1;
			ps->p++;
		}
		while (ps->p < ps->end && g_ascii_isdigit(*ps->p)) {
			has_param = 1;
			if (param < 100000000)
				param = param * 10 + (*ps->p - '0');
			ps->p++;
		}
		if (neg)
			param = -param;
		if (ps->p < ps->end && *ps->p == ' ')
			ps->p++;
		control_word(ps, word, has_param, param);
		return;
	}
	ps->p++;
	ps->star = 0;
	switch (c) {
	case '*':
		ps->star = 1;
		return;
	case '\'': {
		if (ps->end - ps->p < 2)
			return;
		int hi = hexval(ps->p[0]), lo = hexval(ps->p[1]);
		ps->p += 2;
		if (hi >= 0 && lo >= 0)
			put_byte(ps, (unsigned char)(hi * 16 + lo));
		return;
	}
	case '\\': case '{': case '}':
		put_byte(ps, c);
		return;
	case '~':
		put_unichar(ps, 0xa0);
		return;
	case '_':
		put_unichar(ps, 0x2011);
		return;
	case '\r': case '\n':
		put_text(ps, ps->html_mode ? "\r\n" : "\n");
		return;
	default: /* \- (optional hyphen), \| and others: nothing */
		return;
	}
}

static void rtf_run(struct rtf_parser *ps, const char *rtf, size_t len, int html_mode)
{
	memset(ps, 0, sizeof *ps);
	if (!rtf)   /* no bytes: NULL + 0 is undefined, "" + 0 is not */
		rtf = "", len = 0;
	ps->p = (const unsigned char *)rtf;
	ps->end = ps->p + len;
	ps->html_mode = html_mode;
	ps->codepage = 1252;
	ps->out = g_string_sized_new(len / 2 + 16);
	ps->pending = g_byte_array_new();
	ps->stack[0].uc = 1;

	while (ps->p < ps->end) {
		unsigned char c = *ps->p++;
		switch (c) {
		case '{':
			ps->ucskip = 0;
			if (ps->depth + 1 >= RTF_MAX_DEPTH) {
				ps->overflow++;
			} else {
				ps->stack[ps->depth + 1] = ps->stack[ps->depth];
				ps->stack[ps->depth + 1].htmltag = 0;
				ps->depth++;
			}
			ps->first_in_group = 1;
			ps->star = 0;
			break;
		case '}':
			ps->ucskip = 0;
			flush(ps);
			if (ps->overflow)
				ps->overflow--;
			else if (ps->depth > 0)
				ps->depth--;
			ps->star = 0;
			break;
		case '\\':
			control(ps);
			break;
		case '\r': case '\n': case '\0':
			break;
		default:
			ps->star = 0;
			ps->first_in_group = 0;
			put_byte(ps, c);
			break;
		}
	}
	flush(ps);
	drop_high_surrogate(ps);
	g_byte_array_free(ps->pending, TRUE);
	ps->pending = NULL;
}

int mc_rtf_is_fromhtml(const char *rtf, size_t len)
{
	/* \fromhtml belongs in the header, before any text: look at the start. */
	if (!rtf || len == 0)   /* an empty GByteArray's data may be NULL */
		return 0;
	size_t n = len < 4096 ? len : 4096;
	const char *k = g_strstr_len(rtf, (gssize)n, "\\fromhtml");
	if (!k)
		return 0;
	k += strlen("\\fromhtml");
	return !(k < rtf + n && *k == '0');
}

char *mc_rtf_extract_html(const char *rtf, size_t len)
{
	if (!mc_rtf_is_fromhtml(rtf, len))
		return NULL;
	struct rtf_parser ps;
	rtf_run(&ps, rtf, len, 1);
	return g_string_free(ps.out, FALSE);
}

char *mc_rtf_to_text(const char *rtf, size_t len)
{
	struct rtf_parser ps;
	rtf_run(&ps, rtf, len, 0);
	/* Drop trailing blank lines the final \par leaves. */
	while (ps.out->len && (ps.out->str[ps.out->len - 1] == '\n' ||
	                       ps.out->str[ps.out->len - 1] == ' '))
		g_string_truncate(ps.out, ps.out->len - 1);
	return g_string_free(ps.out, FALSE);
}
