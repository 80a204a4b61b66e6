/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox.c: the mbox splitter (mc_mbox_split, mc_mbox_is_from_line) and the
 * mbox evidence reader (mc_format_mbox).
 *
 * Boundary rule. A line is a message separator (a "From_ line") when
 *   1. it starts with "From " and is either a full From_ line, accepted by
 *      mc_mbox_is_from_line(): a sender token (may be empty), then nothing
 *      but date tokens (weekday, month name, day, hh:mm or hh:mm:ss, 4-digit
 *      year, yyyy-mm-dd, zone name or +hhmm), including one month, one time
 *      and one year (a UUCP "remote from host" tail is allowed); or a bare one:
 *      "From " and one sender token, nothing else ("From - ", as some
 *      exporters write);
 *   2. the line after it is a header field ("Name: value"); or, when it is
 *      a full From_ line at the start of the file or after an empty line,
 *      an empty line (a message without headers).
 * No empty line is required before a separator that a header follows:
 * some exporters write none, and merging their messages would lose them.
 * So "From the desk of..." is never a separator; neither is an unescaped
 * From_ line followed by body text. (A bounce that quotes its original
 * message unescaped, From_ line and headers included, is split: no line
 * rule can tell it apart, and the bytes stay in the case either way.) Bytes before the first separator are leading
 * garbage.
 * Content-Length (mboxcl/mboxcl2): if a message's header block has
 * Content-Length: N and the offset N bytes after the header block's empty
 * line is EOF, a final empty line, or a From_ line (optionally after one
 * empty line), the message ends there whatever its body holds; otherwise
 * the line rule applies. This needs a seekable fd (pread); a pipe is split
 * by lines only.
 * Ranges: a message starts after its From_ line and ends before the empty
 * line preceding the next From_ line; the last one ends at EOF, less one
 * final empty line if the file ends with one, so a message has the same
 * range wherever it sits in the file.
 * Line endings: LF, CRLF or CR, from the first line ending of the file. In
 * LF/CRLF files lines end at LF and a CR before it is ignored (mixed files).
 * Memory: the buffer holds the current message plus one read chunk.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "folder-names.h"
#include "eml.h"
#include "mbox.h"
#include "parser.h"
#include "record.h"
#include "resource-limits.h"

/* ------------------------------------------------------------------ */
/* From_ line syntax                                                   */

enum tok_kind { TOK_BAD, TOK_WEEKDAY, TOK_MONTH, TOK_DAY, TOK_TIME,
                TOK_YEAR, TOK_ZONE, TOK_ISODATE };

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

static int in_names(const char *s, size_t n, const char *names)
{
	if (n != 3)
		return 0;
	for (const char *p = names; *p; p += 3)
		if (g_ascii_strncasecmp(s, p, 3) == 0)
			return 1;
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return n > 0;
}

/* h:mm, hh:mm, hh:mm:ss */
static int is_time(const char *s, size_t n)
{
	size_t h = 0;
	while (h < n && h < 3 && is_digit(s[h]))
		h++;
	if (h < 1 || h > 2 || h >= n || s[h] != ':')
		return 0;
	if (n != h + 3 && n != h + 6)
		return 0;
	if (!all_digits(s + h + 1, 2) || (s[h + 1] - '0') > 5)
		return 0;
	if (n == h + 6 && (s[h + 3] != ':' || !all_digits(s + h + 4, 2)))
		return 0;
	return atoi(s) < 24;
}

