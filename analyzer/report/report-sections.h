/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-sections.h: the sections of the HTML report of `mailcase report`
 * and what they share. Each appends to r->out and reads the case through
 * r->db (read-only), aggregating in SQL and capping what it draws, so that
 * a large case gives a report of bounded size. Each returns 0, or -1 when
 * the case could not be read (the error was reported).
 *
 *   report-summary.c   page header, "What mailcase found", case and
 *                      evidence, glossary, footer
 *   report-findings.c  the findings with their messages
 *   report-langtime.c  language of automatic messages over time
 *   report-generated.c the generated fragments located, unknown ones first
 *   report-heatmap.c   hour-of-day by date activity per mailbox
 */
#ifndef MAILCASE_REPORT_SECTIONS_H
#define MAILCASE_REPORT_SECTIONS_H

#include <stdint.h>
#include <glib.h>
#include <sqlite3.h>

/* Caps that keep the report bounded. */
#define MC_REPORT_MAX_ROWS 40      /* identities in the language timeline */
#define MC_REPORT_MAX_MAILBOXES 40 /* heatmaps */
#define MC_REPORT_MAX_MARKS 2000   /* marks per identity before binning by day */
#define MC_REPORT_MAX_COLUMNS 120  /* heatmap columns before binning days */
#define MC_REPORT_MAX_FRAGMENTS 40 /* rows of "Generated text seen" */

struct mc_report {
	sqlite3 *db;
	GString *out;
	const char *case_path;
	int messages_limit;  /* supporting messages shown per finding; 0: all */
	const char *now;     /* --now, stated in the footer; NULL: none */
	uint64_t steps, step; /* progress */
};

/* Advances the progress line (shown on a terminal only). */
void mc_report_tick(struct mc_report *r, const char *what);

int mc_report_header(struct mc_report *r);
int mc_report_verdicts(struct mc_report *r);
int mc_report_langtime(struct mc_report *r);
int mc_report_generated(struct mc_report *r);
int mc_report_heatmap(struct mc_report *r);
int mc_report_findings(struct mc_report *r);
int mc_report_case(struct mc_report *r);
int mc_report_glossary(struct mc_report *r);
int mc_report_footer(struct mc_report *r);

/* Shared helpers (report-summary.c). */
long long mc_report_scalar(struct mc_report *r, const char *sql);
/* Appends a person: "Display Name" when known, else the address. */
void mc_report_person(GString *out, const char *name, const char *addr);

#endif
