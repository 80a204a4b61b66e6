#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# olm.sh: Outlook for Mac archives (.olm) end to end. mkevidence writes the
# eu2011 story as .olm files and, with the same seed, as a Maildir tree; the
# built mailcase ingests both. Every item of truth-items.tsv is a message in
# its folder; each message reads the same as its Maildir copy (subject,
# sender, date and offset, recipients, attachments with their hashes,
# classification and languages); attachments hash what their ZIP entry
# holds; locators re-read (show --verify). Damage: a malformed item and a
# missing attachment entry make the evidence partial with problem rows
# naming the items, a cut archive fails alone, a ZIP without the OLM layout
# is not taken for one.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 ||
	{ echo "SKIP: zip/unzip not installed"; exit 77; }

"$MKEV" --scenario eu2011 --seed 7 --mailboxes 4 --weeks 2 --format olm --out "$T/olm" >/dev/null ||
	fail "mkevidence --format olm"
"$MKEV" --scenario eu2011 --seed 7 --mailboxes 4 --weeks 2 --format maildir --out "$T/md" >/dev/null ||
	fail "mkevidence --format maildir"
O="$T/olm.db" D="$T/md.db"
check_status "ingest of the .olm files" 0 "$MAILCASE" ingest -q "$O" "$T/olm"
check_status "ingest of the Maildir copy" 0 "$MAILCASE" ingest -q "$D" "$T/md"

check_eq "four .olm evidence, read whole, detected as olm" "4|4" \
	"$(q "$O" "SELECT count(*), sum(status = 'ok' AND variant = 'olm') FROM evidence WHERE format = 'olm'")"
check_eq "no problems in the clean archives" 0 "$(q "$O" "SELECT count(*) FROM problems")"

# every item the generator wrote, in its folder (the account's folder above)
tail -n +2 "$T/olm/truth-items.tsv" | awk -F'\t' '{ print $1 "|" $2 }' | sort | uniq -c |
	awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0 "|" c }' | sort >"$T/truth"
q "$O" "SELECT substr(e.path, length('$T/olm/') + 1),
	substr(f.path, instr(f.path, '/') + 1), count(*)
	FROM messages m JOIN evidence e ON e.id = m.evidence_id JOIN folders f ON f.id = m.folder_id
	WHERE m.origin = 'folder' GROUP BY 1, 2" | sort >"$T/got"
check_eq "messages per archive and folder as written ($(wc -l <"$T/truth") folders)" \
	"$(cat "$T/truth")" "$(cat "$T/got")"
check_eq "folders below one account folder each" "4|0" \
	"$(q "$O" "SELECT count(*), sum(locator NOT LIKE 'olm:Accounts/%/') FROM folders WHERE parent_id IS NULL")"
check_eq "inbox and sent roles (by name) as in the Maildir copy" \
	"$(q "$D" "SELECT count(*) FROM folders WHERE role = 'sent'")|4" \
	"$(q "$O" "SELECT sum(role = 'sent'), sum(role = 'inbox') FROM folders")"

# each message as its Maildir copy reads
same() {
	q "$O" "ATTACH '$D' AS d;
	SELECT count(*), sum($1) FROM main.messages a JOIN main.evidence ea ON ea.id = a.evidence_id
	  JOIN d.messages b ON b.message_id = a.message_id AND b.origin = 'folder'
	  JOIN d.evidence eb ON eb.id = b.evidence_id
	   AND substr(eb.path, length('$T/md/') + 1) || '.olm' = substr(ea.path, length('$T/olm/') + 1)
	  WHERE a.origin = 'folder'"
}
n=$(q "$O" "SELECT count(*) FROM messages WHERE origin = 'folder'")
for f in subject from_name from_addr date_utc date_offset in_reply_to system_kind \
	system_language system_prefix language client_kind; do
	check_eq "$f as in the Maildir copy" "$n|$n" "$(same "a.$f IS b.$f")"
done
check_eq "recipients as in the Maildir copy" "$n|$n" "$(same "
	(SELECT group_concat(x, ',') FROM (SELECT kind || ':' || addr AS x FROM main.recipients
	  WHERE message_id = a.id ORDER BY 1)) IS
	(SELECT group_concat(x, ',') FROM (SELECT kind || ':' || addr AS x FROM d.recipients
	  WHERE message_id = b.id ORDER BY 1))")"
