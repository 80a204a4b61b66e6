/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit-corpus.h: where the unit tests find the shared corpus (implemented
 * in unit-util.c; apart from unit-util.h for the tests that have names of
 * their own clashing with it).
 */
#ifndef MC_UNIT_CORPUS_H
#define MC_UNIT_CORPUS_H

#include <glib.h>

/* The files of ../shared/corpus (beside $top_srcdir, else
 * /work/shared/corpus) whose MANIFEST.tsv kind is a PST or OST one (pst,
 * ost, pst(ost-ext)), relative to *dir (g_free it); NULL (and *dir NULL)
 * without a corpus. No ck_assert: main() may call it. */
GPtrArray *corpus_pst_files(char **dir);

#endif
