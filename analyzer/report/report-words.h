/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-words.h: what the report says in words and colours: language
 * names ("Chinese (Simplified)" for zh-Hans), one fixed colour per language
 * and per client kind (the same in every report), dates in words
 * ("19 Feb 2011", independent of the locale), lists ("a, b and c") and what
 * each rule means.
 */
#ifndef MAILCASE_REPORT_WORDS_H
#define MAILCASE_REPORT_WORDS_H

#include <glib.h>

/* English name of a BCP 47 language tag; the tag itself when unknown;
 * "unknown language" for NULL, "" or "und". */
const char *mc_lang_name(const char *tag);
/* A colour (#rrggbb) for a language: fixed for known languages, derived
 * from the tag for others; grey for NULL/und. */
const char *mc_lang_color(const char *tag);

/* Client kinds: mobile, webmail, desktop, server, unknown (NULL too). */
enum mc_client { MC_CL_DESKTOP, MC_CL_MOBILE, MC_CL_WEBMAIL, MC_CL_OTHER, MC_CL_N };
enum mc_client mc_client_of(const char *kind);
const char *mc_client_name(enum mc_client c);  /* "mobile device", ... */
const char *mc_client_color(enum mc_client c);

/* A case time ("2011-02-19T01:48:57Z", with its offset) or a date alone
 * to seconds since 1970 (case-time.h); -1 when invalid. */
gint64 mc_iso_to_unix(const char *iso);
/* Appends t + offset_min as "19 Feb 2011" / "19 Feb" / "19 Feb 2011 01:18". */
void mc_fmt_day(GString *out, gint64 t, int offset_min);
void mc_fmt_short_day(GString *out, gint64 t, int offset_min);
void mc_fmt_minute(GString *out, gint64 t, int offset_min);
/* "UTC", "UTC+1", "UTC-5:30" */
void mc_fmt_offset(GString *out, int offset_min);

/* A rule of the catalogue (rules.h, which has its title) in plain words:
 * one paragraph; NULL for unknown rules. */
const char *mc_rule_text(const char *rule);

/* Joins words: "a", "a and b", "a, b and c". */
char *mc_join_words(GPtrArray *words);

#endif
