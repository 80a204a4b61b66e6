# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/case-content.sh: what a case holds, by content and not by ids,
# for the tests that compare a merged case with one ingest of the same
# evidence (merge.sh, scale-slurm.sh, scale-parallel.sh); sourced after
# lib.sh. dump CASE: evidence, folders, messages, headers, recipients,
# attachments, properties, labels, problems and the text index, one row a line,
# in an order that does not depend on ids; findings CASE: the findings;
# kinds CASE: the counts, for a test's message; drop_duplicate_content DIR:
# removes all but the first (in path order) of the files below DIR with
# the same content (one ingest skips such a copy as a duplicate, shards
# each keep theirs: docs/scale-out.md).

drop_duplicate_content() {
	find "$1" -type f -print0 | xargs -0 sha256sum | LC_ALL=C sort |
		awk 'seen[$1]++ { sub(/^[0-9a-f]+  /, ""); print }' | while IFS= read -r f; do rm -f "$f"; done
}

dump() {
	q "$1" "
SELECT 'evidence', e.path, e.sha256, e.md5, e.size, e.status, e.format, e.variant, e.custodian,
       e.message_count, e.embedded_count, e.folder_count, e.problem_count, e.error,
       (SELECT d.path FROM evidence d WHERE d.id = e.duplicate_of)
  FROM evidence e ORDER BY e.path;
SELECT 'folder', e.path, f.path, f.name, f.role, f.locator, f.message_count, p.path
  FROM folders f JOIN evidence e ON e.id = f.evidence_id LEFT JOIN folders p ON p.id = f.parent_id
  ORDER BY 2, 3, 6;
SELECT 'message', e.path, m.locator, m.origin, f.path, pm.locator, m.byte_offset, m.byte_length,
       m.message_class, m.subject, m.from_name, m.from_addr, m.date_utc, m.date_offset,
       m.message_id, m.in_reply_to, m.content_type, m.size, m.sha256, m.charset_declared,
       m.charset_used, m.charset_detected, m.body_source, m.body_text, m.attachment_count,
       m.recipient_count, m.warnings
  FROM messages m JOIN evidence e ON e.id = m.evidence_id LEFT JOIN folders f ON f.id = m.folder_id
  LEFT JOIN messages pm ON pm.id = m.parent_id ORDER BY 2, 3;
SELECT 'header', e.path, m.locator, h.seq, h.name, h.value, h.raw
  FROM headers h JOIN messages m ON m.id = h.message_id JOIN evidence e ON e.id = m.evidence_id
  ORDER BY 2, 3, 4;
SELECT 'recipient', e.path, m.locator, r.kind, r.seq, r.name, r.addr, r.exdn
  FROM recipients r JOIN messages m ON m.id = r.message_id JOIN evidence e ON e.id = m.evidence_id
  ORDER BY 2, 3, 4, 5;
SELECT 'attachment', e.path, m.locator, a.seq, a.part_path, a.filename, a.mime_type,
       a.disposition, a.size, a.sha256
  FROM attachments a JOIN messages m ON m.id = a.message_id JOIN evidence e ON e.id = m.evidence_id
  ORDER BY 2, 3, 4;
SELECT 'prop', e.path, m.locator, p.name, p.value
  FROM message_props p JOIN messages m ON m.id = p.message_id JOIN evidence e ON e.id = m.evidence_id
  ORDER BY 2, 3, 4, 5;
SELECT 'label', e.path, m.locator, l.seq, l.label, l.role
  FROM message_labels l JOIN messages m ON m.id = l.message_id JOIN evidence e ON e.id = m.evidence_id
  ORDER BY 2, 3, 4;
SELECT 'problem', e.path, p.severity, p.locator, p.message
  FROM problems p JOIN evidence e ON e.id = p.evidence_id ORDER BY 2, 3, 4, 5;
SELECT 'index', (SELECT integrity_check FROM pragma_integrity_check),
       (SELECT count(*) FROM pragma_foreign_key_check),
       (SELECT count(*) FROM messages_fts_docsize), (SELECT count(*) FROM messages);"
}
findings() { q "$1" "SELECT rule, identity, severity, summary FROM findings ORDER BY 1, 2, 3, 4"; }
kinds() {
	q "$1" "SELECT (SELECT count(*) FROM evidence) || ' evidence, ' || (SELECT count(*) FROM folders)
	        || ' folders, ' || (SELECT count(*) FROM messages) || ' messages, '
	        || (SELECT count(*) FROM headers) || ' headers, ' || (SELECT count(*) FROM recipients)
	        || ' recipients, ' || (SELECT count(*) FROM attachments) || ' attachments, '
	        || (SELECT count(*) FROM message_props) || ' properties, '
	        || (SELECT count(*) FROM message_labels) || ' labels, '
	        || (SELECT count(*) FROM problems) || ' problems'"
}
