/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * switch-series.h: the search for a language switch in an identity's
 * series of system messages, apart from the case file so that it can be
 * unit-tested: which kinds follow the mailbox's session language and which
 * a server writes in its own, the baseline a switch is measured against
 * (earlier system messages, or the owner's own language), the switch
 * itself and the window it happened in. rule-system-language-switch.c reads the series from the case and
 * reports what this finds (docs/findings.md, "system-language-switch").
 */
#ifndef MAILCASE_SWITCH_SERIES_H
#define MAILCASE_SWITCH_SERIES_H

#include <glib.h>

#define MC_SWITCH_MIN_BEFORE 2
#define MC_SWITCH_MIN_AFTER 2
#define MC_SWITCH_AFTER_SHARE 0.6

/* One system message of the series (GArray element). */
struct mc_sysmsg {
	long long id;
	char *time;
	char *kind;
	char *lang;   /* the language, or "und-SCRIPT" when only the script is known */
	char *key;    /* what a switch is sought in: the language, or the script */
	int home_server; /* written by the mailbox's own mail system: its sender's
	                  * domain is the identity's (a report or notice of the
	                  * organisation's server, not of a remote one) */
};

/* A GArray of struct mc_sysmsg that frees its elements' strings. */
GArray *mc_sysmsg_array_new(void);
void mc_sysmsg_append(GArray *a, long long id, const char *time, const char *kind,
                      const char *lang, const char *key, int home_server);

/* Who writes a kind's generated text: "session" for kinds the mailbox's
 * client or session settings write (auto-replies, read and non-read
 * receipts, recalls, meeting responses), "server" for reports and notices
 * a mail server writes in its own language (NDRs, delays, delivery
 * receipts, notices), NULL for anything else. */
const char *mc_switch_kind_follows(const char *kind);

/* A copy of a (strings copied too). */
GArray *mc_sysmsg_array_copy(GArray *a);

/* The messages of a whose kind follows the session (copies). */
GArray *mc_switch_session_series(GArray *a);

/* The messages of a whose kind follows the session, and those of a server
 * kind written by the mailbox's own mail system (home_server): the
 * organisation's server writes its notices, and its reports to its own
 * users, in the language of the mailbox's settings, which a session
 * changes (docs/findings.md); a remote server's stay out. NULL when a has
 * no such server message (the series would be the session series). */
GArray *mc_switch_home_series(GArray *a);

/* Whether address `from` belongs to the domain of `identity` (the same
 * domain, or a subdomain of it), case-insensitively. */
int mc_switch_same_domain(const char *from, const char *identity);

enum mc_switch_before {
	MC_BEFORE_MESSAGES,       /* at least MC_SWITCH_MIN_BEFORE earlier messages */
	MC_BEFORE_OWNER_LANGUAGE  /* fewer, all in the owner's language */
};

struct mc_switch {
	int k;                   /* index of the first message in the new key, or -1 */
	unsigned in_new;         /* messages in the new key from k on */
	unsigned later;          /* messages from k on */
	enum mc_switch_before before;
};

/*
 * The switch in series s, or k = -1. A switch at k: s[k]'s key was not the
 * key of any earlier message nor home (the key of the owner's language, or
 * NULL), and it is then at least MC_SWITCH_AFTER_SHARE of the later ones,
 * at least MC_SWITCH_MIN_AFTER of them. Before it, at least
 * MC_SWITCH_MIN_BEFORE messages; with `relaxed` (the session series),
 * at least one, all in home (MC_BEFORE_OWNER_LANGUAGE), will do, and so will
 * a single message in the new key when it is the last of the series
 * (in_new 1): the caller decides what that much evidence is worth.
 */
struct mc_switch mc_switch_find(GArray *s, const char *home, int relaxed);

/* The index in s of the message that opens the window of the switch at k:
 * the last earlier one of a kind that is seen in the new key at or after
 * k (*bounded 1). A kind never seen in the new key (a notice the server
 * keeps writing in the old language) proves nothing about when the
 * language changed, so it does not bound the window; without such a
 * message, 0 (*bounded 0). */
guint mc_switch_window_start(GArray *s, int k, int *bounded);

/* The commonest language (not key) of s[from, to), and its count. */
const char *mc_switch_mode_lang(GArray *s, guint from, guint to, unsigned *count);

/* The script code of a language tag ("ko": "Hang"; "und-Cyrl": "Cyrl";
 * anything else "Latn"), and a script code's English name ("Hangul"). */
const char *mc_switch_script_of_tag(const char *tag);
const char *mc_switch_script_name(const char *script);

#endif
