#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# findings-doc.sh: docs/findings.md matches the rule catalogue
# (analyzer/detect/rules.c): every rule has its section "## <id>", and the
# doc names no rule the catalogue lacks, neither in a section title nor in a
# query ("rule = '<id>'"). The doc states no titles, so none are compared.
#
# The ids are the names of the rule files, analyzer/detect/rule-<id>.c:
# check_rules (tests/unit/detect) proves that those are exactly the
# catalogue's ids, so this test reads no C and does not depend on how
# rules.c is laid out.
. "$top_srcdir/tests/e2e/lib.sh"

DOC="$top_srcdir/docs/findings.md"
for f in "$top_srcdir"/analyzer/detect/rule-*.c; do
	[ -f "$f" ] && basename "$f" .c | sed 's/^rule-//'
done | LC_ALL=C sort >"$T/rules"
check_eq "the catalogue has rules" yes "$([ -s "$T/rules" ] && echo yes || echo no)"

# Section titles that look like rule ids, and ids compared in queries.
sed -n 's/^## \([a-z0-9-]*\)$/\1/p' "$DOC" | LC_ALL=C sort >"$T/sections"
grep -o "rule = '[^']*'" "$DOC" | sed "s/^rule = '//; s/'\$//" | LC_ALL=C sort -u >"$T/queried"

while read -r rule; do
	CHECKS=$((CHECKS + 1))
	[ "$(grep -cx "$rule" "$T/sections")" = 1 ] ||
		fail "rule $rule has no section (or more than one) in findings.md"
done <"$T/rules"
while read -r name; do
	CHECKS=$((CHECKS + 1))
	grep -qx "$name" "$T/rules" || fail "findings.md has a section $name, which is no rule"
done <"$T/sections"
while read -r name; do
	CHECKS=$((CHECKS + 1))
	grep -qx "$name" "$T/rules" || fail "findings.md queries rule '$name', which is no rule"
done <"$T/queried"
finish
