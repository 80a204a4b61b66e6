#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-doc.sh: docs/case-schema.md matches the schema mailcase creates:
# every table and column is documented, every documented column exists,
# every example query runs, and the documented hash recipe reproduces the
# stored Maildir hash.
. "$top_srcdir/tests/e2e/lib.sh"

DOC="$top_srcdir/docs/case-schema.md"
C="$T/case.db"
make_maildir "$T/maildir"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/maildir" || fail "ingest failed"

# Sections: "### a and b" -> lines "a b"; documented names per section.
awk '/^### /{sec=$2; if ($3=="and") sec=sec " " $4; next}
     /^## /{sec=""}
     sec!="" && /^\| [a-z_]/ && !/^\| column \|/ {
       cell=$0; sub(/^\| /, "", cell); sub(/ \|.*/, "", cell)
       n=split(cell, names, /, /)
       for (i=1; i<=n; i++) print sec "\t" names[i]
     }' "$DOC" >"$T/documented"

q "$C" "SELECT name FROM sqlite_master WHERE type IN ('table','view')
	AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'messages_fts_%' ORDER BY name" >"$T/tables"
while read -r table; do
	if ! grep -q "^### $table\( \|$\)\|^### [a-z_]* and $table\$" "$DOC"; then
		fail "table $table has no section in case-schema.md"
		continue
	fi
	[ "$table" = messages_fts ] && continue
	[ "$table" = message_overview ] && continue
	q "$C" "SELECT name FROM pragma_table_info('$table')" | while read -r col; do
		if awk -F'\t' -v t="$table" -v c="$col" '
			{ split($1, s, " "); for (i in s) if (s[i]==t && $2==c) found=1 }
			END { exit !found }' "$T/documented"; then :; else
			echo "FAIL: column $table.$col is not documented"
		fi
	done >>"$T/missing"
	CHECKS=$((CHECKS + 1))
done <"$T/tables"
if [ -s "$T/missing" ]; then cat "$T/missing"; FAILS=$((FAILS + $(wc -l <"$T/missing"))); else echo "ok: every column is documented"; fi

# Every documented name is a column of its section's table(s).
while IFS="$(printf '\t')" read -r sec name; do
	CHECKS=$((CHECKS + 1))
	found=0
	for t in $sec; do
		[ "$(q "$C" "SELECT count(*) FROM pragma_table_info('$t') WHERE name='$name'")" = 1 ] && found=1
	done
	[ $found = 1 ] || fail "documented column '$name' (section $sec) does not exist"
done <"$T/documented"

# Every example query runs.
awk '/^## Example queries/{on=1} on && /^```sql/{inq=1; q=""; next}
     on && inq && /^```/{inq=0; n++; f=sprintf("'"$T"'/query-%02d.sql", n); printf "%s", q > f; close(f); next}
     on && inq {q=q $0 "\n"}' "$DOC"
nq=0
for f in "$T"/query-*.sql; do
	nq=$((nq + 1))
	if sqlite3 -batch -bail "$C" <"$f" >/dev/null 2>"$T/qerr"; then
		CHECKS=$((CHECKS + 1))
	else
		fail "example query $(basename "$f") fails: $(cat "$T/qerr")"
	fi
done
check_eq "example queries found" yes "$([ $nq -ge 6 ] && echo yes || echo no)"
check_eq "the FTS example finds the auto-reply" 1 \
	"$(sqlite3 -batch "$C" <"$T/query-04.sql" | grep -c 'oof-zh-gb2312.eml' | sed 's/[2-9]/1/')"

# Every query of the findings catalogue runs too.
awk '/^```sql/{inq=1; q=""; next}
     inq && /^```/{inq=0; n++; f=sprintf("'"$T"'/finding-query-%02d.sql", n); printf "%s", q > f; close(f); next}
     inq {q=q $0 "\n"}' "$top_srcdir/docs/findings.md"
nf=0
for f in "$T"/finding-query-*.sql; do
	nf=$((nf + 1))
	if sqlite3 -batch -bail "$C" <"$f" >/dev/null 2>"$T/qerr"; then
		CHECKS=$((CHECKS + 1))
	else
		fail "findings.md query $(basename "$f") fails: $(cat "$T/qerr")"
	fi
done
check_eq "findings.md has a query per rule" yes "$([ $nf -ge 6 ] && echo yes || echo no)"
# Every rule that can appear in the case has its page.
for rule in $(q "$C" "SELECT DISTINCT rule FROM findings"); do
	grep -q "^## $rule\$" "$top_srcdir/docs/findings.md" || fail "rule $rule has no page in findings.md"
done

# The documented Maildir manifest recipe reproduces the stored hash.
recipe=$(cd "$T/maildir" && find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
check_eq "Maildir hash recipe" "$recipe" "$(q "$C" "SELECT sha256 FROM evidence WHERE format='maildir'")"
finish
