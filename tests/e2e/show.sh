#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# show.sh: `mailcase show`: the summary, Message-ID lookup, --verify of every
# mbox, EML, Maildir and embedded message against its evidence (and its
# failure on a modified copy), --raw byte-identical to the evidence, and PST
# items (evidence hash checked instead; --raw an RFC 822 reconstruction).
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
make_maildir "$T/maildir"
# a copy that is not a duplicate (duplicates are skipped): one more message
{ cat "$FIXTURES/mbox/sample.mbox"; printf "\n\n"; echo "From anna@example.org Mon Mar 14 08:12:00 2011";
  cat "$FIXTURES/mail/plain.eml"; echo; } >"$T/copy.mbox"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/maildir" "$T/copy.mbox" \
	>/dev/null 2>&1

check_eq "the copy is read with its extra message" 5 \
	"$(q "$C" "SELECT message_count FROM evidence WHERE path='$T/copy.mbox'")"

check_status "show --help" 0 "$MAILCASE" show --help
check_status "show without MESSAGE" 2 "$MAILCASE" show "$C"
check_status "show of a message that does not exist" 2 "$MAILCASE" show "$C" 999999
check_status "show of a file that is not a case" 3 "$MAILCASE" show "$FIXTURES/mail/plain.eml" 1

plain=$(q "$C" "SELECT m.id FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/mail/plain.eml'")
check_status "show by number" 0 "$MAILCASE" show "$C" "$plain"
check_eq "summary: subject, evidence, locator, a recipient" "1|1|1|1" \
	"$(grep -c '^  Subject  *Budget review for Q2$' "$T/out")|$(grep -c '^  Evidence .*fixtures/mail/plain.eml' "$T/out")|$(grep -c '^  Locator  *bytes:0+635$' "$T/out")|$(grep -c '^  cc  .*piotr.nowak@example.com' "$T/out")"

# A Message-ID found in several evidence files is listed, not guessed.
check_status "ambiguous Message-ID" 2 "$MAILCASE" show "$C" '<minutes-17@example.org>'
check_eq "every copy listed" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE message_id='minutes-17@example.org'")" \
	"$(grep -c 'bytes:0+1271#part=\|maildir:.*#part=' "$T/err")"
C1="$T/one.db"
"$MAILCASE" ingest -q "$C1" "$FIXTURES/mail/ndr-dsn.eml" >/dev/null 2>&1
check_status "bare Message-ID of an embedded message" 0 "$MAILCASE" show "$C1" minutes-17@example.org
check_eq "it is the embedded one" 1 "$(grep -c 'Origin  *embedded' "$T/out")"

"$MAILCASE" show --json "$C" "$plain" >"$T/json"
check_eq "--json is one valid JSON object" 1 \
	"$(sqlite3 :memory: "SELECT json_valid(readfile('$T/json'))")"
check_eq "--json carries headers, recipients and attachments" "10|3|0" \
	"$(sqlite3 :memory: "SELECT json_array_length(readfile('$T/json'), '\$.headers'),
		json_array_length(readfile('$T/json'), '\$.recipients'),
		json_array_length(readfile('$T/json'), '\$.attachments')")"

# --verify: every message read again matches its recorded hash.
total=$(q "$C" "SELECT count(*) FROM messages")
check_eq "embedded messages in the case" 1 "$(q "$C" "SELECT count(*) >= 2 FROM messages WHERE origin='embedded'")"
ok=0
for id in $(q "$C" "SELECT id FROM messages ORDER BY id"); do
	if "$MAILCASE" show --verify "$C" "$id" >"$T/v" 2>&1 && grep -q '^message [0-9]*: verified' "$T/v"; then
		ok=$((ok + 1))
	else
		fail "verify message $id: $(cat "$T/v")"
	fi
done
check_eq "every mbox, EML, Maildir and embedded message verified" "$total" "$ok"

"$MAILCASE" show --verify --json "$C" "$plain" >"$T/json"
check_eq "--verify --json status" "verified" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$T/json'), '\$.verify.status')")"

# --raw: the original bytes.
"$MAILCASE" show --raw "$C" "$plain" >"$T/raw"
cmp -s "$T/raw" "$FIXTURES/mail/plain.eml"
check_eq "--raw of an EML file is the file" 0 $?
q "$C" "SELECT m.id, m.byte_offset, m.byte_length FROM messages m JOIN evidence e ON e.id=m.evidence_id
	WHERE e.path LIKE '%/mbox/sample.mbox' ORDER BY m.id LIMIT 2" | tr '|' ' ' >"$T/ranges"
while read -r id off len; do
	tail -c +"$((off + 1))" "$FIXTURES/mbox/sample.mbox" | head -c "$len" >"$T/want"
	"$MAILCASE" show --raw -o "$T/raw" "$C" "$id"
	cmp -s "$T/raw" "$T/want"
	check_eq "--raw of mbox message $id is its byte range" 0 $?
done <"$T/ranges"
md=$(q "$C" "SELECT m.id FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.format='maildir' AND m.locator LIKE 'maildir:.Sent/cur/%'")
"$MAILCASE" show --raw "$C" "$md" >"$T/raw"
cmp -s "$T/raw" "$T/maildir/.Sent/cur/1300300000.M3P3.host:2,S"
check_eq "--raw of a Maildir message is its file" 0 $?
emb=$(q "$C" "SELECT m.id FROM messages m JOIN evidence e ON e.id=m.evidence_id WHERE e.path LIKE '%/mail/ndr-dsn.eml' AND m.origin='embedded'")
check_eq "--raw of an embedded message hashes to its recorded SHA-256" \
	"$(q "$C" "SELECT sha256 FROM messages WHERE id=$emb")" \
	"$("$MAILCASE" show --raw "$C" "$emb" | sha256sum | cut -d' ' -f1)"
