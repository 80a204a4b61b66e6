#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# plan.sh: `mailcase plan` (issue 20). The shares hold exactly the evidence
# one ingest of the same arguments reads (a Maildir as one item), each
# item once; largest first into the share with the fewest bytes (worked by
# hand below), equal sizes in path order; the same plan whatever the
# order of the arguments and on every run; --share K prints share K's
# paths (NUL-terminated with -0); --json; the errors: N < 1, --share out
# of range, no --shards, a missing EVIDENCE (exit 2, named, nothing
# printed).
. "$top_srcdir/tests/e2e/lib.sh"

cd "$T" || exit 1
# size NAME BYTES: a file of BYTES bytes
size() { mkdir -p "$(dirname "$1")"; head -c "$2" /dev/zero | tr '\0' x >"$1"; }

# Worked by hand, N=3, sizes 100 90 80 70 60 50: 100->0, 90->1, 80->2,
# 70->2 (80 is least), 60->1 (90), 50->0 (100): 150 bytes each.
size lpt/a 70; size lpt/b 100; size lpt/c 50; size lpt/d 90; size lpt/e 60; size lpt/f 80
check_status "plan of six files into three shares" 0 "$MAILCASE" plan --shards=3 lpt
check_eq "largest first into the smallest share" \
	"$(printf '0\t150\t2\tlpt/b\tlpt/c\n1\t150\t2\tlpt/d\tlpt/e\n2\t150\t2\tlpt/a\tlpt/f')" "$(cat "$T/out")"
# Equal sizes: in path order, each to the lower least share.
size tie/d 10; size tie/b 10; size tie/c 10; size tie/a 10
check_eq "equal sizes in path order" "$(printf 'tie/a\ntie/c')" "$("$MAILCASE" plan -n 2 --share=0 tie)"
check_eq "equal sizes: the other share" "$(printf 'tie/b\ntie/d')" "$("$MAILCASE" plan -n 2 --share 1 tie)"

# Real evidence: fixtures, a generated set, a Maildir, a link in a walk.
MKEV="$top_builddir/mkevidence"
mkdir ev
"$MKEV" --scenario eu2011 --seed 5 --mailboxes 4 --format mbox --out ev/gen >/dev/null 2>&1 ||
	fail "mkevidence failed"
cp -r "$FIXTURES/mail" "$FIXTURES/mbox" ev/
make_maildir ev/maildir
ln -s ../mbox/sample.mbox ev/mail/link.mbox
"$MAILCASE" ingest -q --no-analyze all.db ev >/dev/null 2>&1
q all.db "SELECT path FROM evidence WHERE status != 'skipped' OR error NOT LIKE '%link%' ORDER BY path" >ingest.list
q all.db "SELECT path FROM evidence WHERE status = 'skipped' AND error LIKE '%link%'" >links.list
check_eq "ingest records the link as skipped" "ev/mail/link.mbox" "$(cat links.list)"
check_eq "ingest reads the Maildir as one evidence" 1 "$(grep -cx 'ev/maildir' ingest.list)"

check_status "plan of the evidence into 4 shares" 0 "$MAILCASE" plan --shards=4 ev
cp "$T/out" plan.txt
grep -q "ev/mail/link.mbox: in no share: symbolic link" "$T/err" ||
	fail "the link is not named: $(cat "$T/err")"
for k in 0 1 2 3; do "$MAILCASE" plan -n 4 --share=$k ev 2>/dev/null; done | LC_ALL=C sort >planned.list
LC_ALL=C sort ingest.list >ingest.sorted
check_eq "the shares hold what ingest reads, each once ($(wc -l <ingest.list) items)" \
	"$(cat ingest.sorted)" "$(cat planned.list)"
