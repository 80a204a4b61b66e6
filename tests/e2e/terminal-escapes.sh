#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# terminal-escapes.sh: hostile evidence cannot drive the investigator's
# terminal (issue 22, item 5). Evidence carrying ESC/OSC/CSI/BEL, C1 controls,
# bidi overrides and invalid UTF-8 in subject, sender, body, attachment name,
# folder name and file name; every text output (and standard error) shows
# them visibly (\xNN, \uXXXX: docs/mailcase.1, "TEXT OUTPUT"), none reaches
# the terminal raw; show --raw stays byte-exact.
. "$top_srcdir/tests/e2e/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
HOSTILE="${ESC}]0;pwned${BEL}${ESC}[2J"
MD="$T/ev/maildir"
mkdir -p "$MD/cur" "$MD/new" "$MD/tmp"
EVIL_FOLDER="$MD/.Evil${ESC}[2J"
mkdir -p "$EVIL_FOLDER/cur" "$EVIL_FOLDER/new" "$EVIL_FOLDER/tmp"

# 1: raw control characters in subject, sender name, body
{
	printf 'From: "Mallory%s[31m" <mallory@example.org>\n' "$ESC"
	printf 'To: <anna@example.org>\nSubject: Budget %s review\n' "$HOSTILE"
	printf 'Date: Tue, 01 Feb 2011 10:00:00 +0000\nMessage-ID: <esc-1@example.org>\n'
	printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n'
	printf 'first line\nhidden%s[8m text\rover\nbell%s done\n' "$ESC" "$BEL"
} >"$MD/cur/1300000001.M1P1.host:2,S"
# 2: encoded words decoding to C1 (U+009B CSI), bidi override, ESC; an
# attachment whose name carries ESC and U+202E
{
	printf 'From: =?utf-8?q?Eve=C2=9B2J?= <eve@example.org>\n'
	printf 'To: <anna@example.org>\n'
	printf 'Subject: =?utf-8?q?Invoice_=E2=80=AEfdp.exe_=1B]0;pwned=07?=\n'
	printf 'Date: Tue, 01 Feb 2011 11:00:00 +0000\nMessage-ID: <esc-2@example.org>\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
	printf -- '--b\nContent-Type: text/plain; charset=utf-8\n\nsee attached\n'
	printf -- '--b\nContent-Type: application/octet-stream\n'
	printf "Content-Disposition: attachment; filename*=utf-8''evil%%1B%%5B2J%%E2%%80%%AEtxt.exe\n"
	printf 'Content-Transfer-Encoding: base64\n\naGVsbG8K\n--b--\n'
} >"$EVIL_FOLDER/cur/1300000002.M2P2.host:2,S"
# 3: an EML whose file name carries ESC, with an invalid UTF-8 subject
{
	printf 'From: <eve@example.org>\nTo: <anna@example.org>\nSubject: bad \233\377 bytes\n'
	printf 'Date: Tue, 01 Feb 2011 12:00:00 +0000\nMessage-ID: <esc-3@example.org>\n\nbody\n'
} >"$T/ev/evil${ESC}[2Jname.eml"
# 4: a file name that is not UTF-8, and a second message with the same
# Message-ID (show lists them on standard error)
{ cat "$T/ev/evil${ESC}[2Jname.eml"; echo "a copy"; } >"$T/ev/bad$(printf '\377\376').eml"

C="$T/case.db"
"$MAILCASE" ingest "$C" "$T/ev" >"$T/ingest.out" 2>"$T/ingest.err"
n=$(q "$C" "SELECT count(*) FROM messages")
check_eq "four messages ingested" 4 "$n"
# A finding whose text comes from the evidence (the rules quote identities
# and subjects): put one there, as hostile as the evidence.
q "$C" "INSERT INTO findings(rule, severity, identity, first_seen, last_seen, summary, details)
	VALUES ('hidden-forwarding-rule', 'high', 'mallory' || char(27) || '[31m@example.org',
	'2011-02-01T10:00:00Z', '2011-02-01T11:00:00Z', 'forwards to ' || char(27) || ']0;pwned' || char(7), '{}');
	INSERT INTO finding_messages(finding_id, message_id) SELECT max(f.id), m.id FROM findings f, messages m GROUP BY m.id;" \
	>/dev/null 2>"$T/sqlerr" || fail "cannot add a finding: $(cat "$T/sqlerr")"

id1=$(q "$C" "SELECT id FROM messages WHERE message_id='esc-1@example.org'")
id2=$(q "$C" "SELECT id FROM messages WHERE message_id='esc-2@example.org'")
id3=$(q "$C" "SELECT m.id FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE e.path LIKE '%name.eml'")

