#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# prefix-separation.sh: the generator's test-only list of auto-reply forms
# (fixtures/mkevidence/prefix-variants.c, --prefix-variants) stays apart
# from what the classifier is built from, so a measurement with it cannot
# have been tuned to it.
#
# 1. No form of the list (its text without "%s", trimmed) occurs in any
#    file of analyzer/, nor in the built mailcase binary.
# 2. No source file of analyzer/ or parsers/ includes a fixtures/ file or
#    a header of the generator; no build fragment of analyzer/ or parsers/
#    (nor the top Makefile.am's flags) names fixtures/; and the generator's
#    fragment names prefix-variants.c only among mkevidence's sources.
. "$top_srcdir/tests/e2e/lib.sh"

LIST="$top_srcdir/fixtures/mkevidence/prefix-variants.c"
[ -f "$LIST" ] || { fail "$LIST missing"; finish; }

# 1. the forms
sed -n 's/^[	 ]*VARIANT("[^"]*", "\(.*\)"),[	 ]*$/\1/p' "$LIST" \
	| sed 's/%s//; s/^[ 	]*//; s/[ 	]*$//' > "$T/forms"
n=$(wc -l < "$T/forms")
check_eq "the variant list has forms to check" yes "$([ "$n" -ge 20 ] && echo yes || echo "no ($n)")"
[ "$(grep -c 'VARIANT(' "$LIST")" -eq $((n + 1)) ] \
	|| fail "prefix-variants.c: $(grep -c 'VARIANT(' "$LIST") VARIANT lines, $n read (keep one form per line)"
found=0
while IFS= read -r form; do
	[ -n "$form" ] || { fail "an empty form in the list"; continue; }
	if grep -rlF -- "$form" "$top_srcdir/analyzer" > "$T/hits" 2>/dev/null; then
		fail "form '$form' occurs in: $(tr '\n' ' ' < "$T/hits")"
		found=$((found + 1))
	fi
	if grep -qaF -- "$form" "$MAILCASE"; then
		fail "form '$form' is in the mailcase binary"
		found=$((found + 1))
	fi
done < "$T/forms"
check_eq "no variant form in analyzer/ or the mailcase binary" 0 "$found"

# 2. includes and build fragments
inc=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?(fixtures/|mkevidence/|prefix-variants\.h|phrases\.h|scenario\.h|evmodel\.h)' \
	"$top_srcdir/analyzer" "$top_srcdir/parsers" 2>/dev/null)
check_eq "no analyzer/ or parsers/ source includes a generator file" "" "$inc"
frag=$(find "$top_srcdir/analyzer" "$top_srcdir/parsers" -name '*.am' -exec grep -Hn 'fixtures' {} + 2>/dev/null)
check_eq "no analyzer/ or parsers/ build fragment names fixtures/" "" "$frag"
top=$(grep -nE '^(AM_CPPFLAGS|AM_CFLAGS|MAILCASE_LIBS|LDADD)[[:space:]]*\+?=' -A4 "$top_srcdir/Makefile.am" | grep 'fixtures')
check_eq "the top Makefile.am's shared flags name no fixtures/" "" "$top"
# in fixtures.am, prefix-variants.c belongs to mkevidence_SOURCES only
owners=$(awk '/^[a-zA-Z_]+_(SOURCES|LDADD)[ \t]*\+?=/ { v = $1 } /^[^\t ]/ && !/_(SOURCES|LDADD)/ { v = "" }
	/prefix-variants\.c/ && v != "" { print v }' "$top_srcdir/fixtures/fixtures.am" | sort -u | tr '\n' ' ')
check_eq "prefix-variants.c is compiled into mkevidence only" "mkevidence_SOURCES " "$owners"
others=$(grep -rl 'prefix-variants' "$top_srcdir" --include='*.am' | grep -v '/fixtures/fixtures.am$')
check_eq "no other build fragment names prefix-variants" "" "$others"
finish
