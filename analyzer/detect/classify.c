/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * classify.c: owns the system-message classifier (classify.h): collects
 * evidence from the MAPI class, headers, report structure, sender, subject
 * and body, decides the kind, and attributes the message to an identity.
 */

#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <glib.h>

#include "classify.h"
#include "dsn.h"
#include "system-prefixes.h"

static const char *const kind_names[MC_SYS_N_KINDS] = {
	NULL, "auto_reply", "ndr", "delay", "delivery_receipt", "read_receipt",
	"nonread_receipt", "recall", "meeting_response", "system_notice",
	"list_or_bulk",
};

const char *mc_sys_kind_name(enum mc_sys_kind kind)
{
	if ((int)kind <= 0 || kind >= MC_SYS_N_KINDS)
		return NULL;
	return kind_names[kind];
}

enum rank { R_CLASS = 1, R_HEADER, R_REPORT, R_SENDER, R_SUBJECT, R_BODY };
enum strength {
	S_INFO = 0,     /* recorded, not evidence */
	S_WEAK = 1,     /* counts only with something else */
	S_CONTENT = 2,  /* weak, from the text (ambiguous word, body) */
	S_SUFFICIENT = 3
};

struct evidence {
	int rank;
	int strength;
	int corroborates;          /* may confirm weak content evidence */
	int tier;                  /* generic: 0 telling default, 1 vague, 2 list context */
	int auto_hint;             /* list context autoresponders write too
	                            * (Precedence junk/bulk without List-*):
	                            * corroborates auto-reply text */
	enum mc_sys_kind kind;     /* specific kind, or MC_SYS_NONE if generic */
	enum mc_sys_kind fallback; /* generic: the default kind */
	char text[112];
};

#define MAX_EVIDENCE 24

struct state {
	const struct mc_classify_input *in;
	struct evidence ev[MAX_EVIDENCE];
	int n;
	int calendar;              /* Content-Class calendarmessage, text/calendar */
	const struct mc_dsn_report *report;
	struct evidence *null_sender;  /* the Return-Path <> evidence, if any */
	size_t form_prefix;        /* bytes of a "Auto:" subject head, 0 if none */
};

/* Copies src into dst[size], cut at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	while (len && ((unsigned char)src[len] & 0xC0) == 0x80)
		len--;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static struct evidence *add(struct state *st, int rank, int strength,
                            enum mc_sys_kind kind, enum mc_sys_kind fallback,
                            const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static struct evidence *add(struct state *st, int rank, int strength,
                            enum mc_sys_kind kind, enum mc_sys_kind fallback,
                            const char *fmt, ...)
{
	if (st->n >= MAX_EVIDENCE)
		return NULL;
	struct evidence *e = &st->ev[st->n++];
	e->rank = rank;
	e->strength = strength;
	e->corroborates = 1;
	e->tier = rank == R_HEADER ? 1 : 0;
	e->kind = kind;
	e->fallback = fallback;
	/* the evidence quotes message text: cut it between characters */
	va_list ap;
	va_start(ap, fmt);
	char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	copy_utf8(e->text, sizeof e->text, text, strlen(text));
	g_free(text);
	return e;
}


