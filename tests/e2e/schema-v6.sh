#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-v6.sh: schema version 6 (issue 20): the table shards, where
# `mailcase merge` records each shard it merged. A new case has it, empty
# after an ingest; a version 5 case (the same schema without it) is read
# as it is, unchanged, with the same answers, and a writing command
# upgrades it to the schema a new case has, keeping every row; a merge
# into the upgraded case records its shard.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
MKEV="$top_builddir/mkevidence"
"$MKEV" --scenario eu2011 --seed 22 --mailboxes 2 --format mbox --out "$T/gen" >/dev/null 2>&1 ||
	fail "mkevidence failed"
rm -f "$T/gen"/truth*
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$T/gen" >/dev/null 2>&1

check_eq "a new case has schema version 7" "7|7" \
	"$(q "$C" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "the table shards exists, empty after an ingest" 0 "$(q "$C" "SELECT count(*) FROM shards")"
"$MAILCASE" search --json "$C" office >"$T/v6-search.json"
"$MAILCASE" findings "$C" >"$T/v6-findings.txt"
content() {
	q "$1" "SELECT id, evidence_id, locator, subject, sha256, system_kind, system_language FROM messages ORDER BY id;
	        SELECT id, path, sha256, status FROM evidence ORDER BY id;
	        SELECT rule, identity, severity FROM findings ORDER BY id"
}
content "$C" >"$T/v6.content"

# A version 5 case: the same schema without the table.
V5="$T/v5.db"
cp "$C" "$V5"
q "$V5" "DROP TABLE shards; DELETE FROM case_info WHERE key IN ('migrated_to_6', 'migrated_to_7'); DROP TABLE message_labels;
	UPDATE case_info SET value = '5' WHERE key = 'schema_version';
	PRAGMA user_version = 5; VACUUM"
sum=$(sha256sum <"$V5")
check_status "search of a version 5 case" 0 "$MAILCASE" search --json "$V5" office
check_eq "version 5 case: the same hits" \
	"$(sed 's/"case": *"[^"]*"//' "$T/v6-search.json")" "$(sed 's/"case": *"[^"]*"//' "$T/out")"
check_status "findings of a version 5 case" 0 "$MAILCASE" findings "$V5"
check_eq "version 5 case: the same findings" "$(sed "s|$C|CASE|g" "$T/v6-findings.txt")" \
	"$(sed "s|$V5|CASE|g" "$T/out")"
check_status "info of a version 5 case" 0 "$MAILCASE" info "$V5"
check_eq "reading left the version 5 case unchanged" "$sum" "$(sha256sum <"$V5")"

check_status "analyze upgrades the version 5 case" 0 "$MAILCASE" analyze -q "$V5"
check_eq "upgraded: version 7, recorded" "7|7|1" \
	"$(q "$V5" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version'),
	              (SELECT count(*) FROM case_info WHERE key = 'migrated_to_6'
	                AND value LIKE '____-__-__T__:__:__Z by mailcase %')")"
check_eq "upgraded: the same schema as a new case" \
	"$(q "$C" "SELECT type, name, sql FROM sqlite_master ORDER BY name")" \
	"$(q "$V5" "SELECT type, name, sql FROM sqlite_master ORDER BY name")"
check_eq "upgraded: the case intact" ok "$(q "$V5" "SELECT integrity_check FROM pragma_integrity_check")"
check_eq "upgraded and analysed: every row and the same analysis" \
	"$(cat "$T/v6.content")" "$(content "$V5")"

# A merge into a version 5 case upgrades it too, and records the shard.
V5B="$T/v5b.db"
cp "$C" "$V5B"
q "$V5B" "DROP TABLE shards; DELETE FROM case_info WHERE key IN ('migrated_to_6', 'migrated_to_7'); DROP TABLE message_labels;
	UPDATE case_info SET value = '5' WHERE key = 'schema_version'; PRAGMA user_version = 5"
"$MAILCASE" ingest -q --no-analyze "$T/shard.db" "$FIXTURES/mbox" >/dev/null 2>&1
check_status "merge into a version 5 case" 0 "$MAILCASE" merge -q "$V5B" "$T/shard.db"
check_eq "upgraded to 7, the shard recorded" "7|1" \
	"$(q "$V5B" "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM shards)")"
finish
