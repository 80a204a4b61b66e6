#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# pst-own-recover.sh: our own PST reader's deleted (recovered) and orphan
# items (parsers/pst-own-recover.c) on a PST mkevidence writes with
# --pst-loose: a deleted message whose node entry and blocks are left in
# free space (a stale NBT page, a stale BBT page, its blocks, all free in
# the AMap) and an orphan message (its folder is no node). Intact, both
# are read with their origin and a locator naming the node. Damaged, what
# is read from free space must check: a stale BBT page whose bytes no
# longer match its CRC is counted in a warning and not used; its blocks,
# found by their own trailers in free space (size, BID, signature, CRC:
# pst-free-blocks.c), still give the message, and a pst:recovered-blocks
# warning lists them by BID and offset; so do they when the stale BBT page
# is gone (zeroed); a deleted block whose CRC fails makes the node not
# recoverable (counted), through its entry or through the trailer scan;
# the orphan is still read and the file still reads ok. libpff's recovery
# is compared in pst-own-equality.sh.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV=${top_builddir:-.}/mkevidence
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
"$MKEV" --scenario baseline --seed 6 --mailboxes 1 --weeks 1 --pst-loose --out "$T/gen" \
	>/dev/null || fail "mkevidence --pst-loose"
PST=$(ls "$T/gen"/*.pst | head -1)

# u8 FILE OFFSET: the unsigned 64-bit little-endian value at OFFSET.
u8() { od -An -tu8 -j "$2" -N8 "$1" | tr -d ' '; }
# first_page FILE PTYPE: the offset of the first page (from 0x4400) whose
# Unicode trailer starts with PTYPE twice: mkevidence writes the stale
# pages of the deleted node before the live B-trees.
first_page() {
	n=$(($(wc -c <"$1") / 512)); i=34
	while [ "$i" -lt "$n" ]; do
		[ "$(od -An -tu1 -j $((i * 512 + 496)) -N2 "$1" | tr -s ' ')" = " $2 $2" ] \
			&& { echo $((i * 512)); return; }
		i=$((i + 1))
	done
}
# poke FILE OFFSET: flips the byte at OFFSET.
poke() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 0xff)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

nbt=$(first_page "$PST" 129)
bbt=$(first_page "$PST" 128)
deleted_nid=$(u8 "$PST" "$nbt")
orphan_nid=$((deleted_nid + 32))   # the next message NID, written after it
data_bid=$(u8 "$PST" $((nbt + 8)))
data_ib=
for k in $(seq 0 19); do
	[ "$(u8 "$PST" $((bbt + 24 * k)))" = "$data_bid" ] && { data_ib=$(u8 "$PST" $((bbt + 24 * k + 8))); break; }
done
check_eq "the stale pages and the deleted node's data block found" yes \
	"$([ -n "$nbt" ] && [ -n "$bbt" ] && [ -n "$data_ib" ] && echo yes || echo no)"

cp "$PST" "$T/intact.pst"
cp "$PST" "$T/stale-page.pst"
poke "$T/stale-page.pst" $((bbt + 8))     # an entry's offset: the page CRC fails
cp "$PST" "$T/deleted-block.pst"
poke "$T/deleted-block.pst" "$data_ib"    # the message's PC: the block CRC fails
cp "$PST" "$T/gone-bbt.pst"               # the stale BBT page zeroed: its entries gone
dd if=/dev/zero of="$T/gone-bbt.pst" bs=512 seek=$((bbt / 512)) count=1 conv=notrunc status=none
cp "$T/gone-bbt.pst" "$T/gone-bbt-block.pst"
poke "$T/gone-bbt-block.pst" "$data_ib"

for f in intact stale-page deleted-block gone-bbt gone-bbt-block; do
	"$MAILCASE" ingest -q --no-analyze --pst-reader=own "$T/$f.case" "$T/$f.pst" >/dev/null 2>&1
	check_eq "$f: read ok by our reader" "ok|pst-unicode (own)" \
		"$(q "$T/$f.case" "SELECT status, variant FROM evidence")"
	check_eq "$f: the orphan message" "orphan|pst:orphan:$orphan_nid|mkevidence: orphan message" \
		"$(q "$T/$f.case" "SELECT origin, locator, subject FROM messages WHERE origin = 'orphan'")"
done
check_eq "intact: the deleted message, with its recipient" \
	"recovered|pst:recovered:$deleted_nid|mkevidence: deleted message|1|" \
	"$(q "$T/intact.case" "SELECT origin, locator, subject, recipient_count, folder_id
	    FROM messages WHERE origin = 'recovered'")"
check_eq "intact: no problem" 0 "$(q "$T/intact.case" "SELECT count(*) FROM problems")"
for f in stale-page gone-bbt; do
	check_eq "$f: the deleted message, read through blocks found by their trailer" \
		"recovered|pst:recovered:$deleted_nid|mkevidence: deleted message|1" \
		"$(q "$T/$f.case" "SELECT origin, locator, subject, recipient_count FROM messages
		    WHERE origin = 'recovered'")"
	check_eq "$f: those blocks listed, the data block by its offset, all read" 1 \
		"$(q "$T/$f.case" "SELECT count(*) FROM problems WHERE locator = 'pst:recovered-blocks'
		    AND severity = 'warning' AND message LIKE '% blocks in free space check (trailer size, BID,%'
		    AND message LIKE '%BID 0x$(printf %x "$data_bid") at offset $data_ib (%'
		    AND CAST(message AS INTEGER) = CAST(substr(message, instr(message, 'names them; ') + 12)
		      AS INTEGER)")"
done
for f in deleted-block gone-bbt-block; do
	check_eq "$f: no deleted message made of it" 0 \
		"$(q "$T/$f.case" "SELECT count(*) FROM messages WHERE origin = 'recovered'")"
	check_eq "$f: the node is counted as not recoverable" 1 \
		"$(q "$T/$f.case" "SELECT count(*) FROM problems WHERE locator = 'pst:recovered'
		    AND message LIKE '1 deleted node entries whose blocks are no longer in free space or do not read back whole%'")"
done
check_eq "stale-page: the page is counted, not used" 1 \
	"$(q "$T/stale-page.case" "SELECT count(*) FROM problems WHERE locator = 'pst:recovered'
	    AND severity = 'warning' AND message = '1 pages in free space look like B-tree pages but do not check (CRC, entry size; first at offset $bbt): not used'")"

echo "$CHECKS checks, $FAILS failures"
[ "$FAILS" -eq 0 ]
