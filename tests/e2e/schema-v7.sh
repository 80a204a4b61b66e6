#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-v7.sh: schema version 7 (issue 21): the table message_labels, the
# labels a mail store gave each message (Google Takeout's X-Gmail-Labels).
# A new case has it, filled by ingest; a version 6 case (the same schema
# without it) is read as it is, unchanged, with the same answers and no
# labels shown, and a writing command upgrades it to the schema a new case
# has, keeping every row; a version 6 shard merges into a version 7 case.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
MKEV="$top_builddir/mkevidence"
"$MKEV" --scenario eu2011 --seed 27 --mailboxes 2 --format mbox --out "$T/gen" >/dev/null 2>&1 ||
	fail "mkevidence failed"
rm -f "$T/gen"/truth*
make_store_mboxes "$T/store"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$T/gen" "$T/store" >/dev/null 2>&1

check_eq "a new case has schema version 7" "7|7" \
	"$(q "$C" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "message_labels filled by the ingest" 9 "$(q "$C" "SELECT count(*) FROM message_labels")"
lab=$(q "$C" "SELECT id FROM messages WHERE subject = 'labels user'")
"$MAILCASE" search --json "$C" office >"$T/v7-search.json"
"$MAILCASE" findings "$C" >"$T/v7-findings.txt"
content() {
	q "$1" "SELECT id, evidence_id, locator, origin, subject, sha256, system_kind, system_language FROM messages ORDER BY id;
	        SELECT message_id, name, value FROM message_props ORDER BY rowid;
	        SELECT id, path, sha256, status FROM evidence ORDER BY id;
	        SELECT rule, identity, severity FROM findings ORDER BY id"
}
content "$C" >"$T/v7.content"

# A version 6 case: the same schema without the table.
to_v6() {
	q "$1" "DROP TABLE message_labels; DELETE FROM case_info WHERE key = 'migrated_to_7';
		UPDATE case_info SET value = '6' WHERE key = 'schema_version';
		PRAGMA user_version = 6; VACUUM"
}
V6="$T/v6.db"
cp "$C" "$V6"
to_v6 "$V6"
sum=$(sha256sum <"$V6")
check_status "search of a version 6 case" 0 "$MAILCASE" search --json "$V6" office
check_eq "version 6 case: the same hits" \
	"$(sed 's/"case": *"[^"]*"//' "$T/v7-search.json")" "$(sed 's/"case": *"[^"]*"//' "$T/out")"
check_status "findings of a version 6 case" 0 "$MAILCASE" findings "$V6"
check_eq "version 6 case: the same findings" "$(sed "s|$C|CASE|g" "$T/v7-findings.txt")" \
	"$(sed "s|$V6|CASE|g" "$T/out")"
check_status "info of a version 6 case" 0 "$MAILCASE" info "$V6"
check_status "show of a version 6 case" 0 "$MAILCASE" show "$V6" "$lab"
grep -q "^  Labels " "$T/out" && fail "a version 6 case shows labels"
check_status "show --json of a version 6 case" 0 "$MAILCASE" show --json "$V6" "$lab"
grep -q '"labels":\[\]' "$T/out" || fail "show --json of a version 6 case: no empty labels"
check_status "export of a version 6 case" 0 "$MAILCASE" export -f csv "$V6"
head -1 "$T/out" | grep -q ',labels' || fail "export of a version 6 case: no labels column"
check_status "OpenSearch export of a version 6 case" 0 "$MAILCASE" export -f opensearch "$V6"
grep -q '"labels":\[\]' "$T/out" || fail "OpenSearch export of a version 6 case: no empty labels"
check_status "CASE/UCO export of a version 6 case" 0 "$MAILCASE" export -f case-uco "$V6"
grep -q 'uco-observable:labels' "$T/out" && fail "CASE/UCO export of a version 6 case: labels"
check_eq "reading left the version 6 case unchanged" "$sum" "$(sha256sum <"$V6")"

check_status "analyze upgrades the version 6 case" 0 "$MAILCASE" analyze -q "$V6"
check_eq "upgraded: version 7, recorded" "7|7|1" \
	"$(q "$V6" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version'),
	              (SELECT count(*) FROM case_info WHERE key = 'migrated_to_7'
	                AND value LIKE '____-__-__T__:__:__Z by mailcase %')")"
check_eq "upgraded: the same schema as a new case" \
	"$(q "$C" "SELECT type, name, sql FROM sqlite_master ORDER BY name")" \
	"$(q "$V6" "SELECT type, name, sql FROM sqlite_master ORDER BY name")"
check_eq "upgraded: the case intact" ok "$(q "$V6" "SELECT integrity_check FROM pragma_integrity_check")"
check_eq "upgraded and analysed: every row and the same analysis" \
	"$(cat "$T/v7.content")" "$(content "$V6")"
check_eq "upgraded: no labels (the evidence is not read again)" 0 \
	"$(q "$V6" "SELECT count(*) FROM message_labels")"

# A version 6 shard merges into a version 7 case; a version 7 shard's labels are copied.
"$MAILCASE" ingest -q --no-analyze "$T/s7.db" "$T/store" >/dev/null 2>&1
cp "$T/s7.db" "$T/s6.db"
to_v6 "$T/s6.db"
check_status "merge of a version 6 shard" 0 "$MAILCASE" merge -q --no-analyze "$T/m6.db" "$T/s6.db"
check_eq "merged version 6 shard: its messages, no labels, recorded as 6" "7|0|6" \
	"$(q "$T/m6.db" "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM message_labels),
	                        (SELECT schema_version FROM shards)")"
check_status "merge of a version 7 shard" 0 "$MAILCASE" merge -q --no-analyze "$T/m7.db" "$T/s7.db"
check_eq "merged version 7 shard: its labels" \
	"$(q "$T/s7.db" "SELECT m.locator, l.seq, l.label, l.role FROM message_labels l
	                 JOIN messages m ON m.id = l.message_id ORDER BY 1, 2")" \
	"$(q "$T/m7.db" "SELECT m.locator, l.seq, l.label, l.role FROM message_labels l
	                 JOIN messages m ON m.id = l.message_id ORDER BY 1, 2")"
finish
