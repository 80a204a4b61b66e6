/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * generated-part.h: the system-generated fragment of a system message's
 * subject located from the message's own structure, its language, and the
 * choice among the bases that located one (docs/findings.md, "Where the
 * system language comes from").
 *
 * BASES, strongest first (enum order):
 *   mapi-prefix       PR_SUBJECT_PREFIX (message_props `subject_prefix`)
 *   thread-topic      subject minus the Thread-Topic header (MIME) or
 *                     PR_CONVERSATION_TOPIC (MAPI): the normalized subject
 *   original-subject  subject minus the subject of the message it answers
 *                     (In-Reply-To, then References) found in the case
 *   case-prefix       a fragment that system messages of one kind share
 *                     across different originals (learned-prefixes.c)
 *   table             the classifier's match in system-prefixes.c
 *   boilerplate       the generated text of a report or notice body
 * "Subject minus core" keeps what lies before the core (a prefix, RE:/FW:
 * markers right before the core removed: they are the original's) and
 * after it (a suffix), joined by " … " when both are there.
 *
 * LANGUAGE of a fragment: the table's language when the table knows the
 * whole fragment (a known string gets the same language whatever located
 * it, so a mailbox whose messages are located by different bases shows no
 * change that is not there; textid gives "Undeliverable" as Danish), else
 * textid's: mc_textid_identify_short() for a fragment of at most
 * MC_GEN_SHORT_CHARS characters (mc_textid_identify() for a longer one),
 * when its confidence is at least MC_GEN_MIN_CONFIDENCE (for a short
 * fragment in Latin, Cyrillic or Arabic script, which several languages
 * write, MC_GEN_MIN_CONFIDENCE_SHARED); else unknown (the script is still
 * told).
 *
 * BASIS TEXT (messages.system_language_basis), built by mc_gen_decide():
 *   BASIS[+AGREEING...][;OTHER=LANG...][;script=SCRIPT]
 * BASIS gave system_language (the strongest basis whose fragment has a
 * language; when none has one, the strongest that located a fragment, and
 * ";script=" tells its script); "+name" are weaker bases that gave the same
 * language; ";name=lang" bases that gave another one ("und" when they
 * located a fragment whose language is unknown).
 */
#ifndef MAILCASE_GENERATED_PART_H
#define MAILCASE_GENERATED_PART_H

#include <stddef.h>

enum mc_gen_basis {
	MC_GEN_MAPI_PREFIX,
	MC_GEN_THREAD_TOPIC,
	MC_GEN_ORIGINAL_SUBJECT,
	MC_GEN_CASE_PREFIX,
	MC_GEN_TABLE,
	MC_GEN_BOILERPLATE,
	MC_GEN_N_BASES
};

/* Below this textid confidence a fragment's language is unknown. */
#define MC_GEN_MIN_CONFIDENCE 0.5
/* Fragments up to this many characters go to mc_textid_identify_short(),
 * and those in Latin, Cyrillic or Arabic script need this confidence. */
#define MC_GEN_SHORT_CHARS 20
#define MC_GEN_MIN_CONFIDENCE_SHARED 0.75
/* Longest fragment kept (bytes, with the NUL). */
#define MC_GEN_FRAGMENT_MAX 128

/* "mapi-prefix", "thread-topic"...; NULL out of range. */
const char *mc_gen_basis_name(enum mc_gen_basis b);

/* One basis's answer. */
struct mc_gen_part {
	int found;                        /* 1 when the basis located a fragment */
	char fragment[MC_GEN_FRAGMENT_MAX];
	char language[16];                /* BCP 47, "" when unknown */
	char script[8];                   /* ISO 15924 of the fragment */
	int from_table;                   /* language taken from the table */
};

/* Bytes of the RE:/FW: chain (and spaces) at the head of s, with the
 * markers the classifier's table knows. */
size_t mc_gen_chain_len(const char *s);

/* The fragment of `subject` around `core` (the normalized or original
 * subject, a leading chain of its own ignored). Returns 1 and fills
 * out[MC_GEN_FRAGMENT_MAX], or 0 when core is not in subject or nothing
 * with a letter is left around it. */
int mc_gen_fragment_around(const char *subject, const char *core, char *out);

/* A stored subject prefix (PR_SUBJECT_PREFIX), trimmed; 0 when it is
 * empty or only RE:/FW: markers. */
int mc_gen_fragment_of_prefix(const char *prefix, char *out);

/* Fills part->language/script/from_table for part->fragment (found = 1). */
void mc_gen_identify(struct mc_gen_part *part);

/* Sets part to a fragment and identifies it; an empty fragment leaves it
 * not found. */
void mc_gen_set(struct mc_gen_part *part, const char *fragment);

/* The choice among parts[MC_GEN_N_BASES]: *best gets the index of the basis
 * whose fragment system_prefix keeps (-1 when none located one), language
 * the system language ("" when unknown), basis the text above (basis_len
 * bytes, "" when none). */
void mc_gen_decide(const struct mc_gen_part parts[MC_GEN_N_BASES], int *best,
                   char language[16], char *basis, size_t basis_len);

/*
 * Learning from the case (learned-prefixes.c): the candidate fragments of a
 * subject, after its leading RE:/FW: chain: a leading one ending in a colon
 * (':' or '：', at most MC_GEN_LEARN_MAX_CHARS characters), a leading
 * bracketed one ("[...]", "【...】", "〔...〕"), and a trailing bracketed
 * one ("(...)", "[...]", "【...】", "（...）"); each with the remainder it
 * leaves (trimmed, chain-stripped, lower-cased ASCII). A candidate needs a
 * letter and a non-empty remainder.
 */
#define MC_GEN_LEARN_MAX_CHARS 24
enum mc_gen_position { MC_GEN_LEADING, MC_GEN_TRAILING };
struct mc_gen_candidate {
	enum mc_gen_position position;
	char fragment[MC_GEN_FRAGMENT_MAX];
	char remainder[256];
};
/* Returns the number of candidates written (at most 3). */
size_t mc_gen_candidates(const char *subject, struct mc_gen_candidate out[3]);

/* Whether subject (after its chain) starts (MC_GEN_LEADING) or ends with
 * fragment. */
int mc_gen_subject_has(const char *subject, enum mc_gen_position pos, const char *fragment);

#endif