# clean WHAT FILE: no byte a terminal acts on: C0 but TAB and LF, DEL,
# C1 (raw bytes 0x80-0x9f outside UTF-8, U+0080-U+009F), bidi controls,
# invalid UTF-8.
clean() {
	CHECKS=$((CHECKS + 1))
	why=$(python3 - "$2" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    print('invalid UTF-8 at byte %d: %r' % (e.start, data[max(0, e.start - 20):e.start + 10]))
    sys.exit()
for i, ch in enumerate(text):
    c = ord(ch)
    if (c < 0x20 and ch not in '\t\n') or 0x7f <= c <= 0x9f or 0x202a <= c <= 0x202e or 0x2066 <= c <= 0x2069:
        print('U+%04X at %d: %r' % (c, i, text[max(0, i - 20):i + 10]))
        break
PY
)
	if [ -z "$why" ]; then echo "ok: $1"; else fail "$1: $why"; fi
}
# run WHAT CMD...: run a text command, check its stdout and stderr
run() {
	what=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	clean "$what: standard output" "$T/out"
	clean "$what: standard error" "$T/err"
}
visible() {
	CHECKS=$((CHECKS + 1))
	if grep -qF -- "$2" "$T/out"; then echo "ok: $1"; else fail "$1: [$2] not in: $(head -c 600 "$T/out")"; fi
}

clean "ingest: standard error" "$T/ingest.err"
clean "ingest: standard output" "$T/ingest.out"
run "info" "$MAILCASE" info "$C"
visible "info shows the file name visibly" 'evil\x1b[2Jname.eml'
visible "info shows a name that is not UTF-8 as \\xNN" 'bad\xff\xfe.eml'
check_eq "info: one row per evidence" "$(q "$C" "SELECT count(*) FROM evidence")" \
	"$(grep -c '^ *[0-9][0-9]*  [a-z]* ' "$T/out")"
run "show 1" "$MAILCASE" show "$C" "$id1"
visible "show: subject visible" 'Budget \x1b]0;pwned\x07\x1b[2J review'
visible "show: sender visible" 'Mallory\x1b[31m'
visible "show: body keeps its lines, ESC visible" 'hidden\x1b[8m text'
visible "show: body BEL visible" 'bell\x07 done'
run "show 2" "$MAILCASE" show "$C" "$id2"
visible "show: folder path visible" 'Evil\x1b[2J'
visible "show: bidi override visible" 'Invoice \u202efdp.exe \x1b]0;pwned\x07'
visible "show: C1 CSI visible" 'Eve\u009b2J'
visible "show: attachment name visible" 'evil\x1b[2J\u202etxt.exe'
run "show 3" "$MAILCASE" show "$C" "$id3"
visible "show: evidence path visible" 'evil\x1b[2Jname.eml'
run "show --verify" "$MAILCASE" show --verify "$C" "$id3"
run "show by ambiguous Message-ID" "$MAILCASE" show "$C" 'esc-3@example.org'
run "search" "$MAILCASE" search "$C" 'Budget'
visible "search: subject visible" '\x1b]0;pwned\x07'
run "search (short, LIKE)" "$MAILCASE" search "$C" 'ev'
run "search of a hostile query" "$MAILCASE" search "$C" "$HOSTILE"
run "timeline" "$MAILCASE" timeline "$C"
visible "timeline: subject visible" 'Budget \x1b]0;pwned'
run "timeline --tz" "$MAILCASE" timeline --tz Europe/Brussels "$C"
run "findings" "$MAILCASE" findings --messages 10 "$C"
visible "findings: summary visible" 'forwards to \x1b]0;pwned\x07'
run "prefixes" "$MAILCASE" prefixes "$C"
run "verify" "$MAILCASE" verify --no-record "$C"
visible "verify: path visible" 'evil\x1b[2Jname.eml'
# The HTML report shows them the same way (before analyze replaces the
# finding added above).
"$MAILCASE" report -q -o "$T/report.html" "$C" >/dev/null 2>&1
clean "report: the HTML" "$T/report.html"
CHECKS=$((CHECKS + 1))
if grep -qF 'forwards to \x1b]0;pwned\x07' "$T/report.html"; then echo "ok: report: finding text visible"
else fail "report: finding text not shown visibly"; fi

run "analyze" "$MAILCASE" analyze "$C"
run "textid --charset" "$MAILCASE" textid --charset "$T/ev/evil${ESC}[2Jname.eml"
run "an error naming a hostile case path" "$MAILCASE" info "$T/no${ESC}[2Jcase.db"

# --raw stays byte-exact.
"$MAILCASE" show --raw "$C" "$id1" >"$T/raw" 2>/dev/null
cmp -s "$T/raw" "$MD/cur/1300000001.M1P1.host:2,S"
check_eq "show --raw is byte-exact" 0 $?

finish
