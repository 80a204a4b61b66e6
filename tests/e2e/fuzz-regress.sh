#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/fuzz-regress.sh: replays every saved fuzz crash input
# (fuzz/regressions/<harness>/*) and the harness seeds and fixtures through
# the harnesses built with the normal compiler (fuzz/replay-<harness>, see
# fuzz/fuzz.am), so a fixed crash stays fixed in make check and in the
# sanitizer build. Inputs listed in fuzz/regressions/KNOWN-OPEN (one
# "<harness>/<file>" a line, '#' comments) are crashes not fixed yet: they
# run, but their failure is reported without failing the test.
set -u
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
REG="$top_srcdir/fuzz/regressions"
OPEN="$REG/KNOWN-OPEN"
T=$(mktemp -d "${TMPDIR:-/tmp}/mailcase-fuzzreg.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0 runs=0 open_fail=0

is_open() {
	[ -f "$OPEN" ] && grep -v '^#' "$OPEN" | grep -qxF "$1"
}

# run HARNESS INPUT...: one replay process per input, so one crash does not
# hide the others
for drv in "$top_builddir"/fuzz/replay-*; do
	[ -x "$drv" ] || continue
	h=${drv##*/replay-}
	set --
	[ -d "$REG/$h" ] && for f in "$REG/$h"/*; do [ -f "$f" ] && set -- "$@" "$f"; done
	[ -d "$top_srcdir/fuzz/seeds/$h" ] && for f in "$top_srcdir/fuzz/seeds/$h"/*; do [ -f "$f" ] && set -- "$@" "$f"; done
	for f in "$@"; do
		runs=$((runs + 1))
		rel="$h/${f##*/}"
		if "$drv" "$f" >"$T/out" 2>&1; then
			is_open "$rel" && echo "note: $rel (KNOWN-OPEN) passes now: remove it from KNOWN-OPEN"
			continue
		fi
		if is_open "$rel"; then
			open_fail=$((open_fail + 1))
			echo "open: $rel still fails (listed in KNOWN-OPEN)"
		else
			fails=$((fails + 1))
			echo "FAIL: $rel"
			sed 's/^/  /' "$T/out" | head -30
		fi
	done
	# the fixtures as a smoke test of the harness itself
	case $h in
	mime|eml-read) fx="$top_srcdir/fixtures/mail" ;;
	mbox-read|mbox-split) fx="$top_srcdir/fixtures/mbox" ;;
	*) fx="" ;;
	esac
	if [ -n "$fx" ] && [ -d "$fx" ]; then
		runs=$((runs + 1))
		if ! "$drv" "$fx" >"$T/out" 2>&1; then
			fails=$((fails + 1))
			echo "FAIL: $h on $fx"
			sed 's/^/  /' "$T/out" | head -30
		fi
	fi
done
[ "$runs" -gt 0 ] || { echo "SKIP: no fuzz/replay-* programs built"; exit 77; }
echo "fuzz-regress: $runs runs, $fails failed, $open_fail known-open"
[ "$fails" -eq 0 ]
