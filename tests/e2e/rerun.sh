#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# rerun.sh: running ingest again adds nothing; --force replaces; the same
# bytes under another path are recorded as a duplicate, not read twice.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
mkdir "$T/ev"
cp "$FIXTURES/mbox/sample.mbox" "$FIXTURES/mail/plain.eml" "$FIXTURES/other/notes.txt" "$T/ev/"
check_status "first ingest" 0 "$MAILCASE" ingest -q "$C" "$T/ev"
before=$(q "$C" "SELECT count(*), sum(message_count) FROM evidence")
msgs=$(q "$C" "SELECT count(*) FROM messages")
check_eq "first ingest rows" "3|5" "$before"

check_status "second ingest" 0 "$MAILCASE" ingest "$C" "$T/ev"
check_eq "nothing added by the second ingest" "$before|$msgs" \
	"$(q "$C" "SELECT count(*), sum(message_count) FROM evidence")|$(q "$C" "SELECT count(*) FROM messages")"
grep -q "already in the case" "$T/err" && check_eq "second ingest says why" yes yes || fail "no 'already in the case' note"

check_status "forced ingest" 0 "$MAILCASE" ingest -q --force "$C" "$T/ev"
check_eq "--force replaces instead of adding" "$before|$msgs" \
	"$(q "$C" "SELECT count(*), sum(message_count) FROM evidence")|$(q "$C" "SELECT count(*) FROM messages")"
check_eq "--force gave new evidence ids" 0 "$(q "$C" "SELECT count(*) FROM evidence WHERE run_id = 1")"
check_eq "FTS index follows the replacement" "$msgs" "$(q "$C" "SELECT count(*) FROM messages_fts")"
check_eq "no orphan rows after replacement" 0 \
	"$(q "$C" "SELECT (SELECT count(*) FROM headers WHERE message_id NOT IN (SELECT id FROM messages)) +
	              (SELECT count(*) FROM messages WHERE evidence_id NOT IN (SELECT id FROM evidence))")"

cp "$T/ev/sample.mbox" "$T/copy-of-sample.mbox"
check_status "ingest of a copy" 0 "$MAILCASE" ingest -q "$C" "$T/copy-of-sample.mbox"
check_eq "copy recorded as a duplicate, not parsed" "skipped|0|1" \
	"$(q "$C" "SELECT status, message_count, duplicate_of = (SELECT id FROM evidence WHERE path='$T/ev/sample.mbox') FROM evidence WHERE path='$T/copy-of-sample.mbox'")"
check_eq "runs recorded" 4 "$(q "$C" "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL")"
finish
