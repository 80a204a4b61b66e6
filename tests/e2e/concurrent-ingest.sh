#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# concurrent-ingest.sh: two writers on one case at once (issue 22, item 1).
# A second ingest while one runs is refused (exit 3, nothing recorded) or,
# with --wait, runs after it; either way the case equals what one run (or
# the two runs one after the other) makes, and no run is left `running`.
# The first run is slowed by the test hook MAILCASE_FAULT=slow:MS so that
# the second reliably starts while it holds the case.
. "$top_srcdir/tests/e2e/lib.sh"

mkdir "$T/ev1" "$T/ev2"
cp "$FIXTURES"/mbox/*.mbox "$T/ev1/"
cp "$FIXTURES"/mail/*.eml "$T/ev2/"
SLOW=slow:250

# What the case holds, independent of ids and times.
summary() {
	q "$1" "SELECT path || '|' || status || '|' || sha256 || '|' || message_count ||
		'|' || coalesce(duplicate_of, '') FROM evidence ORDER BY path"
	q "$1" "SELECT count(*) FROM messages"
}

# References: ev1 alone; ev1 then ev2, one after the other.
"$MAILCASE" ingest -q --no-analyze "$T/ref1.db" "$T/ev1" >/dev/null 2>&1
ref1_status=$?
"$MAILCASE" ingest -q --no-analyze "$T/ref12.db" "$T/ev1" >/dev/null 2>&1
"$MAILCASE" ingest -q --no-analyze "$T/ref12.db" "$T/ev2" >/dev/null 2>&1
ref2_status=$?
summary "$T/ref1.db" >"$T/ref1.summary"
summary "$T/ref12.db" >"$T/ref12.summary"
check_eq "reference holds evidence and messages" yes \
	"$([ "$(q "$T/ref1.db" 'SELECT count(*) FROM messages')" -gt 0 ] && echo yes)"

# Waits (up to 30 s) until case $1 records ${3:-1} runs, the last of process $2.
# Read-only and only once the file has content: the sqlite3 shell would
# otherwise create an empty file, which ingest rightly refuses as a case.
wait_run() {
	tries=0
	until [ -s "$1" ] &&
	      [ "$(sqlite3 -batch -readonly -cmd '.timeout 200' "$1" 'SELECT count(*) FROM runs' 2>/dev/null)" = "${3:-1}" ]; do
		kill -0 "$2" 2>/dev/null || return 1
		tries=$((tries + 1))
		[ $tries -lt 600 ] || return 1
		sleep 0.05
	done
}

# start_slow CASE EVIDENCE [RUNS]: a slowed ingest in the background, $slow
# its pid, once its run is recorded (the case's RUNS-th).
start_slow() {
	env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze "$1" "$2" >"$T/slow.out" 2>&1 &
	slow=$!
	wait_run "$1" $slow "${3:-1}" || echo "note: the first run ended before the second started"
}

runs_left_running() { q "$1" "SELECT count(*) FROM runs WHERE status = 'running' OR finished_at IS NULL"; }

# 1. The same evidence twice at once, the second without --wait: refused.
C="$T/same.db"
start_slow "$C" "$T/ev1"
check_eq "second run still overlaps the first" yes "$(kill -0 $slow 2>/dev/null && echo yes)"
check_status "reading commands are not blocked by a writer" 0 "$MAILCASE" info "$C"
"$MAILCASE" ingest -q --no-analyze "$C" "$T/ev1" >"$T/second.out" 2>"$T/second.err"
check_eq "second writer refused" 3 $?
check_eq "refusal says another mailcase writes the case" 1 \
	"$(grep -c "another mailcase is writing this case (pid $slow, mailcase ingest" "$T/second.err")"
check_status "analyze refused while ingest writes" 3 "$MAILCASE" analyze -q "$C"
wait $slow
check_eq "first run exit status as alone" "$ref1_status" $?
check_eq "same evidence at once: the case of one run" "$(cat "$T/ref1.summary")" "$(summary "$C")"
check_eq "refused runs recorded nothing" 1 "$(q "$C" 'SELECT count(*) FROM runs')"
check_eq "no run left running (refused)" 0 "$(runs_left_running "$C")"

# 2. The same evidence twice at once, the second with --wait: it runs after
# the first and finds everything already in the case.
C="$T/same-wait.db"
start_slow "$C" "$T/ev1"
"$MAILCASE" ingest --no-analyze --wait 60 "$C" "$T/ev1" >"$T/second.out" 2>"$T/second.err"
check_eq "waiting second run (exit status)" 0 $?
check_eq "waiting second run found all already in the case" 1 \
	"$(grep -c '0 ok, 0 partial, 0 failed, 0 skipped, 3 already in the case; 0 messages' "$T/second.err")"
wait $slow
check_eq "same evidence, --wait: the case of one run" "$(cat "$T/ref1.summary")" "$(summary "$C")"
check_eq "both runs recorded, ended" "2|0" \
	"$(q "$C" "SELECT count(*), count(*) FILTER (WHERE finished_at IS NULL OR status = 'running') FROM runs")"

# 3. Different evidence at once, the second with --wait: both in the case,
# as if run one after the other.
C="$T/diff-wait.db"
start_slow "$C" "$T/ev1"
"$MAILCASE" ingest -q --no-analyze --wait 60 "$C" "$T/ev2" >"$T/second.out" 2>"$T/second.err"
check_eq "different evidence, waiting second run (exit status as alone)" "$ref2_status" $?
wait $slow
check_eq "different evidence, --wait: the case of the two runs in turn" \
	"$(cat "$T/ref12.summary")" "$(summary "$C")"
check_eq "no run left running (different, --wait)" 0 "$(runs_left_running "$C")"

# 4. Different evidence at once, no --wait: refused, nothing half done.
C="$T/diff.db"
start_slow "$C" "$T/ev1"
check_status "different evidence, second writer refused" 3 \
	"$MAILCASE" ingest -q --no-analyze "$C" "$T/ev2"
wait $slow
check_eq "different evidence, refused: the case of the first run" \
	"$(cat "$T/ref1.summary")" "$(summary "$C")"
check_eq "no run left running (different, refused)" 0 "$(runs_left_running "$C")"

# 5. Two runs creating a new case at once: one creates it, the other waits
# for it (no "table case_info already exists").
C="$T/new.db"
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze --wait 60 "$C" "$T/ev1" \
	>"$T/a.out" 2>"$T/a.err" &
a=$!
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze --wait 60 "$C" "$T/ev1" \
	>"$T/b.out" 2>"$T/b.err" &
b=$!
wait $a
sa=$?
wait $b
sb=$?
check_eq "two creators, both --wait (exit statuses)" "$ref1_status $ref1_status" "$sa $sb"
check_eq "two creators: no schema error" 0 "$(cat "$T/a.err" "$T/b.err" | grep -c 'already exists')"
check_eq "two creators: the case of one run" "$(cat "$T/ref1.summary")" "$(summary "$C")"
check_eq "two creators: no run left running" 0 "$(runs_left_running "$C")"

# 6. Two creators without --wait: one creates the case, the other is refused.
C="$T/new2.db"
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze "$C" "$T/ev1" >/dev/null 2>&1 &
a=$!
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze "$C" "$T/ev1" >/dev/null 2>&1 &
b=$!
wait $a
sa=$?
wait $b
sb=$?
check_eq "two creators, no --wait: one ran, one refused" "$ref1_status 3" \
	"$(printf '%s\n%s\n' $sa $sb | sort -n | tr '\n' ' ' | sed 's/ $//')"
check_eq "two creators, one refused: the case of one run" "$(cat "$T/ref1.summary")" "$(summary "$C")"
check_eq "two creators, one refused: one run, ended" "1|0" \
	"$(q "$C" "SELECT count(*), count(*) FILTER (WHERE finished_at IS NULL) FROM runs")"

# 7. A lock file that is not a regular file is refused, not followed.
ln -s "$T/elsewhere" "$T/link.db.lock"
check_status "symbolic link as lock file refused" 3 \
	"$MAILCASE" ingest -q --no-analyze "$T/link.db" "$T/ev1"
check_eq "nothing created through the link" no "$([ -e "$T/elsewhere" ] && echo yes || echo no)"

# 8. Without the lock: the case reached under a second name (a hard link
# has its own lock file, docs/guarantees.md) lets two writers in at once.
# Both slowed, both hash and look up the evidence before either has stored
# it; the dedupe inside each evidence's write transaction still keeps every
# evidence in once.
C="$T/linked.db"
"$MAILCASE" ingest -q --no-analyze "$C" "$T/ev2" >/dev/null 2>&1
ln "$C" "$T/other-name.db"
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze "$C" "$T/ev1" >/dev/null 2>&1 &
a=$!
env MAILCASE_FAULT=$SLOW "$MAILCASE" ingest -q --no-analyze "$T/other-name.db" "$T/ev1" \
	>/dev/null 2>&1 &
b=$!
wait $a
sa=$?
wait $b
sb=$?
check_eq "two writers under two names (exit statuses)" "$ref1_status $ref1_status" "$sa $sb"
check_eq "two writers under two names: each evidence once" "$(cat "$T/ref12.summary")" "$(summary "$C")"
check_eq "two writers under two names: no run left running" 0 "$(runs_left_running "$C")"
check_eq "two writers under two names: integrity" ok "$(q "$C" 'PRAGMA integrity_check')"

finish
