#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerate determinism.golden with SCHEDFUZZ (a plain build), after a
# change that alters runs on purpose.  Review the diff: every line changes
# only if every run does.  Every scenario under every model it has a
# verdict for (sc, tso, lkmm): the demos with 1000 runs of each strategy, the ports with 200.
# Under the default preemption model (full); and where full-v1 (the rules of
# format-1 reproducers, the engine before the models) runs otherwise, a line
# for it too, ending in "full-v1", so the old rules stay pinned.
set -eu
sf=${1:?usage: update-golden.sh path/to/schedfuzz}
out=$(dirname "$0")/determinism.golden
tmp=${TMPDIR:-/tmp}/golden-out.$$
hash_of() {
	"$sf" explore "$1" --mm "$2" --strategy "$3" --seed 1 --runs "$4" --preempt "$5" \
		--out "$tmp" --json | sed -n 's/.*"runs_hash":"\([0-9a-f]*\)".*/\1/p'
}
{
	sed -n '/^#/p' "$out"
	"$sf" list | while read -r s verdicts; do
		runs=200
		case "$s" in demo/*) runs=1000 ;; esac
		for v in $verdicts; do
			case "$v" in *=-) continue ;; sc=* | tso=* | lkmm=*) ;; *) break ;; esac
			mm=${v%%=*}
			for strategy in random pct dfs; do
				hash=$(hash_of "$s" "$mm" "$strategy" $runs full)
				echo "$s $mm $strategy 1 $runs $hash"
				old=$(hash_of "$s" "$mm" "$strategy" $runs full-v1)
				[ "$old" = "$hash" ] || echo "$s $mm $strategy 1 $runs $old full-v1"
			done
		done
	done
} >"$out.new"
rm -rf "$tmp"
mv "$out.new" "$out"
