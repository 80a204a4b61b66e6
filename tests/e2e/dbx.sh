#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# dbx.sh: Outlook Express .dbx stores written by mkevidence --format dbx
# (one .dbx per folder, a Folders.dbx, a deleted message left in freed
# blocks of each Inbox whose Deleted Items holds one), ingested with the
# built mailcase: every file read, message counts and recovered messages
# against truth.json, folder names and roles from Folders.dbx, the same
# messages as the Maildir export of the same scenario, locators read
# again, a damaged file graded with its problems; then undbx, when it is
# installed, as the independent reader: the same messages (SHA-256 of the
# raw bytes) and, in its recovery mode, the same recovered ones.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

"$MKEV" --scenario eu2011 --seed 3 --out "$T/dbx" --format dbx >/dev/null || fail "mkevidence --format dbx"
"$MKEV" --scenario eu2011 --seed 3 --out "$T/maildir" --format maildir >/dev/null ||
	fail "mkevidence --format maildir"
C="$T/dbx.db"
check_status "ingest of the dbx export" 0 "$MAILCASE" ingest -q --jobs 2 "$C" "$T/dbx"
check_status "ingest of the maildir export" 0 "$MAILCASE" ingest -q --jobs 2 "$T/maildir.db" "$T/maildir"

truth() {
	sqlite3 -batch :memory: "SELECT $1 FROM json_each(readfile('$T/dbx/truth.json'), '\$.exports') ORDER BY 1"
}
nfiles=$(find "$T/dbx" -name '*.dbx' | wc -l)
nboxes=$(find "$T/dbx" -name 'Folders.dbx' | wc -l)
check_eq "every .dbx file read as dbx, status ok" "$nfiles" \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE format = 'dbx' AND status = 'ok'")"
check_eq "Folders.dbx files read as such, no messages" "$nboxes|0" \
	"$(q "$C" "SELECT count(*), sum(message_count) FROM evidence WHERE variant = 'dbx-folders'")"
check_eq "no problems" 0 "$(q "$C" "SELECT count(*) FROM problems")"

# Counts per file: messages of the folder and recovered ones, against the truth.
truth "json_extract(value, '\$.path') || '|' || json_extract(value, '\$.items') || '|' ||
	coalesce(json_extract(value, '\$.recovered'), 0)" >"$T/count.want"
q "$C" "SELECT substr(e.path, length('$T/dbx/') + 1) || '|' ||
		(SELECT count(*) FROM messages m WHERE m.evidence_id = e.id AND m.origin = 'folder') || '|' ||
		(SELECT count(*) FROM messages m WHERE m.evidence_id = e.id AND m.origin = 'recovered')
	FROM evidence e WHERE e.variant = 'dbx' ORDER BY 1" >"$T/count.got"
check_eq "messages and recovered messages per .dbx equal truth.json ($(wc -l <"$T/count.want") files)" \
	"$(cat "$T/count.want")" "$(cat "$T/count.got")"
nrec=$(truth "sum(coalesce(json_extract(value, '\$.recovered'), 0))")
[ "$nrec" -gt 0 ] || fail "the scenario left no deleted message to recover"
check_eq "info counts the recovered messages apart" 1 \
	"$("$MAILCASE" info "$C" | grep -c "$nrec recovered")"
# Each recovered message is a message of a Deleted Items folder, byte for
# byte but for the 4 bytes per 0x200-byte block the free list overwrote.
q "$C" "SELECT r.id, d.id, (r.size + 511) / 512 * 4 FROM messages r, messages d
	JOIN folders f ON f.id = d.folder_id WHERE r.origin = 'recovered'
	AND r.locator LIKE 'dbx:freed=%' AND f.role = 'deleted' AND d.size = r.size" |
while IFS='|' read -r rid did most; do
	"$MAILCASE" show --raw "$C" "$rid" >"$T/r.eml" 2>/dev/null
	"$MAILCASE" show --raw "$C" "$did" >"$T/d.eml" 2>/dev/null
	[ "$(cmp -l "$T/r.eml" "$T/d.eml" | wc -l)" -le "$most" ] && echo "$rid"
done | sort -u >"$T/matched"
check_eq "each recovered message is a Deleted Items message but for the free list's links" "$nrec" \
	"$(wc -l <"$T/matched")"

