/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_rules.c: unit tests of the rule catalogue (analyzer/detect/rules.c):
 * unique well-formed ids, a title, a one-line description and a function
 * for each rule, the lookups, and one analyzer/detect/rule-<id>.c per rule
 * (no more, no fewer), which tests/e2e/findings-doc.sh relies on to read
 * the ids.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "rules.h"

#ifndef MC_TOP_SRCDIR
#define MC_TOP_SRCDIR "."
#endif

static size_t rule_count(void)
{
	size_t n = 0;
	while (mc_rule_at(n))
		n++;
	return n;
}

static int well_formed_id(const char *id)
{
	if (!id || !g_ascii_islower(id[0]) || id[strlen(id) - 1] == '-')
		return 0;
	for (const char *p = id; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
			return 0;
	return strstr(id, "--") == NULL;
}

START_TEST(entries_complete)
{
	size_t n = rule_count();
	ck_assert_uint_ge(n, 1);
	for (size_t i = 0; i < n; i++) {
		const struct mc_rule *r = mc_rule_at(i);
		ck_assert_msg(well_formed_id(r->id), "rule %zu: bad id", i);
		ck_assert_msg(r->title && *r->title, "%s: no title", r->id);
		ck_assert_msg(r->description && *r->description && !strchr(r->description, '\n'),
		              "%s: no one-line description", r->id);
		ck_assert_msg(r->apply != NULL, "%s: no function", r->id);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(mc_rule_at(j)->id, r->id) != 0, "%s: twice", r->id);
	}
}
END_TEST

START_TEST(lookups)
{
	for (size_t i = 0; mc_rule_at(i); i++) {
		const struct mc_rule *r = mc_rule_at(i);
		ck_assert_ptr_eq(mc_rule_find(r->id), r);
		ck_assert_str_eq(mc_rule_title(r->id), r->title);
	}
	ck_assert_ptr_null(mc_rule_at(rule_count()));
	ck_assert_ptr_null(mc_rule_find(NULL));
	ck_assert_ptr_null(mc_rule_find(""));
	ck_assert_ptr_null(mc_rule_find("no-such-rule"));
	ck_assert_ptr_null(mc_rule_find("off-hours"));   /* no prefix match */
	ck_assert_ptr_null(mc_rule_title(NULL));
	ck_assert_ptr_null(mc_rule_title("no-such-rule"));
	/* Every id of rules.h is in the catalogue. */
	static const char *const ids[] = {
		MC_RULE_SYSTEM_LANGUAGE_SWITCH, MC_RULE_COORDINATED_LANGUAGE_SWITCH,
		MC_RULE_LOCALIZED_DEFAULT_FOLDERS, MC_RULE_HIDDEN_FORWARDING_RULE,
		MC_RULE_OFF_HOURS_ACTIVITY, MC_RULE_CHARSET_MISMATCH,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
		ck_assert_msg(mc_rule_find(ids[i]) != NULL, "%s not in the catalogue", ids[i]);
	ck_assert_uint_eq(rule_count(), G_N_ELEMENTS(ids));
	/* The switch rule comes before the rule that reads its findings. */
	ck_assert(mc_rule_find(MC_RULE_SYSTEM_LANGUAGE_SWITCH) <
	          mc_rule_find(MC_RULE_COORDINATED_LANGUAGE_SWITCH));
	/* The rules whose findings corroborate a switch on a single message
	 * come before it. */
	ck_assert(mc_rule_find(MC_RULE_LOCALIZED_DEFAULT_FOLDERS) <
	          mc_rule_find(MC_RULE_SYSTEM_LANGUAGE_SWITCH));
	ck_assert(mc_rule_find(MC_RULE_HIDDEN_FORWARDING_RULE) <
	          mc_rule_find(MC_RULE_SYSTEM_LANGUAGE_SWITCH));
}
END_TEST

START_TEST(one_file_per_rule)
{
	char *dir = g_build_filename(MC_TOP_SRCDIR, "analyzer", "detect", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	size_t files = 0;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, "rule-") || !g_str_has_suffix(name, ".c"))
			continue;
		char *id = g_strndup(name + 5, strlen(name) - 7);
		ck_assert_msg(mc_rule_find(id) != NULL, "%s: %s is no rule", name, id);
		g_free(id);
		files++;
	}
	g_dir_close(d);
	for (size_t i = 0; mc_rule_at(i); i++) {
		char *file = g_strdup_printf("%s/rule-%s.c", dir, mc_rule_at(i)->id);
		ck_assert_msg(g_file_test(file, G_FILE_TEST_IS_REGULAR), "%s is missing", file);
		g_free(file);
	}
	ck_assert_uint_eq(files, rule_count());
	g_free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, entries_complete);
	tcase_add_test(tc, lookups);
	tcase_add_test(tc, one_file_per_rule);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
