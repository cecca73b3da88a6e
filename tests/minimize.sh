#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# schedfuzz minimize: a long failing schedule shrinks to a few switches that
# fail the same way, the result is a fixed point and the same bytes every
# time, and what cannot be minimized is refused.
#
# usage: minimize.sh SCHEDFUZZ SOURCE_DIR
set -u
sf=$1 src=$2
. "$src/lib.sh"
export LC_ALL=C
# field OBJECT NAME: a number of minimize --json's "before" or "after" in out
field() { sed -n "s/.*\"$1\":{[^}]*\"$2\":\\([0-9]*\\).*/\\1/p" out; }
# What replay --json says failed: "kind name"
failure() {
	"$sf" replay "$@" --json 2>&1 | sed -n 's/.*"kind":"\([^"]*\)","name":"\([^"]*\)".*/\1 \2/p'
}
# raw SEED EVERY LEN: LEN bytes of a fixed LCG, one in EVERY of them nonzero
raw() {
	printf "$(awk -v x="$1" -v every="$2" -v n="$3" 'BEGIN {
		for (i = 0; i < n; i++) {
			x = (x * 1103515245 + 12345) % 2147483648; pick = int(x / 65536) % 256
			x = (x * 1103515245 + 12345) % 2147483648; v = int(x / 65536) % 256
			printf "\\%03o", pick % every ? 0 : v
		}
	}')"
}
# A reproducer without its found-by line, which names the input.
body() { grep -v '^found-by ' "$1"; }

# check NAME MAX_SWITCHES INPUT [--scenario ... for a raw INPUT]: minimize,
# then the output fails the same way, has few switches, and is a fixed point.
check() {
	name=$1 max=$2 input=$3
	shift 3
	target=$(failure "$@" "$input")
	[ -n "$target" ] && ok || fail "$name: the input does not fail"
	expect 0 "$name minimize" -- "$sf" minimize "$@" "$input" -o "$name.min.repro" --json
	before=$(field before switches) after=$(field after switches)
	echo "$name: switches $before -> $after, flushes $(field before flushes) ->" \
		"$(field after flushes), decisions $(field before decisions) ->" \
		"$(field after decisions)"
	[ -n "$after" ] && [ "$after" -le "$before" ] && [ "$after" -le "$max" ] && ok ||
		fail "$name: $before switches became '$after', wanted at most $max"
	# What the minimizer orders by first: switches and flushes together.
	[ $((after + $(field after flushes))) -le $((before + $(field before flushes))) ] && ok ||
		fail "$name: more switches and flushes than before"
	got=$(failure "$name.min.repro")
	[ "$got" = "$target" ] && ok || fail "$name: the output fails with '$got', not '$target'"
	expect 1 "$name replay" -- "$sf" replay "$name.min.repro" --json
	contains '"as_recorded":true' "$name replay"
	expect 0 "$name again" -- "$sf" minimize "$name.min.repro" -o "$name.again.repro"
	body "$name.min.repro" >a
	body "$name.again.repro" >b
	cmp -s a b && ok || fail "$name: minimize of its own output changed it"
	"$sf" minimize "$@" "$input" -o "$name.twice.repro" >/dev/null 2>&1
	cmp -s "$name.min.repro" "$name.twice.repro" && ok || fail "$name: a second run differs"
}

# (a) purge/rewrite: what explore finds, and a long raw schedule, as libFuzzer saves one.
expect 1 "explore purge/rewrite" -- "$sf" explore purge/rewrite --strategy random --seed 1 \
	--out found --json
repro=$(sed -n 's/.*"reproducer":"\([^"]*\)".*/\1/p' out)
check explored 3 "$repro"
raw 11 1 800 >purge.raw
expect 1 "raw purge/rewrite fails" -- "$sf" replay --scenario purge/rewrite purge.raw
check purge-raw 3 purge.raw --scenario purge/rewrite
"$sf" minimize --scenario purge/rewrite purge.raw >out 2>&1
contains "wrote purge.raw.min.repro" "default output name"
contains "  after " "text report"
[ -f purge.raw.min.repro ] && ok || fail "no purge.raw.min.repro"
"$sf" replay purge.raw.min.repro --trace >out 2>&1
[ "$(wc -l <out)" -le 50 ] && ok || fail "the minimized story is $(wc -l <out) lines"

# (b) tso, where flushes matter: the corpus reproducer, and a mangled raw one.
cp "$src/../corpus/drain/gen-v1/known/drain-lost.tso.repro" gen-v1.repro
check gen-v1 2 gen-v1.repro
expect 0 "default name" -- "$sf" minimize gen-v1.repro
contains "wrote gen-v1.min.repro" "default name"
raw 7 2 400 >drain.raw
check drain-raw 3 drain.raw --scenario drain/gen-v1 --mm tso --param drains=1

# The replay cap: stops early, still writes a schedule that fails the same way.
expect 0 "--max-replays" -- "$sf" minimize --scenario purge/rewrite purge.raw --max-replays 2 \
	-o capped.repro
contains "stopped at --max-replays 2" "--max-replays"
[ "$(failure capped.repro)" = "$(failure --scenario purge/rewrite purge.raw)" ] && ok ||
	fail "the capped output does not fail the same way"

# (c) Nothing to minimize: status 1 and why.
expect 1 "correct scenario" -- "$sf" minimize --scenario purge/mutex-lockbreak purge.raw
contains "does not fail" "correct scenario"
sed 's#^scenario .*#scenario drain/gen-v2#' gen-v1.repro >clean.repro
expect 1 "clean reproducer" -- "$sf" minimize clean.repro
contains "does not fail" "clean reproducer"
sed 's#^expect .*#expect deadlock deadlock#' gen-v1.repro >other.repro
expect 1 "fails differently" -- "$sf" minimize other.repro
contains "fails with invariant drain-lost, not deadlock deadlock" "fails differently"
sed 's#^expect .*#expect clean#' gen-v1.repro >expects-clean.repro
expect 1 "expects clean" -- "$sf" minimize expects-clean.repro

# Bad input: one line, status 2.
expect 2 "no file" -- "$sf" minimize
expect 2 "unknown flag" -- "$sf" minimize gen-v1.repro --frobnicate
contains "unknown argument '--frobnicate'" "unknown flag"
[ "$(wc -l <out)" -eq 1 ] && ok || fail "an error is one line"
expect 2 "missing file" -- "$sf" minimize does-not-exist.repro
expect 2 "raw without --scenario" -- "$sf" minimize purge.raw
contains "not a schedfuzz reproducer" "raw without --scenario"
expect 2 "unknown scenario" -- "$sf" minimize --scenario purge/nope purge.raw
expect 2 "--param without --scenario" -- "$sf" minimize gen-v1.repro --param drains=1
expect 2 "bad --max-replays" -- "$sf" minimize gen-v1.repro --max-replays 0
expect 2 "-o without a value" -- "$sf" minimize gen-v1.repro -o

finish
