/*
 * analyze-messages.c: the per-message part of `mailcase analyze`:
 * system-message classification (classify.h), report fields (dsn.h), the
 * language and script of the human text and of the system-generated part
 * (textid.h), and the client that wrote the message (from its headers).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "analyze.h"
#include "case-db.h"
#include "classify.h"
#include "dsn.h"
#include "log.h"
#include "record.h"
#include "textid.h"

/* How much text the language identifier is given. */
#define HUMAN_TEXT_MAX 1500
#define SYSTEM_TEXT_MAX 2000
/* Below this confidence a language is not recorded ("und"). */
#define MIN_LANGUAGE_CONFIDENCE 0.5

struct row_parts {
	GPtrArray *headers;      /* struct mc_header, borrowed strings */
	GArray *recipients;      /* struct mc_classify_recipient */
	GPtrArray *att_types;    /* const char * */
};

struct pass {
	sqlite3 *db;
	sqlite3_stmt *rows, *headers, *recipients, *attachments, *update, *report;
	struct mc_identity_alias *aliases;
	size_t n_aliases;
	struct mc_analyze_totals *totals;
};

/* Columns 10 to 19 are the stored analysis, in the order of UPDATE_SQL's
 * ?2 to ?11: a message whose analysis is unchanged (a second analyze, or
 * the messages already there when analyze follows a new ingest) is not
 * written again. Rewriting a row rewrites all of it, body included, and
 * journals its pages. */
static const char ROWS_SQL[] =
	"SELECT m.id, m.message_class, m.subject, m.from_name, m.from_addr, m.from_exdn,"
	" m.content_type, m.body_text, m.origin, e.mailbox,"
	" m.system_kind, m.system_reason, m.system_identity, m.system_language,"
	" m.system_prefix, m.language, m.language_confidence, m.script, m.client_kind, m.client"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id ORDER BY m.id";
#define STORED_COLUMN 10
static const char UPDATE_SQL[] =
	"UPDATE messages SET system_kind = ?2, system_reason = ?3, system_identity = ?4,"
	" system_language = ?5, system_prefix = ?6, language = ?7, language_confidence = ?8,"
	" script = ?9, client_kind = ?10, client = ?11 WHERE id = ?1";

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Whether the stored column i of the current row holds what bind_text(s)
 * would store. */
static int same_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_column_type(st, i) == SQLITE_NULL;
	return sqlite3_column_type(st, i) == SQLITE_TEXT && strcmp(col(st, i), s) == 0;
}

/* ---- clients ---- */

struct client_pattern {
	const char *needle;   /* lower-case substring of User-Agent / X-Mailer */
	const char *kind;
};

/* Order matters: the first match wins ("Outlook Web App" before "Outlook"). */
static const struct client_pattern client_patterns[] = {
	{ "activesync", "mobile" }, { "iphone", "mobile" }, { "ipad", "mobile" },
	{ "android", "mobile" }, { "windows phone", "mobile" }, { "blackberry", "mobile" },
	{ "mobile", "mobile" }, { "nine", "mobile" },
	{ "owa/", "webmail" }, { "outlook web", "webmail" }, { "roundcube", "webmail" },
	{ "squirrelmail", "webmail" }, { "horde", "webmail" }, { "webmail", "webmail" },
	{ "zimbra", "webmail" }, { "mozilla/", "webmail" },
	{ "outlook", "desktop" }, { "thunderbird", "desktop" }, { "apple mail", "desktop" },
	{ "evolution", "desktop" }, { "kmail", "desktop" }, { "mutt", "desktop" },
	{ "lotus notes", "desktop" }, { "windows live mail", "desktop" },
	{ "microsoft exchange", "server" }, { "postfix", "server" }, { "sendmail", "server" },
};

static const char *const client_headers[] = { "User-Agent", "X-Mailer", "X-Newsreader", NULL };

