#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ingest-basic.sh: mbox, EML, Maildir and non-mail evidence into one case;
# checks rows, statuses, decoding, provenance and the full-text index.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
make_maildir "$T/maildir"
check_status "ingest of fixtures with one damaged file" 1 \
	"$MAILCASE" ingest --custodian "Anna Meyer" "$C" \
	"$FIXTURES/mail" "$FIXTURES/mbox" "$FIXTURES/other" "$T/maildir"

check_eq "schema version" 7 "$(q "$C" 'PRAGMA user_version')"
check_eq "integrity" ok "$(q "$C" 'PRAGMA integrity_check')"
check_eq "evidence rows (6 eml, 3 mbox, 2 other, 1 maildir)" 12 "$(q "$C" 'SELECT count(*) FROM evidence')"
check_eq "every evidence has a status and hashes" 12 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('ok','partial','failed','skipped') AND length(sha256)=64 AND length(md5)=32")"
check_eq "custodian recorded" 12 "$(q "$C" "SELECT count(*) FROM evidence WHERE custodian='Anna Meyer'")"
check_eq "non-mail file skipped" "skipped" "$(q "$C" "SELECT status FROM evidence WHERE path LIKE '%/notes.txt'")"
check_eq "damaged PST failed with a reason" "failed|pst|1" \
	"$(q "$C" "SELECT status, format, error IS NOT NULL FROM evidence WHERE path LIKE '%/damaged.pst'")"
check_eq "plain.eml SHA-256" "$(sha256sum "$FIXTURES/mail/plain.eml" | cut -d' ' -f1)" \
	"$(q "$C" "SELECT sha256 FROM evidence WHERE path LIKE '%/plain.eml'")"
check_eq "plain.eml MD5" "$(md5sum "$FIXTURES/mail/plain.eml" | cut -d' ' -f1)" \
	"$(q "$C" "SELECT md5 FROM evidence WHERE path LIKE '%/plain.eml'")"
check_eq "run recorded and finished" "1|evidence_failed|1" \
	"$(q "$C" "SELECT count(*), status, finished_at IS NOT NULL FROM runs")"

# mbox: four messages in each line-ending variant, same subjects.
for v in sample sample-crlf sample-cr; do
	check_eq "$v.mbox: format, status, count" "mbox|ok|4" \
		"$(q "$C" "SELECT format, status, message_count FROM evidence WHERE path LIKE '%/$v.mbox'")"
done
subjects() {
	q "$C" "SELECT group_concat(subject, ' / ') FROM (SELECT m.subject FROM messages m
		JOIN evidence e ON e.id = m.evidence_id WHERE e.path LIKE '%/$1.mbox' ORDER BY m.id)"
}
expect="First message / Re: First message / Delivery Status Notification (Failure) / Spotkanie w piątek"
check_eq "sample.mbox subjects" "$expect" "$(subjects sample)"
check_eq "CRLF mbox subjects" "$expect" "$(subjects sample-crlf)"
check_eq "CR-only mbox subjects" "$expect" "$(subjects sample-cr)"
check_eq "'From ' body line kept in the first message" 1 \
	"$(q "$C" "SELECT count(*) FROM messages m JOIN evidence e ON e.id=m.evidence_id
		WHERE e.path LIKE '%/sample.mbox' AND m.body_text LIKE '%From here on, this line%'")"
check_eq ">From unescaped in the body" 1 \
	"$(q "$C" "SELECT count(*) FROM messages m JOIN evidence e ON e.id=m.evidence_id
		WHERE e.path LIKE '%/sample.mbox' AND m.body_text LIKE '%' || char(10) || 'From the desk of Anna%'")"

# Every mbox message's locator gives back bytes with the recorded SHA-256.
q "$C" "SELECT e.path, m.byte_offset, m.byte_length, m.sha256, m.locator FROM messages m
	JOIN evidence e ON e.id = m.evidence_id WHERE e.format = 'mbox'" >"$T/ranges"
n=0
while IFS='|' read -r path off len sha loc; do
	n=$((n + 1))
	check_eq "bytes at $loc of ${path##*/}" "$sha" "$(range_sha256 "$path" "$off" "$len")"
	check_eq "locator form of $loc" "mbox:$off+$len" "$loc"
done <"$T/ranges"
check_eq "mbox messages verified by range" 12 "$n"

# The GB2312 auto-reply.
check_eq "OOF subject decoded" "自动回复: Budget review for Q2" \
	"$(q "$C" "SELECT m.subject FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/oof-zh-gb2312.eml'")"
check_eq "OOF date in UTC with the original offset" "2011-03-14T08:40:12Z|480" \
	"$(q "$C" "SELECT m.date_utc, m.date_offset FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/oof-zh-gb2312.eml'")"
check_eq "OOF body decoded from GB2312" "gb2312|1" \
	"$(q "$C" "SELECT m.charset_declared, m.body_text LIKE '%我目前不在办公室%' FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/oof-zh-gb2312.eml'")"
