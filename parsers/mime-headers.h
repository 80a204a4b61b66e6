/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mime-headers.h: the header half of reading one RFC 822 message. The
 * bytes are framed (mime-framing.h), guarded (mime-guard.h) and parsed by
 * GMime, GMime's warnings go to the record, and the header block is decoded
 * into it: every header in order (unfolded, RFC 2047, raw 8-bit bytes
 * through a charset hint), the subject, sender and recipients, the Date,
 * Message-ID, In-Reply-To, References and the top-level content type.
 *
 * mime-message.c reads the body and the parts on top of a struct
 * mc_mime_parsed; a parser that holds only a header block (PST transport
 * headers) calls mc_mime_parse_headers() without the MIME tree walker.
 * mc_mime_init() must have been called.
 */
#ifndef MAILCASE_MIME_HEADERS_H
#define MAILCASE_MIME_HEADERS_H

#include <stddef.h>
#include <gmime/gmime.h>
#include "record.h"

/* Must be called once before any parsing (g_mime_init). */
void mc_mime_init(void);

/*
 * Parses len bytes of a header block into m exactly as
 * mc_mime_parse(bytes, len, m, NULL, NULL) does for a body-less message:
 * m->size and m->sha256 from the bytes as given; headers, subject, from,
 * recipients, date, message_id, in_reply_to, references and content_type;
 * the same warnings and the same return value (0, or -1 when no header
 * could be parsed, with m->warnings saying why). What mc_mime_parse reads
 * from a body (body text and charset fields, attachment records, TNEF) is
 * left alone.
 */
int mc_mime_parse_headers(const char *bytes, size_t len, struct mc_message *m);

/*
 * The transport headers of an item whose fields come from elsewhere (a MAPI
 * item's PR_TRANSPORT_HEADERS, an .olm item's OPFMessageCopySource): the
 * header block (trailing blanks ignored) parsed, its fields added to m's
 * headers, and message_id, in_reply_to, references, from_addr and
 * content_type taken where m has none. The Date header's time and offset
 * go to *has_date, *date, *offset (the caller decides whether they are the
 * message's). When nothing can be parsed, m gets the warning
 * "<what> could not be parsed: ...". m->size and m->sha256 are left alone.
 */
void mc_mime_merge_headers(const char *block, struct mc_message *m, const char *what,
                           int *has_date, int64_t *date, int *offset);

/* One message as GMime parsed it, its header fields read into m. */
struct mc_mime_parsed {
	struct mc_message *m;
	const char *orig;         /* the bytes as given */
	const char *buf;          /* what GMime parsed (normalised, after "From ") */
	size_t buf_len;
	size_t base;              /* offset of buf within the bytes as given */
	GMimeObject *top;         /* the message's top-level part, or NULL */

	/* private to mime-headers.c */
	GMimeParserOptions *opts; /* its warning callback points at this struct */
	GMimeMessage *msg;
	GMimeParser *parser;
	GMimeStream *stream;
	GByteArray *borrowed;     /* buf, borrowed by stream */
	char *copy;               /* buf when it is a copy */
	char *hint;               /* charset for raw 8-bit header bytes */
	GArray *hdrs;             /* the headers in document order */
	int parser_warnings;
};

/*
 * Sets m->size and m->sha256, parses len bytes into *p and reads the header
 * fields into m (as mc_mime_parse_headers). Returns 0, or -1 when the bytes
 * are not a message (then p->top is NULL). In both cases *p stays in place
 * (GMime reports to it) until mc_mime_parsed_clear(p).
 */
int mc_mime_parsed_read(struct mc_mime_parsed *p, const char *bytes, size_t len,
                        struct mc_message *m);
void mc_mime_parsed_clear(struct mc_mime_parsed *p);

/* A parameter of a header of obj holding raw 8-bit bytes that are not
 * UTF-8, re-read after converting them with the message's charset hint
 * (GMime would read them as Latin-1); NULL when the header is clean or has
 * no such parameter. */
char *mc_mime_raw_8bit_param(const struct mc_mime_parsed *p, GMimeObject *obj,
                             const char *header, const char *param);

/* UTF-8 copy of s with invalid sequences replaced (NULL stays NULL). */
char *mc_mime_utf8_dup(const char *s);
/* The same, in ASCII lower case. */
char *mc_mime_lower_dup(const char *s);
/* The media type of obj ("text/plain"), lower case. */
char *mc_mime_type_of(GMimeObject *obj);

#endif
