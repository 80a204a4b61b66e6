/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-ndb-io.c: what every file of the NDB reader uses below it: the
 * pread of one structure (a short read is a truncated file) and the
 * recording of errors and warnings with their locators, and the accessors
 * of those issues. See pst-ndb.h and pst-ndb-internal.h.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "pst-ndb-internal.h"

int ndb_fail(mc_ndb *db, int status, const char *what, uint64_t offset, uint64_t bid, uint32_t nid)
{
	if (db)
		db->last_error = (mc_ndb_issue){ status, what, offset, bid, nid };
	return status;
}

void ndb_warn(mc_ndb *db, const char *what, uint64_t offset, uint64_t bid, uint32_t nid)
{
	if (db->nwarn < MC_NDB_KEPT_WARNINGS)
		db->warn[db->nwarn] = (mc_ndb_issue){ MC_NDB_OK, what, offset, bid, nid };
	db->nwarn++;
}

int ndb_pread(mc_ndb *db, void *buf, size_t len, uint64_t off, uint64_t bid, uint32_t nid)
{
	uint8_t *p = buf;
	size_t done = 0;
	if (off > (uint64_t)INT64_MAX - len)
		return ndb_fail(db, MC_NDB_CORRUPT, "offset beyond any file", off, bid, nid);
	while (done < len) {
		ssize_t n = pread(db->fd, p + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ndb_fail(db, MC_NDB_IO, "read error", off, bid, nid);
		if (n == 0)
			return ndb_fail(db, MC_NDB_IO, "structure beyond the end of the file (truncated?)", off, bid,
					nid);
		done += (size_t)n;
	}
	return MC_NDB_OK;
}

const mc_ndb_issue *mc_ndb_last_error(const mc_ndb *db)
{
	return db->last_error.status ? &db->last_error : NULL;
}

size_t mc_ndb_warning_count(const mc_ndb *db)
{
	return db->nwarn;
}

const mc_ndb_issue *mc_ndb_warning(const mc_ndb *db, size_t i)
{
	return i < db->nwarn && i < MC_NDB_KEPT_WARNINGS ? &db->warn[i] : NULL;
}

