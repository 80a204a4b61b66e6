/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * digest.h: SHA-256 and MD5 of byte streams, as lower-case hex, through
 * OpenSSL's libcrypto (SHA-NI/AVX2 code paths where the CPU has them).
 *
 * GLib's GChecksum gives the same digests in portable C at about a tenth
 * of the speed for SHA-256 (125 MB/s against 1,480 MB/s on the benchmark
 * machine, docs/performance.md); every evidence byte and every message and
 * attachment is hashed, so ingest uses this instead.
 */
#ifndef MAILCASE_DIGEST_H
#define MAILCASE_DIGEST_H

#include <stddef.h>

enum mc_digest_kind { MC_DIGEST_SHA256, MC_DIGEST_MD5 };

/* Hex length of each kind, without the NUL. */
#define MC_SHA256_HEX_LEN 64
#define MC_MD5_HEX_LEN 32

struct mc_digest;

/* A new digest; never NULL (aborts if libcrypto cannot give one). */
struct mc_digest *mc_digest_new(enum mc_digest_kind kind);
void mc_digest_update(struct mc_digest *d, const void *data, size_t len);
/* Writes the hex digest of everything fed so far into out (at least
 * MC_*_HEX_LEN + 1 bytes) and starts the digest again from empty. */
void mc_digest_hex(struct mc_digest *d, char *out, size_t outlen);
void mc_digest_free(struct mc_digest *d);

#endif
