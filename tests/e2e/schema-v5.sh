#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-v5.sh: schema version 5 (issue 18): messages.system_language_basis
# says how each system message's system_language was obtained. A new case
# has it, analyze fills it for the system messages and leaves it NULL for
# people's mail; a version 4 case (the same schema without the column) is
# read as it is, unchanged, with the same answers, and a writing command
# upgrades it to the schema a new case has, keeping every row, after which
# analyze gives it the same analysis as the new case.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
MKEV="$top_builddir/mkevidence"
"$MKEV" --scenario eu2011 --seed 21 --mailboxes 3 --format mbox --out "$T/gen" >/dev/null 2>&1 ||
	fail "mkevidence failed"
rm -f "$T/gen"/truth*
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/gen" >/dev/null 2>&1

check_eq "a new case has schema version 7" "7|7" \
	"$(q "$C" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "the column exists, as TEXT" "TEXT" \
	"$(q "$C" "SELECT type FROM pragma_table_info('messages') WHERE name = 'system_language_basis'")"
check_eq "people's mail has no basis" 0 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE system_kind IS NULL
	           AND system_language_basis IS NOT NULL")"
check_eq "every system message with a language has a basis" 0 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE system_language IS NOT NULL
	           AND system_language_basis IS NULL")"
check_eq "some system messages have a language" 1 \
	"$(q "$C" "SELECT count(*) > 10 FROM messages WHERE system_language IS NOT NULL")"
# Every basis text has the documented form.
check_eq "every basis is BASIS[+AGREEING...][;OTHER=LANG...][;script=SCRIPT]" 0 \
	"$(q "$C" "SELECT system_language_basis FROM messages WHERE system_language_basis IS NOT NULL" |
	   grep -Evc '^(mapi-prefix|thread-topic|original-subject|case-prefix|table|boilerplate)(\+(mapi-prefix|thread-topic|original-subject|case-prefix|table|boilerplate))*(;(mapi-prefix|thread-topic|original-subject|case-prefix|table|boilerplate)=[A-Za-z-]+)*(;script=[A-Z][a-z]{3})?$')"
analysis() {
	q "$1" "SELECT id, system_kind, system_language, system_prefix, system_language_basis
	        FROM messages ORDER BY id"
}
analysis "$C" >"$T/v5.analysis"
"$MAILCASE" search --json "$C" office >"$T/v5-search.json"
"$MAILCASE" findings "$C" >"$T/v5-findings.txt"

# A version 4 case: the same schema without the column.
V4="$T/v4.db"
cp "$C" "$V4"
q "$V4" "ALTER TABLE messages DROP COLUMN system_language_basis;
	DELETE FROM case_info WHERE key IN ('migrated_to_5', 'migrated_to_6', 'migrated_to_7');
	DROP TABLE shards; DROP TABLE message_labels;
	UPDATE case_info SET value = '4' WHERE key = 'schema_version';
	PRAGMA user_version = 4; VACUUM"
sum=$(sha256sum <"$V4")
check_status "search of a version 4 case" 0 "$MAILCASE" search --json "$V4" office
check_eq "version 4 case: the same hits" \
	"$(sed 's/"case": *"[^"]*"//' "$T/v5-search.json")" "$(sed 's/"case": *"[^"]*"//' "$T/out")"
check_status "findings of a version 4 case" 0 "$MAILCASE" findings "$V4"
check_eq "version 4 case: the same findings" "$(sed "s|$C|CASE|g" "$T/v5-findings.txt")" \
	"$(sed "s|$V4|CASE|g" "$T/out")"
check_status "info, timeline, report of a version 4 case" 0 \
	sh -c '"$1" info "$2" >/dev/null; a=$?; "$1" timeline "$2" >/dev/null; b=$?
	       "$1" report -o "$3" "$2" >/dev/null; echo "$a $b $?"' sh "$MAILCASE" "$V4" "$T/r.html"
check_eq "info, timeline, report of a version 4 case succeed" "0 0 0" "$(cat "$T/out")"
check_eq "reading left the version 4 case unchanged" "$sum" "$(sha256sum <"$V4")"

messages=$(q "$V4" "SELECT count(*) FROM messages")
check_status "analyze upgrades the version 4 case" 0 "$MAILCASE" analyze -q "$V4"
check_eq "upgraded: version 7, recorded" "7|7|1" \
	"$(q "$V4" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version'),
	              (SELECT count(*) FROM case_info WHERE key = 'migrated_to_5'
	                AND value LIKE '____-__-__T__:__:__Z by mailcase %')")"
check_eq "upgraded: the same schema as a new case" \
	"$(q "$C" "SELECT type, name, sql FROM sqlite_master ORDER BY name")" \
	"$(q "$V4" "SELECT type, name, sql FROM sqlite_master ORDER BY name")"
check_eq "upgraded: every message kept, the case intact" "$messages|ok" \
	"$(q "$V4" "SELECT (SELECT count(*) FROM messages), (SELECT integrity_check FROM pragma_integrity_check)")"
check_eq "upgraded and analysed: the same analysis as the new case" \
	"$(cat "$T/v5.analysis")" "$(analysis "$V4")"
finish
