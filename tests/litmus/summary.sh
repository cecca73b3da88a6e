#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# litmus --summary as a corpus run meets it: verdicts from an index beside
# the files, contradictions and malformed files in the exit status, a
# budget reported as incomplete (never as a verdict), --jobs giving the
# same bytes as one process, a deterministic --sample, the table by folder.
#
# usage: summary.sh SCHEDFUZZ LITMUS_DIR
set -u
sf=$1 dir=$2
. "$dir/../lib.sh"
# The models are named: a new one must not change these rows.
mm="--mm sc --mm tso"
lacks() {
	if grep -q -- "$1" out; then fail "$2: has '$1'"; show out; else ok; fi
}

mkdir -p corpus/a corpus/b
sed '/Result:/d' "$dir/SB+pos.litmus" >corpus/a/SB.litmus
sed '/Result:/d' "$dir/SB+mbs.litmus" >corpus/a/SBmb.litmus
sed '/Result:/d' "$dir/counter+atomics.litmus" >corpus/b/counter.litmus
cp "$dir/SB+pos+generated.litmus" corpus/b/
index() {
	printf 'path\tcondition\tlkmm\n'
	printf 'a/SB.litmus\texists\t%s\n' "${1:-Sometimes}"
	printf 'a/SBmb.litmus\texists\tNever\n'
	printf 'b/counter.litmus\t%s\tAlways\n' "${2:-forall}"
	printf 'b/SB+pos+generated.litmus\texists\t%s\n' "${3:-Sometimes}"
}
index >corpus/INDEX.tsv

# The files have no Result: line: INDEX.tsv beside them gives the verdicts.
expect 0 "summary with an index" -- "$sf" litmus --summary corpus $mm
contains "^SB+pos  *Sometimes  *Never  *Sometimes  .* yes$" "a Sometimes from the index"
contains "^SB+mbs  *Never  *Never  *Never  .* yes$" "a Never from the index"
contains "^counter+atomics  *Always  *Always  *Always  .* yes$" "an Always from the index"
contains "^SB+pos+generated  *Sometimes  *Never  *Sometimes  .* yes$" "herd's generator lines"
contains "^LKMM verdicts of the tests run: 1 Never, 2 Sometimes, 1 Always, 0 without" "by verdict"
contains "^tso: 0 Never outcomes reached, 0 Always outcomes missed, 2 of 2 Sometimes" "tso totals"
contains "^[^ ]*/corpus/a  *sc  *2  *2  *0  *0/1  *0/0  *0/1  *0  *0$" "the table: a folder, sc"
contains "^  *tso  *2  *2  *0  *0/1  *0/0  *1/1  *0  *0$" "the table: a folder under tso"
contains "^all  *sc  *4  *4  *0  *0/1  *0/1  *0/2  *0  *0$" "the table: all"
expect 0 "an explicit index" -- "$sf" litmus --summary corpus $mm --verdicts corpus/INDEX.tsv
contains "^SB+mbs  *Never  *Never  *Never" "an explicit index"
expect 0 "one file, the index above it" -- "$sf" litmus corpus/a/SB.litmus --mm tso
contains "^Verdict: Sometimes (LKMM: Sometimes, from the verdict index)" "one file's index"
expect 0 "a subfolder, the index above it" -- "$sf" litmus --summary corpus/a $mm
contains "^SB+mbs  *Never  *Never  *Never" "a subfolder's index"

# A verdict the index gives is checked like a header's.
index Never >corpus/INDEX.tsv
expect 1 "a Never the index gives, reached" -- "$sf" litmus --summary corpus $mm
contains "^tso: 1 Never outcomes reached" "counted"
contains "^  Never reached: SB+pos$" "named"
expect 1 "one file, a Never the index gives" -- "$sf" litmus corpus/a/SB.litmus --mm tso
# A header and an index that contradict: the test is run, and judged by neither.
index Sometimes forall Never >corpus/INDEX.tsv
expect 0 "a header the index contradicts" -- "$sf" litmus --summary corpus $mm
contains "^SB+pos+generated  *conflict .*not judged: the header says Sometimes, corpus/INDEX.tsv Never" \
	"the conflict named"
