#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/mkevidence.sh: the synthetic-evidence generator.  Same seed,
# same bytes (every format, twice); another seed, other bytes; counts in
# truth.json match the files; and, when libpff's pffexport and libpst's
# readpst are installed, both read every generated PST without error and
# with exactly the folders, messages, subjects and attachments written,
# for Unicode and ANSI PSTs alike (ANSI strings read in the code page
# truth.json gives); and mailcase finds every folder role.
set -u
LC_ALL=C
export LC_ALL

MKEV="${top_builddir:-.}/mkevidence"
[ -x "$MKEV" ] || { echo "FAIL: $MKEV not built"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkev-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

SMALL="--mailboxes 3 --weeks 1"

# truth.json -> lines: path <TAB> format <TAB> store <TAB> folder <TAB> items <TAB> hidden
folders_of() {
	awk '
	/"path":/ {
		path = ""; fmt = ""; store = ""
		if (match($0, /"path": "[^"]*"/)) path = substr($0, RSTART + 9, RLENGTH - 10)
		if (match($0, /"format": "[^"]*"/)) fmt = substr($0, RSTART + 11, RLENGTH - 12)
		if (match($0, /"store_name": "[^"]*"/)) store = substr($0, RSTART + 15, RLENGTH - 16)
	}
	/"folders":/ {
		s = $0; n = 0
		while (match(s, /"[^"]*": [0-9]+/)) {
			pair = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			k = pair; sub(/": [0-9]+$/, "", k); sub(/^"/, "", k)
			v = pair; sub(/^.*": /, "", v)
			names[++n] = k; count[k] = v; hid[k] = 0
		}
	}
	/"hidden":/ {
		s = $0
		while (match(s, /"[^"]*": [0-9]+/)) {
			pair = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			k = pair; sub(/": [0-9]+$/, "", k); sub(/^"/, "", k)
			v = pair; sub(/^.*": /, "", v)
			hid[k] = v
		}
		for (i = 1; i <= n; i++)
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", path, fmt, (store == "" ? "-" : store), names[i], count[names[i]], hid[names[i]]
	}' "$1"
}

# 1. Determinism, per format.
for fmt in pst pst-ansi ost4k mbox maildir eml applemail olm; do
	for run in a b; do
		"$MKEV" --scenario eu2011 --seed 11 --out "$tmp/$run-$fmt" --format "$fmt" $SMALL \
			|| fail "mkevidence $fmt run $run"
	done
	(cd "$tmp/a-$fmt" && find . -type f | sort) > "$tmp/list-a"
	(cd "$tmp/b-$fmt" && find . -type f | sort) > "$tmp/list-b"
	cmp -s "$tmp/list-a" "$tmp/list-b" || fail "$fmt: different file lists for the same seed"
	while IFS= read -r f; do
		cmp -s "$tmp/a-$fmt/$f" "$tmp/b-$fmt/$f" || fail "$fmt: $f differs for the same seed"
	done < "$tmp/list-a"
	[ -s "$tmp/list-a" ] || fail "$fmt: nothing written"
	rm -rf "$tmp/b-$fmt"
done
"$MKEV" --scenario eu2011 --seed 12 --out "$tmp/c-pst" $SMALL || fail "mkevidence seed 12"
cmp -s "$tmp/a-pst/truth.json" "$tmp/c-pst/truth.json" && fail "seeds 11 and 12 gave the same truth.json"
n=0
for f in "$tmp"/a-pst/*.pst; do
	cmp -s "$f" "$tmp/c-pst/$(basename "$f")" && n=$((n + 1))
done
[ "$n" -eq 0 ] || fail "$n PST files identical across seeds"
"$MKEV" --scenario nosuch --seed 1 --out "$tmp/x" 2>/dev/null && fail "unknown scenario accepted"
# Attacker languages and prefix variants: deterministic too; the default
# truth.json names no attacker, an explicit one does; a language without
# a sourced string of a kind keeps the custodian's (ko: no NDR); only an
# explicit story counts a switched mailbox's system messages after the
# switch (after_switch), and no more of them in the new language than all.
grep -q '"attacker"' "$tmp/a-pst/truth.json" && fail "default truth.json names an attacker"
grep -q '"after_switch"' "$tmp/a-pst/truth.json" && fail "default truth.json counts after_switch"
for lang in ru ja ko; do
	for run in a b; do
		"$MKEV" --scenario eu2011 --seed 11 --format eml --attacker-lang "$lang" --prefix-variants \
			--out "$tmp/$run-eml-$lang" $SMALL || fail "mkevidence --attacker-lang $lang run $run"
	done
	(cd "$tmp/a-eml-$lang" && find . -type f -print0 | sort -z | xargs -0 cat | cksum) > "$tmp/sum-a"
	(cd "$tmp/b-eml-$lang" && find . -type f -print0 | sort -z | xargs -0 cat | cksum) > "$tmp/sum-b"
	cmp -s "$tmp/sum-a" "$tmp/sum-b" || fail "--attacker-lang $lang: different bytes for the same seed"
	grep -q "\"switch_language\": \"$lang\"" "$tmp/a-eml-$lang/truth.json" \
		|| fail "--attacker-lang $lang: truth.json has no switch to $lang"
	grep -q "\"attacker\": {\"language\": \"$lang\", \"prefix_variants\": true" "$tmp/a-eml-$lang/truth.json" \
		|| fail "--attacker-lang $lang: truth.json does not name the attacker"
	n=$(grep -c '"switch_language": "' "$tmp/a-eml-$lang/truth.json")
	m=$(grep -c '"after_switch": {"system_messages": [0-9]*, "in_switch_language": [0-9]*}' \
		"$tmp/a-eml-$lang/truth.json")
	[ "$n" -gt 0 ] && [ "$n" = "$m" ] \
		|| fail "--attacker-lang $lang: $m after_switch counts for $n switched mailboxes"
	sed -n 's/.*"system_messages": \([0-9]*\), "in_switch_language": \([0-9]*\).*/\1 \2/p' \
		"$tmp/a-eml-$lang/truth.json" | awk '$2 > $1 { bad = 1 } END { exit bad }' \
		|| fail "--attacker-lang $lang: more system messages in the new language than in all"
	rm -rf "$tmp/b-eml-$lang"
done
grep -q '"kinds": \["folders", "auto_reply", "delivery_receipt", "read_receipt", "notice"\]' "$tmp/a-eml-ko/truth.json" || fail "ko: kinds in truth.json"
"$MKEV" --scenario eu2011 --seed 1 --attacker-lang xx --out "$tmp/x" 2>/dev/null && fail "unknown attacker language accepted"
"$MKEV" --help | grep -q -- --scenario || fail "--help"
"$MKEV" --version | grep -q mkevidence || fail "--version"

# 2. The MIME formats and the .olm archives hold what truth.json says.
folders_of "$tmp/a-mbox/truth.json" > "$tmp/mbox.tsv"
while IFS="$(printf '\t')" read -r path fmt store folder items hidden; do
	got=$(grep -c '^From ' "$tmp/a-mbox/$path")
	[ "$got" -eq "$items" ] || fail "mbox $path: $got messages, truth says $items"
done < "$tmp/mbox.tsv"
folders_of "$tmp/a-eml/truth.json" > "$tmp/eml.tsv"
while IFS="$(printf '\t')" read -r path fmt store folder items hidden; do
	got=$(ls "$tmp/a-eml/$path/$folder" | grep -c '\.eml$')
	[ "$got" -eq "$items" ] || fail "eml $path/$folder: $got files, truth says $items"
done < "$tmp/eml.tsv"
total=$(find "$tmp/a-maildir" -path '*/cur/*' -type f | wc -l)
want=$(awk -F'\t' 'NR > 1 { n++ } END { print n + 0 }' "$tmp/a-maildir/truth-items.tsv")
[ "$total" -eq "$want" ] || fail "maildir: $total files, truth says $want"
folders_of "$tmp/a-applemail/truth.json" > "$tmp/applemail.tsv"
while IFS="$(printf '\t')" read -r path fmt store folder items hidden; do
	dir="$tmp/a-applemail/$path/$(printf '%s' "$folder" | sed 's|/|.mbox/|g').mbox/Messages"
	got=$(ls "$dir" | grep -c '\.emlx$')
	[ "$got" -eq "$items" ] || fail "applemail $path/$folder: $got files, truth says $items"
done < "$tmp/applemail.tsv"
# .olm: the message items of each folder, as Info-ZIP's unzip lists them
if command -v unzip >/dev/null 2>&1; then
	folders_of "$tmp/a-olm/truth.json" > "$tmp/olm.tsv"
	[ -s "$tmp/olm.tsv" ] || fail "olm: no folders in truth.json"
	while IFS="$(printf '\t')" read -r path fmt store folder items hidden; do
		got=$(unzip -Z1 "$tmp/a-olm/$path" | grep -c "^Accounts/[^/]*/com.microsoft.__Messages/$folder/message_[0-9]*\.xml\$")
		[ "$got" -eq "$items" ] || fail "olm $path/$folder: $got items, truth says $items"
	done < "$tmp/olm.tsv"
	unzip -tq "$tmp/a-olm/$(head -1 "$tmp/olm.tsv" | cut -f1)" >/dev/null || fail "olm: unzip -t fails"
fi

# 3. PST readers, on the Unicode and the ANSI PSTs.
if ! command -v pffexport >/dev/null 2>&1 || ! command -v readpst >/dev/null 2>&1; then
	[ "$failures" -eq 0 ] || exit 1
	echo "SKIP: pffexport or readpst not installed"
	exit 77
fi
check_psts() { # $1: output directory name below $tmp
	d="$tmp/$1"
	folders_of "$d/truth.json" > "$tmp/pst.tsv"
	[ -s "$tmp/pst.tsv" ] || fail "$1: no PST exports in truth.json"
	for pst in "$d"/*.pst; do
		base=$(basename "$pst" .pst)
		cp=$(grep "\"path\": \"$base.pst\"" "$d/truth.json" | sed -n 's/.*"codepage": \([0-9]*\).*/\1/p')
		pffcp= rpcp=
		[ -n "$cp" ] && pffcp="-c windows-$cp" && rpcp="-C windows-$cp"
		pffexport $pffcp -m all -f all -t "$tmp/pff-$1-$base" "$pst" > "$tmp/pff-$1-$base.log" 2>&1 \
			|| fail "pffexport $1/$base.pst exited with an error"
		grep -i -E 'error|unable|corrupt' "$tmp/pff-$1-$base.log" && fail "pffexport $1/$base.pst reported errors"
		mkdir -p "$tmp/rp-$1-$base"
		# -j 0: one process. By default readpst forks workers per folder;
		# once, in a loaded parallel make check, a folder's mbox came out
		# empty (never reproduced alone), so the check does not rely on them
		readpst -j 0 $rpcp -r -o "$tmp/rp-$1-$base" "$pst" > "$tmp/rp-$1-$base.log" 2>&1 \
			|| fail "readpst $1/$base.pst exited with an error"
		grep -i -E 'error|corrupt' "$tmp/rp-$1-$base.log" && fail "readpst $1/$base.pst reported errors"
		top="$tmp/pff-$1-$base.export/Top of Personal Folders"
		# pffexport: folders present exactly as written
		(cd "$top" && find . -mindepth 1 -type d ! -name 'Message*' ! -path '*/Message*' | sed 's|^\./||' | sort) \
			> "$tmp/dirs-got"
		awk -F'\t' -v p="$base.pst" '$1 == p { print $4 }' "$tmp/pst.tsv" | sort > "$tmp/dirs-want"
		cmp -s "$tmp/dirs-got" "$tmp/dirs-want" \
			|| fail "pffexport $1/$base.pst: folders differ: $(tr '\n' '|' < "$tmp/dirs-got")"
	done
	while IFS="$(printf '\t')" read -r path fmt store folder items hidden; do
		base=${path%.pst}
		dir="$tmp/pff-$1-$base.export/Top of Personal Folders/$folder"
		got=$(ls "$dir" 2>/dev/null | grep -c '^Message')
		[ "$got" -eq "$items" ] || fail "pffexport $1/$path $folder: $got messages, truth says $items"
		for m in "$dir"/Message*; do
			[ -d "$m" ] || continue
			sed -n 's/^Subject:[	 ]*//p' "$m/OutlookHeaders.txt"
		done | sort > "$tmp/subj-got"
		awk -F'\t' -v p="$path" -v f="$folder" '$1 == p && $2 == f { print $3 }' \
			"$d/truth-items.tsv" | sort > "$tmp/subj-want"
		cmp -s "$tmp/subj-got" "$tmp/subj-want" || fail "pffexport $1/$path $folder: subjects differ"
		gota=$(for m in "$dir"/Message*; do [ -d "$m/Attachments" ] && ls "$m/Attachments"; done | wc -l)
		wanta=$(awk -F'\t' -v p="$path" -v f="$folder" '$1 == p && $2 == f { n += $4 } END { print n + 0 }' \
			"$d/truth-items.tsv")
		[ "$gota" -eq "$wanta" ] || fail "pffexport $1/$path $folder: $gota attachments, truth says $wanta"
		mbox="$tmp/rp-$1-$base/$store/$folder/mbox"
		got=0
		[ -f "$mbox" ] && got=$(grep -c '^From ' "$mbox")
		max=$((items + hidden))
		{ [ "$got" -ge "$items" ] && [ "$got" -le "$max" ]; } \
			|| fail "readpst $1/$path $folder: $got messages, truth says $items (+$hidden hidden)"
		if [ -f "$mbox" ]; then
			gotr=$(grep -c '^Content-Disposition: attachment' "$mbox")
			[ "$gotr" -ge "$wanta" ] || fail "readpst $1/$path $folder: $gotr attachments, truth says $wanta"
		fi
	done < "$tmp/pst.tsv"

	# 4. Folder roles come from what the PST records (receive folder
	# table, store and root-folder entry IDs), whatever the localised
	# names: when mailcase and sqlite3 are at hand, every PST has one
	# folder of each role, at the path truth.json gives for it.
	MAILCASE="${top_builddir:-.}/mailcase"
	[ -x "$MAILCASE" ] && command -v sqlite3 >/dev/null 2>&1 || return 0
	rm -f "$tmp/roles.db"
	"$MAILCASE" ingest "$tmp/roles.db" "$d" > "$tmp/ingest.log" 2>&1 \
		|| fail "mailcase ingest of $1: $(tail -1 "$tmp/ingest.log")"
	for pst in "$d"/*.pst; do
		base=$(basename "$pst" .pst)
		# folder order in truth.json: inbox, sent, deleted, projects, drafts, junk
		awk -F'\t' -v p="$base.pst" '$1 == p { print $4 }' "$tmp/pst.tsv" > "$tmp/fl"
		for pair in 1:inbox 2:sent 3:deleted 5:drafts 6:junk; do
			want="Top of Personal Folders/$(sed -n "${pair%%:*}p" "$tmp/fl")"
			got=$(sqlite3 "$tmp/roles.db" "select f.path from folders f join evidence e on e.id = f.evidence_id
				where e.path like '%/$base.pst' and f.role = '${pair#*:}'" 2>&1)
			[ "$got" = "$want" ] || fail "mailcase $1/$base.pst: role ${pair#*:} is '$got', want '$want'"
		done
	done
}
check_psts a-pst
check_psts a-pst-ansi
"$MKEV" --scenario eu2011 --seed 11 --format pst-ansi --attacker-lang ru --out "$tmp/a-pst-ansi-ru" $SMALL \
	|| fail "mkevidence pst-ansi --attacker-lang ru"
check_psts a-pst-ansi-ru

[ "$failures" -eq 0 ] || exit 1
echo "PASS: mkevidence"
exit 0
