/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store-headers.h: what a mail client's store writes into the headers of
 * the messages it keeps, read back as facts of the record: Mozilla's
 * X-Mozilla-Status/X-Mozilla-Status2 flags (Thunderbird, SeaMonkey,
 * Netscape mbox), and Google Takeout's X-Gmail-Labels and X-GM-THRID.
 * docs/case-schema.md describes what they become in the case.
 */
#ifndef MAILCASE_STORE_HEADERS_H
#define MAILCASE_STORE_HEADERS_H

#include <stddef.h>
#include <stdint.h>

struct mc_message;

/* nsMsgMessageFlags (Mozilla's mailnews/base/public/nsMsgMessageFlags.idl):
 * X-Mozilla-Status holds the low 16 bits as 4 hex digits, X-Mozilla-Status2
 * the high 16 bits as 8 hex digits. */
#define MC_MOZ_READ       0x00000001u
#define MC_MOZ_REPLIED    0x00000002u
#define MC_MOZ_MARKED     0x00000004u   /* flagged (starred) */
#define MC_MOZ_EXPUNGED   0x00000008u   /* deleted, not compacted away yet */
#define MC_MOZ_FORWARDED  0x00001000u

/*
 * Reads the store headers of a top-level message parsed from RFC 822 bytes
 * (its headers already in m->headers) into m:
 *  - X-Mozilla-Status(2): message_props `mozilla.status` (the 32-bit flags,
 *    "0x" and 8 hex digits) and `mozilla.flags` (their names, comma-separated);
 *    a message with the Expunged flag gets origin MC_ORIGIN_RECOVERED;
 *  - X-Gmail-Labels: one m->labels entry per label, with its role
 *    (mc_gmail_label_role); X-GM-THRID: message_props `gmail.thread_id`.
 * A value that cannot be read is a warning of the message.
 */
void mc_store_headers_apply(struct mc_message *m);

/* The names of the flags set in `flags`, comma-separated, into a new string
 * ("" when none is named). */
char *mc_mozilla_flag_names(uint32_t flags);

/* Splits an X-Gmail-Labels value (comma-separated; a label holding a comma
 * or a quote is in double quotes, a quote doubled inside) into labels,
 * surrounding blanks removed, empty ones dropped. Returns a NULL-terminated
 * array (g_strfreev). */
char **mc_gmail_labels_split(const char *value);

/*
 * The role of a Gmail label: a folder role (MC_ROLE_INBOX, _SENT, _DELETED,
 * _DRAFTS, _JUNK) when the name is one of the special-folder names of
 * parsers/folder-names.c (in any language: Takeout writes system labels in
 * the account's language in some exports), else a Gmail system label's
 * role ("important", "starred", "chat", "opened", "unread", "archived",
 * "category"), else "user". A static string.
 */
const char *mc_gmail_label_role(const char *label);

#endif
