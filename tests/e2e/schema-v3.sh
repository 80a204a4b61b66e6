#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-v3.sh: schema version 3 (issue 9): the indexes on lower(from_addr)
# and lower(addr) exist, are documented and are what SQLite's planner uses
# for the case-insensitive address lookups; `timeline --identity` finds
# exactly the messages sent by or to an address, whatever its case; a
# version 2 case (as the previous mailcase wrote it) is read as it is,
# unchanged, with the same answers, and is upgraded by a writing command,
# the upgrade recorded in case_info.
. "$top_srcdir/tests/e2e/lib.sh"

DOC="$top_srcdir/docs/case-schema.md"
C="$T/case.db"
make_maildir "$T/maildir"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/maildir" >/dev/null 2>&1
MKEV="$top_builddir/mkevidence"
if [ -x "$MKEV" ] && "$MKEV" --scenario baseline --seed 3 --mailboxes 2 --format mbox \
	--messages 300 --attachment-bytes 0 --out "$T/gen" >/dev/null 2>&1; then
	rm -f "$T/gen"/truth*
	"$MAILCASE" ingest -q "$C" "$T/gen" >/dev/null 2>&1
fi
check_eq "a new case has schema version 7" "7|7" \
	"$(q "$C" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "the two indexes exist" \
	"messages_from_lower|messages|CREATE INDEX messages_from_lower ON messages(lower(from_addr))
recipients_addr_lower|recipients|CREATE INDEX recipients_addr_lower ON recipients(lower(addr))" \
	"$(q "$C" "SELECT name, tbl_name, sql FROM sqlite_master
	           WHERE name IN ('messages_from_lower', 'recipients_addr_lower') ORDER BY name")"

# Addresses written in mixed case, as real mail has them.
q "$C" "UPDATE messages SET from_addr = upper(substr(from_addr, 1, 1)) || substr(from_addr, 2)
	WHERE id % 2 = 0 AND from_addr IS NOT NULL;
	UPDATE recipients SET addr = upper(addr) WHERE id % 3 = 0"
ident=$(q "$C" "SELECT a FROM (SELECT lower(from_addr) AS a FROM messages
	UNION ALL SELECT lower(addr) FROM recipients) WHERE a LIKE '%@%'
	GROUP BY a ORDER BY count(*) DESC, a LIMIT 1")
upper=$(printf '%s' "$ident" | tr '[:lower:]' '[:upper:]')
mixed=$(printf '%s' "$ident" | sed 's/^./\U&/; s/@\(.\)/@\U\1/')
check_eq "the address is written in several cases" yes \
	"$(q "$C" "SELECT CASE WHEN count(DISTINCT a) > 1 THEN 'yes' ELSE 'no' END FROM
		(SELECT from_addr AS a FROM messages WHERE lower(from_addr) = '$ident'
		 UNION SELECT addr FROM recipients WHERE lower(addr) = '$ident')")"

# The planner answers the lookups from the new indexes.
plan() { q "$1" "EXPLAIN QUERY PLAN $2" | tr '\n' ' '; }
case $(plan "$C" "SELECT id FROM messages WHERE lower(from_addr) = lower('$upper')") in
	*"USING INDEX messages_from_lower"*) check_eq "lower(from_addr) = ? uses messages_from_lower" yes yes ;;
	*) fail "lower(from_addr) = ? does not use messages_from_lower: $(plan "$C" "SELECT id FROM messages WHERE lower(from_addr) = lower('$upper')")" ;;
esac
case $(plan "$C" "SELECT message_id FROM recipients WHERE lower(addr) = lower('$upper')") in
	*"USING INDEX recipients_addr_lower"*) check_eq "lower(addr) = ? uses recipients_addr_lower" yes yes ;;
	*) fail "lower(addr) = ? does not use recipients_addr_lower" ;;
esac

