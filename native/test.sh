#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# schedfuzz-native as a user meets it: bugs found on real threads within
# generous iteration budgets (measured: lost-update within ~100 iterations,
# abba within ~100), correct variants clean, bad input refused.
#
# usage: test.sh SCHEDFUZZ_NATIVE SANITIZER
set -u
sf=$1 sanitizer=${2:-none}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; sed 's/^/  | /' "$out" | head -20; }
# expect STATUS DESCRIPTION -- COMMAND...: run it, output in $out
expect() {
	want=$1 what=$2
	shift 3
	"$@" >"$out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else fail "$what: exit $got, wanted $want"; fi
}
contains() {
	if grep -q -- "$1" "$out"; then ok; else fail "$2: output lacks '$1'"; fi
}

expect 1 "lost-update found" -- "$sf" demo/lost-update --iterations 100000 --json
contains '"result":"violation","kind":"invariant","name":"final-count"' "lost-update"

expect 0 "locked-counter clean" -- "$sf" demo/locked-counter --iterations 5000 --json
contains '"result":"clean"' "locked-counter"
contains '"iterations":5000' "locked-counter"

# A deadlock is a hang natively: the watchdog stops the tasks and names where they wait.
expect 1 "abba hangs" -- "$sf" demo/abba --hang 0.2 --iterations 100000
contains "demo/abba: hang deadlock after" "abba"
contains "mutex_lock(&ctx->b)" "abba"

# Preemption off excludes the CPU's other tasks: the per-CPU gather is not shared.
expect 0 "percpu clean" -- "$sf" mmu_gather/percpu --iterations 1000
# The drain works run on their CPUs' kworkers, and flush_work() waits for them.
expect 0 "gen-v2 clean" -- "$sf" drain/gen-v2 --iterations 1000

expect 0 "time budget" -- "$sf" demo/sb-mb --time 0.5
contains "demo/sb-mb: not found in 0.5 s" "time budget"

if [ "$sanitizer" = thread ]; then
	# TSan's own exit status once it has reported.
	expect 66 "plain-race under TSan" -- "$sf" demo/plain-race --iterations 1000 --json
	contains '"kind":"sanitizer","name":"data-race"' "plain-race"
fi

expect 2 "unknown scenario" -- "$sf" demo/nonesuch
contains "unknown scenario 'demo/nonesuch'" "unknown scenario"
expect 2 "unknown flag" -- "$sf" demo/lost-update --frobnicate
expect 2 "bad model" -- "$sf" demo/lost-update --mm arm
expect 2 "bad parameter" -- "$sf" demo/lost-update --param tasks=99
expect 2 "unknown parameter" -- "$sf" demo/lost-update --param nonesuch=1
expect 2 "bad budget" -- "$sf" demo/lost-update --iterations -3
expect 2 "no scenario" -- "$sf"
expect 1 "sc note" -- "$sf" demo/lost-update --mm sc --iterations 100000
contains "note: the hardware's model" "sc note"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
