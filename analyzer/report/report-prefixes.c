/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * report-prefixes.c: the generated fragments of a case (report-prefixes.h):
 * three grouped queries on messages (the rows; their identities; their
 * bases) merged by row, whether the prefix table knows each fragment, and
 * the order that puts what it does not know first.
 */

#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "log.h"
#include "report-prefixes.h"
#include "system-prefixes.h"
#include "textid.h"

/* The separator of a "before … after" fragment (generated-part.h). */
static const char BOTH_SIDES[] = " \u2026 ";

static int body_known(const char *fragment)
{
	char *f = g_utf8_casefold(fragment, -1);
	g_strstrip(f);
	int known = 0;
	for (size_t i = 0; i < mc_n_system_prefixes && !known; i++) {
		const struct mc_system_prefix *e = &mc_system_prefixes[i];
		if (e->where != MC_PFX_BODY)
			continue;
		char *t = g_utf8_casefold(e->text, -1);
		known = strcmp(f, t) == 0;
		g_free(t);
	}
	g_free(f);
	return known;
}

int mc_prefix_fragment_known(const char *fragment)
{
	if (!fragment || !g_utf8_validate(fragment, -1, NULL))
		return 0;
	if (body_known(fragment))
		return 1;
	gchar **sides = g_strsplit(fragment, BOTH_SIDES, -1);
	int known = sides[0] != NULL;
	for (gchar **s = sides; *s && known; s++)
		known = mc_prefix_whole_fragment(g_strstrip(*s)) != NULL;
	g_strfreev(sides);
	return known;
}

/* ---- reading ---- */

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The key of a row: fragment, kind and language (NULL distinct from any). */
static char *row_key(sqlite3_stmt *st)
{
	return g_strdup_printf("%s\x1f%s\x1f%c%s", col(st, 0) ? col(st, 0) : "",
	                       col(st, 1) ? col(st, 1) : "", col(st, 2) ? 'L' : 'N',
	                       col(st, 2) ? col(st, 2) : "");
}

/* Columns 0..2 of every query: the row's key. */
#define SELECTED "system_kind IS NOT NULL AND system_prefix IS NOT NULL AND system_prefix <> ''"

static char *script_of_basis(const char *basis)
{
	const char *s = basis ? strstr(basis, ";script=") : NULL;
	if (!s)
		return NULL;
	s += strlen(";script=");
	return g_strndup(s, strcspn(s, ";+"));
}

static void read_row(sqlite3_stmt *st, struct mc_prefix_row *w)
{
	w->fragment = g_strdup(col(st, 0));
	w->kind = g_strdup(col(st, 1));
	w->language = g_strdup(col(st, 2));
	w->count = sqlite3_column_int64(st, 3);
	w->n_identities = sqlite3_column_int64(st, 4);
	w->first_seen = g_strdup(col(st, 5));
	w->last_seen = g_strdup(col(st, 6));
	w->script = w->language ? NULL : script_of_basis(col(st, 7));
	if (!w->script)
		w->script = g_strdup(mc_script_of(w->fragment, strlen(w->fragment)));
	w->known = mc_prefix_fragment_known(w->fragment);
}

/* Moves list[i] up while it has more messages than the one before. */
static void bubble_up(struct mc_prefix_named_count *list, int i)
{
	for (; i > 0 && list[i].count > list[i - 1].count; i--) {
		struct mc_prefix_named_count t = list[i];
		list[i] = list[i - 1];
		list[i - 1] = t;
	}
}

/* Adds count to name in the row's list of n (at most max), keeping it
 * sorted by count, most first. */
static void add_named(struct mc_prefix_named_count *list, int *n, int max, const char *name,
                      long long count)
{
	for (int i = 0; i < *n; i++)
		if (g_strcmp0(list[i].name, name) == 0) {
			list[i].count += count;
			bubble_up(list, i);
			return;
		}
	if (*n >= max)
		return;
	list[*n] = (struct mc_prefix_named_count){ g_strdup(name), count };
	bubble_up(list, (*n)++);
}

/* Runs a query whose columns 0..2 are a row's key, 3 a name and 4 a count,
 * adding each to the row's identities (which) or bases. */
