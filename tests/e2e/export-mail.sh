#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# export-mail.sh: `mailcase export --format eml|mbox` (issue 21). A case of
# PST files (mkevidence), the mbox fixtures and the EML fixtures. EML: one
# file DIR/N.eml per message, each the X-Mailcase-Source header (its
# evidence, the evidence's SHA-256, its locator) then exactly the bytes of
# `show --raw N`, whose SHA-256 is messages.sha256 where the case has one;
# PST items the reconstruction, with the count of attachments left out.
# mbox: read again by mailcase, the same messages (count, subjects, body
# texts) in the same order. Each selection option selects what SQL on the
# case says. A changed or missing evidence file: its messages named and not
# written, exit status 1, the others written. DIR: existing files refused
# without --force, nothing else in DIR touched, never made in a Maildir
# evidence; output paths guarded.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
cd "$T" || exit 1
"$MKEV" --scenario eu2011 --seed 3 --out ev >/dev/null
cp -R "$FIXTURES/mbox" mb
cp -R "$FIXTURES/mail" ml
"$MAILCASE" ingest -q c.db ev mb ml >/dev/null 2>&1
N=$(q c.db "SELECT count(*) FROM messages")
check_eq "PST, mbox and EML messages in the case" "1|1|1" \
	"$(q c.db "SELECT max(locator LIKE 'pst:%'), max(locator LIKE 'mbox:%'),
	           max(locator LIKE 'bytes:%') FROM messages")"

# ---- EML: every message ----
check_status "eml export" 0 "$MAILCASE" export --format eml -o eml c.db
check_eq "one file per message, named by its number" \
	"$(q c.db "SELECT id || '.eml' FROM messages ORDER BY id")" \
	"$(ls eml | sort -n)"

