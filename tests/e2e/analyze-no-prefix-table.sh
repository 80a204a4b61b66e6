#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# analyze-no-prefix-table.sh: `mailcase analyze --no-prefix-table` classifies
# without the localized-prefix table: an auto-reply whose only system
# evidence is its table prefix is then no system message and has no table
# language; one with RFC 3834 headers stays an auto-reply, without the
# table's language; analysing again without the flag gives the default
# result back.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
mkdir "$T/ev"
# Two auto-replies: one says so only by its German prefix, one by its
# Auto-Submitted header too. Written here, never in the table's source.
cat >"$T/ev/replies.mbox" <<'MBOX'
From max@example.de Mon Mar 14 09:00:00 2011
From: Max Muster <max@example.de>
To: anna@example.org
Subject: Automatische Antwort: Termin
Date: Mon, 14 Mar 2011 09:00:00 +0100
Message-ID: <prefix-only@example.de>

Ich bin bis Montag nicht im Buero.

From li@example.cn Mon Mar 14 10:00:00 2011
From: Li Wei <li@example.cn>
To: anna@example.org
Subject: =?UTF-8?B?6Ieq5Yqo5Zue5aSNOiBRMQ==?=
Date: Mon, 14 Mar 2011 10:00:00 +0100
Message-ID: <with-header@example.cn>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

I am out of the office.
MBOX

row() {
	q "$C" "SELECT coalesce(system_kind, 'NULL') || '|' || coalesce(system_language, 'NULL')
	          || '|' || coalesce(system_prefix, 'NULL')
	          FROM messages WHERE message_id = '$1'"
}

check_status "ingest (default analysis)" 0 "$MAILCASE" ingest -q "$C" "$T/ev"
check_eq "prefix only, with the table" "auto_reply|de|Automatische Antwort:" "$(row prefix-only@example.de)"
check_eq "header and prefix, with the table" "auto_reply|zh-Hans|自动回复:" "$(row with-header@example.cn)"

check_status "analyze --no-prefix-table" 0 "$MAILCASE" analyze -q --no-prefix-table "$C"
check_eq "prefix only, without the table" "NULL|NULL|NULL" "$(row prefix-only@example.de)"
check_eq "header, without the table: kind kept, no table language" "auto_reply|NULL|NULL" \
	"$(row with-header@example.cn)"

check_status "analyze (default again)" 0 "$MAILCASE" analyze -q "$C"
check_eq "prefix only, table back" "auto_reply|de|Automatische Antwort:" "$(row prefix-only@example.de)"

"$MAILCASE" analyze --help >"$T/help" 2>&1
grep -q -- "--no-prefix-table" "$T/help" && check_eq "--help documents --no-prefix-table" yes yes ||
	fail "--help lacks --no-prefix-table"
finish
