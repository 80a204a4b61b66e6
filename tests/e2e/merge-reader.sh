#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# merge-reader.sh: `mailcase merge` while another process reads the case,
# and reading commands while a merge writes it (issue 20, docs/scale-out.md
# "Reading a case while it is merged"). A reader holding a read transaction
# (sqlite3) makes the merge wait; the merge completes once it lets go, or,
# past the wait (10 s, or --wait), fails with exit status 3 naming the case
# and leaves it byte for byte as it was (or with the shards it merged before,
# whole). The reader sees the case as before
# the merge for as long as it holds it. While a merge runs, search, verify
# and sqlite3 see the case before or after each whole shard, or (locked
# out past 10 s) fail naming the case as busy.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
cd "$T" || exit 1
for i in 1 2 3; do
	"$MKEV" --scenario baseline --seed "$i" --mailboxes 1 --format mbox --messages 1000 \
		--out "gen$i" >/dev/null 2>&1 || fail "mkevidence failed"
	rm -f "gen$i"/truth*
	"$MAILCASE" ingest -q --no-analyze "s$i.db" "gen$i" >/dev/null 2>&1 || fail "ingest of share $i"
done
"$MAILCASE" ingest -q base.db "$FIXTURES/mail" >/dev/null 2>&1 || fail "ingest of the base case"
count() { q "$1" 'SELECT count(*) FROM messages'; }
B=$(count base.db)
N1=$(count s1.db) N2=$(count s2.db) N3=$(count s3.db)
# What a reader may see while s1, s2, s3 are merged in that order.
STATES=" $B $((B + N1)) $((B + N1 + N2)) $((B + N1 + N2 + N3)) "
ALL=$((B + N1 + N2 + N3))
for c in c1 c2 c3 c4 c5 c6; do cp base.db "$c.db"; done

# hold_read CASE NAME [SECONDS]: a sqlite3 process holds a read transaction
# on CASE for SECONDS, or until `release NAME` (its count of messages at the
# start and at the end in NAME.reader); returns once the transaction holds
# its lock (an exclusive lock can no longer be taken), its process id in
# HOLDER. Released by the test, not by the clock: a loaded machine may start
# the merge late.
hold_read() {
	mkfifo "$2.fifo"
	{ printf '.timeout 5000\nBEGIN;\nSELECT count(*) FROM messages;\n'
	  if [ $# -gt 2 ]; then sleep "$3"; else timeout 300 cat "$2.fifo" >/dev/null; fi
	  printf 'SELECT count(*) FROM messages;\nCOMMIT;\n'; } | sqlite3 -batch "$1" >"$2.reader" 2>&1 &
	HOLDER=$!
	held=0
	for _ in $(seq 1 400); do
		if ! sqlite3 -batch "$1" 'BEGIN EXCLUSIVE; ROLLBACK;' >/dev/null 2>&1; then
			held=1
			break
		fi
		sleep 0.05
	done
	[ "$held" = 1 ] || fail "the reader did not take its lock on $1"
}
release() { echo >"$1.fifo"; }

# A reader for 2 s: the merge waits for it, then completes; the reader saw
# the case as before the merge both times.
hold_read c1.db c1 2
check_status "merge while a reader holds the case for 2 s" 0 "$MAILCASE" merge -q c1.db s1.db s2.db s3.db
wait "$HOLDER"
check_eq "the reader saw the case as before the merge, both times" "$B $B" "$(echo $(cat c1.reader))"
check_eq "then the whole merge is in the case" "$ALL|3|ok" \
	"$(q c1.db "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM shards),
	                   (SELECT status FROM runs WHERE command = 'merge')")"
check_eq "the case is intact" ok "$(q c1.db 'PRAGMA integrity_check')"

# A reader that holds the case until the merge has ended: it stops after its
# wait of 10 s, naming the case, and changes nothing. Another reader let go
# only then, after more than 10 s: with --wait=60, that merge waited for it.
sum3=$(sha256sum <c3.db)
hold_read c2.db c2
h2=$HOLDER
hold_read c3.db c3
h3=$HOLDER
# A writer in its transaction (an exclusive lock, as a merge committing a
# shard holds it) until the readers have ended: they wait 10 s, then fail
# clearly.
mkfifo c4.fifo
# (.timeout: a probe below may hold its read lock as BEGIN EXCLUSIVE runs)
{ printf '.timeout 5000\nBEGIN EXCLUSIVE;\n'; timeout 300 cat c4.fifo >/dev/null; printf 'COMMIT;\n'; } |
	sqlite3 -batch c4.db >c4.writer 2>&1 &
h4=$!
held=0
for _ in $(seq 1 400); do
	if ! sqlite3 -batch c4.db 'SELECT count(*) FROM sqlite_master' >/dev/null 2>&1; then
		held=1
		break
	fi
	sleep 0.05
