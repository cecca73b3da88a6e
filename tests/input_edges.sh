#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Input edge cases (issue 17): numbers parsed strictly everywhere, a reproducer
# read line by line within a bound, messages that name the real problem,
# values refused rather than cut, flags that contradict each other refused.
#
# usage: input_edges.sh SCHEDFUZZ SOURCE_DIR SANITIZER
set -u
sf=$1 src=$2 sanitizer=${3:-none}
. "$src/lib.sh"
# An address-space limit, where it can apply: a sanitizer reserves terabytes at start.
limit_memory() { [ "$sanitizer" != none ] || ulimit -v "$1"; }
# A bound on each command: before the fixes some of these ran for ever (--runs ' -1').
run() { timeout 30 "$sf" "$@"; }

# A failing reproducer to mangle.
"$sf" explore demo/lost-update --seed 1 --out . >/dev/null 2>&1
repro=$(ls ./demo-lost-update-*.repro | head -1)
[ -f "$repro" ] && ok || fail "no reproducer to start from"

# Numbers: a leading blank, tab or '+', trailing junk, overflow -- all refused.
for v in ' -1' ' 5' "$(printf '\t5')" '+5' '5 ' '5x' '18446744073709551616' '' '-1' '0x10'; do
	expect 2 "--runs '$v'" -- run explore demo/locked-counter --runs "$v"
	contains "takes a whole number" "--runs '$v'"
done
expect 2 "--seed overflow" -- run explore demo/abba --seed 99999999999999999999
for v in ' 3' '+3' '3abc' '4294967299' '-' '03x'; do
	expect 2 "--param tasks='$v'" -- run explore demo/lost-update --param "tasks=$v"
	contains "takes an integer from 2 to 8" "--param tasks='$v'"
done
expect 2 "campaign --jobs ' 2'" -- run campaign --jobs ' 2'
expect 2 "litmus --runs +1" -- run litmus "$src/litmus/SB.litmus" --runs +1
expect 2 "minimize --max-replays 1x" -- run minimize "$repro" --max-replays 1x

# The reproducer's numbers: version, param and decisions.
for v in 1.1 1abc 4294967297 ' 1' +1 01x; do
	sed "s/^schedfuzz-reproducer [0-9]*\$/schedfuzz-reproducer $v/" "$repro" >v.repro
	expect 2 "version '$v'" -- run replay v.repro
	contains "format version" "version '$v'"
done
sed 's/^param tasks 2$/param tasks +2/' "$repro" >p.repro
expect 2 "param +2 in a file" -- run replay p.repro
contains "is not an integer" "param +2 in a file"
sed 's/^decisions \(.*\)$/decisions  \1/' "$repro" >d.repro
expect 2 "decisions with a blank" -- run replay d.repro
contains "is not a count" "decisions with a blank"

# An endless line is refused after its first 4 KiB, whatever the file is.
# (Before: getline() grew without bound; the limits make that a failure, not a hang.)
(limit_memory 1048576; timeout 60 "$sf" replay /dev/zero) >out 2>&1
[ $? -eq 2 ] && ok || { fail "replay /dev/zero: not refused"; show out; }
contains "not a schedfuzz reproducer" "replay /dev/zero"
grep -q "is empty" out && fail "replay /dev/zero: called empty" || ok
{ echo "schedfuzz-reproducer 1"; head -c 100000 /dev/zero | tr '\0' a; } >long.repro
expect 2 "a 100 kB line" -- run replay long.repro
contains "a line longer than 4096 characters" "a 100 kB line"
# Memory stays bounded: 1 GiB of one line under a 256 MiB address-space limit.
(limit_memory 262144; head -c 1073741824 /dev/zero | tr '\0' a | timeout 60 "$sf" replay /dev/stdin) \
	>out 2>&1
[ $? -eq 2 ] && grep -q "not a schedfuzz reproducer" out && ! grep -q "is empty" out && ok ||
	{ fail "1 GiB line"; show out; }

# Messages that name the problem.
{ sed '/^expect/,$d' "$repro"; for i in 1 2 3 4 5 6 7 8; do echo "param p$i 1"; done;
  sed -n '/^expect/,$p' "$repro"; } >params.repro
expect 2 "more than 8 params" -- run replay params.repro
contains "more than 8 params" "more than 8 params"
mkdir adir
expect 2 "a directory" -- run replay adir
contains "adir is a directory" "a directory"
{ sed '/^decisions/,$d' "$repro"; echo "decisions 16777217"; } >big.repro
expect 2 "decisions over the cap" -- run replay big.repro
contains "not a count up to 16777216" "decisions over the cap"

# Long values refused, not cut.
long=$(printf '%0100d' 0 | tr 0 x)
sed "s/^expect invariant final-count/expect invariant $long/" "$repro" >e.repro
expect 2 "long expect" -- run replay e.repro
contains "expect: the name must be one word of at most 47 characters" "long expect"
sed "s/^found-by .*/found-by $long$long/" "$repro" >f.repro
expect 2 "long found-by" -- run replay f.repro
contains "found-by is longer than 127 characters" "long found-by"

# Flags that contradict each other or the file.
expect 2 "--timeline X --chrome-trace X" -- run replay "$repro" --timeline x --chrome-trace x
contains "both name x" "--timeline X --chrome-trace X"
[ ! -e x ] && ok || fail "--timeline X --chrome-trace X left x"
expect 2 "replay FILE --mm tso" -- run replay "$repro" --mm tso
contains "recorded under mm sc" "replay FILE --mm tso"
expect 1 "replay FILE --mm sc (the file's own)" -- run replay "$repro" --mm sc

# litmus: --time stops a big exploration; "stopped by --runs" only when --runs was given.
{
	printf 'C big\n\n{\n'
	for i in 0 1 2 3 4 5; do printf '\tint x%d;\n' $i; done
	printf '}\n\n'
	for i in 0 1 2 3 4 5; do
		j=$(((i + 1) % 6))
		printf 'P%d(int *x%d, int *x%d)\n{\n\tint r0;\n\n' $i $i $j
		printf '\tWRITE_ONCE(*x%d, 1);\n\tr0 = READ_ONCE(*x%d);\n}\n\n' $i $j
	done
	printf 'exists (0:r0=0 /\\ 1:r0=0)\n'
} >big.litmus
# (Raw: the reduction explores this ring of six in 64 schedules.)
expect 0 "litmus --time 1" -- run litmus big.litmus --mm tso --time 1 --no-reduction
contains "stopped by --time: not every schedule explored" "litmus --time 1"
expect 0 "litmus --runs 5" -- run litmus big.litmus --mm tso --runs 5
contains "5 schedules, stopped by --runs" "litmus --runs 5"
expect 2 "litmus --time ' 1'" -- run litmus big.litmus --time ' 1'

finish
