#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# quickstart.sh: set up, build and try mailcase on a fresh Debian 12 machine.
#
#   ./quickstart.sh                 install missing build dependencies, build,
#                                   generate the demo evidence (mkevidence eu2011)
#                                   and ingest it into demo/case.db
#   ./quickstart.sh check           the same set-up, then the whole test suite
#   ./quickstart.sh check-sanitizers  the test suite in an ASan+UBSan build
#   ./quickstart.sh distcheck       make distcheck (tarball builds and passes)
#   ./quickstart.sh fuzz-short      every libFuzzer harness, bounded by work: the
#                                   regression inputs, then $FUZZ_RUNS (10000)
#                                   runs from random seed $FUZZ_SEED (1), at
#                                   most $FUZZ_SECONDS (300) s each; fails on
#                                   any crash
#
# Idempotent: packages already installed are not touched, the build is
# incremental, and evidence already in the demo case is not read again.
set -eu
cd "$(dirname "$0")"
TOP=$(pwd)
MODE=${1:-demo}
JOBS=$(nproc 2>/dev/null || echo 2)

DEPS="build-essential autoconf automake autoconf-archive libtool pkg-config gettext
      libglib2.0-dev libgmime-3.0-dev libsqlite3-dev sqlite3 libuchardet-dev
      libpff-dev libolecf-dev libbfio-dev libxml2-dev libplist-dev zlib1g-dev libzip-dev libssl-dev check pff-tools
      pst-utils undbx chromium fonts-wqy-microhei libxml2-utils valgrind zip unzip
      slurm-wlm munge parallel"

say() { printf '==> %s\n' "$*"; }

install_deps() {
	missing=""
	for p in $DEPS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
			|| missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing Debian packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else
		echo "quickstart: need root or sudo to install:$missing" >&2; exit 1; fi
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# build DIR [CONFIGURE-FLAGS...]: configure once, then incremental make
build() {
	dir=$1
	shift
	[ -x configure ] || { say "generating the build system"; ./autogen.sh >/dev/null 2>&1 || ./autogen.sh; }
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		say "configuring $dir $*"
		(cd "$dir" && "$TOP/configure" --enable-werror "$@" >/dev/null)
	fi
	say "building in $dir"
	make -C "$dir" -s -j"$JOBS" >/dev/null
}

# run_tests DIR: make check, then one summary line "N passed, N failed, N skipped"
run_tests() {
	dir=$1
	status=0
	make -C "$dir" -s -j"$JOBS" check >"$dir/check.out" 2>&1 || status=$?
	grep -E '^(PASS|FAIL|XFAIL|XPASS|SKIP|ERROR):' "$dir/check.out" || true
	log="$dir/test-suite.log"
	count() { sed -n "s/^# $1: *\([0-9]*\).*/\1/p" "$log" | head -1; }
	if [ -f "$log" ]; then
		pass=$(count PASS); fail=$(count FAIL); err=$(count ERROR); skip=$(count SKIP)
		if [ "${fail:-0}" != 0 ] || [ "${err:-0}" != 0 ]; then
			sed -n '/^FAIL\|^ERROR/,/^$/p' "$log" | head -200
			grep -h -E '^FAIL' "$dir"/tests/*/*.log 2>/dev/null | head -50 || true
		fi
		echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped"
	else
		tail -50 "$dir/check.out"
		echo "tests: 0 passed, 1 failed"
		status=1
	fi
	return $status
}

demo() {
	mkdir -p demo
	case_file="$TOP/demo/case.db"
	evidence="$TOP/demo/evidence"
	if [ ! -f "$evidence/truth.json" ]; then
		say "generating the demo evidence (mkevidence --scenario eu2011 --seed 2011)"
		rm -rf "$evidence"
		"$TOP/_build/mkevidence" --scenario eu2011 --seed 2011 --format pst --out "$evidence" >/dev/null
	fi
	say "ingesting $evidence into $case_file"
	st=0
	"$TOP/_build/mailcase" ingest --jobs "$JOBS" "$case_file" "$evidence" || st=$?
	[ $st -le 1 ] || exit $st
	"$TOP/_build/mailcase" info "$case_file" | sed -n '1,6p'
	echo
	echo "The case file is $case_file; demo/evidence/truth.json says what happened"
	echo "in each mailbox. Try:"
	echo "  _build/mailcase info demo/case.db"
	echo "  sqlite3 demo/case.db \"SELECT f.path, f.role, count(*) FROM messages m JOIN folders f ON f.id = m.folder_id GROUP BY f.id\""
}

# the fuzzing mode also needs clang and its libFuzzer runtime
[ "$MODE" = fuzz-short ] && DEPS="$DEPS clang libclang-rt-14-dev"
install_deps
case $MODE in
demo)
	build _build
	demo
	;;
check)
	build _build
	run_tests _build
	;;
check-sanitizers)
	build _build-san --enable-sanitizers
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 run_tests _build-san
	;;
distcheck)
	build _build
	say "make distcheck"
	make -C _build -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror >_build/distcheck.out 2>&1 \
		|| { tail -60 _build/distcheck.out; exit 1; }
	grep -E 'archives ready|\.tar\.gz' _build/distcheck.out | head -3
	;;
fuzz-short)
	build _build
	# a gate asks the same of every machine: fixed runs from a fixed seed,
	# not seconds (fuzz/README.md); open-ended fuzzing is bench/fuzz's job
	say "fuzzing every harness: ${FUZZ_RUNS:-10000} runs from seed ${FUZZ_SEED:-1} (fuzz/run)"
	FUZZ_BUILDDIR="$TOP/_build" FUZZ_WORKDIR="${FUZZ_WORKDIR:-$TOP/_build/fuzz-work}" \
		"$TOP/fuzz/run" --regress
	FUZZ_BUILDDIR="$TOP/_build" FUZZ_WORKDIR="${FUZZ_WORKDIR:-$TOP/_build/fuzz-work}" \
		FUZZ_RUNS="${FUZZ_RUNS:-10000}" FUZZ_SEED="${FUZZ_SEED:-1}" \
		"$TOP/fuzz/run" "${FUZZ_SECONDS:-300}"
	;;
*)
	echo "usage: $0 [check|check-sanitizers|distcheck|fuzz-short]" >&2
	exit 2
	;;
esac
