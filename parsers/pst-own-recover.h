/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pst-own-recover.h: the recovered (deleted) and orphan items of a PST
 * read by our own reader (pst-own-recover.c), after its folder walk.
 */
#ifndef MAILCASE_PST_OWN_RECOVER_H
#define MAILCASE_PST_OWN_RECOVER_H

#include "pst-own-message.h"

/* Looks for deleted node entries (B-tree slack, B-tree pages in free
 * space) and orphan nodes, emits their messages and records their
 * folders. Returns 0, or -1 if the sink failed. */
int mc_pst_own_loose(struct mc_pst_own *o);

#endif
