#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# large-message.sh: issue 22, item 8, for EML and Maildir: a message file
# over the message-bytes limit (docs/limits.md) is still recorded, with its
# headers, its whole size and SHA-256, a limit warning and a problem, and
# the messages after it are read. The large files are sparse: headers, then
# a hole, so they cost no disk space.
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
finish
