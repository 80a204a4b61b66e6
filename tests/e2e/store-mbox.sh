#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# store-mbox.sh: the headers a mail client's store writes (issue 21), read
# from a Thunderbird folder file and a Google Takeout mbox that the test
# writes (make_store_mboxes): X-Mozilla-Status flags in message_props, the
# message Thunderbird deleted but did not compact away kept as recovered
# and counted by `info`; X-Gmail-Labels as message_labels rows with their
# roles, X-GM-THRID; `show` (text and JSON) and `export` (CSV, JSON lines)
# show both where a person looks; Apple Mail .emlx files with their
# property list.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
make_store_mboxes "$T/ev"
check_status "ingest of the store mboxes" 0 "$MAILCASE" ingest -q --no-analyze "$C" "$T/ev"
check_eq "both read as mbox, ok" "mbox|ok|3
mbox|ok|4" "$(q "$C" "SELECT format, status, message_count FROM evidence ORDER BY path")"

# Thunderbird
check_eq "Mozilla flags by message" "status deleted|recovered|0x00000009|read,expunged
status forwarded|folder|0x00801005|read,flagged,forwarded,mdn-sent
status read|folder|0x00000001|read
status replied|folder|0x00000003|read,replied" \
	"$(q "$C" "SELECT m.subject, m.origin, s.value, f.value FROM messages m
	           JOIN message_props s ON s.message_id = m.id AND s.name = 'mozilla.status'
	           JOIN message_props f ON f.message_id = m.id AND f.name = 'mozilla.flags'
	           ORDER BY m.subject")"
check_eq "message_flags (MAPI) stays empty for mbox" 0 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE message_flags IS NOT NULL")"
"$MAILCASE" info "$C" >"$T/info.txt"
grep -q "^messages:  7 (0 embedded, 1 recovered: deleted but still in the evidence)" "$T/info.txt" ||
	fail "info does not count the recovered message: $(grep '^messages' "$T/info.txt")"
"$MAILCASE" info --json "$C" >"$T/info.json"
check_eq "info --json counts it, by evidence too" "1 1" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["recovered"], sum(e["recovered_count"] for e in d["evidence"]))' "$T/info.json")"

