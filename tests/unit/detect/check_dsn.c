/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * check_dsn.c: unit tests of analyzer/detect/dsn.c (RFC 3464 / RFC 8098 report
 * fields out of text). Every report is written here; none is copied.
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "dsn.h"

static enum mc_report_type parse(const char *s, struct mc_dsn_report *r)
{
	return mc_report_parse(s, strlen(s), r);
}

/* A body_text as ingested: human part, blank line, report fields. */
static const char postfix_body[] =
	"This is the mail system at host mx.example.net.\n"
	"\n"
	"I'm sorry to have to inform you that your message could not\n"
	"be delivered to one or more recipients.\n"
	"\n"
	"<nobody@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n"
	"\n"
	"Reporting-MTA: dns; mx.example.net\n"
	"X-Postfix-Queue-ID: 4F2A81C0\n"
	"Arrival-Date: Mon, 14 Mar 2011 08:40:12 +0800 (CST)\n"
	"\n"
	"Final-Recipient: rfc822; nobody@example.org\n"
	"Original-Recipient: rfc822;Nobody@Example.org\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"Remote-MTA: dns; mx.example.org\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address\n"
	"    rejected: User unknown in local recipient table\n"
	"\n"
	"Final-Recipient: rfc822; later@example.org\n"
	"Action: delayed\n"
	"Status: 4.4.1\n"
	"Will-Retry-Until: Thu, 17 Mar 2011 08:40:12 +0800\n";

START_TEST(dsn_postfix_body)
{
	struct mc_dsn_report r;
	ck_assert_int_eq(parse(postfix_body, &r), MC_REPORT_DSN);
	ck_assert_int_eq(r.n_recipients, 2);
	ck_assert_str_eq(mc_report_get(&r, 0, "Reporting-MTA"), "dns; mx.example.net");
	ck_assert_str_eq(mc_report_get(&r, 0, "x-postfix-queue-id"), "4F2A81C0");
	ck_assert_str_eq(mc_report_get(&r, 1, "Action"), "failed");
	ck_assert_str_eq(mc_report_get(&r, 1, "Status"), "5.1.1");
	ck_assert_str_eq(mc_report_get(&r, 1, "Diagnostic-Code"),
	                 "smtp; 550 5.1.1 <nobody@example.org>: Recipient address "
	                 "rejected: User unknown in local recipient table");
	ck_assert_str_eq(mc_report_get(&r, 2, "Action"), "delayed");
	ck_assert_ptr_null(mc_report_get(&r, 2, "Diagnostic-Code"));
	ck_assert_str_eq(mc_report_get(&r, -1, "Will-Retry-Until"),
	                 "Thu, 17 Mar 2011 08:40:12 +0800");
	/* the report starts at the Reporting-MTA line */
	ck_assert(strncmp(postfix_body + r.offset, "Reporting-MTA:", 14) == 0);
	/* the human part's "<x>: host said" line is not a field */
	for (size_t i = 0; i < r.n_fields; i++)
		ck_assert(r.fields[i].name[0] != '<');
	char v[64];
	mc_report_value_after_type(mc_report_get(&r, 1, "Original-Recipient"), v, sizeof v);
	ck_assert_str_eq(v, "Nobody@Example.org");
	mc_report_clear(&r);
	ck_assert_int_eq(r.n_fields, 0);
	ck_assert_ptr_null(r.fields);
}
END_TEST

START_TEST(dsn_crlf_and_cr_only)
{
	const char *crlf =
		"Reporting-MTA: dns;exch.example.com\r\n\r\n"
		"Final-Recipient: RFC822; a@example.com\r\n"
		"Action: Failed\r\nStatus: 5.2.2\r\n"
		"Diagnostic-Code: smtp;552 5.2.2 mailbox full\r\n"
		"\tquota exceeded\r\n";
	struct mc_dsn_report r;
	ck_assert_int_eq(parse(crlf, &r), MC_REPORT_DSN);
	ck_assert_str_eq(mc_report_get(&r, 1, "action"), "Failed");
	ck_assert_str_eq(mc_report_get(&r, 1, "Diagnostic-Code"),
	                 "smtp;552 5.2.2 mailbox full quota exceeded");
	mc_report_clear(&r);

	const char *cr = "Reporting-MTA: dns; a.example\r\rFinal-Recipient: rfc822; b@c.example\r"
	                 "Action: delivered\rStatus: 2.0.0\r";
	ck_assert_int_eq(parse(cr, &r), MC_REPORT_DSN);
	ck_assert_int_eq(r.n_recipients, 1);
	ck_assert_str_eq(mc_report_get(&r, 1, "Status"), "2.0.0");
	mc_report_clear(&r);
}
END_TEST

START_TEST(dsn_no_blank_between_recipients)
{
	const char *s =
		"Reporting-MTA: dns; gw.example\n"
		"Final-Recipient: rfc822; one@example\n"
		"Action: failed\n"
		"Status: 5.0.0\n"
		"Final-Recipient: rfc822; two@example\n"
		"Action: failed\n"
		"Status: 5.1.2\n";
	struct mc_dsn_report r;
	ck_assert_int_eq(parse(s, &r), MC_REPORT_DSN);
	ck_assert_int_eq(r.n_recipients, 2);
	ck_assert_str_eq(mc_report_get(&r, 0, "Reporting-MTA"), "dns; gw.example");
	ck_assert_str_eq(mc_report_get(&r, 2, "Status"), "5.1.2");
	mc_report_clear(&r);
}
END_TEST