check_eq "the embedded message's bytes are in its parent" 1 \
	"$("$MAILCASE" show --raw "$C" "$emb" >"$T/raw"; grep -c 'Subject: Minutes of the steering group' "$T/raw")"

# Nested embedded messages, the inner one base64-encoded, in EML and mbox.
inner=$(printf 'From: c@example.org\nSubject: innermost\nMessage-ID: <inner@x>\n\nhello inner\n' | base64)
cat >"$T/nested.eml" <<EOF
From: a@example.org
Subject: outer
Message-ID: <outer@x>
Date: Mon, 14 Mar 2011 08:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="OUT"

--OUT
Content-Type: text/plain

outer body
--OUT
Content-Type: message/rfc822

From: b@example.org
Subject: middle
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="MID"

--MID
Content-Type: text/plain

middle body
--MID
Content-Type: message/rfc822
Content-Transfer-Encoding: base64

$inner
--MID--

--OUT--
EOF
{ echo "From a@example.org Mon Mar 14 08:00:00 2011"; cat "$T/nested.eml"; echo; } >"$T/nested.mbox"
N="$T/nested.db"
"$MAILCASE" ingest -q "$N" "$T/nested.eml" "$T/nested.mbox" >/dev/null 2>&1
check_eq "nested messages ingested" "6|4" \
	"$(q "$N" "SELECT count(*), sum(origin='embedded') FROM messages")"
ok=0
for id in $(q "$N" "SELECT id FROM messages WHERE origin='embedded'"); do
	"$MAILCASE" show --verify "$N" "$id" >/dev/null 2>&1 && ok=$((ok + 1))
done
check_eq "nested and base64-encoded embedded messages verified" 4 "$ok"
check_eq "--raw of the innermost message" "hello inner" \
	"$("$MAILCASE" show --raw "$N" "$(q "$N" "SELECT id FROM messages WHERE subject='innermost' LIMIT 1")" | tail -1)"

# A modified copy of the evidence no longer verifies.
first=$(q "$C" "SELECT m.id || ' ' || m.byte_offset FROM messages m JOIN evidence e ON e.id=m.evidence_id
	WHERE e.path = '$T/copy.mbox' ORDER BY m.id LIMIT 1")
printf 'X' | dd of="$T/copy.mbox" bs=1 seek=$((${first#* } + 40)) conv=notrunc 2>/dev/null
check_status "--verify of a modified evidence copy" 1 "$MAILCASE" show --verify "$C" "${first% *}"
check_eq "the mismatch is reported" 1 "$(grep -c 'MISMATCH' "$T/out")"
rm -f "$T/copy.mbox"
check_status "--verify with the evidence gone" 1 "$MAILCASE" show --verify "$C" "${first% *}"

# PST items: no raw bytes.
MKEV="$top_builddir/mkevidence"
if [ -x "$MKEV" ] && "$MKEV" --scenario baseline --seed 1 --mailboxes 1 --format pst --out "$T/gen" >/dev/null 2>&1; then
	P="$T/pst.db"
	pst=$(ls "$T"/gen/*.pst | head -1)
	"$MAILCASE" ingest -q "$P" "$pst" >/dev/null 2>&1
	item=$(q "$P" "SELECT id FROM messages WHERE message_class='IPM.Note' AND subject IS NOT NULL ORDER BY id LIMIT 1")
	check_status "--verify of a PST item" 0 "$MAILCASE" show --verify "$P" "$item"
	check_eq "PST: says why and checks the evidence hash" 1 \
		"$(grep -c 'not verifiable: PST items have no raw bytes; the evidence hash is checked instead: evidence verified' "$T/out")"
	"$MAILCASE" show --raw "$P" "$item" >"$T/raw" 2>"$T/err"
	check_eq "PST --raw is marked as a reconstruction" "X-Mailcase-Reconstructed: from case rows, not original bytes" \
		"$(head -1 "$T/raw")"
	check_eq "PST --raw carries the subject" 1 \
		"$(grep -c "^Subject: $(q "$P" "SELECT subject FROM messages WHERE id=$item")\$" "$T/raw")"
	check_eq "the reconstruction parses as a message with the same Message-ID" \
		"$(q "$P" "SELECT message_id FROM messages WHERE id=$item")" \
		"$(cp "$T/raw" "$T/rebuilt.eml"; "$MAILCASE" ingest -q "$T/rebuilt.db" "$T/rebuilt.eml" >/dev/null 2>&1;
		   q "$T/rebuilt.db" "SELECT message_id FROM messages")"
	printf 'X' | dd of="$pst" bs=1 seek=100000 conv=notrunc 2>/dev/null
	check_status "--verify of a PST item in a modified PST" 1 "$MAILCASE" show --verify "$P" "$item"
	check_eq "the evidence mismatch is reported" 1 "$(grep -c 'EVIDENCE MISMATCH' "$T/out")"
else
	echo "note: mkevidence unavailable; PST checks skipped"
fi

finish
