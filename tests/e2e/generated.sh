#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# generated.sh: mkevidence's eu2011 scenario as PST, mbox, Maildir and EML,
# ingested and checked against its truth.json: every export read, per-folder
# item counts, hidden items, special folder roles from PST entry ids, and
# the same messages whichever container they came in. Needs no corpus.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

# truth FORMAT SQL-ON-json_each(exports): query truth.json with SQLite's JSON functions
truth() {
	sqlite3 -batch :memory: "SELECT $2 FROM json_each(readfile('$T/$1/truth.json'), '\$.exports') ORDER BY 1"
}

for fmt in pst mbox maildir eml; do
	"$MKEV" --scenario eu2011 --seed 3 --out "$T/$fmt" --format "$fmt" >/dev/null ||
		fail "mkevidence --format $fmt"
	check_status "ingest of the $fmt export" 0 "$MAILCASE" ingest -q --jobs 2 "$T/$fmt.db" "$T/$fmt"
done

# PST: per-folder counts of folder items and hidden items equal the truth.
truth pst "json_extract(value, '\$.path'), j.key, j.value FROM json_each(readfile('$T/pst/truth.json'), '\$.exports') AS e, json_each(e.value, '\$.folders') AS j --" \
	>/dev/null 2>&1
sqlite3 -batch :memory: "SELECT json_extract(e.value, '\$.path') || '|' || j.key || '|' || j.value
	FROM json_each(readfile('$T/pst/truth.json'), '\$.exports') e, json_each(e.value, '\$.folders') j
	ORDER BY 1" >"$T/pst.want"
q "$T/pst.db" "SELECT substr(e.path, length('$T/pst/') + 1) || '|' ||
		substr(f.path, length('Top of Personal Folders/') + 1) || '|' || count(m.id)
	FROM folders f JOIN evidence e ON e.id = f.evidence_id
	JOIN messages m ON m.folder_id = f.id AND m.origin = 'folder'
	GROUP BY f.id ORDER BY 1" >"$T/pst.got"
check_eq "PST folder item counts equal truth.json ($(wc -l <"$T/pst.want") folders)" \
	"$(cat "$T/pst.want")" "$(cat "$T/pst.got")"
sqlite3 -batch :memory: "SELECT json_extract(e.value, '\$.path') || '|' || j.key || '|' || j.value
	FROM json_each(readfile('$T/pst/truth.json'), '\$.exports') e, json_each(e.value, '\$.hidden') j
	ORDER BY 1" >"$T/hidden.want"
q "$T/pst.db" "SELECT substr(e.path, length('$T/pst/') + 1) || '|' ||
		substr(f.path, length('Top of Personal Folders/') + 1) || '|' || count(m.id)
	FROM folders f JOIN evidence e ON e.id = f.evidence_id
	JOIN messages m ON m.folder_id = f.id AND m.origin = 'hidden'
	GROUP BY f.id ORDER BY 1" >"$T/hidden.got"
check_eq "PST hidden items equal truth.json" "$(cat "$T/hidden.want")" "$(cat "$T/hidden.got")"
check_eq "every PST has its Sent Items and Deleted Items by entry id, whatever their names" \
	"$(truth pst "count(*)")" \
	"$(q "$T/pst.db" "SELECT count(*) FROM evidence e WHERE
		(SELECT count(*) FROM folders f WHERE f.evidence_id = e.id AND f.role = 'sent') = 1 AND
		(SELECT count(*) FROM folders f WHERE f.evidence_id = e.id AND f.role = 'deleted') = 1")"
check_eq "OOF templates are hidden items" \
	"$(q "$T/pst.db" "SELECT count(*) FROM messages WHERE message_class = 'IPM.Note.Rules.OofTemplate.Microsoft'")" \
	"$(q "$T/pst.db" "SELECT count(*) FROM messages WHERE message_class = 'IPM.Note.Rules.OofTemplate.Microsoft' AND origin = 'hidden'")"
check_eq "forwarding rules read from hidden items" \
	"$(sqlite3 -batch :memory: "SELECT count(*) FROM json_each(readfile('$T/pst/truth.json'), '\$.mailboxes') WHERE json_extract(value, '\$.forwarding_rule')")" \
	"$(q "$T/pst.db" "SELECT count(*) FROM messages WHERE message_class = 'IPM.Rule.Version2.Message' AND origin = 'hidden'")"

# mbox: one evidence per folder file; identical files are duplicates of the first.
truth mbox "json_extract(value, '\$.path') || '|' || json_extract(value, '\$.items')" >"$T/mbox.want"
q "$T/mbox.db" "SELECT substr(e.path, length('$T/mbox/') + 1) || '|' ||
		coalesce((SELECT d.message_count FROM evidence d WHERE d.id = e.duplicate_of), e.message_count)
	FROM evidence e WHERE e.format = 'mbox' ORDER BY 1" >"$T/mbox.got"
check_eq "mbox message counts equal truth.json" "$(cat "$T/mbox.want")" "$(cat "$T/mbox.got")"

# Maildir: one evidence per mailbox.
truth maildir "json_extract(value, '\$.path') || '|' || json_extract(value, '\$.items')" >"$T/maildir.want"
q "$T/maildir.db" "SELECT substr(path, length('$T/maildir/') + 1) || '|' || message_count
	FROM evidence WHERE format = 'maildir' ORDER BY 1" >"$T/maildir.got"
check_eq "Maildir message counts equal truth.json" "$(cat "$T/maildir.want")" "$(cat "$T/maildir.got")"

# EML: one evidence per message file, under one directory per mailbox.
truth eml "json_extract(value, '\$.path') || '|' || json_extract(value, '\$.items')" >"$T/eml.want"
q "$T/eml.db" "SELECT box || '|' || count(*) FROM (SELECT substr(path, length('$T/eml/') + 1,
		instr(substr(path, length('$T/eml/') + 1), '/') - 1) AS box FROM evidence WHERE format = 'eml')
	GROUP BY box ORDER BY box" >"$T/eml.got"
check_eq "EML files per mailbox equal truth.json" "$(cat "$T/eml.want")" "$(cat "$T/eml.got")"

# The same messages whatever the container: PST, Maildir and EML against each
# other (EML files identical across mailboxes are read once, so as sets).
ids() { q "$1" "SELECT ${2:-} message_id || '|' || coalesce(subject, '') FROM messages WHERE origin = 'folder' ORDER BY 1" | sha256sum; }
check_eq "PST and Maildir hold the same messages" "$(ids "$T/pst.db")" "$(ids "$T/maildir.db")"
check_eq "Maildir and EML hold the same messages" "$(ids "$T/maildir.db" DISTINCT)" "$(ids "$T/eml.db" DISTINCT)"
check_eq "PST items all have a class" 0 "$(q "$T/pst.db" "SELECT count(*) FROM messages WHERE message_class IS NULL")"
finish
