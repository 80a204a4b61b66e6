#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export.sh: `mailcase export`: CSV that parses back with constant column
# counts even with commas, quotes and line breaks in fields; JSON lines that
# are each valid; Timesketch's required fields; plaso's l2tcsv header and
# 17 columns; findings; -o FILE; usage errors.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
cat >"$T/odd.eml" <<'EOF'
From: "Smith, John" <john.smith@example.com>
To: "Doe, \"JD\" Jane" <jane@example.com>
Subject: =?utf-8?q?Quarterly=2C_=22final=22_numbers=0Asecond_line?=
Date: Tue, 15 Mar 2011 10:00:00 +0100
Message-ID: <odd-1@example.com>

Line one, with a comma
and "quotes" on line two.
EOF
"$MAILCASE" ingest -q --no-analyze "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/odd.eml" >/dev/null 2>&1
check_eq "the odd subject has a comma, quotes and a line break" 1 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE subject LIKE '%,%\"final\"%' || char(10) || '%'")"
msgs=$(q "$C" "SELECT count(*) FROM messages")

# csv_import FILE: the CSV read back by sqlite3 as table t; prints rows|columns
csv_import() {
	sqlite3 -batch :memory: -cmd ".import --csv '$1' t" \
		"SELECT (SELECT count(*) FROM t) || '|' || (SELECT count(*) FROM pragma_table_info('t'))" \
		2>"$T/import.err"
}
# jsonl_check FILE: lines|valid-as-one-array|array-length
jsonl_check() {
	sed '1s/^/[/; $!s/$/,/; $s/$/]/' "$1" >"$T/array.json"
	echo "$(wc -l <"$1" | tr -d ' ')|$(sqlite3 :memory: "SELECT json_valid(readfile('$T/array.json')) || '|' || json_array_length(readfile('$T/array.json'))")"
}

check_status "export --help" 0 "$MAILCASE" export --help
check_status "unknown format" 2 "$MAILCASE" export --format xml "$C"
check_status "unknown --what" 2 "$MAILCASE" export --what people "$C"
check_status "timeline filter without timeline" 2 "$MAILCASE" export --kind sent "$C"
check_status "missing case" 3 "$MAILCASE" export "$T/none.db"

# CSV of messages, bodies included (line breaks in fields).
check_status "export csv --body -o FILE" 0 "$MAILCASE" export --body -o "$T/m.csv" "$C"
cols=$(head -1 "$T/m.csv" | tr ',' '\n' | wc -l | tr -d ' ')
check_eq "CSV parses: one row per message, header's column count" "$msgs|$cols" "$(csv_import "$T/m.csv")"
check_eq "no row had a wrong column count" "" "$(cat "$T/import.err")"
check_eq "the odd subject survives the round trip" 1 \
	"$(sqlite3 -batch :memory: -cmd ".import --csv '$T/m.csv' t" \
		"SELECT count(*) FROM t WHERE subject = 'Quarterly, \"final\" numbers' || char(10) || 'second line'")"
check_eq "RFC 4180 line ends" 1 "$(head -1 "$T/m.csv" | grep -c "$(printf '\r')\$")"
check_eq "stdout and -o give the same bytes" "$(sha256sum <"$T/m.csv")" \
	"$("$MAILCASE" export --body "$C" | sha256sum)"

# JSON lines of messages.
"$MAILCASE" export --format jsonl "$C" >"$T/m.jsonl"
check_eq "JSONL: one valid object per message" "$msgs|1|$msgs" "$(jsonl_check "$T/m.jsonl")"

# Timesketch: one object per timeline event, with the required fields.
"$MAILCASE" export --format timesketch "$C" >"$T/ts.jsonl"
events=$("$MAILCASE" timeline --jsonl "$C" | wc -l | tr -d ' ')
check_eq "Timesketch JSONL valid, one line per event" "$events|1|$events" "$(jsonl_check "$T/ts.jsonl")"
check_eq "message, datetime (ISO 8601), timestamp_desc, timestamp on every line" "$events" \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/array.json'))
		WHERE json_type(value, '\$.message') = 'text'
		AND json_extract(value, '\$.datetime') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00'
		AND json_type(value, '\$.timestamp_desc') = 'text'
		AND json_type(value, '\$.timestamp') = 'integer'")"
check_eq "datetime and timestamp agree" 0 \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$T/array.json'))
		WHERE unixepoch(substr(json_extract(value, '\$.datetime'), 1, 19)) * 1000000
		      <> json_extract(value, '\$.timestamp')")"
check_eq "the odd event's datetime is UTC" "2011-03-15T09:00:00+00:00" \
	"$(sqlite3 :memory: "SELECT json_extract(value, '\$.datetime') FROM json_each(readfile('$T/array.json'))
		WHERE json_extract(value, '\$.rfc822_message_id') = 'odd-1@example.com'")"

# The timeline as CSV carries Timesketch's columns too.
"$MAILCASE" export --format csv --what timeline -o "$T/tl.csv" "$C"
check_eq "timeline CSV header starts with Timesketch's fields" "message,datetime,timestamp,timestamp_desc" \
	"$(head -1 "$T/tl.csv" | cut -d, -f1-4)"
check_eq "timeline CSV parses" "$events|17" "$(csv_import "$T/tl.csv")"

# l2tcsv.
"$MAILCASE" export --format l2tcsv -o "$T/l2t.csv" "$C"
check_eq "l2tcsv header" "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra" \
	"$(head -1 "$T/l2t.csv" | tr -d '\r')"
check_eq "l2tcsv parses: one row per event, 17 columns" "$events|17" "$(csv_import "$T/l2t.csv")"
check_eq "no l2tcsv row had a wrong column count" "" "$(cat "$T/import.err")"
check_eq "l2tcsv date, time and zone of the odd message" "03/15/2011|09:00:00|UTC|2" \
	"$(sqlite3 -batch :memory: -cmd ".import --csv '$T/l2t.csv' t" \
		"SELECT date || '|' || time || '|' || timezone || '|' || version FROM t WHERE extra LIKE '%odd-1@example.com%'")"

# Findings (written here by hand: detection comes later).
q "$C" "INSERT INTO findings(id, rule, severity, identity, first_seen, last_seen, summary, details)
	VALUES (1, 'test.rule', 'high', 'john.smith@example.com', '2011-03-15T09:00:00Z',
	        '2011-03-16T09:00:00Z', 'a finding, with \"quotes\"', 'line 1' || char(10) || 'line 2');
	INSERT INTO finding_messages VALUES (1, (SELECT id FROM messages WHERE message_id='odd-1@example.com'))"
"$MAILCASE" export --what findings -o "$T/f.csv" "$C"
check_eq "findings CSV" "1|9" "$(csv_import "$T/f.csv")"
"$MAILCASE" export --format jsonl --what findings "$C" >"$T/f.jsonl"
check_eq "findings JSONL" "1|1|1" "$(jsonl_check "$T/f.jsonl")"
check_eq "finding events in Timesketch export" 2 \
	"$("$MAILCASE" export --format timesketch --what findings "$C" | grep -c '"finding_id":1')"
check_eq "messages only: no finding events" 0 \
	"$("$MAILCASE" export --format timesketch --what messages "$C" | grep -c '"finding_id"')"
check_eq "filters apply to exported events" 1 \
	"$("$MAILCASE" export --format l2tcsv --identity jane@example.com --kind date "$C" | tail -n +2 | grep -c 'odd-1@example.com')"

finish
