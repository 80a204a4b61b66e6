#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# prefixes.sh: `mailcase prefixes` lists the generated fragments the
# analysis located, one row per fragment, kind and language, those the
# prefix table does not know first; --unknown, --json, -q; exit status 3 on
# a file that is not a case; and the report's "Generated text seen"
# section. The case: auto-replies with "Automatic reply:" (a prefix the
# table knows) from two people, and with a Chinese prefix the table does
# not know (checked here), located from their Thread-Topic headers.
. "$top_srcdir/tests/e2e/lib.sh"

# 外出答复： ("out-of-office answer:"), UTF-8 bytes.
ZH_WORDS=$(printf '\345\244\226\345\207\272\347\255\224\345\244\215')
ZH="$ZH_WORDS$(printf '\357\274\232')"
check_eq "the Chinese prefix is not in the prefix table" 0 \
	"$(grep -c "$ZH_WORDS" "$top_srcdir/analyzer/detect/system-prefixes.c")"
ZH_B64=$(printf '%s' "$ZH" | base64 | tr -d '\n')
ANNA=anna.meyer@example.org
BEN=ben.okafor@example.org

# msg FROM TO DAY SUBJECT-HEADER-VALUE MESSAGE-ID EXTRA-HEADERS BODY
msg() {
	when="2011-02-01 09:00:00 UTC +$3 days"
	{
		printf 'From %s %s\n' "$1" "$(date -u -d "$when" '+%a %b %e %H:%M:%S %Y')"
		printf 'From: <%s>\nTo: <%s>\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' \
			"$1" "$2" "$4" "$(date -u -d "$when" -R)" "$5"
		[ -n "$6" ] && printf '%s\n' "$6"
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n\n' "$7"
	} >>"$T/ev/mail.mbox"
}

# auto_reply FROM DAY PREFIX(encoded) TOPIC
auto_reply() {
	msg "$1" "peer$2@example.net" "$2" "$3 $4" "reply$2@example.org" \
		"Auto-Submitted: auto-replied
X-Autoreply: yes
Thread-Topic: $4" "I am out of the office until Monday with limited access to mail."
}

mkdir -p "$T/ev"
: >"$T/ev/mail.mbox"
# English: 4 for Anna (days 1-4), 2 for Ben (days 5-6); Chinese: 5 for Anna
# (days 10-14), 1 for Ben (day 20).
for d in 1 2 3 4; do auto_reply "$ANNA" "$d" "Automatic reply:" "Budget review $d"; done
for d in 5 6; do auto_reply "$BEN" "$d" "Automatic reply:" "Quarterly figures $d"; done
for d in 10 11 12 13 14; do auto_reply "$ANNA" "$d" "=?UTF-8?B?$ZH_B64?=" "Contract draft $d"; done
auto_reply "$BEN" 20 "=?UTF-8?B?$ZH_B64?=" "Supplier meeting 20"
C="$T/case.db"
"$MAILCASE" ingest -q "$C" "$T/ev" >/dev/null 2>&1 || fail "ingest"
"$MAILCASE" analyze -q "$C" >/dev/null 2>&1 || fail "analyze"

# What the case holds, read directly, for comparison.
check_eq "the case: 12 auto-replies" 12 \
	"$(q "$C" "SELECT count(*) FROM messages WHERE system_kind = 'auto_reply'")"
ZH_LANG=$(q "$C" "SELECT coalesce(max(system_language), '-') FROM messages WHERE system_prefix = '$ZH'")

# Text.
check_status "prefixes" 0 "$MAILCASE" prefixes "$C"
cp "$T/out" "$T/text"
grep -E '^(known|UNKNOWN) ' "$T/text" >"$T/heads"
check_eq "two rows" 2 "$(wc -l <"$T/heads")"
check_eq "the unknown Chinese prefix first" "UNKNOWN auto_reply $ZH_LANG Hani 6 $ZH" \
	"$(head -1 "$T/heads" | tr -s ' ')"
check_eq "then the known English one" "known auto_reply en Latn 6 Automatic reply:" \
	"$(sed -n 2p "$T/heads" | tr -s ' ')"
check_eq "identities of the Chinese prefix" "  identities: $ANNA (5), $BEN (1)" \
	"$(sed -n 3p "$T/text")"
check_eq "first and last seen of the Chinese prefix" \
	"  seen 2011-02-11T09:00:00Z .. 2011-02-21T09:00:00Z" "$(sed -n 2p "$T/text")"
check_eq "the Chinese prefix located by Thread-Topic" "  bases: thread-topic (6)" \
	"$(sed -n 4p "$T/text")"
