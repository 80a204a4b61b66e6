#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# damaged-pst.sh: truncated, bit-flipped and zero-filled copies of PST/OST
# files ingest in one batch beside the intact files: the batch finishes,
# every file has a status, the intact files are unaffected, and damaged files
# keep whatever could be read; the same with our own reader
# (--pst-reader=own), whose worker must never crash. Uses ../shared/corpus
# (or $MAILCASE_CORPUS)
# and the project's generated PSTs when mkevidence is built; skipped if
# neither is available.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
mkdir "$T/intact" "$T/damaged"
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	awk -F'\t' 'NR > 1 && ($6 == "pst" || $6 == "ost") { print $1 }' "$CORPUS/MANIFEST.tsv" |
	while IFS= read -r f; do
		cp "$CORPUS/$f" "$T/intact/$(printf %s "$f" | tr '/ ' '__')"
	done
fi
if [ -x "${top_builddir:-.}/mkevidence" ]; then
	"$top_builddir/mkevidence" --scenario baseline --seed 7 --mailboxes 2 --format pst \
		--out "$T/gen" >/dev/null 2>&1 && find "$T/gen" -name '*.pst' -exec cp {} "$T/intact/" \;
fi
n=$(ls "$T/intact" | wc -l)
[ "$n" -gt 0 ] || { echo "SKIP: no PST files (no corpus, no mkevidence)"; exit 77; }

# Deterministic damage: byte offsets from awk's seeded generator.
overwrite() { # FILE OFFSET BYTE-VALUE
	printf "\\$(printf %03o "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
for f in "$T"/intact/*; do
	b=$(basename "$f")
	size=$(wc -c <"$f")
	head -c $((size / 2)) "$f" >"$T/damaged/half-$b"
	head -c 1000 "$f" >"$T/damaged/head-$b"
	for seed in 1 2 3; do
		cp "$f" "$T/damaged/flip$seed-$b"
		awk -v s="$seed" -v n="$size" 'BEGIN { srand(s); for (i = 0; i < 40; i++)
			printf "%d %d\n", 512 + int(rand() * (n - 512)), int(rand() * 256) }' |
		while read -r off val; do overwrite "$T/damaged/flip$seed-$b" "$off" "$val"; done
	done
	cp "$f" "$T/damaged/zero-$b"
	dd if=/dev/zero of="$T/damaged/zero-$b" bs=4096 seek=$(( (size / 4096) / 3 )) \
		count=$(( size / 4096 / 3 + 1 )) conv=notrunc status=none
done
total=$(( $(ls "$T/intact" | wc -l) + $(ls "$T/damaged" | wc -l) ))

C="$T/case.db"
"$MAILCASE" ingest -q --jobs 2 --timeout 120 "$C" "$T/intact" "$T/damaged" 2>"$T/err"
st=$?
case $st in 0|1) check_eq "batch finished (0 or 1)" ok ok ;; *) fail "batch exit status $st"; tail "$T/err" ;; esac
check_eq "every file has exactly one row with a status" "$total" \
	"$(q "$C" "SELECT count(DISTINCT path) FROM evidence WHERE status IN ('ok','partial','failed','skipped')")"
check_eq "intact files all ok" "$n" \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE path LIKE '%/intact/%' AND status = 'ok'")"
check_eq "non-ok damaged files say why" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('partial','failed') AND error IS NULL")"
check_eq "partial files keep messages or problems" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status = 'partial' AND message_count = 0 AND problem_count = 0")"
check_eq "case integrity" ok "$(q "$C" 'PRAGMA integrity_check')"
q "$C" "SELECT status, count(*), sum(message_count) FROM evidence GROUP BY status" | sed 's/^/  /'
q "$C" "SELECT count(*) || ' parser crashes contained' FROM evidence WHERE error LIKE '%parser worker%'" | sed 's/^/  /'

# Our own reader (--pst-reader=own) on the same files: every file has its
# row and says why it is not ok, and its worker never crashes or hangs.
O="$T/own.db"
"$MAILCASE" ingest -q --jobs 2 --timeout 120 --pst-reader=own "$O" "$T/intact" "$T/damaged" \
	2>"$T/err-own"
st=$?
case $st in 0|1) check_eq "own reader: batch finished (0 or 1)" ok ok ;; *) fail "own reader: batch exit status $st"; tail "$T/err-own" ;; esac
check_eq "own reader: every file has exactly one row with a status" "$total" \
	"$(q "$O" "SELECT count(DISTINCT path) FROM evidence WHERE status IN ('ok','partial','failed','skipped')")"
check_eq "own reader: intact files all ok" "$n" \
	"$(q "$O" "SELECT count(*) FROM evidence WHERE path LIKE '%/intact/%' AND status = 'ok'")"
check_eq "own reader: non-ok damaged files say why" 0 \
	"$(q "$O" "SELECT count(*) FROM evidence WHERE status IN ('partial','failed') AND error IS NULL")"
check_eq "own reader: no parser crash or hang" "" \
	"$(q "$O" "SELECT group_concat(path || ': ' || error, '; ') FROM evidence WHERE error LIKE '%parser worker%'")"
q "$O" "SELECT 'own: ' || status, count(*), sum(message_count) FROM evidence GROUP BY status" | sed 's/^/  /'

# The intact files read the same alone as in the damaged batch.
"$MAILCASE" ingest -q "$T/alone.db" "$T/intact" || true
check_eq "intact files unaffected by the damaged ones" \
	"$(q "$T/alone.db" "SELECT group_concat(message_count || ':' || folder_count) FROM evidence ORDER BY path")" \
	"$(q "$C" "SELECT group_concat(message_count || ':' || folder_count) FROM evidence WHERE path LIKE '%/intact/%' ORDER BY path")"
finish
