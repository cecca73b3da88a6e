# SPDX-License-Identifier: GPL-2.0
# What the shell tests share, sourced after their arguments are read: a
# scratch directory to work in, the counts, and the closing line that
# meson's log and tools/test read.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
show() { sed 's/^/  | /' "$@" | head -20; }
# expect STATUS DESCRIPTION -- COMMAND...: run it, its output in ./out
expect() {
	want=$1 what=$2
	shift 3
	"$@" >out 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else fail "$what: exit $got, wanted $want"; show out; fi
}
contains() {
	if grep -q -- "$1" out; then ok; else fail "$2: output lacks '$1'"; show out; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
