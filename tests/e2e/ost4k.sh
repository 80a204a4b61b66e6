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
# Deleted and orphan items are not looked for in a 4K-page OST by ours (the
# scans read 512-byte pages): a warning says so, nothing is read past a page.
check_eq "own: recovery not attempted in a 4K OST, and said so" 1 \
	"$(q "$T/own.case" "SELECT count(*) FROM problems p JOIN evidence e ON e.id = p.evidence_id
	    WHERE e.path LIKE '%oliver.grant.ost' AND p.severity = 'warning'
	    AND p.locator = 'pst:recovered' AND p.message LIKE '%not looked for in a 4K-page OST%'")"
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
