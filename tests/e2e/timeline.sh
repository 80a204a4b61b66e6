#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# timeline.sh: `mailcase timeline`: events in time then message order,
# deterministic; kinds (sent, system, date, PST times, last verbs,
# findings); --identity, --from/--to, --kind filters; --tz shifts.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
make_maildir "$T/maildir"
"$MAILCASE" ingest -q --no-analyze "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/maildir" >/dev/null 2>&1
MKEV="$top_builddir/mkevidence"
PST=0
if [ -x "$MKEV" ] && "$MKEV" --scenario baseline --seed 1 --mailboxes 1 --format pst --out "$T/gen" >/dev/null 2>&1; then
	"$MAILCASE" ingest -q --no-analyze "$C" "$T/gen" >/dev/null 2>&1
	PST=1
fi
# What later releases will fill in: a last verb and a finding.
q "$C" "UPDATE messages SET last_verb = 102, last_verb_time = '2011-03-14T10:00:00Z'
	WHERE id = (SELECT min(m.id) FROM messages m JOIN evidence e ON e.id=m.evidence_id
	            WHERE e.path LIKE '%/mail/plain.eml');
	UPDATE messages SET last_verb = 110, last_verb_time = '2011-03-14T10:00:01Z'
	WHERE id = (SELECT min(m.id) FROM messages m JOIN evidence e ON e.id=m.evidence_id
	            WHERE e.path LIKE '%/mail/attachment.eml');
	INSERT INTO findings(id, rule, severity, identity, first_seen, last_seen, summary)
	VALUES (1, 'test.rule', 'medium', 'anna.meyer@example.org', '2011-03-14T08:12:00Z',
	        '2011-03-15T00:00:00Z', 'test finding')"

# as_array FILE: JSON lines into one array (for SQL checks)
as_array() { sed '1s/^/[/; $!s/$/,/; $s/$/]/' "$1" >"$T/array.json"; }
# ev SQL-WHERE: count events of the last as_array matching a condition
ev() {
	sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/array.json')) WHERE $1"
}

check_status "timeline --help" 0 "$MAILCASE" timeline --help
check_status "bad --from" 2 "$MAILCASE" timeline --from yesterday "$C"
check_status "bad --kind" 2 "$MAILCASE" timeline --kind birthday "$C"
check_status "bad --tz" 2 "$MAILCASE" timeline --tz Mars/Olympus "$C"
# A path as a zone name: mailcase's own error only, no GLib warning first.
check_status "--tz with a path" 2 "$MAILCASE" timeline --tz ../../etc/passwd "$C"
check_eq "--tz with a path: one error line of mailcase's own" "1 0" \
	"$(grep -c "^mailcase: timeline: unknown time zone" "$T/err") $(grep -c 'GLib\|CRITICAL' "$T/err")"
check_status "missing case" 3 "$MAILCASE" timeline "$T/none.db"

check_status "timeline as text" 0 "$MAILCASE" timeline "$C"
check_eq "text header" "TIME (UTC)" "$(head -1 "$T/out" | cut -c1-10)"
"$MAILCASE" timeline --jsonl "$C" >"$T/all.jsonl"
as_array "$T/all.jsonl"
n=$(wc -l <"$T/all.jsonl" | tr -d ' ')
check_eq "one text line per event" "$((n + 1))" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "every dated message has a date event" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE date_utc IS NOT NULL")" \
	"$(ev "json_extract(value, '\$.kind') IN ('date','sent','system')")"
check_eq "ordered by time, then message number" 0 \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/array.json')) a
		JOIN json_each(readfile('$T/array.json')) b ON b.key = a.key + 1
		WHERE json_extract(b.value, '\$.time') < json_extract(a.value, '\$.time')
		   OR (json_extract(b.value, '\$.time') = json_extract(a.value, '\$.time')
		       AND coalesce(json_extract(b.value, '\$.message_id'), 0)
		           < coalesce(json_extract(a.value, '\$.message_id'), 0))")"
"$MAILCASE" timeline --jsonl "$C" >"$T/again.jsonl"
cmp -s "$T/all.jsonl" "$T/again.jsonl"
check_eq "deterministic" 0 $?
"$MAILCASE" timeline --json "$C" >"$T/all.json"
check_eq "--json is one array of the same events" "1|$n" \
	"$(sqlite3 :memory: "SELECT json_valid(readfile('$T/all.json')) || '|' || json_array_length(readfile('$T/all.json'))")"

# Kinds.
check_eq "sent: the Maildir Sent folder's message" 1 \
	"$(ev "json_extract(value, '\$.kind') = 'sent' AND json_extract(value, '\$.locator') LIKE 'maildir:.Sent/%'")"
check_eq "system: the OOF auto-reply (EML and Maildir copies)" 2 \
	"$(ev "json_extract(value, '\$.kind') = 'system' AND json_extract(value, '\$.subject') LIKE '%Budget review%'")"
check_eq "the DSN in the mbox is a system message" 3 \
	"$(ev "json_extract(value, '\$.kind') = 'system' AND json_extract(value, '\$.subject') LIKE 'Delivery Status Notification%'")"
