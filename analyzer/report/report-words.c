/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-words.c: language names and colours, client kinds, dates in
 * words, lists and the rules in plain words for the report
 * (report-words.h).
 */

#include <string.h>

#include "case-time.h"
#include "report-words.h"
#include "rules.h"

struct lang {
	const char *tag, *name, *color;
};

/* Chinese, Japanese and Korean in reds and browns (in the case this report
 * was made for, those are what stands out); European languages in blues,
 * greens and purples, distinct from each other. */
static const struct lang LANGS[] = {
	{ "en", "English", "#1f77b4" },
	{ "fr", "French", "#2ca02c" },
	{ "de", "German", "#9467bd" },
	{ "it", "Italian", "#17becf" },
	{ "es", "Spanish", "#bcbd22" },
	{ "nl", "Dutch", "#e377c2" },
	{ "pl", "Polish", "#8c6d31" },
	{ "pt", "Portuguese", "#637939" },
	{ "sv", "Swedish", "#3182bd" },
	{ "da", "Danish", "#6baed6" },
	{ "nb", "Norwegian", "#9ecae1" },
	{ "no", "Norwegian", "#9ecae1" },
	{ "fi", "Finnish", "#31a354" },
	{ "cs", "Czech", "#756bb1" },
	{ "sk", "Slovak", "#9e9ac8" },
	{ "sl", "Slovenian", "#74c476" },
	{ "hr", "Croatian", "#a1d99b" },
	{ "hu", "Hungarian", "#393b79" },
	{ "ro", "Romanian", "#5254a3" },
	{ "bg", "Bulgarian", "#6b6ecf" },
	{ "el", "Greek", "#0e6655" },
	{ "et", "Estonian", "#117a65" },
	{ "lv", "Latvian", "#148f77" },
	{ "lt", "Lithuanian", "#1abc9c" },
	{ "ca", "Catalan", "#7b4173" },
	{ "eu", "Basque", "#a55194" },
	{ "tr", "Turkish", "#ce6dbd" },
	{ "ru", "Russian", "#e6550d" },
	{ "uk", "Ukrainian", "#fd8d3c" },
	{ "sr", "Serbian", "#fdae6b" },
	{ "ar", "Arabic", "#843c39" },
	{ "fa", "Persian", "#ad494a" },
	{ "he", "Hebrew", "#e7969c" },
	{ "hi", "Hindi", "#d6616b" },
	{ "th", "Thai", "#c49c94" },
	{ "vi", "Vietnamese", "#8c564b" },
	{ "id", "Indonesian", "#7f7f7f" },
	{ "ka", "Georgian", "#b5cf6b" },
	{ "zh-Hans", "Chinese (Simplified)", "#d62728" },
	{ "zh-Hant", "Chinese (Traditional)", "#a50f15" },
	{ "zh", "Chinese", "#d62728" },
	{ "ja", "Japanese", "#ff7f0e" },
	{ "ko", "Korean", "#c7511f" },
};

static const char *const SPARE[] = { "#4c78a8", "#72b7b2", "#54a24b", "#b279a2", "#9d755d",
                                     "#e45756", "#f58518", "#eeca3b" };

static const struct lang *lang_find(const char *tag)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(LANGS); i++)
		if (g_ascii_strcasecmp(LANGS[i].tag, tag) == 0)
			return &LANGS[i];
	/* zh-Hans-CN, fr-BE: the longest known prefix. */
	const struct lang *best = NULL;
	for (unsigned i = 0; i < G_N_ELEMENTS(LANGS); i++) {
		size_t n = strlen(LANGS[i].tag);
		if (g_ascii_strncasecmp(LANGS[i].tag, tag, n) == 0 && tag[n] == '-'
		    && (!best || n > strlen(best->tag)))
			best = &LANGS[i];
	}
	return best;
}

static int unknown_tag(const char *tag)
{
	return !tag || !*tag || strcmp(tag, "und") == 0;
}

const char *mc_lang_name(const char *tag)
{
	if (unknown_tag(tag))
		return "unknown language";
	const struct lang *l = lang_find(tag);
	return l ? l->name : tag;
}

const char *mc_lang_color(const char *tag)
{
	if (unknown_tag(tag))
		return "#9aa4ae";
	const struct lang *l = lang_find(tag);
	if (l)
		return l->color;
	return SPARE[g_str_hash(tag) % G_N_ELEMENTS(SPARE)];
}

enum mc_client mc_client_of(const char *kind)
{
	if (!kind)
		return MC_CL_OTHER;
	if (strcmp(kind, "desktop") == 0)
		return MC_CL_DESKTOP;
	if (strcmp(kind, "mobile") == 0)
		return MC_CL_MOBILE;
	if (strcmp(kind, "webmail") == 0)
		return MC_CL_WEBMAIL;
	return MC_CL_OTHER;
}

const char *mc_client_name(enum mc_client c)
{
	static const char *const names[] = { "desktop program", "mobile device", "webmail",
	                                     "other or unknown" };
	return c < MC_CL_N ? names[c] : "?";
}

const char *mc_client_color(enum mc_client c)
{
	static const char *const colors[] = { "#3b6fb6", "#e8830c", "#8e3bb6", "#8a949e" };
	return c < MC_CL_N ? colors[c] : "#000000";
}

