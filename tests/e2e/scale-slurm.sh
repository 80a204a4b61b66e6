#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# scale-slurm.sh: the Slurm recipe (scale/slurm/submit, issue 20) on a
# single-node cluster started here (slurm-local.sh; skipped when that
# cannot be): 12 generated exports and the fixtures planned into 4 shares,
# the ingest job array and the dependent merge job submitted with
# sbatch --wait, and the merged case compared with one ingest of the same
# evidence by content: evidence, folders, messages, headers, recipients,
# attachments, properties, problems, findings. Then a task killed with
# kill -9 and its array task run again gives the same merged case.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/case-content.sh"
. "$top_srcdir/tests/e2e/scale-common.sh"
. "$top_srcdir/tests/e2e/slurm-local.sh"

slurm_start
scale_evidence

check_status "submit --wait: 4 ingest tasks, then the merge" 0 \
	"$SCALE/slurm/submit" --wait --shards=4 shards case.db ev
cat "$T/out"
grep -q "ingest array job [0-9]*: 4 tasks" "$T/out" || fail "no array job: $(cat "$T/out" "$T/err")"
array=$(sed -n 's/.*array job \([0-9]*\).*/\1/p' "$T/out")
check_eq "the 4 array tasks completed on Slurm" 4 \
	"$(scontrol -o show job "$array" 2>/dev/null | grep -c 'JobState=COMPLETED')"
check_eq "each task wrote its log" "0 1 2 3" "$(cd shards && ls ingest-*.out | sed 's/ingest-\(.*\).out/\1/' | sort | tr '\n' ' ' | sed 's/ $//')"
[ -s shards/merge.out ] && sed 's/^/  merge.out: /' shards/merge.out | tail -3
scale_check case.db shards 4

# A task killed with kill -9, as a lost node leaves it, then requeued by
# the scheduler: the shard is finished and the merge is the same.
mkdir kill
cp shards/plan.txt shards/shards shards/share-*.list kill/
cp shards/shard-0.case shards/shard-1.case shards/shard-2.case kill/
export MAILCASE_SCALE="$SCALE"
job=$(sbatch --parsable --array=3 --output="kill/ingest-%a.out" "$SCALE/slurm/mailcase-array.sbatch" kill)
job=${job%%;*}
i=0 pid=""
while [ -z "$pid" ] && [ $i -lt 500 ]; do
	pid=$(pgrep -o -f "ingest --no-analyze -q -- kill/shard-3.case")
	[ -n "$pid" ] || sleep 0.02
	i=$((i + 1))
done
# Killed once it has recorded its run (so the shard exists, unfinished) and
# before it can finish: it is stopped, then let run in 10 ms steps until the
# run is in its case (a faster reader made a fixed delay race the task).
if [ -n "$pid" ]; then
	kill -STOP "$pid"
	i=0
	while [ $i -lt 1000 ] && ! { [ -s kill/shard-3.case ] && [ "$(sqlite3 -batch kill/shard-3.case \
	    'SELECT count(*) FROM runs' 2>/dev/null)" = 1 ]; }; do
		kill -CONT "$pid"
		sleep 0.01
		kill -STOP "$pid"
		i=$((i + 1))
	done
	kill -9 "$pid"
fi
state() { scontrol -o show job "${job}_3" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1; }
i=0
while [ $i -lt 100 ] && ! state | grep -q 'FAILED\|COMPLETED'; do sleep 0.2; i=$((i + 1)); done
check_eq "the task killed with kill -9 failed" "JobState=FAILED" "$(state)"
check_status "its shard is refused as unfinished" 1 "$SCALE/shards" merge kill case2.db
grep -q "shard-3.case: shard refused: unfinished" "$T/err" || fail "not refused as unfinished: $(cat "$T/err")"
check_status "scontrol requeue of the task" 0 scontrol requeue "${job}_3"
i=0
while [ $i -lt 300 ] && ! state | grep -q 'COMPLETED\|FAILED'; do sleep 0.2; i=$((i + 1)); done
check_eq "the requeued task completed" "JobState=COMPLETED" "$(state)"
check_status "merge of the shards with the requeued task's" 0 "$SCALE/shards" merge kill case2.db
scale_check case2.db kill 4
finish