static enum tok_kind classify(const char *s, size_t n)
{
	if (n > 1 && s[n - 1] == ',')
		n--;
	if (in_names(s, n, "montuewedthufrisatsun"))
		return TOK_WEEKDAY;
	if (in_names(s, n, "janfebmaraprmayjunjulaugsepoctnovdec"))
		return TOK_MONTH;
	if (all_digits(s, n) && n <= 2 && atoi(s) >= 1 && atoi(s) <= 31)
		return TOK_DAY;
	if (all_digits(s, n) && n == 4 && (s[0] == '1' || s[0] == '2'))
		return TOK_YEAR;
	if (is_time(s, n))
		return TOK_TIME;
	if (n == 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2)
	    && s[7] == '-' && all_digits(s + 8, 2))
		return TOK_ISODATE;     /* 2019-10-02, as Exim writes */
	if (n == 5 && (s[0] == '+' || s[0] == '-') && all_digits(s + 1, 4))
		return TOK_ZONE;
	if (n >= 1 && n <= 5) {
		for (size_t i = 0; i < n; i++)
			if (!is_upper(s[i]))
				return TOK_BAD;
		return TOK_ZONE;
	}
	return TOK_BAD;
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static size_t token_end(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

/* s[i..n) holds only date tokens, among them a month, a time and a year. */
static int date_ok(const char *s, size_t i, size_t n)
{
	int months = 0, times = 0, years = 0, count = 0;
	for (i = skip_blanks(s, i, n); i < n; i = skip_blanks(s, i, n)) {
		size_t e = token_end(s, i, n);
		if (e - i == 6 && memcmp(s + i, "remote", 6) == 0)
			break;      /* UUCP "remote from host" */
		switch (classify(s + i, e - i)) {
		case TOK_BAD: return 0;
		case TOK_MONTH: months++; break;
		case TOK_TIME: times++; break;
		case TOK_YEAR: years++; break;
		case TOK_ISODATE: months++; years++; break;
		default: break;
		}
		if (++count > 8)
			return 0;
		i = e;
	}
	return months == 1 && times == 1 && years == 1;
}

int mc_mbox_is_from_line(const char *line, size_t len)
{
	if (len < 5 || len > 1000 || memcmp(line, "From ", 5) != 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	size_t s = skip_blanks(line, 5, len);
	if (date_ok(line, token_end(line, s, len), len))
		return 1;
	return date_ok(line, s, len);     /* empty sender */
}

/* 2: a full From_ line (mc_mbox_is_from_line); 1: "From " and a sender
 * token only ("From - ", "From 1844347792267117879@xxx", as some exporters
 * write); 0: neither. */
static int from_line_kind(const char *line, size_t len)
{
	if (mc_mbox_is_from_line(line, len))
		return 2;
	if (len < 6 || len > 1000 || memcmp(line, "From ", 5) != 0)
		return 0;
	size_t s = skip_blanks(line, 5, len), e = token_end(line, s, len);
	for (size_t i = s; i < e; i++)
		if ((unsigned char)line[i] < 0x21 || line[i] == 0x7f)
			return 0;
	return e > s && skip_blanks(line, e, len) == len;
}

/* "Name: value" (obsolete "Name : value" too). */
static int is_header_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] > 32 && (unsigned char)s[i] < 127
	       && s[i] != ':')
		i++;
	if (i == 0)
		return 0;
	i = skip_blanks(s, i, n);
	return i < n && s[i] == ':';
}

/* ------------------------------------------------------------------ */
/* The splitter                                                        */

struct splitter {
	int fd;
	int use_pread;
	size_t chunk;
	char *buf;
	size_t len, cap;
	int64_t base;            /* file offset of buf[0] */
	int eof;
	char term;               /* '\n' (LF, CRLF) or '\r' (CR) */
	int64_t file_size;       /* -1 if not a regular file */
	int last_unterminated;   /* the last line found had no line ending */
	struct mc_mbox_stats *st;
	mc_mbox_fn cb;
	void *ctx;
	GString *from_line;
	/* the open message */
	int open, seen_first, force_sep, by_cl;
	int64_t from_offset;
	int64_t msg_offset;      /* file offset of its first byte */
	size_t start;            /* buf index of its first byte not yet hashed away */
	/* a message longer than max_held: its head kept, the rest hashed */
	int64_t max_held;
	size_t head_max;
	GChecksum *big_sha;      /* non-NULL once the open message is that long */
	GString *big_head;
	int64_t big_hashed;      /* its bytes hashed and dropped from buf */
	int in_headers;
	int64_t content_length;  /* -1: none */
	int prev_blank;          /* the previous line was empty */
	size_t prev_blank_at;
};

