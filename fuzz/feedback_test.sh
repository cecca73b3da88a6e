#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: feedback_test.sh FUZZER
# The interleaving feedback reaches libFuzzer: with it, the same seed and
# inputs end with more features (ft:) than with code coverage alone.
set -u
fuzzer=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# features FEEDBACK: the ft: figure of the last status line.
features() {
	SCHEDFUZZ_FEEDBACK=$1 SCHEDFUZZ_SCENARIO=drain/gen-v2 SCHEDFUZZ_MM=tso \
		"$fuzzer" -seed=1 -runs=5000 -max_len=64 >"log$1" 2>&1 || return 1
	sed -n 's/^#5000.* ft: \([0-9]*\) .*/\1/p' "log$1" | tail -n 1
}

off=$(features 0) on=$(features 1)
if grep -q 'Extra Counters' log1 && [ -n "$off" ] && [ -n "$on" ] && [ "$on" -gt "$off" ]; then
	echo "features: $off with coverage alone, $on with feedback"
	echo "1 passed, 0 failed"
	exit 0
fi
tail -n 3 log0 log1
echo "0 passed, 1 failed"
exit 1
