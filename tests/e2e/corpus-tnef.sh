#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# corpus-tnef.sh: the TNEF files of the shared corpus (../shared/corpus
# beside the source tree, or $MAILCASE_CORPUS; MANIFEST kind "tnef": bare
# winmail.dat / .tnef files) and the EML files carrying a winmail.dat part
# ingest without a crash: bare files as format tnef with their class, body
# and attachments; mail with TNEF gets the TNEF's attachments (part_path
# tnef:<part>/<n>) besides the winmail.dat part itself, and the messages
# attached inside TNEF become embedded records. Skipped when the corpus is
# absent.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "SKIP: no corpus at $CORPUS"; exit 77; }

awk -F'\t' 'NR > 1 && $6 == "tnef" { print $1 }' "$CORPUS/MANIFEST.tsv" >"$T/tnef"
# EML files with a TNEF part: by their content, not their name
awk -F'\t' 'NR > 1 && $6 == "eml" { print $1 }' "$CORPUS/MANIFEST.tsv" | while read -r f; do
	grep -qia 'application/ms-tnef\|winmail\.dat' "$CORPUS/$f" 2>/dev/null && echo "$f"
done >"$T/eml"
ntnef=$(wc -l <"$T/tnef")
neml=$(wc -l <"$T/eml")
echo "corpus: $ntnef TNEF files, $neml EML files with TNEF"
[ "$ntnef" -gt 0 ] || { echo "SKIP: no TNEF files in the corpus"; exit 77; }

C="$T/case.db"
(cd "$CORPUS" && cat "$T/tnef" "$T/eml" | tr '\n' '\0' | xargs -0 "$MAILCASE" ingest -q --jobs 2 "$C") 2>"$T/ingest.err"
st=$?
case $st in
0|1|123) check_eq "ingest finished normally" ok ok ;;
*) fail "ingest exit status $st"; tail -20 "$T/ingest.err" ;;
esac

check_eq "one evidence row per file" "$((ntnef + neml))" "$(q "$C" "SELECT count(*) FROM evidence")"
check_eq "bare TNEF files detected as tnef" "$ntnef" "$(q "$C" "SELECT count(*) FROM evidence WHERE format = 'tnef'")"
check_eq "no parser crashed or hung" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE error LIKE '%parser worker%'")"
check_eq "every file read ok" 0 "$(q "$C" "SELECT count(*) FROM evidence WHERE status <> 'ok'")"
check_eq "one message per TNEF file" "$ntnef" \
	"$(q "$C" "SELECT count(*) FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE e.format = 'tnef' AND m.locator = 'tnef:/'")"
check_eq "every TNEF message has a class" 0 \
	"$(q "$C" "SELECT count(*) FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE e.format = 'tnef' AND m.message_class IS NULL")"
echo "statuses: $(q "$C" "SELECT group_concat(format || ':' || status || '=' || n, ' ') FROM (SELECT format, status, count(*) n FROM evidence GROUP BY 1, 2)")"
q "$C" "SELECT e.path, m.message_class, m.body_source, m.attachment_count FROM messages m JOIN evidence e ON e.id = m.evidence_id ORDER BY e.path" | sed 's/^/  /'

# root PATH SQL: value for the first message of one evidence file
root() {
	q "$C" "SELECT $2 FROM messages m JOIN evidence e ON e.id = m.evidence_id
	        WHERE e.path = '$1' AND m.parent_id IS NULL ORDER BY m.id LIMIT 1"
}
has() { grep -q "^$1	" "$CORPUS/MANIFEST.tsv"; }

