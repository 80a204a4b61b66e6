/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
/*
 * pst-accounting.c: a folder's declared item counts against its tables
 * (pst-accounting.h).
 */

#include "pst-accounting.h"

enum { PR_CONTENT_COUNT = 0x3602, PR_ASSOC_CONTENT_COUNT = 0x3617 };

void mc_pst_declared_read(struct mc_mapi_props *folder, struct mc_pst_declared *d)
{
	if (!mc_mapi_prop_int(folder, PR_CONTENT_COUNT, &d->items))
		d->items = -1;
	if (!mc_mapi_prop_int(folder, PR_ASSOC_CONTENT_COUNT, &d->hidden))
		d->hidden = -1;
}

int mc_pst_declared_check(struct mc_reader *r, const char *loc,
                          const struct mc_pst_declared *d, size_t rows, size_t hidden_rows)
{
	if (d->items >= 0 && (uint64_t)d->items != rows &&
	    mc_reader_problem(r, "warning", loc, "the folder declares %lld items"
	                      " (PidTagContentCount), its contents table lists %zu",
	                      (long long)d->items, rows) < 0)
		return -1;
	if (d->hidden >= 0 && (uint64_t)d->hidden != hidden_rows &&
	    mc_reader_problem(r, "warning", loc, "the folder declares %lld hidden items"
	                      " (PidTagAssociatedContentCount), its associated contents table"
	                      " lists %zu", (long long)d->hidden, hidden_rows) < 0)
		return -1;
	return 0;
}
