#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# search.sh: `mailcase search`: FTS5 queries in any script with excerpts and
# provenance, bm25 order, --limit, --json, the LIKE fallback for terms the
# trigram index cannot match, and clear errors for invalid queries.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" >/dev/null 2>&1

check_status "search --help" 0 "$MAILCASE" search --help
check_status "search without QUERY" 2 "$MAILCASE" search "$C"
check_status "search of a missing case" 3 "$MAILCASE" search "$T/nope.db" budget

check_status "search 'budget'" 0 "$MAILCASE" search "$C" budget
check_eq "both Budget messages found" "2 matches" "$(tail -1 "$T/out")"
check_eq "provenance: evidence path and locator" 1 \
	"$(grep -c "fixtures/mail/plain.eml  bytes:0+635" "$T/out")"
check_eq "excerpt marks the match" 2 "$(grep -c '^    .*\[Budget\]' "$T/out")"

# JSON, any script.
"$MAILCASE" search --json "$C" '不在办公室' >"$T/json"
check_eq "--json valid" 1 "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/json'))")"
check_eq "Chinese phrase found in the OOF body, ranked, excerpt marked" "fts|1|1|1|1" \
	"$(sqlite3 :memory: "SELECT json_extract(j, '\$.mode'), json_extract(j, '\$.count'),
		json_extract(j, '\$.results[0].locator') = 'bytes:0+592',
		json_extract(j, '\$.results[0].excerpt') LIKE '%[不在办公室]%',
		json_extract(j, '\$.results[0].score') > 0 FROM (SELECT readfile('$T/json') AS j)")"

# Order is by rank, then message number, and stable.
"$MAILCASE" search --json "$C" message >"$T/a"
"$MAILCASE" search --json "$C" message >"$T/b"
cmp -s "$T/a" "$T/b"
check_eq "same query, same output" 0 $?
check_eq "scores do not increase" 0 \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/a'), '\$.results') a
		JOIN json_each(readfile('$T/a'), '\$.results') b ON b.key = a.key + 1
		WHERE json_extract(b.value, '\$.score') > json_extract(a.value, '\$.score')")"
check_status "--limit 1" 0 "$MAILCASE" search --json --limit 1 "$C" message
check_eq "--limit 1 gives one result" 1 "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/out'), '\$.count')")"
check_status "column filter and OR" 0 "$MAILCASE" search --json "$C" 'subject:spotkanie OR subject:budget'
check_eq "subject:spotkanie OR subject:budget" 5 \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/out'), '\$.count')")"
check_status "NEAR with a distance" 0 "$MAILCASE" search --json "$C" 'NEAR(budget review, 10)'
check_eq "NEAR runs through the index" "fts|2" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/out'), '\$.mode') || '|' || json_extract(readfile('$T/out'), '\$.count')")"
check_status "no match" 0 "$MAILCASE" search "$C" zzzyyyxxx
check_eq "no match said" "0 matches" "$(tail -1 "$T/out")"

# Terms shorter than three characters: LIKE, with a note.
check_status "two-character term" 0 "$MAILCASE" search "$C" 'Q2 budget'
check_eq "note on stderr names the term" 1 "$(grep -c "'Q2' is shorter than 3 characters" "$T/err")"
check_eq "LIKE finds both Q2 messages" "2 matches" "$(tail -1 "$T/out")"
"$MAILCASE" search --json "$C" 'Q2' >"$T/json" 2>"$T/err"
check_eq "--json says like mode and carries the note, stderr quiet" "like|1|0" \
	"$(sqlite3 :memory: "SELECT json_extract(j, '\$.mode'), json_extract(j, '\$.note') IS NOT NULL,
		(SELECT length(readfile('$T/err'))) FROM (SELECT readfile('$T/json') AS j)")"
check_eq "LIKE excerpt marks the term" 1 \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/json'), '\$.results[0].excerpt') LIKE '%[Q2]%'")"

# Invalid FTS5 syntax.
check_status "unterminated phrase" 2 "$MAILCASE" search "$C" '"budget review'
check_eq "the error names the case and the query" 1 \
	"$(grep -c "$C: invalid full-text query '\"budget review'" "$T/err")"
check_status "unterminated phrase with a short term" 2 "$MAILCASE" search "$C" '"Q2'
check_status "dangling operator" 2 "$MAILCASE" search "$C" 'budget AND'

finish
