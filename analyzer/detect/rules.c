/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.c: the catalogue of detection rules (rules.h), one entry per rule
 * in the order analyze applies them.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "rules.h"

static const struct mc_rule RULES[] = {
	/* Before system-language-switch: it reads their findings to corroborate
	 * a switch that rests on a single message. */
	{ MC_RULE_LOCALIZED_DEFAULT_FOLDERS, "Default folders named in another language",
	  "a mailbox's default folders are named in a language its owner does not write",
	  mc_rule_localized_default_folders },
	{ MC_RULE_HIDDEN_FORWARDING_RULE, "Hidden rule forwarding mail",
	  "a hidden inbox rule forwards or redirects mail, or deletes it",
	  mc_rule_hidden_forwarding_rule },
	{ MC_RULE_SYSTEM_LANGUAGE_SWITCH, "Automatic messages changed language",
	  "an identity's system messages switched to a language the person does not write",
	  mc_rule_system_language_switch },
	/* After system-language-switch: it reads the findings that one stored. */
	{ MC_RULE_COORDINATED_LANGUAGE_SWITCH, "Several mailboxes switched together",
	  "several identities' system messages switched to one language over overlapping periods",
	  mc_rule_coordinated_language_switch },
	{ MC_RULE_OFF_HOURS_ACTIVITY, "Activity at night",
	  "a mailbox's activity at night in its owner's usual offset, by client kind",
	  mc_rule_off_hours_activity },
	{ MC_RULE_CHARSET_MISMATCH, "Wrong character set declared",
	  "messages whose bytes contradict their declared charset, by sender",
	  mc_rule_charset_mismatch },
};

const struct mc_rule *mc_rule_at(size_t i)
{
	return i < G_N_ELEMENTS(RULES) ? &RULES[i] : NULL;
}

const struct mc_rule *mc_rule_find(const char *id)
{
	for (size_t i = 0; id && i < G_N_ELEMENTS(RULES); i++)
		if (strcmp(RULES[i].id, id) == 0)
			return &RULES[i];
	return NULL;
}

const char *mc_rule_title(const char *id)
{
	const struct mc_rule *r = mc_rule_find(id);
	return r ? r->title : NULL;
}
