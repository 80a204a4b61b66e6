#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# merge.sh: `mailcase merge` (issue 20). Evidence split into three shares,
# each ingested into its own shard with --no-analyze, then merged: the
# merged case holds what one ingest of all of it holds (evidence, folders,
# messages, headers, recipients, attachments, properties, labels, problems,
# the text index) and, analysed, the same findings; another order gives the
# same content; merging a shard again, or evidence the case holds, changes
# nothing; a truncated, unfinished, foreign or missing shard is refused by
# name with CASE unchanged; shards are never written; each merged shard is
# recorded in shards.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/case-content.sh"

MKEV="$top_builddir/mkevidence"
"$MKEV" --scenario eu2011 --seed 33 --mailboxes 3 --format mbox --out "$T/gen" >/dev/null 2>&1 ||
	fail "mkevidence failed"
rm -f "$T/gen"/truth*
# Content that appears twice across shares is kept by each shard's ingest
# but skipped by a single ingest (docs/scale-out.md): one copy only here.
drop_duplicate_content "$T/gen"
set -- $(ls "$T/gen")
[ $# = 3 ] || fail "expected three mailboxes, got $*"
# A duplicate within one share: skipped as a duplicate by both.
mkdir "$T/dup" && cp "$FIXTURES/mbox/sample.mbox" "$T/dup/copy.mbox"
# A message nested deeper than the MIME depth limit: a problem row.
{ printf 'From: a@example.org\nTo: b@example.org\nSubject: deep\nMessage-ID: <deep@example.org>\n'
  printf 'Date: Mon, 14 Feb 2011 09:00:00 +0100\nMIME-Version: 1.0\n'
  awk 'BEGIN { for (i = 1; i <= 70; i++)
		printf "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i
	printf "Content-Type: text/plain\n\ninnermost\n"
	for (i = 70; i >= 1; i--) printf "--b%d--\n", i }'
} >"$T/dup/deep.eml"
# A Thunderbird folder and a Google Takeout mbox: flags and labels.
make_store_mboxes "$T/store"
cd "$T" || exit 1
SHARE1="gen/$1 $FIXTURES/mail"
SHARE2="gen/$2 $FIXTURES/mbox dup store"
SHARE3="gen/$3 $FIXTURES/other"

"$MAILCASE" ingest -q --no-analyze s1.db $SHARE1 >/dev/null 2>&1
"$MAILCASE" ingest -q --no-analyze s2.db $SHARE2 >/dev/null 2>&1
"$MAILCASE" ingest -q --no-analyze s3.db $SHARE3 >/dev/null 2>&1
"$MAILCASE" ingest -q all.db $SHARE1 $SHARE2 $SHARE3 >/dev/null 2>&1
shard_sums() { sha256sum s1.db s2.db s3.db; }
shard_sums >shards.sum

# same_content WHAT CASE: CASE's dump is the single ingest's (a diff if not)
same_content() {
	CHECKS=$((CHECKS + 1))
	dump "$2" >"$2.dump"
	if cmp -s all.dump "$2.dump"; then echo "ok: $1"; else
		fail "$1: the content differs from the single ingest's:"
		diff all.dump "$2.dump" | head -10 | cut -c1-200
	fi
}
dump all.db >all.dump
for k in evidence folder message header recipient attachment prop label problem; do
	check_eq "the single ingest holds ${k}s" 1 "$(grep -c "^$k|" all.dump | awk '{print ($1 > 0)}')"
done
check_eq "a duplicate within a share is skipped" "skipped|$FIXTURES/mbox/sample.mbox" \
	"$(q all.db "SELECT e.status, d.path FROM evidence e JOIN evidence d ON d.id = e.duplicate_of")"

check_status "merge of the three shards" 0 "$MAILCASE" merge m1.db s1.db s2.db s3.db
same_content "merged: the same content as one ingest of all ($(kinds all.db))" m1.db
check_eq "merged and analysed: the same findings" "$(findings all.db)" "$(findings m1.db)"
check_eq "there are findings" 1 "$(q all.db "SELECT count(*) > 0 FROM findings")"
check_eq "the text index finds the same messages" \
	"$(q all.db "SELECT m.locator FROM messages_fts f JOIN messages m ON m.id = f.rowid
	             WHERE messages_fts MATCH 'office' ORDER BY 1")" \
	"$(q m1.db "SELECT m.locator FROM messages_fts f JOIN messages m ON m.id = f.rowid
	            WHERE messages_fts MATCH 'office' ORDER BY 1")"
check_eq "shards are never written" "$(cat shards.sum)" "$(shard_sums)"

