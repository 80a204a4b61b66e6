/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-pst-rules.c: mc_mapi_rule_actions() (parsers/mapi-rules.h), the
 * MS-OXORULE RuleAction decoder for inbox rule messages, on the input as
 * the property value. The first byte's low bit picks the form:
 * 1 = PR_EXTENDED_RULE_MSG_ACTIONS, 0 = PR_RULE_ACTIONS.
 */
#include "config.h"
#include "fuzz.h"
#include "mapi-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = mc_mapi_rule_actions(data + 1, size - 1, data[0] & 1);
	FUZZ_CHECK(s != NULL, "never NULL");
	FUZZ_CHECK(g_utf8_validate(s, -1, NULL), "summary is UTF-8");
	g_free(s);
	return 0;
}
