#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-case-uco.sh: `mailcase export --format case-uco` against a schema
# this test states, taken from the UCO 1.x ontology's SHACL shapes (no
# validator for them is packaged in Debian or published on npm that works
# offline): one JSON-LD document with the CASE/UCO prefixes; every node
# identified once; every reference resolving to a node of the graph; node
# types from the list below; one EmailMessage per message of the case, each
# with one EmailMessageFacet whose properties are those of the shape (from,
# to, cc, bcc and references as node references; times as xsd:dateTime;
# at most one of each single-valued property); one "Contained_Within"
# relationship per message to its evidence file or embedding message, with
# the locator; attachments as files with their SHA-256, "Attached_To" their
# message; evidence files with the case's hashes; identical output twice.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
C="$T/case.db"
"$MKEV" --scenario eu2011 --seed 3 --out "$T/ev" >/dev/null
cat >"$T/takeout.mbox" <<'EOF'
From 1234567890@xxx Tue Mar 15 10:00:00 +0000 2011
X-Gmail-Labels: Inbox,Kunden
From: a@example.com
To: b@example.com
Subject: labelled
Date: Tue, 15 Mar 2011 10:00:00 +0000
Message-ID: <labelled-1@example.com>

Body.
EOF
"$MAILCASE" ingest -q --no-analyze "$C" "$T/ev" "$FIXTURES/mbox" "$FIXTURES/mail" "$T/takeout.mbox" >/dev/null 2>&1

check_status "case-uco export" 0 "$MAILCASE" export --format case-uco --body -o "$T/uco.json" "$C"
check_status "--what does not apply" 2 "$MAILCASE" export --format case-uco --what findings "$C"
J="$T/uco.json"
DB="$T/uco.db"
# Every object of the document with its path: nodes (top level), facets and
# inner objects; references are objects holding only "@id".
sqlite3 -batch "$DB" "CREATE TABLE t AS SELECT * FROM json_tree(readfile('$J'))" \
	"CREATE INDEX t_parent ON t(parent, key)" "CREATE INDEX t_key ON t(key)"
jq_() { sqlite3 -batch "$DB" "$1"; }

check_eq "valid JSON" 1 "$(sqlite3 :memory: "SELECT json_valid(readfile('$J'))")"
check_eq "the CASE/UCO prefixes" \
	"https://ontology.unifiedcyberontology.org/uco/observable/|https://ontology.caseontology.org/case/investigation/|http://www.w3.org/2001/XMLSchema#" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$J'), '\$.\"@context\".\"uco-observable\"')
	   || '|' || json_extract(readfile('$J'), '\$.\"@context\".\"case-investigation\"')
	   || '|' || json_extract(readfile('$J'), '\$.\"@context\".xsd')")"
jq_ "CREATE TABLE obj AS SELECT id, fullkey, path,
	(SELECT value FROM t c WHERE c.parent = o.id AND c.key = '@id') AS iri,
	(SELECT value FROM t c WHERE c.parent = o.id AND c.key = '@type') AS type,
	(SELECT count(*) FROM t c WHERE c.parent = o.id) AS members
	FROM t o WHERE o.type = 'object'"
jq_ "CREATE TABLE defs AS SELECT * FROM obj WHERE iri IS NOT NULL AND members > 1"
jq_ "CREATE TABLE refs AS SELECT * FROM obj WHERE iri IS NOT NULL AND members = 1"
jq_ "CREATE INDEX defs_iri ON defs(iri)" "CREATE INDEX defs_id ON defs(id)"
check_eq "every node, facet and hash is identified once" 0 \
	"$(jq_ "SELECT count(*) FROM (SELECT iri FROM defs GROUP BY iri HAVING count(*) > 1)")"
check_eq "every reference resolves to a node of the graph" 0 \
	"$(jq_ "SELECT count(*) FROM refs WHERE iri NOT IN (SELECT iri FROM defs)")"
check_eq "identifiers are in the kb: namespace" 0 \
	"$(jq_ "SELECT count(*) FROM defs WHERE iri NOT LIKE 'kb:%'")"
check_eq "node types are those of the stated schema" "" \
	"$(jq_ "SELECT group_concat(DISTINCT type) FROM defs WHERE type NOT IN (
	   'uco-tool:Tool', 'case-investigation:InvestigativeAction', 'uco-observable:File',
	   'uco-observable:FileFacet', 'uco-observable:ContentDataFacet', 'uco-types:Hash',
	   'uco-observable:EmailAddress', 'uco-observable:EmailAddressFacet',
	   'uco-observable:EmailMessage', 'uco-observable:EmailMessageFacet',
	   'uco-types:Dictionary', 'uco-types:DictionaryEntry',
	   'uco-observable:ObservableRelationship', 'uco-observable:PathRelationFacet',
	   'uco-observable:DataRangeFacet')")"