# Folders named and typed by Folders.dbx.
check_eq "one Sent and one Deleted folder per mailbox, by Folders.dbx's folder type" "$nboxes|$nboxes" \
	"$(q "$C" "SELECT sum(role = 'sent'), sum(role = 'deleted') FROM folders")"
check_eq "the Projects folder below the Inbox" "$nboxes" \
	"$(q "$C" "SELECT count(*) FROM folders WHERE path LIKE 'Local Folders/%/%' AND locator = 'dbx-folders:Folders.dbx'")"

# The same messages as the Maildir export of the scenario.
ids() { q "$1" "SELECT message_id || '|' || coalesce(subject, '') || '|' || coalesce(body_text, '')
	FROM messages WHERE origin = 'folder' ORDER BY 1" | sha256sum; }
check_eq "DBX and Maildir hold the same messages (ids, subjects, bodies)" \
	"$(ids "$T/maildir.db")" "$(ids "$C")"

# Locators read again: every recovered message and a sample of the others.
q "$C" "SELECT id FROM messages WHERE origin = 'recovered' UNION ALL
	SELECT id FROM (SELECT id FROM messages WHERE origin = 'folder' ORDER BY id LIMIT 12)" |
while read -r id; do
	"$MAILCASE" show --verify "$C" "$id" 2>&1 | grep -q "verified: " || echo "$id"
done >"$T/unverified"
check_eq "locators give back the recorded bytes" "" "$(cat "$T/unverified")"

# A damaged copy: the header declares one message more.
small=$(q "$C" "SELECT path FROM evidence WHERE variant = 'dbx' AND message_count > 0 ORDER BY size, path LIMIT 1")
mkdir "$T/bad"
cp "$small" "$T/bad/x.dbx"
declared=$(od -An -tu4 -j196 -N4 "$T/bad/x.dbx" | tr -d ' ')
printf "\\$(printf %03o $((declared + 1)))" | dd of="$T/bad/x.dbx" bs=1 seek=196 conv=notrunc 2>/dev/null
check_status "ingest of a damaged .dbx" 1 "$MAILCASE" ingest -q "$T/bad.db" "$T/bad"
check_eq "graded partial" "partial|$declared" "$(q "$T/bad.db" "SELECT status, message_count FROM evidence")"
check_eq "a warning names both counts" 1 \
	"$(q "$T/bad.db" "SELECT count(*) FROM problems WHERE severity = 'warning' AND
		message LIKE '%declares $((declared + 1)) messages, $declared were read%'")"

# undbx, the independent reader.
if ! command -v undbx >/dev/null 2>&1; then
	echo "SKIP (part): undbx is not installed (Debian: apt-get install undbx); not compared"
	finish
	exit $?
fi
for d in "$T"/dbx/*/; do
	name=$(basename "$d")
	mkdir -p "$T/undbx/$name" "$T/undbx-r/$name"
	undbx "$d" "$T/undbx/$name" >/dev/null 2>&1
	for f in "$d"*.dbx; do
		undbx --recover "$f" "$T/undbx-r/$name" >/dev/null 2>&1
	done
done
find "$T/undbx" -type f -exec sha256sum {} + | cut -d' ' -f1 | sort >"$T/undbx.sha"
q "$C" "SELECT sha256 FROM messages WHERE origin = 'folder' ORDER BY 1" >"$T/mc.sha"
check_eq "undbx extracts as many messages" "$(wc -l <"$T/mc.sha")" "$(wc -l <"$T/undbx.sha")"
check_eq "undbx extracts the same bytes (SHA-256)" "$(sha256sum <"$T/mc.sha")" "$(sha256sum <"$T/undbx.sha")"
find "$T/undbx-r" -path '*/deleted/*' -type f -exec sha256sum {} + | cut -d' ' -f1 | sort >"$T/undbx-rec.sha"
q "$C" "SELECT sha256 FROM messages WHERE origin = 'recovered' ORDER BY 1" >"$T/mc-rec.sha"
check_eq "undbx --recover finds as many deleted messages" "$nrec" "$(wc -l <"$T/undbx-rec.sha")"
check_eq "undbx --recover recovers the same bytes" "$(cat "$T/mc-rec.sha")" "$(cat "$T/undbx-rec.sha")"
check_eq "undbx --recover: as many chains in all as mailcase's messages and recovered ones" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE origin IN ('folder', 'recovered')")" \
	"$(find "$T/undbx-r" -type f | wc -l)"
finish
