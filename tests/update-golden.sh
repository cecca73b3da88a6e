#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerate determinism.golden with SCHEDFUZZ (a plain build), after a
# change that alters runs on purpose.  Review the diff: every line changes
# only if every run does.
set -eu
sf=${1:?usage: update-golden.sh path/to/schedfuzz}
out=$(dirname "$0")/determinism.golden
{
	sed -n '/^#/p' "$out"
	for s in demo/locked-counter demo/lost-update demo/abba demo/plain-race demo/sb demo/sb-mb \
		 demo/mp demo/iriw; do
		for mm in sc tso lkmm; do
			for strategy in random pct dfs; do
				hash=$("$sf" explore "$s" --mm "$mm" --strategy "$strategy" --seed 1 \
					--runs 1000 --json | sed -n 's/.*"runs_hash":"\([0-9a-f]*\)".*/\1/p')
				echo "$s $mm $strategy 1 1000 $hash"
			done
		done
	done
} >"$out.new"
mv "$out.new" "$out"
