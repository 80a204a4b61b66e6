/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyze-messages.c: the per-message part of `mailcase analyze`:
 * system-message classification (classify.h), report fields (dsn.h), the
 * language and script of the human text (of an auto-reply, its own text:
 * owner-text.h) and of the system-generated part (textid.h; where that
 * part is, generated-part.h), and the client that wrote the message (from
 * its headers).
 */
#include "config.h"

#include <pthread.h>
#include <string.h>
#include <glib.h>

#include "analyze.h"
#include "case-db.h"
#include "classify.h"
#include "dsn.h"
#include "generated-part.h"
#include "log.h"
#include "owner-text.h"
#include "record.h"
#include "textid.h"

/* How much text the language identifier is given. */
#define HUMAN_TEXT_MAX 1500
#define SYSTEM_TEXT_MAX 2000
/* Below this confidence a language is not recorded ("und"). */
#define MIN_LANGUAGE_CONFIDENCE 0.5

/* Messages handed to the compute thread at a time, and how many such
 * batches may be on their way at once (bounds the memory in flight). */
#define BATCH_MESSAGES 64
#define BATCHES_IN_FLIGHT 8

/* Columns of ROWS_SQL: the message (0 to 9), then its stored analysis. */
#define ROW_COLUMNS 10
#define STORED_COLUMNS 11

/* One message on its way through the pass: read by the main thread,
 * analysed by the compute thread, stored by the main thread. */
struct job {
	long long id;
	char *row[ROW_COLUMNS];          /* ROWS_SQL's columns 0-9 (0 unused) */
	char *stored[STORED_COLUMNS];    /* the stored analysis, as text */
	int stored_type[STORED_COLUMNS]; /* SQLITE_NULL, SQLITE_TEXT, ... */
	double stored_confidence;
	GPtrArray *headers;              /* struct mc_header */
	GArray *recipients;              /* struct mc_classify_recipient */
	GPtrArray *att_types;            /* char * */
	/* results */
	struct mc_classify_result cr;
	struct mc_dsn_report rep;
	struct mc_gen_part parts[MC_GEN_N_BASES]; /* what each basis located */
	char syslang[16];
	char sysbasis[160];
	const char *sysprefix;           /* into parts / cr */
	struct mc_textid tid;
	const char *client, *client_kind;  /* into headers / static */
};

struct batch {
	size_t n;
	struct job jobs[BATCH_MESSAGES];
};

/* A FIFO of batches between the two threads. Plain pthread primitives,
 * so that ThreadSanitizer sees the hand-off (GLib's own locks are futex
 * code it cannot follow). */
struct handoff {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	GQueue items;
};

struct pass {
	sqlite3 *db;
	sqlite3_stmt *rows, *headers, *recipients, *attachments, *update, *report;
	sqlite3_stmt *structure, *original;  /* the generated part's bases */
	struct mc_identity_alias *aliases;   /* read by the compute thread too */
	size_t n_aliases;
	struct mc_analyze_totals *totals;
	int no_prefix_table;                 /* mc_analyze_options */
	struct handoff todo, done;           /* struct batch *; &pass ends todo */
};

/* Columns 10 to 20 are the stored analysis, in the order of UPDATE_SQL's
 * ?2 to ?12: a message whose analysis is unchanged (a second analyze, or
 * the messages already there when analyze follows a new ingest) is not
 * written again. Rewriting a row rewrites all of it, body included, and
 * journals its pages. */
static const char ROWS_SQL[] =
	"SELECT m.id, m.message_class, m.subject, m.from_name, m.from_addr, m.from_exdn,"
	" m.content_type, m.body_text, m.origin, e.mailbox,"
	" m.system_kind, m.system_reason, m.system_identity, m.system_language,"
	" m.system_prefix, m.language, m.language_confidence, m.script, m.client_kind, m.client,"
	" m.system_language_basis"
	" FROM messages m JOIN evidence e ON e.id = m.evidence_id ORDER BY m.id";
