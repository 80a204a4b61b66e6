#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# textid.sh: `mailcase textid` as its --help and docs/mailcase.1 describe it:
# ID<TAB>LANGUAGE<TAB>SCRIPT<TAB>CONFIDENCE for each ID<TAB>TEXT line (texts
# in many languages and scripts, escapes, lines without an ID, CRLF, no
# letters, no model file); --charset FILE<TAB>CHARSET for files written in
# known charsets, checked by decoding them; the exit statuses.
. "$top_srcdir/tests/e2e/lib.sh"

# --- the command line ------------------------------------------------------
check_status "textid --help" 0 "$MAILCASE" textid --help
check_eq "--help shows the usage" 1 "$(grep -c '^Usage: mailcase textid' "$T/out")"
check_eq "--help documents the output" 1 "$(grep -c 'ID<TAB>LANGUAGE<TAB>SCRIPT<TAB>CONFIDENCE' "$T/out")"
check_status "textid -h" 0 "$MAILCASE" textid -h
check_status "an unknown option" 2 "$MAILCASE" textid --bogus
check_eq "  says so on stderr, nothing on stdout" "1|0" \
	"$(grep -c "Try 'mailcase textid --help'" "$T/err")|$(wc -c <"$T/out" | tr -d ' ')"
check_status "an argument without --charset" 2 "$MAILCASE" textid somefile
check_eq "  names it" 1 "$(grep -c "unexpected argument 'somefile'" "$T/err")"
check_status "--charset without FILE" 2 "$MAILCASE" textid --charset
check_status "-c without FILE" 2 "$MAILCASE" textid -c

# --- languages and scripts -------------------------------------------------
# ID = the language the text is written in, then the script it is written in.
TAB=$(printf '\t')
cat >"$T/texts" <<'EOF'
en Latn	The meeting has been postponed until next week, please confirm whether you can attend by Friday.
de Latn	Die Sitzung wurde auf nächste Woche verschoben, bitte bestätigen Sie Ihre Teilnahme bis Freitag.
fr Latn	La réunion est reportée à la semaine prochaine, merci de confirmer votre présence avant vendredi.
es Latn	La reunión se ha aplazado hasta la próxima semana, por favor confirme su asistencia antes del viernes.
it Latn	La riunione è stata rinviata alla prossima settimana, si prega di confermare la partecipazione entro venerdì.
pt Latn	A reunião foi adiada para a próxima semana, por favor confirme a sua presença até sexta-feira.
nl Latn	De vergadering is uitgesteld tot volgende week, gelieve uw aanwezigheid voor vrijdag te bevestigen.
pl Latn	Spotkanie zostało przełożone na przyszły tydzień, proszę potwierdzić obecność do piątku.
cs Latn	Schůzka byla odložena na příští týden, potvrďte prosím svou účast do pátku.
sv Latn	Mötet har skjutits upp till nästa vecka, vänligen bekräfta ditt deltagande senast på fredag.
tr Latn	Toplantı gelecek haftaya ertelendi, lütfen cuma gününe kadar katılımınızı onaylayın.
ru Cyrl	Заседание перенесено на следующую неделю, пожалуйста, подтвердите своё участие до пятницы.
uk Cyrl	Засідання перенесено на наступний тиждень, будь ласка, підтвердіть свою участь до пʼятниці.
el Grek	Η συνάντηση αναβλήθηκε για την επόμενη εβδομάδα, παρακαλώ επιβεβαιώστε τη συμμετοχή σας.
ar Arab	تم تأجيل الاجتماع إلى الأسبوع المقبل، يرجى تأكيد حضوركم قبل يوم الجمعة.
he Hebr	הפגישה נדחתה לשבוע הבא, אנא אשרו את השתתפותכם עד יום שישי.
hi Deva	बैठक अगले सप्ताह तक के लिए स्थगित कर दी गई है, कृपया शुक्रवार तक अपनी उपस्थिति की पुष्टि करें।
th Thai	การประชุมถูกเลื่อนออกไปเป็นสัปดาห์หน้า กรุณายืนยันการเข้าร่วมภายในวันศุกร์
zh-Hans Hani	会议推迟到下周举行，请在星期五之前确认您是否参加。我们将在收到所有回复后发送新的议程。
zh-Hant Hani	會議推遲到下週舉行，請在星期五之前確認您是否參加。我們將在收到所有回覆後發送新的議程。
ja Jpan	会議は来週に延期されました。金曜日までに出席の可否をご確認ください。よろしくお願いいたします。
ko Hang	회의가 다음 주로 연기되었습니다. 금요일까지 참석 여부를 확인해 주시기 바랍니다.
EOF
n_texts=$(wc -l <"$T/texts" | tr -d ' ')
check_status "textid on $n_texts texts" 0 sh -c '"$1" textid <"$2"' sh "$MAILCASE" "$T/texts"
cp "$T/out" "$T/ids"
check_eq "nothing on stderr" "" "$(cat "$T/err")"
check_eq "one line out per line in" "$n_texts" "$(wc -l <"$T/ids" | tr -d ' ')"

