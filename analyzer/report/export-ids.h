/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export-ids.h: content-derived identifiers shared by the exports
 * (export-opensearch.h, export-case-uco.h): the SHA-256, in hex, of a list
 * of strings, each followed by a newline. The same evidence gives the same
 * identifiers in any case, so that exports of two cases merge.
 */
#ifndef MAILCASE_EXPORT_IDS_H
#define MAILCASE_EXPORT_IDS_H

/* The SHA-256 hex digest of parts[0..n), each followed by "\n" (a NULL part
 * counts as ""). */
void mc_export_hash_id(const char *const *parts, int n, char out[65]);

/* A message's: "message", its evidence's SHA-256 (its path when the
 * evidence was not hashed) and its locator. */
void mc_export_message_id(const char *ev_sha, const char *ev_path, const char *locator,
                          char out[65]);

#endif
