/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * classify.h: is a message system-generated, of which kind, on what
 * evidence, and whose settings produced it (issue 5, part 1).
 *
 * Pure: works on decoded fields the caller passes (what the analyzer reads
 * from the case, or a struct mc_message); no database, no I/O, no global
 * state but the constant tables. Thread-safe.
 *
 * KINDS (messages.system_kind): NULL for human mail, else one of
 * auto_reply, ndr, delay, delivery_receipt, read_receipt, nonread_receipt,
 * recall, meeting_response, system_notice, list_or_bulk.
 *
 * EVIDENCE, by rank (highest first):
 *   1 class    MAPI message class: IPM.Note.Rules.OofTemplate.Microsoft,
 *              IPM.Note.Rules.ReplyTemplate.Microsoft, REPORT.*.NDR, .DR,
 *              .IPNRN, .IPNNRN, *Delayed*, IPM.Outlook.Recall,
 *              IPM.Recall.Report.*, IPM.Schedule.Meeting.Resp.*,
 *              IPM.Note.StorageQuotaWarning*, other REPORT.* classes.
 *   2 header   Auto-Submitted (RFC 3834; "auto-replied (vacation)" of Sieve
 *              and Zimbra names the kind), X-Autoreply/X-Autorespond,
 *              X-Loop of Postfix Admin's vacation, qmail autorespond's
 *              Delivered-To: Autoresponder,
 *              Precedence, List-Id/List-Unsubscribe, X-Failed-Recipients,
 *              X-MS-Exchange-Message-Is-Ndr, Return-Path <>,
 *              X-Auto-Response-Suppress and other X-MS-Exchange-* markers,
 *              Content-Class calendarmessage / text/calendar method=REPLY.
 *   3 report   multipart/report structure and its RFC 3464 / RFC 8098
 *              fields (dsn.h): Action, Status, Disposition; ARF.
 *   4 sender   MAILER-DAEMON, postmaster, "Mail Delivery System",
 *              MicrosoftExchange<hex>@, "Microsoft Outlook"...
 *   5 subject  localized prefixes and boilerplate subjects (system-prefixes.h,
 *              not with no_prefix_table); autoresponder forms that are no
 *              table entry: Sieve's "Auto: <subject>", Notes' "<name> is
 *              out of the office." (both need corroboration)
 *   6 body     boilerplate sentences in the body (corroboration only)
 * Each piece of evidence is either specific (names a kind: class NDR, DSN
 * Action failed, "Undeliverable:") or generic (says "automatic" without
 * saying which kind: Auto-Submitted: auto-replied, which Exim also puts on
 * bounces, Return-Path <>, MAILER-DAEMON; it carries a default kind).
 * The kind is that of the highest-ranked specific evidence; with none, the
 * default of a generic one, taken from the most telling tier first (report
 * structure and system senders; then Auto-Submitted, Return-Path <>,
 * X-MS-Exchange hints; last list context: Precedence, List-*, noreply),
 * highest rank first within a tier. List context never outranks
 * auto-reply evidence: Precedence junk/bulk without List-* corroborates
 * auto-reply text (autoresponders write it). Return-Path <> on mail from a personal
 * address with no system sender, class or report defaults to auto_reply
 * (RFC 3834 responders use the null sender). Every piece used is listed in
 * `reason`, highest rank first, separated by "; ". Weak evidence
 * (X-Auto-Response-Suppress, X-MS-Exchange-Inbox-Rules-Loop, body
 * boilerplate, ambiguous subject words like "Read:" or "Accepted:") alone
 * does not make a message a system message. An ambiguous word or body
 * boilerplate counts when another piece corroborates it (anything but list
 * context and the X-MS hints, which people's mail carries too); meeting
 * words need calendar evidence (Content-Class calendarmessage, a
 * text/calendar part). Reason items: class=, header=, report=, sender=,
 * sender-name=, subject-prefix=, subject-phrase=, "?=" for an ambiguous
 * word, subject-after-chain= (not evidence), body=, hidden-item.
 *
 * CONFIDENCE: the deciding piece's rank (class 0.99, header/report 0.95,
 * sender 0.85, subject 0.8, weak 0.65; -0.1 when only generic), each
 * agreeing piece halving the remaining doubt (a quarter for weak ones),
 * each specific piece naming another kind -0.15; kept in 0.3..0.99. Human
 * mail: 0.9 without any evidence, 0.7 with evidence too weak to count.
 *
 * SUBJECT CHAINS. A system prefix counts only at the head of the subject
 * ("[EXT] " style tags allowed before it). "Automatic reply: RE: x" is an
 * auto-reply; "RE: Automatic reply: x" is a human answering one and
 * "FW: Undeliverable: x" a human forwarding an NDR: the prefix after a
 * RE:/FW: chain is not evidence (recorded as "subject-after-chain=..."), and
 * body boilerplate of such a message is ignored too, since it is quoted.
 * Other evidence still counts (a real NDR of a forwarded message is
 * "Undeliverable: FW: x").
 *
 * IDENTITY (system_identity), the mailbox whose settings produced it:
 *   auto_reply        the sender (From): the auto-replier. An OOF/reply
 *                     template stored in a PST (class ...OofTemplate...,
 *                     usually a hidden item without From): mailbox_owner.
 *   ndr, delay, delivery_receipt
 *                     the mailbox the report was generated for, the sender
 *                     of the original message = the report's To (the
 *                     custodian when it is among the recipients, else the
 *                     first To, else the first recipient, else
 *                     mailbox_owner). Its language reflects that sender's
 *                     server/session, not the failed recipient's.
 *   read_receipt, nonread_receipt
 *                     the reader = From; without From, the MDN
 *                     Final-Recipient.
 *   recall            From: the person recalling (or, for a recall report,
 *                     the mailbox where the recall was tried, which Outlook
 *                     puts in From).
 *   meeting_response  From: the attendee who answered.
 *   system_notice     the mailbox notified (quota, policy): as for ndr.
 *   list_or_bulk      From: the list or bulk sender.
 * Addresses are lower-cased. An Exchange legacy DN ("/o=.../cn=...") is
 * replaced by the SMTP address of the same person when one is known: the
 * same record's from_addr (for the sender), the recipient's addr, or the
 * `aliases` the caller gives (built from the case's recipients rows and
 * messages.from_exdn/from_addr pairs). Else the DN itself, lower-cased.
 *
 * LANGUAGE of the system part: `prefix`/`prefix_lang` give the localized
 * prefix or boilerplate that matched and its language (BCP 47 as
 * textid.h uses: "en", "de", "zh-Hans", "zh-Hant", "ja"...), set only when
 * the message is classified as a system message and the text is at the
 * head of the subject (or, failing that, body boilerplate).
 */
