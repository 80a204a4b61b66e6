/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_generated_part.c: unit tests of analyzer/detect/generated-part.c
 * (the generated fragment of a subject from structure, its language, the
 * choice among bases, the candidates learned from a case). The generated
 * strings here are made up for the tests, apart from two the classifier's
 * table knows, used to check that the table's language is kept for them.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "generated-part.h"

static char frag[MC_GEN_FRAGMENT_MAX];

START_TEST(chains)
{
	ck_assert_uint_eq(mc_gen_chain_len("RE: AW: budget"), strlen("RE: AW: "));
	ck_assert_uint_eq(mc_gen_chain_len("Re[2]: budget"), strlen("Re[2]: "));
	ck_assert_uint_eq(mc_gen_chain_len("Report: budget"), 0);
	ck_assert_uint_eq(mc_gen_chain_len("\xe5\x9b\x9e\xe5\xa4\x8d\xef\xbc\x9a x"),   /* 回复： */
	                  strlen("\xe5\x9b\x9e\xe5\xa4\x8d\xef\xbc\x9a "));
	ck_assert_uint_eq(mc_gen_chain_len("[EXT] RE: x"), 0);
	ck_assert_uint_eq(mc_gen_chain_len(""), 0);
}
END_TEST

START_TEST(fragment_around_core)
{
	/* prefix, the original's own RE: chain dropped on both sides */
	ck_assert(mc_gen_fragment_around("Gone fishing: RE: Budget 2011", "RE: Budget 2011", frag));
	ck_assert_str_eq(frag, "Gone fishing:");
	ck_assert(mc_gen_fragment_around("Gone fishing: RE: Budget 2011", "Budget 2011", frag));
	ck_assert_str_eq(frag, "Gone fishing:");
	/* full-width colon, no space, Chinese prefix */
	ck_assert(mc_gen_fragment_around("\xe5\x81\x87\xe6\x9c\x9f\xef\xbc\x9a" "Budget", "Budget", frag));
	ck_assert_str_eq(frag, "\xe5\x81\x87\xe6\x9c\x9f\xef\xbc\x9a");
	/* bracket before, suffix after, both */
	ck_assert(mc_gen_fragment_around("\xe3\x80\x90" "Away" "\xe3\x80\x91" "Budget", "Budget", frag));
	ck_assert_str_eq(frag, "\xe3\x80\x90" "Away" "\xe3\x80\x91");
	ck_assert(mc_gen_fragment_around("Budget (away until Monday)", "budget", frag));
	ck_assert_str_eq(frag, "(away until Monday)");
	ck_assert(mc_gen_fragment_around("[Away] Budget [note]", "Budget", frag));
	ck_assert_str_eq(frag, "[Away] \xe2\x80\xa6 [note]");
	/* nothing generated, the core absent, no letters */
	ck_assert(!mc_gen_fragment_around("RE: Budget", "Budget", frag));
	ck_assert_str_eq(frag, "");
	ck_assert(!mc_gen_fragment_around("Away: Budget", "Minutes", frag));
	ck_assert(!mc_gen_fragment_around("-- Budget (2)", "Budget", frag));
	ck_assert(!mc_gen_fragment_around("Away: x", "", frag));
	ck_assert(!mc_gen_fragment_around(NULL, "x", frag));
	/* too long to be a generated fragment */
	GString *g = g_string_new(NULL);
	for (int i = 0; i < 40; i++)
		g_string_append(g, "word ");
	g_string_append(g, "Budget");
	ck_assert(!mc_gen_fragment_around(g->str, "Budget", frag));
	g_string_free(g, TRUE);
}
END_TEST

START_TEST(fragment_of_prefix)
{
	ck_assert(mc_gen_fragment_of_prefix("Gone fishing: ", frag));
	ck_assert_str_eq(frag, "Gone fishing:");
	ck_assert(!mc_gen_fragment_of_prefix("RE: ", frag));
	ck_assert(!mc_gen_fragment_of_prefix("   ", frag));
	ck_assert(!mc_gen_fragment_of_prefix(NULL, frag));
}
END_TEST

START_TEST(identify)
{
	struct mc_gen_part p;
	/* a string the table knows keeps the table's language (textid alone
	 * takes this word for Danish) */
	mc_gen_set(&p, "Undeliverable:");
	ck_assert(p.found);
	ck_assert(p.from_table);
	ck_assert_str_eq(p.language, "en");
	/* unknown to the table: textid */
	mc_gen_set(&p, "Меня нет в офисе:");
	ck_assert(!p.from_table);
	ck_assert_str_eq(p.script, "Cyrl");
	ck_assert_str_eq(p.language, "ru");
	/* 休假自动应答： */
	mc_gen_set(&p, "\xe4\xbc\x91\xe5\x81\x87\xe8\x87\xaa\xe5\x8a\xa8\xe5\xba\x94\xe7\xad\x94\xef\xbc\x9a");
	ck_assert_str_eq(p.script, "Hani");
	ck_assert_str_eq(p.language, "zh-Hans");
	/* too short for textid: no language, the script still told */
	mc_gen_set(&p, "AUTO:");
	ck_assert(p.found);
	ck_assert_str_eq(p.language, "");
	ck_assert_str_eq(p.script, "Latn");
	mc_gen_set(&p, "");
	ck_assert(!p.found);
}
END_TEST

