/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * dsn.c: owns the parsing of RFC 3464 delivery-status and RFC 8098
 * disposition-notification fields out of report text or an ingested
 * body_text (see dsn.h).
 */

#include <string.h>
#include <glib.h>

#include "dsn.h"

#define MAX_FIELDS 4096
#define MAX_VALUE  (64 * 1024)
#define MAX_NAME   128

enum { F_OTHER, F_MESSAGE, F_RECIPIENT };

static const struct { const char *name; int scope; } known_fields[] = {
	{ "Reporting-MTA", F_MESSAGE }, { "Arrival-Date", F_MESSAGE },
	{ "Original-Envelope-Id", F_MESSAGE }, { "Received-From-MTA", F_MESSAGE },
	{ "DSN-Gateway", F_MESSAGE }, { "Reporting-UA", F_MESSAGE },
	{ "MDN-Gateway", F_MESSAGE }, { "Original-Message-ID", F_MESSAGE },
	{ "Disposition", F_RECIPIENT }, { "Final-Recipient", F_RECIPIENT },
	{ "Original-Recipient", F_RECIPIENT }, { "Action", F_RECIPIENT },
	{ "Status", F_OTHER }, { "Remote-MTA", F_OTHER },
	{ "Diagnostic-Code", F_OTHER }, { "Last-Attempt-Date", F_OTHER },
	{ "Will-Retry-Until", F_OTHER }, { "Final-Log-ID", F_OTHER },
	{ "Failure", F_OTHER }, { "Error", F_OTHER }, { "Warning", F_OTHER },
};

/* The canonical spelling and scope of a known field, or NULL. */
static const char *known(const char *name, size_t len, int *scope)
{
	for (size_t i = 0; i < G_N_ELEMENTS(known_fields); i++)
		if (strlen(known_fields[i].name) == len &&
		    g_ascii_strncasecmp(known_fields[i].name, name, len) == 0) {
			*scope = known_fields[i].scope;
			return known_fields[i].name;
		}
	*scope = F_OTHER;
	return NULL;
}

/* One physical line. */
struct line {
	const char *p;
	size_t len;
};

static int is_blank(const struct line *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t')
			return 0;
	return 1;
}

/* Length of the field name at the start of a line ("Action"), 0 if the
 * line is not "name: value". */
static size_t field_name_len(const struct line *l)
{
	size_t i = 0;
	while (i < l->len && i < MAX_NAME &&
	       (g_ascii_isalnum(l->p[i]) || l->p[i] == '-' || l->p[i] == '_'))
		i++;
	if (i == 0 || i >= l->len)
		return 0;
	size_t j = i;
	while (j < l->len && (l->p[j] == ' ' || l->p[j] == '\t'))
		j++;
	return j < l->len && l->p[j] == ':' ? i : 0;
}

/* A logical field of a block: name and unfolded value. */
struct pfield {
	char *name;          /* canonical or as written */
	int scope;
	int is_known;
	GString *value;
};

struct block {
	GArray *fields;      /* struct pfield */
	size_t garbage;
	int has_message, has_recipient;
};

static void append_value(GString *v, const char *p, size_t len)
{
	while (len && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (!len)
		return;
	if (v->len && v->len < MAX_VALUE)
		g_string_append_c(v, ' ');
	for (size_t i = 0; i < len && v->len < MAX_VALUE; i++)
		g_string_append_c(v, p[i] ? p[i] : ' ');
}

static void block_parse(struct block *b, const struct line *lines, size_t n)
{
	b->fields = g_array_new(FALSE, TRUE, sizeof(struct pfield));
	b->garbage = 0;
	b->has_message = b->has_recipient = 0;
	for (size_t i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		if ((l->p[0] == ' ' || l->p[0] == '\t')) {
			if (b->fields->len) {   /* folded continuation */
				struct pfield *f = &g_array_index(b->fields, struct pfield,
				                                  b->fields->len - 1);
				append_value(f->value, l->p, l->len);
			} else {
				b->garbage++;
			}
			continue;
		}
		size_t nl = field_name_len(l);
		if (!nl) {
			b->garbage++;
			continue;
		}
		struct pfield f = { 0 };
		const char *canon = known(l->p, nl, &f.scope);
		f.is_known = canon != NULL;
		f.name = canon ? g_strdup(canon) : g_strndup(l->p, nl);
		f.value = g_string_new(NULL);
		const char *colon = memchr(l->p + nl, ':', l->len - nl);
		append_value(f.value, colon + 1, (size_t)(l->p + l->len - colon - 1));
		if (f.scope == F_MESSAGE)
			b->has_message = 1;
		if (f.scope == F_RECIPIENT)
			b->has_recipient = 1;
		g_array_append_val(b->fields, f);
	}
}

static void block_free(struct block *b)
{
	for (guint i = 0; i < b->fields->len; i++) {
		struct pfield *f = &g_array_index(b->fields, struct pfield, i);
		g_free(f->name);
		if (f->value)
			g_string_free(f->value, TRUE);
	}
	g_array_free(b->fields, TRUE);
}

static int block_is_report(const struct block *b)
{
	return (b->has_message || b->has_recipient) &&
	       b->garbage <= b->fields->len;
}

/* Does recipient `rec` already have a field named `name` (since `from`)? */
static int rec_has(GArray *out, size_t from, int rec, const char *name)
{
	for (size_t i = from; i < out->len; i++) {
		struct mc_report_field *f = &g_array_index(out, struct mc_report_field, i);
		if (f->recipient == rec && g_ascii_strcasecmp(f->name, name) == 0)
			return 1;
	}
	return 0;
}

/* Splits text into physical lines (LF, CRLF or CR). */
static GArray *split_lines(const char *text, size_t len)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct line));
	size_t i = 0;
	while (i < len) {
		size_t s = i;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		struct line l = { text + s, i - s };
		g_array_append_val(a, l);
		if (i < len && text[i] == '\r') {
			i++;
			if (i < len && text[i] == '\n')   /* CRLF */
				i++;
		} else if (i < len) {
			i++;                               /* LF */
		}
	}
	return a;
}

