#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ost4k.sh: the 4K-page OST of Outlook 2013 (wVer 36, issue 19) that
# mkevidence --format ost4k writes (4 KiB pages, some blocks
# zlib-compressed): the default reader (libpff) and ours (--pst-reader=own)
# both read every item of it; damaged copies, one message's compressed
# block each: a trailer declaring a wrong inflated size (the stream is
# intact: our reader reads the message and records a warning with the
# block's BID) and a damaged zlib stream (that message alone is lost, with
# an error naming the BID; the file is partial, not failed).
# Deleted and orphan items of a 4K OST (mkevidence --pst-loose: a deleted
# message whose node and block entries are in stale 4 KiB B-tree pages in
# free space, its blocks free in the 4K AMap; an orphan message): both
# readers find them, the same; our reader also when the stale block
# B-tree page is gone (its blocks found by their 512-byte-aligned
# trailers) or fails its CRC (counted, not used).
. "$top_srcdir/tests/e2e/lib.sh"

MKEV=${top_builddir:-.}/mkevidence
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
"$MKEV" --scenario baseline --seed 3 --mailboxes 1 --weeks 1 --format ost4k --out "$T/gen" >/dev/null \
	|| fail "mkevidence --format ost4k"
OST=$T/gen/oliver.grant.ost
check_eq "a 4K-page OST written (wVer 36, SO)" "SO 36" \
	"$(od -An -tu2 -j8 -N4 "$OST" | awk '{ printf "%c%c %d", $1 % 256, int($1 / 256), $2 }')"
ITEMS=$(awk -F'\t' 'NR > 1' "$T/gen/truth-items.tsv" | wc -l)
check_eq "items to find" yes "$([ "$ITEMS" -gt 10 ] && echo yes || echo no)"

# dmg MODE OUT: a copy with the first message whose PC is one compressed
# block damaged; MODE size (its trailer's inflated size + 1) or adler (its
# zlib stream's checksum); prints the block's BID in hex.
dmg() {
	python3 - "$OST" "$2" "$1" <<'PY'
import struct, sys
src, dst, mode = sys.argv[1:4]
f = bytearray(open(src, 'rb').read())
def leaves(ib):  # a 4096-byte B-tree page: cEnt(2) at 4056, cbEnt 4060, cLevel 4061
    pg = f[ib:ib + 4096]
    n, cb, lv = struct.unpack_from('<H', pg, 4056)[0], pg[4060], pg[4061]
    out = []
    for i in range(n):
        e = pg[i * cb:(i + 1) * cb]
        out += leaves(struct.unpack_from('<Q', e, 16)[0]) if lv else [e]
    return out
bbt = {struct.unpack_from('<Q', e, 0)[0]: struct.unpack_from('<QH', e, 8)
       for e in leaves(struct.unpack_from('<Q', f, 240)[0])}
for e in leaves(struct.unpack_from('<Q', f, 224)[0]):
    nid, bid = struct.unpack_from('<QQ', e, 0)
    if nid & 0x1f != 4 or bid & 2:
        continue
    ib, cb = bbt[bid]
    t = ib + (cb + 24 + 511) // 512 * 512 - 24  # the 24-byte block trailer
    inflated = struct.unpack_from('<H', f, t + 18)[0]
    if inflated == cb:
        continue
    if mode == 'size':
        struct.pack_into('<H', f, t + 18, inflated + 1)
    else:
        f[ib + cb - 1] ^= 1
    open(dst, 'wb').write(f)
    print('%x' % bid)
    break
PY
}
BID_SIZE=$(dmg size "$T/size.ost")
BID_ZLIB=$(dmg adler "$T/zlib.ost")
check_eq "a message's compressed block damaged" yes "$([ -n "$BID_SIZE" ] && [ -n "$BID_ZLIB" ] && echo yes || echo no)"

for reader in libpff own; do
	"$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/$reader.case" "$OST" "$T/size.ost" \
		"$T/zlib.ost" >"$T/$reader.out" 2>&1
	check_eq "$reader: the intact OST read (status, variant, items)" \
		"ok|ost$([ $reader = own ] && echo ' (own)')|$ITEMS" \
		"$(q "$T/$reader.case" "SELECT e.status || '|' || e.variant || '|' || (SELECT count(*) FROM messages m
		    WHERE m.evidence_id = e.id AND m.origin = 'folder') FROM evidence e WHERE e.path LIKE '%oliver.grant.ost'")"
done
check_eq "own: no recovery warning on the intact OST" 0 \
	"$(q "$T/own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%oliver.grant.ost' AND p.locator LIKE 'pst:recovered%'")"

# Deleted and orphan items in a 4K OST.
"$MKEV" --scenario baseline --seed 6 --mailboxes 1 --weeks 1 --format ost4k --pst-loose \
	--out "$T/loose" >/dev/null || fail "mkevidence --format ost4k --pst-loose"
