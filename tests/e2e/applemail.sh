#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# applemail.sh: Apple Mail's mailbox tree (issue 21) written here: an
# account directory of .mbox mailboxes, one nested, one in the newer
# <UUID>/Data/.../Messages/ layout, a .partial.emlx with its attachment file
# beside it, a file that is no message; plus the corpus's testEMLX.emlx
# placed in a mailbox of a copy. Ingested as one directory evidence: its
# folders and roles, messages and locators, the attachment's hash, the
# problems, show --verify and verify; a plain directory of loose .emlx
# files is still read file by file.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
TIKA_EMLX="$CORPUS/tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-modules/tika-parser-microsoft-module/src/test/resources/test-documents/testEMLX.emlx"

# emlx FILE SUBJECT FLAGS [MESSAGE]: the count line, the message, the plist
emlx() {
	mkdir -p "$(dirname "$1")"
	msg=${4:-$(printf 'From: anna@example.org\nTo: me@example.org\nSubject: %s\nDate: Mon, 14 Mar 2011 08:40:12 +0100\n\nhello\n' "$2")}
	{ printf '%s       \n%s\n' $((${#msg} + 1)) "$msg"
	  printf '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
	  printf '\t<key>flags</key>\n\t<integer>%s</integer>\n</dict>\n</plist>\n' "$3"
	} >"$1"
}

A="$T/ev/V10/4C1D2E3F-ACCT"
emlx "$A/INBOX.mbox/Messages/1.emlx" "inbox one" 1
partial=$(printf 'From: anna@example.org\nTo: me@example.org\nSubject: with report\nDate: Mon, 14 Mar 2011 09:00:00 +0100\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BB"\n\n--BB\nContent-Type: text/plain\n\nsee the report\n--BB\nContent-Type: text/plain; name=report.txt\nContent-Disposition: attachment; filename=report.txt\nX-Apple-Content-Length: 17\n\n\n--BB--')
emlx "$A/INBOX.mbox/Messages/2.partial.emlx" "" 1 "$partial"
mkdir -p "$A/INBOX.mbox/Attachments/2/2"
printf 'the report bytes\n' >"$A/INBOX.mbox/Attachments/2/2/report.txt"
printf 'not a message\n' >"$A/INBOX.mbox/Messages/notes.txt"
printf '<plist version="1.0"><dict/></plist>\n' >"$A/INBOX.mbox/Info.plist"
emlx "$A/Sent Messages.mbox/0A1B2C3D-UUID/Data/1/Messages/3.emlx" "sent three" 1
emlx "$A/Archive.mbox/2011.mbox/Messages/4.emlx" "archived four" 3
emlx "$A/Junk.mbox/Messages/5.emlx" "junk five" 16777216
have_tika=0
if [ -f "$TIKA_EMLX" ]; then
	mkdir -p "$A/Drafts.mbox/Messages"
	cp "$TIKA_EMLX" "$A/Drafts.mbox/Messages/6.emlx"
	have_tika=1
fi

C="$T/case.db"
check_status "ingest of an Apple Mail account" 0 "$MAILCASE" ingest -q --no-analyze "$C" "$T/ev"
check_eq "one directory evidence, format applemail" "applemail|ok|$((5 + have_tika))" \
	"$(q "$C" "SELECT format, status, message_count FROM evidence")"
check_eq "the account directory is the evidence" "$A" "$(q "$C" "SELECT path FROM evidence")"
drafts=""
[ "$have_tika" = 1 ] && drafts="Drafts|drafts|1
"
check_eq "folders, roles, messages per folder" "Archive|other|0
Archive/2011|other|1
${drafts}INBOX|inbox|2
Junk|junk|1
Sent Messages|sent|1" \
	"$(q "$C" "SELECT f.path, f.role, count(m.id) FROM folders f
	           LEFT JOIN messages m ON m.folder_id = f.id GROUP BY f.id ORDER BY f.path")"
check_eq "nested mailbox under its parent" "Archive" \
	"$(q "$C" "SELECT p.name FROM folders f JOIN folders p ON p.id = f.parent_id
	           WHERE f.path = 'Archive/2011'")"
# range SUBJECT: where emlx() put the message: after the count line
range() {
	n=$(printf 'From: anna@example.org\nTo: me@example.org\nSubject: %s\nDate: Mon, 14 Mar 2011 08:40:12 +0100\n\nhello\n' "$1" | wc -c)
	echo "$((${#n} + 8))+$n"
}
check_eq "locators: the .emlx path and the message's byte range" \
	"applemail:$(range "sent three"):Sent Messages.mbox/0A1B2C3D-UUID/Data/1/Messages/3.emlx
applemail:$(range "inbox one"):INBOX.mbox/Messages/1.emlx
applemail:$(range "archived four"):Archive.mbox/2011.mbox/Messages/4.emlx" \
	"$(q "$C" "SELECT locator FROM messages WHERE subject IN ('inbox one', 'sent three', 'archived four')
	           ORDER BY subject DESC")"
check_eq "deleted in Mail: recovered" "archived four|recovered|read,deleted" \
	"$(q "$C" "SELECT subject, origin, (SELECT value FROM message_props
	           WHERE message_id = m.id AND name = 'emlx.flag_names') FROM messages m
	           WHERE origin = 'recovered'")"
want_sha=$(sha256sum "$A/INBOX.mbox/Attachments/2/2/report.txt" | cut -d' ' -f1)
check_eq "the partial's attachment: the file beside it" \
	"2|report.txt|17|$want_sha|INBOX.mbox/Attachments/2/2/report.txt|1" \
	"$(q "$C" "SELECT a.part_path, a.filename, a.size, a.sha256,
	           (SELECT value FROM message_props WHERE message_id = m.id
	             AND name = 'applemail.attachment.2'),
	           (SELECT value FROM message_props WHERE message_id = m.id AND name = 'emlx.partial')
	           FROM attachments a JOIN messages m ON m.id = a.message_id
	           WHERE m.subject = 'with report'")"
check_eq "the file that is no message is a problem" \
	"warning|applemail:INBOX.mbox/Messages/notes.txt|not an .emlx file; not read" \
	"$(q "$C" "SELECT severity, locator, message FROM problems")"
if [ "$have_tika" = 1 ]; then
	check_eq "the corpus emlx in the Drafts mailbox" "1" \
		"$(q "$C" "SELECT count(*) FROM messages m JOIN folders f ON f.id = m.folder_id
		           WHERE f.role = 'drafts' AND m.locator LIKE 'applemail:%:Drafts.mbox/Messages/6.emlx'")"
fi
one=$(q "$C" "SELECT id FROM messages WHERE subject = 'inbox one'")
check_status "show --verify of a message of the tree" 0 "$MAILCASE" show --verify "$C" "$one"
check_status "verify: the directory evidence unchanged" 0 "$MAILCASE" verify "$C"
printf 'x' >>"$A/Junk.mbox/Messages/5.emlx"
check_status "verify: a changed message file changes the evidence" 1 "$MAILCASE" verify "$C"

# mkevidence's Apple Mail accounts: one evidence each, every folder of
# truth-items.tsv with its count, nothing else (no problem).
MKEV="$top_builddir/mkevidence"
if [ -x "$MKEV" ]; then
	"$MKEV" --scenario eu2011 --seed 11 --format applemail --mailboxes 3 --weeks 1 \
		--out "$T/mk" >/dev/null || fail "mkevidence --format applemail"
	check_status "ingest of mkevidence's applemail accounts" 0 \
		"$MAILCASE" ingest -q --no-analyze "$T/mk.db" "$T/mk"
	check_eq "one applemail evidence per mailbox, ok" "3|3" \
		"$(q "$T/mk.db" "SELECT count(*), sum(status = 'ok') FROM evidence WHERE format = 'applemail'")"
	awk -F'\t' 'NR > 1 { n[$1 "|" $2]++ } END { for (k in n) print k "|" n[k] }' \
		"$T/mk/truth-items.tsv" | LC_ALL=C sort >"$T/want.txt"
	q "$T/mk.db" "SELECT substr(e.path, length('$T/mk/') + 1), f.path, count(m.id)
	              FROM folders f JOIN evidence e ON e.id = f.evidence_id
	              JOIN messages m ON m.folder_id = f.id AND m.parent_id IS NULL
	              GROUP BY f.id" | LC_ALL=C sort >"$T/got.txt"
	check_eq "folders and counts as truth-items.tsv says" "$(cat "$T/want.txt")" "$(cat "$T/got.txt")"
	check_eq "no problem" 0 "$(q "$T/mk.db" "SELECT count(*) FROM problems")"
fi

# Loose .emlx files in a directory that is no mailbox: one evidence each.
emlx "$T/loose/Messages/1.emlx" "loose one" 1
emlx "$T/loose/Messages/2.emlx" "loose two" 1
check_status "ingest of loose .emlx files" 0 "$MAILCASE" ingest -q --no-analyze "$T/loose.db" "$T/loose"
check_eq "loose files: emlx evidence, no folder" "emlx|bytes:$(range "loose one")|
emlx|bytes:$(range "loose two")|" \
	"$(q "$T/loose.db" "SELECT e.format, m.locator, m.folder_id FROM messages m
	           JOIN evidence e ON e.id = m.evidence_id ORDER BY e.path")"

finish
