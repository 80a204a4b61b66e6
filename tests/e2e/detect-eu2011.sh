#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# detect-eu2011.sh: detection measured against the generator's truth.
# mkevidence's eu2011 scenario (several seeds; PST, mbox, Maildir, DBX and
# .olm) is ingested and analysed; the identities with a system-language-switch finding of high or
# critical severity are compared with the compromised mailboxes of
# truth.json: precision and recall must be at least 0.95, every switch
# estimate within one hour of the true switch, and the mailboxes that are
# busy at night only through mobile devices must get no finding above low;
# localized-default-folders must name exactly the compromised mailboxes.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

tp=0 fp=0 fn=0
for run in "pst 11" "pst 12" "pst 13" "mbox 14" "maildir 15" "dbx 16" "olm 17"; do
	set -- $run
	fmt=$1 seed=$2
	d="$T/$fmt-$seed"
	"$MKEV" --scenario eu2011 --seed "$seed" --format "$fmt" --out "$d" >/dev/null || fail "mkevidence $run"
	"$MAILCASE" ingest -q --jobs 2 "$d.db" "$d" || fail "ingest $run"
	# truth and findings side by side, one row per mailbox
	sqlite3 -batch "$d.db" "
		WITH truth AS (
		  SELECT json_extract(value, '\$.identity') AS identity,
		         json_extract(value, '\$.compromised') AS compromised,
		         json_extract(value, '\$.switch_at') AS switch_at,
		         json_extract(value, '\$.night_mobile') AS night_mobile
		    FROM json_each(readfile('$d/truth.json'), '\$.mailboxes')),
		flagged AS (
		  SELECT identity, json_extract(details, '\$.switch_estimate') AS estimate
		    FROM findings WHERE rule = 'system-language-switch'
		     AND severity IN ('high', 'critical'))
		SELECT t.identity, t.compromised, f.identity IS NOT NULL,
		       CASE WHEN f.estimate IS NOT NULL AND t.switch_at IS NOT NULL
		            THEN CAST(abs(julianday(f.estimate) - julianday(t.switch_at)) * 86400 AS INTEGER) END,
		       t.night_mobile,
		       (SELECT max(CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
		                    WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)
		          FROM findings WHERE identity = t.identity)
		  FROM truth t LEFT JOIN flagged f ON f.identity = t.identity
		 ORDER BY t.identity" >"$T/rows"
	while IFS='|' read -r who compromised flagged delta night maxsev; do
		if [ "$compromised" = 1 ] && [ "$flagged" = 1 ]; then
			tp=$((tp + 1))
			CHECKS=$((CHECKS + 1))
			if [ "$delta" -le 3600 ]; then
				echo "ok: $run: $who switch estimated ${delta}s from the truth"
			else
				fail "$run: $who switch estimated ${delta}s from the truth (more than an hour)"
			fi
		elif [ "$compromised" = 1 ]; then
			fn=$((fn + 1)); echo "missed: $run: $who"
		elif [ "$flagged" = 1 ]; then
			fp=$((fp + 1)); echo "false positive: $run: $who"
		fi
		if [ "$night" = 1 ] && [ "$compromised" = 0 ]; then
			check_eq "$run: night-mobile $who has nothing above low" yes \
				"$([ "${maxsev:-0}" -le 1 ] && echo yes || echo "no (severity $maxsev)")"
		fi
	done <"$T/rows"
	check_eq "$run: the campaign is reported" 1 \
		"$(q "$d.db" "SELECT count(*) FROM findings WHERE rule = 'coordinated-language-switch'")"
	# the attacker's session renamed the default folders, in every format
	check_eq "$run: localized folders found on exactly the compromised mailboxes" \
		"$(q "$d.db" "SELECT group_concat(identity, ' ') FROM (SELECT json_extract(value, '\$.identity') AS identity
		                FROM json_each(readfile('$d/truth.json'), '\$.mailboxes')
		               WHERE json_extract(value, '\$.compromised') ORDER BY 1)")" \
		"$(q "$d.db" "SELECT group_concat(identity, ' ') FROM (SELECT identity FROM findings
		               WHERE rule = 'localized-default-folders' ORDER BY 1)")"
done
echo "compromised mailboxes: $tp found, $fn missed, $fp false positives"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "1.000"; else printf "%.3f", a / b }'; }
precision=$(ratio $tp $((tp + fp)))
recall=$(ratio $tp $((tp + fn)))
check_eq "precision $precision >= 0.95" yes "$(awk -v p="$precision" 'BEGIN { print (p >= 0.95) ? "yes" : "no" }')"
check_eq "recall $recall >= 0.95" yes "$(awk -v r="$recall" 'BEGIN { print (r >= 0.95) ? "yes" : "no" }')"
check_eq "at least one compromised mailbox per run was there to find" yes "$([ $((tp + fn)) -ge 5 ] && echo yes || echo no)"
finish