LOOSE=$(ls "$T/loose"/*.ost | head -1)
# The stale pages (4096 bytes, ptype at 4072) come before the live B-trees:
# prints the deleted NID, its data block's BID and offset, the stale BBT
# page's offset; writes a copy with that page zeroed (gone) and one with
# an entry's byte flipped (its CRC fails).
set -- $(python3 - "$LOOSE" "$T/gone.ost" "$T/crc.ost" <<'PY'
import struct, sys
src, gone, crc = sys.argv[1:4]
f = bytearray(open(src, 'rb').read())
def first(ptype):
    for ib in range(0x22000, len(f) - 4095, 4096):
        if f[ib + 4072] == ptype and f[ib + 4073] == ptype:
            return ib
nbt, bbt = first(0x81), first(0x80)
nid, data = struct.unpack_from('<QQ', f, nbt)
ib = next(struct.unpack_from('<Q', f, bbt + 24 * k + 8)[0] for k in range(169)
          if struct.unpack_from('<Q', f, bbt + 24 * k)[0] == data)
print(nid, '%x' % data, ib, bbt)
g = bytearray(f); g[bbt:bbt + 4096] = bytes(4096); open(gone, 'wb').write(g)
c = bytearray(f); c[bbt + 8] ^= 0xff; open(crc, 'wb').write(c)
PY
)
DNID=$1 DBID=$2 DIB=$3 DBBT=$4
check_eq "the stale 4K pages found" yes "$([ -n "$DBBT" ] && echo yes || echo no)"
cp "$LOOSE" "$T/intact.ost"
for reader in libpff own; do
	"$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/loose-$reader.case" "$T/intact.ost" \
		"$T/gone.ost" "$T/crc.ost" >/dev/null 2>&1
	check_eq "$reader: the deleted and orphan messages of the 4K OST" \
		"recovered|pst:recovered:$DNID|mkevidence: deleted message|1
orphan|pst:orphan:$((DNID + 32))|mkevidence: orphan message|1" \
		"$(q "$T/loose-$reader.case" "SELECT m.origin, m.locator, m.subject, m.recipient_count
		    FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE e.path LIKE '%intact.ost'
		    AND m.origin IN ('recovered', 'orphan') ORDER BY m.origin DESC")"
done
check_eq "own: no problem on the intact 4K OST" 0 \
	"$(q "$T/loose-own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%intact.ost'")"
for f in gone crc; do
	check_eq "own, $f: the deleted message read through blocks found by their trailer" \
		"recovered|pst:recovered:$DNID|mkevidence: deleted message|1" \
		"$(q "$T/loose-own.case" "SELECT m.origin, m.locator, m.subject, m.recipient_count
		    FROM messages m JOIN evidence e ON e.id = m.evidence_id WHERE e.path LIKE '%$f.ost'
		    AND m.origin = 'recovered'")"
	check_eq "own, $f: the blocks listed, the data block by its offset" 1 \
		"$(q "$T/loose-own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
		    WHERE e.path LIKE '%$f.ost' AND p.locator = 'pst:recovered-blocks'
		    AND p.message LIKE '%BID 0x$DBID at offset $DIB (%'")"
done
check_eq "own, crc: the stale page counted, not used" 1 \
	"$(q "$T/loose-own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%crc.ost' AND p.locator = 'pst:recovered' AND p.message LIKE
	    '1 pages in free space look like B-tree pages but do not check (CRC, entry size; first at offset $DBBT)%'")"
check_eq "own: a wrong inflated size costs no message" "ok|$ITEMS" \
	"$(q "$T/own.case" "SELECT e.status || '|' || (SELECT count(*) FROM messages m WHERE m.evidence_id = e.id
	    AND m.origin = 'folder') FROM evidence e WHERE e.path LIKE '%size.ost'")"
check_eq "own: ... and is a warning naming the block" 1 \
	"$(q "$T/own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%size.ost' AND p.severity = 'warning' AND p.locator = 'pst:ndb'
	    AND p.message LIKE '%compressed block inflates to fewer bytes than its trailer declares%BID 0x$BID_SIZE,%'")"
check_eq "own: a damaged zlib stream costs its message alone (partial)" "partial|$((ITEMS - 1))" \
	"$(q "$T/own.case" "SELECT e.status || '|' || (SELECT count(*) FROM messages m WHERE m.evidence_id = e.id
	    AND m.origin = 'folder') FROM evidence e WHERE e.path LIKE '%zlib.ost'")"
check_eq "own: ... and is an error naming the block" 1 \
	"$(q "$T/own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%zlib.ost' AND p.severity = 'error'
	    AND p.message LIKE '%compressed block: zlib stream damaged%BID 0x$BID_ZLIB,%'")"
check_eq "libpff loses the same message there" "partial|$((ITEMS - 1))" \
	"$(q "$T/libpff.case" "SELECT e.status || '|' || (SELECT count(*) FROM messages m WHERE m.evidence_id = e.id
	    AND m.origin = 'folder') FROM evidence e WHERE e.path LIKE '%zlib.ost'")"

echo "$CHECKS checks, $FAILS failures"
[ "$FAILS" -eq 0 ]
