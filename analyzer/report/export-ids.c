/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * export-ids.c: content-derived identifiers of the exports (export-ids.h).
 */

#include <string.h>
#include <glib.h>

#include "export-ids.h"

void mc_export_hash_id(const char *const *parts, int n, char out[65])
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	for (int i = 0; i < n; i++) {
		const char *p = parts[i] ? parts[i] : "";
		g_checksum_update(c, (const guchar *)p, (gssize)strlen(p));
		g_checksum_update(c, (const guchar *)"\n", 1);
	}
	g_strlcpy(out, g_checksum_get_string(c), 65);
	g_checksum_free(c);
}

void mc_export_message_id(const char *ev_sha, const char *ev_path, const char *locator,
                          char out[65])
{
	const char *parts[] = { "message", ev_sha && *ev_sha ? ev_sha : ev_path, locator };
	mc_export_hash_id(parts, 3, out);
}