#define STORED_COLUMN 10
static const char UPDATE_SQL[] =
	"UPDATE messages SET system_kind = ?2, system_reason = ?3, system_identity = ?4,"
	" system_language = ?5, system_prefix = ?6, language = ?7, language_confidence = ?8,"
	" script = ?9, client_kind = ?10, client = ?11, system_language_basis = ?12 WHERE id = ?1";
/* What the structure of a system message says about its generated part:
 * In-Reply-To, the stored conversation topic and subject prefix. */
static const char STRUCTURE_SQL[] =
	"SELECT m.in_reply_to, m.conversation_topic,"
	" (SELECT value FROM message_props p WHERE p.message_id = m.id"
	"   AND p.name = 'subject_prefix' LIMIT 1)"
	" FROM messages m WHERE m.id = ?";
/* The subject of the message another one answers (messages_message_id). */
static const char ORIGINAL_SQL[] =
	"SELECT subject FROM messages WHERE message_id = ?1 AND id <> ?2"
	" AND subject IS NOT NULL ORDER BY id LIMIT 1";

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

/* ---- reading one message (main thread) ---- */

static void free_header(gpointer p)
{
	struct mc_header *h = p;
	g_free(h->name);
	g_free(h->value);
	g_free(h);
}

static void free_recipient(gpointer p)
{
	struct mc_classify_recipient *r = p;
	g_free((char *)r->kind);
	g_free((char *)r->name);
	g_free((char *)r->addr);
	g_free((char *)r->exdn);
}

/* Copies the current row of ps->rows and the message's headers,
 * recipients and attachment types into j. */
static void load_job(struct pass *ps, struct job *j)
{
	sqlite3_stmt *r = ps->rows;
	memset(j, 0, sizeof *j);
	j->id = sqlite3_column_int64(r, 0);
	for (int i = 1; i < ROW_COLUMNS; i++)
		j->row[i] = g_strdup(col(r, i));
	for (int i = 0; i < STORED_COLUMNS; i++)
		j->stored_type[i] = sqlite3_column_type(r, STORED_COLUMN + i);
	/* The confidence as the REAL it is (asking for its text would convert
	 * the column's value); the others as text. */
	j->stored_confidence = sqlite3_column_double(r, STORED_COLUMN + 6);
	for (int i = 0; i < STORED_COLUMNS; i++)
		if (i != 6)
			j->stored[i] = g_strdup(col(r, STORED_COLUMN + i));

	j->headers = g_ptr_array_new_with_free_func(free_header);
	sqlite3_bind_int64(ps->headers, 1, j->id);
	while (sqlite3_step(ps->headers) == SQLITE_ROW) {
		struct mc_header *h = g_new0(struct mc_header, 1);
		h->name = g_strdup(col(ps->headers, 0));
		h->value = g_strdup(col(ps->headers, 1));
		g_ptr_array_add(j->headers, h);
	}
	sqlite3_reset(ps->headers);
	j->recipients = g_array_new(FALSE, TRUE, sizeof(struct mc_classify_recipient));
	g_array_set_clear_func(j->recipients, free_recipient);
	sqlite3_bind_int64(ps->recipients, 1, j->id);
	while (sqlite3_step(ps->recipients) == SQLITE_ROW) {
		struct mc_classify_recipient rc = {
			g_strdup(col(ps->recipients, 0)), g_strdup(col(ps->recipients, 1)),
			g_strdup(col(ps->recipients, 2)), g_strdup(col(ps->recipients, 3))
		};
		g_array_append_val(j->recipients, rc);
	}
	sqlite3_reset(ps->recipients);
	j->att_types = g_ptr_array_new_with_free_func(g_free);
	sqlite3_bind_int64(ps->attachments, 1, j->id);
	while (sqlite3_step(ps->attachments) == SQLITE_ROW)
		g_ptr_array_add(j->att_types, g_strdup(col(ps->attachments, 0)));
	sqlite3_reset(ps->attachments);
}