static int fill(struct splitter *sp)
{
	if (sp->eof)
		return 0;
	if (sp->cap - sp->len < sp->chunk) {
		sp->cap = MAX(sp->cap * 2, sp->len + sp->chunk);
		sp->buf = g_realloc(sp->buf, sp->cap);
	}
	for (;;) {
		ssize_t n;
		if (sp->use_pread)
			n = pread(sp->fd, sp->buf + sp->len, sp->chunk,
			          (off_t)(sp->base + (int64_t)sp->len));
		else
			n = read(sp->fd, sp->buf + sp->len, sp->chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ESPIPE && sp->use_pread) {
			sp->use_pread = 0;
			continue;
		}
		if (n < 0)
			return -1;
		if (n == 0) {
			sp->eof = 1;
			return 0;
		}
		sp->len += (size_t)n;
		sp->st->bytes_read = sp->base + (int64_t)sp->len;
		return 1;
	}
}

/* The line starting at buf[from]: content ends at *cend (line ending and a
 * CR before an LF excluded), the next line starts at *next. Returns 1, 0 at
 * EOF, -1 on read error. May move buf. */
static int find_line(struct splitter *sp, size_t from, size_t *cend, size_t *next)
{
	size_t scan = from;
	for (;;) {
		const char *hit = scan < sp->len
			? memchr(sp->buf + scan, sp->term, sp->len - scan) : NULL;
		if (hit) {
			size_t t = (size_t)(hit - sp->buf);
			*next = t + 1;
			*cend = (sp->term == '\n' && t > from && sp->buf[t - 1] == '\r') ? t - 1 : t;
			sp->last_unterminated = 0;
			return 1;
		}
		scan = sp->len;
		int r = fill(sp);
		if (r < 0)
			return -1;
		if (r == 0) {
			if (from >= sp->len)
				return 0;
			*cend = *next = sp->len;
			sp->last_unterminated = 1;
			return 1;
		}
	}
}

static int detect_eol(struct splitter *sp)
{
	size_t i = 0;
	for (;;) {
		while (i < sp->len && sp->buf[i] != '\n' && sp->buf[i] != '\r')
			i++;
		if (i < sp->len && (sp->buf[i] == '\n' || i + 1 < sp->len || sp->eof)) {
			if (sp->buf[i] == '\n')
				sp->st->eol = MC_EOL_LF;
			else if (i + 1 < sp->len && sp->buf[i + 1] == '\n')
				sp->st->eol = MC_EOL_CRLF;
			else
				sp->st->eol = MC_EOL_CR;
			break;
		}
		if (sp->eof) {
			sp->st->eol = MC_EOL_LF;
			break;
		}
		if (fill(sp) < 0)
			return -1;
	}
	sp->term = sp->st->eol == MC_EOL_CR ? '\r' : '\n';
	return 0;
}

static void compact(struct splitter *sp, size_t upto)
{
	memmove(sp->buf, sp->buf + upto, sp->len - upto);
	sp->len -= upto;
	sp->base += (int64_t)upto;
}

static void drop_big(struct splitter *sp)
{
	if (sp->big_sha)
		g_checksum_free(sp->big_sha);
	if (sp->big_head)
		g_string_free(sp->big_head, TRUE);
	sp->big_sha = NULL;
	sp->big_head = NULL;
	sp->big_hashed = 0;
}