static int has_prefix_ci(const char *s, const char *prefix)
{
	return s && g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int contains_ci(const char *s, const char *needle)
{
	if (!s)
		return 0;
	char *a = g_ascii_strdown(s, -1), *b = g_ascii_strdown(needle, -1);
	int r = strstr(a, b) != NULL;
	g_free(a);
	g_free(b);
	return r;
}

static const char *header(const struct mc_classify_input *in, const char *name)
{
	for (size_t i = 0; i < in->n_headers; i++)
		if (in->headers[i].name &&
		    g_ascii_strcasecmp(in->headers[i].name, name) == 0)
			return in->headers[i].value ? in->headers[i].value : "";
	return NULL;
}

/* Whether any header `name` has a value equal to `value` (whole, trimmed,
 * ignoring case) or, with whole 0, containing it. */
static int header_any(const struct mc_classify_input *in, const char *name,
                      const char *value, int whole)
{
	for (size_t i = 0; i < in->n_headers; i++) {
		const struct mc_header *h = &in->headers[i];
		if (!h->name || !h->value || g_ascii_strcasecmp(h->name, name) != 0)
			continue;
		if (!whole && contains_ci(h->value, value))
			return 1;
		if (whole) {
			char *t = g_strstrip(g_strdup(h->value));
			int same = g_ascii_strcasecmp(t, value) == 0;
			g_free(t);
			if (same)
				return 1;
		}
	}
	return 0;
}

/* First token of a header value, lower case, into out. */
static void first_token(const char *v, char *out, size_t size)
{
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = 0;
	while (v[n] && v[n] != ';' && v[n] != ' ' && v[n] != '\t' && v[n] != ',')
		n++;
	copy_utf8(out, size, v, n);
	for (char *p = out; *p; p++)
		*p = g_ascii_tolower(*p);
}

/* ---- 1: MAPI class ---- */

static void from_class(struct state *st)
{
	const char *c = st->in->message_class;
	if (!c || !*c)
		return;
	enum mc_sys_kind k = MC_SYS_NONE;
	if (has_prefix_ci(c, "IPM.Note.Rules.OofTemplate.") ||
	    has_prefix_ci(c, "IPM.Note.Rules.ExternalOofTemplate.") ||
	    has_prefix_ci(c, "IPM.Note.Rules.ReplyTemplate."))
		k = MC_SYS_AUTO_REPLY;
	else if (has_prefix_ci(c, "REPORT.")) {
		if (contains_ci(c, "delayed"))
			k = MC_SYS_DELAY;
		else if (g_str_has_suffix(c, ".NDR") || contains_ci(c, ".ndr"))
			k = MC_SYS_NDR;
		else if (contains_ci(c, ".ipnnrn"))
			k = MC_SYS_NONREAD_RECEIPT;
		else if (contains_ci(c, ".ipnrn"))
			k = MC_SYS_READ_RECEIPT;
		else if (contains_ci(c, ".dr"))
			k = MC_SYS_DELIVERY_RECEIPT;
		else
			k = MC_SYS_SYSTEM_NOTICE;
	} else if (has_prefix_ci(c, "IPM.Outlook.Recall") ||
	           has_prefix_ci(c, "IPM.Recall.Report"))
		k = MC_SYS_RECALL;
	else if (has_prefix_ci(c, "IPM.Schedule.Meeting.Resp"))
		k = MC_SYS_MEETING_RESPONSE;
	else if (has_prefix_ci(c, "IPM.Note.StorageQuotaWarning"))
		k = MC_SYS_SYSTEM_NOTICE;
	if (k != MC_SYS_NONE)
		add(st, R_CLASS, S_SUFFICIENT, k, k, "class=%s", c);
}

/* ---- 2: headers ---- */

static void from_headers(struct state *st)
{
	const struct mc_classify_input *in = st->in;
	char tok[48];
	const char *v;

	if ((v = header(in, "Auto-Submitted"))) {
		first_token(v, tok, sizeof tok);
		/* "auto-replied (vacation)": Sieve vacation (Dovecot Pigeonhole,
		 * Cyrus), "auto-replied (zimbra; vacation)": Zimbra's out-of-office
		 * (docs/findings.md, auto-reply families). A vacation responder
		 * names the kind; a bare auto-replied does not (Exim writes it on
		 * bounces). */
		if (strcmp(tok, "auto-replied") == 0 && contains_ci(v, "vacation"))
			add(st, R_HEADER, S_SUFFICIENT, MC_SYS_AUTO_REPLY, MC_SYS_AUTO_REPLY,
			    "header=Auto-Submitted:auto-replied(vacation)");
		else if (*tok && strcmp(tok, "no") != 0)
			add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NONE,
			    strcmp(tok, "auto-replied") == 0 ? MC_SYS_AUTO_REPLY
			                                     : MC_SYS_SYSTEM_NOTICE,
			    "header=Auto-Submitted:%s", tok);
	}
	/* Autoresponders' own marks (docs/findings.md, auto-reply families):
	 * Postfix Admin's Virtual Vacation writes "X-Loop: Postfix Admin
	 * Virtual Vacation"; qmail's autorespond puts "Delivered-To:
	 * Autoresponder" in the reply itself. */
	if (header_any(in, "X-Loop", "Postfix Admin Virtual Vacation", 0))
		add(st, R_HEADER, S_SUFFICIENT, MC_SYS_AUTO_REPLY, MC_SYS_AUTO_REPLY,
		    "header=X-Loop:Postfix Admin Virtual Vacation");
	if (header_any(in, "Delivered-To", "Autoresponder", 1))
		add(st, R_HEADER, S_SUFFICIENT, MC_SYS_AUTO_REPLY, MC_SYS_AUTO_REPLY,
		    "header=Delivered-To:Autoresponder");
	static const char *const autoreply_headers[] = {
		"X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Autoresponder",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(autoreply_headers); i++) {
		if (!(v = header(in, autoreply_headers[i])))
			continue;
		first_token(v, tok, sizeof tok);
		if (strcmp(tok, "no") != 0 && strcmp(tok, "false") != 0 &&
		    strcmp(tok, "0") != 0) {
			add(st, R_HEADER, S_SUFFICIENT, MC_SYS_AUTO_REPLY,
			    MC_SYS_AUTO_REPLY, "header=%s:%s", autoreply_headers[i], tok);
			break;
		}
	}
	if (header(in, "X-MS-Exchange-Message-Is-Ndr"))
		add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NDR, MC_SYS_NDR,
		    "header=X-MS-Exchange-Message-Is-Ndr");
	if (header(in, "X-Failed-Recipients"))
		add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NDR, MC_SYS_NDR,
		    "header=X-Failed-Recipients");
	if ((v = header(in, "Return-Path"))) {
		char *t = g_strstrip(g_strdup(v));
		if (strcmp(t, "<>") == 0 || !*t)
			st->null_sender = add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NONE,
			                      MC_SYS_SYSTEM_NOTICE, "header=Return-Path:<>");
		g_free(t);
	}
	static const char *const list_headers[] = { "List-Id", "List-Unsubscribe", "List-Post" };
	const char *list_header = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(list_headers) && !list_header; i++)
		if (header(in, list_headers[i]))
			list_header = list_headers[i];
	if ((v = header(in, "Precedence"))) {
		first_token(v, tok, sizeof tok);
		if (strcmp(tok, "auto_reply") == 0)
			add(st, R_HEADER, S_SUFFICIENT, MC_SYS_AUTO_REPLY,
			    MC_SYS_AUTO_REPLY, "header=Precedence:%s", tok);
		else if (strcmp(tok, "bulk") == 0 || strcmp(tok, "list") == 0 ||
		         strcmp(tok, "junk") == 0) {
			struct evidence *e = add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NONE,
			                         MC_SYS_LIST_OR_BULK, "header=Precedence:%s", tok);
			if (e) {
				e->corroborates = 0;
				e->tier = 2;
				/* Vacation responders write junk or bulk too (vacation.pl,
				 * Pigeonhole, Zimbra); lists add List-* headers. */
				e->auto_hint = strcmp(tok, "list") != 0 && !list_header;
			}
		}
	}
	if (list_header) {
		struct evidence *e = add(st, R_HEADER, S_SUFFICIENT, MC_SYS_NONE,
		                         MC_SYS_LIST_OR_BULK, "header=%s", list_header);
		if (e) {
			e->corroborates = 0;
			e->tier = 2;
		}
	}
	if ((v = header(in, "X-Auto-Response-Suppress"))) {
		first_token(v, tok, sizeof tok);
		struct evidence *e = add(st, R_HEADER, S_WEAK, MC_SYS_NONE, MC_SYS_SYSTEM_NOTICE,
		                         "header=X-Auto-Response-Suppress:%s", tok);
		if (e)
			e->corroborates = 0;   /* Outlook sets it on people's mail too */
	}
	static const char *const ms_hints[] = {
		"X-MS-Exchange-Generated-Message-Source", "X-MS-Exchange-Inbox-Rules-Loop",
		"X-MS-Exchange-Parent-Message-Id",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ms_hints); i++)
		if (header(in, ms_hints[i])) {
			struct evidence *e = add(st, R_HEADER, S_WEAK, MC_SYS_NONE,
			                         MC_SYS_SYSTEM_NOTICE, "header=%s", ms_hints[i]);
			if (e)
				e->corroborates = 0;   /* also on rule-forwarded mail */
			break;
		}
	/* Calendar: corroborates meeting-response words; METHOD:REPLY decides. */
	if ((v = header(in, "Content-Class")) && contains_ci(v, "calendarmessage"))
		st->calendar = 1;
	if (in->content_type && contains_ci(in->content_type, "text/calendar"))
		st->calendar = 1;
	for (size_t i = 0; i < in->n_attachments; i++)
		if (in->attachment_types[i] &&
		    contains_ci(in->attachment_types[i], "text/calendar"))
			st->calendar = 1;
	if ((v = header(in, "Content-Type")) && contains_ci(v, "text/calendar") &&
	    contains_ci(v, "method=reply"))
		add(st, R_HEADER, S_SUFFICIENT, MC_SYS_MEETING_RESPONSE,
		    MC_SYS_MEETING_RESPONSE, "header=Content-Type:text/calendar;method=REPLY");
}

