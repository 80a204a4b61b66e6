#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkevidence-reports.sh: the NDRs and delivery receipts of an attacker
# language that has a sourced text for them (issue 18).  With
# --attacker-lang ru or ja, a compromised mailbox's NDRs and delivery
# receipts after the switch are in that language (phrases-attacker.c:
# Yandex's and Domino's real NDRs, Sympa's delivered DSN), each addressed
# to a compromised mailbox at or after its switch_at, never before; the
# truth's kinds say so; so do tr's (Horde IMP's sentences); a kind without
# such a source (ko's NDRs) keeps the custodian's and its kinds leave it
# out.
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }

# reports CASE TRUTH NDR-LIKE DR-LIKE: "ndr|dr|well-placed" counts, where
# well-placed counts the reports addressed to a compromised mailbox at or
# after its switch_at.
reports() {
	q "$1" "
		WITH truth AS (
		  SELECT json_extract(value, '\$.identity') AS identity,
		         json_extract(value, '\$.switch_at') AS switch_at
		    FROM json_each(readfile('$2'), '\$.mailboxes')
		   WHERE json_extract(value, '\$.compromised')),
		r AS (
		  SELECT m.id, m.subject LIKE '$3' AS ndr, m.date_utc, rc.addr
		    FROM messages m JOIN recipients rc ON rc.message_id = m.id
		   WHERE m.subject LIKE '$3' OR m.subject LIKE '$4')
		SELECT sum(ndr), sum(NOT ndr),
		       sum(EXISTS (SELECT 1 FROM truth t WHERE t.identity = r.addr
		                      AND julianday(r.date_utc) >= julianday(t.switch_at)))
		  FROM r"
}

for lang in ru ja ko tr; do
	d="$T/$lang"
	"$MKEV" --scenario eu2011 --seed 2 --format mbox --attacker-lang "$lang" --out "$d" >/dev/null \
		|| fail "mkevidence $lang"
	"$MAILCASE" ingest -q --jobs 2 "$d.db" "$d" || fail "ingest $lang"
done

check_eq "ru: kinds in truth.json" 1 \
	"$(grep -c '"kinds": \["folders", "auto_reply", "ndr", "delivery_receipt", "read_receipt", "notice"\]' "$T/ru/truth.json")"
check_eq "ja: kinds in truth.json" 1 \
	"$(grep -c '"kinds": \["folders", "auto_reply", "ndr", "delivery_receipt", "read_receipt", "notice"\]' "$T/ja/truth.json")"
check_eq "ko: kinds in truth.json" 1 \
	"$(grep -c '"kinds": \["folders", "auto_reply", "delivery_receipt", "read_receipt", "notice"\]' "$T/ko/truth.json")"

# seed 2: both compromised mailboxes get an NDR and delivery receipts
# after the switch (3 delivery receipts in all)
check_eq "ru: Yandex NDRs, Sympa delivery receipts, all after a switch" "2|3|5" \
	"$(reports "$T/ru.db" "$T/ru/truth.json" 'Недоставленное сообщ%' 'Сообщение было успешно доставлено')"
check_eq "ja: Domino NDRs, Sympa delivery receipts, all after a switch" "2|3|5" \
	"$(reports "$T/ja.db" "$T/ja/truth.json" 'DELIVERY FAILURE:  ユーザー %' 'Message was successfully delivered / %')"
check_eq "ja: the NDR names the failed address in its Japanese reason" 2 \
	"$(q "$T/ja.db" "SELECT count(*) FROM messages WHERE subject LIKE 'DELIVERY FAILURE:  ユーザー x%@%.example は Domino ディレクトリには見つかりません。'")"
check_eq "tr: Horde IMP's NDRs and delivery receipts, all after a switch" "2|3|5" \
	"$(reports "$T/tr.db" "$T/tr/truth.json" 'HATA: İletininiz teslim edilemedi.' 'İletiniz başarıyla teslim edilmiştir.')"
check_eq "ko: no report in another attacker language" "||" \
	"$(reports "$T/ko.db" "$T/ko/truth.json" 'Недоставленное сообщ%' 'Message was successfully delivered / %')"
finish
