# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/scale-common.sh: what the scale-out recipe tests share
# (scale-slurm.sh, scale-parallel.sh); sourced after lib.sh and
# case-content.sh. scale_evidence: in $T (the working directory after it),
# the evidence ev/ (12 generated PST exports, the mail, mbox and other
# fixtures, a Maildir; no content twice) and its single ingest all.db;
# scale_check CASE SHARDDIR N: CASE (merged from the N shards of SHARDDIR)
# holds what all.db holds, by content, findings included.

SCALE="$top_srcdir/scale"

scale_evidence() {
	cd "$T" || exit 1
	mkdir ev
	"$top_builddir/mkevidence" --scenario eu2011 --seed 20 --mailboxes 12 --out ev/gen >/dev/null 2>&1 ||
		{ fail "mkevidence failed"; finish; exit 1; }
	cp -r "$FIXTURES/mail" "$FIXTURES/mbox" "$FIXTURES/other" ev/
	make_maildir ev/maildir
	drop_duplicate_content ev
	check_eq "12 generated exports" 12 "$(ls ev/gen/*.pst | wc -l)"
	# exit status 1: damaged.pst fails (recorded), in the shard that has it too
	"$MAILCASE" ingest -q all.db ev >/dev/null 2>&1
	dump all.db >all.dump
	findings all.db >all.findings
}

scale_check() {
	[ -s "$1" ] || { fail "no merged case $1"; return; }
	check_eq "$3 shards written" "$3" "$(ls "$2"/shard-*.case | wc -l)"
	check_eq "the shards are recorded in the merged case" "$3" "$(q "$1" "SELECT count(*) FROM shards")"
	CHECKS=$((CHECKS + 1))
	dump "$1" >merged.dump
	if cmp -s all.dump merged.dump; then
		echo "ok: the merged case holds what one ingest holds ($(kinds all.db))"
	else
		fail "the merged case differs from one ingest:"
		diff all.dump merged.dump | head -10 | cut -c1-200
	fi
	check_eq "there are findings" 1 "$(q all.db "SELECT count(*) > 0 FROM findings")"
	check_eq "the same findings" "$(cat all.findings)" "$(findings "$1")"
	check_status "verify of the merged case" 0 "$MAILCASE" verify "$1"
}