#ifndef MAILCASE_CLASSIFY_H
#define MAILCASE_CLASSIFY_H

#include <stddef.h>
#include "record.h"

enum mc_sys_kind {
	MC_SYS_NONE = 0,
	MC_SYS_AUTO_REPLY,
	MC_SYS_NDR,
	MC_SYS_DELAY,
	MC_SYS_DELIVERY_RECEIPT,
	MC_SYS_READ_RECEIPT,
	MC_SYS_NONREAD_RECEIPT,
	MC_SYS_RECALL,
	MC_SYS_MEETING_RESPONSE,
	MC_SYS_SYSTEM_NOTICE,
	MC_SYS_LIST_OR_BULK,
	MC_SYS_N_KINDS
};

/* "auto_reply", "ndr"...; NULL for MC_SYS_NONE or out of range. */
const char *mc_sys_kind_name(enum mc_sys_kind kind);

struct mc_dsn_report;  /* dsn.h */

struct mc_classify_recipient {
	const char *kind;   /* "to", "cc", "bcc" (NULL: "to") */
	const char *name;
	const char *addr;   /* SMTP address as written, may be NULL */
	const char *exdn;   /* Exchange legacy DN, may be NULL */
};

/* One person's Exchange legacy DN and SMTP address. */
struct mc_identity_alias {
	const char *exdn;
	const char *smtp;
};

/* What the analyzer reads from the case for one message. Every pointer
 * may be NULL (array pointers with a count of 0). Strings are UTF-8. */
struct mc_classify_input {
	const char *message_class;  /* messages.message_class */
	const char *subject;
	const char *from_name;
	const char *from_addr;
	const char *from_exdn;
	const char *content_type;   /* top-level type ("multipart/report");
	                             * the Content-Type header, when among
	                             * `headers`, gives its parameters */
	const char *body_text;      /* with report fields after the human part */
	const struct mc_header *headers;  /* record.h; name/value used */
	size_t n_headers;
	const struct mc_classify_recipient *recipients; /* to/cc/bcc, in order */
	size_t n_recipients;
	const char *const *attachment_types; /* attachments.mime_type */
	size_t n_attachments;
	const char *mailbox_owner;  /* custodian SMTP address (or DN), if known */
	const struct mc_identity_alias *aliases;
	size_t n_aliases;
	int origin_hidden;          /* PST associated (hidden) item */
	const struct mc_dsn_report *report; /* body_text already parsed by
	                             * mc_report_parse(), or NULL: parsed here */
	int no_prefix_table;        /* 1: decide without the localized table of
	                             * system-prefixes.h (no subject prefix, phrase
	                             * or body boilerplate from it, so no
	                             * prefix_lang); structure and headers only */
};

struct mc_classify_result {
	enum mc_sys_kind kind_id;
	const char *kind;        /* mc_sys_kind_name(kind_id): static or NULL */
	char reason[256];        /* "class=REPORT.IPM.Note.NDR; subject-prefix=无法投递 (zh-Hans)" */
	char identity[320];      /* lower-case SMTP address or DN; "" if unknown */
	char prefix_lang[16];    /* BCP 47 of the prefix/boilerplate, "" if none */
	char prefix[64];         /* the matched text as it appeared, "" if none */
	char prefix_where[8];    /* "subject" or "body", "" if none */
	double confidence;       /* 0..1, in `kind` (NULL included) */
};

/* Classifies one message. `out` need not be initialized. */
void mc_classify(const struct mc_classify_input *in,
                 struct mc_classify_result *out);

/* Convenience for ingestion and tests: builds the input from a parsed
 * record (recipients, headers, attachment types) and classifies it. */
void mc_classify_message(const struct mc_message *m, const char *mailbox_owner,
                         struct mc_classify_result *out);

#endif