static int merge(sqlite3 *db, const char *sql, GHashTable *index, GArray *rows, int identities)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *key = row_key(st);
		gpointer at = g_hash_table_lookup(index, key);
		g_free(key);
		if (!at)
			continue;
		struct mc_prefix_row *w = &g_array_index(rows, struct mc_prefix_row, GPOINTER_TO_UINT(at) - 1);
		long long count = sqlite3_column_int64(st, 4);
		if (identities) {
			add_named(w->identities, &w->n_identities_kept, MC_PREFIX_IDENTITIES_KEPT,
			          col(st, 3), count);
		} else {
			const char *basis = col(st, 3);
			char *head = basis ? g_strndup(basis, strcspn(basis, "+;")) : NULL;
			add_named(w->bases, &w->n_bases, MC_PREFIX_BASES_KEPT, head, count);
			g_free(head);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		mc_error("%s: %s", mc_case_path(db), sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int row_order(gconstpointer a, gconstpointer b)
{
	const struct mc_prefix_row *x = a, *y = b;
	if (x->known != y->known)
		return x->known - y->known;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	int c = strcmp(x->fragment, y->fragment);
	if (!c)
		c = g_strcmp0(x->kind, y->kind);
	return c ? c : g_strcmp0(x->language, y->language);
}

static void row_clear(struct mc_prefix_row *w)
{
	g_free(w->fragment);
	g_free(w->kind);
	g_free(w->language);
	g_free(w->script);
	g_free(w->first_seen);
	g_free(w->last_seen);
	for (int i = 0; i < w->n_identities_kept; i++)
		g_free(w->identities[i].name);
	for (int i = 0; i < w->n_bases; i++)
		g_free(w->bases[i].name);
}

static int read_all(sqlite3 *db, const char *basis, GArray *rows)
{
	GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *sql = g_strdup_printf(
		"SELECT system_prefix, system_kind, system_language, count(*),"
		" count(DISTINCT system_identity), min(date_utc), max(date_utc),"
		" max(CASE WHEN instr(%s, ';script=') > 0 THEN %s END)"
		" FROM messages WHERE " SELECTED " GROUP BY 1, 2, 3", basis, basis);
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	g_free(sql);
	int rc = st ? SQLITE_ROW : SQLITE_ERROR;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mc_prefix_row w = { 0 };
		read_row(st, &w);
		g_array_append_val(rows, w);
		g_hash_table_insert(index, row_key(st), GUINT_TO_POINTER(rows->len));
	}
	if (st && rc != SQLITE_DONE)
		mc_error("%s: %s", mc_case_path(db), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	int status = rc == SQLITE_DONE ? 0 : -1;
	if (status == 0)
		status = merge(db, "SELECT system_prefix, system_kind, system_language, system_identity,"
		               " count(*) FROM messages WHERE " SELECTED " AND system_identity IS NOT NULL"
		               " GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 4", index, rows, 1);
	if (status == 0) {
		sql = g_strdup_printf("SELECT system_prefix, system_kind, system_language, %s, count(*)"
		                      " FROM messages WHERE " SELECTED " GROUP BY 1, 2, 3, 4", basis);
		status = merge(db, sql, index, rows, 0);
		g_free(sql);
	}
	g_hash_table_destroy(index);
	return status;
}

int mc_prefixes_read(sqlite3 *db, int unknown_only, struct mc_prefix_list *out)
{
	memset(out, 0, sizeof *out);
	/* system_language_basis came with schema version 5. */
	const char *basis = mc_case_version(db) >= 5 ? "system_language_basis" : "NULL";
	GArray *rows = g_array_new(FALSE, TRUE, sizeof(struct mc_prefix_row));
	int status = read_all(db, basis, rows);
	if (status == 0 && unknown_only) {
		for (guint i = rows->len; i-- > 0;)
			if (g_array_index(rows, struct mc_prefix_row, i).known) {
				row_clear(&g_array_index(rows, struct mc_prefix_row, i));
				g_array_remove_index_fast(rows, i);
			}
	}
	g_array_sort(rows, row_order);
	for (guint i = 0; i < rows->len; i++)
		out->n_unknown += !g_array_index(rows, struct mc_prefix_row, i).known;
	out->n = rows->len;
	out->rows = (struct mc_prefix_row *)(void *)g_array_free(rows, FALSE);
	if (status != 0)
		mc_prefixes_free(out);
	return status;
}

void mc_prefixes_free(struct mc_prefix_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		row_clear(&list->rows[i]);
	g_free(list->rows);
	memset(list, 0, sizeof *list);
}
