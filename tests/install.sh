#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# schedfuzz as a user outside the tree gets it: install this build to a
# temporary DESTDIR, build examples/pipe.c against it with pkg-config alone
# (shared and static), run the binary's explore on the lost wake-up (found,
# exit 1) and on its fix (clean, every schedule), replay the reproducer; the
# same with the libFuzzer module when this build has it; a name used twice
# is refused at start-up; and, in the plain build, the example as a meson
# project that vendors schedfuzz as a subproject.
#
# usage: install.sh SOURCE_ROOT BUILD_ROOT SANITIZER CC FUZZERS(true|false)
src=$1 build=$2 sanitizer=$3 cc=$4 fuzzers=$5
. "$(dirname "$0")/lib.sh"

dest=$tmp/dest
expect 0 "meson install" -- meson install -C "$build" --destdir "$dest" --no-rebuild --quiet
pc=$(find "$dest" -name schedfuzz.pc | head -1)
[ -n "$pc" ] || { fail "no schedfuzz.pc installed"; finish; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$dest
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR LD_LIBRARY_PATH
for h in schedfuzz/scenario.h schedfuzz/linux/wait.h schedfuzz/linux/spinlock.h \
	 schedfuzz/sim/sched.h; do
	if find "$dest" -path "*/include/$h" | grep -q .; then ok; else fail "$h not installed"; fi
done

# shellcheck disable=SC2046
expect 0 "cc pipe.c with pkg-config (shared)" -- \
	"$cc" -g "$src/examples/pipe.c" $(pkg-config --cflags --libs schedfuzz) -o pipe-fuzz
# shellcheck disable=SC2046
expect 0 "cc pipe.c with pkg-config (static)" -- \
	"$cc" -g "$src/examples/pipe.c" \
	$(pkg-config --cflags --libs --static schedfuzz | sed 's/-lschedfuzz/-l:libschedfuzz.a/') \
	-o pipe-fuzz-static

for bin in ./pipe-fuzz ./pipe-fuzz-static; do
	expect 0 "$bin list" -- "$bin" list
	contains 'pipe/consumer-buggy *sc=buggy' "$bin list"
	contains 'pipe/consumer  *sc=correct' "$bin list"
	if grep -q 'demo/' out; then fail "$bin list shows the built-in scenarios"; show out; else ok; fi
	for mm in sc tso; do
		expect 1 "$bin explore buggy $mm" -- "$bin" explore pipe/consumer-buggy --mm "$mm" \
			--out "out-$mm"
		contains 'deadlock: consumer (cpu1) sleeps in schedule() at consumer_buggy:' \
			"$bin explore buggy $mm"
		contains 'on wait queue &p->wq (pipe.wq)' "$bin explore buggy $mm"
		repro=$(sed -n 's/^reproducer: //p' out)
		expect 1 "$bin replay $mm" -- "$bin" replay "$repro" --trace
		contains 'sleeps' "$bin replay $mm"
		if grep -q 'NOT as recorded' out; then fail "replay $mm"; show out; else ok; fi
		expect 0 "$bin explore fixed $mm" -- "$bin" explore pipe/consumer --mm "$mm" \
			--runs 20000
		# Every schedule; under tso within 2 preemptions (unbounded: 1.5 million).
		bound=
		[ "$mm" = tso ] && bound="--preemption-bound 2"
		# shellcheck disable=SC2086
		expect 0 "$bin explore fixed $mm dfs" -- "$bin" explore pipe/consumer --mm "$mm" \
			--strategy dfs $bound
		contains 'every schedule explored' "$bin explore fixed $mm dfs"
		rm -rf "out-$mm"
	done
done

# Two scenarios of one name: refused before any command runs.
cat >dup.c <<'DUP'
#include <schedfuzz/scenario.h>
static void *setup(void) { return 0; }
SIM_SCENARIO(again) = { .name = "pipe/consumer", .nr_cpus = 1, .setup = setup };
DUP
# shellcheck disable=SC2046
expect 0 "cc pipe.c dup.c" -- "$cc" "$src/examples/pipe.c" dup.c \
	$(pkg-config --cflags --libs schedfuzz) -o dup
expect 2 "a name used twice" -- ./dup list
contains "two scenarios are named 'pipe/consumer'" "a name used twice"

if [ "$fuzzers" = true ]; then
	# shellcheck disable=SC2046
	expect 0 "cc pipe.c with pkg-config schedfuzz-fuzzer" -- \
		"$cc" -g "$src/examples/pipe.c" $(pkg-config --cflags --libs schedfuzz-fuzzer) \
		-o pipe-fuzzer
	mkdir fuzz && cd fuzz || exit 1
	SCHEDFUZZ_SCENARIO=pipe/consumer-buggy ../pipe-fuzzer -runs=100000 -seed=1 >../out 2>&1
	cd .. || exit 1
	crash=$(ls fuzz/crash-* 2>/dev/null | head -1)
	if [ -n "$crash" ]; then ok; else fail "libFuzzer: no crash in pipe/consumer-buggy"; show out; fi
	contains 'deadlock' "libFuzzer on pipe/consumer-buggy"
	[ -n "$crash" ] && expect 1 "replay the libFuzzer crash" -- \
		./pipe-fuzz replay --scenario pipe/consumer-buggy "$crash"
	[ -n "$crash" ] && contains 'on wait queue &p->wq (pipe.wq)' "replay the libFuzzer crash"
	expect 0 "libFuzzer keeps pipe/consumer clean" -- \
		env SCHEDFUZZ_SCENARIO=pipe/consumer ./pipe-fuzzer -runs=20000 -seed=1
fi

# Vendored: examples/ as a project with schedfuzz in subprojects/, built by
# meson alone.  Once, in the plain build: it builds the engine again.
if [ "$sanitizer" = none ]; then
	cp -r "$src/examples" proj
	mkdir proj/subprojects
	ln -s "$src" proj/subprojects/schedfuzz
	expect 0 "meson setup (subproject)" -- env -u PKG_CONFIG_PATH -u PKG_CONFIG_SYSROOT_DIR \
		CC="$cc" meson setup proj/b proj --force-fallback-for=schedfuzz
	expect 0 "meson compile pipe-fuzz (subproject)" -- meson compile -C proj/b pipe-fuzz
	expect 1 "subproject pipe-fuzz explore buggy" -- proj/b/pipe-fuzz explore \
		pipe/consumer-buggy --out out-sub
	contains 'on wait queue &p->wq (pipe.wq)' "subproject pipe-fuzz explore buggy"
fi
finish
