#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# report.sh: `mailcase report` on a generated eu2011 case: a self-contained
# page (no network, no external files, no script), well-formed, telling the
# compromised mailboxes' switch to Chinese and the benign night mobile
# activity; deterministic; evidence escaped (a <script> subject, markup in
# a sender name and a file name); bounded on many system messages; quiet in
# pipes. Then, when Chromium is installed, rendered headless: the DOM holds
# the charts and the findings, and a screenshot is taken.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
"$MKEV" --scenario eu2011 --seed 2011 --out "$T/ev" >/dev/null 2>&1 || { fail "mkevidence"; finish; exit 1; }
C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>&1
R="$T/report.html"

# has WHAT PATTERN [FILE]: the report contains a fixed string
has() {
	CHECKS=$((CHECKS + 1))
	if grep -qF -- "$2" "${3:-$R}"; then echo "ok: $1"; else fail "$1: no [$2]"; fi
}
# hasnt WHAT EXTENDED-REGEX [FILE]
hasnt() {
	CHECKS=$((CHECKS + 1))
	if grep -qiE -- "$2" "${3:-$R}"; then
		fail "$1: found [$2]: $(grep -oiE -- ".{0,40}$2.{0,40}" "${3:-$R}" | head -3)"
	else
		echo "ok: $1"
	fi
}

check_status "report --help" 0 "$MAILCASE" report --help
check_status "missing -o" 2 "$MAILCASE" report "$C"
check_status "bad --messages" 2 "$MAILCASE" report -o "$R" --messages x "$C"
check_status "not a case" 3 "$MAILCASE" report -o "$R" "$T/none.db"
check_eq "no file left behind on error" no "$([ -e "$R" ] && echo yes || echo no)"

check_status "report of the eu2011 case" 0 "$MAILCASE" report -o "$R" "$C"
check_eq "no progress in a pipe" 0 "$(tr -cd '\r\033' <"$T/err" | wc -c | tr -d ' ')"
check_eq "a report was written" 1 "$([ -s "$R" ] && echo 1)"

# Self-contained.
hasnt "no http:// or https://" 'https?://'
hasnt "no external src" 'src='
hasnt "no script at all" '<script'
hasnt "no <link>" '<link'
hasnt "no CSS import or url()" '@import|url\('
hasnt "no iframe, object or embed" '<(iframe|object|embed)'

# Well-formed: XML well-formed (the report is written so), and HTML parse
# errors other than HTML5 elements unknown to libxml2's HTML 4 parser.
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$R" 2>"$T/xml.err"
	check_eq "well-formed (xmllint)" "0" "$?"
	head -5 "$T/xml.err"
	xmllint --html --noout "$R" 2>&1 | grep 'error' | grep -v 'Tag [a-z]* invalid' >"$T/html.err"
	check_eq "HTML parses (xmllint --html)" 0 "$(wc -l <"$T/html.err" | tr -d ' ')"
else
	check_eq "one html element" "1|1" "$(grep -c '<html' "$R")|$(grep -c '</html>' "$R")"
	check_eq "sections closed" "$(grep -o '<section' "$R" | wc -l)" "$(grep -o '</section>' "$R" | wc -l)"
fi

# What it tells.
has "section: what mailcase found" 'id="found"'
has "section: language timeline" 'id="languages"'
has "section: activity heatmaps" 'id="activity"'
has "section: findings" 'id="findings"'
has "section: evidence" 'id="case"'
has "section: glossary" 'id="glossary"'
sqlite3 :memory: "SELECT json_extract(value, '\$.identity') FROM json_each(json_extract(readfile('$T/ev/truth.json'), '\$.mailboxes'))
	WHERE json_extract(value, '\$.compromised')" >"$T/compromised"
sqlite3 :memory: "SELECT json_extract(value, '\$.name') FROM json_each(json_extract(readfile('$T/ev/truth.json'), '\$.mailboxes'))
	WHERE json_extract(value, '\$.night_mobile')" >"$T/mobile"
check_eq "the truth has 2 compromised and 2 night-mobile mailboxes" "2|2" \
	"$(wc -l <"$T/compromised" | tr -d ' ')|$(wc -l <"$T/mobile" | tr -d ' ')"
