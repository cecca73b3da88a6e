#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The command line as a user meets it: exit codes, messages, reproducers,
# replay in a fresh process, and determinism across builds.
#
# usage: cli.sh SCHEDFUZZ SOURCE_DIR SANITIZER
set -u
sf=$1 src=$2 sanitizer=$3
. "$src/lib.sh"
json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" out | tail -1; }

expect 0 "list" -- "$sf" list
contains "demo/lost-update" "list"
contains "demo/locked-counter .*sc=correct" "list"

# Must show: lost-update found, replayed the same way with the same trace.
expect 1 "explore lost-update" -- "$sf" explore demo/lost-update --strategy random --seed 1 --json
contains '"result":"violation","kind":"invariant","name":"final-count"' "explore lost-update"
repro=$(json_field reproducer)
[ -f "$repro" ] && ok || fail "explore lost-update wrote no reproducer ($repro)"
"$sf" explore demo/lost-update --strategy random --seed 1 >out 2>&1
explore_hash=$(sed -n 's/.*trace hash \([0-9a-f]*\).*/\1/p' out)
expect 1 "replay lost-update" -- "$sf" replay "$repro" --trace
contains "READ_ONCE(ctx->x) = 0" "replay --trace"
contains "invariant final-count" "replay"
replay_hash=$(sed -n 's/.*trace hash \([0-9a-f]*\).*/\1/p' out)
[ -n "$explore_hash" ] && [ "$explore_hash" = "$replay_hash" ] && ok ||
	fail "replay trace hash '$replay_hash' is not explore's '$explore_hash'"
expect 1 "replay --json" -- "$sf" replay "$repro" --json
contains '"as_recorded":true' "replay --json"

expect 0 "locked-counter clean" -- "$sf" explore demo/locked-counter --runs 100000 --json
contains '"result":"clean"' "locked-counter"
contains '"runs":100000' "locked-counter"
expect 0 "locked-counter clean under pct" -- "$sf" explore demo/locked-counter --strategy pct --runs 20000
expect 1 "abba" -- "$sf" explore demo/abba --json
contains '"kind":"deadlock"' "abba"

# The campaign: every verdict as known, each bug once, minimized, as it replays.
expect 0 "campaign" -- "$sf" campaign --time 4 --scenario 'demo/l*' --scenario demo/abba \
	--out camp
contains "9 of 9 results agree with the known verdicts, 0 disagree" "campaign"
contains " lkmm  *buggy  *invariant final-count" "campaign (lkmm jobs)"
contains "demo/locked-counter .* correct clean" "campaign"
contains "demo/lost-update .* sc .* buggy .* invariant final-count ([0-9]*) .* sched" "campaign"
contains "racing steps: lost_update" "campaign"
contains "demo/lost-update sc .* first failure after [0-9]* schedules" "campaign (events)"
for f in camp/demo-lost-update-sc/invariant-final-count.repro camp/demo-abba-tso/deadlock.repro; do
	"$sf" replay "$f" --json >out 2>&1
	[ $? -eq 1 ] && grep -q '"as_recorded":true' out && ok || fail "campaign's $f does not replay"
done
"$sf" campaign --time 2 --scenario demo/abba --json --out camp >out.json 2>events
[ $? -eq 0 ] && ok || fail "campaign --json: exit status"
python3 -c 'import json, sys
rows = json.load(open("out.json"))
assert [r["status"] for r in rows] == ["agrees"] * 3, rows
assert all(r["signatures"][0]["kind"] == "deadlock" for r in rows), rows
assert all(r["first_found_schedules"] >= 1 for r in rows), rows' && ok || fail "campaign --json"
expect 2 "campaign --jobs 0" -- "$sf" campaign --jobs 0
expect 2 "campaign --engine" -- "$sf" campaign --engine afl
expect 2 "campaign matches nothing" -- "$sf" campaign --scenario 'nothing/*'

# Raw bytes, as libFuzzer writes them, replay with --scenario.
printf '\000\001\001' >raw
expect 1 "raw replay" -- "$sf" replay --scenario demo/lost-update raw
contains "final-count" "raw replay"

