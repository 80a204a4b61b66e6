/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dsn.h: the machine-readable fields of delivery status notifications
 * (RFC 3464, message/delivery-status) and message disposition notifications
 * (RFC 8098, message/disposition-notification) found in text.
 *
 * Input is either the text of the report part alone, or an ingested
 * body_text, where the human-readable part comes first and the report
 * fields follow after a blank line (docs/case-schema.md, messages.body_text).
 * Line endings may be LF, CRLF or CR alone; folded lines are unfolded;
 * lines that are not fields are skipped (counted in `skipped_lines`).
 *
 * A field block is a run of non-blank lines, mostly "Name: value" lines.
 * The report starts at the first block holding a per-message field
 * (Reporting-MTA, Reporting-UA, Arrival-Date, Original-Envelope-Id,
 * Received-From-MTA, DSN-Gateway) or a per-recipient one (Final-Recipient,
 * Original-Recipient, Action, Disposition); it goes on over the following
 * field blocks that hold such fields and stops at the first block that holds
 * none (the returned message's headers, text/rfc822-headers, come next and
 * are not report fields). Several reports in one text (a body with two
 * report parts) are read one after the other.
 *
 * Numbering: fields of the per-message block have recipient 0; each
 * per-recipient block of a DSN is recipient 1, 2, ... An MDN has one block:
 * all its fields have recipient 0 (its Final-Recipient is the reader).
 */
#ifndef MAILCASE_DSN_H
#define MAILCASE_DSN_H

#include <stddef.h>

enum mc_report_type {
	MC_REPORT_NONE = 0,   /* no report fields found */
	MC_REPORT_DSN = 1,    /* RFC 3464: Action/Status/Final-Recipient... */
	MC_REPORT_MDN = 2     /* RFC 8098: Disposition present */
};

struct mc_report_field {
	int recipient;        /* 0 per-message (and every MDN field), 1.. per recipient */
	char *name;           /* canonical spelling for known fields
	                       * ("Final-Recipient"), else as written */
	char *value;          /* unfolded, CR/LF removed, outer spaces trimmed */
};

struct mc_dsn_report {
	enum mc_report_type type;
	struct mc_report_field *fields;  /* in text order */
	size_t n_fields;
	int n_recipients;     /* per-recipient blocks (DSN), 0 for an MDN */
	size_t offset;        /* byte offset in the text where the report starts */
	size_t skipped_lines; /* non-field lines met inside report blocks */
};

/*
 * Parses `len` bytes of `text` (NULL allowed when len is 0; NUL bytes end
 * nothing, they are treated as garbage). Fills `out` (which need not be
 * initialized) and returns the report type. Never fails: with no report
 * fields, out->type is MC_REPORT_NONE and out->n_fields 0. At most 4096
 * fields and 64 KiB per value are kept. Free with mc_report_clear().
 */
enum mc_report_type mc_report_parse(const char *text, size_t len,
                                    struct mc_dsn_report *out);

/* Frees what mc_report_parse() allocated and zeroes `r`. */
void mc_report_clear(struct mc_dsn_report *r);

/* The value of the first field named `name` (case-insensitive) of that
 * recipient (0 per-message), or NULL. recipient -1: of any recipient. */
const char *mc_report_get(const struct mc_dsn_report *r, int recipient,
                          const char *name);

/*
 * The part of a typed value after "type;": "rfc822; a@b.example" gives
 * "a@b.example", "smtp; 550 5.1.1 unknown" gives "550 5.1.1 unknown", an
 * MDN Disposition "manual-action/MDN-sent-manually; displayed" gives
 * "displayed". Written to out (NUL-terminated, cut at size - 1 bytes),
 * outer spaces and angle brackets around an address trimmed. A value
 * without ';' is copied whole.
 */
void mc_report_value_after_type(const char *value, char *out, size_t size);

#endif
