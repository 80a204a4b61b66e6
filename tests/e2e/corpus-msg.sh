#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# corpus-msg.sh: every Outlook .msg file of the shared corpus (../shared/corpus
# beside the source tree, or $MAILCASE_CORPUS) ingests as format msg without
# a crash, with status ok or a stated reason; code-page (ANSI) MSGs decode
# to the right script and embedded messages hang under their holder.
# Skipped when the corpus is absent.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "SKIP: no corpus at $CORPUS"; exit 77; }

awk -F'\t' 'NR > 1 && $6 == "msg" { print $1 }' "$CORPUS/MANIFEST.tsv" >"$T/list"
nfiles=$(wc -l <"$T/list")
echo "corpus: $nfiles .msg files"
[ "$nfiles" -gt 0 ] || { echo "SKIP: no .msg files in the corpus"; exit 77; }

C="$T/case.db"
(cd "$CORPUS" && tr '\n' '\0' <"$T/list" | xargs -0 "$MAILCASE" ingest -q --jobs 2 "$C") 2>"$T/ingest.err"
st=$?
# mailcase exits 1 when some evidence failed; xargs turns that into 123
case $st in
0|1|123) check_eq "ingest finished normally" ok ok ;;
*) fail "ingest exit status $st"; tail -20 "$T/ingest.err" ;;
esac

check_eq "one evidence row per file" "$nfiles" "$(q "$C" "SELECT count(*) FROM evidence")"
check_eq "every file detected as msg" "$nfiles" "$(q "$C" "SELECT count(*) FROM evidence WHERE format = 'msg'")"
check_eq "no parser crashed or hung" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE error LIKE '%parser worker%'")"
check_eq "every failed or partial file says why" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('failed','partial') AND error IS NULL")"
check_eq "every file read yields its message" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status = 'ok' AND message_count < 1")"
echo "statuses: $(q "$C" "SELECT group_concat(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM evidence GROUP BY status)")"
echo "variants: $(q "$C" "SELECT group_concat(coalesce(variant,'-') || '=' || n, ' ') FROM (SELECT variant, count(*) n FROM evidence GROUP BY variant)")"
q "$C" "SELECT status, path, error FROM evidence WHERE status <> 'ok' ORDER BY path" | sed 's/^/  /' | head -40

# msgfile PATH SQL-EXPR-ON-m: value for the root message of one file
root() {
	q "$C" "SELECT $2 FROM messages m JOIN evidence e ON e.id = m.evidence_id
	        WHERE e.path = '$1' AND m.parent_id IS NULL"
}
has() { [ -n "$(grep -F "$1" "$CORPUS/MANIFEST.tsv" | head -1)" ]; }

# Every root message has the class its manifest line names.
awk -F'\t' 'NR > 1 && $6 == "msg" && match($7, /class=[^ ]+/) {
	print $1 "\t" substr($7, RSTART + 6, RLENGTH - 6) }' "$CORPUS/MANIFEST.tsv" >"$T/classes"
bad=0
while IFS="$(printf '\t')" read -r f cls; do
	fq=$(printf %s "$f" | sed "s/'/''/g")
	[ "$(q "$C" "SELECT status FROM evidence WHERE path = '$fq'")" = failed ] && continue
	got=$(root "$fq" message_class)
	[ "$got" = "$cls" ] || { bad=$((bad + 1)); echo "  class of $f: [$got], manifest [$cls]"; }
done <"$T/classes"
check_eq "message classes as in the manifest" 0 "$bad"

f=msgreader-js/test/nonUnicodeCP932.msg
if has "$f"; then
	check_eq "Shift_JIS MSG: subject has Japanese" 1 \
		"$(root "$f" "subject GLOB '*[ぁ-ゟ゠-ヿ一-龯]*'")"
	check_eq "Shift_JIS MSG: body has Japanese" 1 \
		"$(root "$f" "body_text GLOB '*[ぁ-ゟ゠-ヿ一-龯]*'")"
fi
f=poi/test-data/hsmf/cyrillic_message.msg
if has "$f"; then
	check_eq "windows-1251 MSG: subject is Cyrillic" 1 "$(root "$f" "subject GLOB '*[А-я]*'")"
	check_eq "windows-1251 MSG: code page" 1251 "$(root "$f" codepage)"
fi
check_eq "embedded messages hang under a holder of the same file" 0 \
	"$(q "$C" "SELECT count(*) FROM messages m WHERE m.origin = 'embedded' AND NOT EXISTS
	          (SELECT 1 FROM messages p WHERE p.id = m.parent_id AND p.evidence_id = m.evidence_id)")"
echo "messages: $(q "$C" 'SELECT count(*) FROM messages'), embedded: $(q "$C" "SELECT count(*) FROM messages WHERE origin='embedded'"), attachments: $(q "$C" 'SELECT count(*) FROM attachments'), hashed: $(q "$C" "SELECT count(*) FROM attachments WHERE length(sha256) = 64")"
check_eq "case integrity" ok "$(q "$C" 'PRAGMA integrity_check')"
finish
