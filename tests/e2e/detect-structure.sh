#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# detect-structure.sh: the language of a system message's generated part
# found from the message's structure, not from the prefix table (issue 18).
# A mailbox whose auto-replies switch from English ("Automatic reply:", a
# prefix the table knows) to Chinese with a prefix the table does not know
# (built here from its bytes; the test checks that system-prefixes.c does
# not contain it) must get system_language, its basis and a
# system-language-switch finding: (a) with Thread-Topic headers and
# In-Reply-To originals in the case (bases thread-topic, original-subject);
# (b) without any of that, from the fragment the case's auto-replies share
# across different originals (case-prefix); (c) not when every Chinese
# auto-reply answers the same original (nothing to learn from).
. "$top_srcdir/tests/e2e/lib.sh"

# 休假自动应答： ("vacation automatic answer:"), UTF-8 bytes.
ZH=$(printf '\344\274\221\345\201\207\350\207\252\345\212\250\345\272\224\347\255\224\357\274\232')
check_eq "the Chinese prefix is not in the prefix table" 0 \
	"$(grep -c "$(printf '\344\274\221\345\201\207\350\207\252\345\212\250\345\272\224\347\255\224')" \
	   "$top_srcdir/analyzer/detect/system-prefixes.c")"
ZH_B64=$(printf '%s' "$ZH" | base64 | tr -d '\n')
OWNER=anna.meyer@example.org

# build DIR MODE: an mbox with the owner's own English mail, 24 English
# then 24 Chinese auto-replies to different originals. MODE structure:
# originals in the case, Thread-Topic on the first half, In-Reply-To on the
# second; bare: no originals, no Thread-Topic, no In-Reply-To; same: bare,
# and every Chinese auto-reply answers the same subject.
build() {
	mkdir -p "$1"
	f="$1/journal.mbox"
	: >"$f"
	for i in 1 2 3 4 5 6 7 8; do
		mbox_msg "$f" "$OWNER" "team@example.org" "$i" 10 "Notes from the meeting $i" "own$i@example.org" "" \
			"Hello team, here are the notes from our meeting this week. We agreed to send the budget figures to the customer by Friday and to review the contract next month. Best regards, Anna"
	done
	for i in $(seq 1 48); do
		day=$i sender="peer$((i % 6))@example.net"
		subj="Project update number $i"
		[ "$2" = same ] && [ "$i" -gt 24 ] && subj="Project update"
		extra="Auto-Submitted: auto-replied
X-Autoreply: yes"
		if [ "$2" = structure ]; then
			mbox_msg "$f" "$sender" "$OWNER" "$day" 8 "$subj" "orig$i@example.net" "" \
				"Dear Anna, please find the update attached and tell me what you think."
			if [ $((i % 2)) -eq 0 ]; then
				extra="$extra
Thread-Topic: $subj"
			else
				extra="$extra
In-Reply-To: <orig$i@example.net>"
			fi
		fi
		if [ "$i" -le 24 ]; then
			subject="Automatic reply: $subj"
		else
			subject="=?UTF-8?B?$ZH_B64?= $subj"
		fi
		mbox_msg "$f" "$OWNER" "$sender" "$day" 9 "$subject" "reply$i@example.org" "$extra" \
			"I am out of the office until Monday with limited access to mail."
	done
}

# Per mode: auto-replies, zh-Hans ones with the prefix as system_prefix,
# bases of the Chinese ones, switch findings for the owner.
for mode in structure bare same; do
	build "$T/$mode" "$mode"
	C="$T/$mode.db"
	"$MAILCASE" ingest -q "$C" "$T/$mode" >/dev/null 2>&1 || fail "$mode: ingest"
	"$MAILCASE" analyze -q "$C" >/dev/null 2>&1 || fail "$mode: analyze"
	check_eq "$mode: 48 auto-replies from the owner" 48 \
		"$(q "$C" "SELECT count(*) FROM messages WHERE system_kind = 'auto_reply'
		           AND system_identity = '$OWNER'")"
	check_eq "$mode: the English ones from the table" 24 \
		"$(q "$C" "SELECT count(*) FROM messages WHERE system_kind = 'auto_reply'
		           AND subject LIKE 'Automatic reply:%' AND system_language = 'en'
		           AND system_language_basis LIKE '%table%'")"
	q "$C" "SELECT count(*), coalesce(system_language, 'NULL'), coalesce(system_prefix = '$ZH', 0),
	               coalesce(system_language_basis, 'NULL')
	          FROM messages WHERE system_kind = 'auto_reply' AND subject LIKE '$ZH%'
	         GROUP BY 2, 3, 4 ORDER BY 4" >"$T/$mode.zh"
	q "$C" "SELECT count(*) FROM findings WHERE rule = 'system-language-switch'
	        AND identity = '$OWNER'" >"$T/$mode.findings"
done

check_eq "structure: the Chinese prefix located by Thread-Topic and the originals" \
	"12|zh-Hans|1|original-subject
12|zh-Hans|1|thread-topic" "$(cat "$T/structure.zh")"
check_eq "structure: system-language-switch found" 1 "$(cat "$T/structure.findings")"
check_eq "structure: the switch is from en to zh-Hans" "en|zh-Hans" \
	"$(q "$T/structure.db" "SELECT json_extract(details, '\$.before.language') || '|' ||
	                             json_extract(details, '\$.after.language')
	                        FROM findings WHERE rule = 'system-language-switch'")"
check_eq "bare: the Chinese prefix learned from the case" "24|zh-Hans|1|case-prefix" \
	"$(cat "$T/bare.zh")"
check_eq "bare: system-language-switch found" 1 "$(cat "$T/bare.findings")"
check_eq "same: one original teaches nothing" "24|NULL|0|NULL" "$(cat "$T/same.zh")"
check_eq "same: no switch without a language" 0 "$(cat "$T/same.findings")"

# Analysing again gives the same case.
q "$T/bare.db" "SELECT id, system_language, system_prefix, system_language_basis FROM messages
                ORDER BY id" >"$T/bare.1"
"$MAILCASE" analyze -q "$T/bare.db" >/dev/null 2>&1
check_eq "bare: a second analyze gives the same columns" "$(cat "$T/bare.1")" \
	"$(q "$T/bare.db" "SELECT id, system_language, system_prefix, system_language_basis
	                   FROM messages ORDER BY id")"
finish