# The documented format of every line: four fields, a BCP 47 tag, an ISO
# 15924 code and a confidence from 0 to 1.
check_eq "ID, LANGUAGE, SCRIPT, CONFIDENCE on every line" "" \
	"$(awk -F"$TAB" 'NF != 4 || $2 !~ /^[a-z][a-z][a-z]?(-[A-Z][a-z][a-z][a-z])?$/ ||
		$3 !~ /^[A-Z][a-z][a-z][a-z]$/ || $4 !~ /^[01]\.[0-9][0-9][0-9]$/ ||
		$4 + 0 > 1 { print NR ": " $0 }' "$T/ids")"
check_eq "the IDs in the order given" "$(cut -f1 "$T/texts")" "$(cut -f1 "$T/ids")"
# Each language and script as written (the ID names them).
awk -F"$TAB" '{ split($1, w, " "); if ($2 != w[1] || $3 != w[2]) print $1 ": " $2 " " $3 }' \
	"$T/ids" >"$T/wrong"
check_eq "the language and script of every text" "" "$(cat "$T/wrong")"
check_eq "a language told with some confidence" "" \
	"$(awk -F"$TAB" '$4 + 0 <= 0.5 { print $1 ": " $4 }' "$T/ids")"
"$MAILCASE" textid <"$T/texts" >"$T/ids2" 2>&1
cmp -s "$T/ids" "$T/ids2"
check_eq "the same texts, the same answers" 0 $?

# CRLF lines read as LF lines.
sed "s/\$/$(printf '\r')/" "$T/texts" | "$MAILCASE" textid >"$T/ids-crlf" 2>&1
cmp -s "$T/ids" "$T/ids-crlf"
check_eq "CRLF input, the same answers" 0 $?

# A line without a tab is all text, and its ID is its line number.
{
	printf 'one\tGuten Morgen, wie geht es Ihnen heute? Ich hoffe, es geht Ihnen gut.\n'
	printf 'Buenos días, ¿cómo está usted hoy? Espero que se encuentre muy bien.\n'
	printf 'three\tДоброе утро, как у вас дела сегодня? Надеюсь, всё хорошо.\n'
} >"$T/mixed"
check_status "lines with and without an ID" 0 sh -c '"$1" textid <"$2"' sh "$MAILCASE" "$T/mixed"
check_eq "IDs, and the line number for the line without one" "one|de 2|es three|ru" \
	"$(cut -f1,2 "$T/out" | tr '\t\n' '| ' | sed 's/ $//')"

