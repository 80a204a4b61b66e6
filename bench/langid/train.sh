#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# train.sh [WORK]: rebuilds data/textid.model, the language model file of
# analyzer/text/textid.c, from the training half of Debian's gettext catalogs
# (extract.sh, split.sh; WORK defaults to /tmp/mailcase-langid and is
# reused when it already holds the text). Needs gettext (msgunfmt), ICU's
# uconv (icu-devtools: the Simplified/Traditional Chinese mapping), perl, a
# C compiler and GLib's development files. TEXTID_K: features kept per
# language (default 12000). The trainer runs without a model, so that the
# script verdicts choosing its lines are the model-free ones, and says so
# once ("no language model").
# Besides the n-gram tables and the Han table the model (version 2) has the
# variant table that tells zh-Hans from zh-Hant when no character of one
# orthography only does (train.c, analyzer/text/textid-model.h).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${1:-/tmp/mailcase-langid}
K=${TEXTID_K:-12000}
LC_ALL=C.UTF-8; export LC_ALL
mkdir -p "$work/build"
command -v uconv >/dev/null || apt-get install -y -q icu-devtools >&2
[ -f "$work/text/en.tsv" ] || "$here/extract.sh" "$work/text"
[ -f "$work/train/en.txt" ] || "$here/split.sh" "$work"

# The trainer links the identifier itself for its feature extraction.
printf '#define MAILCASE_DATADIR "/nonexistent"\n' > "$work/build/config.h"
${CC:-cc} -O2 -I"$work/build" -I"$top/analyzer/text" -I"$top/parsers" -o "$work/build/train" \
	"$here/train.c" "$top/analyzer/text/textid.c" "$top/analyzer/text/textid-model.c" \
	$(pkg-config --cflags --libs glib-2.0) -lm

# Every CJK Unified Ideograph, as ICU simplifies it and as it makes it
# traditional.
perl -CS -e 'print chr($_), "\n" for 0x4E00 .. 0x9FFF' > "$work/build/han.txt"
uconv -f utf-8 -t utf-8 -x Hant-Hans < "$work/build/han.txt" > "$work/build/han-s.txt"
uconv -f utf-8 -t utf-8 -x Hans-Hant < "$work/build/han.txt" > "$work/build/han-t.txt"
paste "$work/build/han.txt" "$work/build/han-s.txt" "$work/build/han-t.txt" > "$work/build/hanmap.tsv"

set --
for tag in $(grep -v '^#' "$here/langs.txt" | cut -d' ' -f1); do
	set -- "$@" "$tag=$work/train/$tag.txt"
done
mkdir -p "$top/data"
"$work/build/train" "$K" "$top/data/textid.model" "$work/build/hanmap.tsv" "$@"
