#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# verify.sh: `mailcase verify`: verdicts per evidence (ok, changed,
# missing, unreadable, not hashed), --root re-rooting, relative paths
# resolved from the case's directory, --evidence, --json, --quiet,
# --no-record, the runs table, the case checks (a tampered count, a
# damaged file) and the exit statuses.
. "$top_srcdir/tests/e2e/lib.sh"

E="$T/ev"
mkdir -p "$E/other"
cp "$FIXTURES/mbox/sample.mbox" "$FIXTURES/mail/plain.eml" "$E/"
cp "$FIXTURES/mail/ndr-dsn.eml" "$E/other/"
make_maildir "$E/md"
C="$T/case.db"
check_status "ingest" 0 "$MAILCASE" ingest -q "$C" "$E"
N=$(q "$C" "SELECT count(*) FROM evidence")
check_eq "four evidence" 4 "$N"
id_of() { q "$C" "SELECT id FROM evidence WHERE path = '$1'"; }

check_status "verify of an untouched case" 0 "$MAILCASE" verify "$C"
check_eq "one ok line per evidence" "$N" "$(grep -c '^evidence [0-9]*: ok: ' "$T/out")"
check_eq "the case checks pass" \
	"case: integrity_check ok; consistency ok ($N evidence, $(q "$C" "SELECT count(*) FROM messages") messages)" \
	"$(grep '^case:' "$T/out")"
check_eq "the Maildir is verified by its manifest, as docs/case-schema.md says" \
	"$(cd "$E/md" && find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)" \
	"$(sed -n "s|^evidence [0-9]*: ok: $E/md: sha256 \([0-9a-f]*\),.*|\1|p" "$T/out")"
check_status "verify --quiet of an untouched case" 0 "$MAILCASE" verify --quiet "$C"
check_eq "--quiet prints nothing when all is well" "" "$(cat "$T/out")"
check_eq "the run is recorded" "verify|ok|'verify' '--quiet' '$C'" \
	"$(q "$C" "SELECT command, status, argv FROM runs ORDER BY id DESC LIMIT 1")"

# --no-record leaves the case file byte for byte as it was.
before=$(sha256sum <"$C")
check_status "verify --no-record" 0 "$MAILCASE" verify --no-record "$C"
check_eq "--no-record: the case file is unchanged" "$before" "$(sha256sum <"$C")"

# JSON.
check_status "verify --json" 0 "$MAILCASE" verify --json --no-record "$C"
cp "$T/out" "$T/v.json"
check_eq "JSON summary" "$N|$N|0|0|1|1|0" \
	"$(sqlite3 -batch :memory: "SELECT json_extract(j, '\$.summary.evidence'), json_extract(j, '\$.summary.ok'),
		json_extract(j, '\$.summary.changed'), json_extract(j, '\$.exit_status'),
		json_extract(j, '\$.case_check.integrity'), json_extract(j, '\$.case_check.consistency'),
		json_array_length(j, '\$.case_check.problems') FROM (SELECT readfile('$T/v.json') AS j)")"
check_eq "JSON: recorded and current hashes agree, per evidence" "$N" \
	"$(sqlite3 -batch :memory: "SELECT count(*) FROM json_each(readfile('$T/v.json'), '\$.evidence')
		WHERE json_extract(value, '\$.recorded.sha256') = json_extract(value, '\$.current.sha256')
		  AND json_extract(value, '\$.recorded.md5') = json_extract(value, '\$.current.md5')
		  AND json_extract(value, '\$.result') = 'ok'")"

# --evidence restricts; an unknown one is a usage error.
check_status "verify --evidence" 0 "$MAILCASE" verify --evidence "$(id_of "$E/plain.eml")" "$C"
check_eq "--evidence: that evidence only" "1 $E/plain.eml" \
	"$(grep -c '^evidence' "$T/out") $(sed -n 's/^evidence [0-9]*: ok: \([^:]*\):.*/\1/p' "$T/out")"
check_status "verify --evidence 999" 2 "$MAILCASE" verify --evidence 999 "$C"
check_status "verify --evidence x" 2 "$MAILCASE" verify --evidence x "$C"
check_status "verify --root without =" 2 "$MAILCASE" verify --root "$E" "$C"
check_status "verify without CASE" 2 "$MAILCASE" verify
check_status "verify of a missing case" 3 "$MAILCASE" verify "$T/nothing.db"
check_eq "a missing case is not created" no "$( [ -e "$T/nothing.db" ] && echo yes || echo no)"
printf 'not a database at all, just text that is long enough to look like one\n' >"$T/junk.db"
check_status "verify of a file that is not a case" 3 "$MAILCASE" verify "$T/junk.db"

# Evidence moved elsewhere: missing, then found again with --root.
mv "$E" "$T/mounted"
check_status "verify after the evidence moved" 1 "$MAILCASE" verify -q "$C"
check_eq "all evidence missing" "$N" "$(grep -c ': MISSING: ' "$T/out")"
check_status "verify --root OLD=NEW" 0 "$MAILCASE" verify --root "$E=$T/mounted" "$C"
check_eq "--root: read at the new place" "$N" "$(grep -c "(read at $T/mounted[^)]*): sha256" "$T/out")"
check_status "verify --root with a trailing slash, and a longer OLD winning" 0 \
	"$MAILCASE" verify --root "$T/=/nonexistent/" --root "$E/=$T/mounted/" "$C"
