#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerate determinism.golden with SCHEDFUZZ (a plain build), after a
# change that alters runs on purpose.  Review the diff: every line changes
# only if every run does.  Every scenario under every model it has a
# verdict for (sc, tso, lkmm): the demos with 1000 runs of each strategy, the ports with 200.
set -eu
sf=${1:?usage: update-golden.sh path/to/schedfuzz}
out=$(dirname "$0")/determinism.golden
{
	sed -n '/^#/p' "$out"
	"$sf" list | while read -r s verdicts; do
		runs=200
		case "$s" in demo/*) runs=1000 ;; esac
		for v in $verdicts; do
			case "$v" in *=-) continue ;; sc=* | tso=* | lkmm=*) ;; *) break ;; esac
			mm=${v%%=*}
			for strategy in random pct dfs; do
				hash=$("$sf" explore "$s" --mm "$mm" --strategy "$strategy" --seed 1 \
					--runs $runs --out "${TMPDIR:-/tmp}/golden-out.$$" --json |
					sed -n 's/.*"runs_hash":"\([0-9a-f]*\)".*/\1/p')
				echo "$s $mm $strategy 1 $runs $hash"
			done
		done
	done
} >"$out.new"
rm -rf "${TMPDIR:-/tmp}/golden-out.$$"
mv "$out.new" "$out"
