#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel's litmus corpus (the folder $SCHEDFUZZ_LITMUS_DIR, laid out as
# ../shared/litmus beside the repository) under sc and tso.  Both models are
# at least as strong as LKMM, so no "Never" outcome may be reached; and the
# store-buffering tests must split the models: the weak outcome is reached
# under tso, not under sc, and never once smp_mb() is in place.
#
# usage: conformance.sh SCHEDFUZZ
set -u
sf=$1
dir=${SCHEDFUZZ_LITMUS_DIR:-}
if [ -z "$dir" ]; then
	echo "SCHEDFUZZ_LITMUS_DIR is not set: skipped"
	exit 77
fi
if [ ! -d "$dir" ]; then
	echo "SCHEDFUZZ_LITMUS_DIR=$dir is not a folder"
	exit 1
fi
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Every supported test, both models.  The budget keeps sanitizer builds
# within the timeout; a test it cuts short is still checked on every
# schedule it ran, and the ones named below are explored completely.
"$sf" litmus --summary "$dir" --runs 100000 --json >"$out" 2>&1
status=$?
totals=$(tail -1 "$out")
if [ "$status" -eq 0 ]; then ok; else fail "summary exit $status"; fi
case "$totals" in
*'"never_reached":{"sc":[],"tso":[]}'*) ok ;;
*) fail "Never outcomes reached: $totals" ;;
esac
case "$totals" in
*'"failed":{"sc":[],"tso":[]}'*) ok ;;
*) fail "runs failed: $totals" ;;
esac
ran=$(echo "$totals" | sed -n 's/.*"ran":\([0-9]*\).*/\1/p')
if [ "${ran:-0}" -gt 0 ]; then ok; else fail "no test ran: $totals"; fi

# check FILE MODEL REACHED: explored completely, the condition reached or not.
check() {
	"$sf" litmus "$dir/$1" --mm "$2" --json >"$out" 2>&1
	line=$(tail -1 "$out")
	case "$line" in
	*"\"complete\":true,\"exists_reached\":$3,"*) ok ;;
	*) fail "$1 under $2: wanted exists_reached $3 after every schedule: $line" ;;
	esac
}
check lkmm/SB+poonceonces.litmus sc false
check lkmm/SB+poonceonces.litmus tso true
check lkmm/SB+fencembonceonces.litmus sc false
check lkmm/SB+fencembonceonces.litmus tso false
check seeds/lru_add_drain_all+wmb.litmus sc false
check seeds/lru_add_drain_all+wmb.litmus tso true
check seeds/lru_add_drain_all+mbs.litmus sc false
check seeds/lru_add_drain_all+mbs.litmus tso false

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