static void part(struct mc_gen_part *parts, enum mc_gen_basis b, const char *lang)
{
	parts[b].found = 1;
	g_strlcpy(parts[b].fragment, "x", sizeof parts[b].fragment);
	g_strlcpy(parts[b].language, lang, sizeof parts[b].language);
	g_strlcpy(parts[b].script, "Latn", sizeof parts[b].script);
}

START_TEST(decide)
{
	struct mc_gen_part parts[MC_GEN_N_BASES];
	char lang[16], basis[128];
	int best;

	memset(parts, 0, sizeof parts);
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_int_eq(best, -1);
	ck_assert_str_eq(lang, "");
	ck_assert_str_eq(basis, "");

	part(parts, MC_GEN_TABLE, "en");
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_int_eq(best, MC_GEN_TABLE);
	ck_assert_str_eq(basis, "table");

	/* the strongest wins, agreement and disagreement recorded */
	part(parts, MC_GEN_THREAD_TOPIC, "en");
	part(parts, MC_GEN_BOILERPLATE, "ja");
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_int_eq(best, MC_GEN_THREAD_TOPIC);
	ck_assert_str_eq(lang, "en");
	ck_assert_str_eq(basis, "thread-topic+table;boilerplate=ja");

	part(parts, MC_GEN_MAPI_PREFIX, "zh-Hans");
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_str_eq(lang, "zh-Hans");
	ck_assert_str_eq(basis, "mapi-prefix;thread-topic=en;table=en;boilerplate=ja");

	/* a fragment without a language gives way to one with; alone, its
	 * script is told */
	memset(parts, 0, sizeof parts);
	part(parts, MC_GEN_ORIGINAL_SUBJECT, "");
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_int_eq(best, MC_GEN_ORIGINAL_SUBJECT);
	ck_assert_str_eq(lang, "");
	ck_assert_str_eq(basis, "original-subject;script=Latn");
	part(parts, MC_GEN_BOILERPLATE, "de");
	mc_gen_decide(parts, &best, lang, basis, sizeof basis);
	ck_assert_int_eq(best, MC_GEN_BOILERPLATE);
	ck_assert_str_eq(basis, "boilerplate;original-subject=und");
	ck_assert_str_eq(mc_gen_basis_name(MC_GEN_CASE_PREFIX), "case-prefix");
	ck_assert_ptr_null(mc_gen_basis_name(MC_GEN_N_BASES));
}
END_TEST

START_TEST(candidates)
{
	struct mc_gen_candidate c[3];
	size_t n = mc_gen_candidates("RE: Away note\xef\xbc\x9a" "RE: Budget 2011", c);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(c[0].position, MC_GEN_LEADING);
	ck_assert_str_eq(c[0].fragment, "Away note\xef\xbc\x9a");
	ck_assert_str_eq(c[0].remainder, "budget 2011");

	n = mc_gen_candidates("[Away] Minutes (note)", c);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(c[0].fragment, "[Away]");
	ck_assert_str_eq(c[0].remainder, "minutes (note)");
	ck_assert_int_eq(c[1].position, MC_GEN_TRAILING);
	ck_assert_str_eq(c[1].fragment, "(note)");
	ck_assert_str_eq(c[1].remainder, "[away] minutes");

	/* a colon too far in, nothing after it, no letter */
	ck_assert_uint_eq(mc_gen_candidates("This is a rather long sentence about it: x", c), 0);
	ck_assert_uint_eq(mc_gen_candidates("Away:", c), 0);
	ck_assert_uint_eq(mc_gen_candidates("12: Budget", c), 0);
	ck_assert_uint_eq(mc_gen_candidates(NULL, c), 0);

	ck_assert(mc_gen_subject_has("RE: Away note: x", MC_GEN_LEADING, "Away note:"));
	ck_assert(!mc_gen_subject_has("x Away note:", MC_GEN_LEADING, "Away note:"));
	ck_assert(mc_gen_subject_has("Minutes (note) ", MC_GEN_TRAILING, "(note)"));
	ck_assert(!mc_gen_subject_has("Minutes", MC_GEN_TRAILING, "(note)"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("generated_part");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, chains);
	tcase_add_test(tc, fragment_around_core);
	tcase_add_test(tc, fragment_of_prefix);
	tcase_add_test(tc, identify);
	tcase_add_test(tc, decide);
	tcase_add_test(tc, candidates);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