# Bad input: one line saying what is wrong, status 2.
expect 2 "no command" -- "$sf"
expect 2 "unknown command" -- "$sf" frobnicate
contains "unknown command 'frobnicate'" "unknown command"
expect 2 "unknown scenario" -- "$sf" explore demo/nope
contains "unknown scenario 'demo/nope'" "unknown scenario"
expect 2 "unknown flag" -- "$sf" explore demo/abba --frobnicate
contains "unknown argument '--frobnicate'" "unknown flag"
expect 2 "bad count" -- "$sf" explore demo/abba --runs ten
contains "--runs takes a whole number" "bad count"
expect 2 "bad strategy" -- "$sf" explore demo/abba --strategy bfs
expect 2 "bad param" -- "$sf" explore demo/lost-update --param tasks=99
contains "parameter tasks of demo/lost-update takes an integer from 2 to 8" "bad param"
expect 2 "unknown param" -- "$sf" explore demo/lost-update --param speed=1
# Store buffering: found under tso from scratch, never under sc.
expect 1 "sb under tso" -- "$sf" explore demo/sb --mm tso --json
contains '"name":"store-buffering"' "sb under tso"
repro=$(json_field reproducer)
expect 1 "replay sb" -- "$sf" replay "$repro" --trace
contains "(into the store buffer)" "replay sb"
contains "becomes visible" "replay sb"
contains "mm tso" "replay sb"
expect 0 "sb under sc, every schedule" -- "$sf" explore demo/sb --mm sc --strategy dfs
contains "every schedule explored" "sb under sc"
expect 2 "unknown model" -- "$sf" explore demo/lost-update --mm arm
expect 2 "missing file" -- "$sf" replay does-not-exist.repro
head -c 300 "$sf" >garbage
expect 2 "binary file" -- "$sf" replay garbage
contains "not a schedfuzz reproducer" "binary file"
sed "s/^schedfuzz-reproducer [0-9]*/schedfuzz-reproducer 9/" "$repro" >future.repro
expect 2 "future version" -- "$sf" replay future.repro
contains "format version 9, this schedfuzz reads versions 1 to 3" "future version"
sed 's#^scenario .*#scenario demo/gone#' "$repro" >gone.repro
expect 2 "unknown scenario in file" -- "$sf" replay gone.repro
contains "unknown scenario 'demo/gone'" "unknown scenario in file"
[ "$(wc -l <out)" -eq 1 ] && ok || fail "an error is one line"

# Text and JSON count runs alike: the run that failed is the last one counted.
for strategy in random pct dfs; do
	expect 1 "explore $strategy text" -- "$sf" explore drain/gen-v1 --mm tso \
		--strategy "$strategy" --out found
	text=$(sed -n 's/.*found by .* run \([0-9]*\)$/\1/p' out)
	expect 1 "explore $strategy json" -- "$sf" explore drain/gen-v1 --mm tso \
		--strategy "$strategy" --out found --json
	runs=$(json_field runs)
	[ -n "$text" ] && [ "$text" = "$runs" ] && [ "$runs" -gt 1 ] && ok ||
		fail "$strategy: the text says run '$text', the JSON runs $runs"
done

# --time takes fractions (tools/bench/time-to-bug passes 0.5), and nothing that is no time.
expect 0 "explore --time 0.2" -- "$sf" explore demo/locked-counter --time 0.2 --json
contains '"result":"clean"' "explore --time 0.2"
for bad in 0 -1 nan inf 1e7 0.5s ""; do
	expect 2 "explore --time '$bad'" -- "$sf" explore demo/locked-counter --time "$bad"
	contains "--time takes seconds" "explore --time '$bad'"
done

# The same exploration, byte for byte, in every build: runs_hash pins it.
while read -r scenario mm strategy seed runs hash preempt; do
	case "$scenario" in "#"* | "") continue ;; esac
	if [ "$scenario" = demo/plain-race ] && [ "$sanitizer" = thread ]; then continue; fi
	"$sf" explore "$scenario" --mm "$mm" --strategy "$strategy" --seed "$seed" --runs "$runs" \
		--preempt "${preempt:-full}" --json >out 2>&1
	got=$(json_field runs_hash)
	# A sanitizer's own finding (a use after free under ASan) ends the search sooner there.
	if [ "$sanitizer" != none ] && grep -q '"kind":"sanitizer"' out; then continue; fi
	[ "$got" = "$hash" ] && ok ||
		fail "determinism: $scenario $mm $strategy seed $seed preempt ${preempt:-full}:" \
			"runs_hash $got, golden $hash"
done <"$src/determinism.golden"

if [ "$sanitizer" = thread ]; then
	expect 1 "tsan plain-race" -- "$sf" explore demo/plain-race --json
	contains "WARNING: ThreadSanitizer: data race" "tsan plain-race"
	contains '"kind":"sanitizer","name":"data-race"' "tsan plain-race"
	repro=$(json_field reproducer)
	expect 1 "tsan replay plain-race" -- "$sf" replay "$repro" --json
	contains '"as_recorded":true' "tsan replay plain-race"
	expect 0 "tsan locked-counter" -- "$sf" explore demo/locked-counter --runs 20000
	if grep -q ThreadSanitizer out; then fail "tsan reported on locked-counter"; else ok; fi
fi

finish
