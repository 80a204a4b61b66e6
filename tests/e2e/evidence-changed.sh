#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# evidence-changed.sh: evidence changed while it is read is not stored
# under a hash it does not have (docs/guarantees.md, "Evidence that changes
# while it is read"). The worker is paused after its Nth message with the
# test-only hook MAILCASE_FAULT=pause:N:FILE (analyzer/ingest/worker.c): it
# creates FILE and waits until FILE is removed. Meanwhile the evidence is
# appended to, rewritten in place (same size), truncated, or (a Maildir)
# given a new file; then the worker goes on. Each time: the evidence is
# `failed` with an error and an `error` problem naming what changed, no
# message of it is kept, ingest exits 1, and `verify` reports the change.
# A paused worker whose evidence did not change gives `ok` and exit 0 (no
# false alarm), and ingesting changed evidence again once it holds still
# replaces the failed row.
. "$top_srcdir/tests/e2e/lib.sh"

# mbox N FILE: N small messages, each "Subject: message <i>"
mbox() {
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'From sender@example.org Mon Mar  7 10:%02d:00 2011\n' $((i % 60))
		printf 'From: sender@example.org\nTo: rcpt@example.org\n'
		printf 'Date: Mon, 7 Mar 2011 10:%02d:00 +0000\n' $((i % 60))
		printf 'Message-ID: <m%d@example.org>\nSubject: message %04d\n\n' "$i" "$i"
		printf 'Body of message %d.\n\n' "$i"
		i=$((i + 1))
	done >"$2"
}

# ingest_paused WHAT CASE EVIDENCE ACTION: runs ingest with the worker
# paused at its 3rd message, runs ACTION (a shell command) while it waits,
# lets it go on; leaves ingest's exit status in $rc.
ingest_paused() {
	flag="$T/paused"
	rm -f "$flag"
	env MAILCASE_FAULT="pause:3:$flag" "$MAILCASE" ingest -q --no-analyze "$2" "$3" \
		>"$T/out" 2>"$T/err" &
	pid=$!
	n=0
	while [ ! -e "$flag" ] && [ $n -lt 600 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	if [ -e "$flag" ]; then
		eval "$4"
		rm -f "$flag"
	else
		fail "$1: the worker never paused"
	fi
	wait $pid
	rc=$?
}

# expect_changed WHAT CASE HOW: the evidence of CASE is recorded as changed
expect_changed() {
	check_eq "$1: ingest exit status" 1 "$rc"
	check_eq "$1: status failed, no message kept" "failed|0|0" \
		"$(q "$2" "SELECT e.status, e.message_count, (SELECT count(*) FROM messages m
			WHERE m.evidence_id = e.id) FROM evidence e")"
	check_eq "$1: the error says what changed" 1 \
		"$(q "$2" "SELECT error LIKE 'changed while it was read (%$3%' FROM evidence")"
	check_eq "$1: an error problem names it" 1 \
		"$(q "$2" "SELECT count(*) FROM problems WHERE severity = 'error'
			AND message LIKE 'changed while it was read (%$3%'")"
	check_status "$1: verify reports the change" 1 "$MAILCASE" verify -q "$2"
	grep -q "1 changed" "$T/out" "$T/err" || fail "$1: verify did not say 1 changed"
}

mkdir "$T/ev"
mbox 40 "$T/ev/orig.mbox"

# No change: a pause alone is no alarm.
cp "$T/ev/orig.mbox" "$T/ev/still.mbox"
ingest_paused "unchanged" "$T/still.db" "$T/ev/still.mbox" ":"
check_eq "unchanged: ingest exit status" 0 "$rc"
check_eq "unchanged: ok with 40 messages" "ok|40" \
	"$(q "$T/still.db" "SELECT status, message_count FROM evidence")"
check_status "unchanged: verify" 0 "$MAILCASE" verify -q "$T/still.db"

# Appended: 10 more messages after the hashed length.
cp "$T/ev/orig.mbox" "$T/ev/app.mbox"
mbox 10 "$T/more.mbox"
ingest_paused "appended" "$T/app.db" "$T/ev/app.mbox" 'cat "$T/more.mbox" >>"$T/ev/app.mbox"'
expect_changed "appended" "$T/app.db" "size"

# Rewritten in place: same size, a subject altered near the end.
cp "$T/ev/orig.mbox" "$T/ev/rew.mbox"
off=$(grep -b -o 'Subject: message 0039' "$T/ev/rew.mbox" | cut -d: -f1)
ingest_paused "rewritten in place" "$T/rew.db" "$T/ev/rew.mbox" \
	'printf "Subject: MESSAGE 0039" | dd of="$T/ev/rew.mbox" bs=1 seek=$off conv=notrunc 2>/dev/null'
check_eq "rewritten in place: same size" "$(wc -c <"$T/ev/orig.mbox")" "$(wc -c <"$T/ev/rew.mbox")"
expect_changed "rewritten in place" "$T/rew.db" "mtime"
check_eq "rewritten in place: the altered subject is not in the case" 0 \
	"$(q "$T/rew.db" "SELECT count(*) FROM messages WHERE subject GLOB 'MESSAGE*'")"

# Truncated to its first half.
cp "$T/ev/orig.mbox" "$T/ev/trunc.mbox"
half=$(($(wc -c <"$T/ev/orig.mbox") / 2))
ingest_paused "truncated" "$T/trunc.db" "$T/ev/trunc.mbox" 'truncate -s $half "$T/ev/trunc.mbox"'
expect_changed "truncated" "$T/trunc.db" "size"

# Ingested again once it holds still: read again, the failed row replaced.
check_status "truncated, ingested again" 0 "$MAILCASE" ingest -q --no-analyze \
	"$T/trunc.db" "$T/ev/trunc.mbox"
check_eq "truncated, ingested again: one row, ok" "1|ok" \
	"$(q "$T/trunc.db" "SELECT count(*), max(status) FROM evidence")"
check_status "truncated, ingested again: verify" 0 "$MAILCASE" verify -q "$T/trunc.db"

# A Maildir given a new file while it is read.
make_maildir "$T/ev/md"
ingest_paused "maildir" "$T/md.db" "$T/ev/md" \
	'cp "$FIXTURES/mail/plain.eml" "$T/ev/md/new/1300900000.M9P9.host"'
expect_changed "maildir" "$T/md.db" "new/1300900000.M9P9.host: added"

finish
