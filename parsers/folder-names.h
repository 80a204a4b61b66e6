/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * folder-names.h: the table of special-folder names in many languages,
 * shared by the readers that must guess a folder's role from its name
 * (Maildir, mbox: they have no entry ids) and by the rule
 * localized-default-folders, which reads the language of the names.
 */
#ifndef MC_FOLDER_NAMES_H
#define MC_FOLDER_NAMES_H

#include <stddef.h>

/* Where a name comes from. */
enum {
	MC_FOLDER_NAME_OUTLOOK = 1u << 0,   /* an Outlook/Exchange default name: it is
	                                       chosen by the session's language */
	MC_FOLDER_NAME_IMAP    = 1u << 1,   /* a server or client default used whatever
	                                       the user's language (Dovecot, Gmail,
	                                       Thunderbird): no evidence of language */
};

struct mc_folder_name {
	const char *name;    /* as the software writes it, NFC */
	const char *role;    /* MC_ROLE_* of record.h */
	const char *lang;    /* BCP 47 tag, "zh" when both Chinese scripts use it */
	unsigned flags;      /* MC_FOLDER_NAME_* */
};

/*
 * Every entry whose name equals `name` (case-insensitively, after NFC
 * normalisation, a trailing .mbox/.mbx/.mbs ignored; invalid UTF-8 matches
 * nothing), at most `max` of them into
 * `out`. Returns the number of matches, which may exceed `max`.
 */
size_t mc_folder_name_find(const char *name, const struct mc_folder_name **out, size_t max);

/*
 * The role of a folder from its name alone: an exact match, else the longest
 * table name the name starts with when followed by an ASCII non-letter
 * ("Sent-2011", "trash_old"); a trailing .mbox/.mbx/.mbs is ignored.
 * MC_ROLE_OTHER when nothing matches. Never NULL; a static string.
 */
const char *mc_guess_folder_role(const char *name);

#endif