START_TEST(mdn_fields)
{
	const char *s =
		"Your message\n\n  To: Li Wei\n  Subject: budget\n\nwas read on 14/03/2011 08:40.\n"
		"\n"
		"Reporting-UA: PC-LIWEI; Microsoft Office Outlook 12.0\n"
		"Final-Recipient: rfc822;liwei@example.cn\n"
		"Original-Message-ID: <abc@example.com>\n"
		"Disposition: manual-action/MDN-sent-manually; displayed\n";
	struct mc_dsn_report r;
	ck_assert_int_eq(parse(s, &r), MC_REPORT_MDN);
	ck_assert_int_eq(r.n_recipients, 0);
	for (size_t i = 0; i < r.n_fields; i++)
		ck_assert_int_eq(r.fields[i].recipient, 0);
	char v[64];
	mc_report_value_after_type(mc_report_get(&r, 0, "Disposition"), v, sizeof v);
	ck_assert_str_eq(v, "displayed");
	mc_report_value_after_type(mc_report_get(&r, 0, "Final-Recipient"), v, sizeof v);
	ck_assert_str_eq(v, "liwei@example.cn");
	mc_report_value_after_type(mc_report_get(&r, 0, "Original-Message-ID"), v, sizeof v);
	ck_assert_str_eq(v, "abc@example.com");
	mc_report_clear(&r);
}
END_TEST

START_TEST(not_reports)
{
	struct mc_dsn_report r;
	/* ordinary mail, and header-looking text that has no report field */
	ck_assert_int_eq(parse("Hello,\n\nStatus: all fine.\nAction: none needed\n"
	                       "see you\nbye\nthanks\n", &r), MC_REPORT_NONE);
	ck_assert_int_eq(r.n_fields, 0);
	mc_report_clear(&r);
	ck_assert_int_eq(parse("Received: from a by b\nFrom: x@y\nStatus: RO\n", &r),
	                 MC_REPORT_NONE);
	mc_report_clear(&r);
	ck_assert_int_eq(mc_report_parse(NULL, 0, &r), MC_REPORT_NONE);
	mc_report_clear(&r);
	ck_assert_int_eq(parse("", &r), MC_REPORT_NONE);
	mc_report_clear(&r);
	/* the returned headers after the report are not report fields */
	ck_assert_int_eq(parse("Final-Recipient: rfc822; a@b\nAction: failed\n\n"
	                       "Received: by x\nSubject: hi\nStatus: RO\n", &r), MC_REPORT_DSN);
	ck_assert_ptr_null(mc_report_get(&r, -1, "Subject"));
	ck_assert_int_eq(r.n_recipients, 1);
	mc_report_clear(&r);
}
END_TEST

START_TEST(garbage_and_limits)
{
	/* binary junk, NULs, an unterminated fold, an over-long value */
	char buf[3000];
	memset(buf, 'x', sizeof buf);
	static const char head[] = "Final-Recipient: rfc822; a@b\n Action: failed\n\x01\x02:\n";
	memcpy(buf, head, sizeof head - 1);
	buf[60] = '\0';
	buf[61] = '\n';
	struct mc_dsn_report r;
	mc_report_parse(buf, sizeof buf, &r);
	mc_report_clear(&r);

	GString *g = g_string_new("Final-Recipient: rfc822; a@b\nAction: failed\nDiagnostic-Code: ");
	for (int i = 0; i < 100000; i++)
		g_string_append_c(g, 'y');
	g_string_append(g, "\n");
	ck_assert_int_eq(mc_report_parse(g->str, g->len, &r), MC_REPORT_DSN);
	ck_assert_uint_le(strlen(mc_report_get(&r, 1, "Diagnostic-Code")), 64 * 1024);
	mc_report_clear(&r);
	g_string_free(g, TRUE);

	/* lots of recipients: bounded */
	g = g_string_new("Reporting-MTA: dns; x\n\n");
	for (int i = 0; i < 3000; i++)
		g_string_append_printf(g, "Final-Recipient: rfc822; u%d@x\nAction: failed\n\n", i);
	ck_assert_int_eq(mc_report_parse(g->str, g->len, &r), MC_REPORT_DSN);
	ck_assert_uint_le(r.n_fields, 4096);
	mc_report_clear(&r);
	g_string_free(g, TRUE);

	char v[8];
	mc_report_value_after_type("rfc822; <averyveryverylong@x>", v, sizeof v);
	ck_assert_str_eq(v, "averyve");
	mc_report_value_after_type(NULL, v, sizeof v);
	ck_assert_str_eq(v, "");
	mc_report_value_after_type("no-type", v, sizeof v);
	ck_assert_str_eq(v, "no-type");
	/* cut between UTF-8 characters (the classify harness found a cut
	 * U+FFFD in a Disposition quoted into the reason) */
	mc_report_value_after_type("manual; ab\xef\xbf\xbd\xef\xbf\xbd", v, sizeof v);
	ck_assert_str_eq(v, "ab\xef\xbf\xbd");
	mc_report_value_after_type("x; \xe8\xa7\x84\xe8\xa7\x84\xe8\xa7\x84", v, sizeof v);
	ck_assert_str_eq(v, "\xe8\xa7\x84\xe8\xa7\x84");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dsn");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, dsn_postfix_body);
	tcase_add_test(tc, dsn_crlf_and_cr_only);
	tcase_add_test(tc, dsn_no_blank_between_recipients);
	tcase_add_test(tc, mdn_fields);
	tcase_add_test(tc, not_reports);
	tcase_add_test(tc, garbage_and_limits);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
