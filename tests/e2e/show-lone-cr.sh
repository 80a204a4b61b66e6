#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# show-lone-cr.sh: `mailcase show --verify` re-reads an embedded message with
# the same lone-CR rule ingestion used. An LF message whose first part has a
# lone CR right before a "--boundary" text: ingestion keeps the CR as data
# (no boundary there), so the message/rfc822 part is part 2; re-reading must
# find the same part 2 and hash the same bytes (issue 22).
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
mkdir -p "$T/ev"
printf '%s\n' \
	'From: Anna <anna@example.org>' \
	'To: Piotr <piotr@example.org>' \
	'Subject: forwarded note' \
	'Date: Mon, 14 Mar 2011 08:12:00 +0000' \
	'Message-ID: <outer-lone-cr@example.org>' \
	'MIME-Version: 1.0' \
	'Content-Type: multipart/mixed; boundary="b1"' \
	'' \
	'--b1' \
	'Content-Type: text/plain; charset=us-ascii' \
	'' >"$T/ev/lone-cr.eml"
# the lone CR: data to ingestion, a line break to a re-reading that turns
# every lone CR into LF
printf 'see below\r--b1\nContent-Type: text/plain\n\nstill the first part\n' >>"$T/ev/lone-cr.eml"
printf '%s\n' \
	'--b1' \
	'Content-Type: message/rfc822' \
	'' \
	'From: Jan <jan@example.org>' \
	'To: Anna <anna@example.org>' \
	'Subject: the inner note' \
	'Date: Sun, 13 Mar 2011 18:00:00 +0000' \
	'Message-ID: <inner-lone-cr@example.org>' \
	'' \
	'inner body' \
	'--b1--' >>"$T/ev/lone-cr.eml"

"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>&1
check_eq "ingested: the outer and the embedded message" 2 "$(q "$C" "SELECT count(*) FROM messages")"
inner=$(q "$C" "SELECT id FROM messages WHERE message_id='inner-lone-cr@example.org'")
check_eq "the embedded message is part 2" "bytes:0+$(wc -c <"$T/ev/lone-cr.eml")#part=2" \
	"$(q "$C" "SELECT locator FROM messages WHERE id=${inner:-0}")"
check_status "show --verify of the embedded message" 0 "$MAILCASE" show --verify "$C" "${inner:-0}"
check_eq "its hash matches" 1 "$(grep -c '^message [0-9]*: verified' "$T/out")"
outer=$(q "$C" "SELECT id FROM messages WHERE message_id='outer-lone-cr@example.org'")
check_status "show --verify of the outer message" 0 "$MAILCASE" show --verify "$C" "${outer:-0}"

finish