# No letters: und, Zyyy, confidence 0; escapes are decoded before (a text
# of escapes only has no letter, where "t n r" would be Latin).
printf 'digits\t12345 67.89 !!! ???\nempty\t\nescapes\t\\t\\n\\r\\\\\\t\n' >"$T/none"
check_status "texts without letters" 0 sh -c '"$1" textid <"$2"' sh "$MAILCASE" "$T/none"
check_eq "und, Zyyy and 0 when there is no letter" \
	"digits|und|Zyyy|0.000 empty|und|Zyyy|0.000 escapes|und|Zyyy|0.000" \
	"$(tr '\t\n' '| ' <"$T/out" | sed 's/ $//')"
printf 'esc\tDie Sitzung\\twurde auf\\nnächste Woche\\r\\nverschoben, bitte bestätigen Sie Ihre Teilnahme.\n' \
	| "$MAILCASE" textid >"$T/esc" 2>&1
check_eq "escaped tab, newline, CR inside a text" "esc|de|Latn" "$(cut -f1-3 "$T/esc" | tr '\t' '|')"

check_status "empty input" 0 sh -c '"$1" textid </dev/null' sh "$MAILCASE"
check_eq "empty input, empty output" 0 "$(wc -c <"$T/out" | tr -d ' ')"

# Without a usable model file: one warning, every language und, scripts
# still told, exit 0.
mkdir "$T/no-model"
MAILCASE_DATADIR="$T/no-model" "$MAILCASE" textid <"$T/texts" >"$T/nomodel" 2>"$T/nomodel.err"
check_eq "no model file: exit 0" 0 $?
check_eq "  one warning" 1 "$(grep -c 'warning: no language model' "$T/nomodel.err")"
check_eq "  every language und" "$n_texts" "$(cut -f2 "$T/nomodel" | grep -c '^und$')"
check_eq "  the scripts as with the model" "$(cut -f1,3 "$T/ids")" "$(cut -f1,3 "$T/nomodel")"

if [ -w /dev/full ]; then
	check_status "standard output full" 4 sh -c '"$1" textid <"$2" >/dev/full' sh "$MAILCASE" "$T/texts"
	check_eq "  says so" 1 "$(grep -c 'error writing standard output' "$T/err")"
fi

