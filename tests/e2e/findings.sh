#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# findings.sh: `mailcase findings` on a generated eu2011 case: most severe
# first, filters (--severity at least, --rule, --identity, case-insensitive,
# findings about several identities), --messages, --json validity, text.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
"$MKEV" --scenario eu2011 --seed 2011 --out "$T/ev" >/dev/null 2>&1 || { fail "mkevidence"; finish; exit 1; }
C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>&1
NF=$(q "$C" "SELECT count(*) FROM findings")
[ "$NF" -gt 0 ] || fail "the eu2011 case has findings"

# js FILE SQL-EXPR: evaluate over the JSON output (readfile)
js() { sqlite3 :memory: "SELECT $2 FROM (SELECT readfile('$1') AS j)"; }
# each FILE WHERE: count findings of a JSON output matching a condition
each() {
	sqlite3 :memory: "SELECT count(*) FROM json_each(json_extract(readfile('$1'), '\$.findings')) WHERE $2"
}
RANK="CASE json_extract(value, '\$.severity') WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"

check_status "findings --help" 0 "$MAILCASE" findings --help
check_status "unknown severity" 2 "$MAILCASE" findings --severity urgent "$C"
check_status "bad --messages" 2 "$MAILCASE" findings --messages many "$C"
check_status "missing CASE" 2 "$MAILCASE" findings
check_status "not a case" 3 "$MAILCASE" findings "$T/none.db"

# Text.
check_status "findings as text" 0 "$MAILCASE" findings "$C"
check_eq "text starts with the most severe" "CRITICAL" "$(head -1 "$T/out" | cut -d' ' -f1)"
check_eq "text ends with the count" "$NF findings" "$(tail -1 "$T/out")"
check_eq "text: one header per finding" "$NF" "$(grep -c '^  finding [0-9]*, confidence' "$T/out")"
check_eq "text: messages with evidence and locator" 1 \
	"$(grep -c '^ *\[.*\.pst pst:' "$T/out" | sed 's/^[1-9][0-9]*$/1/')"
cp "$T/out" "$T/all.txt"
"$MAILCASE" findings "$C" >"$T/again.txt"
cmp -s "$T/all.txt" "$T/again.txt"
check_eq "deterministic" 0 $?

# JSON: valid, complete, ordered.
"$MAILCASE" findings --json "$C" >"$T/all.json"
check_eq "--json is valid JSON" 1 "$(js "$T/all.json" "json_valid(j)")"
check_eq "--json count" "$NF|$NF" \
	"$(js "$T/all.json" "json_extract(j, '\$.count') || '|' || json_array_length(j, '\$.findings')")"
check_eq "most severe first" 0 \
	"$(sqlite3 :memory: "WITH f AS (SELECT key, $RANK AS r, json_extract(value, '\$.confidence') AS c
		FROM json_each(json_extract(readfile('$T/all.json'), '\$.findings')))
		SELECT count(*) FROM f a JOIN f b ON b.key = a.key + 1 WHERE b.r > a.r OR (b.r = a.r AND b.c > a.c)")"
check_eq "details embedded as JSON objects" "$NF" "$(each "$T/all.json" "json_type(value, '\$.details') = 'object'")"
check_eq "first seen and summary present" "$NF" \
	"$(each "$T/all.json" "json_extract(value, '\$.first_seen') LIKE '20%Z' AND length(json_extract(value, '\$.summary')) > 0")"
check_eq "at most 10 messages per finding by default" 0 \
	"$(each "$T/all.json" "json_array_length(value, '\$.messages') > 10
		OR json_array_length(value, '\$.messages') < min(10, json_extract(value, '\$.message_count'))")"
check_eq "message count matches the case" "$NF" \
	"$(sqlite3 :memory: "ATTACH '$C' AS c; SELECT count(*) FROM json_each(json_extract(readfile('$T/all.json'), '\$.findings')) f
		WHERE json_extract(f.value, '\$.message_count') =
		(SELECT count(*) FROM c.finding_messages WHERE finding_id = json_extract(f.value, '\$.id'))")"
check_eq "messages carry evidence and locator" 0 \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(json_extract(readfile('$T/all.json'), '\$.findings')) f,
		json_each(json_extract(f.value, '\$.messages')) m
		WHERE json_extract(m.value, '\$.evidence') IS NULL OR json_extract(m.value, '\$.locator') IS NULL")"