static void clear_job(struct job *j)
{
	mc_report_clear(&j->rep);
	for (int i = 0; i < ROW_COLUMNS; i++)
		g_free(j->row[i]);
	for (int i = 0; i < STORED_COLUMNS; i++)
		g_free(j->stored[i]);
	g_ptr_array_free(j->headers, TRUE);
	g_array_free(j->recipients, TRUE);
	g_ptr_array_free(j->att_types, TRUE);
}

/* ---- the hand-off ---- */

static void handoff_init(struct handoff *h)
{
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->ready, NULL);
	g_queue_init(&h->items);
}

static void handoff_destroy(struct handoff *h)
{
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->ready);
	g_queue_clear(&h->items);
}

static void handoff_push(struct handoff *h, void *item)
{
	pthread_mutex_lock(&h->lock);
	g_queue_push_tail(&h->items, item);
	pthread_cond_signal(&h->ready);
	pthread_mutex_unlock(&h->lock);
}

/* The oldest item; waits for one when wait, else NULL when there is none. */
static void *handoff_pop(struct handoff *h, int wait)
{
	pthread_mutex_lock(&h->lock);
	while (wait && g_queue_is_empty(&h->items))
		pthread_cond_wait(&h->ready, &h->lock);
	void *item = g_queue_pop_head(&h->items);
	pthread_mutex_unlock(&h->lock);
	return item;
}

/* ---- analysing one message (compute thread) ---- */

/* The bases the classifier's result gives (the structure's are added by
 * the main thread, structure_parts()): `table`, the localized prefix the
 * classifier matched in the subject; `boilerplate`, the one it matched in
 * the body, else the generated text before a report's fields (an NDR's or
 * receipt's boilerplate), identified. */
static void classifier_parts(const struct mc_classify_result *cr, const char *body,
                             const struct mc_dsn_report *rep, struct mc_gen_part *parts)
{
	memset(parts, 0, sizeof(struct mc_gen_part) * MC_GEN_N_BASES);
	if (cr->prefix[0] && cr->prefix_lang[0]) {
		struct mc_gen_part *p = &parts[strcmp(cr->prefix_where, "body") == 0
		                               ? MC_GEN_BOILERPLATE : MC_GEN_TABLE];
		p->found = p->from_table = 1;
		g_strlcpy(p->fragment, cr->prefix, sizeof p->fragment);
		g_strlcpy(p->language, cr->prefix_lang, sizeof p->language);
		g_strlcpy(p->script, mc_script_of(cr->prefix, strlen(cr->prefix)), sizeof p->script);
	}
	if (!body || parts[MC_GEN_BOILERPLATE].found || cr->kind_id == MC_SYS_AUTO_REPLY ||
	    cr->kind_id == MC_SYS_LIST_OR_BULK || cr->kind_id == MC_SYS_MEETING_RESPONSE)
		return;
	size_t n = rep->type != MC_REPORT_NONE && rep->offset > 0 ? rep->offset : strlen(body);
	if (n > SYSTEM_TEXT_MAX)
		n = SYSTEM_TEXT_MAX;
	struct mc_textid id;
	mc_textid_identify(body, n, &id);
	if (id.letters == 0)
		return;
	struct mc_gen_part *p = &parts[MC_GEN_BOILERPLATE];
	p->found = 1;
	g_strlcpy(p->script, id.script, sizeof p->script);
	if (id.confidence >= MIN_LANGUAGE_CONFIDENCE && strcmp(id.language, "und") != 0)
		g_strlcpy(p->language, id.language, sizeof p->language);
}