msgs=$(q "$C" "SELECT count(*) FROM messages")
check_eq "one EmailMessage per message" "$msgs" \
	"$(jq_ "SELECT count(*) FROM defs WHERE type = 'uco-observable:EmailMessage'")"
check_eq "one EmailMessageFacet per message" "$msgs" \
	"$(jq_ "SELECT count(*) FROM defs WHERE type = 'uco-observable:EmailMessageFacet'")"
# The shape's properties (UCO 1.x observable:EmailMessageFacet).
FACET_KEYS="'@id','@type','uco-observable:bodyMultipart','uco-observable:application',
	'uco-observable:bodyRaw','uco-observable:from','uco-observable:headerRaw',
	'uco-observable:sender','uco-observable:xOriginatingIP','uco-observable:bcc',
	'uco-observable:cc','uco-observable:references','uco-observable:to',
	'uco-observable:otherHeaders','uco-observable:isMimeEncoded','uco-observable:isMultipart',
	'uco-observable:isRead','uco-observable:modifiedTime','uco-observable:receivedTime',
	'uco-observable:sentTime','uco-observable:body','uco-observable:contentDisposition',
	'uco-observable:contentType','uco-observable:inReplyTo','uco-observable:messageID',
	'uco-observable:priority','uco-observable:subject','uco-observable:xMailer',
	'uco-observable:categories','uco-observable:labels','uco-observable:receivedLines'"
check_eq "facet properties are the shape's" "" \
	"$(jq_ "SELECT group_concat(DISTINCT c.key) FROM defs d JOIN t c ON c.parent = d.id
	       WHERE d.type = 'uco-observable:EmailMessageFacet' AND c.key NOT IN ($FACET_KEYS)")"
check_eq "from, to, cc, bcc and references point at nodes" 0 \
	"$(jq_ "SELECT count(*) FROM defs d JOIN t c ON c.parent = d.id
	       WHERE d.type = 'uco-observable:EmailMessageFacet'
	       AND c.key IN ('uco-observable:from', 'uco-observable:to', 'uco-observable:cc',
	                     'uco-observable:bcc', 'uco-observable:references')
	       AND NOT ((c.type = 'object' AND json_extract(c.value, '\$.\"@id\"') IS NOT NULL)
	             OR (c.type = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(c.value) e
	                 WHERE json_extract(e.value, '\$.\"@id\"') IS NULL)))")"
check_eq "addresses point at EmailAddress nodes" 0 \
	"$(jq_ "SELECT count(*) FROM refs r WHERE r.fullkey GLOB '*uco-observable:from*'
	       AND r.iri NOT IN (SELECT iri FROM defs WHERE type = 'uco-observable:EmailAddress')")"
check_eq "every sender is there" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE from_addr IS NOT NULL AND from_addr <> ''")" \
	"$(jq_ "SELECT count(*) FROM defs d JOIN t c ON c.parent = d.id
	       WHERE d.type = 'uco-observable:EmailMessageFacet' AND c.key = 'uco-observable:from'")"
check_eq "every To recipient is there" \
	"$(q "$C" "SELECT count(*) FROM recipients WHERE kind = 'to' AND addr IS NOT NULL AND addr <> ''")" \
	"$(jq_ "SELECT count(*) FROM defs d JOIN t c ON c.parent = d.id, json_each(c.value) e
	       WHERE d.type = 'uco-observable:EmailMessageFacet' AND c.key = 'uco-observable:to'")"
check_eq "times are xsd:dateTime literals" 0 \
	"$(jq_ "SELECT count(*) FROM t c WHERE c.key IN ('uco-observable:sentTime',
	       'uco-observable:receivedTime', 'uco-observable:modifiedTime',
	       'uco-action:startTime', 'uco-action:endTime')
	       AND (json_extract(c.value, '\$.\"@type\"') IS NOT 'xsd:dateTime'
	         OR json_extract(c.value, '\$.\"@value\"') NOT GLOB
	            '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*')")"
check_eq "sent times are the case's dates" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE date_utc IS NOT NULL")" \
	"$(jq_ "SELECT count(*) FROM t WHERE key = 'uco-observable:sentTime'")"
check_eq "message ids, subjects and bodies" \
	"$(q "$C" "SELECT count(message_id) || '|' || count(NULLIF(subject, '')) || '|' || count(NULLIF(body_text, '')) FROM messages")" \
	"$(jq_ "SELECT (SELECT count(*) FROM t WHERE key = 'uco-observable:messageID') || '|' ||
	       (SELECT count(*) FROM t WHERE key = 'uco-observable:subject') || '|' ||
	       (SELECT count(*) FROM t WHERE key = 'uco-observable:body')")"
check_eq "Gmail labels as the facet's labels" "Inbox,Kunden" \
	"$(jq_ "SELECT group_concat(e.value) FROM t c, json_each(c.value) e WHERE c.key = 'uco-observable:labels'")"