done
[ "$held" = 1 ] || fail "the writer did not take its lock on c4.db: $(cat c4.writer)"
"$MAILCASE" merge -q --wait=60 c2.db s1.db s2.db s3.db >c2.out 2>&1 &
m2=$!
"$MAILCASE" merge -q c3.db s1.db s2.db s3.db >c3.out 2>&1 &
m3=$!
"$MAILCASE" search c4.db message >c4.search 2>&1 &
r4=$!
"$MAILCASE" verify c4.db >c4.verify 2>&1
v4=$?
wait "$r4"
s4=$?
release c4
wait "$h4"
wait "$m3"
check_eq "merge past the wait while a reader holds the case (exit status)" 3 "$?"
release c3
wait "$h3"
grep -q "c3.db: .*busy: another process is reading it" c3.out ||
	fail "the merge's failure names the case and says why: $(cat c3.out)"
grep -q -- "--wait" c3.out || fail "the merge's failure says how to wait longer: $(cat c3.out)"
check_eq "the case it could not write is unchanged" "$sum3" "$(sha256sum <c3.db)"
check_eq "no journal left" "" "$(ls c3.db-journal 2>/dev/null)"
kill -0 "$m2" 2>/dev/null || fail "the merge with --wait=60 ended before its reader let go"
release c2
wait "$m2"
check_eq "merge --wait=60 while a reader holds the case past 10 s (exit status)" 0 "$?"
wait "$h2"
check_eq "the reader saw the case as before the merge, both times" "$B $B" "$(echo $(cat c2.reader))"
check_eq "then the whole merge is in the case" "$ALL|3" \
	"$(q c2.db "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM shards)")"
for r in search:$s4 verify:$v4; do
	check_eq "${r%:*} while a writer holds the case past 10 s (exit status)" 3 "${r#*:}"
	grep -q "c4.db: busy: another process is writing it" "c4.${r%:*}" ||
		fail "${r%:*} names the case as busy: $(cat "c4.${r%:*}")"
done

# A reader that comes once the merge has begun and holds the case until the
# merge has ended: the merge stops at the commit it cannot make (a shard's,
# or the analysis's), naming the case; what it committed before is whole
# shards, and merging again completes it.
"$MAILCASE" merge -q c6.db s1.db s2.db s3.db >c6.out 2>&1 &
m6=$!
for _ in $(seq 1 500); do
	[ "$(sqlite3 -batch -cmd '.timeout 5000' c6.db "SELECT count(*) FROM runs WHERE command = 'merge'" 2>/dev/null)" = 1 ] && break
	sleep 0.02
done
hold_read c6.db c6
wait "$m6"
rc6=$?
release c6
wait "$HOLDER"
merged6=$(q c6.db 'SELECT count(*) FROM shards')
echo "the merge met the reader with $merged6 shards merged (exit status $rc6):"
sed "s/^/  /" c6.out
if [ "$rc6" = 0 ]; then
	echo "SKIP: the merge ended before the reader came (a fast machine): not checked"
else
	check_eq "merge past the wait while a reader came in (exit status)" 3 "$rc6"
	grep -q "c6.db: .*busy: another process is reading it" c6.out ||
		fail "the merge's failure names the case and says why: $(cat c6.out)"
	want=$B
	for p in $(q c6.db 'SELECT path FROM shards'); do want=$((want + $(count "$p"))); done
	check_eq "the case holds the messages of the shards it records, whole" "$want" "$(count c6.db)"
fi
check_eq "the late reader saw one state all along" 1 "$(sort -u c6.reader | wc -l)"
check_status "the same merge again completes it" 0 "$MAILCASE" merge -q c6.db s1.db s2.db s3.db
check_eq "then the whole merge is in the case, analysed" "$ALL|3|1" \
	"$(q c6.db "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM shards),
	                   (SELECT value IS NOT NULL FROM case_info WHERE key = 'analyzed_at')")"
check_eq "the case is intact" ok "$(q c6.db 'PRAGMA integrity_check')"

# Readers in a loop while a merge writes: each sees the case before or after
# each whole shard (merged in order), or is told the case is busy; verify
# finds the case consistent.
"$MAILCASE" merge -q c5.db s1.db s2.db s3.db >c5.out 2>&1 &
m5=$!
reads=0
bad=0
while kill -0 "$m5" 2>/dev/null; do
	reads=$((reads + 1))
	n=$(sqlite3 -batch -cmd '.timeout 10000' c5.db 'SELECT count(*) FROM messages' 2>&1)
	case "$STATES" in *" $n "*) ;; *) bad=$((bad + 1)); echo "sqlite3 read $n messages" ;; esac
	for cmd in "search c5.db message" "verify c5.db"; do
		$MAILCASE $cmd >c5.read 2>&1
		rc=$?
		[ "$rc" = 0 ] || { [ "$rc" = 3 ] && grep -q "c5.db: busy:" c5.read; } ||
			{ bad=$((bad + 1)); echo "$cmd: exit status $rc"; sed 's/^/  /' c5.read | head -5; }
	done
done
wait "$m5"
check_eq "merge while readers loop (exit status)" 0 "$?"
check_eq "readers during the merge ($reads rounds) saw whole shards or were told it was busy" 0 "$bad"
check_eq "after it, the whole merge" "$ALL" "$(count c5.db)"
check_status "verify after the merge" 0 "$MAILCASE" verify c5.db

finish
