#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# interrupt.sh: kill -9 and Ctrl-C in the middle of a batch, then run
# again: the case is intact and equals the one an uninterrupted run makes.
. "$top_srcdir/tests/e2e/lib.sh"

# A batch of 60 distinct mbox files (each a fixture plus a unique message).
mkdir "$T/batch"
i=0
while [ $i -lt 60 ]; do
	f="$T/batch/box-$(printf %03d $i).mbox"
	cat "$FIXTURES/mbox/sample.mbox" >"$f"
	printf '\n\nFrom batch@example.org Mon Mar 21 08:00:00 2011\nFrom: batch@example.org\nSubject: batch %d\nMessage-ID: <batch-%d@example.org>\n\nnumber %d\n' $i $i $i >>"$f"
	i=$((i + 1))
done

summary() {
	q "$1" "SELECT path || '|' || status || '|' || sha256 || '|' || message_count FROM evidence ORDER BY path"
	q "$1" "SELECT count(*), count(DISTINCT evidence_id) FROM messages"
	q "$1" "SELECT group_concat(s, ',') FROM (SELECT sha256 AS s FROM messages ORDER BY sha256)" | sha256sum
}

check_status "uninterrupted reference run" 0 "$MAILCASE" ingest -q "$T/ref.db" "$T/batch"
summary "$T/ref.db" >"$T/ref.summary"

# Evidence rows in the case so far (0 while it does not exist or is busy).
stored() {
	[ -s "$C" ] || { echo 0; return; }
	n=$(sqlite3 -batch -cmd ".timeout 200" "$C" "SELECT count(*) FROM evidence" 2>/dev/null)
	echo "${n:-0}"
}

# Waits (up to 60 s, whatever the machine's load) until process $1 has
# stored $2 more evidence files than at the start, so that a kill lands in
# the middle of the batch, not before the case exists; 1 if $1 ended first.
wait_progress() {
	target=$(($(stored) + $2))
	tries=0
	while [ "$(stored)" -lt $target ]; do
		kill -0 "$1" 2>/dev/null || return 1
		tries=$((tries + 1))
		[ $tries -lt 1200 ] || return 1
		sleep 0.05
	done
	return 0
}

C="$T/case.db"
for step in 1 7 13; do
	"$MAILCASE" ingest -q "$C" "$T/batch" >/dev/null 2>&1 &
	pid=$!
	wait_progress $pid $step || echo "note: the run ended before $step more files were stored"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	check_eq "case intact after kill -9 ($step more files stored)" ok "$(q "$C" 'PRAGMA integrity_check')"
	check_eq "text index matches the messages after kill -9 ($step more files)" ok \
		"$(q "$C" "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')" && echo ok)"
	check_eq "no evidence twice after kill -9 ($step more files)" 0 \
		"$(q "$C" "SELECT count(*) FROM (SELECT path FROM evidence GROUP BY path HAVING count(*) > 1)")"
	check_eq "no message without its evidence" 0 \
		"$(q "$C" "SELECT count(*) FROM messages WHERE evidence_id NOT IN (SELECT id FROM evidence)")"
done
check_eq "the kills left the batch unfinished" yes \
	"$([ "$(stored)" -lt 60 ] && echo yes || echo "no ($(stored) of 60 stored)")"

"$MAILCASE" ingest -q "$C" "$T/batch" >/dev/null 2>&1 &
pid=$!
wait_progress $pid 1 || true
kill -INT $pid 2>/dev/null
wait $pid
st=$?
case $st in
0|130) check_eq "Ctrl-C gives 130 (or 0 if already done)" ok ok ;;
*) fail "Ctrl-C exit status $st" ;;
esac
check_eq "interrupted run recorded" 1 \
	"$(q "$C" "SELECT count(*) IN (0,1) FROM runs WHERE status='interrupted'")"

check_status "completing run" 0 "$MAILCASE" ingest -q "$C" "$T/batch"
summary "$C" >"$T/case.summary"
if cmp -s "$T/ref.summary" "$T/case.summary"; then
	check_eq "interrupted-then-completed case equals the reference" yes yes
else
	fail "case differs from the uninterrupted reference"
	diff "$T/ref.summary" "$T/case.summary" | head -20
fi
check_eq "unfinished runs are visible" 1 \
	"$(q "$C" "SELECT count(*) >= 1 FROM runs WHERE finished_at IS NULL OR status='interrupted'")"
finish
