/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_classify.c: unit tests of analyzer/detect/classify.c and
 * analyzer/detect/system-prefixes.c: every kind, localized prefixes, subject
 * chains, false positives, attribution. All inputs are written here.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "classify.h"
#include "system-prefixes.h"

#define NBSP "\xc2\xa0"


static const char postfix_bounce[] =
	"This is the mail system at host mx.example.net.\n\n"
	"I'm sorry to have to inform you that your message could not\n"
	"be delivered to one or more recipients.\n\n"
	"Reporting-MTA: dns; mx.example.net\n\n"
	"Final-Recipient: rfc822; nobody@example.org\n"
	"Action: failed\nStatus: 5.1.1\n"
	"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n";

/* A test message: headers as "Name: value", recipients as "addr" or
 * "addr|exdn" (exdn alone: "|/o=..."). */
struct tmsg {
	const char *cls, *subject, *from_name, *from_addr, *from_exdn, *ct, *body;
	const char *hdrs[8];
	const char *to[4], *cc[4];
	const char *atts[4];
	const char *owner;
	int hidden;
	const struct mc_identity_alias *aliases;
	size_t n_aliases;
};

static void run_opts(const struct tmsg *t, int no_prefix_table,
                     struct mc_classify_result *r)
{
	struct mc_header h[8];
	struct mc_classify_recipient rc[8];
	size_t nh = 0, nr = 0, na = 0;
	char *own[40];
	size_t nown = 0;
	for (; nh < 8 && t->hdrs[nh]; nh++) {
		const char *c = strchr(t->hdrs[nh], ':');
		ck_assert_ptr_nonnull(c);
		h[nh].name = own[nown++] = g_strndup(t->hdrs[nh], (gsize)(c - t->hdrs[nh]));
		h[nh].value = own[nown++] = g_strstrip(g_strdup(c + 1));
		h[nh].raw = NULL;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass ? t->cc : t->to;
		for (int i = 0; i < 4 && list[i]; i++) {
			const char *bar = strchr(list[i], '|');
			rc[nr].kind = pass ? "cc" : "to";
			rc[nr].name = NULL;
			rc[nr].addr = own[nown++] = bar ? g_strndup(list[i], (gsize)(bar - list[i]))
			                                : g_strdup(list[i]);
			rc[nr].exdn = bar ? bar + 1 : NULL;
			nr++;
		}
	}
	while (na < 4 && t->atts[na])
		na++;
	struct mc_classify_input in = {
		.message_class = t->cls, .subject = t->subject, .from_name = t->from_name,
		.from_addr = t->from_addr, .from_exdn = t->from_exdn, .content_type = t->ct,
		.body_text = t->body, .headers = h, .n_headers = nh,
		.recipients = rc, .n_recipients = nr,
		.attachment_types = t->atts, .n_attachments = na,
		.mailbox_owner = t->owner, .origin_hidden = t->hidden,
		.aliases = t->aliases, .n_aliases = t->n_aliases,
		.no_prefix_table = no_prefix_table,
	};
	mc_classify(&in, r);
	for (size_t i = 0; i < nown; i++)
		g_free(own[i]);
	ck_assert(g_utf8_validate(r->reason, -1, NULL));
	ck_assert(g_utf8_validate(r->prefix, -1, NULL));
}

static void run(const struct tmsg *t, struct mc_classify_result *r)
{
	run_opts(t, 0, r);
}

static void check_kind(const struct mc_classify_result *r, const char *k, int line)
{
	if (!k)
		ck_assert_msg(r->kind == NULL, "line %d: kind %s (%s)", line, r->kind, r->reason);
	else
		ck_assert_msg(r->kind && strcmp(r->kind, k) == 0, "line %d: kind %s, want %s (%s)",
		              line, r->kind ? r->kind : "NULL", k, r->reason);
}
#define ck_kind(r, k) check_kind(&(r), (k), __LINE__)

#define ck_reason_has(r, s) ck_assert_msg(strstr((r).reason, (s)) != NULL, \
	"reason \"%s\" lacks \"%s\"", (r).reason, (s))

/* ---- auto replies ---- */