/* The client header value and its kind, or NULLs. */
static const char *client_of(const GPtrArray *headers, const char **kind)
{
	*kind = NULL;
	for (const char *const *h = client_headers; *h; h++) {
		for (guint i = 0; i < headers->len; i++) {
			const struct mc_header *x = g_ptr_array_index(headers, i);
			if (g_ascii_strcasecmp(x->name, *h) != 0 || !x->value[0])
				continue;
			char *low = g_ascii_strdown(x->value, -1);
			*kind = "unknown";
			for (size_t k = 0; k < G_N_ELEMENTS(client_patterns); k++) {
				if (strstr(low, client_patterns[k].needle)) {
					*kind = client_patterns[k].kind;
					break;
				}
			}
			g_free(low);
			return x->value;
		}
	}
	return NULL;
}

/* ---- the human text ---- */

/* Lines from which on a body is quoted or forwarded text. */
static int starts_quote(const char *line, size_t n)
{
	static const char *const marks[] = {
		"-----", "_____", ">", "From: ", "De : ", "De: ", "Von: ", "Da: ", "Van: ",
		"Od: ", "Från: ", "Fra: ", "发件人:", "寄件者:", "差出人:", NULL
	};
	for (const char *const *m = marks; *m; m++) {
		size_t k = strlen(*m);
		if (n >= k && memcmp(line, *m, k) == 0)
			return 1;
	}
	return 0;
}

/* Subject (without the system prefix) and the unquoted start of the body. */
static GString *human_text(const char *subject, size_t prefix_len, const char *body)
{
	GString *t = g_string_new(NULL);
	if (subject && strlen(subject) >= prefix_len)
		g_string_append(t, subject + prefix_len);
	g_string_append_c(t, '\n');
	const char *p = body ? body : "";
	while (*p && t->len < HUMAN_TEXT_MAX) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (starts_quote(p, n))
			break;
		g_string_append_len(t, p, (gssize)n);
		g_string_append_c(t, '\n');
		p += n + (nl ? 1 : 0);
	}
	return t;
}

/* ---- loading one message's parts ---- */

static void load_parts(struct pass *ps, long long id, struct row_parts *rp)
{
	sqlite3_bind_int64(ps->headers, 1, id);
	while (sqlite3_step(ps->headers) == SQLITE_ROW) {
		struct mc_header *h = g_new0(struct mc_header, 1);
		h->name = g_strdup(col(ps->headers, 0));
		h->value = g_strdup(col(ps->headers, 1));
		g_ptr_array_add(rp->headers, h);
	}
	sqlite3_reset(ps->headers);
	sqlite3_bind_int64(ps->recipients, 1, id);
	while (sqlite3_step(ps->recipients) == SQLITE_ROW) {
		struct mc_classify_recipient r = {
			g_strdup(col(ps->recipients, 0)), g_strdup(col(ps->recipients, 1)),
			g_strdup(col(ps->recipients, 2)), g_strdup(col(ps->recipients, 3))
		};
		g_array_append_val(rp->recipients, r);
	}
	sqlite3_reset(ps->recipients);
	sqlite3_bind_int64(ps->attachments, 1, id);
	while (sqlite3_step(ps->attachments) == SQLITE_ROW)
		g_ptr_array_add(rp->att_types, g_strdup(col(ps->attachments, 0)));
	sqlite3_reset(ps->attachments);
}

static void free_header(gpointer p)
{
	struct mc_header *h = p;
	g_free(h->name);
	g_free(h->value);
	g_free(h);
}

static void clear_parts(struct row_parts *rp)
{
	for (guint i = 0; i < rp->recipients->len; i++) {
		struct mc_classify_recipient *r = &g_array_index(rp->recipients,
		                                                 struct mc_classify_recipient, i);
		g_free((char *)r->kind);
		g_free((char *)r->name);
		g_free((char *)r->addr);
		g_free((char *)r->exdn);
	}
	g_array_set_size(rp->recipients, 0);
	g_ptr_array_set_size(rp->headers, 0);
	g_ptr_array_set_size(rp->att_types, 0);
}

/* ---- one message ---- */