sed -n '/id="found"/,/<\/section>/p' "$R" >"$T/found.html"
has "headline: signs of access by someone else" "2 mailboxes show signs of access by someone else" "$T/found.html"
has "headline: switched to Chinese" "switched to <b>Chinese (Simplified)</b>" "$T/found.html"
has "headline: the owners' languages" "while their owners write" "$T/found.html"
has "headline: benign night mobile activity" "active at night through mobile devices</b>: consistent with phones syncing" "$T/found.html"
has "headline: rated probably benign" "Probably benign" "$T/found.html"
while read -r who; do
	has "compromised $who named in the headline" "$who" "$T/found.html"
	has "compromised $who in the findings" "— $who</h3>"
done <"$T/compromised"
while read -r name; do
	has "night-mobile $name named" "$name" "$T/found.html"
done <"$T/mobile"
sed -n '/id="languages"/,/<\/section>/p' "$R" >"$T/lang.html"
has "language chart: an SVG" '<svg' "$T/lang.html"
has "language chart: switch label" "switch to Chinese (Simplified) ≈" "$T/lang.html"
has "language chart: legend in words" "Chinese (Simplified)</li>" "$(sed 's/ <small>(zh-Hans)<\/small>//' "$T/lang.html" >"$T/lang2.html"; echo "$T/lang2.html")"
check_eq "language chart: one switch marker per switch finding" \
	"$(q "$C" "SELECT count(*) FROM findings WHERE rule = 'system-language-switch'")" \
	"$(grep -c 'stroke-dasharray' "$T/lang.html")"
sed -n '/id="activity"/,/<\/section>/p' "$R" >"$T/heat.html"
check_eq "one heatmap per mailbox" "$(q "$C" "SELECT count(*) FROM identities WHERE is_mailbox = 1")" \
	"$(grep -c '<svg' "$T/heat.html")"
has "heatmap: client kinds in the legend" "mobile device</li>" "$T/heat.html"
has "heatmap: phones syncing note" "consistent with a phone syncing" "$T/heat.html"
check_eq "every finding is in the report" "$(q "$C" "SELECT count(*) FROM findings")" \
	"$(grep -c '<article class="finding"' "$R")"
check_eq "every evidence hash is in the report" 0 \
	"$(q "$C" "SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL" | while read -r h; do grep -qF "$h" "$R" || echo "$h"; done | wc -l | tr -d ' ')"
has "glossary: the rules" 'id="rule-system-language-switch"'

# Deterministic; --now is the only time of making.
"$MAILCASE" report -q -o "$T/again.html" "$C"
cmp -s "$R" "$T/again.html"
check_eq "deterministic" 0 $?
"$MAILCASE" report -q --now 2011-03-01T12:00:00Z -o "$T/now.html" "$C"
has "--now stated" "report made 2011-03-01T12:00:00Z" "$T/now.html"
"$MAILCASE" report -q -o - "$C" >"$T/stdout.html"
cmp -s "$R" "$T/stdout.html"
check_eq "-o - writes to standard output" 0 $?

# Escaping: hostile subject, sender name, file name, finding text.
EVIL="$T/evil"
mkdir -p "$EVIL"
printf '%s\r\n' \
	'From: "<img src=x onerror=alert(2)>" <mallory@example.org>' \
	'To: anna@example.org' \
	'Subject: Automatic reply: <script>alert(1)</script>' \
	'Date: Mon, 14 Feb 2011 10:00:00 +0000' \
	'Message-ID: <evil-1@example.org>' \
	'Auto-Submitted: auto-replied' \
	'MIME-Version: 1.0' \
	'Content-Type: text/plain; charset=utf-8' \
	'' \
	'I am out of the office until Monday. <b>bold</b> & "quoted"' >"$EVIL/<i>x&y.eml"
E="$T/evil.db"
cp "$C" "$E"
"$MAILCASE" ingest -q "$E" "$EVIL" >/dev/null 2>&1
MID=$(q "$E" "SELECT id FROM messages WHERE message_id = 'evil-1@example.org'")
check_eq "the hostile message is in the case" 1 "$([ -n "$MID" ] && echo 1)"
q "$E" "INSERT INTO findings(id, rule, severity, confidence, identity, first_seen, last_seen, summary, details)
	VALUES (900, 'test-<rule>', 'high', 0.5, 'mallory@example.org', '2011-02-14T10:00:00Z', '2011-02-14T10:00:00Z',
	        'summary <script>alert(3)</script>', '{\"note\":\"</td><script>alert(4)</script>\"}');
	INSERT INTO finding_messages(finding_id, message_id, role) VALUES (900, $MID, 'evidence')"