# timeline --identity: exactly the messages sent by or to the address.
expected=$(q "$C" "SELECT id FROM messages WHERE lower(from_addr) = '$ident'
	UNION SELECT message_id FROM recipients WHERE lower(addr) = '$ident'
	INTERSECT SELECT id FROM messages WHERE date_utc IS NOT NULL ORDER BY 1" | tr '\n' ' ')
"$MAILCASE" timeline --jsonl --identity "$ident" "$C" >"$T/lower.jsonl" ||
	fail "timeline --identity failed"
got=$(sed -n 's/.*"message_id":\([0-9][0-9]*\).*/\1/p' "$T/lower.jsonl" | sort -nu)
check_eq "timeline --identity: the messages from or to the address" "$expected" \
	"$(printf '%s\n' $got | sort -n | tr '\n' ' ')"
check_eq "some messages matched" yes "$([ -n "$expected" ] && echo yes || echo no)"
"$MAILCASE" timeline --jsonl --identity "$upper" "$C" >"$T/upper.jsonl"
"$MAILCASE" timeline --jsonl --identity "$mixed" "$C" >"$T/mixed.jsonl"
cmp -s "$T/lower.jsonl" "$T/upper.jsonl"
check_eq "--identity in upper case: the same events" 0 $?
cmp -s "$T/lower.jsonl" "$T/mixed.jsonl"
check_eq "--identity in mixed case ($mixed): the same events" 0 $?
"$MAILCASE" timeline --identity "$mixed" "$C" >"$T/v3.txt"
"$MAILCASE" export --format jsonl --what timeline --identity "$upper" "$C" >"$T/v3-export.jsonl" 2>/dev/null
check_eq "export --identity works" 0 $?

# A version 2 case: what an earlier mailcase wrote (the same schema
# without the two indexes, version 5's column and version 6's table, and with the text
# index's insert trigger;
# check_case_db compares the DDL), version 2.
V2="$T/v2.db"
cp "$C" "$V2"
q "$V2" "DROP INDEX messages_from_lower; DROP INDEX recipients_addr_lower;
	CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
	  INSERT INTO messages_fts(rowid, subject, body_text)
	    VALUES (new.id, new.subject, new.body_text);
	END;
	ALTER TABLE messages DROP COLUMN system_language_basis;
	DELETE FROM case_info WHERE key IN ('migrated_to_3', 'migrated_to_4', 'migrated_to_5', 'migrated_to_6', 'migrated_to_7');
	DROP TABLE shards; DROP TABLE message_labels;
	UPDATE case_info SET value = '2' WHERE key = 'schema_version';
	PRAGMA user_version = 2; VACUUM"
sum=$(sha256sum <"$V2")
check_status "timeline --identity of a version 2 case" 0 \
	"$MAILCASE" timeline --jsonl --identity "$mixed" "$V2"
cmp -s "$T/out" "$T/lower.jsonl"
check_eq "version 2 case: the same events" 0 $?
check_status "info on a version 2 case" 0 "$MAILCASE" info "$V2"
grep -q "(schema 2)" "$T/out" && check_eq "info states schema 2" yes yes || fail "info: $(head -1 "$T/out")"
check_status "search of a version 2 case" 0 "$MAILCASE" search "$V2" Budget
check_eq "reading left the version 2 case unchanged" "$sum" "$(sha256sum <"$V2")"

check_status "analyze upgrades it" 0 "$MAILCASE" analyze "$V2"
check_eq "upgraded: version 7" "7|7" \
	"$(q "$V2" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "the upgrade is recorded in case_info" 3 \
	"$(q "$V2" "SELECT count(*) FROM case_info WHERE key IN ('migrated_to_3', 'migrated_to_4', 'migrated_to_5')
	            AND value LIKE '____-__-__T__:__:__Z by mailcase %'")"
check_eq "upgraded: the same schema as a new case" \
	"$(q "$C" "SELECT type, name, sql FROM sqlite_master ORDER BY name")" \
	"$(q "$V2" "SELECT type, name, sql FROM sqlite_master ORDER BY name")"
check_eq "upgraded: integrity" ok "$(q "$V2" 'PRAGMA integrity_check')"
"$MAILCASE" timeline --jsonl --identity "$upper" "$V2" >"$T/v2up.jsonl"
cmp -s "$T/v2up.jsonl" "$T/lower.jsonl"
check_eq "upgraded: the same events" 0 $?
case $(plan "$V2" "SELECT message_id FROM recipients WHERE lower(addr) = lower('$upper')") in
	*"USING INDEX recipients_addr_lower"*) check_eq "upgraded: the index is used" yes yes ;;
	*) fail "upgraded: recipients_addr_lower not used" ;;
esac
check_status "a second analyze changes nothing in the schema" 0 "$MAILCASE" analyze "$V2"
check_eq "one migrated_to_3" 1 "$(q "$V2" "SELECT count(*) FROM case_info WHERE key = 'migrated_to_3'")"

# Every index is listed under "## Indexes" in docs/case-schema.md, with
# what it is on, and every listed index exists.
awk '/^## Indexes/{on=1; next} /^## /{on=0}
     on && /^\| [a-z_0-9]+ \| / && !/^\| index \|/ { split($0, c, / *\| */); print c[2] "\t" c[3] }' "$DOC" \
	| sort >"$T/doc-indexes"
q "$C" "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
	AND name NOT LIKE 'sqlite_%' ORDER BY name" |
	sed 's/^\([a-z_0-9]*\)|CREATE INDEX [a-z_0-9]* ON \([a-z_]*\)(\(.*\))$/\1\t\2(\3)/' \
	| sort >"$T/real-indexes"
check_eq "docs/case-schema.md lists every index (name, on)" "$(cat "$T/real-indexes")" \
	"$(cat "$T/doc-indexes")"
finish
