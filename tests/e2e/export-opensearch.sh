#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-opensearch.sh: `mailcase export --format opensearch` against the
# bulk API's rules (an action line naming the index and id, then the
# document, every line one JSON object, a final newline), document counts
# equal to the case's messages, findings and timeline events, ids unique and
# stable across cases, findings linked to message documents, no member the
# engine reserves, every member mapped by `--format opensearch-template`,
# valid UTF-8 whatever the file names. When MAILCASE_OPENSEARCH_URL names a
# running OpenSearch or Elasticsearch (and curl is installed), the template
# and the bulk are also loaded into it; otherwise that part is skipped with
# a message (neither engine is packaged for Debian 12).
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
C="$T/case.db"
"$MKEV" --scenario eu2011 --seed 3 --out "$T/ev" >/dev/null
odd=$(printf '%s/b\377d.eml' "$T")
cp "$FIXTURES/mail/attachment.eml" "$odd"
# A Google Takeout message: its labels go into the document.
cat >"$T/takeout.mbox" <<'EOF'
From 1234567890@xxx Tue Mar 15 10:00:00 +0000 2011
X-GM-THRID: 1234567890
X-Gmail-Labels: Inbox,Important,"Kunden, alt"
From: a@example.com
To: b@example.com
Subject: labelled
Date: Tue, 15 Mar 2011 10:00:00 +0000
Message-ID: <labelled-1@example.com>

Body.
EOF
"$MAILCASE" ingest -q "$C" "$T/ev" "$odd" "$T/takeout.mbox" >/dev/null 2>&1

check_status "opensearch export" 0 "$MAILCASE" export --format opensearch -o "$T/bulk" "$C"
check_status "template" 0 "$MAILCASE" export --format opensearch-template -o "$T/tpl.json" "$C"
check_status "--index with upper case is refused" 2 \
	"$MAILCASE" export --format opensearch --index Cases "$C"
check_status "--index starting with '_' is refused" 2 \
	"$MAILCASE" export --format opensearch --index _x "$C"
check_status "--what does not apply" 2 \
	"$MAILCASE" export --format opensearch --what findings "$C"

# The bulk as table b(n, line), n from 1, through sqlite3's ASCII import
# (record separator 0x1E: JSON never holds it unescaped).
tr '\n' '\036' <"$T/bulk" >"$T/bulk.rs"
DB="$T/bulk.db"
sqlite3 -batch "$DB" "CREATE TABLE raw(line TEXT)" ".mode ascii" ".import '$T/bulk.rs' raw" \
	"CREATE TABLE b AS SELECT rowid AS n, line FROM raw" 2>"$T/import.err"
bq() { sqlite3 -batch "$DB" "$1"; }

check_eq "the bulk ends with a newline" "0a" "$(tail -c 1 "$T/bulk" | od -An -tx1 | tr -d ' ')"
check_eq "every line is one valid JSON object" 0 \
	"$(bq "SELECT count(*) FROM b WHERE NOT json_valid(line) OR json_type(line) <> 'object'")"
check_eq "an even number of lines" 0 "$(bq "SELECT count(*) % 2 FROM b")"
check_eq "odd lines are index actions with a 64-hex id" 0 \
	"$(bq "SELECT count(*) FROM b WHERE n % 2 = 1 AND (json_type(line, '\$.index') IS NOT 'object'
	       OR json_extract(line, '\$.index._index') NOT IN
	          ('mailcase-messages', 'mailcase-findings', 'mailcase-events')
	       OR length(json_extract(line, '\$.index._id')) <> 64
	       OR (SELECT count(*) FROM json_each(line)) <> 1)")"
check_eq "even lines are documents, not actions" 0 \
	"$(bq "SELECT count(*) FROM b WHERE n % 2 = 0 AND json_type(line, '\$.index') IS NOT NULL")"
bq "CREATE TABLE d AS SELECT json_extract(a.line, '\$.index._index') AS idx,
    json_extract(a.line, '\$.index._id') AS id, d.line AS doc
    FROM b a JOIN b d ON d.n = a.n + 1 WHERE a.n % 2 = 1"

msgs=$(q "$C" "SELECT count(*) FROM messages")
finds=$(q "$C" "SELECT count(*) FROM findings")
"$MAILCASE" export --format jsonl --what timeline -o "$T/events.jsonl" "$C"
events=$(wc -l <"$T/events.jsonl" | tr -d ' ')
check_eq "a document per message" "$msgs" "$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-messages'")"
check_eq "a document per finding" "$finds" "$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-findings'")"
check_eq "a document per timeline event" "$events" \
	"$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-events'")"
check_eq "the story has findings and events" 1 "$(bq "SELECT $finds > 0 AND $events > $msgs")"
check_eq "ids are unique in each index" 0 \
	"$(bq "SELECT count(*) FROM (SELECT idx, id FROM d GROUP BY 1, 2 HAVING count(*) > 1)")"
check_eq "no document member starts with '_' (reserved)" 0 \
	"$(bq "SELECT count(*) FROM d, json_each(d.doc) j WHERE j.key LIKE '\_%' ESCAPE '\\'")"
check_eq "message documents carry their case number, evidence hash and body" 0 \
	"$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-messages' AND
	       (json_type(doc, '\$.mailcase_message') <> 'integer'
	        OR json_type(doc, '\$.to') <> 'array' OR json_type(doc, '\$.attachments') <> 'array'
	        OR json_type(doc, '\$.body_text') IS NULL)")"
