#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# pst-own-equality.sh: our own PST reader (--pst-reader=own, issue 19)
# against libpff, the independent reader: the same PSTs ingested with both
# into two cases give the same rows for what our reader covers: folders
# (path, name, role, count), the messages of folders and hidden (FAI)
# items and the messages embedded in them (every column but the case's own
# ids), their headers, recipients, attachments (SHA-256 of the data
# included) and message_props (named properties too). Rows are matched by
# the evidence path and the item's locator (node ids of the file), never by
# the case's ids. Deleted (recovered) and orphan items are libpff's alone
# for now (docs/pst-reader.md) and left out. A file our reader refuses is
# read by libpff, with a warning. Inputs: PSTs mkevidence writes
# (Unicode and ANSI, with attachments of one to several blocks and a 9 MB
# one: XBLOCK and XXBLOCK data trees; an inbox of 1,500 items, whose
# contents table's row matrix spans many blocks, read one at a time), 4K-page
# OSTs (Outlook 2013's format, wVer 36: 4 KiB pages, zlib-compressed blocks;
# libpff 20180714 reads them) and every PST/OST of the shared corpus
# (MANIFEST.tsv; that part is skipped when the corpus is absent).
. "$top_srcdir/tests/e2e/lib.sh"

MKEV=${top_builddir:-.}/mkevidence
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
mkdir -p "$T/in"
"$MKEV" --scenario eu2011 --seed 11 --mailboxes 2 --weeks 2 --out "$T/gen-u" >/dev/null \
	|| fail "mkevidence pst"
"$MKEV" --scenario eu2011 --seed 12 --mailboxes 2 --weeks 2 --format pst-ansi \
	--out "$T/gen-a" >/dev/null || fail "mkevidence pst-ansi"
"$MKEV" --scenario baseline --seed 3 --mailboxes 1 --weeks 1 --messages 3 \
	--attachment-bytes 30000 --out "$T/gen-att" >/dev/null || fail "mkevidence attachments"
"$MKEV" --scenario baseline --seed 5 --mailboxes 1 --weeks 1 --messages 1500 \
	--out "$T/gen-many" >/dev/null || fail "mkevidence 1500 messages"
"$MKEV" --scenario baseline --seed 4 --mailboxes 1 --weeks 1 --messages 1 \
	--attachment-bytes 9000000 --out "$T/gen-big" >/dev/null || fail "mkevidence 9 MB"
"$MKEV" --scenario baseline --seed 4 --mailboxes 1 --weeks 1 --messages 1 --format pst-ansi \
	--attachment-bytes 9000000 --out "$T/gen-big-a" >/dev/null || fail "mkevidence 9 MB ANSI"
"$MKEV" --scenario eu2011 --seed 13 --mailboxes 2 --weeks 2 --format ost4k \
	--out "$T/gen-4k" >/dev/null || fail "mkevidence ost4k"
"$MKEV" --scenario baseline --seed 6 --mailboxes 1 --weeks 1 --messages 600 --format ost4k \
	--attachment-bytes 200000 --out "$T/gen-4k-many" >/dev/null || fail "mkevidence ost4k 600 messages"