SW=$(q "$C" "SELECT id FROM findings WHERE rule = 'system-language-switch' ORDER BY id LIMIT 1")
check_eq "a switch shows messages before and after it" "1|1" \
	"$(sqlite3 :memory: "SELECT max(json_extract(m.value, '\$.role') = 'before') || '|' || max(json_extract(m.value, '\$.role') = 'after')
		FROM json_each(json_extract(readfile('$T/all.json'), '\$.findings')) f, json_each(json_extract(f.value, '\$.messages')) m
		WHERE json_extract(f.value, '\$.id') = $SW")"

"$MAILCASE" findings --json --messages 0 "$C" >"$T/m0.json"
check_eq "--messages 0: all" "$NF" \
	"$(each "$T/m0.json" "json_array_length(value, '\$.messages') = json_extract(value, '\$.message_count')")"
"$MAILCASE" findings --json -m 2 "$C" >"$T/m2.json"
check_eq "--messages 2" 0 "$(each "$T/m2.json" "json_array_length(value, '\$.messages') > 2")"

# Filters.
"$MAILCASE" findings --json --severity high "$C" >"$T/high.json"
check_eq "--severity high: high and critical only" \
	"$(q "$C" "SELECT count(*) FROM findings WHERE severity IN ('high', 'critical')")|0" \
	"$(js "$T/high.json" "json_extract(j, '\$.count')")|$(each "$T/high.json" "$RANK < 3")"
"$MAILCASE" findings --json --severity MEDIUM "$C" >"$T/med.json"
check_eq "--severity medium (any case)" \
	"$(q "$C" "SELECT count(*) FROM findings WHERE severity IN ('medium', 'high', 'critical')")" \
	"$(js "$T/med.json" "json_extract(j, '\$.count')")"
"$MAILCASE" findings --json --severity info "$C" >"$T/info.json"
check_eq "--severity info: everything" "$NF" "$(js "$T/info.json" "json_extract(j, '\$.count')")"
"$MAILCASE" findings --json --rule off-hours-activity "$C" >"$T/rule.json"
check_eq "--rule" "$(q "$C" "SELECT count(*) FROM findings WHERE rule = 'off-hours-activity'")|0" \
	"$(js "$T/rule.json" "json_extract(j, '\$.count')")|$(each "$T/rule.json" "json_extract(value, '\$.rule') <> 'off-hours-activity'")"
check_status "unknown rule: no findings, not an error" 0 "$MAILCASE" findings --rule no-such-rule "$C"
check_eq "unknown rule: nothing listed" "0 findings" "$(tail -1 "$T/out")"

WHO=$(q "$C" "SELECT identity FROM findings WHERE rule = 'system-language-switch' ORDER BY identity LIMIT 1")
WHO_UP=$(printf '%s' "$WHO" | tr 'a-z' 'A-Z')
"$MAILCASE" findings --json --identity "$WHO_UP" "$C" >"$T/who.json"
check_eq "--identity: its findings and those about several naming it" \
	"$(q "$C" "SELECT count(*) FROM findings WHERE identity = '$WHO'
		OR (identity IS NULL AND details LIKE '%\"$WHO\"%')")" \
	"$(js "$T/who.json" "json_extract(j, '\$.count')")"
check_eq "--identity: includes the coordinated switch" 1 \
	"$(each "$T/who.json" "json_extract(value, '\$.rule') = 'coordinated-language-switch'")"
check_eq "--identity: nobody else's" 0 \
	"$(each "$T/who.json" "json_extract(value, '\$.identity') IS NOT NULL AND json_extract(value, '\$.identity') <> '$WHO'")"
"$MAILCASE" findings --json --identity "$WHO" --severity critical --rule system-language-switch "$C" >"$T/and.json"
check_eq "filters combine" 1 "$(js "$T/and.json" "json_extract(j, '\$.count')")"
check_eq "filters are echoed" "critical|system-language-switch|$WHO" \
	"$(js "$T/and.json" "json_extract(j, '\$.filters.severity') || '|' || json_extract(j, '\$.filters.rule') || '|' || json_extract(j, '\$.filters.identity')")"

finish