contains "^  not judged, header and index disagree: SB+pos+generated$" "the conflict listed"
# An index that describes another file is bad input.
index Sometimes exists >corpus/INDEX.tsv
expect 2 "an index with the wrong condition" -- "$sf" litmus --summary corpus $mm
contains "malformed: corpus/b/counter.litmus: .*corpus/INDEX.tsv says its condition is 'exists', the file's is 'forall'" \
	"the mismatch named"
index >corpus/INDEX.tsv
printf 'path\tcondition\tlkmm\na/SB.litmus\texists\n' >bad.tsv
expect 2 "a bad index" -- "$sf" litmus --summary corpus $mm --verdicts bad.tsv
contains "bad.tsv:2: expected PATH<TAB>exists|~exists|forall<TAB>VERDICT" "the bad line named"
printf 'x\ty\n' >other.tsv
expect 2 "not an index" -- "$sf" litmus --summary corpus $mm --verdicts other.tsv
expect 2 "no index" -- "$sf" litmus --summary corpus $mm --verdicts missing.tsv

# A malformed file: named, counted, and the exit status says so.
printf 'C bad\n{\n}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1)\n}\nexists (x=1)\n' >corpus/b/bad.litmus
expect 2 "summary with a malformed file" -- "$sf" litmus --summary corpus $mm
contains "^bad  *-  *malformed: corpus/b/bad.litmus:7: expected ';'" "the malformed file named"
contains "^5 tests: 4 ran, 0 unsupported, 1 malformed" "counted"
rm corpus/b/bad.litmus

# A budget: what it proves is reported, what it cannot is "incomplete".
expect 0 "summary with a budget" -- "$sf" litmus --summary corpus $mm --runs 2
contains "^SB+mbs  *Never  *incomplete  *incomplete  *2/2  *no$" "a Never unproven"
contains "^sc: .* 3 explorations incomplete$" "counted"
expect 0 "one file with a budget" -- "$sf" litmus "$dir/SB+mbs.litmus" --mm tso --runs 2
contains "^Verdict: incomplete (LKMM: Never)" "one file: unproven"
expect 0 "one file sampled" -- "$sf" litmus "$dir/SB+mbs.litmus" --mm tso --strategy random \
	--runs 50
contains "^Verdict: incomplete" "a random sample proves no Never"

# --jobs: the same bytes as one process, in the same order.
cp "$dir"/MP+*.litmus "$dir"/R+*.litmus corpus/b/
"$sf" litmus --summary corpus $mm >serial.out 2>&1
expect 0 "summary --jobs 3" -- "$sf" litmus --summary corpus $mm --jobs 3
if cmp -s serial.out out; then ok; else fail "--jobs 3 differs from one process"; fi
expect 0 "summary --jobs 2 --json" -- "$sf" litmus --summary corpus $mm --jobs 2 --json
"$sf" litmus --summary corpus $mm --json >serial.out 2>&1
if cmp -s serial.out out; then ok; else fail "--jobs 2 --json differs from one process"; fi
expect 2 "--jobs 0" -- "$sf" litmus --summary corpus --jobs 0
expect 2 "--jobs without --summary" -- "$sf" litmus corpus/a/SB.litmus --jobs 2

# --sample N: a fixed 1 in N by each path's hash, the same every time.
expect 0 "a sample" -- "$sf" litmus --summary corpus $mm --sample 3 --table
cp out sample.out
contains "the sample of 1 in 3)$" "the sample named"
lacks "^SB+pos " "--table prints no row"
expect 0 "the sample again" -- "$sf" litmus --summary corpus $mm --sample 3 --table --jobs 2
if cmp -s sample.out out; then ok; else fail "the sample differs from itself"; fi
n=$(sed -n 's/^\([0-9]*\) tests:.*/\1/p' sample.out)
if [ "${n:-0}" -gt 0 ] && [ "$n" -lt 11 ]; then ok; else fail "a sample of $n of 11 tests"; fi

finish
