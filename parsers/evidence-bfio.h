/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evidence-bfio.h: evidence opened our way (read-only, O_NOATIME) as a
 * libbfio handle, for libpff_file_open_file_io_handle() and
 * libolecf_file_open_file_io_handle(). See evidence-bfio.c.
 */
#ifndef MAILCASE_EVIDENCE_BFIO_H
#define MAILCASE_EVIDENCE_BFIO_H

#include <libbfio.h>

/* Opens path with mc_evidence_open() and wraps the descriptor. The handle
 * reads only. Returns NULL with errno set. */
libbfio_handle_t *mc_evidence_bfio_open(const char *path);

/* Frees the handle and closes its descriptor; *handle becomes NULL. Call
 * it after the libyal file using it is closed and freed. */
void mc_evidence_bfio_free(libbfio_handle_t **handle);

#endif
