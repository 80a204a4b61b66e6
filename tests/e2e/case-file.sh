#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# case-file.sh: the CLI's conventions and its refusal to use files that
# are not mailcase cases of this schema version.
. "$top_srcdir/tests/e2e/lib.sh"

check_status "--version" 0 "$MAILCASE" --version
grep -q '^mailcase [0-9]' "$T/out" && check_eq "version printed" yes yes || fail "--version output: $(cat "$T/out")"
check_status "--help" 0 "$MAILCASE" --help
for cmd in ingest info; do
	check_status "$cmd --help" 0 "$MAILCASE" "$cmd" --help
	grep -q "^Usage: mailcase $cmd" "$T/out" || fail "$cmd --help has no usage line"
done
check_status "no command" 2 "$MAILCASE"
check_status "unknown command" 2 "$MAILCASE" frobnicate
check_status "ingest without evidence" 2 "$MAILCASE" ingest "$T/c.db"
check_status "unknown option" 2 "$MAILCASE" ingest --no-such-option "$T/c.db" "$FIXTURES/mail"
check_status "bad --jobs" 2 "$MAILCASE" ingest --jobs=zero "$T/c.db" "$FIXTURES/mail"
test ! -e "$T/c.db" && check_eq "usage errors create no case file" yes yes || fail "case file created by a usage error"

printf 'this is not a database, just text that is long enough to matter......\n' >"$T/text.db"
check_status "a text file as case" 3 "$MAILCASE" ingest -q "$T/text.db" "$FIXTURES/mail/plain.eml"
check_eq "text file left untouched" 1 "$(grep -c 'not a database' "$T/text.db")"

sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
sum_before=$(sha256sum "$T/other.db")
check_status "another application's database" 3 "$MAILCASE" ingest -q "$T/other.db" "$FIXTURES/mail/plain.eml"
check_eq "other database untouched" "$sum_before" "$(sha256sum "$T/other.db")"

check_status "a fresh case" 0 "$MAILCASE" ingest -q "$T/case.db" "$FIXTURES/mail/plain.eml"
sqlite3 "$T/case.db" "PRAGMA user_version = 99"
check_status "a case of another schema version" 3 "$MAILCASE" info "$T/case.db"
grep -q "schema version 99" "$T/err" && check_eq "version error names the version" yes yes || fail "error: $(cat "$T/err")"
sqlite3 "$T/case.db" "PRAGMA user_version = 2"
check_status "info" 0 "$MAILCASE" info "$T/case.db"
grep -q "plain.eml" "$T/out" || fail "info does not list the evidence"
check_status "info --json" 0 "$MAILCASE" info --json "$T/case.db"
grep -q '"status":"ok"' "$T/out" || fail "info --json lacks the evidence status"
check_status "info on a missing case" 3 "$MAILCASE" info "$T/missing.db"
test ! -e "$T/missing.db" && check_eq "info creates nothing" yes yes || fail "info created a case file"
# A writing command other than ingest creates nothing: a mistyped name is
# an error, not a new empty case (issue 22, item 10).
check_status "analyze on a missing case" 3 "$MAILCASE" analyze -q "$T/typo.db"
grep -q "typo.db: No such file" "$T/err" && check_eq "the error names the file" yes yes || fail "error: $(cat "$T/err")"
test ! -e "$T/typo.db" && test ! -e "$T/typo.db.lock" && check_eq "analyze creates no case and no lock" yes yes ||
	fail "analyze created $(ls "$T" | grep typo)"
# An existing empty file is not a case, for ingest or analyze.
: >"$T/empty.db"
check_status "ingest into an empty file" 3 "$MAILCASE" ingest -q "$T/empty.db" "$FIXTURES/mail/plain.eml"
grep -q "empty.db: an empty file, not a case file" "$T/err" && check_eq "the error says why" yes yes || fail "error: $(cat "$T/err")"
check_status "analyze an empty file" 3 "$MAILCASE" analyze -q "$T/empty.db"
check_eq "the empty file stays empty" 0 "$(wc -c <"$T/empty.db")"
# --jobs: one error that gives the range.
check_status "--jobs over the maximum" 2 "$MAILCASE" ingest --jobs 100000 "$T/j.db" "$FIXTURES/mail"
check_eq "one error line, with the range" 1 "$(grep -c 'from 1 to 256' "$T/err")"
finish
