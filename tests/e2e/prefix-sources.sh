#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# prefix-sources.sh: counts the entries of the prefix table
# (analyzer/detect/system-prefixes.c) by the kind of their source, prints
# the counts, and checks that docs/findings.md gives the same figures.
#
# Every entry sits on one line and its last argument starts with the kind
# macro: CORPUS(, SISIMAI(, PKG(, DOC( or RFC( (verified), UNV( or one of U_EN,
# U_SEEN, U_MEM, U_BRIEF (unverified). check_classify checks the same kinds
# on the compiled strings.
. "$top_srcdir/tests/e2e/lib.sh"

TABLE="$top_srcdir/analyzer/detect/system-prefixes.c"
FINDINGS="$top_srcdir/docs/findings.md"

grep -E '^[	 ]+(P|PA|H|HA|B)\(MC_SYS_|^[	 ]+(P|PA|H|HA|B)\([A-Z_]+, "' "$TABLE" > "$T/entries"
total=$(wc -l < "$T/entries")
kind_of() { sed -E 's/.*", "[^"]*", (CORPUS|SISIMAI|PKG|DOC|RFC|UNV|U_EN|U_SEEN|U_MEM|U_BRIEF)\b.*/\1/' "$T/entries"; }
kind_of > "$T/kinds"
bad=$(grep -cvE '^(CORPUS|SISIMAI|PKG|DOC|RFC|UNV|U_EN|U_SEEN|U_MEM|U_BRIEF)$' "$T/kinds")
check_eq "every entry's source starts with a kind" 0 "$bad"
[ "$bad" = 0 ] || grep -vE '^(CORPUS|SISIMAI|PKG|DOC|RFC|UNV|U_EN|U_SEEN|U_MEM|U_BRIEF)$' "$T/kinds" | head -5

n() { grep -cxE "$1" "$T/kinds"; }
corpus=$(n CORPUS) sisimai=$(n SISIMAI) package=$(n PKG) doc=$(n DOC) rfc=$(n RFC)
unverified=$(n 'UNV|U_EN|U_SEEN|U_MEM|U_BRIEF')
verified=$((corpus + sisimai + package + doc + rfc))
line="$total entries: $verified verified (corpus $corpus, sisimai $sisimai, package $package, doc $doc, rfc $rfc), $unverified unverified"
echo "prefix table: $line"
check_eq "verified + unverified = all entries" "$total" "$((verified + unverified))"
check_eq "the table has entries" yes "$([ "$total" -ge 100 ] && echo yes || echo "no ($total)")"
CHECKS=$((CHECKS + 1))
grep -qF -- "$line" "$FINDINGS" || fail "docs/findings.md does not say: $line"
finish