check_status "--root matches whole path components only" 1 \
	"$MAILCASE" verify -q --root "$T/e=$T/mounted" "$C"
mv "$T/mounted" "$E"

# Relative evidence paths are tried relative to the case's directory.
mkdir "$T/rel" "$T/elsewhere"
cp "$FIXTURES/mail/attachment.eml" "$T/rel/a.eml"
(cd "$T" && "$MAILCASE" ingest -q rel.db rel/a.eml) || fail "ingest with a relative path"
check_eq "the path is recorded relative" "rel/a.eml" "$(q "$T/rel.db" "SELECT path FROM evidence")"
(cd "$T/elsewhere" && "$MAILCASE" verify -q ../rel.db >"$T/out" 2>&1)
check_eq "a relative path is found from the case's directory (exit status)" "0" "$?"

# Changed, missing, unreadable (a FIFO where a file was), not hashed.
printf 'appended\n' >>"$E/sample.mbox"
rm "$E/plain.eml"
rm "$E/other/ndr-dsn.eml" && mkfifo "$E/other/ndr-dsn.eml"
touch "$E/md/cur/1400000000.M9P9.host:2,S"
check_status "verify of changed evidence" 1 "$MAILCASE" verify --json "$C"
cp "$T/out" "$T/v.json"
verdicts=$(sqlite3 -batch :memory: "SELECT json_extract(e.value, '\$.path') || '=' || json_extract(e.value, '\$.result')
	|| '[' || coalesce((SELECT group_concat(c.value) FROM json_each(e.value, '\$.changed') c), '') || ']'
	FROM json_each(readfile('$T/v.json'), '\$.evidence') e ORDER BY 1")
check_eq "verdicts: mbox bytes and size, Maildir manifest, FIFO unreadable, EML missing" \
	"$E/md=changed[sha256,md5]
$E/other/ndr-dsn.eml=unreadable[]
$E/plain.eml=missing[]
$E/sample.mbox=changed[sha256,md5,size]" "$verdicts"
check_status "verify -q of changed evidence" 1 "$MAILCASE" verify -q "$C"
check_eq "--quiet: one line per problem and the summary" 5 "$(wc -l <"$T/out")"
check_eq "--quiet: the summary counts" \
	"verify: 0 of 4 evidence verified ok; 2 changed, 1 missing, 1 unreadable, 0 not hashed at ingestion" \
	"$(tail -1 "$T/out")"
check_eq "the runs say evidence_failed" "evidence_failed" \
	"$(q "$C" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")"

# Evidence that had no hash at ingestion (a FIFO: not a regular file).
mkdir "$T/odd" && mkfifo "$T/odd/pipe"
"$MAILCASE" ingest -q "$T/odd.db" "$T/odd" >/dev/null 2>&1
check_status "verify of a case with unhashed evidence" 0 "$MAILCASE" verify "$T/odd.db"
check_eq "it is reported as not hashed" 1 "$(grep -c "^evidence [0-9]*: not hashed: $T/odd/pipe: no hash was recorded at ingestion (skipped: not a regular file" "$T/out")"

# A case whose counts were tampered with: exit 3, the problem named.
cp "$T/rel.db" "$T/tampered.db"
q "$T/tampered.db" "UPDATE evidence SET message_count = message_count + 1"
check_status "verify of a case with a wrong count" 3 "$MAILCASE" verify "$T/tampered.db"
check_eq "the inconsistency is named" "  evidence 1: message_count 2 but 1 message rows" \
	"$(grep 'message_count' "$T/out")"
check_eq "recorded as error" error "$(q "$T/tampered.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")"
cp "$T/rel.db" "$T/tampered.db"
q "$T/tampered.db" "PRAGMA foreign_keys = OFF; DELETE FROM attachments WHERE id = (SELECT max(id) FROM attachments)"
check_status "verify of a case with a row deleted behind its back" 3 "$MAILCASE" verify -q "$T/tampered.db"
check_eq "the missing attachment row is named" 1 "$(grep -c 'attachment_count [0-9]* but [0-9]* attachment rows' "$T/out")"

# A damaged database file: integrity_check fails, exit 3, nothing written.
cp "$C" "$T/damaged.db"
pages=$(q "$T/damaged.db" "PRAGMA page_count")
psize=$(q "$T/damaged.db" "PRAGMA page_size")
dd if=/dev/urandom of="$T/damaged.db" bs="$psize" seek=$((pages - 2)) count=1 conv=notrunc 2>/dev/null
before=$(sha256sum <"$T/damaged.db")
check_status "verify of a damaged case file" 3 "$MAILCASE" verify "$T/damaged.db"
check_eq "the damaged case file is not written to" "$before" "$(sha256sum <"$T/damaged.db")"
finish