/* ---- 3: report structure and fields ---- */

static enum mc_sys_kind dsn_kind(const struct mc_dsn_report *r, char *what, size_t size)
{
	int failed = 0, delayed = 0, delivered = 0;
	const char *status = NULL;
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct mc_report_field *f = &r->fields[i];
		if (g_ascii_strcasecmp(f->name, "Action") == 0) {
			if (contains_ci(f->value, "fail"))
				failed = 1;
			else if (contains_ci(f->value, "delay"))
				delayed = 1;
			else if (contains_ci(f->value, "deliver") || contains_ci(f->value, "relay") ||
			         contains_ci(f->value, "expand"))
				delivered = 1;
		} else if (g_ascii_strcasecmp(f->name, "Status") == 0 && !status) {
			status = f->value;
		}
	}
	if (!failed && !delayed && !delivered && status) {
		if (status[0] == '5')
			failed = 1;
		else if (status[0] == '4')
			delayed = 1;
		else if (status[0] == '2')
			delivered = 1;
	}
	char st[24];
	first_token(status ? status : "", st, sizeof st);
	g_snprintf(what, size, "report=dsn action=%s%s%s",
	           failed ? "failed" : delayed ? "delayed" : delivered ? "delivered" : "?",
	           *st ? " status=" : "", st);
	return failed ? MC_SYS_NDR : delayed ? MC_SYS_DELAY
	       : delivered ? MC_SYS_DELIVERY_RECEIPT : MC_SYS_NONE;
}