static void compute_job(const struct pass *ps, struct job *j)
{
	const char *subject = j->row[2], *body = j->row[7];
	mc_report_parse(body, body ? strlen(body) : 0, &j->rep);
	/* The classifier takes headers as an array of structs. */
	struct mc_header *hdrs = g_new0(struct mc_header, j->headers->len + 1);
	for (guint i = 0; i < j->headers->len; i++)
		hdrs[i] = *(struct mc_header *)g_ptr_array_index(j->headers, i);
	struct mc_classify_input in = {
		.message_class = j->row[1], .subject = subject, .from_name = j->row[3],
		.from_addr = j->row[4], .from_exdn = j->row[5], .content_type = j->row[6],
		.body_text = body,
		.headers = hdrs, .n_headers = j->headers->len,
		.recipients = (const struct mc_classify_recipient *)j->recipients->data,
		.n_recipients = j->recipients->len,
		.attachment_types = (const char *const *)j->att_types->pdata,
		.n_attachments = j->att_types->len,
		.mailbox_owner = j->row[9],
		.aliases = ps->aliases, .n_aliases = ps->n_aliases,
		.origin_hidden = j->row[8] && strcmp(j->row[8], "hidden") == 0,
		.report = &j->rep,
		.no_prefix_table = ps->no_prefix_table,
	};
	struct mc_classify_result *cr = &j->cr;
	mc_classify(&in, cr);
	g_free(hdrs);
	if (cr->kind)
		classifier_parts(cr, body, &j->rep, j->parts);

	size_t prefix_len = cr->kind && strcmp(cr->prefix_where, "subject") == 0 && subject &&
	                    cr->prefix[0] && strstr(subject, cr->prefix) == subject
	                    ? strlen(cr->prefix) : 0;
	if (cr->kind_id == MC_SYS_AUTO_REPLY) {
		/* the reply's own text; its subject is the original sender's */
		char own[HUMAN_TEXT_MAX + 1];
		size_t n = mc_owner_text(body, body ? strlen(body) : 0, own, HUMAN_TEXT_MAX);
		mc_textid_identify(own, n, &j->tid);
	} else {
		GString *human = human_text(subject, prefix_len, cr->kind ? NULL : body);
		mc_textid_identify(human->str, human->len, &j->tid);
		g_string_free(human, TRUE);
	}
	j->client = client_of(j->headers, &j->client_kind);
}

static void *compute_thread(void *data)
{
	struct pass *ps = data;
	struct batch *b;
	while ((b = handoff_pop(&ps->todo, 1)) != (void *)ps) {
		for (size_t i = 0; i < b->n; i++)
			compute_job(ps, &b->jobs[i]);
		handoff_push(&ps->done, b);
	}
	return NULL;
}

/* ---- the generated part from the message's structure (main thread) ---- */

static const char *header_value(const GPtrArray *headers, const char *name)
{
	for (guint i = 0; i < headers->len; i++) {
		const struct mc_header *h = g_ptr_array_index(headers, i);
		if (g_ascii_strcasecmp(h->name, name) == 0 && h->value && h->value[0])
			return h->value;
	}
	return NULL;
}

/* The subject of the message with Message-ID `msgid` in the case, or NULL. */
static char *original_subject(struct pass *ps, long long self, const char *msgid, size_t n)
{
	if (n == 0)
		return NULL;
	sqlite3_stmt *st = ps->original;
	sqlite3_bind_text(st, 1, msgid, (int)n, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, self);
	char *subject = sqlite3_step(st) == SQLITE_ROW ? g_strdup(col(st, 0)) : NULL;
	sqlite3_reset(st);
	return subject;
}

/* The original a system message answers: In-Reply-To, then each of
 * References from the last (the direct parent) back. */
static char *find_original(struct pass *ps, const struct job *j, const char *in_reply_to)
{
	char *subject = in_reply_to ? original_subject(ps, j->id, in_reply_to, strlen(in_reply_to))
	                            : NULL;
	const char *refs = header_value(j->headers, "References");
	for (const char *end = refs ? refs + strlen(refs) : NULL; !subject && end;) {
		const char *close = g_strrstr_len(refs, end - refs, ">");
		const char *open = close ? g_strrstr_len(refs, close - refs, "<") : NULL;
		if (!open)
			break;
		subject = original_subject(ps, j->id, open + 1, (size_t)(close - open - 1));
		end = open;
	}
	return subject;
}

