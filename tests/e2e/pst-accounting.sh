#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# pst-accounting.sh: what a PST/OST folder declares it holds
# (PidTagContentCount, PidTagAssociatedContentCount) against what its
# contents tables list, with both readers (libpff's and --pst-reader=own):
# no warning where they agree (mkevidence's PSTs, whose folders declare
# their counts), and a warning naming the folder and both counts where a
# real file disagrees (two files of the shared corpus; that part is skipped
# when the corpus is absent).
. "$top_srcdir/tests/e2e/lib.sh"

MKEV="$top_builddir/mkevidence"
[ -x "$MKEV" ] || { echo "SKIP: mkevidence not built"; exit 77; }
"$MKEV" --scenario eu2011 --seed 1 --out "$T/ev" >/dev/null
for reader in libpff own; do
	"$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/$reader.db" "$T/ev" >/dev/null 2>&1
	check_eq "$reader: generated PSTs declare what their tables list" 0 \
		"$(q "$T/$reader.db" "SELECT count(*) FROM problems WHERE message LIKE '%folder declares%'")"
	check_eq "$reader: their folders declare counts at all" 1 \
		"$(q "$T/$reader.db" "SELECT count(*) > 0 FROM folders WHERE message_count > 0")"
done

CORPUS=${MAILCASE_CORPUS:-$top_srcdir/../shared/corpus}
tika=$(find "$CORPUS" -name testPST_variousBodyTypes.pst 2>/dev/null | head -1)
ost=$(find "$CORPUS" -name SampleOstFile.ost 2>/dev/null | head -1)
if [ -n "$tika" ] && [ -n "$ost" ]; then
	for reader in libpff own; do
		"$MAILCASE" ingest -q --no-analyze --pst-reader=$reader "$T/c-$reader.db" "$tika" "$ost" \
			>/dev/null 2>&1
		check_eq "$reader: the folder that declares 228 hidden items and has no table" \
			"pst:folder:32898|warning|the folder declares 228 hidden items (PidTagAssociatedContentCount), its associated contents table lists 0" \
			"$(q "$T/c-$reader.db" "SELECT p.locator, p.severity, p.message FROM problems p
			   JOIN evidence e ON e.id = p.evidence_id WHERE e.path LIKE '%variousBodyTypes%'
			   AND p.message LIKE '%declares%'")"
		check_eq "$reader: the OST folder with one hidden item it does not declare" \
			"pst:folder:32834|the folder declares 0 hidden items (PidTagAssociatedContentCount), its associated contents table lists 1" \
			"$(q "$T/c-$reader.db" "SELECT p.locator, p.message FROM problems p
			   JOIN evidence e ON e.id = p.evidence_id WHERE e.path LIKE '%SampleOstFile%'
			   AND p.message LIKE '%declares%'")"
	done
else
	echo "SKIP (part): the shared corpus is absent ($CORPUS)"
fi
finish
