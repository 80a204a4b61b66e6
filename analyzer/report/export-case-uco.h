/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * export-case-uco.h: a case as CASE/UCO JSON-LD (`mailcase export --format
 * case-uco`), the exchange format of the Cyber-investigation Analysis
 * Standard Expression and the Unified Cyber Ontology (docs/export-case-uco.md).
 *
 * One @graph, streamed: the tool (mailcase and its version), one
 * case-investigation:InvestigativeAction per run that read evidence (its
 * instrument the tool, its objects the evidence files), the evidence files
 * (uco-observable:File with their SHA-256 and MD5), every address
 * (uco-observable:EmailAddress), every message (uco-observable:EmailMessage
 * with its EmailMessageFacet: from, to, cc, bcc, sent and received times,
 * message id, in-reply-to, references, subject, body, content type, Received
 * lines, X-Mailer, labels and the other headers as a dictionary), its attachments
 * (uco-observable:File with their SHA-256, related "Attached_To" the
 * message), and its provenance: a "Contained_Within" relationship to its
 * evidence file (or to the message that embeds it) whose PathRelationFacet
 * holds the locator (and a DataRangeFacet the byte range, for mbox and EML).
 * Identifiers are content-derived (as in export-opensearch.h), so the same
 * evidence gives the same nodes in two cases.
 */
#ifndef MAILCASE_EXPORT_CASE_UCO_H
#define MAILCASE_EXPORT_CASE_UCO_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

/* Writes the JSON-LD document to f. *objects counts the top-level graph
 * nodes; tick (may be NULL) is called after each message. Returns 0, or -1
 * with a message in err. */
int mc_uco_write(sqlite3 *db, FILE *f, int with_body, uint64_t *objects,
                 void (*tick)(void *ctx), void *tick_ctx, char *err, size_t errlen);

#endif
