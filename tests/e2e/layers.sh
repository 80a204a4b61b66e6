#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layers.sh: the tree keeps its layers (docs/architecture.md).
#
# 1. Every #include "x.h" of parsers/ and analyzer/<layer>/ names a header
#    of its own folder or of a folder that layer may use (the table below),
#    and no two folders hold a header of the same name.
# 2. The build enforces it: with each layer's own CPPFLAGS (from the
#    Makefile), a header of every folder it may not use fails to be found,
#    and one of every folder it may use is found.
# 3. The object files form no cycle, and no object calls into a layer above
#    its own (from `nm` of the built layer libraries and the command's
#    objects: an edge A -> B when A uses a symbol B defines).
. "$top_srcdir/tests/e2e/lib.sh"
: "${top_builddir:?run through make check}"

# layer: folder, and the folders it may include besides its own
LAYERS="parsers cases text ingest detect report cli"
folder() {
	case $1 in
	parsers) echo parsers ;;
	cases) echo analyzer/case ;;
	*) echo "analyzer/$1" ;;
	esac
}
may_use() {
	case $1 in
	parsers) echo "" ;;
	cases | text) echo "parsers" ;;
	ingest | detect) echo "cases text parsers" ;;
	report) echo "detect ingest cases text parsers" ;;
	cli) echo "report detect ingest cases text parsers" ;;
	esac
}
rank() {
	case $1 in
	parsers) echo 0 ;; cases | text) echo 1 ;; ingest | detect) echo 2 ;;
	report) echo 3 ;; cli) echo 4 ;;
	esac
}

