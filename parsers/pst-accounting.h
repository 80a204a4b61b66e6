/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-accounting.h: what a PST/OST folder declares it holds
 * (PidTagContentCount, PidTagAssociatedContentCount) against what its
 * contents tables list, the same check for both readers (libpff's, pst.c,
 * and our own, pst-own.c). A difference is a warning problem on the folder;
 * the items that cannot be read are problems of their own.
 */
#ifndef MAILCASE_PST_ACCOUNTING_H
#define MAILCASE_PST_ACCOUNTING_H

#include <stddef.h>
#include <stdint.h>

#include "mapi-props.h"
#include "parser.h"

struct mc_pst_declared {
	int64_t items;          /* -1: not declared */
	int64_t hidden;
};

/* The counts a folder's properties declare. */
void mc_pst_declared_read(struct mc_mapi_props *folder, struct mc_pst_declared *d);

/* Compares them with the rows of the contents and associated contents
 * tables; records a warning at loc for each difference. Returns what
 * mc_reader_problem returns (0, or -1 if the sink failed). */
int mc_pst_declared_check(struct mc_reader *r, const char *loc,
                          const struct mc_pst_declared *d, size_t rows, size_t hidden_rows);

#endif