f=tika/tika-parsers/tika-parsers-standard/tika-parsers-standard-modules/tika-parser-microsoft-module/src/test/resources/test-documents/testWINMAIL.dat
if has "$f"; then
	check_eq "testWINMAIL.dat: five attached files" "quick.doc quick.html quick.pdf quick.txt quick.xml" \
		"$(q "$C" "SELECT group_concat(a.filename, ' ') FROM attachments a JOIN messages m ON m.id = a.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f' ORDER BY a.seq")"
	check_eq "testWINMAIL.dat: attachments hashed, located in the TNEF" 5 \
		"$(q "$C" "SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f'
		            AND length(a.sha256) = 64 AND a.part_path LIKE 'tnef:/%'")"
	check_eq "testWINMAIL.dat: RTF body" rtf "$(root "$f" body_source)"
	check_eq "testWINMAIL.dat: body text" 1 "$(root "$f" "body_text LIKE '%Five files from Hell%'")"
fi
f=mimekit/UnitTests/TestData/tnef/garbage-at-end.tnef
if has "$f"; then
	check_eq "garbage-at-end.tnef: trailing bytes are a warning" 1 \
		"$(q "$C" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
		            WHERE e.path = '$f' AND p.severity = 'warning' AND p.message LIKE '%after the last TNEF attribute%'")"
fi
f=mimekit/UnitTests/TestData/tnef/body.tnef
if has "$f"; then
	check_eq "body.tnef: HTML body decoded" 1 "$(root "$f" "body_source = 'text/html' AND body_text LIKE '%BILL OF RIGHTS%'")"
	check_eq "body.tnef: named properties recorded" 1 \
		"$(q "$C" "SELECT count(*) > 0 FROM message_props p JOIN messages m ON m.id = p.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f' AND p.name LIKE 'PSETID_Common:0x%'")"
fi
f=aspose-email-python/Examples/Data/tnefWithMsgInside.eml
if has "$f"; then
	check_eq "tnefWithMsgInside.eml: winmail.dat part kept" 1 \
		"$(q "$C" "SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f' AND a.filename = 'winmail.dat'")"
	check_eq "tnefWithMsgInside.eml: the attached message from the TNEF" "tnef:1/0|case 2a" \
		"$(q "$C" "SELECT a.part_path || '|' || a.filename FROM attachments a JOIN messages m ON m.id = a.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f' AND a.part_path LIKE 'tnef:1/%'")"
	check_eq "tnefWithMsgInside.eml: the attached message is an embedded record" "case 2a|1" \
		"$(q "$C" "SELECT c.subject || '|' || c.attachment_count FROM messages c JOIN messages p ON p.id = c.parent_id
		            JOIN evidence e ON e.id = p.evidence_id
		            WHERE e.path = '$f' AND c.origin = 'embedded' AND c.locator LIKE '%#part=tnef:1/0'")"
	check_eq "tnefWithMsgInside.eml: its hash is the attachment's" 1 \
		"$(q "$C" "SELECT count(*) FROM messages c JOIN attachments a ON a.message_id = c.parent_id
		            AND a.part_path = 'tnef:1/0' AND a.sha256 = c.sha256 WHERE c.origin = 'embedded'")"
	check_eq "tnefWithMsgInside.eml: binary TNEF read intact (no checksum warning)" 0 \
		"$(root "$f" "coalesce(warnings, '') LIKE '%checksum%'")"
fi
f=mimekit/UnitTests/TestData/tnef/ukr.eml
if has "$f"; then
	check_eq "ukr.eml: TNEF named properties (PS_INTERNET_HEADERS)" 1 \
		"$(q "$C" "SELECT count(*) > 0 FROM message_props p JOIN messages m ON m.id = p.message_id
		            JOIN evidence e ON e.id = m.evidence_id WHERE e.path = '$f' AND p.name LIKE 'PS_INTERNET_HEADERS:%'")"
fi
check_eq "every TNEF attachment of mail follows its winmail.dat part" 0 \
	"$(q "$C" "SELECT count(*) FROM attachments a WHERE a.part_path LIKE 'tnef:%' AND a.part_path NOT LIKE 'tnef:/%'
	          AND NOT EXISTS (SELECT 1 FROM attachments w WHERE w.message_id = a.message_id
	                          AND 'tnef:' || w.part_path || '/' = substr(a.part_path, 1, length(w.part_path) + 6))")"
check_eq "case integrity" ok "$(q "$C" 'PRAGMA integrity_check')"
finish