# --- 1. the includes in the sources -------------------------------------
: >"$T/headers"
for l in $LAYERS; do
	for h in "$top_srcdir/$(folder "$l")"/*.h; do
		[ -e "$h" ] && printf '%s %s\n' "$(basename "$h")" "$l" >>"$T/headers"
	done
done
dups=$(cut -d' ' -f1 "$T/headers" | sort | uniq -d)
check_eq "no header name in two folders" "" "$dups"

: >"$T/bad-includes"
for l in $LAYERS; do
	allowed=" $l $(may_use "$l") "
	for src in "$top_srcdir/$(folder "$l")"/*.[ch]; do
		sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$src" | while read -r inc; do
			[ "$inc" = config.h ] && continue
			owner=$(awk -v h="$inc" '$1 == h { print $2 }' "$T/headers")
			if [ -z "$owner" ]; then
				echo "$(folder "$l")/$(basename "$src") includes $inc, which no layer holds"
			else
				case $allowed in *" $owner "*) ;; *)
					echo "$(folder "$l")/$(basename "$src") includes $inc of $(folder "$owner")" ;;
				esac
			fi
		done
	done
done >"$T/bad-includes"
check_eq "every include goes to its own layer or one below" "" "$(cat "$T/bad-includes")"

# --- 2. the build refuses an upward include -------------------------------
make -s -C "$top_builddir" print-layer-flags >"$T/flags" 2>"$T/flags.err" \
	|| { cat "$T/flags.err"; fail "make print-layer-flags"; finish; }
cc_cmd=$(sed -n 's/^cc //p' "$T/flags")
for l in $LAYERS; do
	flags=$(sed -n "s/^$l //p" "$T/flags")
	[ -n "$flags" ] || { fail "no CPPFLAGS printed for layer $l"; continue; }
	allowed=" $l $(may_use "$l") "
	for other in $LAYERS; do
		h=$(awk -v o="$other" '$2 == o { print $1; exit }' "$T/headers")
		[ -n "$h" ] || continue
		printf '#include "%s"\n' "$h" >"$T/probe.c"
		# shellcheck disable=SC2086
		if (cd "$top_builddir" && $cc_cmd $flags -E "$T/probe.c" -o /dev/null) 2>"$T/probe.err"; then
			found=yes
		else
			found=no
		fi
		case $allowed in
		*" $other "*) check_eq "$l may include $h ($(folder "$other"))" yes "$found"
			[ $found = yes ] || sed 's/^/  /' "$T/probe.err" | head -5 ;;
		*) check_eq "$l may not include $h ($(folder "$other"))" no "$found"
			if [ $found = no ] && ! grep -q "No such file" "$T/probe.err"; then
				fail "$l including $h failed for another reason:"
				sed 's/^/  /' "$T/probe.err" | head -5
			fi ;;
		esac
	done
done

# --- 3. the object-file graph ---------------------------------------------
command -v nm >/dev/null 2>&1 || { echo "SKIP: nm not installed"; exit 77; }
: >"$T/syms"
for l in $LAYERS; do
	if [ "$l" = cli ]; then
		objs=$(ls "$top_builddir"/analyzer/cli/*.o 2>/dev/null)
	else
		objs=$(ls "$top_builddir/$(folder "$l")"/lib*.a 2>/dev/null)
	fi
	[ -n "$objs" ] || { fail "no objects built for layer $l"; continue; }
	# "layer object D|U symbol", one line each
	# shellcheck disable=SC2086
	nm -A $objs 2>/dev/null | awk -v l="$l" '
		NF == 3 && $2 ~ /^[TDBRCVW]$/ { o = $1; sub(/:[^:]*$/, "", o); sub(/.*:/, "", o); sub(/.*\//, "", o); print l, o, "D", $3 }
		NF == 2 && $1 ~ /:$/ { next }
		NF == 3 && $2 == "U" { o = $1; sub(/:[^:]*$/, "", o); sub(/.*:/, "", o); sub(/.*\//, "", o); print l, o, "U", $3 }
	' >>"$T/syms"
done
# defined-by table, then edges between distinct objects
awk '$3 == "D" { def[$4] = $1 " " $2 } END { for (s in def) print s, def[s] }' "$T/syms" | sort >"$T/defs"
awk 'NR == FNR { lay[$1] = $2; obj[$1] = $3; next }
     $3 == "U" && ($4 in obj) && obj[$4] != $2 { print $1, $2, lay[$4], obj[$4], $4 }' \
	"$T/defs" "$T/syms" | sort -u >"$T/edges"
check_eq "the object graph has edges (nm read the objects)" yes \
	"$([ "$(wc -l <"$T/edges")" -gt 50 ] && echo yes || echo no)"

# no object uses a symbol of a layer it may not use
while read -r la oa lb ob sym; do
	[ "$la" = "$lb" ] && continue
	case " $(may_use "$la") " in *" $lb "*) ;; *)
		echo "$(folder "$la")/$oa uses $sym of $(folder "$lb")/$ob" ;;
	esac
done <"$T/edges" >"$T/upward"
check_eq "no object calls into a layer it may not use" "" "$(cat "$T/upward")"

# no cycle: strip objects that use no remaining object, or that no
# remaining object uses, until none is left (what stays is on a cycle)
awk '{ e[$2 " " $4] = 1; n[$2] = 1; n[$4] = 1 }
     END {
       do {
         changed = 0
         for (a in n) {
           out = 0
           out = 0; inc = 0
           for (k in e) {
             split(k, p, " ")
             if (p[1] == a && (p[2] in n)) out = 1
             if (p[2] == a && (p[1] in n)) inc = 1
             if (out && inc) break
           }
           if (!out || !inc) { delete n[a]; changed = 1 }
         }
       } while (changed)
       for (a in n) print a
     }' "$T/edges" >"$T/cycle.raw" || fail "the cycle check did not run"
sort "$T/cycle.raw" >"$T/cycle"
check_eq "the object files form no cycle" "" "$(tr '\n' ' ' <"$T/cycle")"
if [ -s "$T/cycle" ]; then
	echo "  edges among them:"
	awk 'NR == FNR { c[$1] = 1; next } ($2 in c) && ($4 in c) { print "  " $2 " -> " $4 " (" $5 ")" }' \
		"$T/cycle" "$T/edges" | sort -u | head -40
fi
finish
