/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * formats.c: the list of evidence formats and format detection by
 * bidding (parser.h). Adding a format: its reader file in parsers/, its
 * struct mc_format declared in parser.h, and a line here.
 */
#include "config.h"

#include <string.h>

#include "parser.h"

const struct mc_format *const mc_formats[] = {
	&mc_format_pst,
	&mc_format_maildir,
	&mc_format_applemail,
	&mc_format_mbox,
	&mc_format_msg,
	&mc_format_olm,
	&mc_format_tnef,
	&mc_format_emlx,
	&mc_format_dbx,
	&mc_format_eml,
	NULL
};

const struct mc_format *mc_format_detect(const struct mc_probe *probe)
{
	const struct mc_format *best = NULL;
	int best_bid = 0;
	for (size_t i = 0; mc_formats[i]; i++) {
		int bid = mc_formats[i]->bid(probe);
		if (bid > best_bid) {
			best_bid = bid;
			best = mc_formats[i];
		}
	}
	return best;
}

const struct mc_format *mc_format_by_name(const char *name)
{
	for (size_t i = 0; mc_formats[i]; i++)
		if (strcmp(mc_formats[i]->name, name) == 0)
			return mc_formats[i];
	return NULL;
}

int mc_format_is_directory(const char *name)
{
	const struct mc_format *f = name ? mc_format_by_name(name) : NULL;
	return f && f->directory;
}