check_eq "summary line" "2 fragments, 1 not in the prefix table" "$(tail -1 "$T/text")"

# -q drops the summary; --unknown keeps the unknown row.
"$MAILCASE" prefixes -q "$C" >"$T/quiet"
check_eq "-q: no summary" "" "$(grep 'fragments,' "$T/quiet")"
"$MAILCASE" prefixes --unknown "$C" >"$T/unknown"
check_eq "--unknown: only the Chinese row" "UNKNOWN" \
	"$(grep -E '^(known|UNKNOWN) ' "$T/unknown" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"

# JSON, read with sqlite's JSON functions.
check_status "prefixes --json" 0 "$MAILCASE" prefixes --json "$C"
cp "$T/out" "$T/json"
J=$(sed "s/'/''/g" "$T/json" | tr -d '\n')
# jq_ EXPR [WHERE]: EXPR of each row of "prefixes" (its JSON in p.value)
jq_() { q "$C" "SELECT $1 FROM json_each(json_extract('$J', '\$.prefixes')) p ${2:-}"; }
check_eq "json: count and unknown" "2|1" \
	"$(q "$C" "SELECT json_extract('$J', '\$.count') || '|' || json_extract('$J', '\$.unknown')")"
check_eq "json: rows" "$ZH|0|6|2|Hani
Automatic reply:|1|6|2|Latn" \
	"$(jq_ "json_extract(value, '\$.fragment') || '|' || json_extract(value, '\$.known') || '|' ||
	        json_extract(value, '\$.count') || '|' || json_extract(value, '\$.identity_count') ||
	        '|' || json_extract(value, '\$.script')")"
check_eq "json: identities of the English prefix" "$ANNA:4,$BEN:2" \
	"$(jq_ "(SELECT group_concat(json_extract(i.value, '\$.identity') || ':' ||
	                             json_extract(i.value, '\$.count'), ',')
	          FROM json_each(json_extract(p.value, '\$.identities')) i)" \
	       "WHERE json_extract(p.value, '\$.known') = 1")"
"$MAILCASE" prefixes --json --unknown "$C" >"$T/json-unknown"
J=$(sed "s/'/''/g" "$T/json-unknown" | tr -d '\n')
check_eq "json --unknown: one row, unknown" "1|0" \
	"$(q "$C" "SELECT json_extract('$J', '\$.count') || '|' ||
	                  json_extract('$J', '\$.prefixes[0].known')")"

# A file that is not a case.
echo "not a case" >"$T/not-a-case"
check_status "a file that is not a case" 3 "$MAILCASE" prefixes "$T/not-a-case"
check_status "no case given" 2 "$MAILCASE" prefixes

# The report's section.
"$MAILCASE" report -q -o "$T/report.html" "$C" || fail "report"
sed -n '/id="generated"/,/<\/section>/p' "$T/report.html" >"$T/generated.html"
check_eq "report: the section" 1 "$(grep -c '<h2>Generated text seen</h2>' "$T/generated.html")"
check_eq "report: the Chinese prefix marked unknown" 1 \
	"$(grep -c "<span class=\"st partial\">unknown</span></td><td class=\"mono\">$ZH</td>" \
	   "$T/generated.html")"
check_eq "report: the English prefix marked known" 1 \
	"$(grep -c '<span class="st ok">known</span></td><td class="mono">Automatic reply:</td>' \
	   "$T/generated.html")"

# Evidence is hostile: a fragment with markup and a terminal escape,
# written into a copy of the case.
cp "$C" "$T/hostile.db"
q "$T/hostile.db" "UPDATE messages SET system_prefix = '<b onclick=x>Auto' || char(27) || '[31m:'
                   WHERE id = (SELECT min(id) FROM messages WHERE system_prefix = '$ZH')"
"$MAILCASE" prefixes "$T/hostile.db" >"$T/hostile.txt"
check_eq "text: the escape character is not printed" 0 "$(tr -cd '\033' <"$T/hostile.txt" | wc -c)"
check_eq "text: the hostile fragment is a third row" 3 "$(grep -c -E '^(known|UNKNOWN) ' "$T/hostile.txt")"
"$MAILCASE" report -q -o "$T/hostile.html" "$T/hostile.db" || fail "report of the hostile case"
check_eq "report: the markup escaped" 1 "$(grep -c '&lt;b onclick=x&gt;Auto' "$T/hostile.html")"
check_eq "report: no raw markup" 0 "$(grep -c '<b onclick' "$T/hostile.html")"
finish
