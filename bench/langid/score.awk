# SPDX-License-Identifier: GPL-3.0-or-later
# score.awk: accuracy of language identifiers on the benchmark set.
#   awk -f score.awk -v names="mailcase cld2 exttextcat" PRED1 PRED2 PRED3
# Each PRED file has "TAG:LEN:N<TAB>answer..." lines; the label is TAG.
# Answers are mapped to BCP 47 first (CLD2's iw -> he, zh -> zh-Hans;
# exttextcat's [zh-CN-utf8] -> zh-Hans, [zh-TW-utf8] -> zh-Hant, its first
# guess only; UNKNOWN, SHORT, un -> und, which counts as wrong).
# Prints per language and length the percentage correct of each, and the
# mean over languages; then, when the set has Chinese, the share of the
# zh-Hans and zh-Hant samples given the other variant (how often the two
# are confused, leaving aside the answers that are no Chinese at all).
function norm(a) {
	if (a ~ /^\[/) { sub(/^\[/, "", a); sub(/\].*$/, "", a); sub(/-?-utf8$/, "", a)
		if (a == "zh-CN") return "zh-Hans"; if (a == "zh-TW") return "zh-Hant"
		sub(/-.*$/, "", a) }
	if (a == "iw") return "he"; if (a == "zh") return "zh-Hans"
	if (a == "UNKNOWN" || a == "SHORT" || a == "un" || a == "") return "und"
	return a
}
BEGIN { FS = "\t"; nn = split(names, name, " ") }
FNR == 1 { f++ }
{
	split($1, k, ":"); tag = k[1]; len = k[2]
	if (!(tag in seen)) { seen[tag] = 1; order[++nt] = tag }
	if (!(len in lseen)) { lseen[len] = 1; lens[++nl] = len }
	tot[f, tag, len]++
	a = norm($2)
	if (a == tag) ok[f, tag, len]++
	if (tag ~ /^zh-Han[st]$/) {
		zh[f, len]++; anyzh = 1
		if (a ~ /^zh-Han[st]$/ && a != tag) swap[f, len]++
	}
}
END {
	for (i = 1; i < nl; i++) for (j = i + 1; j <= nl; j++)
		if (lens[j] + 0 < lens[i] + 0) { t = lens[i]; lens[i] = lens[j]; lens[j] = t }
	printf "%-8s", "lang"
	for (g = 1; g <= nn; g++) for (l = 1; l <= nl; l++) printf " %7s", substr(name[g], 1, 4) "/" lens[l]
	printf "  %s\n", "samples"
	for (i = 1; i <= nt; i++) {
		tag = order[i]; printf "%-8s", tag
		for (g = 1; g <= nn; g++) for (l = 1; l <= nl; l++) {
			n = tot[g, tag, lens[l]]; p = n ? 100 * ok[g, tag, lens[l]] / n : 0
			sum[g, l] += p; printf " %7.1f", p
		}
		printf " "; for (l = 1; l <= nl; l++) printf " %d", tot[1, tag, lens[l]]
		printf "\n"
	}
	printf "%-8s", "MEAN"
	for (g = 1; g <= nn; g++) for (l = 1; l <= nl; l++) printf " %7.2f", sum[g, l] / nt
	printf "\n"
	if (anyzh) {
		printf "%-8s", "zh-swap"
		for (g = 1; g <= nn; g++) for (l = 1; l <= nl; l++)
			printf " %7.2f", zh[g, lens[l]] ? 100 * swap[g, lens[l]] / zh[g, lens[l]] : 0
		printf "  %% of zh samples given the other variant\n"
	}
}
