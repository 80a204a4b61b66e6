/*
 * pst-libpff.h: the reader's window on libpff: the include (with libbfio:
 * libpff reads evidence through parsers/evidence-bfio.c), libpff error text, and typed access to the properties of a record set
 * (one item's properties, or one recipient's).
 */
#ifndef MAILCASE_PST_LIBPFF_H
#define MAILCASE_PST_LIBPFF_H

#include <stddef.h>
#include <stdint.h>
#include <libpff.h>

#include "record.h"

/* MAPI property types met here. */
#define MC_PT_SHORT   0x0002u
#define MC_PT_LONG    0x0003u
#define MC_PT_BOOLEAN 0x000bu
#define MC_PT_I8      0x0014u
#define MC_PT_STRING8 0x001eu
#define MC_PT_UNICODE 0x001fu
#define MC_PT_SYSTIME 0x0040u
#define MC_PT_BINARY  0x0102u

/* Writes libpff's text for *err into buf (or "unknown libpff error") and
 * frees the error. Returns buf. */
const char *mc_pst_error_text(libpff_error_t **err, char *buf, size_t size);

/* Another source of MAPI properties (an MSG storage, a TNEF stream): the
 * same contract as mc_pst_prop_raw(). */
typedef int (*mc_mapi_get_fn)(void *ctx, uint32_t id, uint32_t *type,
                              unsigned char **data, size_t *size);

/* One record set of an item, with what is needed to decode its strings.
 * When get is set, the properties come from get(ctx, ...) and rs is unused:
 * that is how the MSG reader shares the PST item mapping (pst-item.h). */
struct mc_pst_props {
	libpff_record_set_t *rs;
	int codepage;            /* for PT_STRING8 values */
	struct mc_message *m;    /* unreadable properties are noted here; may be NULL */
	mc_mapi_get_fn get;
	void *ctx;
};

/* Opens record set `index` of item. Returns 1, 0 if the item has no such
 * set, -1 on error (message in errbuf). */
int mc_pst_props_open(struct mc_pst_props *p, libpff_item_t *item, int index,
                      int codepage, struct mc_message *m,
                      char *errbuf, size_t errsize);
void mc_pst_props_close(struct mc_pst_props *p);

/* The raw value of property `id` (any type): 1 with *data g_malloc'd (NUL
 * padded by 2 bytes, not counted in *size) and *type set; 0 if absent. */
int mc_pst_prop_raw(struct mc_pst_props *p, uint32_t id, uint32_t *type,
                    unsigned char **data, size_t *size);

/* 1 if property `id` is present with a non-empty value (data not read). */
int mc_pst_prop_present(struct mc_pst_props *p, uint32_t id);

/* UTF-16LE to UTF-8 (g_malloc'd); unpaired surrogates become U+FFFD; stops
 * at the first NUL. */
char *mc_pst_utf16le_to_utf8(const unsigned char *b, size_t n);

/* A string property as UTF-8 (g_malloc'd), or NULL if absent or empty.
 * PT_STRING8 values are decoded with p->codepage (through charset.h). */
char *mc_pst_prop_string(struct mc_pst_props *p, uint32_t id);

/* Integer-valued properties (PT_SHORT, PT_LONG, PT_BOOLEAN, PT_I8): 1 and
 * *out, or 0 if absent. */
int mc_pst_prop_int(struct mc_pst_props *p, uint32_t id, int64_t *out);

/* A PT_SYSTIME property in Unix seconds, or MC_NO_TIME. */
int64_t mc_pst_prop_time(struct mc_pst_props *p, uint32_t id);

/* Decodes PT_STRING8 bytes in a code page to UTF-8 (g_malloc'd); the
 * charset used goes into *used when used is not NULL (g_malloc'd). */
char *mc_pst_decode_string8(const unsigned char *b, size_t n, int codepage,
                            char **used, char **detected);

#endif