static int emit(struct splitter *sp, size_t end)
{
	struct mc_mbox_msg m = {
		.from_offset = sp->from_offset,
		.offset = sp->msg_offset,
		.length = (int64_t)(end - sp->start),
		.from_line = sp->from_line->str,
		.bytes = sp->buf + sp->start,
		.by_content_length = sp->by_cl,
	};
	if (sp->big_sha) {
		g_checksum_update(sp->big_sha, (const guchar *)sp->buf + sp->start,
		                  (gssize)(end - sp->start));
		m.length += sp->big_hashed;
		m.bytes = sp->big_head->str;
		m.held = (int64_t)sp->big_head->len;
		m.sha256 = g_checksum_get_string(sp->big_sha);
	} else {
		m.held = m.length;
	}
	sp->open = 0;
	sp->st->messages++;
	int rc = sp->cb(sp->ctx, &m);
	drop_big(sp);
	if (rc != 0) {
		sp->st->stopped = 1;
		return -1;
	}
	return 0;
}

/* The open message holds more than max_held bytes: keep its head, and from
 * now on hash what the lines pass and drop it from buf (keep_big). */
static void start_big(struct splitter *sp)
{
	sp->big_sha = g_checksum_new(G_CHECKSUM_SHA256);
	sp->big_head = g_string_new_len(sp->buf + sp->start, (gssize)sp->head_max);
	sp->big_hashed = 0;
}

/* Hashes and drops the bytes of a long message that are surely in it: all
 * before the current line, or before the empty line just read (which may
 * be the separator's, not the message's). */
static void keep_big(struct splitter *sp, size_t *pos)
{
	size_t keep = sp->prev_blank ? sp->prev_blank_at : *pos;
	if (keep <= sp->start)
		return;
	g_checksum_update(sp->big_sha, (const guchar *)sp->buf + sp->start,
	                  (gssize)(keep - sp->start));
	sp->big_hashed += (int64_t)(keep - sp->start);
	compact(sp, keep);
	*pos -= keep;
	if (sp->prev_blank)
		sp->prev_blank_at -= keep;
	sp->start = 0;
}

/* A From_ line of that kind may be followed by this line: a header field,
 * or, after a full From_ line, an empty line (a message without headers). */
static int next_line_fits(int kind, const char *s, size_t n)
{
	return is_header_line(s, n) || (kind == 2 && n == 0);
}

/* 1 if the line [pos, cend) (next line at next) starts a message. */
static int is_separator(struct splitter *sp, size_t pos, size_t cend, size_t next)
{
	if (sp->force_sep) {
		sp->force_sep = 0;
		return 1;
	}
	if (cend - pos < 5 || memcmp(sp->buf + pos, "From ", 5) != 0)
		return 0;
	int kind = from_line_kind(sp->buf + pos, cend - pos);
	if (kind == 0)
		return 0;
	size_t c2, n2;
	int r = find_line(sp, next, &c2, &n2);
	if (r <= 0)
		return r;
	/* Right after text (no empty line before it), only a From_ line that
	 * a header field follows separates: files written without the empty
	 * line exist, and merging their messages would lose them. */
	if (sp->open && !sp->prev_blank)
		return is_header_line(sp->buf + next, c2 - next);
	return next_line_fits(kind, sp->buf + next, c2 - next);
}

static int start_message(struct splitter *sp, size_t *pos, size_t cend, size_t next)
{
	if (sp->open && emit(sp, sp->prev_blank ? sp->prev_blank_at : *pos) < 0)
		return -1;
	if (!sp->seen_first)
		sp->st->leading_garbage = sp->base + (int64_t)*pos;
	sp->seen_first = 1;
	g_string_truncate(sp->from_line, 0);
	g_string_append_len(sp->from_line, sp->buf + *pos, (gssize)(cend - *pos));
	sp->from_offset = sp->base + (int64_t)*pos;
	compact(sp, *pos);
	sp->start = next - *pos;
	sp->msg_offset = sp->base + (int64_t)sp->start;
	*pos = sp->start;
	sp->open = 1;
	sp->in_headers = 1;
	sp->content_length = -1;
	sp->prev_blank = 0;
	return 0;
}

