/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * textid.h: which script and which language a short UTF-8 text is in.
 *
 * Script: the Unicode Script property of every letter (exact, from GLib's
 * Unicode tables), reduced to the dominant one as an ISO 15924 code. Han,
 * Hiragana and Katakana count together as "Jpan" when kana are present, and
 * Hangul with Han as "Hang"; Han alone is "Hani". A CJK character counts as
 * five letters of an alphabet when scripts are mixed; beside CJK, Latin
 * options, acronyms and CamelCase names do not count, nor the other Latin
 * letters when none of their words is one the model lists for a
 * Latin-script language (product names and identifiers only: "Vivo 視訊
 * makelocalvariable:" is Chinese, "Lunch with 陈静 next Friday?" English).
 * Common and Inherited code points
 * (digits, punctuation, symbols, emoji, combining marks) are no script's; a
 * text with no letter at all is "Zyyy".
 *
 * Language: decided within the dominant script. Scripts that one language
 * writes (Grek el, Hebr he, Hang ko, Jpan ja, Thai th, Geor ka, Armn hy...)
 * give the language directly. Otherwise a naive Bayes model of character
 * 1- to 4-grams and whole words, trained on the gettext catalogs Debian ships
 * (bench/langid/train.sh builds the model file data/textid.model from them),
 * picks among the model's languages of that script; long texts are scored on
 * three windows of about a thousand characters. Han text is zh-Hans or
 * zh-Hant by the characters only one of the two orthographies writes
 * (ICU's Hans-Hant mapping, checked against the training text); when there
 * are none, or both kinds in like numbers, by a character bigram model of
 * each variant and the rates of CJK punctuation marks, from the training
 * text (words whose characters both write but whose use differs, 文件 and
 * 演示 on the mainland, 字型 and 指令 in Taiwan; 「」 against “”), with a
 * confidence of at most 0.6; and ja when its ideographs are in JIS X 0208
 * only. The model is a data file,
 * textid.model, found at run time (mc_textid_init()).
 * Tags are BCP 47: "en", "pt", "zh-Hans", "zh-Hant"; "und" when the text has
 * no letter, or a script that no known language is written in.
 *
 * Measured accuracy: bench/langid/README.md. Everything here is thread-safe
 * after mc_textid_init() (which mc_textid_identify() calls itself).
 */
#ifndef MAILCASE_TEXTID_H
#define MAILCASE_TEXTID_H

#include <stddef.h>
#include <stdint.h>

struct mc_textid {
	char language[16];  /* BCP 47 tag, "und" when unknown */
	char script[8];     /* ISO 15924 code, "Zyyy" when no letters */
	double confidence;  /* 0..1: the model's probability of `language`
	                     * among the languages of the script, tempered for
	                     * the short texts; 0 for "und" */
	size_t letters;     /* letters (code points with a script) seen */
};

/* Loads the language model file (textid.model: $MAILCASE_DATADIR when set,
 * else the installed one) and builds the script tables. Idempotent and
 * thread-safe. Without a usable model file a warning is printed once on
 * standard error and every language is "und" (scripts are still told). */
void mc_textid_init(void);

/* NULL when the model is loaded, else why it is not (a static string). */
const char *mc_textid_model_error(void);

/* Identifies the script and language of `len` bytes of UTF-8 (invalid
 * sequences are skipped, NUL bytes are spaces). `utf8` may be NULL when
 * len is 0. Texts longer than 64 KiB are judged on their first 64 KiB. */
void mc_textid_identify(const char *utf8, size_t len, struct mc_textid *out);

/* Identifies a short fragment, 2 to 20 characters of generated text such
 * as a subject prefix ("自动回复:", "Автоответ:", "AUTO:", "자동 회신:",
 * "رد تلقائي:"), with a confidence that says how little such text tells.
 * mc_textid_identify() is unchanged by it; longer text goes there.
 *  - script: the dominant script of the letters, as mc_textid_identify()
 *    tells it, always ("Zyyy" when there is no letter);
 *  - language, for a script that one model language writes (Hang ko,
 *    Jpan ja, Grek el, Hebr he, Thai th, Geor ka, Deva hi): that one,
 *    with confidence 1 - 1 / (1 + letters);
 *  - Han alone: "ja" when an ideograph of Japanese only (in JIS X 0208,
 *    not in GB 2312 or Big5) is in it and none of Simplified Chinese
 *    only (traditional forms are Japanese too: 自動応答); "zh-Hans" or
 *    "zh-Hant" only when characters that only one orthography writes
 *    decide (自动 against 自動); else "zh", the variant undecided, at
 *    most 0.9 sure (a Japanese prefix may be kanji alone);
 *  - Latn, Cyrl, Arab (several model languages each): the model's choice,
 *    its confidence times letters / (letters + 1);
 *  - other scripts, by the script alone, half as sure (Armn hy, Ethi am...);
 *  - "und" with confidence 0 when there is no letter or no model.
 * Measured on fragments of held-out text (bench/langid/README.md, "Short
 * fragments"): the language is right for 46%, 69% and 84% of fragments
 * of 2-5, 6-10 and 11-20 characters (Latin script alone: 34%, 60%, 79%),
 * at a mean confidence of 0.43, 0.68 and 0.83; the script for 95-99%. */
void mc_textid_identify_short(const char *utf8, size_t len, struct mc_textid *out);

/* The dominant script as above, as a static string ("Latn", "Cyrl", "Hani",
 * "Jpan", "Hang", "Arab", "Zyyy"...). Loads the model (mc_textid_init())
 * for its word list; without one, every Latin word beside CJK counts. */
const char *mc_script_of(const char *utf8, size_t len);

/* The log-likelihood, in nats, of the text's letters under a character
 * bigram model (from the same tables) of the language that explains them
 * best, any language, any script; each letter and word boundary is
 * predicted once, so decodings of the same bytes in different charsets
 * compare fairly (charset-guess.c). *nchars, if not NULL, gets the number
 * of letters and boundaries; 0 for a text with no letter. */
double mc_textid_loglik(const char *utf8, size_t len, size_t *nchars);

/* Model-building hook (bench/langid/train.c): calls fn once per feature the
 * model would look up for the text, with its 32-bit hash, and returns the
 * dominant script like mc_script_of(). */
typedef void (*mc_textid_feature_fn)(uint32_t hash, void *ctx);
const char *mc_textid_features(const char *utf8, size_t len,
                               mc_textid_feature_fn fn, void *ctx);

/*
 * The `mailcase textid` line format: "id<TAB>text", with tab, newline,
 * carriage return and backslash in the text written as \t, \n, \r, \\.
 *
 * mc_textid_unescape() decodes `len` bytes of escaped text in place and
 * returns the new length; a backslash before any other byte, or at the end,
 * stays as it is. mc_textid_escape() writes the escaped form of `len` bytes
 * to `out`, which must hold 2 * len + 1 bytes, NUL-terminates it and
 * returns its length.
 */
size_t mc_textid_unescape(char *s, size_t len);
size_t mc_textid_escape(const char *s, size_t len, char *out);

#endif
