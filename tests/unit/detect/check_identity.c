/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_identity.c: unit tests of identities (analyzer/detect/identity.c):
 * address normalisation, the DN alias map a case shows, resolution of an
 * address or DN, and the analysis steps that write sender identities,
 * mailbox owners and the identities table, on temp cases written with the
 * case writer.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "case-db.h"
#include "case-writer.h"
#include "identity.h"
#include "record.h"
#include "../unit-util.h"

#define DN_ANNA "/o=Org/ou=Exchange/cn=Recipients/cn=anna"
#define DN_PIOTR "/o=Org/ou=Exchange/cn=Recipients/cn=piotr"
#define DN_GHOST "/o=Org/ou=Exchange/cn=Recipients/cn=ghost"

/* One message to write: what the identity code reads of it. */
struct msg_spec {
	int64_t folder;          /* local folder id, 0 for none */
	const char *from_name, *from_addr, *from_exdn;
	const char *to_addr, *to_exdn;   /* one To recipient, or NULL */
	int date_offset;
	int has_date;            /* 1: dated, with a Date header; 2: dated without
	                          * one (as a PST item dated by its times) */
	int embedded;            /* embedded in the message before it */
};

/* Writes one evidence (format "pst") holding an inbox (local id 1) and a
 * sent folder (2) and the messages of spec; returns its case id. */
static long long write_evidence(sqlite3 *db, const char *path, const char *custodian,
                                const struct msg_spec *spec, size_t n)
{
	long long ev;
	struct mc_case_writer *w = begin_mail_evidence(db, path, custodian, &ev);
	for (size_t i = 0; i < n; i++) {
		struct mc_message *m = mc_message_new();
		m->local_id = (int64_t)i + 1;
		m->parent_local_id = spec[i].embedded ? (int64_t)i : 0;
		m->folder_local_id = spec[i].folder;
		m->origin = spec[i].embedded ? MC_ORIGIN_EMBEDDED : MC_ORIGIN_FOLDER;
		m->locator = g_strdup_printf("pst:%zu", i + 1);
		m->from_name = g_strdup(spec[i].from_name);
		m->from_addr = g_strdup(spec[i].from_addr);
		m->from_exdn = g_strdup(spec[i].from_exdn);
		if (spec[i].has_date) {
			m->has_date = 1;
			m->date_unix = 1300000000 + (int64_t)i * 60;
			m->date_offset = spec[i].date_offset;
			if (spec[i].has_date == 1)
				mc_message_add_header(m, "Date", "Sun, 13 Mar 2011 07:06:40 +0000", NULL);
		}
		if (spec[i].to_addr || spec[i].to_exdn) {
			mc_message_add_recipient(m, "to", NULL, spec[i].to_addr);
			if (spec[i].to_exdn)
				mc_message_set_recipient_exdn(m, spec[i].to_exdn);
		}
		ck_assert_int_eq(mc_writer_message(w, m), 0);
		mc_message_free(m);
	}
	end_mail_evidence(w);
	return ev;
}

/* The text the query answers (first row and column), g_malloc'd, or NULL
 * for SQL NULL or no row. */
static char *text_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = mc_case_prepare(db, sql);
	ck_assert_ptr_nonnull(st);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

#define ck_assert_sql_str(db, sql, want) do { \
		char *got_ = text_of((db), (sql)); \
		ck_assert_msg(got_ && strcmp(got_, (want)) == 0, "%s: got %s, want %s", \
		              (sql), got_ ? got_ : "NULL", (want)); \
		g_free(got_); \
	} while (0)
#define ck_assert_sql_null(db, sql) do { \
		char *got_ = text_of((db), (sql)); \
		ck_assert_msg(got_ == NULL, "%s: got %s, want NULL", (sql), got_); \
		g_free(got_); \
	} while (0)

/* ---- normalisation ---- */

static const char *const normalized[][2] = {
	{ "anna@example.org", "anna@example.org" },
	{ "Anna.Meyer@Example.ORG", "anna.meyer@example.org" },
	{ "  <Anna.Meyer@Example.ORG> ", "anna.meyer@example.org" },
	{ "\t\"bob@example.com\"\t", "bob@example.com" },
	{ "'bob@example.com'", "bob@example.com" },
	{ "SMTP:Bob@Example.com", "bob@example.com" },
	{ "smtp:bob@example.com", "bob@example.com" },
	{ "<SMTP:bob@example.com>", "bob@example.com" },
	{ "/O=ORG/OU=EXCHANGE/CN=RECIPIENTS/CN=ANNA", "/o=org/ou=exchange/cn=recipients/cn=anna" },
	{ "Anna Meyer", "anna meyer" },
};

