#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# scale-parallel.sh: the GNU parallel recipe (scale/parallel/run, issue 20)
# with local jobs (skipped when parallel is not installed): 12 generated
# exports and the fixtures planned into 4 shares, ingested two at a time
# (at most 4 paths an ingest run), merged, and compared with one ingest of
# the same evidence by content:
# evidence, folders, messages, headers, recipients, attachments,
# properties, problems, findings. Run again with the same arguments, it
# adds nothing; a shard directory of another plan is refused.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/case-content.sh"
. "$top_srcdir/tests/e2e/scale-common.sh"

command -v parallel >/dev/null 2>&1 ||
	{ echo "SKIP: GNU parallel is not installed (apt-get install parallel; ./quickstart.sh does)"; exit 77; }
command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
scale_evidence

# At most 4 paths an ingest run: each share (6 or 7 items) in two runs.
MAILCASE_SHARD_CHUNK=4
export MAILCASE_SHARD_CHUNK
check_status "parallel/run: 4 shares, 2 jobs at a time, then the merge" 0 \
	"$SCALE/parallel/run" --jobs=2 --shards=4 shards case.db ev
check_eq "each shard written in runs of at most 4 paths" "" \
	"$(for k in 0 1 2 3; do
		n=$(tr -cd '\0' <shards/share-$k.list | wc -c)
		[ "$(q shards/shard-$k.case "SELECT count(*) FROM runs")" = $(((n + 3) / 4)) ] || echo "share $k"
	done)"
scale_check case.db shards 4
check_status "run again with the same arguments" 0 "$SCALE/parallel/run" --jobs=2 --shards=4 shards case.db ev
# Each shard's ingest ran again (a run more, nothing read again), so its
# file changed: merged again, but its evidence is in the case already.
grep -q "case.db: 4 shards merged, 0 merged before, 0 refused; 0 messages added" "$T/err" ||
	fail "run again: something was added: $(tail -3 "$T/err")"
check_eq "run again: the same content" "$(cat all.dump)" "$(dump case.db)"
check_status "another plan into the same shard directory" 2 "$SCALE/parallel/run" --shards=3 shards case.db ev
grep -q "shards holds another plan" "$T/err" || fail "not refused: $(cat "$T/err")"
check_status "a missing EVIDENCE" 2 "$SCALE/parallel/run" --shards=2 shards2 case3.db ev missing
grep -q "missing: No such file or directory" "$T/err" || fail "not named: $(cat "$T/err")"
check_eq "a missing EVIDENCE: no case" "" "$(ls case3.db 2>/dev/null)"
finish
