#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Our litmus tests, each under sc, tso and every other model its header's
# "Expect:" line names: the verdict must be the expected one, reached by an
# exploration of every schedule.  A test without an expectation for sc and
# tso fails: an unpinned test could not fail.
#
# usage: expect.sh SCHEDFUZZ DIR
set -u
sf=$1 dir=$2
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" "$out"; }

for f in "$dir"/*.litmus; do
	expect=$(sed -n 's/^ \* Expect: *//p' "$f")
	# sc and tso always; any other model its header names (lkmm=...).
	models=$(echo "sc tso $expect" | tr ' ' '\n' | sed -n 's/=.*//p; /^sc$/p; /^tso$/p' |
		 awk '!seen[$0]++')
	for mm in $models; do
		want=$(echo "$expect" | tr ' ' '\n' | sed -n "s/^$mm=//p")
		if [ -z "$want" ]; then
			fail "$f: no 'Expect: $mm=VERDICT' in its header"
			continue
		fi
		"$sf" litmus "$f" --mm "$mm" --json >"$out" 2>&1
		status=$? verdict=$(field verdict) complete=$(field complete)
		if [ "$status" -ne 0 ] || [ "$verdict" != "$want" ] ||
		   [ "$complete" != true ]; then
			fail "$f under $mm: exit $status, verdict '$verdict' (expected" \
			     "'$want'), complete '$complete'"
			sed 's/^/  | /' "$out" | head -5
		else
			passed=$((passed + 1))
		fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