static void from_report(struct state *st, int chained)
{
	const struct mc_classify_input *in = st->in;
	const char *ct = header(in, "Content-Type");
	int is_report = (in->content_type && contains_ci(in->content_type, "multipart/report")) ||
	                (ct && contains_ci(ct, "multipart/report"));
	int want_dsn = ct && contains_ci(ct, "report-type=delivery-status");
	int want_mdn = ct && contains_ci(ct, "report-type=disposition-notification");
	int want_arf = ct && contains_ci(ct, "report-type=feedback-report");
	for (size_t i = 0; i < in->n_attachments; i++) {
		const char *a = in->attachment_types[i];
		if (!a)
			continue;
		if (contains_ci(a, "delivery-status"))
			want_dsn = is_report = 1;
		else if (contains_ci(a, "disposition-notification"))
			want_mdn = is_report = 1;
		else if (contains_ci(a, "feedback-report"))
			want_arf = is_report = 1;
	}
	const struct mc_dsn_report *r = st->report;
	char what[96];
	if (want_arf) {
		add(st, R_REPORT, S_SUFFICIENT, MC_SYS_SYSTEM_NOTICE, MC_SYS_SYSTEM_NOTICE,
		    "report=feedback-report");
		return;
	}
	/* Report fields found only in the text of a forwarded/replied message
	 * are a quotation, not this message's structure. */
	int fields_count = r && r->type != MC_REPORT_NONE && (is_report || !chained);
	if (fields_count && r->type == MC_REPORT_MDN) {
		char disp[64];
		mc_report_value_after_type(mc_report_get(r, 0, "Disposition"), disp, sizeof disp);
		char *slash = strchr(disp, '/');
		if (slash)
			*slash = '\0';
		g_strstrip(disp);
		enum mc_sys_kind k = g_ascii_strcasecmp(disp, "displayed") == 0
		                     ? MC_SYS_READ_RECEIPT : MC_SYS_NONREAD_RECEIPT;
		add(st, R_REPORT, S_SUFFICIENT, k, k, "report=mdn disposition=%s", disp);
		return;
	}
	if (fields_count && r->type == MC_REPORT_DSN) {
		enum mc_sys_kind k = dsn_kind(r, what, sizeof what);
		if (k != MC_SYS_NONE) {
			add(st, R_REPORT, S_SUFFICIENT, k, k, "%s", what);
			return;
		}
	}
	if (want_mdn)
		add(st, R_REPORT, S_SUFFICIENT, MC_SYS_NONE, MC_SYS_READ_RECEIPT,
		    "report=disposition-notification");
	else if (want_dsn || is_report)
		add(st, R_REPORT, S_SUFFICIENT, MC_SYS_NONE, MC_SYS_NDR,
		    want_dsn ? "report=delivery-status" : "report=multipart/report");
}

/* ---- 4: sender ---- */

