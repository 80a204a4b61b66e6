#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# corpus-rules.sh: the detection rules on real mail from the shared corpus
# (../shared/corpus beside the source tree, or $MAILCASE_CORPUS): bounces and
# test messages in many languages and charsets (letters, flufl-bounce) and
# two Outlook stores with a desktop habit and a hidden junk-mail rule.
# Each rule either fires on the corpus files that show its signal, with the
# messages behind it, or stays silent where real data has none (precision on
# unrelated real mail). Skipped when the corpus is absent.
. "$top_srcdir/tests/e2e/lib.sh"

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
[ -f "$CORPUS/MANIFEST.tsv" ] || { echo "SKIP: no corpus at $CORPUS"; exit 77; }
PST=aspose-email-java/Examples/src/main/resources/outlook/Outlook.pst
OST=aspose-email-net/Examples/Data/Outlook/SampleOstFile.ost
for p in letters/tests flufl-bounce "$PST" "$OST"; do
	[ -e "$CORPUS/$p" ] || { echo "SKIP: corpus lacks $p"; exit 77; }
done

C="$T/case.db"
(cd "$CORPUS" && "$MAILCASE" ingest -q --jobs 2 "$C" letters/tests flufl-bounce "$PST" "$OST") \
	2>"$T/ingest.err"
case $? in
0|1) check_eq "ingest and analysis finished" ok ok ;;
*) fail "ingest exit status"; tail -20 "$T/ingest.err" ;;
esac
echo "findings: $(q "$C" "SELECT group_concat(rule || '=' || n, ' ') FROM
	(SELECT rule, count(*) n FROM findings GROUP BY rule)")"

# message flag of one corpus file's root message
flag() {
	q "$C" "SELECT m.charset_mismatch FROM messages m JOIN evidence e ON e.id = m.evidence_id
	         WHERE e.path = '$1' AND m.parent_id IS NULL"
}
# 1 if a finding of rule $1 links a message of file $2
linked() {
	q "$C" "SELECT count(*) > 0 FROM findings f
	          JOIN finding_messages fm ON fm.finding_id = f.id
	          JOIN messages m ON m.id = fm.message_id
	          JOIN evidence e ON e.id = m.evidence_id
	         WHERE f.rule = '$1' AND e.path = '$2'"
}

# charset-mismatch: letters' base64 ISO-2022-JP body is 8-bit bytes that are
# not ISO-2022-JP; its 7bit and quoted-printable twins are well formed.
JP=letters/tests/test_japanese_plaintext_iso-2022-jp_over
check_eq "bytes that contradict iso-2022-jp are flagged" 1 "$(flag "${JP}_base64.txt")"
check_eq "the charset-mismatch finding links that message" 1 \
	"$(linked charset-mismatch "${JP}_base64.txt")"
check_eq "well-formed iso-2022-jp (7bit) is not flagged" 0 "$(flag "${JP}_7bit.txt")"
check_eq "well-formed iso-2022-jp (quoted-printable) is not flagged" 0 \
	"$(flag "${JP}_quoted-printable.txt")"
check_eq "every flagged message is linked to a charset-mismatch finding" 0 \
	"$(q "$C" "SELECT count(*) FROM messages m WHERE m.charset_mismatch AND NOT EXISTS
	           (SELECT 1 FROM finding_messages fm JOIN findings f ON f.id = fm.finding_id
	             WHERE fm.message_id = m.id AND f.rule = 'charset-mismatch')")"
check_eq "charset-mismatch is informational" 0 \
	"$(q "$C" "SELECT count(*) FROM findings WHERE rule = 'charset-mismatch' AND severity <> 'info'")"

# hidden-forwarding-rule: the OST's only rule moves junk to a folder; it is
# decoded, and it is not a forward.
check_eq "the OST's hidden junk rule is decoded" 1 \
	"$(q "$C" "SELECT count(*) FROM message_props p JOIN messages m ON m.id = p.message_id
	            WHERE m.origin = 'hidden' AND p.name = 'rule.actions'
	              AND p.value LIKE 'move to folder%'")"
check_eq "a junk-mail move rule is no forwarding finding" 0 \
	"$(q "$C" "SELECT count(*) FROM findings WHERE rule = 'hidden-forwarding-rule'")"

# off-hours-activity: the PST's owner works at night by habit, on a desktop
# client: explained, not alarming.
check_eq "the Outlook.pst night habit is found" 1 "$(linked off-hours-activity "$PST")"
check_eq "and rated no higher than low" 0 \
	"$(q "$C" "SELECT count(*) FROM findings WHERE rule = 'off-hours-activity'
	            AND severity NOT IN ('info', 'low')")"

# Real bounces and auto-replies in many languages from unrelated servers are
# no language switch, no campaign and no foreign folder names.
check_eq "real system messages were classified" yes \
	"$(q "$C" "SELECT CASE WHEN count(*) >= 50 THEN 'yes' ELSE count(*) END
	            FROM messages WHERE system_kind IN ('ndr', 'auto_reply', 'delay')")"
check_eq "their languages vary" yes \
	"$(q "$C" "SELECT CASE WHEN count(DISTINCT system_language) >= 3 THEN 'yes' ELSE 'no' END
	            FROM messages WHERE system_kind IS NOT NULL AND system_language <> 'und'")"
for rule in system-language-switch coordinated-language-switch localized-default-folders; do
	check_eq "no $rule on unrelated real mail" 0 \
		"$(q "$C" "SELECT count(*) FROM findings WHERE rule = '$rule'")"
done
check_eq "every finding has messages behind it" 0 \
	"$(q "$C" "SELECT count(*) FROM findings f WHERE NOT EXISTS
	           (SELECT 1 FROM finding_messages fm WHERE fm.finding_id = f.id)")"
finish
