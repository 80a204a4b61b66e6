#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# extract.sh: turn the gettext catalogs under /usr/share/locale into one
# text file per language: "domain<TAB>text" lines, one translated message a
# line, cleaned of format directives, markup and accelerators.
#
#   extract.sh OUTDIR
#
# The language list (BCP 47 tag and the locale directories it is read from)
# is langs.txt beside this script. English is the msgids. Untranslated
# messages (msgstr = msgid) and the iso-codes place and language name lists
# (names, not sentences) are dropped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: extract.sh OUTDIR}
mkdir -p "$out"
LC_ALL=C.UTF-8; export LC_ALL

# One catalog to PO text (in UTF-8) to "domain\tmsgid\tmsgstr" lines.
po2tsv() {
	msgunfmt "$1" > "$out/.po" 2>/dev/null || return 0
	if ! grep -qi '^"Content-Type:.*charset=utf-8' "$out/.po"; then
		msgconv -t UTF-8 "$out/.po" > "$out/.po8" 2>/dev/null || return 0
		mv "$out/.po8" "$out/.po"
	fi
	awk -v dom="$2" '
	function unq(s) { sub(/^[^"]*"/, "", s); sub(/"[ \t]*$/, "", s); return s }
	function flush() {
		if (id != "" && str != "") print dom "\t" id "\t" str
		id = ""; str = ""; state = ""
	}
	/^msgid /        { flush(); id = unq($0); state = "id"; next }
	/^msgid_plural / { state = "skip"; next }
	/^msgstr\[0\] /  { str = unq($0); state = "str"; next }
	/^msgstr\[/      { state = "skip"; next }
	/^msgstr /       { str = unq($0); state = "str"; next }
	/^"/ { if (state == "id") id = id unq($0); else if (state == "str") str = str unq($0); next }
	/^$/ { flush() }
	END { flush() }' "$out/.po"
}

# Cleaning: escapes, printf/python/shell directives, markup, accelerators,
# URLs and e-mail addresses become spaces; text with fewer than 2 letters is dropped.
clean() {
	awk -F '\t' '
	{
		t = $2
		gsub(/\\[nt]/, " ", t); gsub(/\\"/, "\"", t); gsub(/\\\\/, "\\", t)
		gsub(/[\001-\037\177]/, " ", t)
		gsub(/%[-+#0-9.*$]*(hh|h|ll|l|L|q|j|z|t|I64)?[A-Za-z%]/, " ", t)
		gsub(/%\([A-Za-z_0-9]+\)[a-z]/, " ", t)
		gsub(/\$\{[^}]*\}|\{[A-Za-z_0-9]*\}|<[^>]*>|&[a-z]+;|https?:[^ ]*|[^ ]*@[^ ]*\.[a-z]+/, " ", t)
		gsub(/_/, "", t); gsub(/&/, "", t)
		gsub(/[ \t\r]+/, " ", t); sub(/^ /, "", t); sub(/ $/, "", t)
		n = t; gsub(/[ -@\[-`{-~]/, "", n)
		if (length(n) >= 2) print $1 "\t" t
	}'
}

grep -v '^#' "$here/langs.txt" | while read -r tag dirs _; do
	: > "$out/$tag.raw"
	for d in $(echo "$dirs" | tr ',' ' '); do
		[ -d "/usr/share/locale/$d" ] || continue
		for mo in /usr/share/locale/"$d"/LC_MESSAGES/*.mo; do
			[ -f "$mo" ] || continue
			dom=$(basename "$mo" .mo)
			case $dom in iso_*) continue ;; esac
			if [ "$tag" = en ]; then
				po2tsv "$mo" "$dom" | awk -F '\t' '{ print $1 "\t" $2 }'
			else
				po2tsv "$mo" "$dom" | awk -F '\t' '$2 != $3 { print $1 "\t" $3 }'
			fi
		done >> "$out/$tag.raw"
	done
	clean < "$out/$tag.raw" | sort -u -t "$(printf '\t')" -k2,2 | sort > "$out/$tag.tsv"
	rm -f "$out/$tag.raw"
	printf '%s %s\n' "$tag" "$(wc -l < "$out/$tag.tsv")"
done
rm -f "$out/.po"