START_TEST(normalize_cleans_and_lowers)
{
	char *got = mc_identity_normalize(normalized[_i][0]);
	ck_assert_msg(got && strcmp(got, normalized[_i][1]) == 0, "normalize(%s) = %s, want %s",
	              normalized[_i][0], got ? got : "NULL", normalized[_i][1]);
	g_free(got);
}
END_TEST

START_TEST(normalize_empty_is_null)
{
	static const char *const empty[] = { "", " ", "\t", "<>", " < > ", "\"\"", "SMTP:" };
	ck_assert_ptr_null(mc_identity_normalize(NULL));
	for (size_t i = 0; i < G_N_ELEMENTS(empty); i++) {
		char *got = mc_identity_normalize(empty[i]);
		ck_assert_msg(got == NULL, "normalize([%s]) = [%s], want NULL", empty[i], got);
	}
}
END_TEST

/* ---- the alias map and resolution ---- */

/* Anna sends with her DN and address (and once as the DN alone, the EX
 * address type); a later message pairs her DN with another address; Piotr
 * is paired as a recipient; the ghost's DN has no address; a DN field
 * holding an address is no DN. */
static const struct msg_spec alias_msgs[] = {
	{ 2, "Anna Meyer", "Anna.Meyer@Example.ORG", DN_ANNA, DN_PIOTR, NULL, 0, 0, 0 },
	{ 2, "Anna Meyer", DN_ANNA, DN_ANNA, "Piotr.Nowak@Example.COM", DN_PIOTR, 0, 0, 0 },
	{ 1, "Anna", "anna.other@example.org", DN_ANNA, "ghost", DN_GHOST, 0, 0, 0 },
	{ 1, "Carl", "carl@example.net", "carl.alias@example.net", NULL, NULL, 0, 0, 0 },
	{ 1, "Ghost", NULL, DN_GHOST, NULL, NULL, 0, 0, 0 },
};

static void load(sqlite3 *db, struct mc_identities *ids)
{
	*ids = (struct mc_identities){ 0 };
	ck_assert_int_eq(mc_identities_load(ids, db), 0);
	ck_assert_ptr_nonnull(ids->alias);
}

