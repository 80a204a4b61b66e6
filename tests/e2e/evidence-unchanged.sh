#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# evidence-unchanged.sh: ingesting and verifying evidence changes none of
# its bytes and none of its timestamps (docs/guarantees.md, "Evidence is
# never written"), then `mailcase verify` catches a changed byte and a
# deleted file.
#
# Evidence: the mbox and EML fixtures, a Maildir, a PST and an Outlook for
# Mac .olm (libzip reads our descriptor) from mkevidence,
# and, when the shared corpus is beside the tree, two Outlook .msg files.
# Every file and directory gets an old atime first (touch -a), so that on a
# relatime mount any read without O_NOATIME would move it; the tree is made
# read-only (chmod a-w) and, when the test runs as root, handed to nobody,
# who then runs mailcase: the owner of the files, without write permission
# and without root's bypass, so any write would fail. Checked afterwards:
#   - bytes (sha256sum) of every file: unchanged;
#   - mtime and ctime of every file and directory: unchanged;
#   - atime of every file and directory: unchanged, PST and MSG files
#     included (libpff and libolecf read through our O_NOATIME descriptor,
#     parsers/evidence-bfio.c).
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

E="$T/evidence"
mkdir -p "$E/mbox" "$E/eml" "$E/pst"
cp "$FIXTURES"/mbox/*.mbox "$E/mbox/"
cp "$FIXTURES"/mail/*.eml "$E/eml/"
make_maildir "$E/maildir"
"$MKEV" --scenario baseline --seed 5 --mailboxes 1 --weeks 1 --out "$T/gen" --format pst >/dev/null ||
	fail "mkevidence"
cp "$T"/gen/*.pst "$E/pst/"
PST=$(ls "$E"/pst/*.pst)
mkdir -p "$E/olm"
"$MKEV" --scenario baseline --seed 5 --mailboxes 1 --weeks 1 --out "$T/gen-olm" --format olm >/dev/null ||
	fail "mkevidence --format olm"
cp "$T"/gen-olm/*.olm "$E/olm/"
CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
if [ -f "$CORPUS/MANIFEST.tsv" ]; then
	mkdir -p "$E/msg"
	awk -F'\t' 'NR > 1 && $6 == "msg" { print $1 }' "$CORPUS/MANIFEST.tsv" |
		grep -E 'email/(Embedded MSG|EmbeddedImage1)\.msg$' | head -2 |
		while IFS= read -r m; do cp "$CORPUS/$m" "$E/msg/"; done
fi
nmsg=$(find "$E" -name '*.msg' | wc -l)
[ "$nmsg" -gt 0 ] || echo "NOTE: no shared corpus: no .msg file in this run"

# Who runs mailcase: nobody owning the evidence when we are root and nobody
# can run the binary, else ourselves (then a-w binds us unless we are root).
as_owner() { "$@"; }
chmod 755 "$T"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$MAILCASE" --version >/dev/null 2>&1; then
	chown -R 65534:65534 "$E"
	mkdir "$T/case" && chown 65534:65534 "$T/case"
	as_owner() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	echo "ok: mailcase runs as nobody, the owner of the read-only evidence"
elif [ "$(id -u)" = 0 ]; then
	mkdir "$T/case"
	echo "NOTE: running as root: chmod a-w does not stop root from writing"
else
	mkdir "$T/case"
fi
C="$T/case/case.db"

# The entries are listed once: listing a directory (find, chmod -R) reads
# it and may move its atime; stat does not. Bytes are hashed before the
# atimes are set, for the same reason.
find "$E" | LC_ALL=C sort >"$T/entries"
each() { xargs -d '\n' "$@" <"$T/entries"; }
hashes() { each sh -c 'for f; do [ -f "$f" ] && sha256sum "$f"; done; true' sh; }
hashes >"$T/before.sha256"
# Old access times, read-only (this moves ctime: done before recording).
each chmod a-w
each touch -a -d '2001-02-03 04:05:06'
# snapshot: "path atime mtime ctime" of every file and directory, nanoseconds
snapshot() { each stat -c '%n %.9X %.9Y %.9Z'; }
snapshot >"$T/before.times"

# Does this filesystem update atime on read at all (relatime does, since
# the atime is now older than the ctime)? If not, the atime checks are void.
probe="$T/atime-probe"
echo probe >"$probe"
touch -a -d '2001-02-03 04:05:06' "$probe"
cat "$probe" >/dev/null
if [ "$(stat -c %X "$probe")" -lt 1000000000 ]; then
	echo "NOTE: this filesystem did not update an atime on read (noatime?): the atime checks prove nothing here"
fi

check_status "ingest of read-only evidence (mbox, EML, Maildir, PST, $nmsg MSG)" 0 \
	as_owner "$MAILCASE" ingest -q "$C" "$E"
check_status "verify right after ingest" 0 as_owner "$MAILCASE" verify "$C"
check_eq "verify names every evidence ok" \
	"$(q "$C" "SELECT count(*) FROM evidence")" "$(grep -c '^evidence [0-9]*: ok: ' "$T/out")"
check_eq "every evidence was read (no failed, no partial)" 0 \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE status IN ('failed', 'partial')")"
check_eq "the PST, the Maildir and the mbox files are in the case" "maildir mbox pst" \
	"$(q "$C" "SELECT group_concat(format, ' ') FROM (SELECT DISTINCT format FROM evidence WHERE format IN ('pst', 'maildir', 'mbox') ORDER BY format)")"

snapshot >"$T/after.times"
hashes >"$T/after.sha256"
check_eq "bytes of every evidence file unchanged ($(wc -l <"$T/before.sha256") files)" \
	"$(cat "$T/before.sha256")" "$(cat "$T/after.sha256")"
# Fields: path atime mtime ctime.
check_eq "mtime and ctime of every file and directory unchanged ($(wc -l <"$T/before.times") entries)" \
	"$(cut -d' ' -f1,3,4 "$T/before.times")" "$(cut -d' ' -f1,3,4 "$T/after.times")"
check_eq "atime of every file and directory unchanged, PST and MSG included" \
	"$(cut -d' ' -f1,2 "$T/before.times")" "$(cut -d' ' -f1,2 "$T/after.times")"
[ "$nmsg" -eq 0 ] || check_eq "the MSG files were read (format msg, ok)" "$nmsg" \
	"$(q "$C" "SELECT count(*) FROM evidence WHERE format = 'msg' AND status = 'ok'")"

# One changed byte: verify exits 1 and names that file.
chmod -R u+w "$E"
MB="$E/mbox/sample.mbox"
printf 'X' | dd of="$MB" bs=1 seek=100 conv=notrunc 2>/dev/null
check_status "verify after one byte of an mbox changed" 1 "$MAILCASE" verify -q "$C"
check_eq "verify names the changed file, and only it" "$MB" \
	"$(sed -n 's/^evidence [0-9]*: CHANGED: \([^:]*\): sha256 was .*/\1/p' "$T/out")"
check_eq "it says both hashes changed, and not the size" "1 0" \
	"$(grep -c 'md5 was .*, now ' "$T/out") $(grep -c 'size was' "$T/out")"

# One deleted file: missing.
rm "$E/eml/plain.eml"
check_status "verify after an EML file was deleted" 1 "$MAILCASE" verify -q "$C"
check_eq "verify says missing, naming the deleted file" \
	"evidence $(q "$C" "SELECT id FROM evidence WHERE path = '$E/eml/plain.eml'"): MISSING: $E/eml/plain.eml: no such file or directory" \
	"$(grep MISSING "$T/out")"
check_eq "verify runs recorded in the case" "ok|evidence_failed|evidence_failed" \
	"$(q "$C" "SELECT group_concat(status, '|') FROM (SELECT status FROM runs WHERE command = 'verify' ORDER BY id)")"
finish
