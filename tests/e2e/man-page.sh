#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# man-page.sh: docs/mailcase.1 matches the command table: every command
# `mailcase --help` lists has a section (.SS "mailcase CMD ...") and a
# SYNOPSIS line, and every section is a command; in each section, the
# options documented (the tags of its .TP paragraphs) are those the
# command's --help lists, long names and short letters alike (--help
# itself aside).
. "$top_srcdir/tests/e2e/lib.sh"

MAN="$top_srcdir/docs/mailcase.1"

"$MAILCASE" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print $1}' >"$T/commands"
check_eq "mailcase --help lists commands" yes "$([ -s "$T/commands" ] && echo yes || echo no)"

# Sections of the man page: "mailcase CMD ..." titles.
sed -n 's/^\.SS "mailcase \([a-z]*\).*/\1/p' "$MAN" >"$T/sections"
while read -r cmd; do
	grep -qx "$cmd" "$T/commands" || fail "man page section 'mailcase $cmd' is not a command"
	CHECKS=$((CHECKS + 1))
done <"$T/sections"

# options_of FILE: "--long" and "-x" words, one a line, sorted, from text
# where "\-" stands for "-" (man source) or not (--help).
options_of() {
	sed 's/\\-/-/g' "$1" | grep -o -- '\(^\|[^a-zA-Z0-9-]\)--*[a-zA-Z][a-zA-Z0-9-]*' |
		sed 's/^[^-]*//' | grep -vx -- '--help\|-h' | LC_ALL=C sort -u
}

while read -r cmd; do
	CHECKS=$((CHECKS + 1))
	before=$FAILS
	grep -q "^\.B mailcase $cmd\$" "$MAN" || fail "$cmd is not in the man page's SYNOPSIS"
	if ! grep -qx "$cmd" "$T/sections"; then
		fail "$cmd has no section in the man page"
		continue
	fi
	# The section's paragraph tags: the line after each .TP.
	awk -v t=".SS \"mailcase $cmd" 'index($0, t) == 1 {on=1; next}
		on && /^\.S[HS] / {exit}
		on && tag {print; tag=0; next}
		on && /^\.TP/ {tag=1}' "$MAN" >"$T/man-$cmd"
	options_of "$T/man-$cmd" >"$T/documented-$cmd"
	# The option list of --help: its lines that start with an option.
	"$MAILCASE" "$cmd" --help | awk '/^Options:$/{on=1; next} on && /^$/{exit}
		on && /^  (-[a-zA-Z0-9], |    )--/ {s=$0; sub(/^ +/, "", s); sub(/  .*/, "", s); print s}' >"$T/help-$cmd"
	options_of "$T/help-$cmd" >"$T/listed-$cmd"
	[ -s "$T/listed-$cmd" ] || fail "$cmd --help lists no option"
	for opt in $(comm -23 "$T/listed-$cmd" "$T/documented-$cmd"); do
		fail "$cmd $opt (in its --help) is not documented in the man page"
	done
	for opt in $(comm -13 "$T/listed-$cmd" "$T/documented-$cmd"); do
		fail "$cmd $opt (in the man page) is not in its --help"
	done
	[ "$FAILS" = "$before" ] && echo "ok: $cmd: $(tr '\n' ' ' <"$T/listed-$cmd")"
done <"$T/commands"
finish