check_eq "reply and last verb N" "1|1" \
	"$(ev "json_extract(value, '\$.kind') = 'reply'")|$(ev "json_extract(value, '\$.kind') = 'last verb 110'")"
check_eq "finding and finding last seen" "1|1" \
	"$(ev "json_extract(value, '\$.kind') = 'finding' AND json_extract(value, '\$.finding_id') = 1")|$(ev "json_extract(value, '\$.kind') = 'finding last seen'")"
check_eq "sender addresses in lower case" 0 \
	"$(ev "json_extract(value, '\$.identity') <> lower(json_extract(value, '\$.identity'))")"
if [ "$PST" = 1 ]; then
	check_eq "PST items: delivered, created, modified events" "1|1|1" \
		"$(ev "json_extract(value, '\$.kind') = 'delivered'" | sed 's/^[1-9][0-9]*$/1/')|$(ev "json_extract(value, '\$.kind') = 'created'" | sed 's/^[1-9][0-9]*$/1/')|$(ev "json_extract(value, '\$.kind') = 'modified'" | sed 's/^[1-9][0-9]*$/1/')"
	check_eq "PST sent items are 'sent'" 1 \
		"$(ev "json_extract(value, '\$.kind') = 'sent' AND json_extract(value, '\$.locator') LIKE 'pst:%'" | sed 's/^[1-9][0-9]*$/1/')"
fi

# Filters.
"$MAILCASE" timeline --jsonl --kind system "$C" >"$T/k.jsonl"
as_array "$T/k.jsonl"
check_eq "--kind system: only system events" "$(wc -l <"$T/k.jsonl" | tr -d ' ')" \
	"$(ev "json_extract(value, '\$.kind') = 'system'")"
"$MAILCASE" timeline --jsonl --identity PIOTR.NOWAK@example.com "$C" >"$T/i.jsonl"
as_array "$T/i.jsonl"
check_eq "--identity matches recipients, case-insensitively" \
	"$(q "$C" "SELECT count(*) FROM messages m WHERE date_utc IS NOT NULL AND (lower(from_addr)='piotr.nowak@example.com'
		OR EXISTS (SELECT 1 FROM recipients r WHERE r.message_id=m.id AND lower(r.addr)='piotr.nowak@example.com'))")" \
	"$(ev "json_extract(value, '\$.kind') IN ('date','sent','system')")"
check_eq "--identity matches a finding's identity" 1 \
	"$("$MAILCASE" timeline --jsonl --identity anna.meyer@example.org --kind finding "$C" | wc -l | tr -d ' ')"
"$MAILCASE" timeline --jsonl --from 2011-03-14 --to 2011-03-14 "$C" >"$T/d.jsonl"
as_array "$T/d.jsonl"
check_eq "--from/--to a day: only that day, all of it" \
	"$(ev "json_extract(value, '\$.time') LIKE '2011-03-14T%'")" "$(wc -l <"$T/d.jsonl" | tr -d ' ')"
check_eq "... and that day's events are all there" \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/all.json')) WHERE json_extract(value, '\$.time') LIKE '2011-03-14T%'")" \
	"$(wc -l <"$T/d.jsonl" | tr -d ' ')"
check_eq "--from/--to date-times are inclusive to the second" 6 \
	"$("$MAILCASE" timeline --jsonl --kind date --from 2011-03-14T08:12:00Z --to '2011-03-14 08:12:00' "$C" | grep -c '"time":"2011-03-14T08:12:00Z"')"
check_eq "--from with an offset is converted to UTC" \
	"$("$MAILCASE" timeline --jsonl --from 2011-03-14T08:40:12Z "$C" | wc -l)" \
	"$("$MAILCASE" timeline --jsonl --from 2011-03-14T16:40:12+08:00 "$C" | wc -l)"

# --tz: the local column shifts, the UTC column does not.
"$MAILCASE" timeline --jsonl --tz +08:00 --kind system --from 2011-03-14 --to 2011-03-14 "$C" >"$T/tz.jsonl"
check_eq "--tz +08:00 adds the local time" \
	'"time":"2011-03-14T08:40:12Z","local_time":"2011-03-14T16:40:12+08:00"' \
	"$(grep -o '"time":"2011-03-14T08:40:12Z","local_time":"[^"]*"' "$T/tz.jsonl" | head -1)"
check_eq "--tz -05:00 crosses midnight backwards" "2011-03-14T03:40:12-05:00" \
	"$("$MAILCASE" timeline --tz -05:00 --kind system --from 2011-03-14 --to 2011-03-14 "$C" | sed -n 2p | awk '{print $2}')"
if [ -f /usr/share/zoneinfo/Europe/Berlin ]; then
	check_eq "--tz with an IANA name (winter time)" "2011-03-14T09:40:12+01:00" \
		"$("$MAILCASE" timeline --tz Europe/Berlin --kind system --from 2011-03-14 --to 2011-03-14 "$C" | sed -n 2p | awk '{print $2}')"
fi

finish
