#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# detect-session-kinds.sh: the system-language-switch rule on mkevidence
# eu2011 stories whose compromised mailboxes the rule missed before it
# weighed kinds apart (issue 18; docs/findings.md, "system-language-switch"),
# without the prefix table:
#  - ar, seed 4: giulia.ferraro's read receipts turn Arabic while her
#    delivery receipts, written by the server, stay Italian (no Arabic
#    source) and outnumber them: the session kinds alone show the switch;
#  - zh-CN, seed 6: camille.marchand has one earlier system message (a
#    French read receipt), then a dozen Chinese: her own language (French)
#    completes the baseline;
#  - ar, seed 7: after camille.marchand's switch the only system message
#    in Arabic is the quota notice her own server writes; webmail is used
#    at night for the first time in the window: high. Without that
#    corroboration the same single message is medium, which does not
#    count. (The stories first used here, ko seeds 4 and 3, changed when
#    Korean notices and delivery receipts got sourced texts.)
#  - zh-CN, seed 5: after giulia.ferraro's switch the only system message
#    is the quota notice her organisation's Exchange writes, in Chinese:
#    among the session kinds and the mailbox's own server's, a single
#    message, corroborated: high. Sent from a remote domain instead, the
#    same notice proves nothing.
# In every case each mailbox found is dated within one hour of truth.json's
# switch_at, no uncompromised mailbox gets a switch finding of any severity
# and night-mobile mailboxes stay at low or below.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

# story SEED LANG: generates, ingests and analyses without the table; sets D
story() {
	D="$T/$2-$1"
	"$MKEV" --scenario eu2011 --seed "$1" --format mbox --attacker-lang "$2" --prefix-variants \
		--out "$D" >/dev/null || fail "mkevidence $1 $2"
	"$MAILCASE" ingest -q --jobs 2 "$D.db" "$D" || fail "ingest $1 $2"
	"$MAILCASE" analyze -q --no-prefix-table "$D.db" || fail "analyze $1 $2"
}
# truth as a table, then the scored mailboxes: identity|compromised|found|error s|night|worst
score() {
	q "$D.db" "
	WITH truth AS (
	  SELECT json_extract(value, '\$.identity') AS identity,
	         json_extract(value, '\$.compromised') AS compromised,
	         json_extract(value, '\$.switch_at') AS switch_at,
	         json_extract(value, '\$.night_mobile') AS night
	    FROM json_each(readfile('$D/truth.json'), '\$.mailboxes'))
	SELECT t.identity, t.compromised,
	       f.id IS NOT NULL AND f.severity IN ('high', 'critical'),
	       coalesce(CAST(abs(julianday(json_extract(f.details, '\$.switch_estimate'))
	                         - julianday(t.switch_at)) * 86400 AS INTEGER), ''),
	       coalesce(t.night, 0),
	       (SELECT coalesce(max(CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3
	                WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END), 0)
	          FROM findings WHERE identity = t.identity)
	  FROM truth t LEFT JOIN findings f
	    ON f.identity = t.identity AND f.rule = 'system-language-switch'
	 ORDER BY 1" >"$T/scored"
	cat "$T/scored"
	check_eq "$1: found within one hour" 0 "$(awk -F'|' '$3 == 1 && $4 > 3600' "$T/scored" | wc -l)"
	check_eq "$1: no switch on an uncompromised mailbox" 0 \
		"$(q "$D.db" "SELECT count(*) FROM findings f
		     WHERE f.rule = 'system-language-switch' AND f.identity IN
		      (SELECT json_extract(value, '\$.identity')
		         FROM json_each(readfile('$D/truth.json'), '\$.mailboxes')
		        WHERE NOT json_extract(value, '\$.compromised'))")"
	check_eq "$1: night-mobile mailboxes at low or below" 0 \
		"$(awk -F'|' '$2 == 0 && $5 == 1 && $6 > 1' "$T/scored" | wc -l)"
}
found() { awk -F'|' -v id="$1" '$1 == id { print $3 }' "$T/scored"; }
detail() {
	q "$D.db" "SELECT json_extract(details, '\$.$2') FROM findings
	            WHERE rule = 'system-language-switch' AND identity = '$1'"
}
GIULIA=giulia.ferraro@northwind-eu.example
CAMILLE=camille.marchand@northwind-eu.example

