#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind.sh: the built mailcase under valgrind memcheck, end to end on the
# fixtures: ingest (mbox, EML, Maildir, a generated PST; the forked parser
# workers are checked too: valgrind follows fork, and --trace-children
# follows any exec), analyze, info, search, show (with --verify and --raw),
# timeline, export (csv, timesketch), findings, verify. Fails on any memory
# error and on any definite leak, in the parent or in a worker. Third-party
# issues only are suppressed, in tests/valgrind.supp (each entry says why).
#
# Part of `make check` (about 40 s); skipped without valgrind and in a
# sanitizer build (ASan and valgrind exclude each other). By hand, from a
# normal build directory:
#   MAILCASE=$PWD/mailcase top_srcdir=SRC top_builddir=$PWD sh SRC/tests/e2e/valgrind.sh
. "$top_srcdir/tests/e2e/lib.sh"

command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not installed"; exit 77; }
if nm -an "$MAILCASE" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; then
	echo "SKIP: $MAILCASE is a sanitizer build; valgrind needs a normal one"
	exit 77
fi
MKEV="$top_builddir/mkevidence"
SUPP="$top_srcdir/tests/valgrind.supp"

# vg WHAT EXPECTED-STATUS ARGS...: mailcase ARGS under valgrind; every
# process (parent and workers) logs to its own file, checked afterwards.
n=0
vg() {
	what=$1 want=$2
	shift 2
	n=$((n + 1))
	check_status "$what" "$want" valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--trace-children=yes --child-silent-after-fork=no --track-origins=yes \
		--suppressions="$SUPP" --log-file="$T/vg/$n-%p.log" "$MAILCASE" "$@"
}
mkdir "$T/vg"

E="$T/evidence"
mkdir -p "$E"
cp "$FIXTURES"/mbox/*.mbox "$FIXTURES"/mail/*.eml "$E/"
make_maildir "$E/maildir"
if [ -x "$MKEV" ]; then
	"$MKEV" --scenario eu2011 --seed 2 --mailboxes 2 --weeks 1 --out "$T/gen" --format pst >/dev/null ||
		fail "mkevidence"
	cp "$T"/gen/*.pst "$E/"
else
	echo "NOTE: mkevidence not built: no PST in this run"
fi
C="$T/case.db"

vg "ingest under valgrind" 0 ingest -q --memory 0 "$C" "$E"
vg "analyze under valgrind" 0 analyze -q "$C"
vg "info under valgrind" 0 info --json "$C"
vg "search under valgrind" 0 search "$C" 'office'
vg "search with a short term (LIKE) under valgrind" 0 search --json "$C" 'Re'
MSG=$(q "$C" "SELECT min(id) FROM messages WHERE origin = 'embedded'")
vg "show --verify of an embedded message under valgrind" 0 show --verify "$C" "$MSG"
MSG=$(q "$C" "SELECT min(id) FROM messages WHERE locator LIKE 'pst:%'")
[ -n "$MSG" ] && vg "show --raw --json of a PST item under valgrind" 0 show --json "$C" "$MSG"
vg "timeline under valgrind" 0 timeline --tz Europe/Brussels "$C"
vg "export csv under valgrind" 0 export --body "$C"
vg "export timesketch under valgrind" 0 export --format timesketch "$C"
vg "findings under valgrind" 0 findings --json "$C"
vg "verify under valgrind" 0 verify --json "$C"

# Every process's log: no error, and (already) no definite leak.
procs=$(ls "$T"/vg/*.log | wc -l)
# With -q a log holds only what valgrind reports: any error or leak record.
bad=$(grep -l 'ERROR SUMMARY: [1-9]\|are definitely lost\|Invalid \|uninitialised\|Mismatched free\|Process terminating' \
	"$T"/vg/*.log 2>/dev/null)
if [ -n "$bad" ]; then
	for f in $(echo "$bad" | head -5); do
		echo "---- $f"
		head -80 "$f"
	done
	fail "valgrind found errors in $(echo "$bad" | wc -l) of $procs processes"
else
	CHECKS=$((CHECKS + 1))
	echo "ok: no valgrind error in any of $procs processes (parents and parser workers)"
fi
check_eq "forked parser workers were checked too (more processes than commands)" yes \
	"$([ "$procs" -gt "$n" ] && echo yes || echo "no: $procs processes for $n commands")"
finish