check_eq "attachments (name, size, SHA-256) as in the Maildir copy" "$n|$n" "$(same "
	(SELECT group_concat(x, ',') FROM (SELECT filename || ':' || size || ':' || sha256 AS x
	  FROM main.attachments WHERE message_id = a.id AND mime_type <> 'message/rfc822' ORDER BY 1)) IS
	(SELECT group_concat(x, ',') FROM (SELECT filename || ':' || size || ':' || sha256 AS x
	  FROM d.attachments WHERE message_id = b.id AND mime_type NOT LIKE 'message/%' ORDER BY 1))")"
check_eq "attached messages as embedded records, as many as in the Maildir copy" \
	"$(q "$D" "SELECT count(*) FROM messages WHERE origin = 'embedded'")" \
	"$(q "$O" "SELECT count(*) FROM messages WHERE origin = 'embedded' AND parent_id IS NOT NULL")"
check_eq "the same findings as the Maildir copy" \
	"$(q "$D" "SELECT rule, severity, identity FROM findings ORDER BY 1, 2, 3")" \
	"$(q "$O" "SELECT rule, severity, identity FROM findings ORDER BY 1, 2, 3")"

# an attachment's hash is that of the ZIP entry its part_path names
row=$(q "$O" "SELECT e.path, x.part_path, x.sha256, x.size FROM attachments x
	JOIN messages m ON m.id = x.message_id JOIN evidence e ON e.id = m.evidence_id
	WHERE x.sha256 IS NOT NULL ORDER BY x.id LIMIT 1")
olm=${row%%|*} rest=${row#*|}
entry=${rest%%|*} rest=${rest#*|}
check_eq "attachment SHA-256 and size of its entry" "$rest" \
	"$(unzip -p "$olm" "$entry" | sha256sum | cut -d' ' -f1)|$(unzip -p "$olm" "$entry" | wc -c)"
check_eq "every message locator names an item entry" 0 \
	"$(q "$O" "SELECT count(*) FROM messages WHERE origin = 'folder' AND locator NOT GLOB
	  'olm:Accounts/*/com.microsoft.__Messages/*/message_[0-9][0-9][0-9][0-9][0-9].xml'")"
check_eq "message size is its item's" \
	"$(q "$O" "SELECT size FROM messages WHERE id = 1")" \
	"$(unzip -p "$(q "$O" "SELECT e.path FROM messages m JOIN evidence e ON e.id = m.evidence_id
	  WHERE m.id = 1")" "$(q "$O" "SELECT substr(locator, 5) FROM messages WHERE id = 1")" | wc -c)"
emb=$(q "$O" "SELECT min(id) FROM messages WHERE origin = 'embedded'")
check_status "show --verify of an item" 0 "$MAILCASE" show --verify "$O" 1
check_eq "item verified" 1 "$(grep -c '^message 1: verified: ' "$T/out")"
check_status "show --verify of an attached message" 0 "$MAILCASE" show --verify "$O" "$emb"
check_eq "attached message verified" 1 "$(grep -c "^message $emb: verified: .*com.microsoft.__Attachments/" "$T/out")"

# handed on as RFC 822: an item's XML is no mail, so show --raw and
# export --format mbox write the reconstruction PST items get; an attached
# message is written as its bytes
check_status "show --raw of an item" 0 "$MAILCASE" show --raw "$O" 1
check_eq "show --raw writes a reconstruction, not the item's XML" "X-Mailcase-Reconstructed|0" \
	"$(head -1 "$T/out" | cut -d: -f1)|$(grep -c 'OPFMessageCopy' "$T/out")"
check_status "show --raw of an attached message" 0 "$MAILCASE" show --raw "$O" "$emb"
check_eq "an attached message is written as its entry's bytes" \
	"$(q "$O" "SELECT sha256 FROM messages WHERE id = $emb")" "$(sha256sum <"$T/out" | cut -d' ' -f1)"
check_status "export --format mbox of an archive's messages" 0 \
	"$MAILCASE" export --format mbox -o "$T/all.mbox" "$O"
check_eq "every message exported, items reconstructed, none as XML" \
	"$(q "$O" "SELECT count(*) FROM messages")|$n|0" \
	"$(grep -c '^From ' "$T/all.mbox")|$(grep -c '^X-Mailcase-Reconstructed:' "$T/all.mbox")|$(grep -c '<emails' "$T/all.mbox")"

# damage: an item that is no XML, an attachment entry taken away, contacts
mkdir -p "$T/bad"
box=$(ls "$T/olm" | grep '\.olm$' | head -1)
cp "$T/olm/$box" "$T/bad/damaged.olm"
item=$(unzip -Z1 "$T/bad/damaged.olm" | grep '/com.microsoft.__Messages/' | head -1)
dir=${item%/*}
gone=$(q "$O" "SELECT x.part_path FROM attachments x JOIN messages m ON m.id = x.message_id
	JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$T/olm/$box'
	AND x.mime_type <> 'message/rfc822' ORDER BY x.id LIMIT 1")
holder=$(q "$O" "SELECT m.locator FROM attachments x JOIN messages m ON m.id = x.message_id
	WHERE x.part_path = '$gone'")
zip -q -d "$T/bad/damaged.olm" "$gone" || fail "zip -d"
mkdir -p "$T/add/$dir" "$T/add/${dir%%/com.microsoft.__Messages*}/com.microsoft.__Contacts"
printf '<?xml version="1.0"?>\n<emails><email><OPFMessageCopySubject>cut' >"$T/add/$dir/message_99999.xml"
printf '<contacts/>' >"$T/add/${dir%%/com.microsoft.__Messages*}/com.microsoft.__Contacts/contact_00001.xml"
(cd "$T/add" && zip -q -r "$T/bad/damaged.olm" .) || fail "zip add"
head -c 20000 "$T/olm/$box" >"$T/bad/cut.olm"
printf 'hello' >"$T/hello.txt"
(cd "$T" && zip -q "$T/bad/plain.zip" hello.txt) || fail "zip plain"
B="$T/bad.db"
check_status "ingest of damaged archives (exit 1: one failed)" 1 "$MAILCASE" ingest -q "$B" "$T/bad"
check_eq "damaged archive partial, its messages kept" \
	"partial|$(q "$O" "SELECT message_count FROM evidence WHERE path = '$T/olm/$box'")" \
	"$(q "$B" "SELECT status, message_count FROM evidence WHERE path LIKE '%/damaged.olm'")"
check_eq "the reason names the first unreadable item" \
	"1 message item could not be read, 1 attachment missing; first at olm:$dir/message_99999.xml" \
	"$(q "$B" "SELECT error FROM evidence WHERE path LIKE '%/damaged.olm'")"
check_eq "problem row for the malformed item" "error|olm:$dir/message_99999.xml|1" \
	"$(q "$B" "SELECT severity, locator, message LIKE '%not well-formed XML%message item not read'
	  FROM problems WHERE message LIKE '%well-formed%'")"
check_eq "problem row naming the item whose attachment entry is missing" "warning|$holder" \
	"$(q "$B" "SELECT severity, locator FROM problems WHERE message LIKE '%$gone it names is not in the archive'")"
check_eq "the missing attachment has no hash, the message says why" "1|1" \
	"$(q "$B" "SELECT x.sha256 IS NULL OR x.sha256 = '', m.warnings LIKE '%is not in the archive; no hash%'
	  FROM attachments x JOIN messages m ON m.id = x.message_id WHERE x.part_path = '$gone'")"
check_eq "non-mail entries counted" 1 \
	"$(q "$B" "SELECT count(*) FROM problems WHERE message = '1 entry below com.microsoft.__Contacts: not mail items; not read'")"
check_eq "a cut archive fails alone, named" "failed|1" \
	"$(q "$B" "SELECT status, error LIKE '%cut.olm: not a readable ZIP archive: %' FROM evidence WHERE path LIKE '%/cut.olm'")"
check_eq "a ZIP without the OLM layout is not read as one" "skipped|" \
	"$(q "$B" "SELECT status, format FROM evidence WHERE path LIKE '%/plain.zip'")"

echo "$CHECKS checks, $FAILS failures"
[ "$FAILS" -eq 0 ]