check_eq "each shard recorded: path, SHA-256, version, its runs copied" \
	"$(for s in s1 s2 s3; do printf '%s|%s|7|1|ingest\n' "$s.db" "$(sha256sum <"$s.db" | cut -d' ' -f1)"; done)" \
	"$(q m1.db "SELECT s.path, s.sha256, s.schema_version, s.run_id = (SELECT min(id) FROM runs),
	                   (SELECT group_concat(command) FROM runs r WHERE ',' || s.shard_runs || ',' LIKE '%,' || r.id || ',%')
	              FROM shards s ORDER BY s.id")"
check_eq "evidence run ids point to the copied ingest runs" 0 \
	"$(q m1.db "SELECT count(*) FROM evidence e LEFT JOIN runs r ON r.id = e.run_id
	            WHERE r.command IS NOT 'ingest'")"
check_eq "the merge run is recorded, ok" "merge|ok" \
	"$(q m1.db "SELECT command, status FROM runs WHERE id = (SELECT min(run_id) FROM shards)")"

check_status "merge in another order, without analysis" 0 "$MAILCASE" merge --no-analyze m2.db s3.db s1.db s2.db
same_content "another order: the same content" m2.db
check_eq "--no-analyze: no findings" 0 "$(q m2.db "SELECT count(*) FROM findings")"
"$MAILCASE" analyze -q m2.db
check_eq "another order, analysed: the same findings" "$(findings all.db)" "$(findings m2.db)"

# Merging again changes nothing.
check_status "merge a shard again" 0 "$MAILCASE" merge m1.db s2.db
grep -q "s2.db: a shard with the same SHA-256 was merged before" "$T/err" ||
	fail "no 'merged before' note: $(cat "$T/err")"
same_content "merged again: the same content" m1.db
check_eq "merged again: still three shards" 3 "$(q m1.db "SELECT count(*) FROM shards")"
# Another shard file holding evidence the case has: not copied again.
"$MAILCASE" ingest -q --no-analyze s1b.db gen/"$1" >/dev/null 2>&1
check_status "merge a shard whose evidence the case holds" 0 "$MAILCASE" merge m1.db s1b.db
check_eq "its evidence is reported as already in the case" \
	"$(q s1b.db "SELECT count(*) FROM evidence")" "$(grep -c 'already in the case as evidence' "$T/err")"
same_content "evidence already there: the same content" m1.db
check_eq "recorded with 0 added" "0|$(q s1b.db "SELECT count(*) FROM evidence")" \
	"$(q m1.db "SELECT evidence_added, evidence_already FROM shards WHERE path = 's1b.db'")"

# An older shard (schema version 5, as the mailcase before merge wrote it).
cp s3.db s3v5.db
q s3v5.db "DROP TABLE shards; DROP TABLE message_labels;
	DELETE FROM case_info WHERE key IN ('migrated_to_6', 'migrated_to_7');
	UPDATE case_info SET value = '5' WHERE key = 'schema_version'; PRAGMA user_version = 5"
check_status "merge of a version 5 shard" 0 "$MAILCASE" merge -q m3.db s1.db s2.db s3v5.db
same_content "version 5 shard: the same content" m3.db
check_eq "version 5 shard recorded as such" 5 "$(q m3.db "SELECT schema_version FROM shards WHERE path = 's3v5.db'")"

# Refused shards: named, nothing merged, CASE unchanged.
sum=$(sha256sum <m1.db)
head -c $(($(stat -c %s s1.db) / 2)) s1.db >truncated.db
check_status "a truncated shard is refused" 1 "$MAILCASE" merge m1.db truncated.db
grep -q "truncated.db: shard refused" "$T/err" || fail "truncated: not named: $(cat "$T/err")"
cp s3.db unfinished.db
# As a kill -9 leaves it: the run not ended, its last evidence not written.
q unfinished.db "PRAGMA foreign_keys = ON;
	UPDATE runs SET finished_at = NULL, status = 'running' WHERE id = (SELECT max(id) FROM runs);
	DELETE FROM evidence WHERE id = (SELECT max(id) FROM evidence WHERE message_count > 0)"
check_status "an unfinished shard is refused" 1 "$MAILCASE" merge m1.db unfinished.db
grep -q "unfinished.db: shard refused: unfinished: its last run 1 (ingest) did not finish" "$T/err" || fail "unfinished: $(cat "$T/err")"
# --force merges it as it stands: the evidence the killed run finished.
check_status "--force: the unfinished shard is merged" 0 \
	"$MAILCASE" merge -q --no-analyze --force m7.db s1.db unfinished.db
grep -q "unfinished.db: --force: its last run 1 (ingest) did not finish; the evidence it finished is merged" \
	"$T/err" || fail "--force: not named: $(cat "$T/err")"
