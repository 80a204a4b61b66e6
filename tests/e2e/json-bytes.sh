#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# json-bytes.sh: file names are bytes (issue 22, item 6). Evidence files and
# a Maildir folder named with bytes that are not UTF-8 (0xFF 0xFE) and with
# a newline: every JSON, JSONL and CSV output is strict UTF-8 and strict
# JSON (no lone surrogates), the exact name is recoverable from the
# KEY_hex member (docs/case-schema.md, "JSON output"), and `info` keeps one
# row per evidence.
. "$top_srcdir/tests/e2e/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }

FF=$(printf '\377\376')
NL='
'
mkdir -p "$T/ev"
eml() {
	printf 'From: <anna@example.org>\nTo: <piotr@example.org>\nSubject: %s\n' "$1"
	printf 'Date: Tue, 01 Feb 2011 1%s:00:00 +0000\nMessage-ID: <%s@example.org>\n\nbody of %s\n' "$2" "$1" "$1"
}
eml budget 0 >"$T/ev/bad${FF}utf8.eml"
eml minutes 1 >"$T/ev/new${NL}line.eml"
MD="$T/ev/md"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp" "$MD/.Arch${FF}iv/cur" "$MD/.Arch${FF}iv/new" "$MD/.Arch${FF}iv/tmp"
eml archive 2 >"$MD/.Arch${FF}iv/cur/1300000003.M3P3.host:2,S"

C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>"$T/ingest.err"
check_eq "three evidence, three messages" "3|3" \
	"$(q "$C" "SELECT (SELECT count(*) FROM evidence), (SELECT count(*) FROM messages)")"
check_eq "the case keeps the name's exact bytes" 1 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE hex(path) LIKE '%FFFE75746638%'")"
bad=$(q "$C" "SELECT m.id FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE hex(e.path) LIKE '%FFFE%'")
arch=$(q "$C" "SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id WHERE hex(f.path) LIKE '%FFFE%'")
# a finding quoting the bad name (rules quote evidence in their summaries)
q "$C" "INSERT INTO findings(rule, severity, identity, first_seen, last_seen, summary, details)
	SELECT 'hidden-forwarding-rule', 'high', 'anna@example.org', '2011-02-01T10:00:00Z',
	'2011-02-01T10:00:00Z', 'seen in ' || path, '{}' FROM evidence WHERE hex(path) LIKE '%FFFE%';
	INSERT INTO finding_messages(finding_id, message_id) SELECT max(id), $bad FROM findings;" \
	2>"$T/sqlerr" || fail "cannot add a finding: $(cat "$T/sqlerr")"

# strict MODE FILE: strict UTF-8, strict JSON (one document, or one per line
# for jsonl), no lone surrogate in any string; CSV: strict UTF-8 and parses.
strict() {
	CHECKS=$((CHECKS + 1))
	why=$(python3 - "$1" "$2" <<'PY'
import csv, io, json, sys
mode, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
def no_surrogates(v):
    if isinstance(v, str):
        if any(0xd800 <= ord(c) <= 0xdfff for c in v):
            raise ValueError('lone surrogate in %r' % v)
    elif isinstance(v, dict):
        for k, x in v.items():
            no_surrogates(k); no_surrogates(x)
    elif isinstance(v, list):
        for x in v:
            no_surrogates(x)
try:
    text = data.decode('utf-8')
    if not text:
        raise ValueError('empty output')
    if mode == 'json':
        no_surrogates(json.loads(text))
    elif mode == 'jsonl':
        for line in text.split('\n')[:-1]:
            no_surrogates(json.loads(line))
    else:
        rows = list(csv.reader(io.StringIO(text, newline='')))
        if len(rows) < 2:
            raise ValueError('no rows')
except Exception as e:
    print(type(e).__name__, str(e)[:200])
PY
)
	if [ -z "$why" ]; then echo "ok: $3 is strict $1"; else fail "$3: $why"; fi
}
# out MODE WHAT CMD...: run CMD, check its standard output
out() {
	mode=$1 what=$2
	shift 2
	"$@" >"$T/o" 2>"$T/e" || fail "$what: exit status $?: $(head -3 "$T/e")"
	strict "$mode" "$T/o" "$what"
}

