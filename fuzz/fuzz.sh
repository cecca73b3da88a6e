#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: fuzz.sh FUZZER SCENARIO MODEL EXPECTED-FAILURE SHOULD-FAIL(0|1)
# Runs libFuzzer from nothing for at most 20000 inputs in a scratch dir.
set -u
fuzzer=$1 scenario=$2 mm=$3 expect=$4 should_fail=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
SCHEDFUZZ_SCENARIO=$scenario SCHEDFUZZ_MM=$mm "$fuzzer" -seed=1 -runs=20000 -max_len=64 >log 2>&1
status=$?
if [ "$should_fail" = 1 ]; then
	if [ "$status" -ne 0 ] && grep -q "schedfuzz: $scenario: .*$expect" log && ls crash-* >/dev/null 2>&1; then
		echo "1 passed, 0 failed"
		exit 0
	fi
else
	if [ "$status" -eq 0 ] && grep -q "Done 20000 runs" log; then
		echo "1 passed, 0 failed"
		exit 0
	fi
fi
tail -20 log
echo "0 passed, 1 failed"
exit 1