static void from_sender(struct state *st)
{
	const struct mc_classify_input *in = st->in;
	const char *a = in->from_addr;
	if (a && *a) {
		const char *at = strchr(a, '@');
		size_t n = at ? (size_t)(at - a) : strlen(a);
		char local[80];
		copy_utf8(local, sizeof local, a, n);
		for (char *p = local; *p; p++)
			*p = g_ascii_tolower(*p);
		if (strcmp(local, "mailer-daemon") == 0 || strcmp(local, "mailerdaemon") == 0 ||
		    strcmp(local, "mail-daemon") == 0 || strcmp(local, "postmaster") == 0) {
			add(st, R_SENDER, S_SUFFICIENT, MC_SYS_NONE, MC_SYS_NDR,
			    "sender=%s", local);
			return;
		}
		if (g_str_has_prefix(local, "microsoftexchange") && strlen(local) >= 49) {
			add(st, R_SENDER, S_SUFFICIENT, MC_SYS_NONE, MC_SYS_SYSTEM_NOTICE,
			    "sender=microsoftexchange<guid>");
			return;
		}
		if (strcmp(local, "noreply") == 0 || strcmp(local, "no-reply") == 0 ||
		    strcmp(local, "donotreply") == 0 || strcmp(local, "do-not-reply") == 0) {
			struct evidence *e = add(st, R_SENDER, S_WEAK, MC_SYS_NONE,
			                         MC_SYS_LIST_OR_BULK, "sender=%s", local);
			if (e) {
				e->corroborates = 0;
				e->tier = 2;
			}
			return;
		}
	}
	static const struct { const char *name; enum mc_sys_kind k; } names[] = {
		{ "mail delivery system", MC_SYS_NDR }, { "mail delivery subsystem", MC_SYS_NDR },
		{ "mailer-daemon", MC_SYS_NDR }, { "mailer daemon", MC_SYS_NDR },
		{ "mail administrator", MC_SYS_NDR },
		{ "postmaster", MC_SYS_NDR }, { "microsoft outlook", MC_SYS_SYSTEM_NOTICE },
		{ "microsoft exchange", MC_SYS_SYSTEM_NOTICE },
		{ "system administrator", MC_SYS_SYSTEM_NOTICE },
		{ "systemadministrator", MC_SYS_SYSTEM_NOTICE },
	};
	if (in->from_name && *in->from_name)
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
			if (g_ascii_strcasecmp(in->from_name, names[i].name) == 0) {
				add(st, R_SENDER, S_SUFFICIENT, MC_SYS_NONE, names[i].k,
				    "sender-name=%s", in->from_name);
				return;
			}
	if (in->from_exdn && contains_ci(in->from_exdn, "/cn=microsoft system attendant"))
		add(st, R_SENDER, S_SUFFICIENT, MC_SYS_NONE, MC_SYS_SYSTEM_NOTICE,
		    "sender=system-attendant");
}

/* ---- 5, 6: subject and body text ---- */

/* Removes the trailing colon (':' or '：') and the spaces around it. */
static void strip_colon(char *s)
{
	size_t n = strlen(s);
	for (int pass = 0; pass < 2; pass++) {
		for (;;) {
			if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
			         (unsigned char)s[n - 1] == 0xA0)
				n -= 2;   /* NBSP */
			else if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xaf", 3) == 0)
				n -= 3;   /* narrow NBSP */
			else
				break;
		}
		if (pass)
			break;
		if (n && s[n - 1] == ':')
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xef\xbc\x9a", 3) == 0)
			n -= 3;   /* full-width colon */
	}
	s[n] = '\0';
}

static void from_subject(struct state *st, const struct mc_prefix_match *m)
{
	const struct mc_system_prefix *e = m->entry;
	if (!e)
		return;
	char shown[72];
	copy_utf8(shown, sizeof shown, st->in->subject + m->start, m->len);
	strip_colon(shown);
	if (m->n_chain) {
		add(st, R_SUBJECT, S_INFO, MC_SYS_NONE, MC_SYS_NONE,
		    "subject-after-chain=%s:+%s (%s)", m->chain_text, shown, e->langs);
		return;
	}
	const char *label = e->where == MC_PFX_PHRASE ? "subject-phrase" : "subject-prefix";
	if (!(e->flags & MC_PFXF_AMBIGUOUS)) {
		add(st, R_SUBJECT, S_SUFFICIENT, e->kind, e->kind, "%s=%s (%s)",
		    label, shown, e->langs);
	} else if (e->kind == MC_SYS_MEETING_RESPONSE && st->calendar) {
		add(st, R_SUBJECT, S_SUFFICIENT, e->kind, e->kind, "%s=%s (%s)+calendar",
		    label, shown, e->langs);
	} else {
		add(st, R_SUBJECT, S_CONTENT, e->kind, e->kind, "%s?=%s (%s)",
		    label, shown, e->langs);
	}
}

/* Subject forms of autoresponders that are no localized prefix
 * (docs/findings.md, auto-reply families): the Sieve vacation default
 * "Auto: <original subject>" (RFC 5230 section 4.3; Dovecot Pigeonhole,
 * Roundcube's managesieve) and the Notes out-of-office "<name> is out of
 * the office." People write both ("Auto: Angebot" is German for a car
 * offer), so they count only when something else corroborates them. Not
 * the table: they stay with --no-prefix-table, and give no language. */
static void from_subject_forms(struct state *st)
{
	const char *s = st->in->subject;
	if (!s)
		return;
	while (*s == ' ' || *s == '\t')
		s++;
	if (g_ascii_strncasecmp(s, "Auto:", 5) == 0) {
		add(st, R_SUBJECT, S_CONTENT, MC_SYS_AUTO_REPLY, MC_SYS_AUTO_REPLY,
		    "subject-prefix?=Auto (sieve vacation)");
		st->form_prefix = (size_t)(s - st->in->subject) + 5;
		return;
	}
	static const char tail[] = " is out of the office";
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && s[n - 1] == '.')
		n--;
	if (n > sizeof tail - 1 &&
	    g_ascii_strncasecmp(s + n - (sizeof tail - 1), tail, sizeof tail - 1) == 0)
		add(st, R_SUBJECT, S_CONTENT, MC_SYS_AUTO_REPLY, MC_SYS_AUTO_REPLY,
		    "subject-phrase?=is out of the office (notes)");
}