enum mc_report_type mc_report_parse(const char *text, size_t len,
                                    struct mc_dsn_report *out)
{
	memset(out, 0, sizeof *out);
	if (!text || !len)
		return MC_REPORT_NONE;
	GArray *lines = split_lines(text, len);
	GArray *fields = g_array_new(FALSE, TRUE, sizeof(struct mc_report_field));
	int in_report = 0, rec = 0, nrec = 0, mdn = 0, dsn = 0;
	size_t report_from = 0;   /* first field of the current report */
	guint i = 0;
	while (i < lines->len) {
		struct line *l = &g_array_index(lines, struct line, i);
		if (is_blank(l)) {
			i++;
			continue;
		}
		guint s = i;
		while (i < lines->len && !is_blank(&g_array_index(lines, struct line, i)))
			i++;
		struct block b;
		block_parse(&b, &g_array_index(lines, struct line, s), i - s);
		if (!block_is_report(&b)) {
			in_report = 0;
			block_free(&b);
			continue;
		}
		if (!in_report) {
			in_report = 1;
			report_from = fields->len;
			rec = 0;
			if (!out->offset && !fields->len)
				out->offset = (size_t)(g_array_index(lines, struct line, s).p - text);
		}
		/* A block that opens with recipient fields is a new recipient. */
		if (!b.has_message)
			rec = ++nrec;
		out->skipped_lines += b.garbage;
		for (guint k = 0; k < b.fields->len; k++) {
			struct pfield *f = &g_array_index(b.fields, struct pfield, k);
			if (f->scope == F_RECIPIENT &&
			    (rec == 0 || rec_has(fields, report_from, rec, f->name)) &&
			    g_ascii_strcasecmp(f->name, "Disposition") != 0)
				rec = ++nrec;   /* recipient fields without a blank line */
			if (g_ascii_strcasecmp(f->name, "Disposition") == 0)
				mdn = 1;
			if (f->is_known && (g_ascii_strcasecmp(f->name, "Action") == 0 ||
			                    g_ascii_strcasecmp(f->name, "Status") == 0 ||
			                    g_ascii_strcasecmp(f->name, "Final-Recipient") == 0))
				dsn = 1;
			if (fields->len >= MAX_FIELDS)
				continue;
			struct mc_report_field rf = { rec, f->name,
			                              g_string_free(f->value, FALSE) };
			f->name = NULL;
			f->value = NULL;
			g_array_append_val(fields, rf);
		}
		block_free(&b);
	}
	g_array_free(lines, TRUE);
	if (!mdn && !dsn) {
		out->n_fields = fields->len;
		out->fields = (struct mc_report_field *)g_array_free(fields, FALSE);
		mc_report_clear(out);
		return MC_REPORT_NONE;
	}
	out->type = mdn ? MC_REPORT_MDN : MC_REPORT_DSN;
	if (mdn) {
		for (guint k = 0; k < fields->len; k++)
			g_array_index(fields, struct mc_report_field, k).recipient = 0;
		nrec = 0;
	}
	out->n_recipients = nrec;
	out->n_fields = fields->len;
	out->fields = (struct mc_report_field *)g_array_free(fields, FALSE);
	return out->type;
}

void mc_report_clear(struct mc_dsn_report *r)
{
	for (size_t i = 0; i < r->n_fields; i++) {
		g_free(r->fields[i].name);
		g_free(r->fields[i].value);
	}
	g_free(r->fields);
	memset(r, 0, sizeof *r);
}

const char *mc_report_get(const struct mc_dsn_report *r, int recipient,
                          const char *name)
{
	if (!r)
		return NULL;
	for (size_t i = 0; i < r->n_fields; i++)
		if ((recipient < 0 || r->fields[i].recipient == recipient) &&
		    g_ascii_strcasecmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

void mc_report_value_after_type(const char *value, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	if (!value)
		return;
	const char *semi = strchr(value, ';');
	const char *p = semi ? semi + 1 : value;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n >= 2 && p[0] == '<' && p[n - 1] == '>') {
		p++;
		n -= 2;
	}
	if (n >= size) {
		/* cut between UTF-8 characters, not inside one */
		n = size - 1;
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, p, n);
	out[n] = '\0';
}
