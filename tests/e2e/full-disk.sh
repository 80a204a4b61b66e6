#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# full-disk.sh: a case on a full file system (issue 22, item 10): ingest
# says what it stored and names every evidence it could not store, the
# summary agrees with the case, and the status is non-zero. The file system
# is a small tmpfs, so the test needs root (mount); it skips otherwise.
. "$top_srcdir/tests/e2e/lib.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: mounting a small tmpfs needs root"; exit 77; }
mkdir "$T/fs" "$T/ev"
mount -t tmpfs -o size=1200k mailcase-full "$T/fs" 2>"$T/err" ||
	{ echo "SKIP: cannot mount a tmpfs: $(cat "$T/err")"; exit 77; }
trap 'umount "$T/fs" 2>/dev/null; rm -rf "$T"' EXIT

# Five mboxes of 300 messages with varied words, about 130 kB each: the
# first ones fit, the later ones do not.
i=1
while [ $i -le 5 ]; do
	awk -v f=$i 'BEGIN {
		srand(f); split("alpha beta gamma delta omega words here there", w, " ")
		for (n = 0; n < 300; n++) {
			printf "From a@b Mon Jan  1 00:00:00 2001\nMessage-ID: <m%d-%d@x>\nSubject: hello %d\n\n", f, n, n
			for (k = 0; k < 60; k++) printf "%s%s ", w[int(rand() * 8) + 1], int(rand() * 1000)
			printf "\n"
		}
	}' >"$T/ev/f$i.mbox"
	i=$((i + 1))
done

C="$T/fs/c.db"
"$MAILCASE" ingest --no-analyze "$C" "$T/ev" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && check_eq "non-zero exit on a full disk" yes yes || fail "exit $rc on a full disk"
grep -q "database or disk is full" "$T/err" && check_eq "the cause is said" yes yes ||
	fail "no cause in: $(cat "$T/err")"
stored=$(q "$C" "SELECT count(*) FROM evidence")
msgs=$(q "$C" "SELECT count(*) FROM messages")
[ "$stored" -lt 5 ] && check_eq "the disk filled before the end (setup)" yes yes ||
	{ echo "SKIP: the tmpfs did not fill ($stored evidence stored)"; exit 77; }
named=$(grep -c ': not stored: the case could not be written' "$T/err")
check_eq "every evidence not stored is named" $((5 - stored)) "$named"
for f in $(q "$C" "SELECT path FROM evidence"); do
	grep -q "$f: not stored" "$T/err" && fail "$f is in the case but named as not stored"
done
summary=$(grep 'ok, .* messages stored' "$T/err")
check_eq "summary: evidence counted as the case holds them" "$stored" \
	"$(echo "$summary" | sed 's/.*: \([0-9]*\) ok, \([0-9]*\) partial, \([0-9]*\) failed.*/\1 \2 \3/' |
	   awk '{ print $1 + $2 + $3 }')"
check_eq "summary: messages counted as the case holds them" "$msgs" \
	"$(echo "$summary" | sed 's/.*; \([0-9]*\) messages stored.*/\1/')"
grep -q "$((5 - stored)) evidence not stored" "$T/err" && check_eq "summary counts the evidence not stored" yes yes ||
	fail "summary: $(cat "$T/err")"
finish
