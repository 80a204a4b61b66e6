/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * learned-prefixes.c: the basis `case-prefix` (generated-part.h), a step
 * after the per-message pass: fragments that the system messages of one
 * kind share across different originals are generated text, learned from
 * the case itself. System messages that no other basis gave a fragment get
 * the learned one, its language and the basis.
 *
 * A fragment (a leading one ending in a colon, a leading or trailing
 * bracketed one, mc_gen_candidates()) is learned for a kind when
 *  - at least LEARN_MIN_REMAINDERS subjects of that kind carry it with
 *    different remainders (different originals: one original answered
 *    many times teaches nothing, nor does a fixed boilerplate subject),
 *  - on at least LEARN_MIN_DAYS different days (one burst, a mail loop,
 *    teaches nothing), and
 *  - the other messages of the case (people's mail, lists, other kinds)
 *    carry it at the same place less than a quarter as often as the kind
 *    does (a list tag "[project]" or a subject people write is not
 *    generated text).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "analyze.h"
#include "case-db.h"
#include "generated-part.h"
#include "log.h"

#define LEARN_MIN_REMAINDERS 3
#define LEARN_MIN_DAYS 2
#define LEARN_OTHER_SHARE 4    /* others * 4 < own */

struct fragment_stats {
	char *kind;
	struct mc_gen_candidate cand;
	GHashTable *remainders;   /* set, at most LEARN_MIN_REMAINDERS kept */
	GHashTable *days;         /* set, at most LEARN_MIN_DAYS kept */
	unsigned own, others;
	GArray *targets;          /* long long: messages to update */
};

static void stats_free(gpointer p)
{
	struct fragment_stats *f = p;
	g_free(f->kind);
	g_hash_table_destroy(f->remainders);
	g_hash_table_destroy(f->days);
	g_array_free(f->targets, TRUE);
	g_free(f);
}

static void add_capped(GHashTable *set, const char *s, guint cap)
{
	if (s && g_hash_table_size(set) < cap)
		g_hash_table_add(set, g_strdup(s));
}

/* Every candidate of every system message, counted per kind and fragment. */
static int collect(sqlite3 *db, GHashTable *stats)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT id, system_kind, subject, substr(date_utc, 1, 10),"
		" system_language IS NULL AND system_language_basis IS NULL"
		" FROM messages WHERE system_kind IS NOT NULL AND system_kind <> 'list_or_bulk'"
		" AND subject IS NOT NULL ORDER BY id");
	if (!st)
		return -1;
	struct mc_gen_candidate c[3];
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		size_t n = mc_gen_candidates((const char *)sqlite3_column_text(st, 2), c);
		for (size_t i = 0; i < n; i++) {
			char *key = g_strdup_printf("%s\x1f%d\x1f%s", kind, c[i].position, c[i].fragment);
			struct fragment_stats *f = g_hash_table_lookup(stats, key);
			if (!f) {
				f = g_new0(struct fragment_stats, 1);
				f->kind = g_strdup(kind);
				f->cand = c[i];
				f->remainders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
				f->days = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
				f->targets = g_array_new(FALSE, FALSE, sizeof(long long));
				g_hash_table_insert(stats, g_strdup(key), f);
			}
			g_free(key);
			f->own++;
			add_capped(f->remainders, c[i].remainder, LEARN_MIN_REMAINDERS);
			add_capped(f->days, (const char *)sqlite3_column_text(st, 3), LEARN_MIN_DAYS);
			if (sqlite3_column_int(st, 4)) {
				long long id = sqlite3_column_int64(st, 0);
				g_array_append_val(f->targets, id);
			}
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* Counts, for each candidate fragment, the other messages of the case
 * that carry it at the same place. */
static int count_others(sqlite3 *db, GPtrArray *cands)
{
	sqlite3_stmt *st = mc_case_prepare(db,
		"SELECT coalesce(system_kind, ''), subject FROM messages WHERE subject IS NOT NULL");
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *subject = (const char *)sqlite3_column_text(st, 1);
		for (guint i = 0; i < cands->len; i++) {
			struct fragment_stats *f = g_ptr_array_index(cands, i);
			if (strcmp(kind, f->kind) != 0 &&
			    mc_gen_subject_has(subject, f->cand.position, f->cand.fragment))
				f->others++;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static gint by_position_then_fragment(gconstpointer a, gconstpointer b)
{
	const struct fragment_stats *x = *(struct fragment_stats *const *)a;
	const struct fragment_stats *y = *(struct fragment_stats *const *)b;
	if (x->cand.position != y->cand.position)
		return x->cand.position < y->cand.position ? -1 : 1;
	int k = strcmp(x->kind, y->kind);
	return k ? k : strcmp(x->cand.fragment, y->cand.fragment);
}

/* Stores the learned fragment on each of its messages not yet given one
 * (a leading fragment first). */
static int apply(sqlite3 *db, GPtrArray *learned, uint64_t *updated)
{
	sqlite3_stmt *up = mc_case_prepare(db,
		"UPDATE messages SET system_language = ?2, system_prefix = ?3,"
		" system_language_basis = ?4 WHERE id = ?1");
	if (!up)
		return -1;
	GHashTable *done = g_hash_table_new(g_int64_hash, g_int64_equal);
	int rc = 0;
	for (guint i = 0; rc == 0 && i < learned->len; i++) {
		struct fragment_stats *f = g_ptr_array_index(learned, i);
		struct mc_gen_part part;
		mc_gen_set(&part, f->cand.fragment);
		char *basis = part.language[0]
		              ? g_strdup(mc_gen_basis_name(MC_GEN_CASE_PREFIX))
		              : g_strdup_printf("%s;script=%s", mc_gen_basis_name(MC_GEN_CASE_PREFIX),
		                                part.script);
		for (guint k = 0; rc == 0 && k < f->targets->len; k++) {
			long long *id = &g_array_index(f->targets, long long, k);
			if (g_hash_table_contains(done, id))
				continue;
			g_hash_table_add(done, id);
			sqlite3_bind_int64(up, 1, *id);
			if (part.language[0])
				sqlite3_bind_text(up, 2, part.language, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(up, 2);
			sqlite3_bind_text(up, 3, part.fragment, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(up, 4, basis, -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(up) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(up);
			(*updated)++;
		}
		g_free(basis);
	}
	if (rc != 0)
		mc_error("analyze: cannot store a learned prefix: %s", sqlite3_errmsg(db));
	g_hash_table_destroy(done);
	sqlite3_finalize(up);
	return rc;
}

int mc_learn_case_prefixes(sqlite3 *db, uint64_t *updated)
{
	*updated = 0;
	GHashTable *stats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, stats_free);
	int rc = collect(db, stats);
	/* Candidates that pass the case's own tests and would change a row. */
	GPtrArray *cands = g_ptr_array_new();
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, stats);
	while (rc == 0 && g_hash_table_iter_next(&it, &k, &v)) {
		struct fragment_stats *f = v;
		if (f->targets->len > 0 &&
		    g_hash_table_size(f->remainders) >= LEARN_MIN_REMAINDERS &&
		    g_hash_table_size(f->days) >= LEARN_MIN_DAYS)
			g_ptr_array_add(cands, f);
	}
	if (rc == 0 && cands->len > 0)
		rc = count_others(db, cands);
	GPtrArray *learned = g_ptr_array_new();
	for (guint i = 0; rc == 0 && i < cands->len; i++) {
		struct fragment_stats *f = g_ptr_array_index(cands, i);
		if ((uint64_t)f->others * LEARN_OTHER_SHARE < f->own)
			g_ptr_array_add(learned, f);
	}
	g_ptr_array_sort(learned, by_position_then_fragment);
	if (rc == 0)
		rc = apply(db, learned, updated);
	g_ptr_array_free(learned, TRUE);
	g_ptr_array_free(cands, TRUE);
	g_hash_table_destroy(stats);
	return rc;
}
