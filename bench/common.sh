# SPDX-License-Identifier: GPL-3.0-or-later
# bench/common.sh: what the bench/ scripts share (sourced, not run):
# installing missing Debian packages, building mailcase out of tree,
# timing a command with GNU time, and printing table rows with the load.
#
# Environment: MAILCASE_BUILD (a configured and built tree; default: one
# built under $BENCH_DIR/build), BENCH_DIR (work directory, kept between
# runs so that generated evidence is reused; default /tmp/mailcase-bench),
# BENCH_TIMEOUT (seconds allowed to each peer tool; default 2700).

BENCH_DIR=${BENCH_DIR:-/tmp/mailcase-bench}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-2700}
bench_src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$BENCH_DIR"

# need CMD PACKAGE...: installs the packages if CMD is missing.
need() {
	cmd=$1
	shift
	command -v "$cmd" >/dev/null 2>&1 && return 0
	echo "installing $* (for $cmd)" >&2
	if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get install -y -q "$@" >/dev/null 2>&1 ||
		{ $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$@" >/dev/null; } ||
		{ echo "$0: cannot install $*" >&2; exit 1; }
}

# Sets MC (mailcase) and MKEV (mkevidence), building them if needed.
build_mailcase() {
	need /usr/bin/time time
	if [ -z "${MAILCASE_BUILD:-}" ]; then
		MAILCASE_BUILD=$BENCH_DIR/build
		if [ ! -x "$MAILCASE_BUILD/mailcase" ]; then
			echo "building mailcase in $MAILCASE_BUILD" >&2
			[ -x "$bench_src/configure" ] || (cd "$bench_src" && ./autogen.sh) >/dev/null
			mkdir -p "$MAILCASE_BUILD"
			(cd "$MAILCASE_BUILD" && "$bench_src/configure" -q && make -j"$(nproc)" -s) \
				>"$BENCH_DIR/build.log" 2>&1 ||
				{ echo "$0: build failed, see $BENCH_DIR/build.log" >&2; exit 1; }
		fi
	fi
	MC=$MAILCASE_BUILD/mailcase
	MKEV=$MAILCASE_BUILD/mkevidence
	[ -x "$MC" ] && [ -x "$MKEV" ] || { echo "$0: no mailcase in $MAILCASE_BUILD" >&2; exit 1; }
}

# measure NAME CMD...: runs CMD under GNU time with the peer timeout and
# sets T (seconds, or "> N" when it timed out), CPU (user + system
# seconds, children included: steadier than T on a shared machine), RSS
# (MiB, the largest process), LOAD (1-minute load average before) and RC.
measure() {
	name=$1
	shift
	LOAD=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f '%e %M %U %S' -o "$BENCH_DIR/time.$$" timeout "$BENCH_TIMEOUT" "$@" \
		>"$BENCH_DIR/$name.log" 2>&1
	RC=$?
	set -- $(tail -1 "$BENCH_DIR/time.$$")
	rm -f "$BENCH_DIR/time.$$"
	T=$1
	RSS=$(( ${2:-0} / 1024 ))
	CPU=$(awk -v u="${3:-0}" -v s="${4:-0}" 'BEGIN { printf "%.1f", u + s }')
	[ "$RC" -eq 124 ] && T="> $BENCH_TIMEOUT"
}

# ratio A B: A / B with two decimals, or "-" if either is not a number.
ratio() {
	case "$1$2" in *'>'*|'') echo "-"; return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# rate COUNT SECONDS: COUNT / SECONDS, rounded.
rate() {
	case "$2" in *'>'*|'') echo "-"; return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "-" }'
}

bench_header() {
	echo "# $(basename "$0"): $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
	     "$(uname -sr), mailcase $("$MC" --version | head -1 | awk '{print $NF}')"
}
