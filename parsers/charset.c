/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * charset.c: charset names (canonical labels, superset decoders), detection
 * with uchardet, UTF-8 validation, and the decoding policy of
 * mc_charset_decode() that turns mail bytes into clean UTF-8.
 */

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <uchardet.h>

#include "charset.h"

/* Longest label we accept; IANA names are at most 40 characters. */
#define MAX_LABEL 64
/* uchardet sees at most this much of a body; it decides long before. */
#define DETECT_MAX (1024 * 1024)
/* A decode with at most 1 bad byte per this many non-ASCII bytes is taken
 * to be the right charset with some damage, not the wrong charset. */
#define DAMAGE_RATIO 50

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Internal decoder names that iconv itself does not provide. */
static const char DEC_UTF8[] = "UTF-8";
static const char DEC_HZ[] = "HZ-GB-2312";
static const char DEC_CP1252[] = "WINDOWS-1252";

/* ------------------------------------------------------------------ */
/* Growable output buffer                                             */

struct outbuf {
	char *data;
	size_t len;
	size_t cap;
};

static void out_reserve(struct outbuf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		g_error("charset: buffer size overflow");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->data = g_realloc(b->data, b->cap);
}

static void out_append(struct outbuf *b, const void *s, size_t n)
{
	out_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void out_byte(struct outbuf *b, unsigned char c)
{
	out_append(b, &c, 1);
}

/* Hands the buffer over as a NUL-terminated string, never NULL. */
static char *out_steal(struct outbuf *b, size_t *len)
{
	char *s;

	out_reserve(b, 0);
	b->data[b->len] = '\0';
	s = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ------------------------------------------------------------------ */
/* UTF-8 validation                                                   */

struct utf8_stats {
	size_t errors;     /* bytes that are not part of a valid sequence */
	size_t multibyte;  /* valid sequences of 2-4 bytes */
	size_t long_seqs;  /* valid sequences of 3-4 bytes */
	int has_nul;
};

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Bytes a sequence starting with lead byte c needs (0: never valid). */
static size_t utf8_needed(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0; /* continuation byte, or overlong C0/C1 */
	if (c < 0xE0)
		return 2;
	if (c < 0xF0)
		return 3;
	if (c < 0xF5)
		return 4;
	return 0;
}

/* Whether byte i (1-based position after the lead) may follow lead c:
 * rules out overlongs, surrogates and code points above U+10FFFF. */
static int utf8_follows(unsigned char lead, size_t i, unsigned char c)
{
	if (!is_cont(c))
		return 0;
	if (i != 1)
		return 1;
	if (lead == 0xE0)
		return c >= 0xA0;
	if (lead == 0xED)
		return c <= 0x9F;
	if (lead == 0xF0)
		return c >= 0x90;
	if (lead == 0xF4)
		return c <= 0x8F;
	return 1;
}

/* Length of the valid sequence at p (NUL counts as valid), or 0. If the
 * input ends inside an otherwise valid sequence, *partial is set. */
static size_t utf8_seq(const unsigned char *p, size_t left, int *partial)
{
	size_t need = utf8_needed(p[0]);
	size_t i;

	*partial = 0;
	if (need == 0)
		return 0;
	for (i = 1; i < need; i++) {
		if (i >= left) {
			*partial = 1;
			return 0;
		}
		if (!utf8_follows(p[0], i, p[i]))
			return 0;
	}
	return need;
}

static void utf8_scan(const char *bytes, size_t len, struct utf8_stats *st)
{
	const unsigned char *p = (const unsigned char *)bytes;
	size_t i = 0;

	memset(st, 0, sizeof *st);
	while (i < len) {
		int partial;
		size_t n = utf8_seq(p + i, len - i, &partial);

		if (n == 0) {
			st->errors++;
			i++;
			continue;
		}
		if (p[i] == 0)
			st->has_nul = 1;
		if (n > 1)
			st->multibyte++;
		if (n > 2)
			st->long_seqs++;
		i += n;
	}
}

int mc_utf8_valid(const char *bytes, size_t len)
{
	struct utf8_stats st;

	if (!bytes)
		return len == 0;
	utf8_scan(bytes, len, &st);
	return st.errors == 0 && !st.has_nul;
}

int mc_is_ascii(const char *bytes, size_t len)
{
	size_t i;

	if (!bytes)
		return 1;
	for (i = 0; i < len; i++)
		if ((unsigned char)bytes[i] >= 0x80)
			return 0;
	return 1;
}

static size_t count_non_ascii(const char *bytes, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if ((unsigned char)bytes[i] >= 0x80)
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Charset names                                                      */

struct alias {
	const char *label;
	const char *canonical;
};

/* Spellings seen in mail (and uchardet's answers) -> one canonical label.
 * Labels already canonical need no entry. */
static const struct alias aliases[] = {
	{ "ascii", "us-ascii" }, { "us", "us-ascii" },
	{ "ansi_x3.4-1968", "us-ascii" }, { "ansi_x3.4-1986", "us-ascii" },
	{ "iso646-us", "us-ascii" }, { "iso-ir-6", "us-ascii" },
	{ "cp367", "us-ascii" }, { "ibm367", "us-ascii" },
	{ "csascii", "us-ascii" }, { "646", "us-ascii" },
	{ "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
	{ "unicode-2-0-utf-8", "utf-8" }, { "x-unicode20utf8", "utf-8" },
	{ "utf7", "utf-7" }, { "unicode-1-1-utf-7", "utf-7" },
	{ "x-unicode-2-0-utf-7", "utf-7" }, { "csunicode11utf7", "utf-7" },
	{ "utf16", "utf-16" }, { "utf16le", "utf-16le" }, { "utf16be", "utf-16be" },
	{ "utf32", "utf-32" },
	{ "latin1", "iso-8859-1" }, { "latin-1", "iso-8859-1" },
	{ "l1", "iso-8859-1" }, { "cp819", "iso-8859-1" },
	{ "ibm819", "iso-8859-1" }, { "csisolatin1", "iso-8859-1" },
	{ "iso-ir-100", "iso-8859-1" },
	{ "latin2", "iso-8859-2" }, { "latin-2", "iso-8859-2" },
	{ "l2", "iso-8859-2" }, { "csisolatin2", "iso-8859-2" },
	{ "latin3", "iso-8859-3" }, { "latin4", "iso-8859-4" },
	{ "cyrillic", "iso-8859-5" }, { "arabic", "iso-8859-6" },
	{ "greek", "iso-8859-7" }, { "hebrew", "iso-8859-8" },
	{ "latin5", "iso-8859-9" }, { "l5", "iso-8859-9" },
	{ "latin6", "iso-8859-10" }, { "latin7", "iso-8859-13" },
	{ "latin8", "iso-8859-14" }, { "latin9", "iso-8859-15" },
	{ "latin-9", "iso-8859-15" }, { "latin0", "iso-8859-15" },
	{ "l9", "iso-8859-15" }, { "latin10", "iso-8859-16" },
	{ "cp874", "windows-874" }, { "x-cp874", "windows-874" },
	{ "dos-874", "windows-874" }, { "tis620", "tis-620" },
	{ "csgb2312", "gb2312" }, { "euc-cn", "gb2312" }, { "x-euc-cn", "gb2312" },
	{ "gb_2312-80", "gb2312" }, { "gb_2312", "gb2312" },
	{ "chinese", "gb2312" }, { "iso-ir-58", "gb2312" },
	{ "csiso58gb231280", "gb2312" }, { "x-gb2312", "gb2312" },
	{ "x-gbk", "gbk" }, { "cp936", "gbk" }, { "ms936", "gbk" },
	{ "windows-936", "gbk" }, { "gb-18030", "gb18030" },
	{ "hz", "hz-gb-2312" }, { "hz-gb2312", "hz-gb-2312" },
	{ "x-big5", "big5" }, { "big-5", "big5" }, { "cn-big5", "big5" },
	{ "csbig5", "big5" }, { "big5hkscs", "big5-hkscs" },
	{ "big5_hkscs", "big5-hkscs" }, { "ms950", "cp950" },
	{ "windows-950", "cp950" }, { "x-windows-950", "cp950" },
	{ "x-euc-tw", "euc-tw" },
	{ "shift-jis", "shift_jis" }, { "sjis", "shift_jis" },
	{ "x-sjis", "shift_jis" }, { "s-jis", "shift_jis" },
	{ "ms_kanji", "shift_jis" }, { "csshiftjis", "shift_jis" },
	{ "x-shift_jis", "shift_jis" }, { "x-shift-jis", "shift_jis" },
	{ "windows-31j", "cp932" }, { "ms932", "cp932" },
	{ "x-ms-cp932", "cp932" }, { "cswindows31j", "cp932" },
	{ "windows-932", "cp932" },
	{ "x-euc-jp", "euc-jp" }, { "eucjp", "euc-jp" }, { "ujis", "euc-jp" },
	{ "cseucpkdfmtjapanese", "euc-jp" },
	{ "csiso2022jp", "iso-2022-jp" }, { "iso2022jp", "iso-2022-jp" },
	{ "jis", "iso-2022-jp" },
	{ "euckr", "euc-kr" }, { "x-euc-kr", "euc-kr" }, { "cseuckr", "euc-kr" },
	{ "korean", "euc-kr" },
	{ "ks_c_5601", "ks_c_5601-1987" }, { "ks_c_5601-1989", "ks_c_5601-1987" },
	{ "ksc5601", "ks_c_5601-1987" }, { "ksc_5601", "ks_c_5601-1987" },
	{ "csksc56011987", "ks_c_5601-1987" }, { "iso-ir-149", "ks_c_5601-1987" },
	{ "uhc", "cp949" }, { "windows-949", "cp949" }, { "ms949", "cp949" },
	{ "x-windows-949", "cp949" },
	{ "csiso2022kr", "iso-2022-kr" },
	{ "koi8r", "koi8-r" }, { "koi", "koi8-r" }, { "koi8", "koi8-r" },
	{ "cskoi8r", "koi8-r" }, { "koi8u", "koi8-u" }, { "koi8-ru", "koi8-u" },
	{ "mac", "macintosh" }, { "macroman", "macintosh" },
	{ "x-mac-roman", "macintosh" }, { "csmacintosh", "macintosh" },
	{ "x-mac-cyrillic", "mac-cyrillic" }, { "x-mac-ukrainian", "mac-cyrillic" },
};

struct superset {
	const char *canonical;
	const char *decoder;
};

/* Declared label -> the decoder mail clients really use for it. */
static const struct superset supersets[] = {
	{ "us-ascii", DEC_CP1252 }, { "iso-8859-1", DEC_CP1252 },
	{ "windows-1252", DEC_CP1252 },
	{ "iso-8859-9", "WINDOWS-1254" }, { "windows-1254", "WINDOWS-1254" },
	{ "iso-8859-11", "CP874" }, { "tis-620", "CP874" },
	{ "windows-874", "CP874" },
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "gb18030", "GB18030" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" },
	{ "cp950", "CP950" },
	{ "shift_jis", "CP932" }, { "cp932", "CP932" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "cp949", "CP949" },
	{ "iso-2022-jp", "ISO-2022-JP-2" },
	{ "iso-8859-8-i", "ISO-8859-8" }, { "iso-8859-8-e", "ISO-8859-8" },
	{ "iso-8859-6-i", "ISO-8859-6" }, { "iso-8859-6-e", "ISO-8859-6" },
	{ "utf-8", DEC_UTF8 }, { "hz-gb-2312", DEC_HZ },
};

/* Labels that say "I don't know": never passed to iconv. */
static const char *const placeholders[] = {
	"unknown", "unknown-8bit", "x-unknown", "default", "x-user-defined",
	"none", "8bit", "7bit", "binary", "charset", "text", "auto",
	"char", "wchar_t", /* glibc reads these as "the locale's charset" */
};

static int label_char_ok(char c)
{
	return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
	       c == ':' || c == '+';
}

static const char *skip_junk(const char *s)
{
	while (*s && (g_ascii_isspace(*s) || *s == '"' || *s == '\''))
		s++;
	return s;
}

/* Lower-cased label with quotes, "charset=" and trailing junk removed;
 * NULL if nothing usable is left. */
static char *clean_label(const char *name)
{
	const char *s = skip_junk(name);
	size_t n = 0;

	if (g_ascii_strncasecmp(s, "charset", 7) == 0) {
		const char *t = s + 7;

		while (g_ascii_isspace(*t))
			t++;
		if (*t == '=')
			s = skip_junk(t + 1);
	}
	while (s[n] && label_char_ok(s[n]))
		n++;
	if (n == 0 || n > MAX_LABEL)
		return NULL;
	return g_ascii_strdown(s, (gssize)n);
}

/* "iso8859_2", "iso_8859-2:1987", "iso-8859-8-i" -> "iso-8859-N[-x]". */
static char *iso8859_label(const char *s)
{
	unsigned long n;
	char *end;

	if (strncmp(s, "iso", 3) != 0)
		return NULL;
	s += 3;
	if (*s == '-' || *s == '_')
		s++;
	if (strncmp(s, "8859", 4) != 0)
		return NULL;
	s += 4;
	if (*s == '-' || *s == '_')
		s++;
	if (!g_ascii_isdigit(*s))
		return NULL;
	n = strtoul(s, &end, 10);
	if (n < 1 || n > 16)
		return NULL;
	if (*end == ':')
		end += strspn(end + 1, "0123456789") + 1;
	if (*end == '\0')
		return g_strdup_printf("iso-8859-%lu", n);
	if (strcmp(end, "-i") == 0 || strcmp(end, "-e") == 0)
		return g_strdup_printf("iso-8859-%lu%s", n, end);
	return NULL;
}

/* "cp1251", "x-cp1251", "win-1251" -> "windows-1251". */
static char *windows_label(const char *s)
{
	if (strncmp(s, "x-", 2) == 0)
		s += 2;
	if (strncmp(s, "cp", 2) == 0)
		s += 2;
	else if (strncmp(s, "win-", 4) == 0)
		s += 4;
	else
		return NULL;
	if (strlen(s) == 4 && strncmp(s, "125", 3) == 0 && s[3] >= '0' && s[3] <= '8')
		return g_strdup_printf("windows-%s", s);
	return NULL;
}

char *mc_charset_canonical(const char *name)
{
	char *label, *pattern;
	size_t i;

	if (!name || !*name)
		return NULL;
	label = clean_label(name);
	if (!label)
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(aliases); i++) {
		if (strcmp(label, aliases[i].label) == 0) {
			g_free(label);
			return g_strdup(aliases[i].canonical);
		}
	}
	pattern = iso8859_label(label);
	if (!pattern)
		pattern = windows_label(label);
	if (pattern) {
		g_free(label);
		return pattern;
	}
	return label;
}

static int is_placeholder(const char *canonical)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(placeholders); i++)
		if (strcmp(canonical, placeholders[i]) == 0)
			return 1;
	return 0;
}

static int iconv_knows(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Decoder for an already canonical label, or NULL. */
static const char *decoder_for(const char *canonical)
{
	size_t i;

	if (!canonical || is_placeholder(canonical))
		return NULL;
	for (i = 0; i < G_N_ELEMENTS(supersets); i++)
		if (strcmp(canonical, supersets[i].canonical) == 0)
			return supersets[i].decoder;
	if (!iconv_knows(canonical))
		return NULL;
	/* Interned strings live as long as the process: a "static" answer. */
	return g_intern_string(canonical);
}

const char *mc_charset_iconv_name(const char *declared)
{
	char *canonical = mc_charset_canonical(declared);
	const char *dec = decoder_for(canonical);

	g_free(canonical);
	return dec;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Two-byte-unit encodings: their ASCII text is full of NUL bytes. */
static int is_wide(const char *canonical)
{
	return has_prefix(canonical, "utf-16") || has_prefix(canonical, "utf-32") ||
	       has_prefix(canonical, "ucs-2") || has_prefix(canonical, "ucs-4") ||
	       strcmp(canonical, "unicode") == 0;
}

/* 7-bit encodings whose ASCII bytes still need decoding. */
static int is_escape_encoding(const char *canonical)
{
	return has_prefix(canonical, "iso-2022-") || has_prefix(canonical, "hz-") ||
	       strcmp(canonical, "utf-7") == 0;
}

static int is_unicode(const char *canonical)
{
	return has_prefix(canonical, "utf-") || has_prefix(canonical, "ucs-");
}

/* One byte per character: any byte string "decodes", so only the content
 * can tell that it was really UTF-8. */
static int is_single_byte(const char *canonical)
{
	static const char *const prefixes[] = {
		"iso-8859-", "windows-12", "windows-874", "koi8", "cp12", "cp4",
		"cp8", "ibm", "mac", "tis-620", "us-ascii", "viscii", "armscii",
		"georgian", "pt154", "kz-1048", "ebcdic",
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (has_prefix(canonical, prefixes[i]))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Detection                                                          */

char *mc_charset_detect(const char *bytes, size_t len)
{
	uchardet_t ud;
	const char *cs;
	char *answer = NULL;

	if (!bytes || len == 0)
		return NULL;
	ud = uchardet_new();
	if (!ud)
		return NULL;
	if (uchardet_handle_data(ud, bytes, len > DETECT_MAX ? DETECT_MAX : len) == 0) {
		uchardet_data_end(ud);
		cs = uchardet_get_charset(ud);
		if (cs && *cs)
			answer = mc_charset_canonical(cs);
	}
	uchardet_delete(ud);
	return answer;
}

/* ------------------------------------------------------------------ */
/* Decoders: each always produces output and counts what went wrong.  */

struct attempt {
	struct outbuf out;
	const char *decoder;
	size_t errors;  /* input bytes that had to be replaced */
	int truncated;  /* input ended inside a character */
};

static void attempt_free(struct attempt *a)
{
	g_free(a->out.data);
	memset(a, 0, sizeof *a);
}

static void decode_utf8(const char *bytes, size_t len, struct attempt *a)
{
	const unsigned char *p = (const unsigned char *)bytes;
	size_t i = 0;

	out_reserve(&a->out, len);
	while (i < len) {
		int partial;
		size_t n = utf8_seq(p + i, len - i, &partial);

		if (n > 0) {
			out_append(&a->out, p + i, n);
			i += n;
		} else if (partial) {
			out_append(&a->out, REPLACEMENT, 3);
			a->truncated = 1;
			break;
		} else {
			out_append(&a->out, REPLACEMENT, 3);
			a->errors++;
			i++;
		}
	}
}

/* windows-1252 leaves five bytes undefined; mail clients map them to the
 * C1 controls of the same value, as iso-8859-1 would. */
static int cp1252_hole(const char *decoder, unsigned char c)
{
	return decoder == DEC_CP1252 &&
	       (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D);
}

static void iconv_flush(iconv_t cd, struct outbuf *b)
{
	for (;;) {
		char *outp;
		size_t outleft, r;

		out_reserve(b, 64);
		outp = b->data + b->len;
		outleft = b->cap - b->len - 1;
		r = iconv(cd, NULL, NULL, &outp, &outleft);
		b->len = (size_t)(outp - b->data);
		if (r != (size_t)-1 || errno != E2BIG)
			break;
		out_reserve(b, b->cap);
	}
	b->data[b->len] = '\0';
}

/* Returns 0, or -1 when iconv does not know the decoder. */
static int decode_iconv(const char *decoder, const char *bytes, size_t len,
                        struct attempt *a)
{
	iconv_t cd = iconv_open("UTF-8", decoder);
	ICONV_CONST char *in = (ICONV_CONST char *)bytes;
	size_t inleft = len;

	if (cd == (iconv_t)-1)
		return -1;
	out_reserve(&a->out, len + len / 2 + 16);
	while (inleft > 0) {
		char *outp = a->out.data + a->out.len;
		size_t outleft = a->out.cap - a->out.len - 1;
		size_t r = iconv(cd, &in, &inleft, &outp, &outleft);
		int err = errno;

		a->out.len = (size_t)(outp - a->out.data);
		a->out.data[a->out.len] = '\0';
		if (r != (size_t)-1)
			break;
		if (err == E2BIG) {
			out_reserve(&a->out, a->out.cap);
		} else if (err == EILSEQ && cp1252_hole(decoder, (unsigned char)*in)) {
			unsigned char c1[2] = { 0xC2, (unsigned char)*in };

			out_append(&a->out, c1, 2);
			in++;
			inleft--;
		} else if (err == EILSEQ) {
			out_append(&a->out, REPLACEMENT, 3);
			a->errors++;
			in++;
			inleft--;
		} else if (err == EINVAL) {
			out_append(&a->out, REPLACEMENT, 3);
			a->truncated = 1;
			break;
		} else {
			out_append(&a->out, REPLACEMENT, 3);
			a->errors += inleft;
			break;
		}
	}
	iconv_flush(cd, &a->out);
	iconv_close(cd);
	return 0;
}

/*
 * HZ-GB-2312 (RFC 1843), which glibc lacks: "~{" enters GB mode, where
 * pairs of 7-bit bytes are GB2312 with the high bits stripped; "~}" leaves
 * it; "~~" is a tilde and "~" + newline a line continuation. Rewritten to
 * EUC-CN, then decoded as GB18030; bytes HZ does not allow become 0xFF,
 * which GB18030 rejects, so they are counted and replaced there.
 */
static void hz_to_euc(const char *bytes, size_t len, struct outbuf *b)
{
	const unsigned char *p = (const unsigned char *)bytes;
	int gb = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];

		if (c == '~' && i + 1 < len && (p[i + 1] == '{' || p[i + 1] == '}')) {
			gb = p[i + 1] == '{';
			i += 2;
		} else if (c == '~' && !gb && i + 1 < len && (p[i + 1] == '~' || p[i + 1] == '\n')) {
			if (p[i + 1] == '~')
				out_byte(b, '~');
			i += 2;
		} else if (gb && c == '\n') {
			gb = 0; /* a line never continues GB mode */
			out_byte(b, c);
			i++;
		} else if (gb && i + 1 < len && c >= 0x21 && c <= 0x7E &&
		           p[i + 1] >= 0x21 && p[i + 1] <= 0x7E) {
			out_byte(b, c | 0x80);
			out_byte(b, p[i + 1] | 0x80);
			i += 2;
		} else {
			out_byte(b, (c >= 0x80 || gb) ? 0xFF : c);
			i++;
		}
	}
}

static int decode_hz(const char *bytes, size_t len, struct attempt *a)
{
	struct outbuf euc = { NULL, 0, 0 };
	int r;

	hz_to_euc(bytes, len, &euc);
	r = decode_iconv("GB18030", euc.data ? euc.data : "", euc.len, a);
	g_free(euc.data);
	return r;
}

/* Runs one decoder; returns 0, or -1 if it is not available. */
static int run_decoder(const char *decoder, const char *bytes, size_t len,
                       struct attempt *a)
{
	memset(a, 0, sizeof *a);
	a->decoder = decoder;
	if (decoder == DEC_UTF8 || g_ascii_strcasecmp(decoder, "utf-8") == 0) {
		decode_utf8(bytes, len, a);
		return 0;
	}
	if (decoder == DEC_HZ)
		return decode_hz(bytes, len, a);
	return decode_iconv(decoder, bytes, len, a);
}

/* ------------------------------------------------------------------ */
/* Policy                                                             */

/* Clean copy for the caller: valid UTF-8, no NUL bytes, no leading BOM.
 * NUL bytes are dropped, and so is every BOM met before the first byte of
 * output: a doubled BOM, or one after NULs, must not become the text's
 * first character. Returns the number of bytes that had to be replaced. */
static size_t finish_text(const char *s, size_t len, struct mc_decoded *out)
{
	const unsigned char *p = (const unsigned char *)s;
	struct outbuf b = { NULL, 0, 0 };
	size_t i = 0, bad = 0;

	out_reserve(&b, len);
	while (i < len) {
		int partial;
		size_t n = utf8_seq(p + i, len - i, &partial);

		if (n == 0) {
			out_append(&b, REPLACEMENT, 3);
			bad++;
			i++;
		} else {
			int leading_bom = b.len == 0 && n == 3 && memcmp(p + i, "\xEF\xBB\xBF", 3) == 0;
			if (p[i] != 0 && !leading_bom)
				out_append(&b, p + i, n);
			i += n;
		}
	}
	out->text = out_steal(&b, &out->len);
	return bad;
}

static void use_attempt(struct mc_decoded *out, struct attempt *a, int mismatch)
{
	size_t bad = finish_text(a->out.data ? a->out.data : "", a->out.len, out);

	g_free(out->charset_used);
	out->charset_used = mc_charset_canonical(a->decoder);
	out->mismatch = mismatch;
	out->lossy = a->errors > 0 || a->truncated || bad > 0;
}

/* Bytes the attempt could not decode, counting a cut-off last character. */
static size_t damage(const struct attempt *a)
{
	return a->errors + (a->truncated ? 1 : 0);
}

static int damage_is_small(const struct attempt *a, size_t non_ascii)
{
	return damage(a) > 0 && damage(a) <= non_ascii / DAMAGE_RATIO;
}

/* Valid UTF-8 under a legacy label: the commonest lie in mail. Single-byte
 * labels are contradicted by any multi-byte sequence; legacy multi-byte
 * ones, whose text can pass for short UTF-8, by a 3- or 4-byte one. */
static int mislabelled_utf8(const char *declared, const struct utf8_stats *st)
{
	if (st->errors > 0 || st->multibyte == 0)
		return 0;
	if (is_unicode(declared) || is_escape_encoding(declared))
		return 0;
	if (is_single_byte(declared))
		return 1;
	return st->long_seqs > 0;
}

/* ASCII that looks like ISO-2022 (ESC) or HZ ("~{") text. */
static int looks_escaped(const char *bytes, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (bytes[i] == 0x1B)
			return 1;
		if (bytes[i] == '~' && i + 1 < len && bytes[i + 1] == '{')
			return 1;
	}
	return 0;
}

/* Unlabelled (or us-ascii) 7-bit text in an escape encoding, as uchardet
 * recognises it; 1 if it was decoded that way. */
static int try_escaped(const char *bytes, size_t len, struct mc_decoded *out)
{
	char *detected = mc_charset_detect(bytes, len);
	const char *dec = detected && is_escape_encoding(detected) ? decoder_for(detected) : NULL;
	struct attempt a;
	int used = 0;

	if (dec && run_decoder(dec, bytes, len, &a) == 0) {
		if (damage(&a) == 0) {
			use_attempt(out, &a, 1);
			g_free(out->charset_used);
			out->charset_used = g_strdup(detected);
			used = 1;
		}
		attempt_free(&a);
	}
	if (used)
		out->charset_detected = detected;
	else
		g_free(detected);
	return used;
}

/* Only ASCII bytes. */
static void decode_ascii(const char *bytes, size_t len, const char *decl,
                         const char *decl_dec, struct mc_decoded *out)
{
	struct attempt a;

	if (decl && decl_dec && is_escape_encoding(decl) &&
	    run_decoder(decl_dec, bytes, len, &a) == 0) {
		if (a.errors == 0 && !a.truncated) {
			use_attempt(out, &a, 0);
			g_free(out->charset_used);
			out->charset_used = g_strdup(decl);
			attempt_free(&a);
			return;
		}
		attempt_free(&a);
		out->mismatch = 1;
	}
	if (decl && is_wide(decl))
		out->mismatch = 1;
	if ((!decl_dec || strcmp(decl, "us-ascii") == 0) && looks_escaped(bytes, len) &&
	    try_escaped(bytes, len, out))
		return;
	finish_text(bytes ? bytes : "", len, out);
	out->charset_used = g_strdup(decl && decl_dec && !out->mismatch ? decl : "us-ascii");
}

/* Tries uchardet's answer; 1 if it was used. */
static int try_detected(const char *bytes, size_t len, const char *tried,
                        size_t non_ascii, struct mc_decoded *out)
{
	const char *dec = decoder_for(out->charset_detected);
	struct attempt a;
	int used = 0;

	if (!dec || strcmp(dec, tried) == 0 || run_decoder(dec, bytes, len, &a) != 0)
		return 0;
	if (damage(&a) == 0 || damage_is_small(&a, non_ascii)) {
		use_attempt(out, &a, 1);
		used = 1;
	}
	attempt_free(&a);
	return used;
}

static void last_resort(const char *bytes, size_t len, struct mc_decoded *out)
{
	struct attempt a;

	if (run_decoder(DEC_CP1252, bytes, len, &a) != 0) {
		/* No windows-1252 in iconv: keep the ASCII, replace the rest. */
		size_t i;

		memset(&a, 0, sizeof a);
		a.decoder = DEC_CP1252;
		for (i = 0; i < len; i++) {
			if ((unsigned char)bytes[i] < 0x80)
				out_byte(&a.out, (unsigned char)bytes[i]);
			else
				out_append(&a.out, REPLACEMENT, 3);
		}
	}
	use_attempt(out, &a, 1);
	out->lossy = 1;
	attempt_free(&a);
}

/* Some bytes >= 0x80 (or a wide encoding). */
static void decode_8bit(const char *bytes, size_t len, const char *decl,
                        const char *decl_dec, struct mc_decoded *out)
{
	struct utf8_stats st;
	struct attempt a;
	size_t non_ascii = count_non_ascii(bytes, len);
	/* us-ascii says nothing about 8-bit bytes: as good as no label. */
	int trusted = decl_dec && strcmp(decl, "us-ascii") != 0;
	const char *prior = trusted ? decl_dec : DEC_UTF8;

	utf8_scan(bytes, len, &st);
	if (trusted && mislabelled_utf8(decl, &st)) {
		prior = DEC_UTF8;
		trusted = 0;
	}
	/* A body cut off inside a character still is in its declared charset;
	 * a guess that needs that excuse is not taken. */
	if (run_decoder(prior, bytes, len, &a) == 0 && a.errors == 0 &&
	    (trusted || !a.truncated)) {
		use_attempt(out, &a, !trusted);
		attempt_free(&a);
		return;
	}
	out->charset_detected = mc_charset_detect(bytes, len);
	if (prior != DEC_UTF8 && st.errors == 0) {
		attempt_free(&a);
		run_decoder(DEC_UTF8, bytes, len, &a);
		use_attempt(out, &a, 1);
	} else if (damage_is_small(&a, non_ascii)) {
		use_attempt(out, &a, !trusted);
	} else if (!try_detected(bytes, len, prior, non_ascii, out)) {
		last_resort(bytes, len, out);
	}
	attempt_free(&a);
}

void mc_charset_decode(const char *bytes, size_t len, const char *declared,
                       struct mc_decoded *out)
{
	char *decl = mc_charset_canonical(declared);
	const char *decl_dec = decoder_for(decl);

	memset(out, 0, sizeof *out);
	if (!bytes)
		len = 0;
	if (mc_is_ascii(bytes, len) &&
	    !(decl_dec && is_wide(decl) && len > 0 && memchr(bytes, 0, len)))
		decode_ascii(bytes, len, decl, decl_dec, out);
	else
		decode_8bit(bytes, len, decl, decl_dec, out);
	g_free(decl);
}

void mc_decoded_clear(struct mc_decoded *d)
{
	if (!d)
		return;
	g_free(d->text);
	g_free(d->charset_used);
	g_free(d->charset_detected);
	memset(d, 0, sizeof *d);
}