check_status "report of the hostile case" 0 "$MAILCASE" report -o "$T/evil.html" "$E"
hasnt "no script element from the evidence" '<script' "$T/evil.html"
hasnt "no img element from the evidence" '<img' "$T/evil.html"
hasnt "no markup from the file name" "<i>x" "$T/evil.html"
has "subject shown escaped" '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/evil.html"
has "sender name shown escaped" '&lt;img src=x onerror=alert(2)&gt;' "$T/evil.html"
has "file name shown escaped" "&lt;i&gt;x&amp;y.eml" "$T/evil.html"
has "finding summary escaped" 'summary &lt;script&gt;alert(3)&lt;/script&gt;' "$T/evil.html"
has "finding details escaped" '&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;' "$T/evil.html"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$T/evil.html" 2>/dev/null
	check_eq "hostile case report still well-formed" 0 $?
fi

# Bounded: an identity with 2,500 system messages is drawn binned by day.
B="$T/big.db"
cp "$C" "$B"
q "$B" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
	INSERT INTO messages(evidence_id, origin, locator, subject, date_utc, system_kind, system_identity, system_language)
	SELECT 1, 'folder', 'test:' || i, 'bulk ' || i,
	       strftime('%Y-%m-%dT%H:%M:%SZ', '2011-02-01', '+' || (i * 11) || ' minutes'), 'auto_reply',
	       'bulk@example.org', CASE WHEN i % 3 THEN 'en' ELSE 'de' END FROM n" 2>"$T/bulk.err"
check_eq "bulk system messages added" 0 "$(wc -c <"$T/bulk.err" | tr -d ' ')"
check_status "report of the big case" 0 "$MAILCASE" report -o "$T/big.html" "$B"
check_eq "binned: per-day marks" 1 "$(grep -c 'automatic messages in English' "$T/big.html" | sed 's/^[1-9][0-9]*$/1/')"
check_eq "binned: no per-message marks for the bulk identity" 0 "$(grep -c 'bulk [0-9]' "$T/big.html")"
check_eq "binned: bounded size" 1 "$([ "$(wc -c <"$T/big.html")" -lt $(($(wc -c <"$R") + 200000)) ] && echo 1)"

# Rendering in a real browser.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: chromium not installed (the rendering checks need it)"
	[ "$FAILS" -eq 0 ] || { finish; exit 1; }
	echo "$CHECKS checks, 0 failed before the skip"
	exit 77
fi
chrome() {
	HOME="$T" timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$T/chrome" "$@" "file://$R" 2>"$T/chrome.err"
}
chrome --dump-dom >"$T/dom.html"
check_eq "chromium --dump-dom" 0 $?
check_eq "DOM: the charts are SVG" "$(grep -c '<svg' "$R")" "$(grep -o '<svg' "$T/dom.html" | wc -l | tr -d ' ')"
check_eq "DOM: the findings" "$(q "$C" "SELECT count(*) FROM findings")" \
	"$(grep -o '<article class="finding"' "$T/dom.html" | wc -l | tr -d ' ')"
has "DOM: the headline" "2 mailboxes show signs of access by someone else" "$T/dom.html"
has "DOM: the switch label" "switch to Chinese (Simplified)" "$T/dom.html"
has "DOM: circles of the language chart" "<circle" "$T/dom.html"
chrome --screenshot="$T/shot.png" --window-size=1280,2000 >/dev/null
check_eq "chromium --screenshot" 0 $?
check_eq "screenshot is a 1280x2000 PNG" "89504e47|1280|2000" \
	"$(od -An -tx1 -N4 "$T/shot.png" | tr -d ' \n')|$(od -An -j16 -N4 -tu1 "$T/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')|$(od -An -j20 -N4 -tu1 "$T/shot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')"
check_eq "screenshot is not blank" 1 "$([ "$(wc -c <"$T/shot.png")" -gt 50000 ] && echo 1)"

finish
