/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg-props.h: MAPI properties of one storage of an Outlook .msg file
 * (MS-OXMSG): the __properties_version1.0 stream (fixed-size values inline,
 * variable-size ones in __substg1.0_TTTTTTTT streams), the storage's
 * children by name, streams read whole or hashed. The container (MS-CFB) is
 * read by libolecf. A storage is a source of MAPI properties
 * (mc_msg_storage_source, mapi-props.h), so the MAPI mapping
 * (mapi-message.h) reads MSG storages as it reads PST record sets.
 */
#ifndef MAILCASE_MSG_PROPS_H
#define MAILCASE_MSG_PROPS_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>
/* with libbfio: libolecf reads evidence through parsers/evidence-bfio.c */
#include <libolecf.h>

#include "mapi-props.h"
#include "record.h"

/* Sizes of the property stream header (MS-OXMSG 2.4.1). */
#define MC_MSG_HDR_TOP      32   /* the message at the root */
#define MC_MSG_HDR_EMBEDDED 24   /* a message in an attachment */
#define MC_MSG_HDR_CHILD     8   /* a recipient or an attachment */

/* Cap on a property value read whole (bodies, headers). */
#define MC_MSG_VALUE_MAX (64u << 20)

/* One 16-byte entry of a property stream. */
struct mc_msg_entry {
	uint32_t tag;              /* id << 16 | type */
	uint32_t flags;
	unsigned char value[8];    /* fixed-size value, or the size of a stream */
};

/* The entries of a property stream after its header_size-byte header
 * (a trailing partial entry is ignored). Never NULL. */
GArray *mc_msg_parse_props(const unsigned char *s, size_t n, size_t header_size);

/* Size in bytes of a fixed-size MAPI type held inline, or 0 when values of
 * that type live in a stream. */
size_t mc_msg_fixed_size(uint32_t type);

/* Stream name of a property: "__substg1.0_0037001F" into buf[24]. */
const char *mc_msg_substg_name(uint32_t tag, char buf[24]);

struct mc_msg_storage {
	libolecf_item_t *item;     /* not owned */
	GPtrArray *names;          /* children's names as stored, by index */
	GHashTable *children;      /* upper-case name -> GINT_TO_POINTER(index + 1) */
	GArray *entries;           /* struct mc_msg_entry */
	int has_props;             /* the property stream was there and read */
	struct mc_message *m;      /* read problems are noted here; may be NULL */
};

/* Reads the children and the property stream of a storage. Returns 0, or
 * -1 when the storage cannot be listed (message in errbuf). */
int mc_msg_storage_open(struct mc_msg_storage *st, libolecf_item_t *item,
                        size_t header_size, struct mc_message *m,
                        char *errbuf, size_t errsize);
void mc_msg_storage_close(struct mc_msg_storage *st);

/* mc_mapi_get_fn over a struct mc_msg_storage: the value of property id
 * (any type), g_malloc'd and NUL padded by 2 bytes; strings lose their
 * terminator. 1 if found, else 0. */
int mc_msg_storage_get(void *ctx, uint32_t id, uint32_t *type,
                       unsigned char **data, size_t *size);

/* mc_msg_storage_get() as a property source; its ctx is a struct
 * mc_msg_storage. */
extern const struct mc_mapi_source mc_msg_storage_source;

/* The child item of that name (case-insensitive), to free with
 * libolecf_item_free(), or NULL. */
libolecf_item_t *mc_msg_child(struct mc_msg_storage *st, const char *name);

/* Names (as stored) of the children starting with prefix
 * (case-insensitive), sorted. Free with g_ptr_array_unref(). */
GPtrArray *mc_msg_children_with_prefix(struct mc_msg_storage *st, const char *prefix);

/* A stream read whole (at most max bytes): 1 with *data g_malloc'd (NUL
 * padded by 2) and *size, 0 if absent, -1 if unreadable or larger than max
 * (message in errbuf). */
int mc_msg_stream_read(libolecf_item_t *stream, size_t max, unsigned char **data,
                       size_t *size, char *errbuf, size_t errsize);

/* SHA-256 (lower-case hex into sha256[65]) and size of a stream, read in
 * chunks. 0, or -1 with a message in errbuf. */
int mc_msg_stream_hash(libolecf_item_t *stream, char sha256[65], int64_t *size,
                       char *errbuf, size_t errsize);

/* libolecf's text for *err (one line) into buf; frees the error. */
const char *mc_msg_error_text(libolecf_error_t **err, char *buf, size_t size);

#endif
