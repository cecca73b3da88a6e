#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0
# Flags and lists of paths are split into words on purpose throughout.
# shellcheck disable=SC2086
#
# The OSS-Fuzz build contract: compile with $CC $CFLAGS, link with
# $CXX $CXXFLAGS $LIB_FUZZING_ENGINE, put the targets in $OUT with their
# <target>.options and <target>_seed_corpus.zip.  OSS-Fuzz runs a target
# without our environment variables, so each configuration is a binary of
# its own (fuzz/oss_fuzz_plan.c says which).  No meson: base-builder images
# lack it, and every object must get $CFLAGS, the engine's included.
#
# Sanitizers: address, undefined, and coverage builds.  Not memory: the
# fiber switch is assembly MemorySanitizer cannot follow, and the ucontext
# fallback has no MSan annotations.  Not thread (OSS-Fuzz does not offer it
# anyway): the tasks' fibers are TSan's threads, so the coverage counters
# they all increment would race; fuzz/meson.build builds that variant.

if [ -f "$SRC/schedfuzz/fuzz/fuzz_scenario.c" ]; then
	repo=$SRC/schedfuzz
else
	repo=$SRC
fi
: "${WORK:=$(mktemp -d)}" "${CXX:=clang++}" "${CXXFLAGS:=$CFLAGS}"
jobs=$(nproc 2>/dev/null || echo 1)

case "${SANITIZER:-} $CFLAGS" in
memory*|thread*|*-fsanitize=*memory*|*-fsanitize=*thread*)
	echo "build.sh: MemorySanitizer and ThreadSanitizer are not supported (see the top)" >&2
	exit 1 ;;
esac

common="-std=gnu11 -D_GNU_SOURCE -I$repo"
# What UBSan in $CFLAGS asks of the sources: not for the plan's host build.
sanitized=''
case "${SANITIZER:-} $CFLAGS" in
undefined*|*-fsanitize=*undefined*|*-fsanitize=*array-bounds*) sanitized=-DSIM_BUILD_UBSAN=1 ;;
esac
case "${ARCHITECTURE:-$(uname -m)}" in
x86_64) switch=$repo/sim/switch_x86_64.S ;;
aarch64) switch=$repo/sim/switch_aarch64.S ;;
*) switch='' common="$common -DSIM_FIBER_UCONTEXT" ;;
esac

# compile OBJDIR COMPILER FLAGS -- SOURCE...: one object per source, in parallel.
compile() {
	objdir=$1 compiler=$2 flags=$3
	shift 4
	mkdir -p "$objdir"
	# shellcheck disable=SC2016 # expanded by the shell xargs starts
	for f in "$@"; do
		echo "$f"
	done | xargs -P "$jobs" -I{} sh -c \
		'o="$1/$(echo "$2" | tr / _).o"; exec $3 $4 -c "$2" -o "$o"' \
		sh "$objdir" {} "$compiler" "$flags"
}

# Lists of paths (without spaces), split on purpose when passed on.
sim_sources=$(ls "$repo"/sim/*.c)
algos_sources=$(find "$repo/algos" -name '*.c' | sort)

# The plan runs here, so it is built for this machine and not instrumented.
compile "$WORK/host" "$CC" "-O0 $common -I$repo/sim" -- $sim_sources $switch $algos_sources
compile "$WORK/host" "$CC" "-O0 $common" -- "$repo/fuzz/oss_fuzz_plan.c"
$CC "$WORK"/host/*.o -o "$WORK/oss-fuzz-plan"

# Code written against the kernel API finds <linux/...> in sim/.
common="$common $sanitized"
compile "$WORK/obj" "$CC" "$CFLAGS $common -I$repo/sim" -- $sim_sources $switch
compile "$WORK/obj" "$CC" "$CFLAGS $common -I$repo/sim" -- $algos_sources
compile "$WORK/obj" "$CC" "$CFLAGS $common" -- "$repo/fuzz/feedback.c"

# Every reproducer under corpus/, whatever the layout, and any raw seeds.
rm -rf "$WORK/seeds"
find "$repo/corpus" -type f ! -path '*/seeds/*' | sort |
	"$WORK/oss-fuzz-plan" "$WORK/seeds" - >"$WORK/plan.txt"

# build_target NAME SCENARIO MM PARAMS|- MAX-LEN: the binary, its options and seeds.
build_target() {
	name=$1 scenario=$2 mm=$3 params=$4 max_len=$5
	defines=("-DSCHEDFUZZ_BUILTIN_SCENARIO=\"$scenario\"" "-DSCHEDFUZZ_BUILTIN_MM=\"$mm\"")
	[ "$params" = - ] || defines+=("-DSCHEDFUZZ_BUILTIN_PARAMS=\"$params\"")
	$CC $CFLAGS $common "${defines[@]}" -c "$repo/fuzz/fuzz_scenario.c" -o "$WORK/$name.o"
	$CXX $CXXFLAGS $LIB_FUZZING_ENGINE "$WORK/$name.o" "$WORK"/obj/*.o -o "$OUT/$name"
	printf '[libfuzzer]\nmax_len = %s\n' "$max_len" >"$OUT/$name.options"

	# corpus/<algo>/<variant>/seeds/ hold raw schedules for every model's defaults.
	if [ "$params" = - ] && [ -d "$repo/corpus/$scenario/seeds" ]; then
		mkdir -p "$WORK/seeds/$name"
		cp "$repo/corpus/$scenario/seeds/"* "$WORK/seeds/$name/"
	fi
	[ -n "$(ls -A "$WORK/seeds/$name" 2>/dev/null)" ] || return 0
	rm -f "$OUT/${name}_seed_corpus.zip"
	if command -v zip >/dev/null; then
		(cd "$WORK/seeds/$name" && zip -q -j "$OUT/${name}_seed_corpus.zip" ./*)
	else
		(cd "$WORK/seeds/$name" && python3 -m zipfile -c "$OUT/${name}_seed_corpus.zip" ./*)
	fi
}

# Linking dominates: $jobs targets at a time, and any failure fails the build.
pids='' n=0
grep '^target ' "$WORK/plan.txt" >"$WORK/targets.txt"
while read -r _ name scenario mm params max_len _; do
	build_target "$name" "$scenario" "$mm" "$params" "$max_len" &
	pids="$pids $!"
	n=$((n + 1))
	if [ $((n % jobs)) -eq 0 ]; then
		for pid in $pids; do
			wait "$pid"
		done
		pids=''
	fi
done <"$WORK/targets.txt"
for pid in $pids; do
	wait "$pid"
done
