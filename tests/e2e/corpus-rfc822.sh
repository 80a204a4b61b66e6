#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# corpus-rfc822.sh: every RFC 822, mbox and neighbouring file of the shared
# corpus (../shared/corpus beside the source tree, or $MAILCASE_CORPUS)
# ingests without a crash, with one evidence row and a status per file, and
# mbox message counts equal an independent count (tests/e2e/mbox-count.awk).
# Skipped when the corpus is absent.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "SKIP: no corpus at $CORPUS"; exit 77; }

# kind values: see the corpus README
awk -F'\t' 'NR > 1 && ($6 ~ /^eml/ || $6 ~ /^mbox/ || $6 == "emlx" || $6 == "foxmail-box") { print $1 }' \
	"$CORPUS/MANIFEST.tsv" >"$T/list"
nfiles=$(wc -l <"$T/list")
echo "corpus: $nfiles RFC 822 / mbox files"

C="$T/case.db"
(cd "$CORPUS" && tr '\n' '\0' <"$T/list" | xargs -0 "$MAILCASE" ingest -q --jobs 2 "$C") 2>"$T/ingest.err"
st=$?
case $st in
0|1) check_eq "ingest finished normally (0 or 1)" ok ok ;;
*) fail "ingest exit status $st"; tail -20 "$T/ingest.err" ;;
esac

check_eq "one evidence row per file" "$nfiles" "$(q "$C" "SELECT count(DISTINCT path) FROM evidence")"
check_eq "no file twice" "$nfiles" "$(q "$C" "SELECT count(*) FROM evidence")"
check_eq "every row has a status and hashes" "$nfiles" \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('ok','partial','failed','skipped') AND length(sha256)=64")"
check_eq "no parser crashed or hung" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE error LIKE '%parser worker%'")"
check_eq "every failed or partial file says why" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('failed','partial') AND error IS NULL")"
echo "statuses: $(q "$C" "SELECT group_concat(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM evidence GROUP BY status)")"
q "$C" "SELECT status, path, error FROM evidence WHERE status <> 'ok' ORDER BY path" | sed 's/^/  /' | head -40

# Everything the manifest calls eml or mbox is read as mail (not skipped),
# except two files that are not RFC 822 and are rightly not claimed: a
# batch-SMTP transcript (HELO/MAIL FROM/DATA around the message) and a
# header block whose first line is indented (enmime's bad-header-start).
awk -F'\t' 'NR > 1 && ($6 == "eml" || $6 == "mbox") { print $1 }' "$CORPUS/MANIFEST.tsv" |
	grep -v -e '^spamassassin/t/data/spam/bsmtp$' -e '^enmime/testdata/low-quality/bad-header-start.raw$' >"$T/mail"
q "$C" "SELECT path FROM evidence WHERE status = 'skipped'" >"$T/skipped"
unread=$(grep -Fxf "$T/skipped" "$T/mail" | wc -l)
check_eq "no eml/mbox file skipped as not mail" 0 "$unread"
[ "$unread" = 0 ] || grep -Fxf "$T/skipped" "$T/mail" | head

# mbox counts against the independent counter.
awk -F'\t' 'NR > 1 && $6 ~ /^mbox/ { print $1 }' "$CORPUS/MANIFEST.tsv" >"$T/mboxes"
while IFS= read -r f; do
	want=$(LC_ALL=C awk -f "$top_srcdir/tests/e2e/mbox-count.awk" "$CORPUS/$f")
	got=$(q "$C" "SELECT message_count FROM evidence WHERE path = '$(printf %s "$f" | sed "s/'/''/g")'")
	check_eq "messages in $f" "$want" "$got"
done <"$T/mboxes"

check_eq "case integrity" ok "$(q "$C" 'PRAGMA integrity_check')"
echo "messages: $(q "$C" 'SELECT count(*) FROM messages'), embedded: $(q "$C" "SELECT count(*) FROM messages WHERE origin='embedded'")"
finish