story 4 ar
score "ar-4"
check_eq "ar-4: giulia.ferraro found" 1 "$(found $GIULIA)"
check_eq "ar-4: found among the session kinds" session-kinds "$(detail $GIULIA series)"
check_eq "ar-4: read receipts switched" 1 \
	"$(detail $GIULIA kinds_switched | grep -c read_receipt)"
check_eq "ar-4: delivery receipts did not" 1 \
	"$(detail $GIULIA kinds_unchanged | grep -c delivery_receipt)"

story 6 zh-CN
score "zh-CN-6"
check_eq "zh-CN-6: camille.marchand found" 1 "$(found $CAMILLE)"
check_eq "zh-CN-6: against the owner's language" owner-language "$(detail $CAMILLE before_basis)"
check_eq "zh-CN-6: one step less than critical" high \
	"$(q "$D.db" "SELECT severity FROM findings WHERE rule = 'system-language-switch'
	               AND identity = '$CAMILLE'")"

story 7 ar
score "ar-7"
check_eq "ar-7: camille.marchand found" 1 "$(found $CAMILLE)"
check_eq "ar-7: on a single message" 1 "$(detail $CAMILLE single_message)"
check_eq "ar-7: corroborated by her first night webmail" 1 \
	"$(detail $CAMILLE corroboration | grep -c 'webmail at night, first used in the window')"
# Take the corroboration away: folders without a role (no localized-default-
# folders finding) and one night webmail message of hers moved before the
# window (night webmail is then her habit, not new).
q "$D.db" "UPDATE folders SET role = 'other';
           UPDATE messages SET date_utc = '2011-01-31T01:30:00Z'
            WHERE id = (SELECT min(m.id) FROM messages m
                          JOIN identities i ON i.identity = m.sender_identity
                         WHERE m.sender_identity = '$CAMILLE' AND m.client_kind = 'webmail'
                           AND m.system_kind IS NULL
                           AND CAST(strftime('%H', m.date_utc, coalesce(i.utc_offset, 0)
                                             || ' minutes') AS INTEGER) < 6)"
"$MAILCASE" analyze -q --no-prefix-table "$D.db" || fail "analyze again"
check_eq "ar-7 without corroboration: medium" medium \
	"$(q "$D.db" "SELECT severity FROM findings WHERE rule = 'system-language-switch'
	               AND identity = '$CAMILLE'")"
check_eq "ar-7 without corroboration: none listed" "[]" "$(detail $CAMILLE corroboration)"

story 5 zh-CN
score "zh-CN-5"
check_eq "zh-CN-5: giulia.ferraro found" 1 "$(found $GIULIA)"
check_eq "zh-CN-5: among the kinds of the session and her own server" \
	session-and-home-server-kinds "$(detail $GIULIA series)"
check_eq "zh-CN-5: on a single message" 1 "$(detail $GIULIA single_message)"
check_eq "zh-CN-5: the notice switched" 1 "$(detail $GIULIA kinds_switched | grep -c system_notice)"
# The same notice from a remote server's address: no switch found from it.
q "$D.db" "UPDATE messages SET from_addr = 'postmaster@remote.example'
            WHERE system_identity = '$GIULIA' AND system_kind = 'system_notice'"
"$MAILCASE" analyze -q --no-prefix-table "$D.db" || fail "analyze again"
check_eq "zh-CN-5 from a remote server: no switch" 0 \
	"$(q "$D.db" "SELECT count(*) FROM findings WHERE rule = 'system-language-switch'
	               AND identity = '$GIULIA'")"
finish