static void note_escape(struct splitter *sp, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k] == '>')
		k++;
	if (k == 0 || n - k < 5 || memcmp(s + k, "From ", 5) != 0)
		return;
	if (k == 1)
		sp->st->escaped_from = 1;
	else
		sp->st->escaped_gtfrom = 1;
}

static void parse_content_length(struct splitter *sp, const char *s, size_t n)
{
	static const char name[] = "Content-Length";
	size_t i = sizeof name - 1;
	if (sp->content_length >= 0 || n <= i || g_ascii_strncasecmp(s, name, i) != 0)
		return;
	i = skip_blanks(s, i, n);
	if (i >= n || s[i] != ':')
		return;
	i = skip_blanks(s, i + 1, n);
	int64_t v = 0;
	size_t d = 0;
	for (; i < n && is_digit(s[i]) && d < 17; i++, d++)
		v = v * 10 + (s[i] - '0');
	if (d > 0 && skip_blanks(s, i, n) == n)
		sp->content_length = v;
}

static ssize_t pread_full(int fd, char *buf, size_t n, int64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + (int64_t)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Whether Content-Length points at target correctly; *sep_at gets the
 * offset of the next From_ line, or the file size at EOF. */
static int cl_target_ok(struct splitter *sp, int64_t target, int64_t *sep_at)
{
	char w[4096];
	ssize_t n = pread_full(sp->fd, w, sizeof w, target);
	size_t i = 0, e, c;
	if (n < 0)
		return 0;
	*sep_at = sp->file_size;
	if (n == 0)
		return 1;
	if (w[0] == sp->term)
		i = 1;
	else if (sp->term == '\n' && n > 1 && w[0] == '\r' && w[1] == '\n')
		i = 2;
	if (i > 0 && target + (int64_t)i == sp->file_size)
		return 1;                       /* a final empty line */
	const char *t = memchr(w + i, sp->term, (size_t)n - i);
	if (!t)
		return 0;
	e = (size_t)(t - w);
	c = (sp->term == '\n' && e > i && w[e - 1] == '\r') ? e - 1 : e;
	int kind = from_line_kind(w + i, c - i);
	if (kind == 0)
		return 0;
	const char *t2 = memchr(w + e + 1, sp->term, (size_t)n - e - 1);
	if (t2) {
		size_t n2 = (size_t)(t2 - (w + e + 1));
		if (sp->term == '\n' && n2 > 0 && t2[-1] == '\r')
			n2--;
		if (!next_line_fits(kind, w + e + 1, n2))
			return 0;
	}
	*sep_at = target + (int64_t)i;
	return 1;
}

/* Called at the end of the header block (hdr_end: buf index after its
 * empty line). Returns 1 and sets *pos when Content-Length ended the
 * message, 0 to go on by lines, -1 on error or stop. */
static int try_content_length(struct splitter *sp, size_t hdr_end, size_t *pos)
{
	int64_t target = sp->base + (int64_t)hdr_end + sp->content_length;
	int64_t sep_at;
	/* A body longer than what is held goes by lines, hashed as they pass. */
	if (sp->file_size < 0 || !sp->use_pread || target > sp->file_size ||
	    sp->big_sha || target - sp->msg_offset > sp->max_held)
		return 0;
	if (!cl_target_ok(sp, target, &sep_at))
		return 0;
	while (sp->base + (int64_t)sp->len < sep_at) {
		int r = fill(sp);
		if (r <= 0)
			return r;       /* read error, or the file shrank */
	}
	sp->by_cl = 1;
	sp->st->content_length = 1;
	size_t end = (size_t)(target - sp->base);
	if (sep_at == sp->file_size)
		sp->st->truncated = end > sp->start && sp->buf[end - 1] != sp->term;
	int r = emit(sp, end);
	sp->by_cl = 0;
	if (r < 0)
		return -1;
	*pos = (size_t)(sep_at - sp->base);
	sp->force_sep = sep_at < sp->file_size;
	return 1;
}

/* A line inside an open message. */
static int body_line(struct splitter *sp, size_t *pos, size_t cend, size_t next)
{
	size_t n = cend - *pos;
	note_escape(sp, sp->buf + *pos, n);
	if (sp->in_headers && n == 0) {
		sp->in_headers = 0;
		if (sp->content_length >= 0) {
			int r = try_content_length(sp, next, pos);
			if (r != 0)
				return r < 0 ? -1 : 0;
		}
	} else if (sp->in_headers) {
		parse_content_length(sp, sp->buf + *pos, n);
	}
	sp->prev_blank = (n == 0);
	sp->prev_blank_at = *pos;
	*pos = next;
	return 0;
}

static int split_lines(struct splitter *sp)
{
	size_t pos = 0, cend, next;
	for (;;) {
		int r = find_line(sp, pos, &cend, &next);
		if (r <= 0)
			return r;
		r = is_separator(sp, pos, cend, next);
		if (r < 0)
			return -1;
		if (r) {
			if (start_message(sp, &pos, cend, next) < 0)
				return -1;
		} else if (sp->open) {
			if (body_line(sp, &pos, cend, next) < 0)
				return -1;
			if (sp->open && !sp->big_sha && (int64_t)(pos - sp->start) > sp->max_held)
				start_big(sp);
			if (sp->open && sp->big_sha && pos >= sp->chunk)
				keep_big(sp, &pos);
		} else {
			pos = next;
			if (pos >= sp->chunk) {
				compact(sp, pos);
				pos = 0;
			}
		}
	}
}

static int finish(struct splitter *sp)
{
	if (!sp->seen_first)
		sp->st->leading_garbage = sp->base + (int64_t)sp->len;
	if (!sp->open)
		return 0;
	sp->st->truncated = sp->last_unterminated;
	return emit(sp, sp->prev_blank ? sp->prev_blank_at : sp->len);
}

int mc_mbox_split_chunked(int fd, size_t chunk, mc_mbox_fn cb, void *ctx,
                          struct mc_mbox_stats *stats)
{
	return mc_mbox_split_limited(fd, chunk, MC_MBOX_MAX_HELD, MC_MBOX_HEAD, cb, ctx, stats);
}

int mc_mbox_split_limited(int fd, size_t chunk, int64_t max_held, size_t head,
                          mc_mbox_fn cb, void *ctx, struct mc_mbox_stats *stats)
{
	struct splitter sp = { .fd = fd, .use_pread = 1, .chunk = chunk ? chunk : 1,
	                       .file_size = -1, .st = stats, .cb = cb, .ctx = ctx,
	                       .max_held = max_held > 0 ? max_held : 1,
	                       .head_max = MIN(head, (size_t)(max_held > 0 ? max_held : 1)) };
	struct stat sb;
	memset(stats, 0, sizeof *stats);
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		sp.file_size = (int64_t)sb.st_size;
	sp.from_line = g_string_new(NULL);
	int rc = detect_eol(&sp);
	/* A UTF-8 byte order mark before the first From_ line (some Windows
	 * tools write one) is leading garbage, not part of the line. */
	if (rc == 0 && sp.len >= 3 && memcmp(sp.buf, "\xEF\xBB\xBF", 3) == 0)
		compact(&sp, 3);
	if (rc == 0)
		rc = split_lines(&sp);
	if (rc == 0)
		rc = finish(&sp);
	int saved = errno;
	drop_big(&sp);
	g_free(sp.buf);
	g_string_free(sp.from_line, TRUE);
	errno = saved;
	return rc < 0 ? -1 : 0;
}

int mc_mbox_split(int fd, mc_mbox_fn cb, void *ctx, struct mc_mbox_stats *stats)
{
	return mc_mbox_split_chunked(fd, MC_MBOX_CHUNK, cb, ctx, stats);
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */

struct mbox_read {
	struct mc_reader *r;
	int64_t folder_id;
	int sink_failed;
	int64_t last_offset;     /* end of the last message seen */
};

/* 1 if a line of the message starts at s[i]: ">...>From ". */
static int is_quoted_from(const char *s, size_t i, size_t n)
{
	size_t k = i;
	while (k < n && s[k] == '>')
		k++;
	return k > i && n - k >= 5 && memcmp(s + k, "From ", 5) == 0;
}

/*
 * Removes one '>' from every line that starts with ">From ", ">>From "...
 * The mboxrd rule; for mboxo files it gives the same result on ">From "
 * (the only escape mboxo writes). Returns NULL when nothing is quoted.
 */
static char *unescape_from(const char *s, size_t n, size_t *out_len)
{
	size_t hits = 0;
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r') && is_quoted_from(s, i, n))
			hits++;
	if (hits == 0)
		return NULL;
	char *out = g_malloc(n - hits + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if ((i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r') && is_quoted_from(s, i, n))
			continue;           /* drop this line's first '>' */
		out[o++] = s[i];
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* Offset of the first line longer than MC_LIMIT_MBOX_LINE in b, or len;
 * *line_len gets its length (line ending excluded). */
static size_t long_line_at(const char *b, size_t len, size_t *line_len)
{
	size_t p = 0;
	while (p < len) {
		const char *nl = memchr(b + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - b) : len;
		if (e - p > MC_LIMIT_MBOX_LINE) {
			*line_len = e - p;
			return p;
		}
		p = e + 1;
	}
	return len;
}

static int on_mbox_message(void *ctx, const struct mc_mbox_msg *msg)
{
	struct mbox_read *c = ctx;
	struct mc_message *m = mc_message_new();
	size_t plen = (size_t)msg->held;
	char *copy = msg->by_content_length ? NULL
		: unescape_from(msg->bytes, (size_t)msg->held, &plen);
	char *from = g_utf8_make_valid(msg->from_line, -1);

	m->locator = g_strdup_printf("mbox:%" PRId64 "+%" PRId64, msg->offset, msg->length);
	m->byte_offset = msg->offset;
	m->byte_length = msg->length;
	m->folder_local_id = c->folder_id;
	m->origin = MC_ORIGIN_FOLDER;
	mc_message_add_prop(m, "mbox_from_line", from);
	size_t line_len = 0;
	size_t cut = long_line_at(copy ? copy : msg->bytes, plen, &line_len);
	if (cut < plen) {
		mc_limit_warn(m, "mbox-line", MC_LIMIT_MBOX_LINE, "a line of %zu bytes at byte %zu"
		              " of the message; parsed up to that line", line_len, cut);
		plen = cut;
	}
	int rc;
	if (msg->sha256) {
		mc_limit_warn(m, "message-bytes", MC_MBOX_MAX_HELD, "a message of %" PRId64
		              " bytes: its first %" PRId64 " bytes (headers and the start of the "
		              "body) are parsed; its size and SHA-256 cover all of it",
		              msg->length, msg->held);
		rc = mc_rfc822_emit_hashed(c->r, m, copy ? copy : msg->bytes, plen,
		                           msg->length, msg->sha256);
	} else {
		rc = mc_rfc822_emit(c->r, m, copy ? copy : msg->bytes, plen,
		                    msg->bytes, (size_t)msg->length);
	}
	c->last_offset = msg->offset + msg->length;
	g_free(from);
	g_free(copy);
	mc_message_free(m);
	if (rc != 0) {
		c->sink_failed = 1;
		return -1;
	}
	return 0;
}

static int emit_file_folder(struct mc_reader *r, int64_t id)
{
	char *base = g_path_get_basename(r->path);
	struct mc_folder *f = mc_folder_new();
	f->local_id = id;
	f->name = g_utf8_make_valid(base, -1);
	f->path = g_strdup(f->name);
	f->role = mc_guess_folder_role(f->name);
	int rc = mc_reader_folder(r, f);
	mc_folder_free(f);
	g_free(base);
	return rc;
}

/* 1 if the first n bytes of the file are all white space. */
static int leading_is_blank(int fd, int64_t n)
{
	char w[4096];
	for (int64_t off = 0; off < n; ) {
		size_t want = (size_t)MIN((int64_t)sizeof w, n - off);
		ssize_t got = pread_full(fd, w, want, off);
		if (got <= 0)
			return 0;
		for (ssize_t i = 0; i < got; i++)
			if (!g_ascii_isspace(w[i]))
				return 0;
		off += got;
	}
	return 1;
}

static const char *mbox_variant(const struct mc_mbox_stats *st)
{
	if (st->content_length)
		return "mboxcl2";
	if (st->escaped_gtfrom)
		return "mboxrd";
	if (st->escaped_from)
		return "mboxo";
	return NULL;
}

static enum mc_result report_garbage(struct mc_reader *r, const struct mc_mbox_stats *st)
{
	if (st->leading_garbage <= 0 || leading_is_blank(r->fd, st->leading_garbage))
		return MC_OK;
	if (st->messages == 0)
		return mc_reader_fail(r, MC_FATAL, "%s: no From_ separator line found in %" PRId64
		                      " bytes: not an mbox", r->path, st->leading_garbage);
	char loc[64];
	snprintf(loc, sizeof loc, "mbox:0+%" PRId64, st->leading_garbage);
	if (mc_reader_problem(r, "warning", loc, "%" PRId64 " bytes before the first "
	                      "From_ line are not a message; not ingested",
	                      st->leading_garbage) != 0)
		return mc_reader_fail(r, MC_FATAL, "%s: could not store a problem", r->path);
	return MC_OK;
}

static const char *first_eol(const char *s, const char *lim)
{
	while (s < lim && *s != '\n' && *s != '\r')
		s++;
	return s;
}

/* The first line is a From_ line that the splitter would take. */
static int mbox_bid(const struct mc_probe *p)
{
	if (p->is_dir || !p->head || p->head_len < 5)
		return 0;
	const char *h = (const char *)p->head, *lim = h + p->head_len;
	if (memcmp(h, "\xEF\xBB\xBF", 3) == 0)
		h += 3;                 /* a byte order mark, see mc_mbox_split */
	const char *end = first_eol(h, lim);
	int kind = from_line_kind(h, (size_t)(end - h));
	if (kind == 0 || end == lim)
		return kind == 2 ? 90 : 0;
	const char *next = end + ((end[0] == '\r' && end + 1 < lim && end[1] == '\n') ? 2 : 1);
	return next_line_fits(kind, next, (size_t)(first_eol(next, lim) - next)) ? 90 : 0;
}

static enum mc_result mbox_read(struct mc_reader *r)
{
	struct mbox_read c = { .r = r, .folder_id = 1 };
	struct mc_mbox_stats st;

	if (emit_file_folder(r, c.folder_id) != 0)
		return mc_reader_fail(r, MC_FATAL, "%s: could not store the folder", r->path);
	int rc = mc_mbox_split(r->fd, on_mbox_message, &c, &st);
	int err = errno;
	r->variant = mbox_variant(&st);
	if (c.sink_failed)
		return mc_reader_fail(r, MC_FATAL, "%s: could not store the message at offset %"
		                      PRId64, r->path, c.last_offset);
	if (rc < 0 && st.messages == 0 && st.bytes_read == 0)
		return mc_reader_fail(r, MC_FATAL, "%s: read error at offset 0: %s",
		                      r->path, g_strerror(err));
	if (rc < 0)
		return mc_reader_fail(r, MC_WARN, "%s: read error at offset %" PRId64 ": %s",
		                      r->path, st.bytes_read, g_strerror(err));
	return report_garbage(r, &st);
}

const struct mc_format mc_format_mbox = { "mbox", mbox_bid, mbox_read, 0 };
