#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# detect-script-switch.sh: a script change alone is a signal (issue 18).
# A mailbox whose owner writes French and whose auto-replies switch from
# "Réponse automatique :" (French, the table knows it) to a short Cyrillic
# fragment neither the table nor textid can put a language on (the case
# learns it as case-prefix; its basis ends in ";script=Cyrl") must get a
# system-language-switch finding "to an unidentified language in Cyrillic
# script", high; critical with a corroborating event (the owner's webmail
# used at night inside the window); the control, whose later fragment
# stays Latin, none.
. "$top_srcdir/tests/e2e/lib.sh"

OWNER=camille.durand@example.org

# build DIR PREFIX: the owner's own French mail, 12 French auto-replies,
# then 12 whose generated fragment is PREFIX (UTF-8), each to a different
# original, without originals or Thread-Topic in the case; with NIGHT,
# also a message the owner sent through webmail at 02:00 the night before
# the first PREFIX one.
build() {
	mkdir -p "$1"
	f="$1/journal.mbox"
	: >"$f"
	for i in 1 2 3 4 5 6 7 8; do
		mbox_msg "$f" "$OWNER" "equipe@example.org" "$i" 10 "Compte rendu de la réunion $i" "own$i@example.org" "" \
			"Bonjour à tous, voici le compte rendu de notre réunion de cette semaine. Nous avons convenu d'envoyer les chiffres du budget au client avant vendredi et de revoir le contrat le mois prochain. Bien cordialement, Camille"
	done
	[ -n "${3:-}" ] && mbox_msg "$f" "$OWNER" "ext@example.com" 13 02 "Documents" "night@example.org" \
		"User-Agent: Microsoft OWA/14.1" "Voici les documents."
	for i in $(seq 1 24); do
		if [ "$i" -le 12 ]; then
			subject="Réponse automatique : Point projet numéro $i"
		else
			subject="=?UTF-8?B?$(printf '%s' "$2" | base64 | tr -d '\n')?= Point projet numéro $i"
		fi
		mbox_msg "$f" "$OWNER" "peer$((i % 6))@example.net" "$i" 9 "$subject" "reply$i@example.org" \
			"Auto-Submitted: auto-replied" \
			"Je suis absente du bureau jusqu'à lundi, avec un accès limité à ma messagerie."
	done
}

# Авто: ("auto:"), a short fragment several Cyrillic languages write.
CYRL=$(printf '\320\220\320\262\321\202\320\276:')
# Abw: a short Latin fragment.
LATN="Abw:"
for mode in cyrl night latn; do
	if [ $mode = latn ]; then p=$LATN; else p=$CYRL; fi
	check_eq "$mode: the fragment is not in the prefix table" 0 \
		"$(grep -c "\"$(printf '%s' "$p" | tr -d :)\"" "$top_srcdir/analyzer/detect/system-prefixes.c")"
	night=
	[ $mode = night ] && night=1
	build "$T/$mode" "$p" $night
	C="$T/$mode.db"
	"$MAILCASE" ingest -q "$C" "$T/$mode" >/dev/null 2>&1 || fail "$mode: ingest"
	"$MAILCASE" analyze -q "$C" >/dev/null 2>&1 || fail "$mode: analyze"
done

check_eq "cyrl: the Cyrillic fragment located, its language unknown, its script known" \
	"12|NULL|case-prefix;script=Cyrl" \
	"$(q "$T/cyrl.db" "SELECT count(*), coalesce(system_language, 'NULL'), system_language_basis
	                   FROM messages WHERE system_kind = 'auto_reply' AND system_prefix LIKE '$CYRL%'
	                  GROUP BY 2, 3")"
check_eq "cyrl: one switch, high (no corroborating event), script only" \
	"1|high|fr|und-Cyrl|Cyrl|1|12" \
	"$(q "$T/cyrl.db" "SELECT count(*), severity, json_extract(details, '\$.before.language'),
	                          json_extract(details, '\$.after.language'),
	                          json_extract(details, '\$.after.script'),
	                          json_extract(details, '\$.script_only'),
	                          json_extract(details, '\$.after.count')
	                     FROM findings WHERE rule = 'system-language-switch' AND identity = '$OWNER'")"
check_eq "cyrl: the summary names the script" 1 \
	"$(q "$T/cyrl.db" "SELECT count(*) FROM findings WHERE rule = 'system-language-switch'
	                   AND summary LIKE '%switched from fr to an unidentified language in Cyrillic script%'")"
check_eq "night: corroborated, critical, dated by the night session" \
	"critical|webmail at night|2011-02-14T02:00:00Z|1" \
	"$(q "$T/night.db" "SELECT severity, json_extract(details, '\$.switch_basis'),
	                           json_extract(details, '\$.switch_estimate'),
	                           json_extract(details, '\$.script_only')
	                      FROM findings WHERE rule = 'system-language-switch' AND identity = '$OWNER'")"
check_eq "latn: the Latin fragment's script is the owner's: no switch" 0 \
	"$(q "$T/latn.db" "SELECT count(*) FROM findings WHERE rule = 'system-language-switch'")"
check_eq "latn: its fragments were located, language unknown" 12 \
	"$(q "$T/latn.db" "SELECT count(*) FROM messages WHERE system_kind = 'auto_reply'
	                   AND system_language IS NULL AND system_language_basis LIKE '%;script=Latn'")"
finish