# Takeout
check_eq "labels with their roles, in order" "labels inbox|1|Inbox|inbox
labels inbox|2|Important|important
labels inbox|3|Opened|opened
labels inbox|4|Category Updates|category
labels sent|1|Sent|sent
labels sent|2|Opened|opened
labels user|1|Kunden, alt|user
labels user|2|Archived|archived
labels user|3|Trash|deleted" \
	"$(q "$C" "SELECT m.subject, l.seq, l.label, l.role FROM message_labels l
	           JOIN messages m ON m.id = l.message_id ORDER BY m.subject, l.seq")"
check_eq "X-GM-THRID: two conversations" "1592384754437813123|1
1592384754437813124|2" \
	"$(q "$C" "SELECT value, count(*) FROM message_props WHERE name = 'gmail.thread_id'
	           GROUP BY value ORDER BY value")"
check_eq "the Takeout messages are in their file's folder, not recovered" "folder|3" \
	"$(q "$C" "SELECT origin, count(*) FROM messages WHERE subject LIKE 'labels%' GROUP BY origin")"

# show
del=$(q "$C" "SELECT id FROM messages WHERE subject = 'status deleted'")
check_status "show of the deleted message" 0 "$MAILCASE" show "$C" "$del"
grep -q "^  Origin       recovered$" "$T/out" || fail "show: no Origin recovered"
grep -q "^  Status       read, expunged (X-Mozilla-Status); expunged: deleted in the client, not yet compacted away$" "$T/out" ||
	fail "show: no Status line: $(grep Status "$T/out")"
lab=$(q "$C" "SELECT id FROM messages WHERE subject = 'labels user'")
check_status "show of a labelled message" 0 "$MAILCASE" show "$C" "$lab"
grep -q "^  Labels       Kunden, alt, Archived (archived), Trash (deleted)$" "$T/out" ||
	fail "show: no Labels line: $(grep Labels "$T/out")"
"$MAILCASE" show --json "$C" "$lab" >"$T/show.json"
check_eq "show --json: the labels as rows" "Kunden, alt/user Archived/archived Trash/deleted" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(" ".join(l["label"] + "/" + l["role"] for l in d["labels"]))' "$T/show.json")"

# export
check_status "export CSV" 0 "$MAILCASE" export -f csv -o "$T/m.csv" "$C"
check_eq "CSV: labels and Mozilla flags columns" "labels user|Kunden, alt; Archived; Trash|
status deleted||read,expunged" \
	"$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["subject"] in ("status deleted", "labels user"):
        print(r["subject"] + "|" + r["labels"] + "|" + r["mozilla_flags"])' "$T/m.csv")"
check_status "export JSON lines" 0 "$MAILCASE" export -f jsonl -o "$T/m.jsonl" "$C"
check_eq "JSON lines: the same" "recovered|None|read,expunged" \
	"$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["subject"] == "status deleted": print(r["origin"] + "|" + str(r["labels"]) + "|" + r["mozilla_flags"])' "$T/m.jsonl")"

# Apple Mail .emlx files, written here: the count line, the message, the
# property list; one marked deleted in Mail.
mkdir -p "$T/mail/Messages"
for n in 1 2; do
	flags=$((n == 1 ? 261 : 3))
	msg=$(printf 'From: anna@example.org\nTo: me@example.org\nSubject: emlx %s\nDate: Mon, 14 Mar 2011 08:40:12 +0100\n\nhello %s\n' "$n" "$n")
	{ printf '%s       \n%s\n' $((${#msg} + 1)) "$msg"
	  printf '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
	  printf '\t<key>date-received</key>\n\t<integer>1300088412</integer>\n'
	  printf '\t<key>flags</key>\n\t<integer>%s</integer>\n</dict>\n</plist>\n' "$flags"
	} >"$T/mail/Messages/$n.emlx"
done
mv "$T/mail/Messages/2.emlx" "$T/mail/Messages/2.partial.emlx"
check_status "ingest of .emlx files" 0 "$MAILCASE" ingest -q --no-analyze "$T/emlx.db" "$T/mail"
check_eq "emlx: format, variant, origin, flags, date received" \
	"emlx|emlx|emlx 1|folder|read,answered,forwarded|2011-03-14T07:40:12Z
emlx|emlx-partial|emlx 2|recovered|read,deleted|2011-03-14T07:40:12Z" \
	"$(q "$T/emlx.db" "SELECT e.format, e.variant, m.subject, m.origin,
	          (SELECT value FROM message_props WHERE message_id = m.id AND name = 'emlx.flag_names'),
	          (SELECT value FROM message_props WHERE message_id = m.id AND name = 'emlx.date-received')
	     FROM messages m JOIN evidence e ON e.id = m.evidence_id ORDER BY e.path")"
one=$(q "$T/emlx.db" "SELECT id FROM messages WHERE subject = 'emlx 1'")
check_status "show --verify of an emlx message" 0 "$MAILCASE" show --verify "$T/emlx.db" "$one"

# The rule localized-default-folders reads folder-role labels: a Takeout
# whose system labels are German, of a mailbox whose owner writes English.
go="$T/de/Takeout/All mail Including Spam and Trash.mbox"
mkdir -p "$T/de/Takeout"
for i in 1 2 3 4; do
	mbox_msg "$go" owner@example.org colleague@example.org "$i" 11 "Quarterly plan $i" "de-s$i@example.org" \
		"X-Gmail-Labels: Gesendet,Geöffnet" \
		"Thank you for the meeting yesterday. I have attached the updated budget and the schedule for the next quarter, please let me know whether the numbers look right to you before Friday."
	mbox_msg "$go" colleague@example.org owner@example.org "$i" 12 "Re: Quarterly plan $i" "de-r$i@example.org" \
		"X-Gmail-Labels: Posteingang,Wichtig,\"Projekt, alt\"" \
		"The numbers look right to me. We should discuss the travel costs with the finance team next week."
done
check_status "ingest of a German Takeout with a custodian" 0 \
	"$MAILCASE" ingest -q --custodian owner@example.org "$T/de.db" "$T/de"
check_eq "the owner writes English" en \
	"$(q "$T/de.db" "SELECT language FROM identities WHERE identity = 'owner@example.org'")"
check_eq "localized-default-folders names the German labels" \
	"default folders of owner@example.org are named in de, its owner writes en: sent label: Gesendet (de); inbox label: Posteingang (de)|8" \
	"$(q "$T/de.db" "SELECT f.summary, count(fm.message_id) FROM findings f
	                 JOIN finding_messages fm ON fm.finding_id = f.id
	                 WHERE f.rule = 'localized-default-folders' GROUP BY f.id")"
check_status "the same Takeout without a custodian" 0 "$MAILCASE" ingest -q "$T/de2.db" "$T/de"
check_eq "its mailbox is the sender of its Sent label, and the rule names the labels" \
	"owner@example.org|1" \
	"$(q "$T/de2.db" "SELECT (SELECT mailbox FROM evidence),
	                         (SELECT count(*) FROM findings WHERE rule = 'localized-default-folders')")"
finish