check_eq "four lines, one a share" "0 1 2 3" "$(cut -f1 plan.txt | tr '\n' ' ' | sed 's/ $//')"
# Sizes: each share's bytes are its files' bytes, the total the evidence's.
total=$(q all.db "SELECT sum(size) FROM evidence WHERE path != 'ev/maildir' AND path NOT LIKE '%link%'")
total=$((total + $(find ev/maildir -type f -printf '%s\n' | awk '{s += $1} END {print s}')))
check_eq "the shares' bytes add up to the evidence's" "$total" "$(awk -F'\t' '{s += $2} END {print s}' plan.txt)"
for k in 0 1 2 3; do
	got=$(awk -F'\t' -v k=$k '$1 == k {print $2}' plan.txt)
	want=$("$MAILCASE" plan -n 4 --share=$k ev 2>/dev/null | while IFS= read -r p; do
		if [ -d "$p" ]; then find "$p" -type f -printf '%s\n'; else stat -c %s "$p"; fi
	done | awk '{s += $1} END {print s + 0}')
	check_eq "share $k's bytes are its files'" "$want" "$got"
done
# Balance: the greedy plan is within the largest item of even.
largest=$(awk -F'\t' '{for (i = 4; i <= NF; i++) print $i}' plan.txt | while IFS= read -r p; do
	if [ -d "$p" ]; then find "$p" -type f -printf '%s\n' | awk '{s += $1} END {print s}'
	else stat -c %s "$p"; fi; done | sort -n | tail -1)
spread=$(awk -F'\t' 'NR == 1 || $2 > max {max = $2} NR == 1 || $2 < min {min = $2} END {print max - min}' plan.txt)
check_eq "the shares differ by at most the largest item ($spread <= $largest)" yes \
	"$([ "$spread" -le "$largest" ] && echo yes || echo no)"

# Deterministic: again, and with the arguments in another order.
check_eq "the same plan on a second run" "$(cat plan.txt)" "$("$MAILCASE" plan -n 4 ev 2>/dev/null)"
check_eq "the same plan from the directories named one by one, in reverse" "$(cat plan.txt)" \
	"$("$MAILCASE" plan -n 4 $(ls -r -d ev/*) 2>/dev/null)"

# -0: a path with a newline survives.
size 'nl/two
lines' 5; size nl/plain 4
check_eq "-0 ends each path with NUL" "nl/plain|nl/two|lines|" \
	"$("$MAILCASE" plan -n 1 --share 0 -0 nl | tr '\0\n' '||' )"
check_status "--json" 0 "$MAILCASE" plan -n 2 --json lpt
check_eq "--json" '{"shards":2,"shares":[{"share":0,"bytes":230,"paths":["lpt/a","lpt/b","lpt/e"]},{"share":1,"bytes":220,"paths":["lpt/c","lpt/d","lpt/f"]}]}' \
	"$(cat "$T/out")"
check_status "more shares than items" 0 "$MAILCASE" plan -n 3 tie/a
check_eq "empty shares are printed" "$(printf '0\t10\t1\ttie/a\n1\t0\t0\n2\t0\t0')" "$(cat "$T/out")"
grep -q "3 shares\|2 shares are empty" "$T/err" || fail "no note on empty shares: $(cat "$T/err")"

# Errors.
check_status "--shards=0" 2 "$MAILCASE" plan --shards=0 lpt
check_status "no --shards" 2 "$MAILCASE" plan lpt
grep -q "shards N is required" "$T/err" || fail "no --shards: $(cat "$T/err")"
check_status "--share out of range" 2 "$MAILCASE" plan -n 2 --share=2 lpt
check_status "-0 without --share" 2 "$MAILCASE" plan -n 2 -0 lpt
check_status "a missing EVIDENCE" 2 "$MAILCASE" plan -n 2 lpt no-such-dir tie
grep -q "^mailcase: no-such-dir: No such file or directory" "$T/err" || fail "missing: not named: $(cat "$T/err")"
check_eq "a missing EVIDENCE: nothing printed" "" "$(cat "$T/out")"
finish
