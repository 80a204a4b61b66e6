#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/limits.sh: hostile messages against the resource limits of
# parsers/resource-limits.h (docs/limits.md). Each is generated here, into
# the test's temporary directory (nothing is committed): MIME nesting 10,000
# levels deep (multipart and message/rfc822), 1,000,000 header fields, one
# header field of 2 MiB, a body of 100 MB of base64, 100,000 attachments,
# and an mbox whose line is longer than the mbox line limit. Ingesting them
# must finish (there is no timeout: finishing is the assertion), keep the
# message with what was read, make the evidence `partial`, and say which
# limit was hit, where and at what value (problems rows, evidence.error,
# messages.warnings).
. "$top_srcdir/tests/e2e/lib.sh"

command -v awk >/dev/null 2>&1 || { echo "SKIP: awk not installed"; exit 77; }
command -v base64 >/dev/null 2>&1 || { echo "SKIP: base64 not installed"; exit 77; }
E="$T/evidence"
mkdir -p "$E"

hdr() { # the headers every generated message starts with
	printf 'From: mallory@example.org\nTo: anna@example.org\nSubject: %s\n' "$1"
	printf 'Date: Mon, 14 Feb 2011 09:00:00 +0100\nMessage-ID: <%s@example.org>\nMIME-Version: 1.0\n' "$2"
}

# 10,000 multiparts, one in the other
{ hdr "deep multipart" deep-mp
  awk 'BEGIN { n = 10000
	for (i = 1; i <= n; i++)
		printf "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i
	printf "Content-Type: text/plain\n\ninnermost\n"
	for (i = n; i >= 1; i--) printf "--b%d--\n", i }'
} >"$E/deep-multipart.eml"

# 10,000 message/rfc822, one in the other
{ hdr "deep rfc822" deep-msg
  awk 'BEGIN { n = 10000
	for (i = 1; i <= n; i++)
		printf "Content-Type: message/rfc822\n\nSubject: level %d\nFrom: a%d@example.org\n", i, i
	printf "Content-Type: text/plain\n\ninnermost\n" }'
} >"$E/deep-rfc822.eml"

# 1,000,000 header fields
{ hdr "many headers" many-hdr
  awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "X-H%d: v\n", i }'
  printf '\nbody after the headers\n'
} >"$E/many-headers.eml"

# one header field of 2 MiB (folded lines)
{ hdr "huge header" huge-hdr
  printf 'X-Huge: start\n'
  awk 'BEGIN { l = sprintf("%0999d", 0); for (i = 0; i < 2100; i++) printf " %s\n", l }'
  printf '\nbody\n'
} >"$E/huge-header.eml"

# a 100 MB base64 body part (75 MB decoded)
{ hdr "big part" big-part
  printf 'Content-Type: multipart/mixed; boundary="B"\n\n--B\n'
  printf 'Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n\n'
  head -c 78643200 /dev/zero | tr '\0' 'a' | base64 -w 76
  printf '\n--B--\n'
} >"$E/big-part.eml"

# 100,000 attachments
{ hdr "many attachments" many-att
  printf 'Content-Type: multipart/mixed; boundary="A"\n\n--A\nContent-Type: text/plain\n\nsee attached\n'
  awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "--A\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"f%d.bin\"\n\nx%d\n", i, i
	printf "--A--\n" }'
} >"$E/many-attachments.eml"

# an mbox with one line of 20 MiB in its second message, then a third
{ printf 'From a@example.org Mon Feb 14 09:00:00 2011\n'; hdr "first" mb1; printf '\nfine\n\n'
  printf 'From b@example.org Mon Feb 14 09:01:00 2011\n'; hdr "long line" mb2; printf '\n'
  head -c 20971520 /dev/zero | tr '\0' 'L'; printf '\nafter the line\n\n'
  printf 'From c@example.org Mon Feb 14 09:02:00 2011\n'; hdr "third" mb3; printf '\nlast\n'
} >"$E/long-line.mbox"

t0=$(date +%s)
"$MAILCASE" ingest --no-analyze "$T/case.db" "$E" >"$T/out" 2>"$T/err"
rc=$?
t1=$(date +%s)
echo "ingest took $((t1 - t0)) s"
check_eq "ingest finished, some evidence partial (exit 1)" 1 "$rc"
[ "$rc" = 1 ] || sed 's/^/  stderr: /' "$T/err" | head -20

