#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# usage: oss_fuzz_build_test.sh SCHEDFUZZ
#
# Runs .clusterfuzzlite/build.sh with the variables OSS-Fuzz sets for an
# ASan libFuzzer build, then checks what it left in $OUT against what it
# should hold independently of the build's own plan: a target for every
# scenario x model `SCHEDFUZZ list` gives a verdict, every reproducer in
# corpus/ in a seed corpus.  Each target fuzzes from nothing for RUNS inputs
# (a correct one must stay clean, a buggy one may only fail with a schedfuzz
# report) and each reproducer, replayed by its target, must fail as recorded.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cli=$1
runs=${RUNS:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() {
	passed=$((passed + 1))
}

not_ok() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# schedfuzz_purge_rewrite_noflush_sc, as fuzz/oss_fuzz_plan.c names them.
target_name() {
	echo "schedfuzz_$1_$2" | tr /- __
}

flags="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,fuzzer-no-link"
mkdir -p "$tmp/out" "$tmp/work" "$tmp/src"
if (cd "$tmp/src" && env SRC="$repo" OUT="$tmp/out" WORK="$tmp/work" CC=clang CXX=clang++ \
	CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
	SANITIZER=address FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=c ARCHITECTURE="$(uname -m)" \
	"$repo/.clusterfuzzlite/build.sh" >"$tmp/build.log" 2>&1); then
	ok
else
	tail -n 20 "$tmp/build.log"
	not_ok "build.sh"
	finish
fi
out=$tmp/out plan=$tmp/work/plan.txt

# A target and its options for every scenario x model with a verdict.
"$cli" list | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+=(buggy|correct)$/) {
	split($i, v, "="); print $1, v[1] } }' >"$tmp/expected"
[ -s "$tmp/expected" ] || not_ok "schedfuzz list gave no scenario"
while read -r scenario mm; do
	name=$(target_name "$scenario" "$mm")
	if [ -x "$out/$name" ] && grep -q '^max_len = [0-9]' "$out/$name.options"; then
		ok
	else
		not_ok "$name or its .options missing"
	fi
done <"$tmp/expected"

# Every reproducer in corpus/ is some target's seed: count them here, not from the plan.
reproducers=$(find "$repo/corpus" -type f ! -path '*/seeds/*' | while read -r f; do
	sed -n '/^#/d; /^$/d; p; q' "$f"
done | grep -c '^schedfuzz-reproducer [12]$')
seeds=$(grep -c '^seed ' "$plan")
if [ "$seeds" -eq "$reproducers" ]; then
	ok
else
	not_ok "$reproducers reproducers but $seeds seeds"
fi

# Fuzz each target from nothing.
grep '^target ' "$plan" | while read -r _ name scenario mm params max_len expect; do
	dir=$tmp/fuzz/$name
	mkdir -p "$dir"
	(cd "$dir" && "$out/$name" -seed=1 -runs="$runs" -max_len="$max_len" >log 2>&1)
	status=$?
	if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$dir/log"; then
		sed -n '/ERROR\|runtime error/,+10p' "$dir/log"
		echo "FAIL: $name: a sanitizer report"
	elif [ "$status" -eq 0 ] && grep -q "Done $runs runs" "$dir/log"; then
		echo "ok"
	elif [ "$expect" != - ] && grep -q "^schedfuzz: $scenario: " "$dir/log"; then
		echo "ok"
	else
		tail -n 5 "$dir/log"
		echo "FAIL: $name (params $params) from nothing: status $status, expected $expect"
	fi
	rm -rf "$dir"
done >"$tmp/fuzz.log"
passed=$((passed + $(grep -c '^ok$' "$tmp/fuzz.log")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/fuzz.log")))
grep -v '^ok$' "$tmp/fuzz.log"

# Each reproducer, as bytes made here from its hex, is in its target's seed
# corpus and fails there as recorded.  A data race needs TSan: ASan may pass it.
grep '^seed ' "$plan" | while read -r _ name file expect; do
	scenario=$(sed -n 's/^scenario //p' "$file")
	dir=$tmp/seed/$name
	mkdir -p "$dir/corpus"
	sed -n 's/^schedule *//p' "$file" | tr -d '\n' | awk '{
		hex = "0123456789abcdef"
		s = tolower($0)
		for (i = 1; i < length(s); i += 2) {
			hi = index(hex, substr(s, i, 1)) - 1
			lo = index(hex, substr(s, i + 1, 1)) - 1
			printf "\\%03o", 16 * hi + lo
		} }' >"$dir/octal"
	# shellcheck disable=SC2059 # the format is the bytes, as octal escapes
	printf "$(cat "$dir/octal")" >"$dir/input"
	(cd "$dir/corpus" && unzip -q -o "$out/${name}_seed_corpus.zip")
	in_zip=0
	for s in "$dir"/corpus/*; do
		cmp -s "$s" "$dir/input" && in_zip=1
	done
	(cd "$dir" && "$out/$name" "$dir/input" >log 2>&1)
	status=$?
	failure=$(echo "$expect" | tr : ' ')
	if [ "$in_zip" = 0 ]; then
		echo "FAIL: $file is not in ${name}_seed_corpus.zip"
	elif [ "$status" -ne 0 ] && grep -q "^schedfuzz: $scenario: $failure:" "$dir/log"; then
		echo "ok"
	elif [ "${expect%%:*}" = sanitizer ] && ! grep -q 'ERROR: AddressSanitizer' "$dir/log" &&
		{ [ "$status" -eq 0 ] || grep -q "^schedfuzz: $scenario: " "$dir/log"; }; then
		echo "ok"
	else
		tail -n 5 "$dir/log"
		echo "FAIL: $file replayed by $name: status $status, expected $expect"
	fi
done >"$tmp/seed.log"
passed=$((passed + $(grep -c '^ok$' "$tmp/seed.log")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/seed.log")))
grep -v '^ok$' "$tmp/seed.log"
finish