gint64 mc_iso_to_unix(const char *iso)
{
	int64_t t;
	return mc_case_time_unix(iso, MC_CASE_TIME_DAY, &t) == 0 ? t : -1;
}

static const char *const MONTHS[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                      "Aug", "Sep", "Oct", "Nov", "Dec" };

static GDateTime *at(gint64 t, int offset_min)
{
	return g_date_time_new_from_unix_utc(t + (gint64)offset_min * 60);
}

void mc_fmt_day(GString *out, gint64 t, int offset_min)
{
	GDateTime *dt = at(t, offset_min);
	if (!dt)
		return;
	g_string_append_printf(out, "%d %s %d", g_date_time_get_day_of_month(dt),
	                       MONTHS[g_date_time_get_month(dt) - 1], g_date_time_get_year(dt));
	g_date_time_unref(dt);
}

void mc_fmt_short_day(GString *out, gint64 t, int offset_min)
{
	GDateTime *dt = at(t, offset_min);
	if (!dt)
		return;
	g_string_append_printf(out, "%d %s", g_date_time_get_day_of_month(dt),
	                       MONTHS[g_date_time_get_month(dt) - 1]);
	g_date_time_unref(dt);
}

void mc_fmt_minute(GString *out, gint64 t, int offset_min)
{
	GDateTime *dt = at(t, offset_min);
	if (!dt)
		return;
	g_string_append_printf(out, "%d %s %d %02d:%02d", g_date_time_get_day_of_month(dt),
	                       MONTHS[g_date_time_get_month(dt) - 1], g_date_time_get_year(dt),
	                       g_date_time_get_hour(dt), g_date_time_get_minute(dt));
	g_date_time_unref(dt);
}

void mc_fmt_offset(GString *out, int offset_min)
{
	g_string_append(out, "UTC");
	if (offset_min == 0)
		return;
	int a = offset_min < 0 ? -offset_min : offset_min;
	g_string_append_printf(out, "%c%d", offset_min < 0 ? '-' : '+', a / 60);
	if (a % 60)
		g_string_append_printf(out, ":%02d", a % 60);
}

char *mc_join_words(GPtrArray *words)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < words->len; i++) {
		if (i)
			g_string_append(s, i + 1 == words->len ? " and " : ", ");
		g_string_append(s, g_ptr_array_index(words, i));
	}
	return g_string_free(s, FALSE);
}

/* What each rule of the catalogue (rules.h) means, in plain words for the
 * glossary; its title is the catalogue's. */
static const struct {
	const char *id, *text;
} RULE_TEXTS[] = {
	{ MC_RULE_SYSTEM_LANGUAGE_SWITCH,
	  "Exchange and Outlook write out-of-office replies, delivery reports and read receipts"
	  " in the language of the settings of whoever is using the mailbox, not in the language"
	  " of the person who owns it. When these automatic messages switch to a language the"
	  " owner does not write (Chinese after French), someone with other settings has most"
	  " likely been using the mailbox. This is how the 2011 intrusion into European"
	  " Commission mailboxes was noticed. Critical when the new language is in another"
	  " script (Chinese characters after Latin letters), else high." },
	{ MC_RULE_COORDINATED_LANGUAGE_SWITCH,
	  "Several mailboxes whose automatic messages switched to the same language over"
	  " overlapping periods. One person may change their settings; several mailboxes"
	  " switching to the same unexpected language at the same time point to one campaign."
	  " Critical." },
	{ MC_RULE_LOCALIZED_DEFAULT_FOLDERS,
	  "Outlook names the Inbox, Sent Items and the other default folders in the language of"
	  " the session that set the mailbox up or accepted a new language. Folders named in a"
	  " language the owner does not write can show an intruder's settings, or an administrator"
	  " or export tool working in another language. Medium." },
	{ MC_RULE_HIDDEN_FORWARDING_RULE,
	  "Inbox rules are stored as hidden items of the mailbox. A rule that forwards mail outside"
	  " the organisation lets someone keep reading a mailbox after losing access to it. High"
	  " when mail leaves the organisation, medium inside it, low for rules that only delete." },
	{ MC_RULE_OFF_HOURS_ACTIVITY,
	  "Messages sent from a mailbox between 00:00 and 06:00 in its owner's usual time zone,"
	  " with the kind of program that sent them. Someone else often uses a mailbox while its"
	  " owner sleeps, but phones syncing and people answering mail in bed look the same at"
	  " first sight: the client tells them apart. Medium when webmail was used at night; low"
	  " when the night activity came from mobile devices or the usual desktop program; info"
	  " when night is a habit of this mailbox." },
	{ MC_RULE_CHARSET_MISMATCH,
	  "Messages whose declared character set their bytes contradict, by sender. Mostly"
	  " context for reading them (mailcase decoded them with the right one); a sender whose"
	  " program changed behaviour can point to another machine. Info." },
};

const char *mc_rule_text(const char *rule)
{
	for (unsigned i = 0; rule && i < G_N_ELEMENTS(RULE_TEXTS); i++)
		if (strcmp(RULE_TEXTS[i].id, rule) == 0)
			return RULE_TEXTS[i].text;
	return NULL;
}