out json "info --json" "$MAILCASE" info --json "$C"
cp "$T/o" "$T/info.json"
out json "search --json" "$MAILCASE" search --json "$C" body
out json "show --json (bad file name)" "$MAILCASE" show --json "$C" "$bad"
cp "$T/o" "$T/show.json"
out json "show --json (bad folder name)" "$MAILCASE" show --json "$C" "$arch"
out json "show --json --verify" "$MAILCASE" show --json --verify "$C" "$bad"
out json "timeline --json" "$MAILCASE" timeline --json "$C"
out jsonl "timeline --jsonl" "$MAILCASE" timeline --jsonl "$C"
out json "findings --json" "$MAILCASE" findings --json "$C"
out json "verify --json" "$MAILCASE" verify --json --no-record "$C"
out json "prefixes --json" "$MAILCASE" prefixes --json "$C"
for w in messages findings timeline; do
	out jsonl "export -f jsonl -w $w" "$MAILCASE" export -f jsonl -w "$w" "$C"
	out csv "export -f csv -w $w" "$MAILCASE" export -f csv -w "$w" "$C"
done
cp "$T/o" "$T/timeline.csv"
out jsonl "export -f timesketch" "$MAILCASE" export -f timesketch "$C"
out csv "export -f l2tcsv" "$MAILCASE" export -f l2tcsv "$C"

# The exact names are recoverable: path_hex (and folder_path_hex) hold the bytes.
recover() {
	python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding='utf-8'))
for key in sys.argv[2].split('.'):
    doc = doc[int(key)] if key.isdigit() else doc[key]
sys.stdout.buffer.write(bytes.fromhex(doc))
PY
}
find "$T/ev" -name 'bad*utf8.eml' >"$T/want"
printf '%s' "$(cat "$T/want")" >"$T/want1"
for i in 0 1 2; do recover "$T/info.json" "evidence.$i.path_hex" 2>/dev/null; echo; done >"$T/got"
CHECKS=$((CHECKS + 1))
if grep -qxF -f "$T/want1" "$T/got"; then echo "ok: info --json: path_hex gives the exact name"
else fail "info --json: no path_hex gives the exact name: $(cat "$T/got")"; fi
check_eq "info --json: the name itself has U+FFFD where the bytes were not UTF-8" 1 \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(e["path"].endswith("bad\ufffd\ufffdutf8.eml") for e in d["evidence"]))' "$T/info.json")"
check_eq "info --json: valid names get no _hex member" 1 \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum("path_hex" in e for e in d["evidence"]))' "$T/info.json")"
check_eq "show --json: evidence_path_hex gives the exact name" "$(cat "$T/want1")" \
	"$(recover "$T/show.json" message.evidence_path_hex)"
check_eq "show --json (folder): folder_path_hex gives the exact folder" "Arch${FF}iv" \
	"$("$MAILCASE" show --json "$C" "$arch" >"$T/arch.json"; recover "$T/arch.json" message.folder_path_hex)"

# The locator keeps the bytes too, so the message can be read again.
check_status "show --verify of a message in a folder named with 0xFF 0xFE" 0 \
	"$MAILCASE" show --verify "$C" "$arch"

# info as text: one row per evidence, the newline shown, not written.
"$MAILCASE" info "$C" >"$T/info.txt"
check_eq "info: one row per evidence" 3 "$(grep -c '^ *[0-9][0-9]*  [a-z]* ' "$T/info.txt")"
check_eq "info: the newline in a name is shown as \\x0a" 1 "$(grep -c 'new\\x0aline.eml$' "$T/info.txt")"
check_eq "info: 0xFF 0xFE shown as \\xff\\xfe" 1 "$(grep -c 'bad\\xff\\xfeutf8.eml$' "$T/info.txt")"

finish