/* Adds the bases mapi-prefix, thread-topic and original-subject to a
 * system message's parts. Lookups by index, one message at a time, so the
 * memory of the pass does not grow with the case. */
static void structure_parts(struct pass *ps, struct job *j)
{
	const char *subject = j->row[2];
	if (!subject || !*subject || j->cr.kind_id == MC_SYS_LIST_OR_BULK)
		return;
	sqlite3_stmt *st = ps->structure;
	sqlite3_bind_int64(st, 1, j->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return;
	}
	char frag[MC_GEN_FRAGMENT_MAX];
	if (mc_gen_fragment_of_prefix(col(st, 2), frag))
		mc_gen_set(&j->parts[MC_GEN_MAPI_PREFIX], frag);
	const char *topic = header_value(j->headers, "Thread-Topic");
	if (!topic)
		topic = col(st, 1);
	if (mc_gen_fragment_around(subject, topic, frag))
		mc_gen_set(&j->parts[MC_GEN_THREAD_TOPIC], frag);
	char *original = find_original(ps, j, col(st, 0));
	sqlite3_reset(st);
	if (mc_gen_fragment_around(subject, original, frag))
		mc_gen_set(&j->parts[MC_GEN_ORIGINAL_SUBJECT], frag);
	g_free(original);
}

/* system_language, its basis and system_prefix, from every basis. */
static void decide_system_language(struct pass *ps, struct job *j)
{
	j->syslang[0] = j->sysbasis[0] = '\0';
	j->sysprefix = NULL;
	if (!j->cr.kind)
		return;
	structure_parts(ps, j);
	int best;
	mc_gen_decide(j->parts, &best, j->syslang, j->sysbasis, sizeof j->sysbasis);
	j->sysprefix = best >= 0 && j->parts[best].fragment[0] ? j->parts[best].fragment
	                                                       : j->cr.prefix;
}

/* ---- storing one message's analysis (main thread) ---- */

static int store_report(struct pass *ps, long long id, const struct mc_dsn_report *rep)
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

/* Whether the stored column i of the job holds what bind_text(s) would
 * store. */
static int stored_same(const struct job *j, int i, const char *s)
{
	if (!s || !*s)
		return j->stored_type[i] == SQLITE_NULL;
	return j->stored_type[i] == SQLITE_TEXT && strcmp(j->stored[i], s) == 0;
}

static int store_job(struct pass *ps, struct job *j)
{
	const struct mc_classify_result *cr = &j->cr;
	const struct mc_textid *tid = &j->tid;
	decide_system_language(ps, j);
	int known = strcmp(tid->language, "und") != 0 && tid->confidence >= MIN_LANGUAGE_CONFIDENCE;
	const char *text[11] = {
		[2] = cr->kind, [3] = cr->kind ? cr->reason : NULL, [4] = cr->kind ? cr->identity : NULL,
		[5] = j->syslang, [6] = j->sysprefix, [7] = known ? tid->language : "und",
		[9] = tid->script, [10] = j->client_kind,
	};
	int same = j->stored_type[6] == SQLITE_FLOAT && j->stored_confidence == tid->confidence &&
	           stored_same(j, 9, j->client) && stored_same(j, 10, j->sysbasis);
	for (int i = 2; same && i <= 10; i++)
		if (i != 8)
			same = stored_same(j, i - 2, text[i]);
	int rc = 0;
	if (!same) {
		sqlite3_stmt *u = ps->update;
		sqlite3_bind_int64(u, 1, j->id);
		for (int i = 2; i <= 10; i++)
			if (i != 8)
				bind_text(u, i, text[i]);
		sqlite3_bind_double(u, 8, tid->confidence);
		bind_text(u, 11, j->client);
		bind_text(u, 12, j->sysbasis);
		rc = sqlite3_step(u) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(u);
	}
	if (rc == 0 && cr->kind)
		rc = store_report(ps, j->id, &j->rep);
	if (cr->kind)
		ps->totals->system_messages++;
	ps->totals->messages++;
	if (rc != 0)
		mc_error("analyze: cannot store the analysis of message %lld: %s", j->id,
		         sqlite3_errmsg(ps->db));
	return rc;
}

