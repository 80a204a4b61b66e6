#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# spdx.sh: every source file of the tree (C, headers, shell and awk
# scripts, build fragments, the scale/ recipes) names the project's licence (COPYING) in an
# SPDX line near its top, and the README says which licence it is.
. "$top_srcdir/tests/e2e/lib.sh"

TAG='SPDX-License-Identifier: GPL-3.0-or-later'
cd "$top_srcdir" || exit 99
find analyzer parsers tests fuzz bench fixtures/mkevidence .ci \
	-path fuzz/seeds -prune -o -path fuzz/regressions -prune -o \
	-type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.sh' -o -name '*.am' \
	-o -name '*.awk' -o -name '*.mk' -o -name run \) -print 2>/dev/null | sort >"$T/files"
for f in Makefile.am configure.ac autogen.sh quickstart.sh; do echo "$f"; done >>"$T/files"
find scale -type f -print | sort >>"$T/files"    # the scale-out recipes, whatever their names
check_eq "source files found" yes "$([ "$(wc -l <"$T/files")" -gt 200 ] && echo yes || echo no)"
while read -r f; do
	head -3 "$f" | grep -q "$TAG" || echo "$f"
done <"$T/files" >"$T/missing"
check_eq "every source file has the SPDX line in its first three lines" "" "$(cat "$T/missing")"
check_eq "COPYING is the GPL version 3" yes \
	"$(grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING && grep -q 'Version 3, 29 June 2007' COPYING && echo yes || echo no)"
check_eq "the README names the licence" yes "$(grep -q 'GPL-3.0-or-later' README.md && echo yes || echo no)"
finish