# --- charsets --------------------------------------------------------------
if command -v iconv >/dev/null 2>&1; then
	mkdir "$T/cs"
	de='Sehr geehrte Damen und Herren, die Sitzung über die Änderungen der Geschäftsordnung wurde auf nächste Woche verschoben. Bitte bestätigen Sie Ihre Teilnahme bis Freitag. Mit freundlichen Grüßen, Jürgen Müller'
	fr='Mesdames et Messieurs, la réunion sur les modifications du règlement intérieur est reportée à la semaine prochaine. Veuillez confirmer votre présence avant vendredi. Cordialement, Hélène Lefèvre'
	pl='Szanowni Państwo, posiedzenie w sprawie zmian regulaminu zostało przełożone na przyszły tydzień. Proszę o potwierdzenie udziału do piątku. Z poważaniem, Łukasz Żółkiewski'
	ru='Уважаемые коллеги, заседание по вопросам изменения регламента перенесено на следующую неделю. Пожалуйста, подтвердите своё участие до пятницы. С уважением, Сергей Иванов'
	el='Αγαπητοί συνάδελφοι, η συνεδρίαση για τις αλλαγές του κανονισμού αναβλήθηκε για την επόμενη εβδομάδα. Παρακαλώ επιβεβαιώστε τη συμμετοχή σας έως την Παρασκευή.'
	zh='各位同事：关于修改议事规则的会议已推迟到下周举行。请在星期五之前确认您是否参加。我们将在收到所有回复后发送新的议程。谢谢！'
	zht='各位同事：關於修改議事規則的會議已推遲到下週舉行。請在星期五之前確認您是否參加。我們將在收到所有回覆後發送新的議程。謝謝！'
	ja='皆様、議事規則の変更に関する会議は来週に延期されました。金曜日までに出席の可否をご確認ください。すべての返信を受け取った後、新しい議題をお送りします。よろしくお願いいたします。'
	ko='여러분, 의사 규칙 변경에 관한 회의가 다음 주로 연기되었습니다. 금요일까지 참석 여부를 확인해 주시기 바랍니다. 모든 회신을 받은 후 새로운 안건을 보내 드리겠습니다. 감사합니다.'
	# file charset text: the text written in that charset (when iconv has it)
	while read -r name cs var; do
		eval "text=\$$var"
		printf '%s\n' "$text" >"$T/cs/$name.txt"
		if printf '%s\n' "$text" | iconv -f UTF-8 -t "$cs" >"$T/cs/$name" 2>/dev/null; then
			echo "$name" >>"$T/cs/list"
		else
			echo "(iconv cannot write $cs: $name left out)"
		fi
	done <<-EOF
	de.utf8 UTF-8 de
	de.latin1 ISO-8859-1 de
	fr.cp1252 WINDOWS-1252 fr
	pl.latin2 ISO-8859-2 pl
	pl.cp1250 WINDOWS-1250 pl
	ru.cp1251 WINDOWS-1251 ru
	ru.koi8r KOI8-R ru
	el.iso88597 ISO-8859-7 el
	zh.gb2312 GB2312 zh
	zh.gb18030 GB18030 zh
	zht.big5 BIG5 zht
	ja.sjis SHIFT_JIS ja
	ja.eucjp EUC-JP ja
	ja.iso2022jp ISO-2022-JP ja
	ko.euckr EUC-KR ko
	EOF
	printf 'Plain ASCII text, nothing more.\n' >"$T/cs/ascii"
	: >"$T/cs/empty"
	cd "$T/cs" || exit 1
	# shellcheck disable=SC2046
	check_status "textid --charset on $(wc -l <list | tr -d ' ') files" 0 \
		"$MAILCASE" textid --charset ascii empty $(cat list)
	check_eq "FILE<TAB>CHARSET, one line per FILE in order" "ascii empty $(tr '\n' ' ' <list | sed 's/ $//')" \
		"$(awk -F"$TAB" 'NF == 2 && $2 != "" { print $1 }' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
	check_eq "ASCII is us-ascii, and so is an empty file" "ascii|us-ascii empty|us-ascii" \
		"$(head -2 "$T/out" | tr '\t\n' '| ' | sed 's/ $//')"
	check_eq "UTF-8 is utf-8" "utf-8" "$(awk -F"$TAB" '$1 == "de.utf8" { print $2 }' "$T/out")"
	if grep -q '^ja.iso2022jp$' list; then
		check_eq "ISO-2022-JP is the escape encoding" "iso-2022-jp" \
			"$(awk -F"$TAB" '$1 == "ja.iso2022jp" { print $2 }' "$T/out")"
	fi
	# The charset named decodes the bytes into the text that was written.
	bad=
	while IFS="$TAB" read -r f cs; do
		case $f in ascii | empty) continue ;; esac
		if ! iconv -f "$cs" -t UTF-8 <"$f" 2>/dev/null | cmp -s - "$f.txt"; then
			bad="$bad $f:$cs"
		fi
	done <"$T/out"
	check_eq "each file decoded with its charset gives its text" "" "$bad"
	cd - >/dev/null || exit 1

	check_status "--charset - (standard input)" 0 sh -c '"$1" textid --charset - <"$2"' \
		sh "$MAILCASE" "$T/cs/de.utf8"
	check_eq "  named '-'" "-${TAB}utf-8" "$(cat "$T/out")"
	check_status "-c with a missing FILE" 1 "$MAILCASE" textid -c "$T/cs/ascii" "$T/cs/missing" "$T/cs/empty"
	check_eq "  the others still answered" "2" "$(wc -l <"$T/out" | tr -d ' ')"
	check_eq "  the missing one named" 1 "$(grep -c "cannot read $T/cs/missing" "$T/err")"
else
	echo "(no iconv: the --charset checks left out)"
fi

finish
