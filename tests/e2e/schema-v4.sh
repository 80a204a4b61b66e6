#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# schema-v4.sh: schema version 4 (issue 9): the text index messages_fts is
# filled by the writer, once per evidence in the transaction that stores
# it, instead of by a trigger on each message. Every message is indexed
# after an ingest, a --force re-ingest and the upgrade of a
# version 3 case (which is read as it is, unchanged, before that), and the
# index finds what a plain LIKE over the same text finds.
. "$top_srcdir/tests/e2e/lib.sh"

C="$T/case.db"
WORD=office
make_maildir "$T/maildir"
"$MAILCASE" ingest -q "$C" "$FIXTURES/mail" "$FIXTURES/mbox" "$T/maildir" >/dev/null 2>&1
MKEV="$top_builddir/mkevidence"
gen() {
	"$MKEV" --scenario baseline --seed "$1" --mailboxes 2 --format mbox \
		--messages 200 --attachment-bytes 0 --out "$2" >/dev/null 2>&1 && rm -f "$2"/truth*
}
gen 3 "$T/gen" || fail "mkevidence failed"
"$MAILCASE" ingest -q "$C" "$T/gen" >/dev/null 2>&1

# The index checked three ways: FTS5's own integrity check (the index
# matches the text of the messages), an entry for every message, and the same
# messages for a word as LIKE finds.
index_state() {
	ok=$(q "$1" "INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')" \
		>/dev/null 2>&1 && echo ok || echo broken)
	echo "$ok|$(q "$1" "SELECT ((SELECT count(*) FROM messages_fts_docsize) - (SELECT count(*) FROM messages))
	                    || '|' || ((SELECT group_concat(rowid) FROM (SELECT rowid FROM messages_fts
	                                 WHERE messages_fts MATCH '$WORD' ORDER BY rowid))
	                          IS (SELECT group_concat(id) FROM (SELECT id FROM messages
	                                 WHERE subject LIKE '%$WORD%' OR body_text LIKE '%$WORD%' ORDER BY id)))")"
}
check_eq "a new case has schema version 7" "7|7" \
	"$(q "$C" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version')")"
check_eq "no insert trigger on messages" 0 \
	"$(q "$C" "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts_insert'")"
check_eq "the word is in the messages" 1 \
	"$(q "$C" "SELECT count(*) > 10 FROM messages WHERE body_text LIKE '%$WORD%'")"
check_eq "after ingest: index intact, every message in it, = LIKE" "ok|0|1" "$(index_state "$C")"

check_status "--force re-ingest" 0 "$MAILCASE" ingest -q --force "$C" "$T/gen"
check_eq "after --force: index intact, every message in it, = LIKE" "ok|0|1" "$(index_state "$C")"
"$MAILCASE" search --json "$C" "$WORD" >"$T/v4-search.json"

# A version 3 case: the same schema with the insert trigger and without
# version 5's column.
V3="$T/v3.db"
cp "$C" "$V3"
q "$V3" "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
	  INSERT INTO messages_fts(rowid, subject, body_text)
	    VALUES (new.id, new.subject, new.body_text);
	END;
	ALTER TABLE messages DROP COLUMN system_language_basis;
	DELETE FROM case_info WHERE key IN ('migrated_to_4', 'migrated_to_5', 'migrated_to_6', 'migrated_to_7');
	DROP TABLE shards; DROP TABLE message_labels;
	UPDATE case_info SET value = '3' WHERE key = 'schema_version';
	PRAGMA user_version = 3; VACUUM"
sum=$(sha256sum <"$V3")
check_status "search of a version 3 case" 0 "$MAILCASE" search --json "$V3" "$WORD"
check_eq "version 3 case: the same hits" \
	"$(sed 's/"case": *"[^"]*"//' "$T/v4-search.json")" "$(sed 's/"case": *"[^"]*"//' "$T/out")"
check_eq "reading left the version 3 case unchanged" "$sum" "$(sha256sum <"$V3")"

gen 4 "$T/gen4" || fail "mkevidence failed"
check_status "ingest into the version 3 case upgrades it" 0 "$MAILCASE" ingest -q "$V3" "$T/gen4"
check_eq "upgraded: version 7, recorded" "7|7|1" \
	"$(q "$V3" "SELECT (SELECT user_version FROM pragma_user_version),
	              (SELECT value FROM case_info WHERE key = 'schema_version'),
	              (SELECT count(*) FROM case_info WHERE key = 'migrated_to_4')")"
check_eq "upgraded: the same schema as a new case" \
	"$(q "$C" "SELECT type, name, sql FROM sqlite_master ORDER BY name")" \
	"$(q "$V3" "SELECT type, name, sql FROM sqlite_master ORDER BY name")"
check_eq "upgraded: messages were added" 1 \
	"$(q "$V3" "SELECT count(*) > (SELECT count(*) FROM evidence WHERE path LIKE '%gen4%') FROM messages
	            WHERE evidence_id IN (SELECT id FROM evidence WHERE path LIKE '%gen4%')")"
check_eq "upgraded: index intact, every message in it, = LIKE" "ok|0|1" "$(index_state "$V3")"
finish