/* ---- decision ---- */

static int is_sender_address(const char *s)
{
	return s && *s && *s != '/' && strchr(s, '@');
}

/* Lower-cased identity: an SMTP address, or a DN resolved to one. */
static void identity_of(const struct mc_classify_input *in, const char *addr,
                        const char *exdn, char *out, size_t size)
{
	out[0] = '\0';
	const char *pick = NULL;
	if (is_sender_address(addr))
		pick = addr;
	const char *dn = exdn && *exdn ? exdn : (addr && *addr == '/' ? addr : NULL);
	if (!pick && dn) {
		for (size_t i = 0; i < in->n_aliases && !pick; i++)
			if (in->aliases[i].exdn && is_sender_address(in->aliases[i].smtp) &&
			    g_ascii_strcasecmp(in->aliases[i].exdn, dn) == 0)
				pick = in->aliases[i].smtp;
		for (size_t i = 0; i < in->n_recipients && !pick; i++)
			if (in->recipients[i].exdn && is_sender_address(in->recipients[i].addr) &&
			    g_ascii_strcasecmp(in->recipients[i].exdn, dn) == 0)
				pick = in->recipients[i].addr;
		if (!pick && in->from_exdn && is_sender_address(in->from_addr) &&
		    g_ascii_strcasecmp(in->from_exdn, dn) == 0)
			pick = in->from_addr;
		if (!pick)
			pick = dn;
	}
	if (!pick && addr && *addr)
		pick = addr;
	if (!pick)
		return;
	char *t = g_strstrip(g_strdup(pick));
	size_t n = strlen(t);
	char *p = t;
	if (n >= 2 && p[0] == '<' && p[n - 1] == '>') {
		p[n - 1] = '\0';
		p++;
	}
	char *low = g_utf8_strdown(p, -1);
	copy_utf8(out, size, low, strlen(low));
	g_free(low);
	g_free(t);
}

/* The mailbox a report/notice was generated for: its recipient. */
static void report_target(const struct mc_classify_input *in, char *out, size_t size)
{
	char owner[320] = "", id[320];
	if (in->mailbox_owner)
		identity_of(in, in->mailbox_owner, NULL, owner, sizeof owner);
	int first_to = -1;
	for (size_t i = 0; i < in->n_recipients; i++) {
		const struct mc_classify_recipient *r = &in->recipients[i];
		identity_of(in, r->addr, r->exdn, id, sizeof id);
		if (!*id)
			continue;
		if (*owner && strcmp(id, owner) == 0) {
			g_strlcpy(out, owner, size);
			return;
		}
		if (first_to < 0 && (!r->kind || strcmp(r->kind, "to") == 0))
			first_to = (int)i;
	}
	if (first_to < 0)
		for (size_t i = 0; i < in->n_recipients && first_to < 0; i++) {
			identity_of(in, in->recipients[i].addr, in->recipients[i].exdn, id, sizeof id);
			if (*id)
				first_to = (int)i;
		}
	if (first_to >= 0) {
		identity_of(in, in->recipients[first_to].addr, in->recipients[first_to].exdn,
		            out, size);
		return;
	}
	g_strlcpy(out, owner, size);
}

static void attribute(const struct state *st, enum mc_sys_kind k,
                      struct mc_classify_result *out)
{
	const struct mc_classify_input *in = st->in;
	char *id = out->identity;
	size_t size = sizeof out->identity;
	switch (k) {
	case MC_SYS_NDR: case MC_SYS_DELAY: case MC_SYS_DELIVERY_RECEIPT:
	case MC_SYS_SYSTEM_NOTICE:
		report_target(in, id, size);
		break;
	case MC_SYS_READ_RECEIPT: case MC_SYS_NONREAD_RECEIPT:
		identity_of(in, in->from_addr, in->from_exdn, id, size);
		if (!*id && st->report) {
			char fr[320];
			mc_report_value_after_type(mc_report_get(st->report, -1, "Final-Recipient"),
			                           fr, sizeof fr);
			identity_of(in, fr, NULL, id, size);
		}
		break;
	default:
		identity_of(in, in->from_addr, in->from_exdn, id, size);
		break;
	}
	if (k == MC_SYS_AUTO_REPLY && in->mailbox_owner &&
	    (!*id || (in->origin_hidden && in->message_class &&
	              contains_ci(in->message_class, "template"))))
		identity_of(in, in->mailbox_owner, NULL, id, size);
}

