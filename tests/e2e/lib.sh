# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/lib.sh: helpers for the end-to-end tests (sourced, POSIX sh).
#
# The automake harness exports MAILCASE (the built binary), top_srcdir and
# top_builddir. Exit 77 means "skipped" to the harness.

set -u
: "${MAILCASE:?run through make check}"
: "${top_srcdir:?run through make check}"
FIXTURES="$top_srcdir/fixtures"
T=$(mktemp -d "${TMPDIR:-/tmp}/mailcase-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0
CHECKS=0

command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 command not installed"; exit 77; }

# q CASE SQL: one query, '|'-separated output
q() { sqlite3 -batch -bail "$1" "$2"; }

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
	CHECKS=$((CHECKS + 1))
	if [ "$2" = "$3" ]; then
		echo "ok: $1"
	else
		fail "$1: expected [$2], got [$3]"
	fi
}

# check_cmd WHAT EXPECTED-STATUS CMD...: run CMD, compare its exit status
check_status() {
	what=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	check_eq "$what (exit status)" "$want" "$got"
	[ "$got" = "$want" ] || { sed 's/^/  stderr: /' "$T/err" | head -20; }
}

# make_maildir DIR: a Maildir (cur/new/tmp) holding the EML fixtures
make_maildir() {
	mkdir -p "$1/cur" "$1/new" "$1/tmp" "$1/.Sent/cur" "$1/.Sent/new" "$1/.Sent/tmp"
	i=0
	for f in "$FIXTURES"/mail/*.eml; do
		i=$((i + 1))
		cp "$f" "$1/cur/130010000$i.M1P1.host:2,S"
	done
	cp "$FIXTURES/mail/plain.eml" "$1/new/1300200000.M2P2.host"
	cp "$FIXTURES/mail/attachment.eml" "$1/.Sent/cur/1300300000.M3P3.host:2,S"
}

# One message appended to an mbox, dated 2011-02-01 HOUR:00 UTC + DAY days:
# mbox_msg FILE FROM TO DAY HOUR SUBJECT MESSAGE-ID EXTRA-HEADERS BODY
mbox_msg() {
	when="2011-02-01 $5:00:00 UTC +$4 days"
	{
		printf 'From %s %s\n' "$2" "$(date -u -d "$when" '+%a %b %e %H:%M:%S %Y')"
		printf 'From: <%s>\nTo: <%s>\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' \
			"$2" "$3" "$6" "$(date -u -d "$when" -R)" "$7"
		[ -n "$8" ] && printf '%s\n' "$8"
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n\n' "$9"
	} >>"$1"
}

# make_store_mboxes DIR: the mbox files of two mail stores, written here:
# DIR/Thunderbird/Inbox, a Thunderbird folder file (X-Mozilla-Status: read;
# read and replied; deleted, not compacted away (0x0009); flagged and
# forwarded, with an MDN sent in X-Mozilla-Status2), and DIR/Takeout/All
# mail Including Spam and Trash.mbox, a Google Takeout export (X-GM-THRID,
# X-Gmail-Labels with system labels and a quoted user label).
make_store_mboxes() {
	mkdir -p "$1/Thunderbird" "$1/Takeout"
	tb="$1/Thunderbird/Inbox"
	mbox_msg "$tb" anna@example.org me@example.org 1 9 "status read" tb-1@example.org \
		"$(printf 'X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000')" "first"
	mbox_msg "$tb" anna@example.org me@example.org 2 9 "status replied" tb-2@example.org \
		"$(printf 'X-Mozilla-Status: 0003\nX-Mozilla-Status2: 00000000')" "second"
	mbox_msg "$tb" eve@example.net me@example.org 3 9 "status deleted" tb-3@example.org \
		"$(printf 'X-Mozilla-Status: 0009\nX-Mozilla-Status2: 00000000')" "deleted, still here"
	mbox_msg "$tb" anna@example.org me@example.org 4 9 "status forwarded" tb-4@example.org \
		"$(printf 'X-Mozilla-Status: 1005\nX-Mozilla-Status2: 00800000')" "fourth"
	go="$1/Takeout/All mail Including Spam and Trash.mbox"
	mbox_msg "$go" news@example.com me@example.org 1 10 "labels inbox" go-1@example.org \
		"$(printf 'X-GM-THRID: 1592384754437813123\nX-Gmail-Labels: Inbox,Important,Opened,Category Updates')" "news"
	mbox_msg "$go" me@example.org anna@example.org 2 10 "labels sent" go-2@example.org \
		"$(printf 'X-GM-THRID: 1592384754437813124\nX-Gmail-Labels: Sent,Opened')" "sent"
	mbox_msg "$go" anna@example.org me@example.org 3 10 "labels user" go-3@example.org \
		"$(printf 'X-GM-THRID: 1592384754437813124\nX-Gmail-Labels: "Kunden, alt",Archived,Trash')" "user"
}

# sha256 of a byte range of a file: range_sha256 FILE OFFSET LENGTH
range_sha256() {
	tail -c +"$(($2 + 1))" "$1" | head -c "$3" | sha256sum | cut -d' ' -f1
}

finish() {
	echo "$CHECKS checks, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}
