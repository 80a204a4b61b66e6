#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# corpus-store-headers.sh: the files of the shared corpus (../shared/corpus
# beside the source tree, or $MAILCASE_CORPUS) whose headers carry
# X-Mozilla-Status or X-Gmail-Labels (found by content): every top-level
# message's mozilla.status and mozilla.flags are compared with what Python's
# email parser (an independent reader) finds in the message's bytes, read
# again by its locator, decoded with the flag values of Mozilla's
# nsMsgMessageFlags; a value that is not hex is a warning, not a row.
# Skipped when the corpus, or such a file in it, is absent.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "SKIP: no corpus at $CORPUS"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }

awk -F'\t' 'NR > 1 && ($6 == "mbox" || $6 == "eml") { print $1 }' "$CORPUS/MANIFEST.tsv" |
	while IFS= read -r f; do
		grep -qaiE '^(X-Mozilla-Status|X-Gmail-Labels|X-GM-THRID):' "$CORPUS/$f" 2>/dev/null && echo "$f"
	done >"$T/files"
n=$(wc -l <"$T/files")
nl=$(cd "$CORPUS" && tr '\n' '\0' <"$T/files" | xargs -0 grep -laiE '^X-Gmail-Labels:' | wc -l)
echo "corpus: $n files with store headers, $nl of them with X-Gmail-Labels"
[ "$n" -gt 0 ] || { echo "SKIP: no file with store headers in the corpus"; exit 77; }

C="$T/case.db"
(cd "$CORPUS" && tr '\n' '\0' <"$T/files" | xargs -0 "$MAILCASE" ingest -q --no-analyze "$C") 2>"$T/ingest.err"
check_eq "one evidence row per file, none failed" "$n|0" \
	"$(q "$C" "SELECT count(*), count(*) FILTER (WHERE status = 'failed') FROM evidence")"

# Python reads each top-level message again by its byte range and decodes
# its X-Mozilla-Status; mailcase's rows must say the same.
q "$C" "SELECT m.id, e.path, coalesce(m.byte_offset, 0), coalesce(m.byte_length, e.size),
               (SELECT value FROM message_props WHERE message_id = m.id AND name = 'mozilla.status'),
               (SELECT value FROM message_props WHERE message_id = m.id AND name = 'mozilla.flags'),
               m.origin
          FROM messages m JOIN evidence e ON e.id = m.evidence_id
         WHERE m.parent_id IS NULL ORDER BY m.id" >"$T/rows"
(cd "$CORPUS" && python3 - "$T/rows" >"$T/compare" <<'PY'
import sys, email, re
NAMES = [(0x1, "read"), (0x2, "replied"), (0x4, "flagged"), (0x8, "expunged"),
         (0x10, "has-re"), (0x40, "feed"), (0x100, "watched"), (0x200, "sender-authed"),
         (0x400, "partial"), (0x800, "queued"), (0x1000, "forwarded"), (0x2000, "redirected"),
         (0x40000, "ignored"), (0x200000, "imap-deleted"), (0x400000, "mdn-needed"),
         (0x800000, "mdn-sent"), (0x1000000, "template"), (0x10000000, "attachment")]
def hexval(v):
    v = (v or "").strip()
    return int(v, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,8}", v) else None
with_status = agree = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    mid, path, off, length, status, flags, origin = line.rstrip("\n").split("|")
    with open(path, "rb") as f:
        f.seek(int(off)); raw = f.read(int(length))
    msg = email.message_from_bytes(raw)
    lo, hi = msg.get("X-Mozilla-Status"), msg.get("X-Mozilla-Status2")
    lo_v, hi_v = hexval(lo), hexval(hi)
    if lo_v is None and hi_v is None:
        want = ("", "", "folder")
        bad += lo is not None or hi is not None
    else:
        v = ((lo_v or 0) & 0xFFFF) | ((hi_v or 0) & 0xFFFF0000)
        want = ("0x%08x" % v, ",".join(n for b, n in NAMES if v & b),
                "recovered" if v & 0x8 else "folder")
        with_status += 1
    got = (status, flags, origin)
    if got == want:
        agree += 1
    else:
        print("DIFF message %s: mailcase %s, python %s" % (mid, got, want))
print("messages with status %d, agreeing %d, unreadable values %d" % (with_status, agree, bad))
PY
)
cat "$T/compare"
check_eq "every message's Mozilla flags agree with Python's reading" 0 "$(grep -c '^DIFF' "$T/compare")"
check_eq "messages with X-Mozilla-Status were found" 1 \
	"$(awk '/^messages with status/ { print ($4 > 0) }' "$T/compare")"
check_eq "a value that is not hex is a warning of its message" \
	"$(awk '/^messages with status/ { print $9 }' "$T/compare")" \
	"$(q "$C" "SELECT count(*) FROM messages WHERE warnings LIKE '%X-Mozilla-Status% is not hexadecimal%'")"
finish
