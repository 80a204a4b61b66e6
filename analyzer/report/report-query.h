/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report-query.h: the findings of a case as `mailcase findings` and
 * `mailcase report` read them: severity ranks, filters, the order (most
 * severe first) and the messages that support each finding.
 */
#ifndef MAILCASE_REPORT_QUERY_H
#define MAILCASE_REPORT_QUERY_H

#include <sqlite3.h>

/* Severity rank: info 0, low 1, medium 2, high 3, critical 4; -1 unknown. */
int mc_severity_rank(const char *name);
/* The name of a rank ("info" ... "critical"), NULL when out of range. */
const char *mc_severity_name(int rank);

struct mc_finding_filter {
	int min_severity;     /* rank; 0 keeps everything */
	const char *rule;     /* exact rule id, or NULL */
	const char *identity; /* lower-case address, or NULL */
};

/* Columns of a findings row, in this order. */
enum mc_finding_col {
	MC_F_ID, MC_F_RULE, MC_F_SEVERITY, MC_F_CONFIDENCE, MC_F_IDENTITY,
	MC_F_FIRST_SEEN, MC_F_LAST_SEEN, MC_F_SUMMARY, MC_F_DETAILS,
	MC_F_DETAILS_VALID, MC_F_MESSAGES
};

/* The findings matching f (NULL: all), most severe first, then the most
 * confident, then by number. An --identity matches the finding's identity,
 * or for findings about several, an identity named in its details. */
sqlite3_stmt *mc_findings_select(sqlite3 *db, const struct mc_finding_filter *f);

/* Columns of a supporting-message row, in this order. */
enum mc_fmsg_col {
	MC_FM_ID, MC_FM_ROLE, MC_FM_DATE, MC_FM_FROM_ADDR, MC_FM_FROM_NAME,
	MC_FM_SUBJECT, MC_FM_EVIDENCE, MC_FM_LOCATOR, MC_FM_SYSTEM_LANGUAGE,
	MC_FM_CLIENT_KIND
};

/* The messages of one finding: bind 1 = finding id, 2 = the most to return
 * (negative: all). When there are more, those chosen are taken in turn from
 * each role, nearest to the switch (the last 'before', the first 'after',
 * the first 'evidence'); they are returned in date order. */
sqlite3_stmt *mc_finding_messages_select(sqlite3 *db);

/* Text of column i, or dflt when NULL. */
const char *mc_col_text(sqlite3_stmt *st, int i, const char *dflt);

#endif
