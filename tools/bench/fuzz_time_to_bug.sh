#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: fuzz_time_to_bug.sh [--quick] [--json] [--fuzzer PATH] [--jobs N]
#
# How long libFuzzer takes to find each known bug from an empty corpus, with
# code coverage alone and with the interleaving feedback (fuzz/feedback.c):
# 10 seeds each (3 with --quick), each run bounded by RUNS inputs and
# MAX_TIME seconds.  Prints a table, or with --json a list of rows
#   {"scenario","mm","invariant","strategy","seeds","found",
#    "median_schedules","median_s","min_s","max_s"}
# where a seed that misses counts as infinitely slow, so a median is null
# when fewer than half the seeds found the bug.
#
# A crash aborts at once (-handle_abrt=0): libFuzzer's crash report would
# add a symbolised stack trace's worth of time to every find.  The seconds
# are wall-clock, process start included (~0.1 s).
#
# Without --fuzzer, the fuzzer of build-fuzz-bench/ (clang, no sanitizer:
# the figures are about search, not about a sanitizer's cost) is built first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=10 json=0 fuzzer='' jobs=$(nproc 2>/dev/null || echo 1)
: "${RUNS:=200000}" "${MAX_TIME:=30}" "${MAX_LEN:=256}"

# Every known bug libFuzzer can reach with the default parameters.
bugs="demo/lost-update sc final-count
demo/sb tso store-buffering
purge/rewrite sc purge-incomplete
purge/refcount-v3 sc purge-incomplete
purge/rewrite-noflush sc stale-tlb-reuse
drain/gen-v1 tso drain-lost
drain/seqcount-latch tso drain-lost
mmu_gather/free-before-flush sc page-freed-while-mapped
mmu_gather/percpu-preemptible sc page-accounting"

# One run: prints "scenario mm invariant feedback seed found execs seconds".
one_run() {
	scenario=$1 mm=$2 invariant=$3 feedback=$4 seed=$5
	dir=$(mktemp -d)
	start=$(date +%s.%N)
	(
		cd "$dir" || exit
		SCHEDFUZZ_SCENARIO=$scenario SCHEDFUZZ_MM=$mm SCHEDFUZZ_FEEDBACK=$feedback \
			"$fuzzer" -seed="$seed" -runs="$RUNS" -max_total_time="$MAX_TIME" \
			-max_len="$MAX_LEN" -handle_abrt=0 -print_final_stats=1 >log 2>&1 || true
	) 2>/dev/null
	end=$(date +%s.%N)
	found=0
	# A crash of another kind is a miss: the run stopped before this bug.
	grep -q "^schedfuzz: $scenario: invariant $invariant:" "$dir/log" && found=1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
	[ "$found" = 0 ] || execs=$(sed -n 's/^schedfuzz: input \([0-9]*\) .*/\1/p' "$dir/log")
	echo "$scenario $mm $invariant $feedback $seed $found ${execs:-0}" \
		"$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')"
	rm -rf "$dir"
}

if [ "${1:-}" = --one ]; then
	shift
	fuzzer=$1
	shift
	one_run "$@"
	exit 0
fi

while [ $# -gt 0 ]; do
	case $1 in
	--quick) seeds=3 ;;
	--json) json=1 ;;
	--fuzzer) fuzzer=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
	--jobs) jobs=$2; shift ;;
	*) echo "usage: $0 [--quick] [--json] [--fuzzer PATH] [--jobs N]" >&2; exit 2 ;;
	esac
	shift
done

if [ -z "$fuzzer" ]; then
	build=$root/build-fuzz-bench
	[ -f "$build/build.ninja" ] ||
		CC=clang meson setup "$build" "$root" -Dfuzzing=enabled >/dev/null
	meson compile -C "$build" fuzz/schedfuzz-fuzzer >/dev/null
	fuzzer=$build/fuzz/schedfuzz-fuzzer
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "$bugs" | while read -r scenario mm invariant; do
	for feedback in 0 1; do
		seed=1
		while [ "$seed" -le "$seeds" ]; do
			echo "$scenario $mm $invariant $feedback $seed"
			seed=$((seed + 1))
		done
	done
done | xargs -P "$jobs" -L 1 "$0" --one "$fuzzer" >"$results" || {
	echo "fuzz_time_to_bug: a run failed" >&2
	exit 1
}

# Medians over every seed, a miss being infinitely slow.
sort -k1,1 -k2,2 -k4,4n -k5,5n "$results" | awk -v json="$json" -v seeds="$seeds" '
function median(v, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	if (n % 2)
		return v[(n + 1) / 2]
	return (v[n / 2] + v[n / 2 + 1]) / 2
}
function fmt(v, f) {
	return v >= 1e300 ? "-" : sprintf(f, v)
}
function row(    strategy, me, ms, i, inf, lo, hi) {
	inf = 1e300
	lo = inf
	hi = -1
	for (i = 1; i <= n; i++) {
		if (!ok[i]) {
			ex[i] = inf
			tm[i] = inf
		} else {
			lo = tm[i] < lo ? tm[i] : lo
			hi = tm[i] > hi ? tm[i] : hi
		}
	}
	me = median(ex, n)
	ms = median(tm, n)
	strategy = fb ? "libfuzzer+feedback" : "libfuzzer"
	if (json) {
		printf "%s{\"scenario\":\"%s\",\"mm\":\"%s\",\"invariant\":\"%s\",", \
			(rows++ ? ",\n " : "["), sc, mm, inv
		printf "\"strategy\":\"%s\",\"seeds\":%d,\"found\":%d,", strategy, n, found
		me = fmt(me, "%d")
		ms = fmt(ms, "%.3f")
		printf "\"median_schedules\":%s,\"median_s\":%s,", \
			(me == "-" ? "null" : me), (ms == "-" ? "null" : ms)
		printf "\"min_s\":%s,\"max_s\":%s}", (hi < 0 ? "null" : lo), \
			(hi < 0 ? "null" : hi)
	} else {
		printf "%-30s %-4s %-24s %-19s %5s %12s %10s\n", sc, mm, inv, strategy, \
			found "/" n, fmt(me, "%d"), fmt(ms, "%.3f")
	}
}
BEGIN {
	if (!json)
		printf "%-30s %-4s %-24s %-19s %5s %12s %10s\n", "scenario", "mm", "invariant", \
			"strategy", "found", "med-inputs", "med-s"
}
{
	key = $1 " " $2 " " $4
	if (key != last && n)
		row()
	if (key != last) {
		n = 0; found = 0; last = key
		sc = $1; mm = $2; inv = $3; fb = $4
	}
	n++
	ok[n] = $6; ex[n] = $7; tm[n] = $8
	found += $6
}
END {
	if (n)
		row()
	if (json)
		print rows ? "]" : "[]"
}'
[ "$json" = 1 ] || echo "# $seeds seeds; a run stops at $RUNS inputs or $MAX_TIME s;" \
	"-max_len=$MAX_LEN; $jobs at a time; $fuzzer"
