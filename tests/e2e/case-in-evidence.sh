#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# case-in-evidence.sh: a case written inside the evidence tree it ingests.
# The case file, its -journal/-wal/-shm and its CASE.lock are no evidence:
# ingest leaves them out with a note (the case by device and inode, the side
# files by name in the case's directory, whatever path the walk reaches them
# by), twice in a row adds no evidence row, and `verify` finds nothing
# changed (issue 22).
. "$top_srcdir/tests/e2e/lib.sh"

E="$T/ev"
mkdir -p "$E/sub"
cp "$FIXTURES/mbox/sample.mbox" "$E/"
cp "$FIXTURES/mail/plain.eml" "$E/sub/"
C="$E/case.db"

check_status "first ingest, the case inside the evidence" 0 "$MAILCASE" ingest --no-analyze "$C" "$E"
check_eq "a note names the case file" 1 "$(grep -c "^mailcase: $C: a file of the case being written" "$T/err")"
check_eq "the summary counts the case's files" 1 \
	"$(grep -c 'files of the case itself .* left out' "$T/err")"
check_eq "two evidence: the mailboxes only" 2 "$(q "$C" "SELECT count(*) FROM evidence")"

# The same tree reached through a link: the case by inode, its lock file by
# name in the same (resolved) directory.
ln -s "$E" "$T/link"
check_status "second ingest, through a link to the evidence" 0 \
	"$MAILCASE" ingest --no-analyze "$C" "$T/link"
check_eq "neither the case nor its lock is read" 2 \
	"$(grep -c "^mailcase: $T/link/case.db\(.lock\)\{0,1\}: a file of the case being written" "$T/err")"
# (the link's paths are new paths: their rows are duplicates of the first two)
N=$(q "$C" "SELECT count(*) FROM evidence")
check_status "third ingest, the same path again" 0 "$MAILCASE" ingest -q "$C" "$E"
check_eq "no row added by the re-run" "$N" "$(q "$C" "SELECT count(*) FROM evidence")"
check_eq "no evidence row for the case or its side files" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE path LIKE '%case.db%'")"
check_status "verify" 0 "$MAILCASE" verify "$C"
check_eq "nothing changed" "1|0" \
	"$(grep -c '; 0 changed, 0 missing' "$T/out")|$(grep -c '^evidence [0-9]*: changed' "$T/out")"

finish
