#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel's litmus corpus (the folder $SCHEDFUZZ_LITMUS_DIR, laid out as
# ../shared/litmus beside the repository) and a sample of herd7's
# ($SCHEDFUZZ_LKMM_CORPUS, else ../lkmm-corpus beside it) under every model.
# No model may reach a "Never" outcome (sc and tso are stronger than LKMM,
# lkmm is LKMM); and the store-buffering tests must split the models: the
# weak outcome is reached under tso, not under sc, and never once smp_mb()
# is in place.
#
# usage: conformance.sh SCHEDFUZZ SOURCE_ROOT
set -u
sf=$1 root=$2
dir=${SCHEDFUZZ_LITMUS_DIR:-}
if [ -z "$dir" ]; then
	echo "SCHEDFUZZ_LITMUS_DIR is not set: skipped"
	exit 77
fi
if [ ! -d "$dir" ]; then
	echo "SCHEDFUZZ_LITMUS_DIR=$dir is not a folder"
	exit 1
fi
corpus=${SCHEDFUZZ_LKMM_CORPUS:-$dir/../lkmm-corpus}
passed=0 failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The conformance table, as CI runs it: the kernel's tests and ours whole,
# and a deterministic 1 in 20 of the herd7 corpus beside them (about 190
# of its 3,775 tests), under every model the binary has, each test at
# most 20000 schedules per model.  Its exit status is 0 only with no
# Never outcome reached, no Always one missed, no run failed, no header's
# "Expect:" contradicted and no file malformed; the totals are checked too.
# table LABEL ARGS...: run tools/litmus/conformance, check what it says.
table() {
	label=$1
	shift
	SCHEDFUZZ=$sf "$root/tools/litmus/conformance" --runs 20000 "$@" >"$out" 2>&1
	status=$?
	sed -n '/^folder /,$p' "$out"
	if [ "$status" -eq 0 ]; then ok; else fail "$label: conformance exit $status"; fi
	models=$(grep -c '^[a-z]*: [0-9]* Never outcomes reached' "$out")
	if [ "$models" -ge 2 ] && ! grep -q '^[a-z]*: [1-9][0-9]* Never outcomes reached' "$out"
	then
		ok
	else
		fail "$label: Never outcomes reached, or fewer than 2 models:"
		grep '^[a-z]*: [0-9]* Never outcomes reached' "$out"
	fi
	ran=$(sed -n 's/^[0-9]* tests: \([0-9]*\) ran.*/\1/p' "$out")
	if [ "${ran:-0}" -gt 0 ]; then ok; else fail "$label: no test ran"; tail -5 "$out"; fi
}
table "the kernel's tests and ours" "$dir" "$root/tests/litmus"
if [ -d "$corpus" ]; then
	table "1 in 20 of the herd7 corpus" --sample 20 "$corpus"
else
	echo "$corpus is not there: the herd7 corpus skipped"
fi

# check FILE MODEL REACHED: explored completely, the condition reached or not.
check() {
	"$sf" litmus "$dir/$1" --mm "$2" --json >"$out" 2>&1
	line=$(tail -1 "$out")
	case "$line" in
	*"\"complete\":true,\"exists_reached\":$3,"*) ok ;;
	*) fail "$1 under $2: wanted exists_reached $3 after every schedule: $line" ;;
	esac
}
check lkmm/SB+poonceonces.litmus sc false
check lkmm/SB+poonceonces.litmus tso true
check lkmm/SB+fencembonceonces.litmus sc false
check lkmm/SB+fencembonceonces.litmus tso false
check seeds/lru_add_drain_all+wmb.litmus sc false
check seeds/lru_add_drain_all+wmb.litmus tso true
check seeds/lru_add_drain_all+mbs.litmus sc false
check seeds/lru_add_drain_all+mbs.litmus tso false

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
