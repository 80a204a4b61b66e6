/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record.h: the records a parser produces and the case writer stores.
 *
 * A parser turns evidence into folders and messages; everything it learns
 * about one message is carried in a struct mc_message until the case writer
 * has stored it. All strings are UTF-8, owned by the record (g_malloc'd) and
 * freed by mc_message_free()/mc_folder_free(). NULL means "not present".
 */
#ifndef MAILCASE_RECORD_H
#define MAILCASE_RECORD_H

#include <stdint.h>
#include <glib.h>

/* Where a message was found; the values of messages.origin. */
#define MC_ORIGIN_FOLDER    "folder"
#define MC_ORIGIN_HIDDEN    "hidden"
#define MC_ORIGIN_RECOVERED "recovered"   /* deleted but still in the evidence */
#define MC_ORIGIN_ORPHAN    "orphan"
#define MC_ORIGIN_EMBEDDED  "embedded"

/* Folder roles: the values of folders.role. */
#define MC_ROLE_INBOX   "inbox"
#define MC_ROLE_SENT    "sent"
#define MC_ROLE_DELETED "deleted"
#define MC_ROLE_OUTBOX  "outbox"
#define MC_ROLE_DRAFTS  "drafts"
#define MC_ROLE_JUNK    "junk"
#define MC_ROLE_OTHER   "other"

struct mc_folder {
	int64_t local_id;        /* 1-based, unique within the evidence */
	int64_t parent_local_id; /* 0 for a top-level folder */
	char *name;              /* as recorded in the evidence, never translated */
	char *path;              /* "/"-joined names from the top */
	const char *role;        /* one of MC_ROLE_*, static */
	char *locator;           /* where the folder is (Maildir dir, PST node id) */
};

struct mc_header {
	char *name;
	char *value;             /* decoded (RFC 2047, charset) to UTF-8 */
	char *raw;               /* the raw value when it differs from value, else NULL */
};

struct mc_recipient {
	const char *kind;        /* "to", "cc" or "bcc", static */
	char *name;
	char *addr;              /* SMTP address */
	char *exdn;              /* Exchange legacy DN (MAPI items), else NULL */
};

struct mc_attachment {
	char *filename;          /* decoded (RFC 2231/2047) */
	char *mime_type;         /* as declared, lower case */
	char *disposition;       /* "attachment", "inline" or NULL */
	char *content_id;
	char *part_path;         /* MIME part path, "2.1" */
	int64_t size;            /* decoded size in bytes */
	char sha256[65];         /* of the decoded content, lower-case hex */
};

/* A label a mail store gave the message (Gmail's X-Gmail-Labels): one
 * message may carry several. The role says what a system label is. */
struct mc_label {
	char *name;              /* as written in the evidence, never translated */
	char *role;              /* MC_ROLE_* of a folder role, or a label role
	                            (docs/case-schema.md, message_labels) */
};

struct mc_message {
	int64_t local_id;        /* 1-based order of emission within the evidence */
	int64_t parent_local_id; /* embedded messages: the message holding it; else 0 */
	int64_t folder_local_id; /* 0 when not in a folder */
	const char *origin;      /* MC_ORIGIN_*, static */

	char *locator;           /* see docs/case-schema.md, "Locators" */
	int64_t byte_offset;     /* byte range in the evidence file, or -1 */
	int64_t byte_length;     /* or -1 */

	char *message_class;     /* MAPI class (PST/MSG); NULL for RFC 822 mail */
	char *subject;
	char *from_name;
	char *from_addr;
	int has_date;
	int64_t date_unix;       /* seconds since the epoch, UTC */
	int date_offset;         /* original offset east of UTC, minutes */
	char *message_id;        /* without angle brackets */
	char *in_reply_to;
	char *references;
	char *content_type;      /* top-level MIME type, lower case */

	int64_t size;            /* raw size in bytes */
	char sha256[65];         /* of the raw bytes, lower-case hex ("" if none) */

	char *charset_declared;  /* charset the message declared for its body */
	char *charset_used;      /* charset actually used to decode the body */
	char *charset_detected;  /* what uchardet said, when it was asked */
	int charset_mismatch;    /* 1 when the declared charset did not decode the body */
	char *body_source;       /* "text/plain", "text/html", "rtf" or NULL */
	char *body_text;         /* UTF-8 text; HTML reduced to text */

	GPtrArray *headers;      /* struct mc_header *, in order */
	GPtrArray *recipients;   /* struct mc_recipient * */
	GPtrArray *attachments;  /* struct mc_attachment * */
	GString *warnings;       /* problems met while parsing, one per line */

	/* MAPI items (PST, OST, MSG); absent: NULL, MC_NO_TIME or -1. */
	char *from_exdn;         /* Exchange legacy DN of the sender */
	int64_t submit_time;     /* PR_CLIENT_SUBMIT_TIME, Unix seconds UTC */
	int64_t delivery_time;   /* PR_MESSAGE_DELIVERY_TIME */
	int64_t creation_time;   /* PR_CREATION_TIME */
	int64_t modification_time; /* PR_LAST_MODIFICATION_TIME */
	int64_t last_verb_time;  /* PR_LAST_VERB_EXECUTION_TIME */
	int last_verb;           /* PR_LAST_VERB_EXECUTED (102 reply, 103 reply all, 104 forward...) */
	int64_t message_flags;   /* PR_MESSAGE_FLAGS */
	int importance;          /* PR_IMPORTANCE 0 low, 1 normal, 2 high */
	int sensitivity;         /* PR_SENSITIVITY 0..3 */
	int codepage;            /* code page ANSI strings were decoded with */
	char *conversation_topic;
	char *conversation_index;/* hex */

	GPtrArray *props;        /* struct mc_prop *: format-specific extras */
	GPtrArray *labels;       /* struct mc_label *, in the order written */
};

#define MC_NO_TIME INT64_MIN

/* A format-specific named value stored in message_props (PST times, flags...). */
struct mc_prop {
	char *name;
	char *value;
};

struct mc_message *mc_message_new(void);
void mc_message_free(struct mc_message *m);
void mc_message_add_header(struct mc_message *m, const char *name,
                           const char *value, const char *raw);
void mc_message_add_recipient(struct mc_message *m, const char *kind,
                              const char *name, const char *addr);
struct mc_attachment *mc_message_add_attachment(struct mc_message *m);
void mc_message_add_prop(struct mc_message *m, const char *name, const char *value);
void mc_message_add_label(struct mc_message *m, const char *name, const char *role);
void mc_message_warn(struct mc_message *m, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* First header of that name (case-insensitive) or NULL. */
const char *mc_message_header(const struct mc_message *m, const char *name);

/* Sets the Exchange DN of the last recipient added. */
void mc_message_set_recipient_exdn(struct mc_message *m, const char *exdn);

struct mc_folder *mc_folder_new(void);
void mc_folder_free(struct mc_folder *f);

/* A flag bit of a store's flag word and its name (store-headers.c, emlx.c). */
struct mc_flag_name {
	uint64_t bit;
	const char *name;
};
/* The names of the table's flags set in `flags`, comma-separated, in table
 * order, in a new string ("" when none is named). */
char *mc_flag_names(const struct mc_flag_name *table, size_t n, uint64_t flags);

/* The date of an item whose store keeps its times (MAPI, .olm; UTC): the
 * submit time, else the delivery time, with the offset of the Date header
 * (hdr_*) when that header says the same instant within two minutes; with
 * neither time, the Date header's. */
void mc_message_date_from_store(struct mc_message *m, int hdr_has_date, int64_t hdr_date,
                                int hdr_offset);

/* Takes s: without surrounding blanks and one pair of angle brackets
 * ("<id@host>" -> "id@host"), or NULL (s freed) when nothing is left. */
char *mc_strip_angles(char *s);

/* Lower-case hex SHA-256 of a buffer into out[65]. */
void mc_sha256_hex(const void *data, size_t len, char out[65]);

/* Format a Unix time as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void mc_format_utc(int64_t t, char out[21]);

/* Interned role/kind/origin strings: return the static copy or NULL. */
const char *mc_role_static(const char *role);
const char *mc_origin_static(const char *origin);
const char *mc_recipient_kind_static(const char *kind);

#endif
