#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# output-paths.sh: an output FILE (export -o, report -o, show --raw -o)
# never destroys the case or its evidence (issue 22, item 3). Refused with
# exit status 2 and the path named, the case and the evidence byte-identical
# after: the case file, a hard link to it, a symbolic link to it, its
# -journal/-wal/.lock names, a recorded evidence file (by its path and by a
# hard link), a file inside a Maildir evidence (existing or new), a standard
# output appending to evidence. Written directly, never replaced: a link to
# the standard output (/dev/stdout, and a link of the test's own so that the
# unfixed build cannot replace the system's /dev/stdout), a FIFO, a
# character device. A symbolic link to a regular file is followed and the
# file it names written; one to nothing is refused.
. "$top_srcdir/tests/e2e/lib.sh"

cd "$T" || exit 1
mkdir ev
cp "$FIXTURES/mbox/sample.mbox" ev/
cp "$FIXTURES/mail/plain.eml" ev/x.eml
make_maildir ev/md
"$MAILCASE" ingest -q c.db ev >/dev/null 2>&1
check_eq "three evidence, one a Maildir" "3|1" \
	"$(q c.db "SELECT count(*), sum(format = 'maildir') FROM evidence")"
ID=$(q c.db "SELECT min(id) FROM messages")
MD_FILE=$(ls ev/md/cur | head -1)

sums() { find c.db ev -type f | LC_ALL=C sort | xargs sha256sum | sha256sum; }
BEFORE=$(sums)
tar -cf pristine.tar c.db ev
# (after a failure, the case put back so that each case is tried on its own)
restore() { [ "$BEFORE" = "$(sums)" ] && [ ! -e c.db-journal ] && [ ! -e c.db-wal ] ||
	{ rm -rf c.db c.db-journal c.db-wal c.db-shm ev && tar -xf pristine.tar; }; }

# refused WHAT PATH-IN-MESSAGE CMD...: exit 2, the path named, nothing changed
refused() {
	what=$1 named=$2
	shift 2
	check_status "$what" 2 "$@"
	check_eq "$what: names $named" 1 "$(grep -c -F -- "$named: refusing to write there" "$T/err")"
	check_eq "$what: case and evidence unchanged" "$BEFORE" "$(sums)"
	restore
}

refused "export -o the case" c.db "$MAILCASE" export -o c.db c.db
refused "report -o the case" c.db "$MAILCASE" report c.db -o c.db
refused "show --raw -o the case" c.db "$MAILCASE" show --raw -o c.db c.db "$ID"
refused "export -o an evidence file" ev/x.eml "$MAILCASE" export -o ev/x.eml c.db
ln ev/x.eml hard.eml
refused "export -o a hard link to evidence" hard.eml "$MAILCASE" export -o hard.eml c.db
ln c.db hard.db
refused "report -o a hard link to the case" hard.db "$MAILCASE" report -o hard.db c.db
ln -s c.db link.db
refused "export -o a symbolic link to the case" link.db "$MAILCASE" export -o link.db c.db
refused "export -o the case's lock" c.db.lock "$MAILCASE" export -o c.db.lock c.db
for side in c.db-journal c.db-wal; do
	refused "export -o $side" $side "$MAILCASE" export -o $side c.db
	check_eq "$side not created" no "$(test -e $side && echo yes || echo no)"
done
refused "show --raw -o a Maildir file" "ev/md/cur/$MD_FILE" \
	"$MAILCASE" show --raw -o "ev/md/cur/$MD_FILE" c.db "$ID"
refused "export -o a new file inside a Maildir evidence" ev/md/new/added \
	"$MAILCASE" export -o ev/md/new/added c.db
check_eq "nothing added to the Maildir" no "$(test -e ev/md/new/added && echo yes || echo no)"
check_status "export >> evidence" 2 sh -c "exec \"\$0\" export c.db >>ev/x.eml" "$MAILCASE"
check_eq "export >> evidence: refused by name" 1 \
	"$(grep -c 'standard output: refusing to write there: it is evidence' "$T/err")"
check_eq "export >> evidence: case and evidence unchanged" "$BEFORE" "$(sums)"
restore

# What is allowed: the same bytes as standard output, the target's kind kept.
"$MAILCASE" export c.db >expected.csv
"$MAILCASE" report -o - c.db >expected.html 2>/dev/null
check_status "export -o a new file" 0 "$MAILCASE" export -o new.csv c.db
check_eq "its content" "$(sha256sum <expected.csv)" "$(sha256sum <new.csv)"
check_eq "no temporary file left" 0 "$(ls -a | grep -c mailcase-)"

check_status "export -o /dev/stdout" 0 sh -c "\"\$0\" export -o /dev/stdout c.db | cat >piped.csv" "$MAILCASE"
check_eq "export -o /dev/stdout: written to the pipe" "$(sha256sum <expected.csv)" "$(sha256sum <piped.csv)"
ln -s /proc/self/fd/1 stdout-link
check_status "report -o a link to the standard output" 0 \
	sh -c "\"\$0\" report -q -o stdout-link c.db | cat >piped.html" "$MAILCASE"
check_eq "report: written to the pipe" "$(sha256sum <expected.html)" "$(sha256sum <piped.html)"
check_eq "the link is still a link" yes "$(test -L stdout-link && echo yes || echo no)"
check_status "show --raw -o the standard output redirected to a file" 0 \
	sh -c "\"\$0\" show --raw -o stdout-link c.db $ID >raw.eml" "$MAILCASE"
check_eq "show: the bytes in the redirected file" 1 "$(test -s raw.eml && echo 1 || echo 0)"
check_eq "show: the link is still a link" yes "$(test -L stdout-link && echo yes || echo no)"

mkfifo fifo
timeout 60 cat fifo >fifo.html &
check_status "report -o a FIFO" 0 "$MAILCASE" report -q -o fifo c.db
test -p fifo || kill $! 2>/dev/null # (replaced by a file: the reader waits in vain)
wait
check_eq "the FIFO is still a FIFO" yes "$(test -p fifo && echo yes || echo no)"
check_eq "the reader got the report" "$(sha256sum <expected.html)" "$(sha256sum <fifo.html)"

if mknod null c 1 3 2>/dev/null; then
	check_status "report -o a character device" 0 "$MAILCASE" report -q -o null c.db
	check_eq "the device is still a device" yes "$(test -c null && echo yes || echo no)"
else
	echo "(no mknod: the character device is not tried)"
fi

echo old >real.csv
ln -s real.csv link.csv
check_status "export -o a symbolic link to a regular file" 0 "$MAILCASE" export -o link.csv c.db
check_eq "the link is still a link" yes "$(test -L link.csv && echo yes || echo no)"
check_eq "the file it names was written" "$(sha256sum <expected.csv)" "$(sha256sum <real.csv)"
ln -s nowhere.csv dangling.csv
refused "export -o a link to nothing" dangling.csv "$MAILCASE" export -o dangling.csv c.db
check_eq "nothing created" no "$(test -e nowhere.csv && echo yes || echo no)"

finish