for d in gen-u gen-a gen-att gen-many gen-big gen-big-a gen-4k gen-4k-many; do
	for f in "$T/$d"/*.pst "$T/$d"/*.ost; do [ -f "$f" ] && cp "$f" "$T/in/$d-$(basename "$f")"; done
done
check_eq "4K-page OSTs among the inputs" 3 "$(ls "$T/in" | grep -c '^gen-4k.*\.ost$')"
CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	awk -F'\t' 'NR > 1 && ($6 == "pst" || $6 == "ost" || $6 ~ /^pst\(/) { print $1 }' \
		"$CORPUS/MANIFEST.tsv" | while IFS= read -r f; do
		[ -f "$CORPUS/$f" ] && cp "$CORPUS/$f" "$T/in/corpus-$(printf %s "$f" | tr '/ ' '__')"
	done
else
	echo "note: no corpus at $CORPUS; generated PSTs only"
fi
echo "inputs: $(ls "$T/in" | wc -l) PST/OST files"

for reader in libpff own; do
	(cd "$T/in" && "$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/$reader.case" ./*) \
		>"$T/$reader.out" 2>&1
	st=$?
	case $st in
	0|1) ;;
	*) fail "ingest --pst-reader=$reader: exit status $st"; tail -5 "$T/$reader.out" ;;
	esac
done
check_eq "our reader read every file itself" 0 \
	"$(q "$T/own.case" "SELECT count(*) FROM evidence WHERE variant NOT LIKE '% (own)'")"
check_eq "our reader says so in evidence.variant" \
	"$(q "$T/libpff.case" "SELECT group_concat(path || '=' || variant || ' (own)', ' ') FROM evidence")" \
	"$(q "$T/own.case" "SELECT group_concat(path || '=' || variant, ' ') FROM evidence")"

# The columns of table $2 but the case's ids, each quoted, '|'-joined.
cols() {
	q "$1" "SELECT group_concat('replace(quote(t.' || name || '), char(10), ''\\n'')', ' || ''|'' || ')
	        FROM pragma_table_info('$2')
	        WHERE name NOT IN ('id', 'evidence_id', 'folder_id', 'parent_id', 'message_id')"
}

# dump CASE: the rows compared, one per line, sorted.
dump() {
	c=$1
	# messages of folders and hidden items, and those embedded in them
	q "$c" "CREATE TEMP TABLE scope AS WITH RECURSIVE s(id) AS (
	          SELECT id FROM messages WHERE origin IN ('folder', 'hidden')
	          UNION SELECT m.id FROM messages m JOIN s ON m.parent_id = s.id)
	        SELECT id FROM s;
	        CREATE TEMP VIEW mk AS SELECT m.id, e.path || '|' || m.locator AS k,
	          coalesce(f.path, '-') AS folder,
	          coalesce((SELECT p.locator FROM messages p WHERE p.id = m.parent_id), '-') AS parent
	          FROM messages m JOIN evidence e ON e.id = m.evidence_id
	          LEFT JOIN folders f ON f.id = m.folder_id WHERE m.id IN (SELECT id FROM scope);
	        SELECT 'F|' || e.path || '|' || $(cols "$c" folders)
	          FROM folders t JOIN evidence e ON e.id = t.evidence_id
	          WHERE t.locator NOT LIKE 'pst:recovered%' AND t.locator NOT LIKE 'pst:orphan%';
	        SELECT 'M|' || mk.k || '|' || mk.folder || '|' || mk.parent || '|' || $(cols "$c" messages)
	          FROM messages t JOIN mk ON mk.id = t.id;
	        SELECT 'R|' || mk.k || '|' || $(cols "$c" recipients)
	          FROM recipients t JOIN mk ON mk.id = t.message_id;
	        SELECT 'A|' || mk.k || '|' || $(cols "$c" attachments)
	          FROM attachments t JOIN mk ON mk.id = t.message_id;
	        SELECT 'H|' || mk.k || '|' || $(cols "$c" headers)
	          FROM headers t JOIN mk ON mk.id = t.message_id;
	        SELECT 'P|' || mk.k || '|' || $(cols "$c" message_props)
	          FROM message_props t JOIN mk ON mk.id = t.message_id;" | LC_ALL=C sort
}
dump "$T/libpff.case" >"$T/libpff.rows"
dump "$T/own.case" >"$T/own.rows"
for k in F M R A H P; do
	echo "rows $k: libpff $(grep -c "^$k|" "$T/libpff.rows"), own $(grep -c "^$k|" "$T/own.rows")"
done
check_eq "rows compared" yes "$([ "$(grep -c '^M|' "$T/libpff.rows")" -gt 100 ] && echo yes || echo no)"
check_eq "attachments hashed" yes \
	"$([ "$(grep '^A|' "$T/libpff.rows" | grep -c "'[0-9a-f]\{64\}'")" -gt 5 ] && echo yes || echo no)"
if diff "$T/libpff.rows" "$T/own.rows" >"$T/diff"; then
	check_eq "the same rows with both readers" same same
else
	fail "rows differ between libpff (<) and our reader (>): $(grep -c '^[<>]' "$T/diff") lines"
	cut -c1-400 "$T/diff" | head -60
fi
check_eq "the same problems but deleted/orphan items'" \
	"$(q "$T/libpff.case" "SELECT p.severity || ' ' || p.locator || ' ' || p.message FROM problems p
	    WHERE p.locator NOT LIKE 'pst:recovered%' AND p.locator NOT LIKE 'pst:orphan%'
	    ORDER BY 1")" \
	"$(q "$T/own.case" "SELECT p.severity || ' ' || p.locator || ' ' || p.message FROM problems p
	    ORDER BY 1")"

# A file our reader refuses (here wVer 37, after the 4K-page OST's 36) goes
# to libpff, with a warning saying so; the variant has no "(own)".
cp "$T/gen-u/$(ls "$T/gen-u" | grep '\.pst$' | head -1)" "$T/v36.pst"
printf '\045\000' | dd of="$T/v36.pst" bs=1 seek=10 conv=notrunc status=none
for reader in libpff own; do
	"$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/v36-$reader.case" "$T/v36.pst" \
		>/dev/null 2>&1
done
check_eq "a refused file is read by libpff (same status, variant, error)" \
	"$(q "$T/v36-libpff.case" "SELECT status, variant, error FROM evidence")" \
	"$(q "$T/v36-own.case" "SELECT status, variant, error FROM evidence")"
check_eq "the refusal is a warning with the reason" 1 \
	"$(q "$T/v36-own.case" "SELECT count(*) FROM problems WHERE locator = 'pst:reader'
	    AND message LIKE 'our own PST reader refused the file (%wVer above 36%); read with libpff'")"

echo "$CHECKS checks, $FAILS failures"
[ "$FAILS" -eq 0 ]
