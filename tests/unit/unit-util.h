/*
 * unit-util.h: small helpers the Check unit tests share: little-endian
 * writers for the binary structures tests build themselves (TNEF streams,
 * rule action buffers) and a record property lookup.
 */
#ifndef MC_UNIT_UTIL_H
#define MC_UNIT_UTIL_H

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "record.h"

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

#endif
