#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# containment.sh: a parser that crashes or hangs costs only its own
# evidence: the batch goes on, what was read is kept, the case says what
# happened. Faults are injected with MAILCASE_FAULT (see analyzer/ingest/worker.c).
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
mkdir "$T/ev"
cp "$FIXTURES/mbox/sample.mbox" "$T/ev/a.mbox"
cp "$FIXTURES/mail/plain.eml" "$T/ev/b.eml"
check_status "a worker crashing at its 3rd message" 1 \
	env MAILCASE_FAULT=crash:3 "$MAILCASE" ingest -q "$C" "$T/ev"
check_eq "crashed mbox kept as partial with 2 messages" "partial|2" \
	"$(q "$C" "SELECT status, message_count FROM evidence WHERE path LIKE '%/a.mbox'")"
check_eq "the crash is named in the case" 1 \
	"$(q "$C" "SELECT error LIKE '%signal 11%' AND error LIKE '%mbox:%' FROM evidence WHERE path LIKE '%/a.mbox'")"
check_eq "an error problem row is recorded" 1 \
	"$(q "$C" "SELECT count(*) FROM problems p JOIN evidence e ON e.id=p.evidence_id WHERE e.path LIKE '%/a.mbox' AND p.severity='error'")"
check_eq "the batch went on" "ok|1" \
	"$(q "$C" "SELECT status, message_count FROM evidence WHERE path LIKE '%/b.eml'")"

check_status "a worker crashing at its 1st message" 1 \
	env MAILCASE_FAULT=crash:1 "$MAILCASE" ingest -q "$T/c2.db" "$T/ev/b.eml"
check_eq "nothing read: failed" "failed|0" "$(q "$T/c2.db" "SELECT status, message_count FROM evidence")"

check_status "a hanging worker" 1 \
	env MAILCASE_FAULT=hang:2 "$MAILCASE" ingest -q --timeout 2 "$T/c3.db" "$T/ev/a.mbox"
check_eq "hung worker killed at the time limit, first message kept" "partial|1|1" \
	"$(q "$T/c3.db" "SELECT status, message_count, error LIKE '%time limit%' FROM evidence")"

# The writer killed (kill -9) while a worker hangs: the worker pool sees
# the writer go and kills the worker; nothing is left running (worker.h).
env MAILCASE_FAULT=hang:1 "$MAILCASE" ingest -q "$T/c4.db" "$T/ev/a.mbox" >/dev/null 2>&1 &
writer=$!
worker=
for i in $(seq 1 300); do
	spawner=$(pgrep -P $writer | head -1)
	[ -n "$spawner" ] && worker=$(pgrep -P "$spawner" | head -1)
	[ -n "$worker" ] && break
	sleep 0.1
done
if [ -z "$worker" ]; then
	fail "no worker process seen under the writer $writer"
else
	kill -9 $writer
	wait $writer 2>/dev/null
	gone=no
	for i in $(seq 1 300); do
		kill -0 "$worker" 2>/dev/null || kill -0 "$spawner" 2>/dev/null || { gone=yes; break; }
		sleep 0.1
	done
	check_eq "a hung worker does not outlive its killed writer" yes "$gone"
fi

check_status "re-ingest after the crash, without fault" 0 "$MAILCASE" ingest -q "$C" "$T/ev"
check_eq "partial evidence is not replaced without --force" "partial|2" \
	"$(q "$C" "SELECT status, message_count FROM evidence WHERE path LIKE '%/a.mbox'")"
check_status "--force re-reads it" 0 "$MAILCASE" ingest -q --force "$C" "$T/ev/a.mbox"
check_eq "now complete, once" "1|ok|4" \
	"$(q "$C" "SELECT count(*), status, message_count FROM evidence WHERE path LIKE '%/a.mbox'")"
finish