check_eq "OOF Auto-Submitted header stored" "auto-replied" \
	"$(q "$C" "SELECT h.value FROM headers h JOIN messages m ON m.id=h.message_id JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/oof-zh-gb2312.eml' AND h.name='Auto-Submitted'")"

# The DSN and the message it returned.
check_eq "NDR: one message, one embedded" "1|1" \
	"$(q "$C" "SELECT message_count, embedded_count FROM evidence WHERE path LIKE '%/ndr-dsn.eml'")"
check_eq "returned message linked to the NDR" "Minutes of the steering group|embedded|Undelivered Mail Returned to Sender" \
	"$(q "$C" "SELECT c.subject, c.origin, p.subject FROM messages c JOIN messages p ON p.id=c.parent_id JOIN evidence e ON e.id=c.evidence_id WHERE e.path LIKE '%/ndr-dsn.eml'")"
check_eq "DSN fields readable in the body" 1 \
	"$(q "$C" "SELECT m.body_text LIKE '%Status: 5.1.1%' FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/ndr-dsn.eml' AND m.origin='folder'")"

# Attachments and RFC 2231 names.
check_eq "attachment name, size and hash" "Présentation du projet.bin|1024|785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9" \
	"$(q "$C" "SELECT a.filename, a.size, a.sha256 FROM attachments a JOIN messages m ON m.id=a.message_id JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/attachment.eml' AND a.disposition='attachment'")"
check_eq "the HTML alternative is not an attachment" 1 \
	"$(q "$C" "SELECT count(*) FROM attachments a JOIN messages m ON m.id=a.message_id JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/attachment.eml'")"
check_eq "plain part preferred over HTML" "text/plain|Françoise Dupont|Présentation du projet" \
	"$(q "$C" "SELECT m.body_source, m.from_name, m.subject FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/attachment.eml'")"

# HTML-only KOI8-R.
check_eq "KOI8-R HTML reduced to text" "Иван Петров|1|0|1" \
	"$(q "$C" "SELECT m.from_name, m.body_text LIKE '%Отчёт за март готов.%', m.body_text LIKE '%<p>%', m.body_text LIKE '%©%' FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/html-koi8r.eml'")"

# Broken input is kept, with what was wrong.
check_eq "broken message stored without a date, with warnings" "ok|1|1" \
	"$(q "$C" "SELECT e.status, m.date_utc IS NULL, m.warnings IS NOT NULL FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/broken-headers.eml'")"

# Recipients and headers of the plain message.
check_eq "recipients" "to|jan.devries@example.com;to|support@example.com;cc|piotr.nowak@example.com" \
	"$(q "$C" "SELECT group_concat(kind || '|' || addr, ';') FROM (SELECT r.kind, r.addr FROM recipients r JOIN messages m ON m.id=r.message_id JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/plain.eml' ORDER BY r.seq)")"
check_eq "headers in order" "Return-Path,Received,From,To,Cc,Subject,Date,Message-ID,MIME-Version,Content-Type" \
	"$(q "$C" "SELECT group_concat(name) FROM (SELECT h.name FROM headers h JOIN messages m ON m.id=h.message_id JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/plain.eml' ORDER BY h.seq)")"

# Maildir: one evidence, two folders with roles, every message file.
check_eq "Maildir evidence" "maildir|ok|8|2" \
	"$(q "$C" "SELECT format, status, message_count, folder_count FROM evidence WHERE path='$T/maildir'")"
check_eq "Maildir folder roles" "inbox,sent" \
	"$(q "$C" "SELECT group_concat(role) FROM (SELECT f.role FROM folders f JOIN evidence e ON e.id=f.evidence_id WHERE e.format='maildir' ORDER BY f.role)")"
check_eq "Maildir locators are relative paths" 8 \
	"$(q "$C" "SELECT count(*) FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.format='maildir' AND m.origin<>'embedded' AND m.locator LIKE 'maildir:%'")"

# Full-text search, any script.
check_eq "FTS finds French text" 1 \
	"$(q "$C" "SELECT count(*) > 0 FROM messages_fts WHERE messages_fts MATCH 'présentation'")"
check_eq "FTS finds Chinese text (eml and Maildir copies)" 2 \
	"$(q "$C" "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '不在办公室'")"

# An empty directory and an empty Maildir among the evidence: nothing to
# sort is no undefined behaviour (qsort of NULL; the sanitizer build aborts).
mkdir -p "$T/emptyish/nothing" "$T/emptyish/md/cur" "$T/emptyish/md/new" "$T/emptyish/md/tmp"
cp "$FIXTURES/mail/plain.eml" "$T/emptyish/"
check_status "ingest with an empty directory and an empty Maildir" 0 \
	"$MAILCASE" ingest -q --no-analyze "$T/empty.db" "$T/emptyish"
check_eq "no runtime error reported" 0 "$(grep -c 'runtime error' "$T/err")"
check_eq "the empty Maildir is an evidence of no message, the EML one of one" "maildir|ok|0
eml|ok|1" "$(q "$T/empty.db" "SELECT format, status, message_count FROM evidence ORDER BY format DESC")"

finish
