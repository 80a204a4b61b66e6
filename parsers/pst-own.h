/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own.h: the choice of PST reader (our own, issue 19, the default;
 * or libpff: `mailcase ingest --pst-reader=libpff`) and our own reader's
 * entry point, called by the PST format (pst.c), which reads with libpff a
 * file ours refuses.
 */
#ifndef MAILCASE_PST_OWN_H
#define MAILCASE_PST_OWN_H

#include <stddef.h>

#include "parser.h"

#define MC_PST_MAX_FOLDER_DEPTH 64

enum mc_pst_reader_kind { MC_PST_READER_LIBPFF = 0, MC_PST_READER_OWN = 1 };

/* Chooses the reader by name ("libpff" or "own") for every PST read
 * afterwards in this process and the workers it forks. Returns 0, or -1
 * for an unknown name. */
int mc_pst_reader_select(const char *name);
enum mc_pst_reader_kind mc_pst_reader_selected(void);

/* Reads the PST of r with our own reader. Returns 1 with *result set, or
 * 0 when our reader refuses the file before emitting anything (why: the
 * caller reads it with libpff then). */
int mc_pst_own_read(struct mc_reader *r, enum mc_result *result, char *why, size_t whysize);

#endif
