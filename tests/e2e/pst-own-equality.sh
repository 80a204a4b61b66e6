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
# the case's ids. Deleted (recovered) and orphan items are compared too:
# the messages among them (NID types 0x04, 0x08: same rows, same origin)
# and the folders (0x02, 0x03: the same folders, whatever the number of
# versions found); what libpff records from other nodes (tables and
# internal nodes read as messages or folders) is libpff's error and left
# out; the differences where libpff is wrong are listed below, each with
# its reason, and checked. A file our reader refuses is read by libpff,
# with a warning. Inputs: PSTs mkevidence writes
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
# a deleted message (node and blocks in free space) and an orphan message
"$MKEV" --scenario baseline --seed 6 --mailboxes 1 --weeks 1 --pst-loose \
	--out "$T/gen-loose" >/dev/null || fail "mkevidence --pst-loose"
"$MKEV" --scenario baseline --seed 7 --mailboxes 1 --weeks 1 --pst-loose --format pst-ansi \
	--out "$T/gen-loose-a" >/dev/null || fail "mkevidence --pst-loose ANSI"
"$MKEV" --scenario baseline --seed 8 --mailboxes 1 --weeks 1 --pst-loose --format ost4k \
	--out "$T/gen-loose-4k" >/dev/null || fail "mkevidence --pst-loose ost4k"
for d in gen-u gen-a gen-att gen-many gen-big gen-big-a gen-4k gen-4k-many gen-loose gen-loose-a \
	gen-loose-4k; do
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

# Deleted and orphan items where libpff is wrong, left out of the row
# comparison and checked on their own below ("evidence path|locator"):
# - SampleOstFile.ost, two deleted messages: libpff cannot read their
#   recipient and attachment tables ("unable to determine recipients",
#   "... attachments" in messages.warnings; no body for 2182532); ours reads
#   them through the deleted block entries, every block checked (trailer,
#   CRC): 1 attachment (a PDF) and 2 recipients, 11 attachments (the
#   newsletter's images) and 1 recipient, the transport headers.
KNOWN_MSG="./corpus-aspose-email-net_Examples_Data_Outlook_SampleOstFile.ost|pst:recovered:2181700
./corpus-aspose-email-net_Examples_Data_Outlook_SampleOstFile.ost|pst:recovered:2182532"
# - SampleOstFile.ost, folder 8546 ("Deleted Items"): a deleted version
#   with a subnode tree that libpff leaves out (it wants every block of a
#   deleted node among the deleted block entries; ours also takes the block
#   of that BID still in the BBT: BIDs are never reused). For the same
#   reason, and one version of 8418 libpff cannot read, ours finds more
#   versions of folders 8418 and 32802 there (versions are not compared).
# - libyal's outlook.pst: deleted message 2097188 ("Welcome to Microsoft
#   Office Outlook 2003", 11 attachments) and a deleted version of folder
#   33090 ("Inbox"), ours only: their node entries are in free space but
#   some of their blocks have no block entry left, live or deleted; ours
#   finds those blocks by their trailer in free space (size, BID,
#   signature, CRC: pst-free-blocks.c) and says so in a
#   pst:recovered-blocks warning; libpff's recovery does not look for them.
KNOWN_LOOSE="./corpus-libyal-testdata_pst_outlook.pst|pst:recovered:2097188"
KNOWN_FOLDER="./corpus-aspose-email-net_Examples_Data_Outlook_SampleOstFile.ost|pst:recovered-folder:8546
./corpus-libyal-testdata_pst_outlook.pst|pst:recovered-folder:33090"
# - dist-list.pst, deleted message 2097348: libpff's record set leaves
#   out its compressed RTF body (a value in a subnode it does not resolve
#   for a deleted node), so pst.bodies says "text"; ours reads the property
#   ("text,rtf"; the body shown is the plain text with both).
KNOWN_PROP="./corpus-java-libpst_src_test_resources_dist-list.pst|pst:recovered:2097348|pst.bodies"
known_sql() { printf '%s\n' "$1" | sed "s/'/''/g; s/.*/'&'/" | paste -sd, -; }

