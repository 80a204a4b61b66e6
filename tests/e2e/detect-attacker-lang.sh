#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# detect-attacker-lang.sh: the switch estimate for an attacker language
# whose strings exist only for some kinds (issue 18). With --attacker-lang
# ar, mkevidence keeps the kinds it has no Arabic text for (NDRs and
# delivery receipts) in the owner's language after the switch
# (docs/truth-json.md), so an Italian report can fall between the true
# switch and the first Arabic message. Such a kind, never seen in the new
# language, must not close the window: every compromised mailbox found
# must have its switch estimated within one hour of truth.json's switch_at
# (seed 6: giulia.ferraro is 50 hours off without that rule). The story
# was ru seed 1 (82 hours off then), then ko seed 6; each stopped showing
# the fault when its language's notice or reports got a sourced text.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

d="$T/ar-6"
"$MKEV" --scenario eu2011 --seed 6 --format mbox --attacker-lang ar --out "$d" >/dev/null \
	|| fail "mkevidence"
"$MAILCASE" ingest -q --jobs 2 "$d.db" "$d" || fail "ingest"
# compromised and found: identity, estimate error in seconds, window opener
sqlite3 -batch "$d.db" "
	WITH truth AS (
	  SELECT json_extract(value, '\$.identity') AS identity,
	         json_extract(value, '\$.switch_at') AS switch_at
	    FROM json_each(readfile('$d/truth.json'), '\$.mailboxes')
	   WHERE json_extract(value, '\$.compromised'))
	SELECT t.identity,
	       CAST(abs(julianday(json_extract(f.details, '\$.switch_estimate'))
	                - julianday(t.switch_at)) * 86400 AS INTEGER),
	       julianday(json_extract(f.details, '\$.window[0]')) <= julianday(t.switch_at)
	  FROM truth t JOIN findings f ON f.identity = t.identity
	 WHERE f.rule = 'system-language-switch' AND f.severity IN ('high', 'critical')
	 ORDER BY 1" >"$T/found" || fail "score"
cat "$T/found"
check_eq "a compromised mailbox is found" 1 "$([ -s "$T/found" ] && echo 1 || echo 0)"
check_eq "every estimate within one hour" 0 "$(awk -F'|' '$2 > 3600' "$T/found" | wc -l)"
check_eq "every window opens before the true switch" 0 "$(awk -F'|' '$3 != 1' "$T/found" | wc -l)"
finish
