/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit-util.h: small helpers the Check unit tests share: little-endian
 * writers for the binary structures tests build themselves (TNEF streams,
 * rule action buffers) and a record property lookup, inline here; and,
 * in unit-util.c, a temp directory per test, a sample message record, a
 * case file in the temp directory with evidence written into it, and a
 * sink that keeps what a reader gives it.
 */
#ifndef MC_UNIT_UTIL_H
#define MC_UNIT_UTIL_H

#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "case-db.h"
#include "case-writer.h"
#include "parser.h"
#include "record.h"
#include "unit-corpus.h"

static inline void append_le16(GByteArray *b, uint32_t v)
{
	guint8 x[2] = { (guint8)v, (guint8)(v >> 8) };
	g_byte_array_append(b, x, 2);
}

static inline void append_le32(GByteArray *b, uint32_t v)
{
	guint8 x[4] = { (guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24) };
	g_byte_array_append(b, x, 4);
}

/* The value of the record property `name` of m, or NULL. */
static inline const char *message_prop(const struct mc_message *m, const char *name)
{
	for (guint i = 0; i < m->props->len; i++) {
		const struct mc_prop *p = g_ptr_array_index(m->props, i);
		if (strcmp(p->name, name) == 0)
			return p->value;
	}
	return NULL;
}

/* ---- temp files ---- */

/* A new empty directory under $TMPDIR; g_free it. */
char *temp_dir(void);
/* Writes n bytes of data to path, replacing it. */
void write_file(const char *path, const char *data, size_t n);
/* Writes the string data to root/rel, making the directories between. */
void put_rel(const char *root, const char *rel, const char *data);
/* rm -rf path. */
void remove_tree(const char *path);

/* The checked fixture of a TCase whose tests each get a temp directory,
 * removed afterwards; tmp_path() names a file in it (g_free it). */
void unit_tmp_setup(void);
void unit_tmp_teardown(void);
char *tmp_path(const char *name);

/* ---- records and case files ---- */

/* A message record with every kind of field set (headers, a recipient
 * with a DN, an attachment, a property, a warning): local id 7, embedded
 * in 3, folder 2. mc_message_free it. */
struct mc_message *sample_message(void);

/* mc_case_open of the file `name` in the temp directory (err: 512 bytes). */
sqlite3 *open_case(const char *name, enum mc_case_mode mode, char *err);
/* A new case file `name` in the temp directory, opened for writing. */
sqlite3 *new_case(const char *name);
/* Starts writing an evidence of format "pst" holding two folders, Inbox
 * (local id 1, role inbox) and Sent Items (2, sent); custodian may be
 * NULL. Returns the writer, inside its transaction, and the evidence's id
 * in *ev. */
struct mc_case_writer *begin_mail_evidence(sqlite3 *db, const char *path,
                                           const char *custodian, long long *ev);
/* Finishes that evidence as ok, commits and frees the writer. */
void end_mail_evidence(struct mc_case_writer *w);
/* The one integer the query answers (its first row and column). */
long long scalar(sqlite3 *db, const char *sql);

/* ---- a sink that keeps what a reader gives it ---- */

struct got_folder { int64_t id, parent; char *name, *path, *locator; const char *role; };
struct got_msg {
	int64_t id, parent, folder, offset, length, size;
	const char *origin;
	char *locator, *subject, *body, *flags, *subdir;
	char sha256[65];
	char *mozilla_flags;     /* message_props mozilla.flags */
	char *labels;            /* "label=role" joined by ";" */
	char *attachments;       /* "part=filename:size:sha256" joined by ";" */
};
struct got_problem { char *severity, *locator, *text; };

struct collect {
	GArray *folders, *msgs, *problems;
	int fail_message_at;     /* refuse the n-th message (1-based); 0 never */
};

#define FOLDER(c, i) (&g_array_index((c)->folders, struct got_folder, (i)))
#define MSG(c, i) (&g_array_index((c)->msgs, struct got_msg, (i)))
#define PROBLEM(c, i) (&g_array_index((c)->problems, struct got_problem, (i)))

void collect_init(struct collect *c);
void collect_free(struct collect *c);

/* Runs format on the file (or directory) at path; returns the result. */
enum mc_result run_reader(const struct mc_format *format, const char *path,
                          struct collect *c, struct mc_reader *r);

/* m is the len bytes of data at off: its SHA-256 and size. */
void expect_sha(const struct got_msg *m, const char *data, int64_t off, int64_t len);

/* A message holding a message holding a message. */
#define NESTED \
	"From: a@example.com\nTo: b@example.com\nSubject: outer\nMIME-Version: 1.0\n" \
	"Content-Type: multipart/mixed; boundary=\"BB\"\n\n" \
	"--BB\nContent-Type: text/plain\n\nsee attached\n" \
	"--BB\nContent-Type: message/rfc822\n\n" \
	"From: c@example.com\nSubject: inner\nMIME-Version: 1.0\n" \
	"Content-Type: multipart/mixed; boundary=\"CC\"\n\n" \
	"--CC\nContent-Type: text/plain\n\ninner text\n" \
	"--CC\nContent-Type: message/rfc822\n\n" \
	"From: d@example.com\nSubject: innermost\n\ndeep\n" \
	"--CC--\n--BB--\n"

#endif