static void decide(struct state *st, const struct mc_prefix_match *pm,
                   const struct mc_system_prefix *body, struct mc_classify_result *out)
{
	int sufficient = 0, content = 0, corroborating = 0, content_auto = 0;
	for (int i = 0; i < st->n; i++)
		if (st->ev[i].strength == S_CONTENT && st->ev[i].kind == MC_SYS_AUTO_REPLY)
			content_auto = 1;
	for (int i = 0; i < st->n; i++) {
		const struct evidence *e = &st->ev[i];
		if (e->strength == S_SUFFICIENT)
			sufficient = 1;
		if (e->strength == S_CONTENT)
			content++;
		/* Precedence junk/bulk without List-* confirms auto-reply text:
		 * the list context then does not decide (auto-reply first). */
		if (e->strength >= S_WEAK && (e->corroborates || (e->auto_hint && content_auto)))
			corroborating++;
	}
	/* Weak text evidence needs one more corroborating piece. */
	int content_ok = content && corroborating >= 2;
	if (!sufficient && !content_ok) {
		out->confidence = st->n ? 0.7 : 0.9;
		return;
	}
	const struct evidence *top = NULL, *gen = NULL;
	for (int r = R_CLASS; r <= R_BODY && !top; r++)
		for (int i = 0; i < st->n && !top; i++) {
			const struct evidence *e = &st->ev[i];
			if (e->rank != r || e->kind == MC_SYS_NONE)
				continue;
			if (e->strength == S_SUFFICIENT || (e->strength == S_CONTENT && content_ok))
				top = e;
		}
	/* Generic evidence gives the default kind: the most telling tier first
	 * (report structure, system sender; then Auto-Submitted, null sender;
	 * then list context), by rank within a tier. */
	for (int tier = 0; tier <= 2 && !gen; tier++)
		for (int r = R_CLASS; r <= R_BODY && !gen; r++)
			for (int i = 0; i < st->n && !gen; i++)
				if (st->ev[i].rank == r && st->ev[i].tier == tier &&
				    st->ev[i].kind == MC_SYS_NONE && st->ev[i].strength >= S_WEAK &&
				    (st->ev[i].strength == S_SUFFICIENT || content_ok))
					gen = &st->ev[i];
	const struct evidence *deciding = top ? top : gen;
	if (!deciding)
		return;
	enum mc_sys_kind k = top ? top->kind : gen->fallback;
	out->kind_id = k;
	out->kind = mc_sys_kind_name(k);

	/* Confidence: the deciding evidence's rank, raised by each piece
	 * that agrees (halving the doubt; a quarter for weak pieces), lowered
	 * by each specific piece naming another kind. */
	static const double base[] = { 0, 0.99, 0.95, 0.95, 0.85, 0.8, 0.6 };
	double c = deciding->strength == S_SUFFICIENT ? base[deciding->rank] : 0.65;
	if (!top)
		c -= 0.1;   /* generic evidence only: the kind is a default */
	for (int i = 0; i < st->n; i++) {
		const struct evidence *e = &st->ev[i];
		if (e == deciding || e->strength < S_WEAK)
			continue;
		if (e->kind != MC_SYS_NONE && e->kind != k)
			c -= 0.15;
		else if (e->auto_hint && k == MC_SYS_AUTO_REPLY)
			c += (1.0 - c) * 0.25;
		else if (e->kind == k || e->fallback == k)
			c += (1.0 - c) * (e->strength == S_SUFFICIENT ? 0.5 : 0.25);
		else
			c += (1.0 - c) * 0.1;   /* generic, other default: still automatic */
	}
	out->confidence = CLAMP(c, 0.3, 0.99);
	attribute(st, k, out);

	if (pm->entry && !pm->n_chain) {
		copy_utf8(out->prefix, sizeof out->prefix, st->in->subject + pm->start, pm->len);
		g_strchomp(out->prefix);
		g_strlcpy(out->prefix_where, "subject", sizeof out->prefix_where);
		const char *sp = strchr(pm->entry->langs, ' ');
		copy_utf8(out->prefix_lang, sizeof out->prefix_lang, pm->entry->langs,
		          sp ? (size_t)(sp - pm->entry->langs) : strlen(pm->entry->langs));
	} else if (body) {
		copy_utf8(out->prefix, sizeof out->prefix, body->text, strlen(body->text));
		g_strlcpy(out->prefix_where, "body", sizeof out->prefix_where);
		const char *sp = strchr(body->langs, ' ');
		copy_utf8(out->prefix_lang, sizeof out->prefix_lang, body->langs,
		          sp ? (size_t)(sp - body->langs) : strlen(body->langs));
	} else if (st->form_prefix && k == MC_SYS_AUTO_REPLY) {
		copy_utf8(out->prefix, sizeof out->prefix, st->in->subject, st->form_prefix);
		g_strchug(out->prefix);
		g_strlcpy(out->prefix_where, "subject", sizeof out->prefix_where);
	}
}

