/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tnef-stream.h: Transport Neutral Encapsulation Format (MS-OXTNEF), the
 * application/ms-tnef "winmail.dat" that Outlook and Exchange attach to
 * RFC 822 mail, decoded by mailcase's own bounded decoder (tnef-stream.c),
 * applied to a message record (tnef-apply.c), and read as evidence of its
 * own when it is a bare file (tnef.c, format "tnef").
 *
 * The decoder never reads outside the bytes it is given: every length is
 * checked against what remains, counts are capped, checksum mismatches are
 * warnings, and a stream that ends early keeps what was read before. All
 * pointers into the stream (values, attachment data) borrow the caller's
 * buffer, which must outlive the struct mc_tnef.
 */
#ifndef MAILCASE_TNEF_STREAM_H
#define MAILCASE_TNEF_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "mapi-props.h"
#include "record.h"

#define MC_TNEF_SIGNATURE 0x223E9F78u

/* Caps on hostile counts. */
#define MC_TNEF_MAX_PROPS 8192        /* properties in one property list */
#define MC_TNEF_MAX_VALUES 65536      /* values of one multi-valued property */
#define MC_TNEF_MAX_ATTACHMENTS 4096
#define MC_TNEF_MAX_RECIPIENTS 4096

/* One MAPI property of an attMAPIProps / attAttachment / recipient row. */
struct mc_tnef_prop {
	uint32_t id;              /* property id (>= 0x8000: named) */
	uint32_t type;            /* MAPI type, multi-valued flag (0x1000) included */
	int named;
	unsigned char guid[16];   /* named: property set */
	char *name;               /* named by string: UTF-8 (g_malloc'd), else NULL */
	uint32_t lid;             /* named by number */
	const unsigned char *data;/* single value (first value when multi-valued) */
	size_t size;
	uint32_t count;           /* number of values */
};

/* A property list: struct mc_tnef_prop in stream order. */
struct mc_tnef_props {
	GArray *props;
};

struct mc_tnef_attachment {
	struct mc_tnef_props props;       /* attAttachment */
	const unsigned char *data;        /* attAttachData, or NULL */
	size_t data_len;
	const unsigned char *title;       /* attAttachTitle (8-bit, OEM code page) */
	size_t title_len;
	int64_t create_time, modify_time; /* legacy dates, MC_NO_TIME if absent */
};

struct mc_tnef {
	uint16_t key;                     /* legacy key */
	int oem_codepage;                 /* attOemCodepage, 0 if absent */
	struct mc_tnef_props props;       /* attMAPIProps of the message */
	GPtrArray *recipients;            /* struct mc_tnef_props * (attRecipTable) */
	GPtrArray *attachments;           /* struct mc_tnef_attachment * */
	/* Legacy message attributes (8-bit text in the OEM code page). */
	const unsigned char *message_class, *subject, *body;
	size_t message_class_len, subject_len, body_len;
	int64_t date_sent, date_received, date_modified;   /* MC_NO_TIME if absent */
	int attributes;                   /* attributes read */
	int attachments_dropped;          /* attachments beyond MC_TNEF_MAX_ATTACHMENTS */
	int checksum_errors;
	int truncated;                    /* the stream ended inside an attribute */
	size_t trailing;                  /* bytes after the last attribute that were not one
	                                   * (only warned about when not just line ends) */
	GString *warnings;                /* one per line */
};

/* 1 if the bytes start with the TNEF signature. */
int mc_tnef_is_tnef(const unsigned char *b, size_t n);

/* Decodes n bytes into t (which it initialises). Returns 0 when the stream
 * is TNEF (what could be read is in t, problems in t->warnings), -1 when
 * the signature is missing (t is still initialised; clear it). */
int mc_tnef_decode(const unsigned char *b, size_t n, struct mc_tnef *t);
void mc_tnef_clear(struct mc_tnef *t);

void mc_tnef_props_clear(struct mc_tnef_props *p);

/* mc_mapi_get_fn over a struct mc_tnef_props: the single value of an
 * unnamed property id, g_malloc'd and NUL padded by 2, strings without
 * their terminator. */
int mc_tnef_props_get(void *ctx, uint32_t id, uint32_t *type,
                      unsigned char **data, size_t *size);

/* mc_tnef_props_get() as a property source; its ctx is a struct
 * mc_tnef_props. */
extern const struct mc_mapi_source mc_tnef_props_source;

/* Applies a TNEF stream found in message m (MIME part `part`, "2") to m:
 * the TNEF's message class replaces none or plain IPM.Note; its subject,
 * sender, MAPI times and body fill what m lacks; its attachments become
 * m's attachments with part_path "tnef:<part>/<n>" ("tnef:/<n>" when part
 * is "", a bare TNEF file), hashed; its named
 * properties become message_props rows; its recipients are added when m
 * has none. Problems go to m's warnings, prefixed "TNEF <part>". Returns
 * 0, or -1 when the bytes are not TNEF (nothing applied). */
int mc_tnef_apply(const unsigned char *b, size_t n, struct mc_message *m,
                  const char *part);

/* Called for each attachment whose data is an embedded message (PT_OBJECT
 * holding a TNEF stream of its own), after its attachment record was
 * added: its index and bytes (borrowed from the stream given to apply). */
typedef void (*mc_tnef_embedded_fn)(void *ctx, int index, const unsigned char *b,
                                    size_t n);

/* mc_tnef_apply(), handing embedded messages to fn (which may be NULL). */
int mc_tnef_apply_full(const unsigned char *b, size_t n, struct mc_message *m,
                       const char *part, mc_tnef_embedded_fn fn, void *ctx);

#endif