check_eq "single-valued properties appear once per facet" 0 \
	"$(jq_ "SELECT count(*) FROM (SELECT c.parent, c.key FROM t c GROUP BY c.parent, c.key HAVING count(*) > 1)")"

# Provenance: one Contained_Within per message, with the locator.
jq_ "CREATE TABLE rel AS SELECT d.iri,
	(SELECT json_extract(c.value, '\$.\"@id\"') FROM t c WHERE c.parent = d.id AND c.key = 'uco-core:source') AS src,
	(SELECT json_extract(c.value, '\$.\"@id\"') FROM t c WHERE c.parent = d.id AND c.key = 'uco-core:target') AS dst,
	(SELECT c.value FROM t c WHERE c.parent = d.id AND c.key = 'uco-core:kindOfRelationship') AS kind
	FROM defs d WHERE d.type = 'uco-observable:ObservableRelationship'"
check_eq "one Contained_Within per message" "$msgs" \
	"$(jq_ "SELECT count(DISTINCT src) FROM rel WHERE kind = 'Contained_Within'
	       AND src IN (SELECT iri FROM defs WHERE type = 'uco-observable:EmailMessage')")"
check_eq "each locator is on its relationship" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE locator IS NOT NULL")" \
	"$(jq_ "SELECT count(*) FROM t WHERE key = 'uco-observable:path'")"
check_eq "top-level messages are contained in files, embedded ones in messages" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE parent_id IS NULL")|$(q "$C" "SELECT count(*) FROM messages WHERE parent_id IS NOT NULL")" \
	"$(jq_ "SELECT (SELECT count(*) FROM rel WHERE kind = 'Contained_Within' AND dst IN
	          (SELECT iri FROM defs WHERE type = 'uco-observable:File')) || '|' ||
	       (SELECT count(*) FROM rel WHERE kind = 'Contained_Within' AND dst IN
	          (SELECT iri FROM defs WHERE type = 'uco-observable:EmailMessage'))")"
check_eq "mbox and EML messages carry their byte range" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE byte_offset IS NOT NULL AND byte_length IS NOT NULL")" \
	"$(jq_ "SELECT count(*) FROM defs WHERE type = 'uco-observable:DataRangeFacet'")"
atts=$(q "$C" "SELECT count(*) FROM attachments")
check_eq "the case has attachments" 1 "$(test "$atts" -gt 0 && echo 1)"
check_eq "one Attached_To per attachment" "$atts" \
	"$(jq_ "SELECT count(*) FROM rel WHERE kind = 'Attached_To'
	       AND dst IN (SELECT iri FROM defs WHERE type = 'uco-observable:EmailMessage')")"
jq_ "CREATE TABLE hashes AS SELECT h.iri, json_extract(v.value, '\$.\"uco-types:hashValue\".\"@value\"') AS value
	FROM defs h JOIN t v ON v.id = h.id WHERE h.type = 'uco-types:Hash'"
check_eq "attachment hashes are the case's" \
	"$(q "$C" "SELECT group_concat(h, ',') FROM (SELECT upper(sha256) AS h FROM attachments WHERE sha256 IS NOT NULL ORDER BY 1)")" \
	"$(jq_ "SELECT group_concat(value, ',') FROM (SELECT h.value FROM rel r
	       JOIN hashes h ON h.iri = r.src || '-SHA256' WHERE r.kind = 'Attached_To' ORDER BY 1)")"
check_eq "evidence files carry the case's SHA-256 and MD5" \
	"$(q "$C" "SELECT group_concat(h, ',') FROM (SELECT upper(sha256) AS h FROM evidence UNION ALL SELECT upper(md5) FROM evidence ORDER BY 1)")" \
	"$(jq_ "SELECT group_concat(value, ',') FROM (SELECT h.value FROM defs f
	       JOIN hashes h ON h.iri IN (f.iri || '-SHA256', f.iri || '-MD5')
	       WHERE f.type = 'uco-observable:File' AND f.iri NOT IN (SELECT src FROM rel) ORDER BY 1)")"
check_eq "the ingest run is an action whose objects are the evidence files" \
	"$(q "$C" "SELECT count(*) FROM evidence")" \
	"$(jq_ "SELECT count(*) FROM defs a JOIN t c ON c.parent = a.id AND c.key = 'uco-action:object',
	       json_each(c.value) e WHERE a.type = 'case-investigation:InvestigativeAction'")"
check_eq "without --body, no body" 0 \
	"$("$MAILCASE" export --format case-uco "$C" | grep -c '"uco-observable:body"')"
"$MAILCASE" export --format case-uco --body -o "$T/uco2.json" "$C"
check_status "two exports are identical" 0 cmp -s "$J" "$T/uco2.json"
finish