static int store_report(struct pass *ps, long long id, const struct mc_report *rep)
{
	for (size_t i = 0; i < rep->n_fields; i++) {
		sqlite3_bind_int64(ps->report, 1, id);
		sqlite3_bind_int(ps->report, 2, rep->fields[i].recipient);
		sqlite3_bind_int64(ps->report, 3, (sqlite3_int64)i + 1);
		bind_text(ps->report, 4, rep->fields[i].name);
		sqlite3_bind_text(ps->report, 5, rep->fields[i].value, -1, SQLITE_STATIC);
		int rc = sqlite3_step(ps->report);
		sqlite3_reset(ps->report);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* The language of the system-generated part: the localized prefix when the
 * classifier matched one, else the generated text before a report's fields
 * (an NDR's or receipt's boilerplate), identified. */
static void system_language(const struct mc_classify_result *cr, const char *body,
                            const struct mc_report *rep, char out[16])
{
	out[0] = '\0';
	if (cr->prefix_lang[0]) {
		g_strlcpy(out, cr->prefix_lang, 16);
		return;
	}
	if (!body || cr->kind_id == MC_SYS_AUTO_REPLY || cr->kind_id == MC_SYS_LIST_OR_BULK ||
	    cr->kind_id == MC_SYS_MEETING_RESPONSE)
		return;
	size_t n = rep->type != MC_REPORT_NONE && rep->offset > 0 ? rep->offset : strlen(body);
	if (n > SYSTEM_TEXT_MAX)
		n = SYSTEM_TEXT_MAX;
	struct mc_textid id;
	mc_textid_identify(body, n, &id);
	if (id.confidence >= MIN_LANGUAGE_CONFIDENCE && strcmp(id.language, "und") != 0)
		g_strlcpy(out, id.language, 16);
}

static int analyze_one(struct pass *ps, struct row_parts *rp)
{
	sqlite3_stmt *r = ps->rows;
	long long id = sqlite3_column_int64(r, 0);
	const char *subject = col(r, 2), *body = col(r, 7);
	load_parts(ps, id, rp);

	struct mc_report rep;
	mc_report_parse(body, body ? strlen(body) : 0, &rep);
	struct mc_classify_input in = {
		.message_class = col(r, 1), .subject = subject, .from_name = col(r, 3),
		.from_addr = col(r, 4), .from_exdn = col(r, 5), .content_type = col(r, 6),
		.body_text = body,
		.headers = NULL, .n_headers = 0,
		.recipients = (const struct mc_classify_recipient *)rp->recipients->data,
		.n_recipients = rp->recipients->len,
		.attachment_types = (const char *const *)rp->att_types->pdata,
		.n_attachments = rp->att_types->len,
		.mailbox_owner = col(r, 9),
		.aliases = ps->aliases, .n_aliases = ps->n_aliases,
		.origin_hidden = col(r, 8) && strcmp(col(r, 8), "hidden") == 0,
		.report = &rep,
	};
	/* The classifier takes headers as an array of structs. */
	struct mc_header *hdrs = g_new0(struct mc_header, rp->headers->len + 1);
	for (guint i = 0; i < rp->headers->len; i++)
		hdrs[i] = *(struct mc_header *)g_ptr_array_index(rp->headers, i);
	in.headers = hdrs;
	in.n_headers = rp->headers->len;

	struct mc_classify_result cr;
	mc_classify(&in, &cr);
	char syslang[16] = "";
	if (cr.kind)
		system_language(&cr, body, &rep, syslang);

	size_t prefix_len = cr.kind && strcmp(cr.prefix_where, "subject") == 0 && subject &&
	                    cr.prefix[0] && strstr(subject, cr.prefix) == subject
	                    ? strlen(cr.prefix) : 0;
	GString *human = human_text(subject, prefix_len, cr.kind ? NULL : body);
	struct mc_textid tid;
	mc_textid_identify(human->str, human->len, &tid);
	g_string_free(human, TRUE);
	const char *ckind;
	const char *client = client_of(rp->headers, &ckind);

	int known = strcmp(tid.language, "und") != 0 && tid.confidence >= MIN_LANGUAGE_CONFIDENCE;
	const char *text[11] = {
		[2] = cr.kind, [3] = cr.kind ? cr.reason : NULL, [4] = cr.kind ? cr.identity : NULL,
		[5] = syslang, [6] = cr.kind ? cr.prefix : NULL, [7] = known ? tid.language : "und",
		[9] = tid.script, [10] = ckind,
	};
	int same = sqlite3_column_type(r, STORED_COLUMN + 6) == SQLITE_FLOAT &&
	           sqlite3_column_double(r, STORED_COLUMN + 6) == tid.confidence &&
	           same_text(r, STORED_COLUMN + 9, client);
	for (int i = 2; same && i <= 10; i++)
		if (i != 8)
			same = same_text(r, STORED_COLUMN + i - 2, text[i]);
	int rc = 0;
	if (!same) {
		sqlite3_stmt *u = ps->update;
		sqlite3_bind_int64(u, 1, id);
		for (int i = 2; i <= 10; i++)
			if (i != 8)
				bind_text(u, i, text[i]);
		sqlite3_bind_double(u, 8, tid.confidence);
		bind_text(u, 11, client);
		rc = sqlite3_step(u) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(u);
	}
	if (rc == 0 && cr.kind)
		rc = store_report(ps, id, &rep);
	if (cr.kind)
		ps->totals->system_messages++;
	ps->totals->messages++;
	mc_report_clear(&rep);
	g_free(hdrs);
	clear_parts(rp);
	if (rc != 0)
		mc_error("analyze: cannot store the analysis of message %lld: %s", id,
		         sqlite3_errmsg(ps->db));
	return rc;
}

/* ---- the pass ---- */

static void load_aliases(struct pass *ps, const struct mc_identities *ids)
{
	ps->n_aliases = g_hash_table_size(ids->alias);
	ps->aliases = g_new0(struct mc_identity_alias, ps->n_aliases + 1);
	GHashTableIter it;
	gpointer k, v;
	size_t i = 0;
	g_hash_table_iter_init(&it, ids->alias);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		ps->aliases[i].exdn = k;
		ps->aliases[i].smtp = v;
		i++;
	}
}

int mc_analyze_messages(sqlite3 *db, const struct mc_identities *ids,
                        struct mc_analyze_totals *totals)
{
	struct pass ps = { .db = db, .totals = totals };
	char err[512];
	if (mc_case_exec(db, "DELETE FROM report_fields", err, sizeof err) != 0) {
		mc_error("analyze: %s", err);
		return -1;
	}
	ps.rows = mc_case_prepare(db, ROWS_SQL);
	ps.headers = mc_case_prepare(db, "SELECT name, value FROM headers WHERE message_id = ? ORDER BY seq");
	ps.recipients = mc_case_prepare(db, "SELECT kind, name, addr, exdn FROM recipients"
	                                    " WHERE message_id = ? ORDER BY seq");
	ps.attachments = mc_case_prepare(db, "SELECT mime_type FROM attachments WHERE message_id = ?"
	                                     " ORDER BY seq");
	ps.update = mc_case_prepare(db, UPDATE_SQL);
	ps.report = mc_case_prepare(db, "INSERT INTO report_fields(message_id, recipient, seq, name,"
	                                " value) VALUES (?,?,?,?,?)");
	int rc = ps.rows && ps.headers && ps.recipients && ps.attachments && ps.update &&
	         ps.report ? 0 : -1;
	load_aliases(&ps, ids);
	struct row_parts rp = {
		g_ptr_array_new_with_free_func(free_header),
		g_array_new(FALSE, TRUE, sizeof(struct mc_classify_recipient)),
		g_ptr_array_new_with_free_func(g_free),
	};
	mc_textid_init();
	uint64_t n = 0;
	while (rc == 0 && sqlite3_step(ps.rows) == SQLITE_ROW) {
		rc = analyze_one(&ps, &rp);
		if ((++n & 1023) == 0)
			mc_progress_update(n, n, "classifying messages");
	}
	g_ptr_array_free(rp.headers, TRUE);
	g_array_free(rp.recipients, TRUE);
	g_ptr_array_free(rp.att_types, TRUE);
	g_free(ps.aliases);
	sqlite3_finalize(ps.rows);
	sqlite3_finalize(ps.headers);
	sqlite3_finalize(ps.recipients);
	sqlite3_finalize(ps.attachments);
	sqlite3_finalize(ps.update);
	sqlite3_finalize(ps.report);
	return rc;
}
