#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# damaged-case.sh: a case with one page of its `messages` table scrambled
# gives no answer (issue 22, item 4). Every command that reads a case
# (the command table's MC_CLI_CASE_READ entries: info, search, show,
# verify, timeline, export, findings, prefixes, report), run so that it
# reads the damaged page, exits 3 with the case named on standard error
# ("CASE: not a usable case file: database disk image is malformed"),
# instead of a plausible answer ("0 automatic messages", "no message number
# N"), and writes no output file. (info --json answered from an index
# until it counted recovered and embedded messages, issue 21: it reads
# every message row now, so it refuses too.)
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
"$MKEV" --scenario eu2011 --seed 2011 --weeks 8 --out "$T/ev" >/dev/null 2>&1 || { fail "mkevidence"; finish; exit 1; }
C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>&1
N=$(q "$C" "SELECT count(*) FROM messages")
check_eq "a case of a few thousand messages" 1 "$([ "$N" -ge 2000 ] && echo 1 || echo 0)"
q "$C" "SELECT count(*) FROM dbstat" >/dev/null 2>&1 || { echo "SKIP: sqlite3 without dbstat"; exit 77; }

# M: an automatic reply that supports a finding; its subject, to search for.
M=$(q "$C" "SELECT min(m.id) FROM finding_messages f JOIN messages m ON m.id = f.message_id
	WHERE m.system_kind = 'auto_reply'")
SUBJECT=$(q "$C" "SELECT replace(subject, '\"', '') FROM messages WHERE id = $M")
check_eq "a supporting automatic reply" 1 "$([ -n "$M" ] && echo 1 || echo 0)"

# Every reading command, each run so that it reads message M's row.
cat >"$T/commands" <<EOT
info
info --json
report -q -o $T/r.html
show @M
show --json @M
show --raw @M
search -n 0 @Q
search --json -n 0 @Q
timeline
timeline --json
findings
findings --json
export
export -f jsonl
export -f timesketch
export -o $T/x.csv
verify
prefixes
prefixes --json
EOT
# (operands after the case: show's MESSAGE and search's QUERY)
run_case() {
	line=$1
	set -f
	# shellcheck disable=SC2086
	set -- $line
	set +f
	cmd=$1
	shift
	opts= extra=
	for a in "$@"; do
		case $a in
		@M) extra=$M ;;
		@Q) extra=\"$SUBJECT\" ;;
		*) opts="$opts $a" ;;
		esac
	done
	# shellcheck disable=SC2086
	if [ -n "$extra" ]; then "$MAILCASE" "$cmd" $opts "$C" "$extra"; else "$MAILCASE" "$cmd" $opts "$C"; fi
}

while read -r line; do
	check_status "intact: $line" 0 run_case "$line"
done <"$T/commands"
rm -f "$T/r.html" "$T/x.csv"

# Scramble the leaf page of `messages` that holds M's row (the leaves in
# key order, each holding the next ncell rows).
R=$(q "$C" "SELECT count(*) FROM messages WHERE id <= $M")
P=$(q "$C" "SELECT pageno FROM (SELECT pageno, ncell, sum(ncell) OVER (ORDER BY path) AS cum
	FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf') WHERE cum >= $R AND cum - ncell < $R")
PS=$(q "$C" "PRAGMA page_size")
check_eq "the page of message $M found" 1 "$([ -n "$P" ] && echo 1 || echo 0)"
LC_ALL=C awk -v n="$PS" 'BEGIN { srand(22); for (i = 0; i < n; i++) printf "%c", 1 + int(rand() * 255) }' >"$T/noise"
dd if="$T/noise" of="$C" bs="$PS" seek=$((P - 1)) count=1 conv=notrunc 2>/dev/null
BEFORE=$(sha256sum <"$C")

while read -r line; do
	check_status "damaged: $line" 3 run_case "$line"
	check_eq "damaged: $line: the case named as unusable" 1 \
		"$(grep -c -F "mailcase: $C: not a usable case file: database disk image is malformed" "$T/err")"
done <"$T/commands"
check_eq "no report written" no "$(test -e "$T/r.html" && echo yes || echo no)"
check_eq "no export written" no "$(test -e "$T/x.csv" && echo yes || echo no)"
check_eq "the case is not written to" "$BEFORE" "$(sha256sum <"$C")"

finish
