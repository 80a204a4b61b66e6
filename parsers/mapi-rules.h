/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-rules.h: inbox rule actions (MS-OXORULE RuleAction buffers) to a
 * readable summary, for the rule messages found among a folder's hidden
 * (FAI) items (mapped by mapi-message.h): "forward to a@example.com;
 * delete".
 */
#ifndef MAILCASE_MAPI_RULES_H
#define MAILCASE_MAPI_RULES_H

#include <stddef.h>

/* Decodes PR_EXTENDED_RULE_MSG_ACTIONS (extended = 1: named property
 * information, version, then a RuleAction with 4-byte counts) or
 * PR_RULE_ACTIONS (extended = 0: a RuleAction with 2-byte counts).
 * Returns a g_malloc'd summary, never NULL; what cannot be decoded is shown
 * as "unparsed <hex>". */
char *mc_mapi_rule_actions(const unsigned char *blob, size_t len, int extended);

/* MS-OXORULE action types. */
enum {
	MC_OP_MOVE = 0x01, MC_OP_COPY = 0x02, MC_OP_REPLY = 0x03,
	MC_OP_OOF_REPLY = 0x04, MC_OP_DEFER_ACTION = 0x05, MC_OP_BOUNCE = 0x06,
	MC_OP_FORWARD = 0x07, MC_OP_DELEGATE = 0x08, MC_OP_TAG = 0x09,
	MC_OP_DELETE = 0x0a, MC_OP_MARK_AS_READ = 0x0b
};

/* ActionFlavor bits of OP_FORWARD. */
#define MC_FWD_PRESERVE_SENDER 0x1
#define MC_FWD_DO_NOT_MUNGE    0x2
#define MC_FWD_AS_ATTACHMENT   0x4
#define MC_FWD_AS_SMS          0x8

#endif
