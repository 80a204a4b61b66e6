/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store-headers.c: the headers a mail client's store writes into the
 * messages it keeps, read back into the record (store-headers.h):
 * Mozilla's status flags and Gmail's labels and thread id.
 *
 * Sources. The flag values are those of Mozilla's nsMsgMessageFlags
 * interface (comm-central mailnews/base/public/nsMsgMessageFlags.idl),
 * which X-Mozilla-Status (low 16 bits) and X-Mozilla-Status2 (high 16
 * bits) carry in hex. Google Takeout's mail export writes each message's
 * labels in X-Gmail-Labels, comma-separated, quoting a label that holds a
 * comma, and the conversation id in X-GM-THRID; its system labels are
 * written in English by some exports and in the account's language by
 * others, so folder roles are looked up in the multilingual table of
 * parsers/folder-names.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "folder-names.h"
#include "record.h"
#include "store-headers.h"

/* ---- Mozilla ---- */

static const struct mc_flag_name moz_flags[] = {
	{ MC_MOZ_READ, "read" },
	{ MC_MOZ_REPLIED, "replied" },
	{ MC_MOZ_MARKED, "flagged" },
	{ MC_MOZ_EXPUNGED, "expunged" },
	{ 0x00000010u, "has-re" },
	{ 0x00000040u, "feed" },
	{ 0x00000100u, "watched" },
	{ 0x00000200u, "sender-authed" },
	{ 0x00000400u, "partial" },
	{ 0x00000800u, "queued" },
	{ MC_MOZ_FORWARDED, "forwarded" },
	{ 0x00002000u, "redirected" },
	{ 0x00040000u, "ignored" },
	{ 0x00200000u, "imap-deleted" },
	{ 0x00400000u, "mdn-needed" },
	{ 0x00800000u, "mdn-sent" },
	{ 0x01000000u, "template" },
	{ 0x10000000u, "attachment" },
};

char *mc_mozilla_flag_names(uint32_t flags)
{
	return mc_flag_names(moz_flags, G_N_ELEMENTS(moz_flags), flags);
}

/* 1..8 hex digits, blanks around allowed, into *out; 0 or -1. */
static int parse_hex(const char *v, uint32_t *out)
{
	while (*v == ' ' || *v == '\t')
		v++;
	uint32_t x = 0;
	int digits = 0;
	for (; g_ascii_isxdigit(*v); v++, digits++) {
		if (digits == 8)
			return -1;
		x = x << 4 | (uint32_t)g_ascii_xdigit_value(*v);
	}
	while (*v == ' ' || *v == '\t')
		v++;
	if (digits == 0 || *v)
		return -1;
	*out = x;
	return 0;
}

static void apply_mozilla(struct mc_message *m)
{
	const char *st = mc_message_header(m, "X-Mozilla-Status");
	const char *st2 = mc_message_header(m, "X-Mozilla-Status2");
	if (!st && !st2)
		return;
	uint32_t lo = 0, hi = 0;
	if (st && parse_hex(st, &lo) != 0) {
		mc_message_warn(m, "X-Mozilla-Status \"%.40s\" is not hexadecimal; ignored", st);
		st = NULL;
	}
	if (st2 && parse_hex(st2, &hi) != 0) {
		mc_message_warn(m, "X-Mozilla-Status2 \"%.40s\" is not hexadecimal; ignored", st2);
		st2 = NULL;
	}
	if (!st && !st2)
		return;
	uint32_t flags = (lo & 0xFFFFu) | (hi & 0xFFFF0000u);
	char hex[16];
	g_snprintf(hex, sizeof hex, "0x%08x", flags);
	mc_message_add_prop(m, "mozilla.status", hex);
	char *names = mc_mozilla_flag_names(flags);
	mc_message_add_prop(m, "mozilla.flags", names);
	g_free(names);
	if ((flags & MC_MOZ_EXPUNGED) && strcmp(m->origin, MC_ORIGIN_FOLDER) == 0)
		m->origin = MC_ORIGIN_RECOVERED;
}

/* ---- Gmail ---- */

char **mc_gmail_labels_split(const char *value)
{
	GPtrArray *out = g_ptr_array_new();
	GString *cur = g_string_new(NULL);
	const char *p = value ? value : "";
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		g_string_truncate(cur, 0);
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"')
					g_string_append_c(cur, *p++);
				else if (*p == '"')
					break;
				else
					g_string_append_c(cur, *p);
			}
			if (*p == '"')
				p++;
			while (*p && *p != ',')
				g_string_append_c(cur, *p++);   /* text after the quote: kept */
		} else {
			while (*p && *p != ',')
				g_string_append_c(cur, *p++);
		}
		char *label = g_strstrip(g_strdup(cur->str));
		if (*label)
			g_ptr_array_add(out, label);
		else
			g_free(label);
		if (*p != ',')
			break;
		p++;
	}
	g_string_free(cur, TRUE);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

/* Gmail's system labels that are not folders, as Takeout writes them. The
 * English names; "Wichtig" and "Geöffnet" are the German ones seen in
 * exports of German accounts. A label not listed is a user's. */
static const struct { const char *name; const char *role; } gmail_labels[] = {
	{ "Important", "important" }, { "Wichtig", "important" },
	{ "Starred", "starred" },
	{ "Chat", "chat" },
	{ "Opened", "opened" }, { "Geöffnet", "opened" },
	{ "Unread", "unread" },
	{ "Archived", "archived" },
};

const char *mc_gmail_label_role(const char *label)
{
	const struct mc_folder_name *hits[4];
	size_t n = mc_folder_name_find(label, hits, G_N_ELEMENTS(hits));
	for (size_t i = 0; i < n && i < G_N_ELEMENTS(hits); i++)
		if (strcmp(hits[i]->role, MC_ROLE_OTHER) != 0)
			return hits[i]->role;
	for (size_t i = 0; i < G_N_ELEMENTS(gmail_labels); i++)
		if (strcmp(label, gmail_labels[i].name) == 0)
			return gmail_labels[i].role;
	if (strncmp(label, "Category ", 9) == 0)
		return "category";
	return "user";
}

static void apply_gmail(struct mc_message *m)
{
	const char *thread = mc_message_header(m, "X-GM-THRID");
	if (thread) {
		char *t = g_strstrip(g_strdup(thread));
		if (*t)
			mc_message_add_prop(m, "gmail.thread_id", t);
		g_free(t);
	}
	const char *labels = mc_message_header(m, "X-Gmail-Labels");
	if (!labels)
		return;
	char **v = mc_gmail_labels_split(labels);
	for (char **l = v; *l; l++)
		mc_message_add_label(m, *l, mc_gmail_label_role(*l));
	g_strfreev(v);
}

void mc_store_headers_apply(struct mc_message *m)
{
	apply_mozilla(m);
	apply_gmail(m);
}
