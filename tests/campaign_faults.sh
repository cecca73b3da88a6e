#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Campaigns under faults (issue 17.2): never a "clean" or a verdict the
# files do not back.  Two campaigns on one --out (the second refused), a
# full disk (`ulimit -f 0`, SIGXFSZ ignored: write(2) fails as on a full
# disk, without root), --out that is a file, a --fuzzer that is not one,
# Ctrl-C (the table so far) and SIGTERM (libFuzzer's workers end too).
#
# usage: campaign_faults.sh SCHEDFUZZ SOURCE_DIR [PAIRS]
set -u
sf=$1 src=$2 pairs=${3:-3}
. "$src/lib.sh"
trap '' XFSZ
scen="--scenario demo/lost-update --scenario demo/locked-counter"

# Pairs sharing an out dir: each either agrees (0) or is refused (2), never a false verdict.
agreed=0 refused=0 wrong=0
i=0
while [ $i -lt "$pairs" ]; do
	# shellcheck disable=SC2086
	"$sf" campaign --time 1 --jobs 1 $scen --out shared >a.out 2>&1 &
	pa=$!
	# shellcheck disable=SC2086
	"$sf" campaign --time 1 --jobs 1 $scen --out shared >b.out 2>&1
	sb=$?
	wait $pa
	sa=$?
	for x in "a $sa" "b $sb"; do
		set -- $x
		if [ "$2" -eq 0 ] && grep -Eq "([0-9]+) of \1 results agree" "$1.out"; then
			agreed=$((agreed + 1))
		elif [ "$2" -eq 2 ] && grep -q "another campaign is using shared" "$1.out"; then
			refused=$((refused + 1))
		else
			wrong=$((wrong + 1))
			echo "pair $i, campaign $1: exit $2"
			show "$1.out"
		fi
	done
	i=$((i + 1))
done
echo "$pairs campaign pairs on one --out: $agreed agree, $refused refused, $wrong other"
[ $wrong -eq 0 ] && [ $agreed -ge "$pairs" ] && ok || fail "campaign pairs sharing --out"

# A full disk: "could not write", exit 2, and the buggy scenario never called clean.
# shellcheck disable=SC2086
(ulimit -f 0; "$sf" campaign --time 2 --jobs 1 $scen --out full 2>&1; echo "status $?") |
	cat >out
contains "^status 2" "campaign on a full disk: exit status"
# (libFuzzer cannot even write its log there: it runs nothing, which is no verdict either.)
contains "could not write\|ran no schedule" "campaign on a full disk"
if grep -q "demo/lost-update .* clean" out || grep -q DISAGREES out; then
	fail "campaign on a full disk calls a finding clean"; show out
else
	ok
fi

: >afile
expect 2 "campaign --out a file" -- "$sf" campaign --time 1 $scen --out afile
contains "--out afile is not a directory" "campaign --out a file"
expect 2 "campaign --fuzzer /bin/true" -- "$sf" campaign --time 1 --engine libfuzzer \
	--fuzzer /bin/true --scenario demo/lost-update --out tf
contains "ran no schedule" "campaign --fuzzer /bin/true"
if grep -q DISAGREES out; then fail "--fuzzer /bin/true: DISAGREES"; show out; else ok; fi

# Ctrl-C: the jobs end, the table of what was found so far, no verdict for the rest.
"$sf" campaign --time 60 --jobs 1 --engine builtin --scenario demo/lost-update \
	--scenario drain/gen-v2 --out int >out 2>&1 &
pid=$!
sleep 2
kill -INT $pid
wait $pid
status=$?
[ $status -eq 130 ] && ok || fail "campaign after Ctrl-C: exit $status, wanted 130"
contains "stopped by Ctrl-C" "campaign after Ctrl-C"
contains "found (schedules)" "campaign after Ctrl-C: the table"
contains "demo/lost-update .* invariant final-count" "campaign after Ctrl-C: the finds so far"
contains "not run: the campaign was stopped" "campaign after Ctrl-C"
if grep -q "drain/gen-v2 .* clean" out; then fail "a stopped job called clean"; else ok; fi

# SIGTERM ends libFuzzer and its -fork workers (a clang build with the fuzzer).
fuzzer=$(dirname "$sf")/../fuzz/schedfuzz-fuzzer
if [ -x "$fuzzer" ]; then
	"$sf" campaign --time 60 --jobs 4 --engine libfuzzer --scenario drain/gen-v2 --mm sc \
		--out "$tmp/lf" >out 2>&1 &
	pid=$!
	sleep 3
	kill -TERM $pid
	wait $pid
	n=0
	while pgrep -f "$tmp/lf" >/dev/null && [ $n -lt 10 ]; do sleep 1; n=$((n + 1)); done
	if pgrep -f "$tmp/lf" >/dev/null; then fail "libFuzzer outlives SIGTERM"; else ok; fi
	contains "stopped by SIGTERM" "campaign after SIGTERM"
else
	echo "no libFuzzer target in this build: SIGTERM with libFuzzer not checked"
fi

finish