DB="$T/case.db"
# ev FILE: evidence id of a generated file
ev() { q "$DB" "SELECT id FROM evidence WHERE path LIKE '%/$1'"; }
status() { q "$DB" "SELECT status FROM evidence WHERE path LIKE '%/$1'"; }
# limit_problem FILE LIMIT: problem rows of that evidence naming the limit
limit_problem() {
	q "$DB" "SELECT count(*) FROM problems WHERE evidence_id = $(ev "$1") AND severity = 'warning'
	         AND message LIKE 'resource limit $2 (%) exceeded: %'"
}
# expect FILE LIMIT MESSAGES: status partial, the limit named in problems,
# in evidence.error and in the message's warnings; MESSAGES stored
expect() {
	f=$1 lim=$2
	check_eq "$f: status" partial "$(status "$f")"
	n=$(limit_problem "$f" "$lim")
	CHECKS=$((CHECKS + 1))
	[ "${n:-0}" -ge 1 ] && echo "ok: $f: problem row names $lim" ||
		fail "$f: no warning problem naming resource limit $lim"
	err=$(q "$DB" "SELECT error FROM evidence WHERE id = $(ev "$f")")
	case $err in
	*"resource limit $lim ("*") exceeded: "*" at "*) echo "ok: $f: evidence.error names $lim and where"
		CHECKS=$((CHECKS + 1)) ;;
	*) fail "$f: evidence.error [$err]" ;;
	esac
	n=$(q "$DB" "SELECT count(*) FROM messages WHERE evidence_id = $(ev "$f")")
	if [ "$3" = "+" ]; then
		CHECKS=$((CHECKS + 1))
		[ "${n:-0}" -ge 1 ] && echo "ok: $f: $n messages kept" || fail "$f: no message kept"
	else
		check_eq "$f: messages kept" "$3" "$n"
	fi
	w=$(q "$DB" "SELECT count(*) FROM messages WHERE evidence_id = $(ev "$f")
	             AND warnings LIKE '%resource limit $lim (%'")
	CHECKS=$((CHECKS + 1))
	[ "${w:-0}" -ge 1 ] && echo "ok: $f: message warnings name $lim" ||
		[ "$lim" = mbox-line ] || fail "$f: no message warning naming $lim"
}

expect deep-multipart.eml mime-depth 1
expect deep-rfc822.eml mime-depth +
expect many-headers.eml header-count 1
expect huge-header.eml header-bytes 1
expect big-part.eml part-bytes 1
expect many-attachments.eml attachments 1
expect long-line.mbox mbox-line 3

# the values: what was kept and what the warnings say
check_eq "deep multipart: subject kept" "deep multipart" \
	"$(q "$DB" "SELECT subject FROM messages WHERE evidence_id = $(ev deep-multipart.eml)")"
check_eq "many headers: the first 10000 kept" 10000 \
	"$(q "$DB" "SELECT count(*) FROM headers h JOIN messages m ON m.id = h.message_id
	            WHERE m.evidence_id = $(ev many-headers.eml)")"
check_eq "many headers: subject kept" "many headers" \
	"$(q "$DB" "SELECT subject FROM messages WHERE evidence_id = $(ev many-headers.eml)")"
check_eq "big part: body cut at the limit (24 MiB from 32 MiB of base64)" 1 \
	"$(q "$DB" "SELECT length(body_text) BETWEEN 24000000 AND 25165824 FROM messages
	            WHERE evidence_id = $(ev big-part.eml)")"
check_eq "big part: the value is in the warning" 1 \
	"$(q "$DB" "SELECT count(*) FROM problems WHERE evidence_id = $(ev big-part.eml)
	            AND message LIKE '%of 10%encoded bytes; only the first 33554432 decoded'")"
check_eq "many attachments: 10000 recorded" 10000 \
	"$(q "$DB" "SELECT attachment_count FROM messages WHERE evidence_id = $(ev many-attachments.eml)")"
check_eq "long line: the line's offset and length in the problem" 1 \
	"$(q "$DB" "SELECT count(*) FROM problems WHERE evidence_id = $(ev long-line.mbox)
	            AND message LIKE '%a line of 20971520 bytes at byte %'")"
check_eq "long line: the third message is intact" "last" \
	"$(q "$DB" "SELECT body_text FROM messages WHERE evidence_id = $(ev long-line.mbox)
	            AND subject = 'third'")"
finish
