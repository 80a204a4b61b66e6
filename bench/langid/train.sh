#!/bin/sh
# train.sh [WORK]: rebuilds analyzer/textid-model.c from the training half
# of Debian's gettext catalogs (extract.sh, split.sh; WORK defaults to
# /tmp/mailcase-langid and is reused when it already holds the text).
# Needs gettext (msgunfmt), a C compiler and GLib's development files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${1:-/tmp/mailcase-langid}
K=${TEXTID_K:-12000}
mkdir -p "$work/build"
[ -f "$work/text/en.tsv" ] || "$here/extract.sh" "$work/text"
[ -f "$work/train/en.txt" ] || "$here/split.sh" "$work"

# The trainer links the identifier itself with an empty model.
: > "$work/build/config.h"
cat > "$work/build/stub-model.c" <<'STUB'
#include "textid-model.h"
static const char *const lang[] = { "und" };
static const char *const script[] = { "Zyyy" };
static const int32_t floors[] = { 0 };
static const uint32_t keys[] = { 1 };
static const uint8_t count[] = { 0 };
static const uint16_t ent[] = { 0 };
static uint8_t han[MC_TEXTID_HAN_LAST - MC_TEXTID_HAN_FIRST + 1];
const struct mc_textid_model mc_textid_model = { 1, lang, script, floors, 1, keys, count, ent, han };
STUB
${CC:-cc} -O2 -I"$work/build" -I"$top/analyzer" -o "$work/build/train" \
	"$here/train.c" "$top/analyzer/textid.c" "$work/build/stub-model.c" \
	$(pkg-config --cflags --libs glib-2.0) -lm

set --
for tag in $(grep -v '^#' "$here/langs.txt" | cut -d' ' -f1); do
	set -- "$@" "$tag=$work/train/$tag.txt"
done
"$work/build/train" "$K" "$top/analyzer/textid-model.c" "$@"
