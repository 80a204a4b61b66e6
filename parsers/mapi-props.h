/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapi-props.h: typed access to the MAPI properties of one property set (a
 * message's, a recipient's or an attachment's), whatever holds them: a
 * struct mc_mapi_source says how to fetch a value (libpff record sets:
 * pst-libpff.h; MSG storages: msg-props.h; TNEF property lists: tnef-stream.h),
 * and the accessors here give raw bytes, strings (UTF-16LE or a code page,
 * to UTF-8), integers and times. No container library here.
 */
#ifndef MAILCASE_MAPI_PROPS_H
#define MAILCASE_MAPI_PROPS_H

#include <stddef.h>
#include <stdint.h>

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

/* The value of property `id` (any type): 1 with *data g_malloc'd (NUL
 * padded by 2 bytes, not counted in *size) and *type set; 0 if absent or
 * unreadable (the source notes why where it can). *data and *size are
 * NULL and 0 on entry. */
typedef int (*mc_mapi_get_fn)(void *ctx, uint32_t id, uint32_t *type,
                              unsigned char **data, size_t *size);

/* Where the properties come from. present may be NULL: then a property is
 * present when get finds it with a non-empty value. */
struct mc_mapi_source {
	mc_mapi_get_fn get;
	/* 1 if property id is there with a non-empty value (without reading
	 * it, where the source can). */
	int (*present)(void *ctx, uint32_t id);
};

/* One property set, with what is needed to decode its strings. */
struct mc_mapi_props {
	const struct mc_mapi_source *source;  /* NULL: no property at all */
	void *ctx;                            /* the source's */
	int codepage;            /* for PT_STRING8 values */
	struct mc_message *m;    /* unexpected types are noted here; may be NULL */
};

/* The raw value of property `id` (any type), as mc_mapi_get_fn. */
int mc_mapi_prop_raw(struct mc_mapi_props *p, uint32_t id, uint32_t *type,
                     unsigned char **data, size_t *size);

/* 1 if property `id` is present with a non-empty value. */
int mc_mapi_prop_present(struct mc_mapi_props *p, uint32_t id);

/* UTF-16LE to UTF-8 (g_malloc'd); unpaired surrogates become U+FFFD; stops
 * at the first NUL. */
char *mc_mapi_utf16le_to_utf8(const unsigned char *b, size_t n);

/* A string property as UTF-8 (g_malloc'd), or NULL if absent or empty.
 * PT_STRING8 values are decoded with p->codepage (through charset.h). */
char *mc_mapi_prop_string(struct mc_mapi_props *p, uint32_t id);

/* Integer-valued properties (PT_SHORT, PT_LONG, PT_BOOLEAN, PT_I8): 1 and
 * *out, or 0 if absent. */
int mc_mapi_prop_int(struct mc_mapi_props *p, uint32_t id, int64_t *out);

/* A PT_SYSTIME property in Unix seconds, or MC_NO_TIME. */
int64_t mc_mapi_prop_time(struct mc_mapi_props *p, uint32_t id);

/* Decodes PT_STRING8 bytes in a code page to UTF-8 (g_malloc'd); the
 * charset used goes into *used when used is not NULL (g_malloc'd). */
char *mc_mapi_decode_string8(const unsigned char *b, size_t n, int codepage,
                             char **used, char **detected);

#endif
