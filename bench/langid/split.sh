#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# split.sh WORK: splits WORK/text/TAG.tsv (from extract.sh) by gettext
# domain, i.e. by package: a domain whose name's POSIX cksum is 1 modulo 3
# is for testing, every other one for training. Writes WORK/train/TAG.txt
# (text only) and WORK/test/TAG.txt, the test text less any line that also
# occurs in the training text (catalogs share strings through gnulib etc.).
set -eu
work=${1:?usage: split.sh WORK}
LC_ALL=C.UTF-8; export LC_ALL
mkdir -p "$work/train" "$work/test"
cut -f1 "$work"/text/*.tsv | sort -u | while read -r d; do
	c=$(printf '%s' "$d" | cksum | cut -d' ' -f1)
	if [ $((c % 3)) -eq 1 ]; then echo "$d test"; else echo "$d train"; fi
done > "$work/domains.txt"
for f in "$work"/text/*.tsv; do
	tag=$(basename "$f" .tsv)
	awk -F '\t' -v tr="$work/train/$tag.txt" -v te="$work/test/$tag.tmp" '
		NR == FNR { split($0, a, " "); side[a[1]] = a[2]; next }
		side[$1] == "test" { print $2 > te; next }
		{ print $2 > tr }' "$work/domains.txt" "$f"
	touch "$work/train/$tag.txt" "$work/test/$tag.tmp"
	awk 'NR == FNR { seen[$0] = 1; next } !($0 in seen)' \
		"$work/train/$tag.txt" "$work/test/$tag.tmp" > "$work/test/$tag.txt"
	rm -f "$work/test/$tag.tmp"
done
