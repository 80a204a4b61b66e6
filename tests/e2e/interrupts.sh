#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# interrupts.sh: issue 22, item 9. SIGINT stops analyze within moments
# (exit 130, run `interrupted`, the earlier analysis kept as it was);
# SIGINT stops ingest while it hashes a large file; hashing has a time
# limit; a file that yields more bytes than its size (procfs) is refused,
# not hashed without end.
. "$top_srcdir/tests/e2e/lib.sh"

# wait_end PID SECONDS: waits up to SECONDS for PID (a child of this shell)
# to end; sets rc to its exit status, or to "alive" (it is then killed).
# Not in a command substitution: a subshell cannot reap this shell's child.
running() { [ -e "/proc/$1/stat" ] && ! grep -q ') Z ' "/proc/$1/stat"; }
wait_end() {
	n=0
	while running "$1" && [ $n -lt $(($2 * 10)) ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if running "$1"; then
		kill -9 "$1"
		wait "$1" 2>/dev/null
		rc=alive
	else
		wait "$1"
		rc=$?
	fi
}

# wait_runs CASE N PID: waits (up to 60 s) until CASE records N runs, the
# last being PID's, so that PID has set its signal handlers: a background
# process of a non-interactive shell starts with SIGINT ignored, and a
# SIGINT sent before mailcase catches it would be lost (slow starts under
# the sanitizers). Read-only: the sqlite3 shell would create an empty file.
wait_runs() {
	n=0
	until [ -s "$1" ] && [ "$(sqlite3 -batch -readonly -cmd '.timeout 200' "$1" \
	        'SELECT count(*) FROM runs' 2>/dev/null)" = "$2" ]; do
		running "$3" || return 1
		n=$((n + 1))
		[ $n -lt 600 ] || return 1
		sleep 0.1
	done
	sleep 0.3
}

# ---- analyze: a case large enough that its analysis takes seconds ----
mkdir "$T/ev"
awk 'BEGIN {
	srand(7); split("alpha beta gamma delta omega words here there la le und der", w, " ")
	for (n = 0; n < 60000; n++) {
		printf "From a@b Mon Jan  1 00:00:00 2001\nFrom: u%d@example.org\nTo: me@example.org\n", n % 50
		printf "Message-ID: <m%d@x>\nDate: Mon, 1 Jan 2001 00:00:00 +0000\nSubject: hello %d\n\n", n, n
		for (k = 0; k < 40; k++) printf "%s ", w[int(rand() * 12) + 1]
		printf "\n"
	}
}' >"$T/ev/big.mbox"
C="$T/c.db"
check_status "ingest" 0 "$MAILCASE" ingest -q "$C" "$T/ev"
state() {
	q "$C" "SELECT value FROM case_info WHERE key = 'analyzed_at';
	        SELECT count(*), count(language), count(sender_identity) FROM messages;
	        SELECT count(*) FROM identities;"
}
before=$(state)
sleep 1   # analyzed_at has a resolution of one second
"$MAILCASE" analyze -q "$C" 2>"$T/err" &
pid=$!
wait_runs "$C" 2 $pid
was_running=no
running $pid && was_running=yes
kill -INT $pid
wait_end $pid 20
if [ $was_running = no ]; then
	echo "SKIP-PART: analyze finished before the signal; the interrupt was not exercised"
else
	check_eq "analyze: SIGINT ends it with 130 within 20 s" 130 "$rc"
	check_eq "analyze: the run is recorded as interrupted" interrupted \
		"$(q "$C" "SELECT status FROM runs WHERE command = 'analyze' ORDER BY id DESC LIMIT 1")"
	grep -q "interrupted; the analysis was rolled back" "$T/err" &&
		check_eq "analyze: it says so" yes yes || fail "stderr: $(cat "$T/err")"
	check_eq "analyze: the earlier analysis is kept as it was" "$before" "$(state)"
	check_eq "analyze: the case passes integrity_check" ok "$(q "$C" "PRAGMA integrity_check")"
fi

# ---- hashing: a large sparse file, interrupted, then over a time limit ----
if truncate -s 16G "$T/sparse.mbox" 2>/dev/null; then
	"$MAILCASE" ingest -q "$T/h.db" "$T/sparse.mbox" 2>"$T/err" &
	pid=$!
	wait_runs "$T/h.db" 1 $pid
	kill -INT $pid
	wait_end $pid 8
	check_eq "ingest: SIGINT while hashing 16 GiB ends it within 8 s" 130 "$rc"
	grep -q "interrupted while hashing" "$T/err" &&
		check_eq "ingest: it says it was hashing" yes yes || fail "stderr: $(cat "$T/err")"
	check_eq "ingest: nothing of that file is stored" 0 "$(q "$T/h.db" "SELECT count(*) FROM evidence")"

	"$MAILCASE" ingest -q --timeout 1 "$T/t.db" "$T/sparse.mbox" >/dev/null 2>"$T/err" &
	pid=$!
	wait_end $pid 60
	check_eq "ingest: hashing over --timeout fails the evidence (exit 1)" 1 "$rc"
	check_eq "ingest: the time limit is the error" 1 \
		"$(q "$T/t.db" "SELECT count(*) FROM evidence WHERE status = 'failed' AND error LIKE 'hashing took longer than the time limit of 1 s%'")"
	rm -f "$T/sparse.mbox"
else
	echo "SKIP-PART: cannot make a sparse file here"
fi

# ---- a procfs file: more bytes than its size says, without end ----
if [ -r /proc/self/pagemap ]; then
	"$MAILCASE" ingest -q "$T/p.db" /proc/self/pagemap >/dev/null 2>"$T/err" &
	pid=$!
	wait_end $pid 60
	check_eq "ingest of /proc/self/pagemap ends (exit 1) within 60 s" 1 "$rc"
	check_eq "it is failed, as a file that yields more than its size" 1 \
		"$(q "$T/p.db" "SELECT count(*) FROM evidence WHERE status = 'failed' AND error LIKE 'yields more bytes than its size%'")"
fi
finish