check_eq "message documents have the case's body text" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE body_text IS NOT NULL")" \
	"$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-messages' AND json_type(doc, '\$.body_text') = 'text'")"
check_eq "findings point at message documents of the bulk" 0 \
	"$(bq "SELECT count(*) FROM d f, json_each(f.doc, '\$.message_doc_ids') m
	       WHERE f.idx = 'mailcase-findings'
	       AND m.value NOT IN (SELECT id FROM d WHERE idx = 'mailcase-messages')")"
check_eq "every finding links its messages" \
	"$(q "$C" "SELECT count(*) FROM finding_messages")" \
	"$(bq "SELECT count(*) FROM d f, json_each(f.doc, '\$.message_doc_ids') m WHERE f.idx = 'mailcase-findings'")"
check_eq "message events point at message documents" 0 \
	"$(bq "SELECT count(*) FROM d WHERE idx = 'mailcase-events' AND json_type(doc, '\$.mailcase_message') IS NOT NULL
	       AND json_extract(doc, '\$.message_doc_id') NOT IN (SELECT id FROM d WHERE idx = 'mailcase-messages')")"

check_eq "labels, with their roles, in the order written" "Inbox/inbox|Important/important|Kunden, alt/user" \
	"$(bq "SELECT group_concat(json_extract(l.value, '\$.label') || '/' || json_extract(l.value, '\$.role'), '|')
	       FROM d, json_each(d.doc, '\$.labels') l WHERE idx = 'mailcase-messages'")"

# The file name that is not UTF-8: U+FFFD in the string, the bytes in _hex.
check_eq "a non-UTF-8 evidence path is kept as evidence_path_hex" 1 \
	"$(bq "SELECT count(DISTINCT json_extract(doc, '\$.evidence_path_hex')) FROM d
	       WHERE json_extract(doc, '\$.evidence_path_hex') LIKE '%ff%'")"

# The template: valid, for PREFIX-*, mapping every member the documents have.
check_eq "the template is valid JSON" 1 "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/tpl.json'))")"
check_eq "the template covers mailcase-*" "mailcase-*" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/tpl.json'), '\$.index_patterns[0]')")"
sqlite3 -batch "$DB" "CREATE TABLE mapped AS SELECT key FROM
	json_each(readfile('$T/tpl.json'), '\$.template.mappings.properties')"
unmapped=$(bq "SELECT group_concat(DISTINCT j.key) FROM d, json_each(d.doc) j
	WHERE j.key NOT IN (SELECT key FROM mapped)")
check_eq "every document member is mapped" "" "$unmapped"
"$MAILCASE" export --format opensearch --index case-7 "$C" | head -1 >"$T/p.json"
"$MAILCASE" export --format opensearch-template --index case-7 -o "$T/p.tpl" "$C"
check_eq "a prefix goes into the indices and the pattern" "case-7-messages|case-7-*" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/p.json'), '\$.index._index')
	   || '|' || json_extract(readfile('$T/p.tpl'), '\$.index_patterns[0]')")"

# Deterministic, and ids stable across cases: a second case that holds one
# of the PSTs (ingested alone) gives its messages the same ids.
"$MAILCASE" export --format opensearch -o "$T/bulk2" "$C"
check_status "two exports are identical" 0 cmp -s "$T/bulk" "$T/bulk2"
one=$(ls "$T"/ev/*.pst | head -1)
"$MAILCASE" ingest -q --no-analyze "$T/one.db" "$one" >/dev/null 2>&1
"$MAILCASE" export --format opensearch -o "$T/one.bulk" "$T/one.db"
sed -n 's/^{"index":{"_index":"mailcase-messages","_id":"\([0-9a-f]*\)"}}$/\1/p' "$T/one.bulk" | sort >"$T/one.ids"
sed -n 's/^{"index":{"_index":"mailcase-messages","_id":"\([0-9a-f]*\)"}}$/\1/p' "$T/bulk" | sort >"$T/all.ids"
check_eq "the single-PST case has messages" 1 "$(test -s "$T/one.ids" && echo 1)"
check_eq "its message ids are all in the whole case's bulk" 0 \
	"$(comm -23 "$T/one.ids" "$T/all.ids" | wc -l | tr -d ' ')"

# A real engine, when one is given.
if [ -n "${MAILCASE_OPENSEARCH_URL:-}" ] && command -v curl >/dev/null 2>&1; then
	U=$MAILCASE_OPENSEARCH_URL
	curl -fsS -XPUT -H 'Content-Type: application/json' "$U/_index_template/mailcase" \
		--data-binary "@$T/tpl.json" >"$T/put.out" 2>&1
	check_eq "the engine accepts the template" 0 $?
	curl -fsS -XPOST -H 'Content-Type: application/x-ndjson' "$U/_bulk?refresh=true" \
		--data-binary "@$T/bulk" >"$T/bulk.out" 2>&1
	check_eq "the engine loads the bulk without errors" false \
		"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/bulk.out'), '\$.errors')" | sed 's/^0$/false/')"
else
	echo "SKIP (part): no OpenSearch/Elasticsearch to load into (set MAILCASE_OPENSEARCH_URL)"
fi
finish