START_TEST(oof_exchange_chinese_smtp)
{
	/* The 2011 case: an Exchange OOF in Chinese for an English thread. */
	struct tmsg t = {
		.subject = "自动回复: Q1 budget review", .from_name = "Li Wei",
		.from_addr = "LiWei@Example.com", .ct = "text/plain",
		.body = "I am out of the office until Monday.",
		.hdrs = { "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
		          "X-MS-Exchange-Inbox-Rules-Loop: LiWei@Example.com" },
		.to = { "boss@example.com" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "auto_reply");
	ck_assert_int_eq(r.kind_id, MC_SYS_AUTO_REPLY);
	ck_assert_str_eq(r.identity, "liwei@example.com");
	ck_assert_str_eq(r.prefix, "自动回复:");
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");
	ck_assert_str_eq(r.prefix_where, "subject");
	ck_reason_has(r, "header=Auto-Submitted:auto-replied");
	ck_reason_has(r, "subject-prefix=自动回复 (zh-Hans)");
	ck_assert(strstr(r.reason, "header=") < strstr(r.reason, "subject-prefix="));
	ck_assert(r.confidence >= 0.9);
}
END_TEST

START_TEST(oof_pst_class_fullwidth_and_exdn)
{
	static const struct mc_identity_alias al[] = {
		{ "/O=CORP/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=WANGF",
		  "Wang.Fang@corp.example" },
	};
	struct tmsg t = {
		.cls = "IPM.Note.Rules.OofTemplate.Microsoft",
		.subject = "自動回覆：RE: shipment", .from_name = "Wang Fang",
		.from_exdn = "/o=corp/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=wangf",
		.aliases = al, .n_aliases = 1,
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.identity, "wang.fang@corp.example");
	ck_assert_str_eq(r.prefix, "自動回覆：");
	ck_assert_str_eq(r.prefix_lang, "zh-Hant");
	ck_reason_has(r, "class=IPM.Note.Rules.OofTemplate.Microsoft");
	ck_assert(r.confidence >= 0.95);

	/* no alias known: the DN itself, lower-cased */
	t.aliases = NULL;
	t.n_aliases = 0;
	run(&t, &r);
	ck_assert(g_str_has_prefix(r.identity, "/o=corp/ou=exchange administrative group"));
}
END_TEST

START_TEST(oof_template_hidden_and_other_hidden)
{
	struct tmsg t = {
		.cls = "IPM.Note.Rules.OofTemplate.Microsoft", .subject = "",
		.body = "我不在办公室。", .owner = "Owner@Example.COM", .hidden = 1,
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.identity, "owner@example.com");
	ck_assert_str_eq(r.prefix_lang, "");

	struct tmsg rule = { .cls = "IPM.Rule.Version2.Message", .hidden = 1,
	                     .owner = "owner@example.com",
	                     .hdrs = { "Auto-Submitted: auto-generated" } };
	run(&rule, &r);
	ck_kind(r, NULL);
	ck_reason_has(r, "hidden-item");
}
END_TEST

START_TEST(long_quoted_text_cut_between_characters)
{
	/* Evidence quotes message text into a fixed buffer: a class of
	 * three-byte characters must be cut between characters, at every
	 * alignment (the classify harness found the cut inside one). */
	for (int pad = 0; pad < 3; pad++) {
		GString *cls = g_string_new("IPM.");
		for (int i = 0; i < pad; i++)
			g_string_append_c(cls, 'x');
		for (int i = 0; i < 60; i++)
			g_string_append(cls, "规");
		struct tmsg t = { .cls = cls->str, .hidden = 1, .owner = "o@example.org" };
		struct mc_classify_result r;
		run(&t, &r);   /* asserts reason and prefix are UTF-8 */
		ck_reason_has(r, "hidden-item class=IPM.");
		ck_assert_uint_lt(strlen(r.reason), 112);
		g_string_free(cls, TRUE);
	}
}
END_TEST

START_TEST(vacation_headers_only)
{
	/* Unix vacation / Gmail: "Re: subject", only headers say so. */
	struct tmsg t = {
		.subject = "Re: dinner", .from_addr = "bob@example.net",
		.hdrs = { "X-Autoreply: yes", "Precedence: bulk" }, .to = { "ann@example.org" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.identity, "bob@example.net");
	ck_assert_str_eq(r.prefix, "");

	/* Precedence: bulk with an auto-reply prefix: the specific prefix wins */
	struct tmsg u = { .subject = "Out of Office AutoReply: dinner",
	                  .from_addr = "c@example.net", .hdrs = { "Precedence: bulk" } };
	run(&u, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix, "Out of Office AutoReply:");
	ck_assert_str_eq(r.prefix_lang, "en");
}
END_TEST

/* ---- auto-reply families (headers as each family writes them; sources
 * in docs/findings.md, "How the classifier decides") ---- */

START_TEST(autoreply_families_by_header)
{
	static const struct { const char *family, *subject, *hdrs[4], *reason; } cases[] = {
		{ "zimbra", "Out of office",
		  { "Auto-Submitted: auto-replied (zimbra; vacation)", "Precedence: bulk",
		    "X-Mailer: Zimbra 7.1.3_GA_3346" },
		  "header=Auto-Submitted:auto-replied(vacation)" },
		{ "sieve (pigeonhole)", "Auto: Quarterly figures",
		  { "Auto-Submitted: auto-replied (vacation)", "Precedence: bulk",
		    "X-Sieve: Pigeonhole Sieve 0.4" },
		  "header=Auto-Submitted:auto-replied(vacation)" },
		{ "gmail", "vacation: Quarterly figures",
		  { "Precedence: bulk", "X-Autoreply: yes", "Auto-Submitted: auto-replied" },
		  "header=X-Autoreply:yes" },
		{ "icloud", "Quarterly figures",
		  { "Auto-submitted: auto-replied; owner-email=\"kim@example.net\"" },
		  "header=Auto-Submitted:auto-replied" },
		{ "postfixadmin vacation", "Abwesend",
		  { "Precedence: junk", "X-Loop: Postfix Admin Virtual Vacation" },
		  "header=X-Loop:Postfix Admin Virtual Vacation" },
		{ "qmail autorespond", "Re: order 12",
		  { "Delivered-To: kim@example.net", "Delivered-To: Autoresponder" },
		  "header=Delivered-To:Autoresponder" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct tmsg t = { .subject = cases[i].subject, .from_addr = "Kim@Example.net",
		                  .to = { "ann@example.org" } };
		for (int h = 0; h < 4 && cases[i].hdrs[h]; h++)
			t.hdrs[h] = cases[i].hdrs[h];
		struct mc_classify_result r;
		run(&t, &r);
		ck_assert_msg(r.kind && strcmp(r.kind, "auto_reply") == 0, "%s: %s (%s)",
		              cases[i].family, r.kind, r.reason);
		ck_assert_msg(strstr(r.reason, cases[i].reason) != NULL, "%s: %s",
		              cases[i].family, r.reason);
		ck_assert_str_eq(r.identity, "kim@example.net");
		ck_assert_str_eq(r.prefix_lang, "");
		ck_assert_msg(r.confidence >= 0.85, "%s: %.2f", cases[i].family, r.confidence);
	}
	/* Exim's bounce carries a bare auto-replied: still the report decides */
	struct tmsg b = { .subject = "Mail delivery failed: returning message to sender",
	                  .from_addr = "Mailer-Daemon@mx.example.net",
	                  .hdrs = { "Auto-Submitted: auto-replied" }, .to = { "a@example.org" } };
	struct mc_classify_result r;
	run(&b, &r);
	ck_kind(r, "ndr");
	/* an X-Loop of another program, or a Delivered-To naming a mailbox */
	struct tmsg x = { .subject = "Minutes", .from_addr = "a@example.org",
	                  .hdrs = { "X-Loop: dev@lists.example.org",
	                            "Delivered-To: autoresponder-test@example.org" } };
	run(&x, &r);
	ck_kind(r, NULL);
}
END_TEST

START_TEST(autoreply_families_by_subject_form)
{
	struct mc_classify_result r;
	/* Sieve's default subject: "Auto: " + the original, here with only the
	 * Precedence the responder wrote (headers of an export that kept it) */
	struct tmsg s = { .subject = "Auto: Quarterly figures", .from_addr = "kim@example.net",
	                  .hdrs = { "Precedence: bulk" } };
	run(&s, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix, "Auto:");
	ck_assert_str_eq(r.prefix_where, "subject");
	ck_assert_str_eq(r.prefix_lang, "");
	ck_reason_has(r, "subject-prefix?=Auto (sieve vacation)");
	/* "Auto:" alone is a word people write (German: car) */
	struct tmsg car = { .subject = "Auto: Angebot für Ihren Golf",
	                    .from_addr = "verkauf@autohaus.example" };
	run(&car, &r);
	ck_kind(r, NULL);
	ck_assert_str_eq(r.prefix, "");
	/* a person answering a Sieve reply */
	struct tmsg re = { .subject = "Re: Auto: Quarterly figures", .from_addr = "ann@example.org",
	                   .hdrs = { "Precedence: bulk" } };
	run(&re, &r);
	ck_assert(r.kind == NULL || strcmp(r.kind, "auto_reply") != 0);

	/* Notes: "<name> is out of the office." with corroboration */
	struct tmsg n = { .subject = "Swamy Kandadai is out of the office.",
	                  .from_addr = "swamy@example.com", .to = { "ann@example.org" },
	                  .hdrs = { "Auto-Submitted: auto-generated" } };
	run(&n, &r);
	ck_kind(r, "auto_reply");
	ck_reason_has(r, "subject-phrase?=is out of the office (notes)");
	ck_assert_str_eq(r.identity, "swamy@example.com");
	struct tmsg h = { .subject = "Tom is out of the office", .from_addr = "ann@example.org" };
	run(&h, &r);
	ck_kind(r, NULL);
	struct tmsg hr = { .subject = "RE: behi is out of the office.", .from_addr = "ann@example.org",
	                   .hdrs = { "Auto-Submitted: auto-generated" } };
	run(&hr, &r);
	ck_assert(r.kind == NULL || strcmp(r.kind, "auto_reply") != 0);
}
END_TEST

START_TEST(precedence_ranks_below_auto_reply)
{
	struct mc_classify_result r;
	/* The case: a bracketed localized prefix and Precedence: junk */
	struct tmsg t = { .subject = "[Automatische Antwort] Bericht Q3",
	                  .from_addr = "max@example.de", .hdrs = { "Precedence: junk" } };
	run(&t, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix, "[Automatische Antwort]");
	ck_assert_str_eq(r.prefix_lang, "de");
	struct tmsg z = { .subject = "[自动回复：] 合同", .from_addr = "li@example.cn",
	                  .hdrs = { "Precedence: bulk" } };
	run(&z, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");
	/* auto-reply text corroborated by Precedence: auto-reply, not bulk */
	struct tmsg a = { .subject = "Auto: Bericht Q3", .from_addr = "max@example.de",
	                  .hdrs = { "Precedence: junk" } };
	run(&a, &r);
	ck_kind(r, "auto_reply");

	/* the other direction: list mail stays list mail */
	struct tmsg l = { .subject = "Re: [dm-devel] [PATCH] fix", .from_addr = "dev@example.org",
	                  .hdrs = { "Precedence: junk", "List-Id: device-mapper <dm-devel.example.org>" } };
	run(&l, &r);
	ck_kind(r, "list_or_bulk");
	struct tmsg la = { .subject = "Auto: neue Modelle im Herbst", .from_addr = "news@autohaus.example",
	                   .hdrs = { "Precedence: bulk", "List-Unsubscribe: <mailto:u@autohaus.example>" } };
	run(&la, &r);
	ck_kind(r, "list_or_bulk");
	struct tmsg lp = { .subject = "Auto: Sommerreifen", .from_addr = "news@autohaus.example",
	                   .hdrs = { "Precedence: list" } };
	run(&lp, &r);
	ck_kind(r, "list_or_bulk");
	struct tmsg b = { .subject = "Spring sale", .from_addr = "offers@shop.example",
	                  .hdrs = { "Precedence: bulk" } };
	run(&b, &r);
	ck_kind(r, "list_or_bulk");
	/* a bracket that only begins like a prefix is a tag */
	struct tmsg tag = { .subject = "[Automatic reply settings] how to", .from_addr = "it@example.org",
	                    .hdrs = { "Precedence: bulk", "List-Id: <it.example.org>" } };
	run(&tag, &r);
	ck_kind(r, "list_or_bulk");
	ck_assert_str_eq(r.prefix, "");
}
END_TEST

START_TEST(no_prefix_table)
{
	struct mc_classify_result r;
	/* headers decide; the table gives no prefix or language */
	struct tmsg t = {
		.subject = "自动回复: Q1 budget review", .from_addr = "LiWei@Example.com",
		.hdrs = { "Auto-Submitted: auto-replied" }, .to = { "boss@example.com" },
	};
	run(&t, &r);
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");
	run_opts(&t, 1, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix, "");
	ck_assert_str_eq(r.prefix_lang, "");
	ck_assert_str_eq(r.identity, "liwei@example.com");
	ck_assert(strstr(r.reason, "subject-prefix") == NULL);

	/* only the table said so: nothing without it */
	struct tmsg p = { .subject = "Automatische Antwort: Termin", .from_addr = "max@example.de" };
	run(&p, &r);
	ck_kind(r, "auto_reply");
	run_opts(&p, 1, &r);
	ck_kind(r, NULL);
	ck_assert_str_eq(r.prefix_lang, "");

	/* body boilerplate is the table too */
	struct tmsg rr = { .subject = "Read: budget", .from_addr = "reader@example.com",
	                   .body = "Your message\n\n  To: boss\n\nwas read on 3/14/2011." };
	run_opts(&rr, 1, &r);
	ck_kind(r, NULL);

	/* structure still decides: a DSN from a system sender */
	struct tmsg n = {
		.subject = "Undelivered Mail Returned to Sender", .from_name = "Mail Delivery System",
		.from_addr = "MAILER-DAEMON@mx.example.net", .ct = "multipart/report",
		.body = postfix_bounce, .to = { "alice@example.org" },
		.hdrs = { "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"" },
	};
	run_opts(&n, 1, &r);
	ck_kind(r, "ndr");
	ck_assert_str_eq(r.prefix_lang, "");
	ck_assert_str_eq(r.identity, "alice@example.org");

	/* chains are no table: a quoted report in a reply stays a quotation */
	struct tmsg c = { .subject = "RE: Automatic reply: dinner", .from_addr = "h@example.com",
	                  .body = "see below\n> Final-Recipient: rfc822; a@b.example\n"
	                          "Action: failed\nStatus: 5.1.1\n" };
	run_opts(&c, 1, &r);
	ck_kind(r, NULL);
	/* the autoresponder subject forms are structure, kept */
	struct tmsg s = { .subject = "Auto: Q1", .from_addr = "kim@example.net",
	                  .hdrs = { "Precedence: bulk" } };
	run_opts(&s, 1, &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.prefix_lang, "");
}
END_TEST

/* ---- localized prefixes ---- */

START_TEST(localized_auto_reply_prefixes)
{
	static const struct { const char *subject, *lang, *prefix; } cases[] = {
		{ "自动回复：合同", "zh-Hans", "自动回复：" },
		{ "自動回覆: 合約", "zh-Hant", "自動回覆:" },
		{ "自動応答： 会議", "ja", "自動応答：" },
		{ "자동 회신: 회의", "ko", "자동 회신:" },
		{ "Автоматический ответ: отчёт", "ru", "Автоматический ответ:" },
		{ "Автоматична відповідь: звіт", "uk", "Автоматична відповідь:" },
		{ "رد تلقائي: التقرير", "ar", "رد تلقائي:" },
		{ "תשובה אוטומטית: דוח", "he", "תשובה אוטומטית:" },
		{ "Otomatik yanıt: rapor", "tr", "Otomatik yanıt:" },
		{ "Αυτόματη απάντηση: αναφορά", "el", "Αυτόματη απάντηση:" },
		{ "Réponse automatique" NBSP ": rapport", "fr", "Réponse automatique" NBSP ":" },
		{ "AUTOMATISCHE ANTWORT: Bericht", "de", "AUTOMATISCHE ANTWORT:" },
		{ "Abwesenheitsnotiz: Bericht", "de", "Abwesenheitsnotiz:" },
		{ "Respuesta automática: informe", "es", "Respuesta automática:" },
		{ "Automatisk svar: rapport", "da", "Automatisk svar:" },
		{ "Odpowiedź automatyczna: raport", "pl", "Odpowiedź automatyczna:" },
		{ "[EXT] Automatic reply: report", "en", "Automatic reply:" },
		{ "Automatic reply:RE: FW: report", "en", "Automatic reply:" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct tmsg t = { .subject = cases[i].subject, .from_addr = "x@example.com" };
		struct mc_classify_result r;
		run(&t, &r);
		ck_assert_msg(r.kind && strcmp(r.kind, "auto_reply") == 0, "%s: %s (%s)",
		              cases[i].subject, r.kind, r.reason);
		ck_assert_str_eq(r.prefix_lang, cases[i].lang);
		ck_assert_str_eq(r.prefix, cases[i].prefix);
		ck_assert_str_eq(r.identity, "x@example.com");
	}
}
END_TEST

START_TEST(localized_other_prefixes)
{
	static const struct { const char *subject, *cls, *kind, *lang; } cases[] = {
		{ "无法投递: 报价", NULL, "ndr", "zh-Hans" },
		{ "未傳遞：報價", NULL, "ndr", "zh-Hant" },
		{ "配信不能: 見積", NULL, "ndr", "ja" },
		{ "배달 안 됨: 견적", NULL, "ndr", "ko" },
		{ "Недоставлено: смета", NULL, "ndr", "ru" },
		{ "Unzustellbar: Angebot", NULL, "ndr", "de" },
		{ "Non remis" NBSP ": devis", NULL, "ndr", "fr" },
		{ "Non recapitabile: preventivo", NULL, "ndr", "it" },
		{ "Zustellung verzögert: Angebot", NULL, "delay", "de" },
		{ "Remise différée : devis", NULL, "delay", "fr" },
		{ "已送达: 报价", NULL, "delivery_receipt", "zh-Hans" },
		{ "Übermittelt: Angebot", NULL, "delivery_receipt", "de" },
		{ "已读：报价", NULL, "read_receipt", "zh-Hans" },
		{ "Lu" NBSP ": devis", "REPORT.IPM.Note.IPNRN", "read_receipt", "fr" },
		{ "未读: 报价", NULL, "nonread_receipt", "zh-Hans" },
		{ "Ungelesen: Angebot", NULL, "nonread_receipt", "de" },
		{ "Не прочитано: смета", "REPORT.IPM.Note.IPNNRN", "nonread_receipt", "ru" },
		{ "撤回: 报价", NULL, "recall", "zh-Hans" },
		{ "Rückruf: Angebot", NULL, "recall", "de" },
		{ "Undeliverable: Automatic reply: x", NULL, "ndr", "en" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct tmsg t = { .subject = cases[i].subject, .cls = cases[i].cls,
		                  .from_addr = "y@example.com", .to = { "z@example.com" } };
		struct mc_classify_result r;
		run(&t, &r);
		ck_assert_msg(r.kind && strcmp(r.kind, cases[i].kind) == 0, "%s: %s (%s)",
		              cases[i].subject, r.kind, r.reason);
		ck_assert_str_eq(r.prefix_lang, cases[i].lang);
	}
}
END_TEST

START_TEST(prefix_table)
{
	ck_assert_uint_ge(mc_prefix_language_count(MC_PFX_PREFIX), 30);
	for (size_t i = 0; i < mc_n_system_prefixes; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		ck_assert(g_utf8_validate(e->text, -1, NULL));
		ck_assert(e->source && *e->source);
		/* the kinds of system-prefixes.c's SOURCES block */
		ck_assert_msg(g_str_has_prefix(e->source, "corpus: ") ||
		              g_str_has_prefix(e->source, "sisimai: ") ||
		              g_str_has_prefix(e->source, "package: ") ||
		              g_str_has_prefix(e->source, "doc: ") ||
		              g_str_has_prefix(e->source, "rfc: ") ||
		              g_str_has_prefix(e->source, "unverified: "),
		              "%s: source of no known kind: %s", e->text, e->source);
		ck_assert_msg(!strstr(e->source, "unverified") ||
		              g_str_has_prefix(e->source, "unverified: "),
		              "%s: a verified kind that says unverified: %s", e->text, e->source);
		ck_assert(e->langs && *e->langs);
		ck_assert(e->kind > MC_SYS_NONE && e->kind < MC_SYS_N_KINDS);
		ck_assert_msg(!strchr(e->text, ':') || e->where != MC_PFX_PREFIX,
		              "prefix with a colon: %s", e->text);
	}
	struct mc_prefix_match m;
	ck_assert_int_eq(mc_prefix_match_subject("RE: AW: 回复：Automatic reply: x", &m), 1);
	ck_assert_int_eq(m.n_chain, 3);
	ck_assert_str_eq(m.chain_text, "RE");
	ck_assert(m.chain & MC_CHAIN_REPLY);
	ck_assert_int_eq(mc_prefix_match_subject("Re[2]: Fwd: Undeliverable: x", &m), 1);
	ck_assert_int_eq(m.n_chain, 2);
	ck_assert(m.chain & MC_CHAIN_FORWARD);
	ck_assert_int_eq(mc_prefix_match_subject("Readme: notes", &m), 0);
	ck_assert_int_eq(mc_prefix_match_subject("[Automatic reply] x", &m), 1);
	ck_assert_uint_eq(m.start, 0);
	ck_assert_uint_eq(m.len, strlen("[Automatic reply]"));
	ck_assert_int_eq(mc_prefix_match_subject("[ Réponse automatique : ] x", &m), 1);
	ck_assert_int_eq(mc_prefix_match_subject("[Automatic reply from Bob] x", &m), 0);
	ck_assert_int_eq(mc_prefix_match_subject("[Undelivered mail] x", &m), 0);
	ck_assert_int_eq(mc_prefix_match_subject("[EXT] Automatic reply: x", &m), 1);
	ck_assert_int_eq(m.tagged, 1);
	ck_assert_int_eq(mc_prefix_match_subject(NULL, &m), 0);
	ck_assert_int_eq(mc_prefix_match_subject("Returned mailbox sizes", &m), 0);
	ck_assert_int_eq(mc_prefix_match_subject("Returned mail: see transcript", &m), 1);
	ck_assert_int_eq(mc_prefix_match_subject("\xff\xfe Automatic reply", &m), 0);
	ck_assert_ptr_null(mc_prefix_match_body(NULL, 100));
	ck_assert_ptr_nonnull(mc_prefix_match_body("Delivery has failed to these\r\n"
	                                           "recipients or groups:", 4096));
}
END_TEST

/* ---- chains and false positives ---- */

START_TEST(human_chains_not_system)
{
	static const char *const subjects[] = {
		"RE: Automatic reply: dinner",
		"Re: 自动回复：合同",
		"回复：自动回复：合同",
		"AW: Automatische Antwort: Bericht",
		"Fwd: Automatic reply: dinner",
		"FW: Undeliverable: offer",
		"TR : Non remis : devis",
		"Read: chapter 3 before Monday",
		"Rappel" NBSP ": réunion demain",
		"Accepted: your proposal",
		"Recall: what we said about Q3",
		"Delivery failure of the new boiler",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(subjects); i++) {
		struct tmsg t = {
			.subject = subjects[i], .from_addr = "human@example.com",
			.body = "FYI, see below.\n\n> Delivery has failed to these recipients or groups:\n"
			        "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n",
			.hdrs = { "X-MS-Exchange-Inbox-Rules-Loop: human@example.com" },
		};
		if (i >= 7)
			t.body = "Let us talk tomorrow.";
		struct mc_classify_result r;
		run(&t, &r);
		ck_assert_msg(r.kind == NULL, "%s: %s (%s)", subjects[i], r.kind, r.reason);
		ck_assert_str_eq(r.prefix, "");
		ck_assert_str_eq(r.identity, "");
	}
	/* the chain is still recorded */
	struct tmsg t = { .subject = "RE: Automatic reply: dinner", .from_addr = "h@example.com" };
	struct mc_classify_result r;
	run(&t, &r);
	ck_reason_has(r, "subject-after-chain=RE:+Automatic reply (en)");
	ck_assert(r.confidence > 0.5);
}
END_TEST

START_TEST(ambiguous_words_with_corroboration)
{
	struct tmsg t = {
		.subject = "Read: budget", .from_addr = "Reader@Example.com",
		.body = "Your message\n\n  To: boss\n  Subject: budget\n\nwas read on 3/14/2011.",
		.to = { "boss@example.com" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "read_receipt");
	ck_assert_str_eq(r.identity, "reader@example.com");
	ck_assert_str_eq(r.prefix, "Read:");
	ck_reason_has(r, "subject-prefix?=Read (en)");
	ck_reason_has(r, "body=was read on (en)");

	/* a newsletter titled "Read: ..." is not a receipt */
	struct tmsg n = { .subject = "Read: our spring catalogue", .from_addr = "news@shop.example",
	                  .hdrs = { "Precedence: bulk", "List-Unsubscribe: <mailto:u@shop.example>" } };
	run(&n, &r);
	ck_kind(r, "list_or_bulk");
	ck_assert_str_eq(r.identity, "news@shop.example");

	/* meeting responses need calendar evidence */
	struct tmsg m = { .subject = "Accepted: Weekly sync", .from_addr = "att@example.com",
	                  .hdrs = { "Content-Class: urn:content-classes:calendarmessage" },
	                  .atts = { "text/calendar" } };
	run(&m, &r);
	ck_kind(r, "meeting_response");
	ck_assert_str_eq(r.identity, "att@example.com");
	struct tmsg m2 = { .subject = "Weekly sync", .from_addr = "att@example.com",
	                   .hdrs = { "Content-Type: text/calendar; charset=utf-8; method=REPLY" } };
	run(&m2, &r);
	ck_kind(r, "meeting_response");
	struct tmsg m3 = { .cls = "IPM.Schedule.Meeting.Resp.Tent", .subject = "暂定: 周会",
	                   .from_addr = "att@example.cn" };
	run(&m3, &r);
	ck_kind(r, "meeting_response");
	struct tmsg m4 = { .cls = "IPM.Schedule.Meeting.Request", .subject = "Weekly sync",
	                   .from_addr = "org@example.com" };
	run(&m4, &r);
	ck_kind(r, NULL);
}
END_TEST

/* ---- reports ---- */


START_TEST(ndr_smtp_and_pst)
{
	struct tmsg t = {
		.subject = "Undelivered Mail Returned to Sender", .from_name = "Mail Delivery System",
		.from_addr = "MAILER-DAEMON@mx.example.net", .ct = "multipart/report",
		.body = postfix_bounce,
		.hdrs = { "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"",
		          "Auto-Submitted: auto-replied", "Return-Path: <>" },
		.to = { "Alice@Example.org" },
		.atts = { "message/delivery-status", "text/rfc822-headers" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "ndr");  /* Auto-Submitted: auto-replied is generic (Exim does it) */
	ck_assert_str_eq(r.identity, "alice@example.org");
	ck_reason_has(r, "report=dsn action=failed status=5.1.1");
	ck_reason_has(r, "sender=mailer-daemon");
	ck_reason_has(r, "subject-phrase=Undelivered Mail Returned to Sender (en)");
	ck_assert_str_eq(r.prefix_lang, "en");
	ck_assert(r.confidence >= 0.9);

	struct tmsg p = {
		.cls = "REPORT.IPM.Note.NDR", .subject = "无法投递: 报价",
		.from_name = "Microsoft Outlook",
		.from_addr = "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.com",
		.to = { "someone@example.com", "|/o=corp/cn=recipients/cn=custodian" },
		.owner = "custodian@example.com",
	};
	static const struct mc_identity_alias al[] = {
		{ "/O=CORP/CN=RECIPIENTS/CN=CUSTODIAN", "Custodian@Example.com" } };
	p.aliases = al;
	p.n_aliases = 1;
	run(&p, &r);
	ck_kind(r, "ndr");
	ck_assert(g_str_has_prefix(r.reason, "class=REPORT.IPM.Note.NDR; "));
	ck_reason_has(r, "subject-prefix=无法投递 (zh-Hans)");
	ck_assert_str_eq(r.identity, "custodian@example.com"); /* the owner, among recipients */
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");

	/* no recipients: the custodian */
	struct tmsg q = { .cls = "REPORT.IPM.Note.NDR", .subject = "Unzustellbar: x",
	                  .owner = "Me@Example.com" };
	run(&q, &r);
	ck_assert_str_eq(r.identity, "me@example.com");

	/* a class that disagrees with the subject: the class wins, less sure */
	struct tmsg c = { .cls = "REPORT.IPM.Note.NDR", .subject = "Delivered: x",
	                  .to = { "s@example.com" } };
	run(&c, &r);
	ck_kind(r, "ndr");
	ck_reason_has(r, "subject-prefix?=Delivered (en)");
	ck_assert(r.confidence < 0.99);

	/* Exim: X-Failed-Recipients, no report part */
	struct tmsg e = { .subject = "Mail delivery failed: returning message to sender",
	                  .from_addr = "Mailer-Daemon@mail.example.net",
	                  .hdrs = { "X-Failed-Recipients: gone@example.org",
	                            "Auto-Submitted: auto-replied" },
	                  .to = { "sender@example.com" } };
	run(&e, &r);
	ck_kind(r, "ndr");
	ck_reason_has(r, "header=X-Failed-Recipients");
	ck_assert_str_eq(r.identity, "sender@example.com");
}
END_TEST

START_TEST(delay_and_delivery_reports)
{
	struct tmsg t = {
		.subject = "Delivery delayed: Q3 plan", .from_addr = "postmaster@example.com",
		.ct = "multipart/report",
		.body = "Delivery is delayed to these recipients or groups:\n\nfar@example.org\n\n"
		        "Reporting-MTA: dns;ex1.example.com\n\n"
		        "Final-Recipient: rfc822;far@example.org\nAction: delayed\nStatus: 4.4.7\n",
		.to = { "planner@example.com" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "delay");
	ck_reason_has(r, "report=dsn action=delayed status=4.4.7");
	ck_assert_str_eq(r.identity, "planner@example.com");
	ck_assert_str_eq(r.prefix, "Delivery delayed:");

	struct tmsg d = {
		.subject = "Delivery Status Notification (Success)", .from_addr = "postmaster@example.com",
		.ct = "multipart/report",
		.body = "Final-Recipient: rfc822;ok@example.org\nAction: delivered\nStatus: 2.0.0\n",
		.to = { "asker@example.com" },
	};
	run(&d, &r);
	ck_kind(r, "delivery_receipt");
	ck_assert_str_eq(r.identity, "asker@example.com");

	struct tmsg p = { .cls = "REPORT.IPM.Note.DR", .subject = "Übermittelt: Angebot",
	                  .to = { "Verkauf@Example.de" } };
	run(&p, &r);
	ck_kind(r, "delivery_receipt");
	ck_assert_str_eq(r.identity, "verkauf@example.de");
	ck_assert_str_eq(r.prefix_lang, "de");
}
END_TEST

START_TEST(mdn_receipts)
{
	struct tmsg t = {
		.subject = "已读: 预算", .from_name = "李伟", .from_addr = "LiWei@example.cn",
		.ct = "multipart/report",
		.hdrs = { "Content-Type: multipart/report; report-type=disposition-notification; boundary=x" },
		.body = "您的邮件\n\n 收件人: 王芳\n 主题: 预算\n\n已于 2011-3-14 8:40 阅读。\n\n"
		        "Reporting-UA: PC01; Microsoft Office Outlook 12.0\n"
		        "Final-Recipient: rfc822;liwei@example.cn\n"
		        "Original-Message-ID: <1@example.com>\n"
		        "Disposition: manual-action/MDN-sent-manually; displayed\n",
		.to = { "wangfang@example.com" },
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "read_receipt");
	ck_assert_str_eq(r.identity, "liwei@example.cn");
	ck_reason_has(r, "report=mdn disposition=displayed");
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");

	/* deleted unread; no From: the MDN's Final-Recipient names the reader */
	struct tmsg n = {
		.subject = "Not read: budget", .ct = "multipart/report",
		.body = "Reporting-UA: x\nFinal-Recipient: rfc822; <Reader@Example.com>\n"
		        "Disposition: manual-action/MDN-sent-manually; deleted\n",
	};
	run(&n, &r);
	ck_kind(r, "nonread_receipt");
	ck_assert_str_eq(r.identity, "reader@example.com");
}
END_TEST

/* ---- recall, notices, bulk, arf ---- */

START_TEST(recall_notice_bulk)
{
	struct tmsg t = { .cls = "IPM.Outlook.Recall", .subject = "撤回: 合同",
	                  .from_addr = "Sender@Example.cn", .to = { "r@example.cn" } };
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "recall");
	ck_assert_str_eq(r.identity, "sender@example.cn");
	ck_assert_str_eq(r.prefix_lang, "zh-Hans");

	struct tmsg q = { .cls = "IPM.Note.StorageQuotaWarning.Warning",
	                  .subject = "Your mailbox is almost full.",
	                  .from_name = "Microsoft Exchange", .to = { "full@example.com" } };
	run(&q, &r);
	ck_kind(r, "system_notice");
	ck_assert_str_eq(r.identity, "full@example.com");

	struct tmsg s = { .subject = "Your mailbox is almost full",
	                  .from_name = "System Administrator", .owner = "me@example.com" };
	run(&s, &r);
	ck_kind(r, "system_notice");
	ck_assert_str_eq(r.identity, "me@example.com");

	struct tmsg l = { .subject = "[dev] weekly digest", .from_addr = "dev-bounces@lists.example.org",
	                  .hdrs = { "List-Id: <dev.lists.example.org>", "Precedence: list" } };
	run(&l, &r);
	ck_kind(r, "list_or_bulk");
	ck_assert_str_eq(r.identity, "dev-bounces@lists.example.org");

	struct tmsg a = { .subject = "complaint about message from 192.0.2.1",
	                  .ct = "multipart/report", .from_addr = "scomp@aol.example",
	                  .hdrs = { "Content-Type: multipart/report; report-type=feedback-report" },
	                  .to = { "abuse@example.com" } };
	run(&a, &r);
	ck_kind(r, "system_notice");
	ck_reason_has(r, "report=feedback-report");
}
END_TEST

START_TEST(human_mail)
{
	struct tmsg t = { .subject = "Lunch?", .from_addr = "friend@example.com",
	                  .body = "Are you free at noon?", .to = { "me@example.com" },
	                  .hdrs = { "Auto-Submitted: no" } };
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, NULL);
	ck_assert_int_eq(r.kind_id, MC_SYS_NONE);
	ck_assert_str_eq(r.reason, "");
	ck_assert(r.confidence >= 0.85);

	/* weak hints alone do not make a system message */
	struct tmsg w = { .subject = "Minutes", .from_addr = "a@example.com",
	                  .hdrs = { "X-Auto-Response-Suppress: All",
	                            "X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent" } };
	run(&w, &r);
	ck_kind(r, NULL);
	ck_reason_has(r, "X-Auto-Response-Suppress");

	/* empty input */
	struct mc_classify_input in;
	memset(&in, 0, sizeof in);
	mc_classify(&in, &r);
	ck_kind(r, NULL);
	ck_assert_str_eq(r.identity, "");
	ck_assert_ptr_null(mc_sys_kind_name(MC_SYS_NONE));
	ck_assert_str_eq(mc_sys_kind_name(MC_SYS_LIST_OR_BULK), "list_or_bulk");
	ck_assert_ptr_null(mc_sys_kind_name(MC_SYS_N_KINDS));
}
END_TEST

START_TEST(reason_is_bounded)
{
	GString *subj = g_string_new("Automatic reply: ");
	for (int i = 0; i < 200; i++)
		g_string_append(subj, "长");
	struct tmsg t = {
		.cls = "REPORT.IPM.Note.NDR.With.A.Very.Long.Class.Name.That.Goes.On.And.On.And.On",
		.subject = subj->str, .from_addr = "mailer-daemon@x.example",
		.hdrs = { "Auto-Submitted: auto-generated", "Return-Path: <>", "Precedence: junk",
		          "X-Auto-Response-Suppress: All", "X-Failed-Recipients: a@b",
		          "X-MS-Exchange-Message-Is-Ndr:", "List-Id: <l.example>" },
		.ct = "multipart/report", .body = postfix_bounce,
	};
	struct mc_classify_result r;
	run(&t, &r);
	ck_kind(r, "ndr");
	ck_assert_uint_lt(strlen(r.reason), sizeof r.reason);
	ck_assert_uint_lt(strlen(r.prefix), sizeof r.prefix);
	g_string_free(subj, TRUE);
}
END_TEST

START_TEST(classify_message_record)
{
	struct mc_message *m = mc_message_new();
	m->subject = g_strdup("Automatische Antwort: Termin");
	m->from_addr = g_strdup("Max@Example.de");
	m->origin = MC_ORIGIN_FOLDER;
	mc_message_add_header(m, "Auto-Submitted", "auto-replied", NULL);
	mc_message_add_recipient(m, "to", "Anna", "anna@example.de");
	struct mc_classify_result r;
	mc_classify_message(m, "anna@example.de", &r);
	ck_kind(r, "auto_reply");
	ck_assert_str_eq(r.identity, "max@example.de");
	ck_assert_str_eq(r.prefix_lang, "de");
	mc_message_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, oof_exchange_chinese_smtp);
	tcase_add_test(tc, oof_pst_class_fullwidth_and_exdn);
	tcase_add_test(tc, oof_template_hidden_and_other_hidden);
	tcase_add_test(tc, long_quoted_text_cut_between_characters);
	tcase_add_test(tc, vacation_headers_only);
	tcase_add_test(tc, autoreply_families_by_header);
	tcase_add_test(tc, autoreply_families_by_subject_form);
	tcase_add_test(tc, precedence_ranks_below_auto_reply);
	tcase_add_test(tc, no_prefix_table);
	tcase_add_test(tc, localized_auto_reply_prefixes);
	tcase_add_test(tc, localized_other_prefixes);
	tcase_add_test(tc, prefix_table);
	tcase_add_test(tc, human_chains_not_system);
	tcase_add_test(tc, ambiguous_words_with_corroboration);
	tcase_add_test(tc, ndr_smtp_and_pst);
	tcase_add_test(tc, delay_and_delivery_reports);
	tcase_add_test(tc, mdn_receipts);
	tcase_add_test(tc, recall_notice_bulk);
	tcase_add_test(tc, human_mail);
	tcase_add_test(tc, reason_is_bounded);
	tcase_add_test(tc, classify_message_record);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