START_TEST(load_pairs_dn_and_address)
{
	sqlite3 *db = new_case("ids.db");
	write_evidence(db, "/ev/anna.pst", NULL, alias_msgs, G_N_ELEMENTS(alias_msgs));
	struct mc_identities ids;
	load(db, &ids);
	/* Anna's DN (the first pair wins) and Piotr's, nothing else. */
	ck_assert_uint_eq(g_hash_table_size(ids.alias), 2);
	ck_assert_str_eq(g_hash_table_lookup(ids.alias, "/o=org/ou=exchange/cn=recipients/cn=anna"),
	                 "anna.meyer@example.org");
	ck_assert_str_eq(g_hash_table_lookup(ids.alias, "/o=org/ou=exchange/cn=recipients/cn=piotr"),
	                 "piotr.nowak@example.com");

	/* Stored as they are, replacing what was there. */
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO identity_aliases VALUES ('stale', 'x@y')",
	                              NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(mc_identities_store_aliases(&ids, db), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM identity_aliases"), 2);
	ck_assert_sql_str(db, "SELECT identity FROM identity_aliases"
	                      " WHERE alias = '/o=org/ou=exchange/cn=recipients/cn=anna'",
	                  "anna.meyer@example.org");
	ck_assert_sql_str(db, "SELECT identity FROM identity_aliases"
	                      " WHERE alias = '/o=org/ou=exchange/cn=recipients/cn=piotr'",
	                  "piotr.nowak@example.com");

	/* An empty case: an empty map, an empty table. */
	sqlite3 *empty = new_case("empty.db");
	struct mc_identities none;
	load(empty, &none);
	ck_assert_uint_eq(g_hash_table_size(none.alias), 0);
	ck_assert_int_eq(mc_identities_store_aliases(&none, empty), 0);
	ck_assert_int_eq(scalar(empty, "SELECT count(*) FROM identity_aliases"), 0);
	mc_identities_clear(&none);
	ck_assert_ptr_null(none.alias);
	mc_case_close(empty);

	mc_identities_clear(&ids);
	ck_assert_ptr_null(ids.alias);
	mc_identities_clear(&ids);   /* twice is harmless */
	mc_case_close(db);
}
END_TEST

START_TEST(resolve_address_or_dn)
{
	sqlite3 *db = new_case("ids.db");
	write_evidence(db, "/ev/anna.pst", NULL, alias_msgs, G_N_ELEMENTS(alias_msgs));
	struct mc_identities ids;
	load(db, &ids);
	static const char *const cases[][3] = {
		/* address, DN, identity */
		{ "Anna.Meyer@Example.ORG", NULL, "anna.meyer@example.org" },
		{ "<SMTP:Someone@Else.COM>", DN_ANNA, "someone@else.com" },   /* an address wins */
		{ NULL, DN_ANNA, "anna.meyer@example.org" },
		{ NULL, "/O=ORG/OU=EXCHANGE/CN=RECIPIENTS/CN=PIOTR", "piotr.nowak@example.com" },
		{ DN_ANNA, NULL, "anna.meyer@example.org" },                   /* EX address type */
		{ "", DN_PIOTR, "piotr.nowak@example.com" },
		{ NULL, DN_GHOST, "/o=org/ou=exchange/cn=recipients/cn=ghost" },
		{ "  ", "/O=Other/CN=Nobody", "/o=other/cn=nobody" },
		/* The MAPI address-type prefix, with what wraps the address after it. */
		{ "SMTP:<Bob@Example.com>", NULL, "bob@example.com" },
		{ "smtp: bob@example.com", NULL, "bob@example.com" },
		{ "SMTP:Dan@Example.com", NULL, "dan@example.com" },
		{ "smtp:<>", DN_PIOTR, "piotr.nowak@example.com" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = mc_identity_resolve(&ids, cases[i][0], cases[i][1]);
		ck_assert_msg(got && strcmp(got, cases[i][2]) == 0, "resolve(%s, %s) = %s, want %s",
		              cases[i][0] ? cases[i][0] : "NULL", cases[i][1] ? cases[i][1] : "NULL",
		              got ? got : "NULL", cases[i][2]);
		g_free(got);
	}
	ck_assert_ptr_null(mc_identity_resolve(&ids, NULL, NULL));
	ck_assert_ptr_null(mc_identity_resolve(&ids, "", " <> "));
	mc_identities_clear(&ids);
	mc_case_close(db);
}
END_TEST

/* sender_identity: the address, else the alias of the address or DN, else
 * the DN; the same identity mc_identity_resolve() gives. */
START_TEST(resolve_senders_uses_aliases)
{
	sqlite3 *db = new_case("ids.db");
	static const struct msg_spec more[] = {
		{ 1, "Bob", "<Bob@Example.COM>", NULL, NULL, NULL, 0, 0, 0 },
		{ 1, "Piotr", NULL, DN_PIOTR, NULL, NULL, 0, 0, 0 },
		{ 1, NULL, NULL, NULL, NULL, NULL, 0, 0, 0 },
		{ 1, "Dan", "SMTP:Dan@Example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 1, "Eve", "smtp:<>", NULL, NULL, NULL, 0, 0, 0 },
	};
	write_evidence(db, "/ev/anna.pst", NULL, alias_msgs, G_N_ELEMENTS(alias_msgs));
	write_evidence(db, "/ev/more.pst", NULL, more, G_N_ELEMENTS(more));
	struct mc_identities ids;
	load(db, &ids);
	ck_assert_int_eq(mc_identities_store_aliases(&ids, db), 0);
	ck_assert_int_eq(mc_identities_resolve_senders(db, &ids), 0);

	static const char *const want[] = {
		"anna.meyer@example.org", "anna.meyer@example.org", "anna.other@example.org",
		"carl@example.net", "/o=org/ou=exchange/cn=recipients/cn=ghost",
		"bob@example.com", "piotr.nowak@example.com", NULL, "dan@example.com", NULL,
	};
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM messages"), G_N_ELEMENTS(want));
	sqlite3_stmt *st = mc_case_prepare(db, "SELECT from_addr, from_exdn, sender_identity"
	                                       " FROM messages ORDER BY id");
	ck_assert_ptr_nonnull(st);
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		const char *addr = (const char *)sqlite3_column_text(st, 0);
		const char *exdn = (const char *)sqlite3_column_text(st, 1);
		const char *got = (const char *)sqlite3_column_text(st, 2);
		ck_assert_msg(g_strcmp0(got, want[i]) == 0, "message %zu: sender_identity %s, want %s",
		              i + 1, got ? got : "NULL", want[i] ? want[i] : "NULL");
		char *resolved = mc_identity_resolve(&ids, addr, exdn);
		ck_assert_msg(g_strcmp0(got, resolved) == 0, "message %zu: SQL says %s, C says %s",
		              i + 1, got ? got : "NULL", resolved ? resolved : "NULL");
		g_free(resolved);
	}
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);

	/* Run again: nothing changes. */
	int before = sqlite3_total_changes(db);
	ck_assert_int_eq(mc_identities_resolve_senders(db, &ids), 0);
	ck_assert_int_eq(sqlite3_total_changes(db), before);
	mc_identities_clear(&ids);
	mc_case_close(db);
}
END_TEST

/* ---- mailboxes and the identities table ---- */

/* Runs the identity steps of analyze that precede the mailboxes. */
static void resolve_all(sqlite3 *db)
{
	struct mc_identities ids;
	load(db, &ids);
	ck_assert_int_eq(mc_identities_store_aliases(&ids, db), 0);
	ck_assert_int_eq(mc_identities_resolve_senders(db, &ids), 0);
	mc_identities_clear(&ids);
}

START_TEST(mailbox_owners)
{
	sqlite3 *db = new_case("mb.db");
	/* A custodian that is an address decides. */
	static const struct msg_spec a[] = {
		{ 2, "Carl", "carl@example.net", NULL, NULL, NULL, 0, 0, 0 },
	};
	/* The commonest sender of the sent folder; embedded messages and the
	 * inbox do not count. */
	static const struct msg_spec b[] = {
		{ 2, "Piotr", "piotr@example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 2, "Piotr", "Piotr@Example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 2, "Eve", "eve@example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 2, "Eve", "eve@example.com", NULL, NULL, NULL, 0, 0, 1 },
		{ 2, "Eve", "eve@example.com", NULL, NULL, NULL, 0, 0, 1 },
		{ 1, "Eve", "eve@example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 1, "Eve", "eve@example.com", NULL, NULL, NULL, 0, 0, 0 },
	};
	/* No sent mail: the commonest To recipient of the inbox. */
	static const struct msg_spec c[] = {
		{ 1, "X", "x@example.com", NULL, "Dana@Example.org", NULL, 0, 0, 0 },
		{ 1, "Y", "y@example.com", NULL, "dana@example.org", NULL, 0, 0, 0 },
		{ 1, "Z", "z@example.com", NULL, "zoe@example.org", NULL, 0, 0, 0 },
	};
	/* A tie: the alphabetically first. */
	static const struct msg_spec d[] = {
		{ 2, "Zed", "zed@example.com", NULL, NULL, NULL, 0, 0, 0 },
		{ 2, "Abe", "abe@example.com", NULL, NULL, NULL, 0, 0, 0 },
	};
	long long ea = write_evidence(db, "/ev/a.pst", " Carl.Custodian@Example.NET ", a, G_N_ELEMENTS(a));
	long long eb = write_evidence(db, "/ev/b.pst", "Piotr Nowak", b, G_N_ELEMENTS(b));
	long long ec = write_evidence(db, "/ev/c.pst", NULL, c, G_N_ELEMENTS(c));
	long long ed = write_evidence(db, "/ev/d.pst", NULL, d, G_N_ELEMENTS(d));
	long long ee = write_evidence(db, "/ev/e.pst", NULL, NULL, 0);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO evidence(path, status, ingested_at, custodian)"
	                              " VALUES ('/ev/notes.txt', 'skipped', '2011-01-01T00:00:00Z',"
	                              " 'x@example.com')", NULL, NULL, NULL), SQLITE_OK);
	resolve_all(db);
	ck_assert_int_eq(mc_identities_assign_mailboxes(db), 0);

	const struct { long long ev; const char *mailbox; } want[] = {
		{ ea, "carl.custodian@example.net" }, { eb, "piotr@example.com" },
		{ ec, "dana@example.org" }, { ed, "abe@example.com" }, { ee, NULL },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		char *sql = g_strdup_printf("SELECT mailbox FROM evidence WHERE id = %lld", want[i].ev);
		char *got = text_of(db, sql);
		ck_assert_msg(g_strcmp0(got, want[i].mailbox) == 0, "evidence %lld: mailbox %s, want %s",
		              want[i].ev, got ? got : "NULL", want[i].mailbox ? want[i].mailbox : "NULL");
		g_free(got);
		g_free(sql);
	}
	/* Evidence that is not mail (no format) gets no mailbox. */
	ck_assert_sql_null(db, "SELECT mailbox FROM evidence WHERE path = '/ev/notes.txt'");
	mc_case_close(db);
}
END_TEST

START_TEST(identities_table)
{
	sqlite3 *db = new_case("fill.db");
	/* Anna: three names, three messages with a Date header (+01:00
	 * twice), two more dated at +08:00 without one; Bob's one message is
	 * automatic. */
	static const struct msg_spec msgs[] = {
		{ 2, "Anna Meyer", "anna@example.org", NULL, "bob@example.com", NULL, 60, 1, 0 },
		{ 2, "Anna Meyer", "anna@example.org", NULL, "bob@example.com", NULL, 60, 1, 0 },
		{ 2, "A. Meyer", "anna@example.org", NULL, "bob@example.com", NULL, 120, 1, 0 },
		{ 2, "Anna Meyer", "anna@example.org", NULL, NULL, NULL, 480, 2, 0 },
		{ 2, "Anna", "anna@example.org", NULL, NULL, NULL, 480, 2, 0 },
		{ 1, "Bob", "bob@example.com", NULL, "anna@example.org", NULL, 0, 1, 0 },
	};
	write_evidence(db, "/ev/anna.pst", "anna@example.org", msgs, G_N_ELEMENTS(msgs));
	resolve_all(db);
	ck_assert_int_eq(mc_identities_assign_mailboxes(db), 0);
	/* What the analysis of the messages would have set. */
	ck_assert_int_eq(sqlite3_exec(db,
		"UPDATE messages SET language = 'de' WHERE id IN (1, 2);"
		"UPDATE messages SET language = 'en' WHERE id = 3;"
		"UPDATE messages SET language = 'und' WHERE id IN (4, 5);"
		"UPDATE messages SET system_kind = 'auto-reply', system_identity = 'postmaster@example.com',"
		" language = 'zh-Hans' WHERE id = 6;"
		"INSERT INTO identities(identity) VALUES ('stale@example.com');",
		NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(mc_identities_fill(db), 0);

	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM identities"), 3);
	ck_assert_sql_str(db, "SELECT group_concat(identity, ' ') FROM"
	                      " (SELECT identity FROM identities ORDER BY identity)",
	                  "anna@example.org bob@example.com postmaster@example.com");
	ck_assert_sql_str(db, "SELECT display_name || '|' || is_mailbox || '|' || language || '|'"
	                      " || utc_offset || '|' || sent_count || '|' || system_count"
	                      " FROM identities WHERE identity = 'anna@example.org'",
	                  "Anna Meyer|1|de|60|5|0");
	/* Bob sent nothing but an automatic message: no language or offset. */
	ck_assert_sql_str(db, "SELECT display_name || '|' || is_mailbox || '|' || sent_count || '|'"
	                      " || system_count || '|' || (language IS NULL) || (utc_offset IS NULL)"
	                      " FROM identities WHERE identity = 'bob@example.com'",
	                  "Bob|0|0|0|11");
	ck_assert_sql_str(db, "SELECT coalesce(display_name, '-') || '|' || is_mailbox || '|'"
	                      " || sent_count || '|' || system_count"
	                      " FROM identities WHERE identity = 'postmaster@example.com'",
	                  "-|0|0|1");

	/* Run again: the same table. */
	ck_assert_int_eq(mc_identities_fill(db), 0);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM identities"), 3);
	mc_case_close(db);
}
END_TEST

static Suite *identity_suite(void)
{
	Suite *s = suite_create("identity");
	TCase *t = tcase_create("normalize");
	tcase_add_loop_test(t, normalize_cleans_and_lowers, 0, G_N_ELEMENTS(normalized));
	tcase_add_test(t, normalize_empty_is_null);
	suite_add_tcase(s, t);
	t = tcase_create("case");
	tcase_add_checked_fixture(t, unit_tmp_setup, unit_tmp_teardown);
	tcase_add_test(t, load_pairs_dn_and_address);
	tcase_add_test(t, resolve_address_or_dn);
	tcase_add_test(t, resolve_senders_uses_aliases);
	tcase_add_test(t, mailbox_owners);
	tcase_add_test(t, identities_table);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(identity_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