# Each non-PST message, and every 80th PST item: the file is a header
# block, then the bytes `show --raw` gives.
ids=$(q c.db "SELECT id FROM messages WHERE locator NOT LIKE 'pst:%' OR id % 80 = 0")
bad_bytes="" bad_head="" bad_sha="" bad_att="" n=0
for id in $ids; do
	n=$((n + 1))
	"$MAILCASE" show --raw c.db "$id" >raw 2>/dev/null || bad_bytes="$bad_bytes $id(show)"
	size=$(wc -c <raw)
	total=$(wc -c <"eml/$id.eml")
	tail -c "$size" "eml/$id.eml" | cmp -s - raw || bad_bytes="$bad_bytes $id"
	head -c $((total - size)) "eml/$id.eml" >head
	row=$(q c.db "SELECT e.path || '|' || e.sha256 || '|' || m.locator || '|' ||
	              coalesce(m.sha256, '') || '|' ||
	              (SELECT count(*) FROM attachments a WHERE a.message_id = m.id)
	              FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE m.id = $id")
	path=${row%%|*} rest=${row#*|}
	esha=${rest%%|*} rest=${rest#*|}
	loc=${rest%%|*} rest=${rest#*|}
	msha=${rest%%|*} att=${rest#*|}
	# The header block, line ends (the message's: LF, CRLF or CR) as '#'.
	flat=$(tr '\r\n' '##' <head | tr -s '#')
	case $loc in
	pst:*)
		want="X-Mailcase-Source: evidence=$path;# evidence-sha256=$esha;# locator=$loc#X-Mailcase-Attachments-Omitted: $att (a reconstruction from the case rows holds no attachment bytes)#"
		head -1 raw | grep -q '^X-Mailcase-Reconstructed:' || bad_att="$bad_att $id"
		;;
	*)
		want="X-Mailcase-Source: evidence=$path;# evidence-sha256=$esha;# locator=$loc#"
		[ -n "$msha" ] && [ "$(sha256sum <raw | cut -d' ' -f1)" != "$msha" ] &&
			bad_sha="$bad_sha $id"
		;;
	esac
	[ "$flat" = "$want" ] || bad_head="$bad_head $id"
done
check_eq "messages compared with show --raw" 1 "$([ "$n" -gt 30 ] && echo 1)"
check_eq "after the X-Mailcase headers: the bytes of show --raw" "" "$bad_bytes"
check_eq "the X-Mailcase headers name evidence, its SHA-256 and the locator" "" "$bad_head"
check_eq "the bytes' SHA-256 is messages.sha256" "" "$bad_sha"
check_eq "PST items: the marked reconstruction" "" "$bad_att"
check_eq "an EML with CRLF lines: the added headers end in CRLF too" 3 \
	"$(id=$(q c.db "SELECT min(m.id) FROM messages m JOIN evidence e ON e.id = m.evidence_id
	              WHERE e.path LIKE '%sample-crlf.mbox'"); head -3 "eml/$id.eml" | grep -c "$(printf '\r')\$")"

# ---- mbox: read again, the same messages ----
check_status "mbox export" 0 "$MAILCASE" export --format mbox -o all.mbox c.db
"$MAILCASE" export --format mbox c.db >stdout.mbox 2>/dev/null
check_eq "standard output holds the same mbox" 0 "$(cmp -s all.mbox stdout.mbox; echo $?)"
check_eq "one From_ line per message" "$N" "$(grep -c '^From ' all.mbox)"
check_eq "a body line 'From ...' of an mbox message is quoted once" 3 \
	"$(tr "\r" "\n" <all.mbox | grep -c "^>From here on, this line starts with From")"
check_eq "an escaped '>From' of an mbox message stays as it was" 3 \
	"$(tr "\r" "\n" <all.mbox | grep -c "^>From the desk of Anna")"
"$MAILCASE" ingest -q --no-analyze r.db all.mbox >/dev/null 2>&1
check_eq "read again: as many messages (their embedded ones apart)" "$N" \
	"$(q r.db "SELECT count(*) FROM messages WHERE parent_id IS NULL")"
# (every message of the case, embedded ones too, is a message of the mbox;
# read again, the embedded messages of those are found again beside them)
summary() {
	q "$1" "SELECT id, coalesce(subject, ''), coalesce(rtrim(body_text, char(10, 13)), '')
	        FROM messages WHERE $2 ORDER BY id" | cut -d'|' -f2- | sha256sum
}
check_eq "read again: the same subjects and body texts, in order" "$(summary c.db 1)" \
	"$(summary r.db 'parent_id IS NULL')"

# ---- selections: what SQL on the case says ----
sel() {
	rm -rf sel
	"$MAILCASE" export --format eml -o sel "$@" c.db >/dev/null 2>&1 || echo "exit $?"
	ls sel 2>/dev/null | sed 's/\.eml$//' | sort -n | tr '\n' ' '
}
sql_ids() { q c.db "$1 ORDER BY 1" | tr '\n' ' '; }
who=$(q c.db "SELECT lower(addr) FROM recipients GROUP BY lower(addr)
              ORDER BY count(*) DESC, 1 LIMIT 1")
want=$(sql_ids "SELECT id FROM messages WHERE lower(from_addr) = '$who' UNION
                SELECT message_id FROM recipients WHERE lower(addr) = '$who'")
check_eq "--identity: messages from or to it" "$want" "$(sel --identity "$(echo "$who" | tr a-z A-Z)")"
want=$(sql_ids "SELECT id FROM messages WHERE date_utc >= '2011-02-07T00:00:00Z'
                AND date_utc < '2011-02-10T00:00:00Z'")
check_eq "--from and --to: the message dates (a date: the whole day)" "$want" \
	"$(sel --from 2011-02-07 --to 2011-02-09)"
want=$(sql_ids "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'Budget'")
check_eq "--query: the full-text index's matches" "$want" "$(sel --query Budget)"
check_eq "--query matches something" 1 "$([ -n "$want" ] && echo 1)"
fid=$(q c.db "SELECT finding_id FROM finding_messages GROUP BY finding_id
              ORDER BY count(*) DESC, 1 LIMIT 1")
want=$(sql_ids "SELECT message_id FROM finding_messages WHERE finding_id = ${fid:-0}")
check_eq "--finding: the finding's messages" "$want" "$(sel --finding "${fid:-0}")"
check_eq "a finding with messages" 1 "$([ -n "$fid" ] && echo 1)"
check_eq "--message, repeated" "3 17 $N " "$(sel --message 17 --message "$N" --message 3)"
want=$(sql_ids "SELECT id FROM messages WHERE lower(from_addr) = '$who'
                AND date_utc >= '2011-02-07T00:00:00Z' UNION
                SELECT m.id FROM messages m JOIN recipients r ON r.message_id = m.id
                WHERE lower(r.addr) = '$who' AND m.date_utc >= '2011-02-07T00:00:00Z'")
check_eq "criteria together: all must hold" "$want" "$(sel --identity "$who" --from 2011-02-07)"
check_status "no such message" 2 "$MAILCASE" export -f mbox --message $((N + 1)) c.db
check_status "no such finding" 2 "$MAILCASE" export -f mbox --finding 99999 c.db
check_status "an invalid query" 2 "$MAILCASE" export -f mbox --query '"open' c.db
check_status "--query is for mbox and eml" 2 "$MAILCASE" export -f csv --query Budget c.db
check_status "--force is for eml" 2 "$MAILCASE" export -f mbox --force c.db
check_status "eml needs -o DIR" 2 "$MAILCASE" export -f eml c.db
check_status "--kind does not apply" 2 "$MAILCASE" export -f mbox --kind sent c.db

# ---- DIR safety ----
echo notes >eml/notes.txt
before=$(cat eml/* | sha256sum)
check_status "existing files refused without --force" 2 "$MAILCASE" export -f eml -o eml c.db
check_eq "the refusal names the file" 1 "$(grep -c 'eml/1.eml exists' "$T/err")"
check_eq "nothing in DIR changed" "$before" "$(cat eml/* | sha256sum)"
check_status "--force replaces them" 0 "$MAILCASE" export -f eml --force -o eml c.db
check_eq "the same files again, the other file untouched" "$before" "$(cat eml/* | sha256sum)"
check_eq "file names are message numbers only" "" \
	"$(ls eml | grep -v -e '^[0-9][0-9]*\.eml$' -e '^notes.txt$')"
# A DIR that is, or would be made inside, a Maildir evidence: refused
# before anything is made there.
make_maildir md
"$MAILCASE" ingest -q --no-analyze m.db md >/dev/null 2>&1
md_before=$(find md | LC_ALL=C sort | sha256sum)
check_status "DIR inside a Maildir evidence refused" 2 \
	"$MAILCASE" export -f eml -o md/new/x/y m.db
check_eq "the refusal says why" 1 "$(grep -c 'md/new/x/y: refusing to write there: it is within evidence' "$T/err")"
check_status "DIR that is a Maildir evidence refused" 2 "$MAILCASE" export -f eml -o md m.db
check_eq "nothing made in the Maildir" "$md_before" "$(find md | LC_ALL=C sort | sha256sum)"
check_status "an EML export of the Maildir elsewhere" 0 "$MAILCASE" export -f eml -o mdx m.db
check_eq "as many files as messages" "$(q m.db "SELECT count(*) FROM messages")" "$(ls mdx | wc -l)"
check_status "mbox output onto the case refused" 2 "$MAILCASE" export -f mbox -o c.db c.db
check_status "mbox output onto evidence refused" 2 \
	"$MAILCASE" export -f mbox -o ev/jonas.weber.pst c.db

# ---- changed and missing evidence ----
sed 's/Regards/Regardz/' ml/plain.eml >x && cat x >ml/plain.eml
changed=$(q c.db "SELECT m.id FROM messages m JOIN evidence e ON e.id = m.evidence_id
                  WHERE e.path LIKE '%plain.eml'")
printf 'X' | dd of=ev/jonas.weber.pst bs=1 seek=20000 conv=notrunc 2>/dev/null
pst=$(q c.db "SELECT count(*) FROM messages m JOIN evidence e ON e.id = m.evidence_id
              WHERE e.path LIKE '%jonas.weber.pst'")
rm mb/sample-cr.mbox
gone=$(q c.db "SELECT count(*) FROM messages m JOIN evidence e ON e.id = m.evidence_id
               WHERE e.path LIKE '%sample-cr.mbox'")
skipped=$((1 + pst + gone))
check_status "changed evidence: exit status 1" 1 "$MAILCASE" export -f eml -o chg c.db
check_eq "the changed EML named" 1 \
	"$(grep -c "message $changed not exported: its bytes at bytes:.* changed since ingestion" "$T/err")"
check_eq "each message of the changed PST named" "$pst" \
	"$(grep -c 'jonas.weber.pst changed since ingestion' "$T/err")"
check_eq "each message of the missing mbox named" "$gone" \
	"$(grep -c 'sample-cr.mbox: cannot open' "$T/err")"
check_eq "the others written" $((N - skipped)) "$(ls chg | wc -l)"
check_eq "not the changed one" 0 "$(ls chg | grep -c "^$changed\.eml\$")"
check_status "changed evidence, mbox: exit status 1" 1 \
	"$MAILCASE" export -f mbox -o chg.mbox c.db
check_eq "the mbox holds the others" $((N - skipped)) "$(grep -c '^From ' chg.mbox)"

finish