# The NID a deleted or orphan locator names (pst:recovered:<nid>[.<n>],
# pst:orphan:<nid>, pst:recovered-folder:<nid>...).
LOOSE_NID="CAST(substr(LOC, instr(substr(LOC, 5), ':') + 5) AS INTEGER)"

# dump CASE: the rows compared, one per line, sorted.
dump() {
	c=$1
	mnid=$(echo "$LOOSE_NID" | sed 's/LOC/locator/g')
	fnid=$(echo "$LOOSE_NID" | sed 's/LOC/t.locator/g')
	# messages of folders and hidden items, deleted and orphan messages,
	# and those embedded in them
	q "$c" "CREATE TEMP TABLE scope AS WITH RECURSIVE s(id) AS (
	          SELECT m.id FROM messages m JOIN evidence e ON e.id = m.evidence_id
	          WHERE m.origin IN ('folder', 'hidden')
	             OR (m.origin IN ('recovered', 'orphan') AND ($mnid & 31) IN (4, 8)
	                 AND e.path || '|' || m.locator NOT IN ($(known_sql "$KNOWN_MSG
$KNOWN_LOOSE")))
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
	        SELECT DISTINCT 'L|' || e.path || '|' || t.locator || '|' || t.path || '|' || t.role
	          FROM folders t JOIN evidence e ON e.id = t.evidence_id
	          WHERE (t.locator LIKE 'pst:recovered-folder:%' OR t.locator LIKE 'pst:orphan-folder:%')
	            AND ($fnid & 31) IN (2, 3)
	            AND e.path || '|' || t.locator NOT IN ($(known_sql "$KNOWN_FOLDER"));
	        SELECT 'M|' || mk.k || '|' || mk.folder || '|' || mk.parent || '|' || $(cols "$c" messages)
	          FROM messages t JOIN mk ON mk.id = t.id;
	        SELECT 'R|' || mk.k || '|' || $(cols "$c" recipients)
	          FROM recipients t JOIN mk ON mk.id = t.message_id;
	        SELECT 'A|' || mk.k || '|' || $(cols "$c" attachments)
	          FROM attachments t JOIN mk ON mk.id = t.message_id;
	        SELECT 'H|' || mk.k || '|' || $(cols "$c" headers)
	          FROM headers t JOIN mk ON mk.id = t.message_id;
	        SELECT 'P|' || mk.k || '|' || $(cols "$c" message_props)
	          FROM message_props t JOIN mk ON mk.id = t.message_id
	          WHERE mk.k || '|' || t.name NOT IN ($(known_sql "$KNOWN_PROP"));" | LC_ALL=C sort
}
dump "$T/libpff.case" >"$T/libpff.rows"
dump "$T/own.case" >"$T/own.rows"
for k in F L M R A H P; do
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
	    WHERE p.locator NOT LIKE 'pst:recovered%' AND p.locator NOT LIKE 'pst:orphan%'
	    ORDER BY 1")"

# Deleted and orphan items: both readers find the generated ones...
for c in libpff own; do
	check_eq "$c: the generated deleted and orphan messages" \
		"recovered|mkevidence: deleted message|1
recovered|mkevidence: deleted message|1
recovered|mkevidence: deleted message|1
orphan|mkevidence: orphan message|1
orphan|mkevidence: orphan message|1
orphan|mkevidence: orphan message|1" \
		"$(q "$T/$c.case" "SELECT m.origin, m.subject, m.recipient_count FROM messages m
		    JOIN evidence e ON e.id = m.evidence_id
		    WHERE e.path LIKE './gen-loose%' AND m.origin IN ('recovered', 'orphan')
		    ORDER BY m.origin DESC")"
done
# (the 6 corpus deleted messages count only where the corpus is: not in
# make distcheck's copy of the tree)
LOOSE_MIN=6
[ -f "$CORPUS/MANIFEST.tsv" ] && LOOSE_MIN=12
check_eq "deleted and orphan messages compared" yes \
	"$([ "$(q "$T/own.case" "SELECT count(*) FROM messages WHERE origin IN ('recovered', 'orphan')
	    AND ($(echo "$LOOSE_NID" | sed 's/LOC/locator/g') & 31) IN (4, 8)")" -ge $LOOSE_MIN ] \
	    && echo yes || echo no)"
# ...and where libpff is wrong (KNOWN_MSG, KNOWN_FOLDER), ours reads more.
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	while IFS='|' read -r path loc; do
		check_eq "$loc: libpff cannot read its tables" 1 \
			"$(q "$T/libpff.case" "SELECT count(*) FROM messages m JOIN evidence e
			    ON e.id = m.evidence_id WHERE e.path = '$path' AND m.locator = '$loc'
			    AND m.warnings LIKE '%unable to determine attachments%'")"
		check_eq "$loc: ours reads its attachments and recipients, hashed" yes \
			"$(q "$T/own.case" "SELECT CASE WHEN m.attachment_count > 0 AND m.recipient_count > 0
			    AND m.attachment_count = (SELECT count(*) FROM attachments a
			      WHERE a.message_id = m.id AND length(a.sha256) = 64)
			    AND m.warnings IS NULL THEN 'yes' ELSE 'no' END
			    FROM messages m JOIN evidence e ON e.id = m.evidence_id
			    WHERE e.path = '$path' AND m.locator = '$loc'")"
	done <<EOF
$KNOWN_MSG
EOF
	for c in libpff own; do
		q "$T/$c.case" "SELECT p.value FROM message_props p JOIN messages m ON m.id = p.message_id
		    JOIN evidence e ON e.id = m.evidence_id
		    WHERE e.path || '|' || m.locator || '|' || p.name = '$KNOWN_PROP'" >"$T/prop-$c"
	done
	while IFS='|' read -r path loc; do
		check_eq "$loc: ours only, read through blocks found by their trailer" \
			"0 yes 1" \
			"$(q "$T/libpff.case" "SELECT count(*) FROM messages m JOIN evidence e ON e.id = m.evidence_id
			    WHERE e.path = '$path' AND m.locator = '$loc'") $(q "$T/own.case" "SELECT CASE
			    WHEN m.attachment_count = 11 AND m.recipient_count = 1 AND m.warnings IS NULL
			    AND m.attachment_count = (SELECT count(*) FROM attachments a
			      WHERE a.message_id = m.id AND length(a.sha256) = 64) THEN 'yes' ELSE 'no' END
			    FROM messages m JOIN evidence e ON e.id = m.evidence_id
			    WHERE e.path = '$path' AND m.locator = '$loc'") $(q "$T/own.case" "SELECT count(*)
			    FROM problems p JOIN evidence e ON e.id = p.evidence_id WHERE e.path = '$path'
			    AND p.locator = 'pst:recovered-blocks' AND p.message LIKE '% 2 of them were read %'")"
	done <<EOF
$KNOWN_LOOSE
EOF
	check_eq "2097348: pst.bodies, libpff then ours" "text text,rtf" \
		"$(cat "$T/prop-libpff") $(cat "$T/prop-own")"
	while IFS='|' read -r path loc; do
		check_eq "$loc: ours only" "0 1" \
			"$(q "$T/libpff.case" "SELECT count(*) FROM folders f JOIN evidence e ON e.id = f.evidence_id
			    WHERE e.path = '$path' AND f.locator = '$loc'") $(q "$T/own.case" "SELECT count(*)
			    FROM folders f JOIN evidence e ON e.id = f.evidence_id
			    WHERE e.path = '$path' AND f.locator = '$loc'")"
	done <<EOF
$KNOWN_FOLDER
EOF
fi

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
