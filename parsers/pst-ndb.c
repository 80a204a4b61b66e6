/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-ndb.c: the NDB reader's handle: opening a PST on an fd, reading and
 * checking the header and its root ([MS-PST] 2.2.2.6, 2.2.2.5), and
 * reading one block by BID: BBT lookup, trailer checks (2.2.2.8.1),
 * decoding of external blocks (5.1, 5.2). The 4K-page OST (wVer 36, not
 * in [MS-PST]; libyal's "Personal Folder File (PFF) format" notes): the
 * Unicode header, 4096-byte pages, blocks in 512-byte units of at most
 * 64 KiB with a 24-byte trailer whose inflated size, when it differs from
 * the stored size, marks a zlib-compressed block (pst-inflate.c). See
 * pst-ndb.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pst-crypt.h"
#include "pst-inflate.h"
#include "pst-ndb-internal.h"

const mc_ndb_header *mc_ndb_get_header(const mc_ndb *db)
{
	return &db->h;
}

/* Header layout ([MS-PST] 2.2.2.6): the common start, then the ANSI or
 * Unicode part; the root (2.2.2.5) is inside. */
#define HDR_READ 564u
#define HDR_CRC_PARTIAL_LEN 471u
#define HDR_CRC_FULL_LEN 516u

static int parse_header(mc_ndb *db, const uint8_t *h, size_t got)
{
	mc_ndb_header *x = &db->h;
	if (got < 512 || memcmp(h, "!BDN", 4) != 0)
		return ndb_fail(db, MC_NDB_CORRUPT, "not a PST file (no !BDN magic)", 0, 0, 0);
	x->client_magic[0] = (char)h[8];
	x->client_magic[1] = (char)h[9];
	x->client_magic[2] = '\0';
	if (memcmp(h + 8, "SM", 2) != 0 && memcmp(h + 8, "SO", 2) != 0)
		return ndb_fail(db, MC_NDB_CORRUPT, "unknown wMagicClient", 8, 0, 0);
	x->version = ndb_le16(h + 10);
	x->client_version = ndb_le16(h + 12);
	if (x->version == 14 || x->version == 15)
		x->format = MC_NDB_ANSI;
	else if (x->version >= 23 && x->version < 36)
		x->format = MC_NDB_UNICODE;
	else if (x->version == 36)
		x->format = MC_NDB_UNICODE_4K;
	else if (x->version > 36 && x->version < 64)
		return ndb_fail(db, MC_NDB_UNSUPPORTED, "wVer above 36 (a format after the 4K-page OST)", 10, 0, 0);
	else
		return ndb_fail(db, MC_NDB_CORRUPT, "unknown wVer", 10, 0, 0);

	db->ansi = x->format == MC_NDB_ANSI;
	db->page4k = x->format == MC_NDB_UNICODE_4K;
	db->idsize = db->ansi ? 4 : 8;
	db->block_trailer = db->ansi ? 12 : db->page4k ? 24 : 16;
	db->block_align = db->page4k ? 512 : 64;
	db->block_max = db->page4k ? 65536 : 8192;
	db->page_size = db->page4k ? NDB_PAGE_MAX : NDB_PAGE_SIZE;
	db->page_data = db->ansi ? 500 : db->page4k ? 4072 : 496;
	db->page_entries = db->ansi ? 496 : db->page4k ? 4056 : 488;

	if (ndb_le32(h + 4) != mc_pst_crc32(0, h + 8, HDR_CRC_PARTIAL_LEN))
		ndb_warn(db, "header dwCRCPartial mismatch", 4, 0, 0);
	const uint8_t *r;
	if (db->ansi) {
		r = h + 164;
		x->file_eof = ndb_le32(r + 4);
		x->amap_last = ndb_le32(r + 8);
		x->nbt_bid = ndb_le32(r + 20);
		x->nbt_ib = ndb_le32(r + 24);
		x->bbt_bid = ndb_le32(r + 28);
		x->bbt_ib = ndb_le32(r + 32);
		x->amap_valid = r[36];
		x->crypt = h[461];
	} else {
		if (got < HDR_READ)
			return ndb_fail(db, MC_NDB_IO, "Unicode header cut short", 0, 0, 0);
		r = h + 180;
		x->file_eof = ndb_le64(r + 4);
		x->amap_last = ndb_le64(r + 12);
		x->nbt_bid = ndb_le64(r + 36);
		x->nbt_ib = ndb_le64(r + 44);
		x->bbt_bid = ndb_le64(r + 52);
		x->bbt_ib = ndb_le64(r + 60);
		x->amap_valid = r[68];
		x->crypt = h[513];
		if (ndb_le32(h + 524) != mc_pst_crc32(0, h + 8, HDR_CRC_FULL_LEN))
			ndb_warn(db, "header dwCRCFull mismatch", 524, 0, 0);
	}
	if (x->crypt != MC_NDB_CRYPT_NONE && x->crypt != MC_NDB_CRYPT_PERMUTE && x->crypt != MC_NDB_CRYPT_CYCLIC)
		return ndb_fail(db, MC_NDB_UNSUPPORTED, "unknown bCryptMethod", db->ansi ? 461 : 513, 0, 0);
	if (x->file_eof != x->file_size)
		ndb_warn(db, "root ibFileEof differs from the file size", x->file_eof, 0, 0);
	if (x->nbt_ib % NDB_PAGE_SIZE || x->bbt_ib % NDB_PAGE_SIZE || x->nbt_ib < 512 || x->bbt_ib < 512)
		return ndb_fail(db, MC_NDB_CORRUPT, "B-tree root not on a page boundary", x->nbt_ib, x->nbt_bid, 0);
	return MC_NDB_OK;
}

mc_ndb *mc_ndb_open(int fd, mc_ndb_issue *err)
{
	mc_ndb *db = calloc(1, sizeof *db);
	uint8_t h[HDR_READ];
	struct stat st;
	if (!db) {
		if (err)
			*err = (mc_ndb_issue){ MC_NDB_NOMEM, "out of memory", 0, 0, 0 };
		return NULL;
	}
	db->fd = fd;
	int rc = MC_NDB_OK;
	if (fstat(fd, &st) != 0)
		rc = ndb_fail(db, MC_NDB_IO, "fstat failed", 0, 0, 0);
	else {
		db->h.file_size = (uint64_t)st.st_size;
		size_t want = db->h.file_size < HDR_READ ? (size_t)db->h.file_size : HDR_READ;
		memset(h, 0, sizeof h);
		rc = ndb_pread(db, h, want, 0, 0, 0);
		if (rc == MC_NDB_OK)
			rc = parse_header(db, h, want);
		if (rc == MC_NDB_OK && !(db->raw = malloc(db->block_max)))
			rc = ndb_fail(db, MC_NDB_NOMEM, "out of memory", 0, 0, 0);
	}
	if (rc != MC_NDB_OK) {
		if (err)
			*err = db->last_error;
		free(db);
		return NULL;
	}
	return db;
}

void mc_ndb_close(mc_ndb *db)
{
	if (db) {
		free(db->raw);
		ndb_page_cache_free(db);
	}
	free(db);
}

uint64_t mc_ndb_blocks_read(const mc_ndb *db)
{
	return db->blocks_read;
}

int mc_ndb_block_read(mc_ndb *db, uint64_t bid, uint8_t *buf, size_t *len)
{
	mc_ndb_block_ref ref;
	int rc = mc_ndb_block_lookup(db, bid, &ref);
	if (rc == MC_NDB_NOT_FOUND)
		return ndb_fail(db, MC_NDB_NOT_FOUND, "block not in the block B-tree", 0, bid, 0);
	if (rc != MC_NDB_OK)
		return rc;
	const unsigned tr = db->block_trailer;
	if ((size_t)ref.cb + tr > db->block_max)
		return ndb_fail(db, MC_NDB_CORRUPT,
				db->page4k ? "block larger than 65536 bytes" : "block larger than 8192 bytes", ref.ib,
				bid, 0);
	size_t total = ((size_t)ref.cb + tr + db->block_align - 1) / db->block_align * db->block_align;
	uint8_t *raw = db->raw;
	db->blocks_read++;
	rc = ndb_pread(db, raw, total, ref.ib, bid, 0);
	if (rc != MC_NDB_OK)
		return rc;
	const uint8_t *t = raw + total - tr;
	uint16_t cb = ndb_le16(t);
	uint16_t sig = ndb_le16(t + 2);
	uint32_t crc = db->ansi ? ndb_le32(t + 8) : ndb_le32(t + 4);
	uint64_t tbid = db->ansi ? ndb_le32(t + 4) : ndb_le64(t + 8);
	if (cb != ref.cb)
		return ndb_fail(db, MC_NDB_CORRUPT, "block trailer cb differs from the block B-tree", ref.ib, bid, 0);
	if ((tbid & ~(uint64_t)1) != (bid & ~(uint64_t)1))
		return ndb_fail(db, MC_NDB_CORRUPT, "block trailer names another BID", ref.ib, bid, 0);
	if (sig != ndb_sig(ref.ib, tbid))
		ndb_warn(db, "block signature mismatch", ref.ib, bid, 0);
	/* The CRC covers the data as stored, before decoding. */
	if (crc != mc_pst_crc32(0, raw, cb))
		ndb_warn(db, "block CRC mismatch", ref.ib, bid, 0);
	/* 4K: the trailer's inflated size (after cb, wSig, dwCRC, bid and two
	 * unknown bytes); other than cb, the block is a zlib stream */
	size_t inflated = db->page4k ? ndb_le16(t + 18) : cb;
	if (cb != 0 && inflated != 0 && inflated != cb) {
		const char *why;
		if (inflated > db->block_max - tr)
			return ndb_fail(db, MC_NDB_CORRUPT, "compressed block: inflated size above the block limit",
					ref.ib, bid, 0);
		rc = mc_pst_inflate(raw, cb, buf, db->block_max - tr, inflated, &inflated, &why);
		if (rc < 0)
			return ndb_fail(db, MC_NDB_CORRUPT, why, ref.ib, bid, 0);
		if (rc > 0) /* the stream checked out: its data, the size a warning */
			ndb_warn(db, why, ref.ib, bid, 0);
	} else {
		inflated = cb;
		memcpy(buf, raw, cb);
	}
	/* encoded after compression: decoded after inflating */
	if (!(bid & 2u)) {
		if (db->h.crypt == MC_NDB_CRYPT_PERMUTE)
			mc_pst_permute(buf, inflated, 0);
		else if (db->h.crypt == MC_NDB_CRYPT_CYCLIC)
			mc_pst_cyclic(buf, inflated, (uint32_t)bid);
	}
	*len = inflated;
	return MC_NDB_OK;
}
