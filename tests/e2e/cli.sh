#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# cli.sh: what every command shares, for every command `mailcase --help`
# lists (the command table), read from the command's own --help: --help
# and -h exit 0 and print its usage line; an unknown option exits 2 with
# "Try 'mailcase CMD --help'"; each usage form without its operands, or
# with one operand too many, exits 2; a file that is not a case exits 3
# for a command that opens one (CASE in its usage), and is left as it was.
. "$top_srcdir/tests/e2e/lib.sh"

NOTCASE="$T/notcase.db"
printf 'this is not a database, just text that is long enough to matter......\n' >"$NOTCASE"
cp "$NOTCASE" "$T/notcase.orig"
# A case to give merge as its SHARD, so that only CASE is wrong.
SHARD="$T/shard.db"
"$MAILCASE" ingest -q --no-analyze "$SHARD" "$FIXTURES/mail/plain.eml" || fail "ingest of the shard failed"

"$MAILCASE" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print $1}' >"$T/commands"
check_eq "mailcase --help lists commands" yes "$([ -s "$T/commands" ] && echo yes || echo no)"
check_status "mailcase without a command" 2 "$MAILCASE"
check_status "mailcase --version" 0 "$MAILCASE" --version

# form_args CMD FORM MODE: the arguments of usage form FORM (the words after
# "mailcase CMD"), quoted for eval: its options, with a value for each that
# takes one (so the --help saved in $T/help says), then by MODE no operand
# (none), each operand (all) or one more (extra). Sets has_operands,
# has_case and many (an operand may repeat).
form_args() {
	args="" has_operands=no has_case=no many=no want_value=no
	for w in $2; do
		if [ $want_value = yes ]; then
			args="$args '$T/out'"
			want_value=no
			continue
		fi
		case $w in
		'[OPTION]...') continue ;;
		--*=N) args="$args '${w%=N}=2'"	# a count (plan --shards=N)
			continue ;;
		--*) args="$args '$w'"
			grep -q -- "$w=" "$T/help" && want_value=yes
			continue ;;
		-*) args="$args '$w'"
			grep -q -- "^  $w, --[a-z-]*=" "$T/help" && want_value=yes
			continue ;;
		esac
		has_operands=yes
		case $w in *...) many=yes ;; esac
		case $w in
		CASE) has_case=yes; value=$NOTCASE ;;
		EVIDENCE...|FILE...) value=$FIXTURES/mail/plain.eml ;;
		SHARD...) value=$SHARD ;;
		QUERY) value=budget ;;
		MESSAGE) value=1 ;;
		*) fail "$1: cli.sh has no value for operand $w"; value=x ;;
		esac
		[ "$3" = none ] || args="$args '$value'"
	done
	[ "$3" = extra ] && args="$args 'extra'"
}

while read -r cmd; do
	"$MAILCASE" "$cmd" --help >"$T/help" 2>"$T/help.err"
	check_eq "$cmd --help (exit status)" 0 "$?"
	usage=$(head -1 "$T/help")
	case $usage in
	"Usage: mailcase $cmd "*) check_eq "$cmd --help prints its usage line" yes yes ;;
	*) fail "$cmd --help: first line is [$usage], not its usage line" ;;
	esac
	check_eq "$cmd --help writes nothing on standard error" "" "$(cat "$T/help.err")"
	"$MAILCASE" "$cmd" -h >"$T/h"
	check_eq "$cmd -h is --help" "$(cat "$T/help")" "$(cat "$T/h")"

	check_status "$cmd with an unknown option" 2 "$MAILCASE" "$cmd" --no-such-option
	check_eq "$cmd: unknown option: Try 'mailcase $cmd --help'" 1 \
		"$(grep -c "^Try 'mailcase $cmd --help' for more information\.\$" "$T/err")"

	# The usage forms: the first line without "Usage: ", then the indented
	# lines that follow it.
	awk 'NR == 1 {sub(/^Usage: /, ""); print; next} /^ +mailcase /{sub(/^ +/, ""); print; next} {exit}' \
		"$T/help" | sed "s/^mailcase $cmd//" >"$T/forms"
	while read -r form; do
		form_args "$cmd" "$form" none
		if [ $has_operands = yes ]; then
			eval "check_status \"$cmd $form: no operand\" 2 \"\$MAILCASE\" $cmd $args" </dev/null
			grep -q "^Try 'mailcase $cmd --help'" "$T/err" ||
				fail "$cmd $form: no operand: no 'Try' line: $(head -1 "$T/err")"
		fi
		if [ $has_operands = yes ] && [ $many = no ]; then
			form_args "$cmd" "$form" extra
			eval "check_status \"$cmd $form: an operand too many\" 2 \"\$MAILCASE\" $cmd $args" </dev/null
		fi
		if [ $has_case = yes ]; then
			form_args "$cmd" "$form" all
			eval "check_status \"$cmd $form: CASE not a case\" 3 \"\$MAILCASE\" $cmd $args" </dev/null
			cmp -s "$NOTCASE" "$T/notcase.orig" || fail "$cmd changed a file that is not a case"
		fi
	done <"$T/forms"
done <"$T/commands"
finish
