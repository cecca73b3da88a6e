#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: corpus.sh SCHEDFUZZ SOURCE-DIR SANITIZER
# Every known reproducer, corpus/<algo>/<variant>/known/<failure>[.<mm>].repro,
# is where its header says, still fails as recorded, and does not fail on
# the variant that fixes it.  Sanitizer findings replay in their own build.
set -u
sf=$1 src=$2 sanitizer=$3
corpus=$(cd "$src/../corpus" && pwd)
. "$src/lib.sh"
field() { sed -n "s/^$1 //p" "$2"; }

# name, default model, bug, its fix: one python for all, it is slow to start.
"$sf" list --json >"$tmp/list" || fail "list --json"
python3 -c 'import json, sys
for s in json.load(open(sys.argv[1])):
    mm = next((m for m, v in s["verdict"].items() if v != "none"), "-")
    print(s["name"], mm, (s["bug"] or "-").replace(":", "/"), s["fixed_by"] or "-")' \
	"$tmp/list" >"$tmp/scenarios" || fail "list --json is not JSON"
scenario_field() { awk -v s="$1" -v n="$2" '$1 == s { print $n }' "$tmp/scenarios"; }

count=0
for f in $(find "$corpus" -path '*/known/*' -type f | sort); do
	count=$((count + 1))
	scenario=$(field scenario "$f")
	mm=$(field mm "$f")
	name=$(field expect "$f" | sed 's/^[a-z-]* *//')
	suffix=".$mm"
	[ "$mm" = "$(scenario_field "$scenario" 2)" ] && suffix=
	want="$corpus/$scenario/known/$name$suffix.repro"
	[ "$f" = "$want" ] && ok || fail "$f: its header says it belongs at $want"

	case "$(field expect "$f")" in
	"sanitizer data-race") [ "$sanitizer" = thread ] || continue ;;
	sanitizer*) case "$sanitizer" in *address*) ;; *) continue ;; esac ;;
	esac
	"$sf" replay "$f" --json >"$tmp/out" 2>&1
	status=$?
	if [ $status -eq 1 ] && grep -q '"as_recorded":true' "$tmp/out"; then
		ok
	else
		fail "$f: exit $status, not as recorded: $(cat "$tmp/out")"
	fi

	# The fix of the scenario's own bug; another failure of it may outlive that fix.
	fix=$(scenario_field "$scenario" 4)
	[ "$fix" != - ] && [ "$(scenario_field "$scenario" 3)" = "$(field expect "$f" | tr ' ' /)" ] ||
		continue
	"$sf" replay "$f" --against "$fix" --json >"$tmp/out" 2>&1
	status=$?
	if [ $status -eq 0 ] && grep -q '"result":"clean"' "$tmp/out"; then
		ok
	else
		fail "$f: fails on its fix $fix too (exit $status): $(cat "$tmp/out")"
	fi
done
[ "$count" -ge 19 ] && ok || fail "only $count known reproducers under $corpus"

# A reproducer that fails on its fix is caught: the check can fail.
"$sf" replay "$corpus/demo/lost-update/known/final-count.repro" --against demo/lost-update \
	--json >"$tmp/out" 2>&1
[ $? -eq 1 ] && ok || fail "--against the buggy variant itself should fail"
"$sf" replay "$corpus/demo/lost-update/known/final-count.repro" --against demo/none >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "unknown scenario 'demo/none'" "$tmp/out" && ok ||
	fail "--against an unknown scenario: $(cat "$tmp/out")"

finish