/* Stores (unless rc is already an error) and frees a batch back from the
 * compute thread. */
static int store_batch(struct pass *ps, struct batch *b, int rc, uint64_t *n)
{
	for (size_t i = 0; i < b->n; i++) {
		if (rc == 0)
			rc = store_job(ps, &b->jobs[i]);
		clear_job(&b->jobs[i]);
		if ((++*n & 1023) == 0)
			mc_progress_update(*n, *n, "classifying messages");
	}
	g_free(b);
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

/*
 * Reading and writing the case stay on this thread (one SQLite connection);
 * classification and text identification, about half of the pass, run on a
 * second one. Batches go there and come back in the order they were read
 * (one compute thread, two FIFO queues), so rows are written in message
 * order and the case is the same as a single-threaded pass would make it.
 */
int mc_analyze_messages(sqlite3 *db, const struct mc_identities *ids,
                        const struct mc_analyze_options *opts,
                        struct mc_analyze_totals *totals)
{
	struct pass ps = { .db = db, .totals = totals,
	                   .no_prefix_table = opts && opts->no_prefix_table };
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
	ps.structure = mc_case_prepare(db, STRUCTURE_SQL);
	ps.original = mc_case_prepare(db, ORIGINAL_SQL);
	int rc = ps.rows && ps.headers && ps.recipients && ps.attachments && ps.update &&
	         ps.report && ps.structure && ps.original ? 0 : -1;
	load_aliases(&ps, ids);
	mc_textid_init();
	handoff_init(&ps.todo);
	handoff_init(&ps.done);
	pthread_t thread;
	int threaded = pthread_create(&thread, NULL, compute_thread, &ps) == 0;
	if (!threaded && rc == 0) {
		mc_error("analyze: cannot start a thread");
		rc = -1;
	}

	uint64_t n = 0;
	unsigned in_flight = 0;
	struct batch *b = NULL;
	int more = rc == 0;
	while (more || in_flight > 0) {
		if (more) {
			if (!b) {
				b = g_new(struct batch, 1);
				b->n = 0;
			}
			int step = rc == 0 ? sqlite3_step(ps.rows) : SQLITE_DONE;
			more = step == SQLITE_ROW;
			if (step != SQLITE_ROW && step != SQLITE_DONE) {
				/* Not the end of the messages: an interrupt or a damaged case. */
				mc_error("%s: analyze: reading the messages: %s", mc_case_path(db),
				         sqlite3_errmsg(db));
				rc = -1;
			}
			if (more)
				load_job(&ps, &b->jobs[b->n++]);
			if (b->n == BATCH_MESSAGES || (!more && b->n > 0)) {
				handoff_push(&ps.todo, b);
				in_flight++;
				b = NULL;
			}
		}
		/* Store what came back: all that is ready, and wait for one when
		 * enough are on their way or nothing is left to read. */
		struct batch *back;
		while (in_flight > 0 &&
		       (back = handoff_pop(&ps.done, in_flight >= BATCHES_IN_FLIGHT || !more))) {
			in_flight--;
			rc = store_batch(&ps, back, rc, &n);
		}
	}
	g_free(b);
	if (threaded) {
		handoff_push(&ps.todo, &ps);   /* the end */
		pthread_join(thread, NULL);
	}
	handoff_destroy(&ps.todo);
	handoff_destroy(&ps.done);
	g_free(ps.aliases);
	sqlite3_finalize(ps.rows);
	sqlite3_finalize(ps.headers);
	sqlite3_finalize(ps.recipients);
	sqlite3_finalize(ps.attachments);
	sqlite3_finalize(ps.update);
	sqlite3_finalize(ps.report);
	sqlite3_finalize(ps.structure);
	sqlite3_finalize(ps.original);
	return rc;
}