check_eq "--force: the evidence it finished, as it stands" \
	"$({ q s1.db "SELECT path, sha256, status FROM evidence"
	     q unfinished.db "SELECT path, sha256, status FROM evidence"; } | LC_ALL=C sort)" \
	"$(q m7.db "SELECT path, sha256, status FROM evidence" | LC_ALL=C sort)"
check_eq "--force: its messages" \
	"$(($(q s1.db "SELECT count(*) FROM messages") + $(q unfinished.db "SELECT count(*) FROM messages")))" \
	"$(q m7.db "SELECT count(*) FROM messages")"
check_eq "--force: the unfinished run is kept as it was, the merge run records --force" "1|1" \
	"$(q m7.db "SELECT (SELECT count(*) FROM runs WHERE status = 'running' AND finished_at IS NULL),
	                   (SELECT count(*) FROM runs WHERE command = 'merge' AND argv LIKE '%--force%')")"
check_status "--force does not take a truncated shard" 1 "$MAILCASE" merge --force m7.db truncated.db
# The scheduler's re-run of the killed ingest finishes the shard.
# (exit status 1: damaged.pst fails again, as in the first run)
check_status "the unfinished shard's ingest run again" 1 \
	"$MAILCASE" ingest -q --no-analyze unfinished.db $SHARE3
check_status "merge with the re-run shard" 0 "$MAILCASE" merge -q m5.db s1.db s2.db unfinished.db
same_content "re-run shard: the same content" m5.db
check_eq "the killed run is kept in the merged case, as it was" 1 \
	"$(q m5.db "SELECT count(*) FROM runs WHERE status = 'running' AND finished_at IS NULL")"
# Killed inside a write transaction: a hot journal that only a writer may
# roll back. Refused as unfinished, --force too; the re-run rolls it back.
cp s3.db hot.db
mkfifo hot.fifo
sqlite3 hot.db <hot.fifo >/dev/null 2>&1 &
writer=$!
exec 3>hot.fifo
printf 'PRAGMA cache_size = 5;\nBEGIN;\nDELETE FROM headers;\n.shell touch hot.ready\n' >&3
i=0
while [ ! -f hot.ready ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $writer
wait $writer 2>/dev/null
exec 3>&-
check_eq "a hot journal is left" yes "$([ -s hot.db-journal ] && echo yes || echo no)"
check_status "a shard killed while writing is refused" 1 "$MAILCASE" merge m1.db hot.db
grep -q "hot.db: shard refused: unfinished: killed while writing (its -journal is left over" "$T/err" ||
	fail "hot journal: $(cat "$T/err")"
check_status "--force does not take it either" 1 "$MAILCASE" merge --force m1.db hot.db
check_status "its ingest run again" 1 "$MAILCASE" ingest -q --no-analyze hot.db $SHARE3
check_status "merge with the shard rolled back and finished" 0 "$MAILCASE" merge -q m8.db s1.db s2.db hot.db
same_content "killed while writing, run again: the same content" m8.db
check_status "a shard that is not a case is refused" 1 "$MAILCASE" merge m1.db "$FIXTURES/other/notes.txt"
check_status "a missing shard is refused" 1 "$MAILCASE" merge m1.db s1.db missing.db
grep -q "missing.db: shard refused" "$T/err" || fail "missing: $(cat "$T/err")"
check_eq "refusals left the case unchanged" "$sum" "$(sha256sum <m1.db)"
check_status "a refused shard with a new case" 1 "$MAILCASE" merge new.db truncated.db
check_eq "no case created, no lock left" "" "$(ls new.db* 2>/dev/null)"
check_status "the case itself as a shard" 1 "$MAILCASE" merge m1.db m1.db
check_eq "the case itself: unchanged" "$sum" "$(sha256sum <m1.db)"
check_eq "shards are never written, after all" "$(cat shards.sum)" "$(shard_sums)"

# A shard name that looks like URI syntax is still a file name.
cp s3.db 'odd ?mode=rw#%41.db'
check_status "merge of a shard named 'odd ?mode=rw#%41.db'" 0 \
	"$MAILCASE" merge -q --no-analyze m6.db s1.db s2.db 'odd ?mode=rw#%41.db'
check_eq "recorded under its name" 'odd ?mode=rw#%41.db' "$(q m6.db "SELECT path FROM shards WHERE id = 3")"
check_eq "odd name: not written" "$(sha256sum <s3.db)" "$(sha256sum <'odd ?mode=rw#%41.db')"
check_status "verify of a merged case" 0 "$MAILCASE" verify m1.db
finish
