#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# large-message.sh: issue 22, item 8: a message over the message-bytes
# limit (docs/limits.md) in an EML file, a Maildir or an mbox is still
# recorded, with its headers, its whole size and SHA-256, a limit warning
# and a problem, and the messages after it are read. The EML and Maildir
# files are sparse (headers, then a hole); the mbox one is 300 MiB of
# lines, written to the test's directory and removed after.
. "$top_srcdir/tests/e2e/lib.sh"

big() {   # big FILE SUBJECT: headers, then zeros up to 300 MiB
	printf 'From: a@example.org\r\nTo: b@example.org\r\nSubject: %s\r\nMessage-ID: <%s@x>\r\nDate: Mon, 1 Jan 2001 00:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nthe start of a large body\r\n' "$2" "$2" >"$1"
	truncate -s 300M "$1" 2>/dev/null
}
big "$T/huge.eml" "huge one" || { echo "SKIP: cannot make a sparse file"; exit 77; }
size=$(stat -c %s "$T/huge.eml")
sum=$(sha256sum "$T/huge.eml" | cut -d' ' -f1)

C="$T/c.db"
check_status "ingest of a 300 MiB EML: partial, exit 1" 1 "$MAILCASE" ingest -q --no-analyze "$C" "$T/huge.eml"
check_eq "evidence partial, saying why" "partial|1" \
	"$(q "$C" "SELECT status, error LIKE '%only its first 33554432 bytes are parsed%' FROM evidence")"
check_eq "the message is recorded with its headers" "huge one|a@example.org" \
	"$(q "$C" "SELECT subject, from_addr FROM messages")"
check_eq "its size is the whole file's" "$size" "$(q "$C" "SELECT size FROM messages")"
check_eq "its SHA-256 is the whole file's" "$sum" "$(q "$C" "SELECT sha256 FROM messages")"
check_eq "a message-bytes limit warning" 1 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE warnings LIKE 'resource limit message-bytes (268435456) exceeded%'")"
check_eq "a problem names it" 1 \
	"$(q "$C" "SELECT count(*) FROM problems WHERE severity = 'warning' AND locator = 'bytes:0+$size'")"

# A Maildir: the large message and a small one after it, both kept.
mkdir -p "$T/md/cur" "$T/md/new" "$T/md/tmp"
big "$T/md/cur/1000.big:2,S" "big in maildir"
printf 'From: c@example.org\r\nSubject: small after\r\nMessage-ID: <small@x>\r\n\r\nhi\r\n' >"$T/md/cur/2000.small:2,S"
C2="$T/m.db"
"$MAILCASE" ingest -q --no-analyze "$C2" "$T/md" >/dev/null 2>&1
check_eq "maildir: both messages stored" "big in maildir
small after" "$(q "$C2" "SELECT subject FROM messages ORDER BY subject")"
check_eq "maildir: the large one has its whole size" "$size" \
	"$(q "$C2" "SELECT size FROM messages WHERE subject = 'big in maildir'")"
check_eq "maildir: with the limit warning" 1 \
	"$(q "$C2" "SELECT count(*) FROM messages WHERE warnings LIKE 'resource limit message-bytes%'")"

# An mbox: a small message, one of 300 MiB of lines, a small one after it.
{
	printf 'From a@b Mon Jan  1 00:00:00 2001\nSubject: before\n\nhi\n\n'
	printf 'From c@d Mon Jan  1 00:00:00 2001\nSubject: the long one\nMessage-ID: <long@x>\n\n'
	yes 'a line of the long body, as a mail line would be, about sixty bytes' | head -c 314572800
	printf '\nFrom e@f Mon Jan  1 00:00:00 2001\nSubject: after\n\nbye\n'
} >"$T/long.mbox" || { echo "SKIP-PART: no room for a 300 MiB mbox"; rm -f "$T/long.mbox"; finish; }
start=$(grep -b -m1 '^Subject: the long one' "$T/long.mbox" | cut -d: -f1)
end=$(grep -b '^From e@f' "$T/long.mbox" | cut -d: -f1)
len=$((end - start))   # no empty line before the From_ line: the line end is the message's
lsum=$(tail -c +$((start + 1)) "$T/long.mbox" | head -c $len | sha256sum | cut -d' ' -f1)
C3="$T/x.db"
"$MAILCASE" ingest -q --no-analyze "$C3" "$T/long.mbox" >/dev/null 2>"$T/err"
check_eq "mbox: all three messages stored, in order" "before
the long one
after" "$(q "$C3" "SELECT subject FROM messages ORDER BY id")"
check_eq "mbox: the long one's size and locator" "$len|mbox:$start+$len" \
	"$(q "$C3" "SELECT size, locator FROM messages WHERE subject = 'the long one'")"
check_eq "mbox: the long one's SHA-256 is its bytes'" "$lsum" \
	"$(q "$C3" "SELECT sha256 FROM messages WHERE subject = 'the long one'")"
check_eq "mbox: a message-bytes problem at its locator" 1 \
	"$(q "$C3" "SELECT count(*) FROM problems WHERE locator = 'mbox:$start+$len' AND message LIKE 'resource limit message-bytes%'")"
check_eq "mbox: the evidence is not failed" 1 "$(q "$C3" "SELECT count(*) FROM evidence WHERE status <> 'failed'")"
rm -f "$T/long.mbox"
finish
