/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * system-prefixes.h: the table of localized subject prefixes, subject
 * phrases and body boilerplate that servers and clients (Exchange, Outlook,
 * common MTAs) write into system-generated messages, and the matcher that
 * finds them in a decoded (UTF-8) subject or body.
 *
 * Three kinds of entries:
 *  - MC_PFX_PREFIX: a subject prefix followed by a colon, "Automatic reply:",
 *    "自动回复：", "Réponse automatique :". Matched at the start of the
 *    subject (after "[tag]" markers and RE:/FW: chains, which are reported),
 *    ignoring case, with any run of spaces/NBSP standing for a space, an
 *    optional space or NBSP/NNBSP before the colon, and ':' or the
 *    full-width '：' as the colon. Also written as a whole bracketed tag,
 *    "[Automatische Antwort] ...", "[自动回复：] ...".
 *  - MC_PFX_PHRASE: a whole boilerplate subject or its head, without a
 *    colon: "Undelivered Mail Returned to Sender". Matched at the start of
 *    the subject, followed by the end, a space or punctuation.
 *  - MC_PFX_BODY: a boilerplate sentence searched (case-insensitively) in
 *    the head of the body text.
 *
 * Every entry names its source in `source`, starting with its kind:
 * "corpus: " (a real message of the shared corpus), "sisimai: " (sisimai's
 * bounce parser), "package: " (a Debian package's catalog or template),
 * "doc: " (Microsoft's documentation quoting the string), "rfc: ", or
 * "unverified: " when none was found (see the SOURCES block of
 * system-prefixes.c).
 * Entries marked MC_PFXF_AMBIGUOUS are ordinary words ("Read:", "Accepted:")
 * that a human may also write: the classifier wants corroboration for them.
 */
#ifndef MAILCASE_SYSTEM_PREFIXES_H
#define MAILCASE_SYSTEM_PREFIXES_H

#include <stddef.h>
#include "classify.h"

enum mc_pfx_where { MC_PFX_PREFIX, MC_PFX_PHRASE, MC_PFX_BODY };

#define MC_PFXF_AMBIGUOUS 1u  /* a word humans also use as a subject head */

struct mc_system_prefix {
	enum mc_sys_kind kind;
	enum mc_pfx_where where;
	unsigned flags;
	const char *text;    /* UTF-8, without the colon */
	const char *langs;   /* BCP 47 tags, space-separated, first preferred */
	const char *source;  /* "<kind>: " and where the string is known from */
};

extern const struct mc_system_prefix mc_system_prefixes[];
extern const size_t mc_n_system_prefixes;

/* One reply/forward marker of a subject chain ("RE", "AW", "转发"). */
enum mc_chain_kind { MC_CHAIN_REPLY = 1, MC_CHAIN_FORWARD = 2 };

/* What mc_prefix_match_subject() found. */
struct mc_prefix_match {
	const struct mc_system_prefix *entry; /* NULL when nothing matched */
	size_t start;        /* byte offset of the matched text in the subject */
	size_t len;          /* bytes of the match, up to and including the colon */
	int chain;           /* MC_CHAIN_* bits of the markers before it */
	int n_chain;         /* how many RE:/FW: markers came before it */
	char chain_text[32]; /* the first marker as written ("AW"), "" if none */
	int tagged;          /* 1 when "[tag]" markers came before it */
};

/*
 * Looks for a MC_PFX_PREFIX or MC_PFX_PHRASE entry at the head of `subject`
 * (NULL allowed), skipping leading "[...]" tags and RE:/FW: chains in any of
 * the table's languages (recorded in `out`, never matched as system
 * prefixes). Returns 1 and fills `out` when an entry matched, else 0 (out
 * still has the chain found). The match as it appeared is
 * subject[out->start .. out->start + out->len).
 */
int mc_prefix_match_subject(const char *subject, struct mc_prefix_match *out);

/*
 * The subject entry (not MC_PFX_BODY) that a generated fragment is as a
 * whole: what mc_prefix_match_subject() matches with nothing but spaces
 * (NBSP, ideographic space included) after it; NULL when the table does not
 * know the whole fragment. What generated-part.c and `mailcase prefixes`
 * call "known to the table".
 */
const struct mc_system_prefix *mc_prefix_whole_fragment(const char *fragment);

/*
 * Looks for MC_PFX_BODY entries in the first `max_bytes` bytes of `body`
 * (NULL allowed). Returns the first entry found in table order, or NULL.
 */
const struct mc_system_prefix *mc_prefix_match_body(const char *body,
                                                    size_t max_bytes);

/* Number of distinct language tags (every tag of `langs`) among entries
 * of `where`, for tests and documentation. */
size_t mc_prefix_language_count(enum mc_pfx_where where);

#endif