static void write_reason(const struct state *st, struct mc_classify_result *out)
{
	GString *s = g_string_new(NULL);
	for (int r = R_CLASS; r <= R_BODY; r++)
		for (int i = 0; i < st->n; i++)
			if (st->ev[i].rank == r) {
				if (s->len)
					g_string_append(s, "; ");
				g_string_append(s, st->ev[i].text);
			}
	copy_utf8(out->reason, sizeof out->reason, s->str, s->len);
	g_string_free(s, TRUE);
}

void mc_classify(const struct mc_classify_input *in, struct mc_classify_result *out)
{
	memset(out, 0, sizeof *out);
	struct state st;
	memset(&st, 0, sizeof st);
	st.in = in;

	from_class(&st);
	/* PST associated items other than reply templates (rules, views,
	 * configuration) are not messages anybody received. */
	if (in->origin_hidden && st.n == 0) {
		if (in->message_class)
			add(&st, R_CLASS, S_INFO, MC_SYS_NONE, MC_SYS_NONE,
			    "hidden-item class=%s", in->message_class);
		write_reason(&st, out);
		out->confidence = 0.9;
		return;
	}

	/* With the table off the chain (RE:/FW: markers) still counts, the
	 * localized prefix it may have found does not. */
	struct mc_prefix_match pm;
	mc_prefix_match_subject(in->subject, &pm);
	if (in->no_prefix_table)
		pm.entry = NULL;
	int chained = pm.n_chain > 0;

	struct mc_dsn_report own;
	memset(&own, 0, sizeof own);
	st.report = in->report;
	if (!st.report && in->body_text) {
		mc_report_parse(in->body_text, strlen(in->body_text), &own);
		st.report = &own;
	}

	from_headers(&st);
	from_report(&st, chained);
	from_sender(&st);
	from_subject(&st, &pm);
	if (!chained && !pm.entry)
		from_subject_forms(&st);
	const struct mc_system_prefix *body = NULL;
	if (!chained && !in->no_prefix_table &&
	    (body = mc_prefix_match_body(in->body_text, 4096))) {
		char shown[48];
		copy_utf8(shown, sizeof shown, body->text, strlen(body->text));
		add(&st, R_BODY, S_CONTENT, body->kind, body->kind, "body=%s%s (%s)", shown,
		    strlen(body->text) >= sizeof shown ? "..." : "", body->langs);
	}

	/* A null reverse path on mail from a person (no system sender, no
	 * report) is an RFC 3834 automatic response of that person's settings. */
	if (st.null_sender) {
		int system_side = 0;
		for (int i = 0; i < st.n; i++)
			if (st.ev[i].rank == R_REPORT || st.ev[i].rank == R_SENDER ||
			    st.ev[i].rank == R_CLASS)
				system_side = 1;
		if (!system_side && is_sender_address(in->from_addr)) {
			st.null_sender->fallback = MC_SYS_AUTO_REPLY;
			g_strlcat(st.null_sender->text, " from a person",
			          sizeof st.null_sender->text);
		}
	}
	decide(&st, &pm, body, out);
	write_reason(&st, out);
	mc_report_clear(&own);
}

void mc_classify_message(const struct mc_message *m, const char *mailbox_owner,
                         struct mc_classify_result *out)
{
	struct mc_classify_input in;
	memset(&in, 0, sizeof in);
	in.message_class = m->message_class;
	in.subject = m->subject;
	in.from_name = m->from_name;
	in.from_addr = m->from_addr;
	in.from_exdn = m->from_exdn;
	in.content_type = m->content_type;
	in.body_text = m->body_text;
	in.mailbox_owner = mailbox_owner;
	in.origin_hidden = m->origin && strcmp(m->origin, MC_ORIGIN_HIDDEN) == 0;

	guint nh = m->headers ? m->headers->len : 0;
	struct mc_header *h = g_new0(struct mc_header, nh + 1);
	for (guint i = 0; i < nh; i++)
		h[i] = *(struct mc_header *)g_ptr_array_index(m->headers, i);
	in.headers = h;
	in.n_headers = nh;

	guint nr = m->recipients ? m->recipients->len : 0;
	struct mc_classify_recipient *r = g_new0(struct mc_classify_recipient, nr + 1);
	for (guint i = 0; i < nr; i++) {
		const struct mc_recipient *x = g_ptr_array_index(m->recipients, i);
		r[i].kind = x->kind;
		r[i].name = x->name;
		r[i].addr = x->addr;
		r[i].exdn = x->exdn;
	}
	in.recipients = r;
	in.n_recipients = nr;

	guint na = m->attachments ? m->attachments->len : 0;
	const char **a = g_new0(const char *, na + 1);
	for (guint i = 0; i < na; i++)
		a[i] = ((const struct mc_attachment *)g_ptr_array_index(m->attachments, i))->mime_type;
	in.attachment_types = a;
	in.n_attachments = na;

	mc_classify(&in, out);
	g_free(h);
	g_free(r);
	g_free(a);
}
