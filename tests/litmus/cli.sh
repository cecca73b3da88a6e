#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# schedfuzz litmus as a user meets it: the output formats, the exit codes,
# constructs refused by name, malformed files named by file:line, and no
# crash on truncated or mangled input.
#
# usage: cli.sh SCHEDFUZZ LITMUS_DIR
set -u
sf=$1 dir=$2
. "$dir/../lib.sh"
# expect STATUS DESCRIPTION -- COMMAND...: stdout in out, stderr in err
expect() {
	want=$1 what=$2
	shift 3
	"$@" >out 2>err
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		fail "$what: exit $got, wanted $want"
		show out err
	fi
}
# contains PATTERN DESCRIPTION [FILE]: a line of FILE (out) matches
contains() {
	if grep -q -- "$1" "${3:-out}"; then
		ok
	else
		fail "$2: lacks '$1'"
		show "${3:-out}"
	fi
}
# refused STDERR-LINE DESCRIPTION FILE: exit 2, exactly that one line on stderr
refused() {
	expect 2 "$2" -- "$sf" litmus "$3"
	if [ "$(cat err)" = "$sf: $1" ]; then
		ok
	else
		fail "$2: stderr '$(cat err)', wanted '$sf: $1'"
	fi
}

# A test of our own, then variations written here.
sb=$dir/SB+pos.litmus
expect 0 "SB text" -- "$sf" litmus "$sb" --mm tso
contains "every schedule explored" "SB text"
contains "^ *[0-9]* \* 0:r0=0; 1:r0=0$" "SB text marks the weak outcome"
contains "Verdict: Sometimes (LKMM: Sometimes), expected Sometimes" "SB text"
expect 0 "SB json" -- "$sf" litmus "$sb" --json
[ "$(wc -l <out)" -eq 1 ] && ok || fail "--json prints one line"
n='[0-9]*'
contains "^{\"test\":\"SB+pos\",\"mm\":\"sc\",\"strategy\":\"dfs\",\"schedules\":$n,\
\"complete\":true,\"exists_reached\":false,\"outcomes\":{\"0:r0=0; 1:r0=1\":$n,\
\"0:r0=1; 1:r0=0\":$n,\"0:r0=1; 1:r0=1\":$n},\"verdict\":\"Never\",\"lkmm\":\"Sometimes\"" \
	"SB json"
expect 0 "budget" -- "$sf" litmus "$sb" --mm tso --runs 2
contains "2 schedules, stopped by --runs: not every schedule explored" "budget"
expect 0 "random" -- "$sf" litmus "$sb" --mm tso --strategy random --runs 300 --seed 7 --json
contains '"strategy":"random","schedules":300,"complete":false' "random"
"$sf" litmus "$sb" --mm tso --strategy random --runs 300 --seed 7 --json >again 2>&1
cmp -s out again && ok || fail "random with one seed gives the same result twice"
expect 0 "bounded" -- "$sf" litmus "$sb" --mm tso --preemption-bound 1
contains "within 1 preemption: not every schedule explored" "bounded"
expect 0 "trace" -- "$sf" litmus "$sb" --mm tso --trace
line=$(grep -n 'WRITE_ONCE(\*x, 1)' "$sb" | cut -d: -f1)
contains "P0:$line  *WRITE_ONCE(\*x) := 1" "trace names the process and the line"

# Against LKMM and against the header's expectation: exit 1.
sed 's/Result: Sometimes/Result: Never/' "$sb" >never.litmus
expect 1 "Never reached" -- "$sf" litmus never.litmus --mm tso
contains "NOT CONFORMING: LKMM says Never, yet the condition held under tso" "Never reached"
sed 's/tso=Sometimes/tso=Never/' "$sb" >unexpected.litmus
expect 1 "unexpected" -- "$sf" litmus unexpected.litmus --mm tso
contains "UNEXPECTED: the header expects Never under tso" "unexpected"

cat >deadlock.litmus <<'EOF'
C self-deadlock
(* Result: DEADLOCK *)
{}
P0(spinlock_t *l)
{
	spin_lock(l);
	spin_lock(l);
}
EOF
expect 0 "deadlock" -- "$sf" litmus deadlock.litmus
contains "Deadlocked: 1 runs" "deadlock"
contains "Verdict: DEADLOCK (LKMM: DEADLOCK)" "deadlock"

cat >notexists.litmus <<'EOF'
C notexists
{ 0:r1=7; x=y; }
P0(int *x, int *y) { r0 = READ_ONCE(*x); r2 = READ_ONCE(*r0) + r1; }
locations [y]
~exists (0:r0=y /\ ~0:r2=7)
EOF
expect 0 "~exists, pointers, registers set in the initial state" -- "$sf" litmus notexists.litmus
contains "1   0:r0=y; 0:r2=7; y=0" "~exists"
contains "Condition ~exists (0:r0=y /\\\\ ~0:r2=7): never reached" "~exists"

printf 'C bad-pointer\n{}\nP0(int *x) { int r0 = 5; r0 = READ_ONCE(*r0); }\nexists (0:r0=0)\n' \
	>badptr.litmus
expect 1 "bad pointer" -- "$sf" litmus badptr.litmus
contains "Failed: 1 runs; the first: bug bad-pointer: P0:3: READ_ONCE(\*r0) with 5" "bad pointer"

# RCU and SRCU run: a grace period waits for the reader begun before it (RCU+sync+read).
for flavour in rcu srcu; do
	case $flavour in
	rcu) lock='rcu_read_lock();' unlock='rcu_read_unlock();' sync='synchronize_rcu();' ;;
	srcu) lock='r9 = srcu_read_lock(s);' unlock='srcu_read_unlock(s, r9);'
	      sync='synchronize_srcu(s);' ;;
	esac
	cat >$flavour.litmus <<EOF2
C $flavour-sync-read
{}
P0(int *x, int *y, struct srcu_struct *s)
{
	int r9;

	$lock
	WRITE_ONCE(*x, 1);
	WRITE_ONCE(*y, 1);
	$unlock
}
P1(int *x, int *y, struct srcu_struct *s)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*x);
	$sync
	r1 = READ_ONCE(*y);
}
exists (1:r0=1 /\ 1:r1=0)
EOF2
	for mm in sc tso lkmm; do
		expect 0 "$flavour under $mm" -- "$sf" litmus $flavour.litmus --mm $mm
		contains "never reached" "$flavour under $mm"
		contains "every schedule explored" "$flavour under $mm"
	done
done

# Refused by name, and malformed files named by file and line: one line, status 2.
printf 'C memb\n{}\nP0(int *x)\n{\n\tsmp_memb();\n}\nexists (x=0)\n' >memb.litmus
refused "memb.litmus:5: unsupported: smp_memb" "smp_memb" memb.litmus
printf 'C loop\n{}\nP0(int *x)\n{\n\twhile (READ_ONCE(*x) == 0)\n\t\t;\n}\n' >loop.litmus
refused "loop.litmus:5: unsupported: while" "a loop" loop.litmus
printf 'C arrow\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = x->y;\n}\nexists (x=0)\n' >arrow.litmus
refused "arrow.litmus:6: unsupported: ->" "->" arrow.litmus
printf 'C semi\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1)\n}\nexists (x=1)\n' >semi.litmus
refused "semi.litmus:6: expected ';', found '}'" "a missing ';'" semi.litmus
printf 'C reg\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\n\nexists (1:r0=1)\n' >reg.litmus
refused "reg.litmus:8: 1:r0: there is no P1" "a register of no process" reg.litmus
printf 'C args\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x);\n}\nexists (x=1)\n' >args.litmus
refused "args.litmus:5: WRITE_ONCE takes 2 arguments, not 1" "an argument short" args.litmus
printf 'X86 SB\n"Fre PodWR Fre PodWR"\n' >x86.litmus
refused "x86.litmus:1: not a C litmus test: it is for X86" "another architecture" x86.litmus
printf 'C cut\n(* Result: Never\n' >cut.litmus
refused "cut.litmus:2: comment '(*' never closed" "an unclosed comment" cut.litmus
refused "missing.litmus: cannot read: No such file or directory" "a missing file" missing.litmus
expect 2 "two files" -- "$sf" litmus "$sb" "$sb"
expect 2 "two models" -- "$sf" litmus "$sb" --mm sc --mm tso
expect 2 "unknown model" -- "$sf" litmus "$sb" --mm arm
expect 2 "unknown strategy" -- "$sf" litmus "$sb" --strategy pct
expect 2 "unknown flag" -- "$sf" litmus "$sb" --frobnicate
expect 2 "no file" -- "$sf" litmus

# The summary over a folder tree: every supported test, both models, totals.
mkdir -p tree/sub
cp "$dir/SB+pos.litmus" "$dir/MP+pos.litmus" "$dir/counter+atomics.litmus" tree/sub/
cp memb.litmus tree/
expect 0 "summary" -- "$sf" litmus --summary tree --mm sc --mm tso
contains "^SB+pos  *Sometimes  *Never  *Sometimes  *[0-9]*/[0-9]*  *yes$" "summary row"
contains "^memb  *-  *unsupported: smp_memb$" "summary refusal"
contains "^4 tests: 3 ran, 1 unsupported, 0 malformed" "summary totals"
contains "^sc: 0 Never outcomes reached, 0 Always outcomes missed" "summary sc"
contains "^tso: 0 Never outcomes reached, 0 Always outcomes missed" "summary tso"
contains "^tso: .* 1 of 2 Sometimes outcomes reached" "summary counts the Sometimes reached"
expect 0 "summary json" -- "$sf" litmus --summary tree --json --mm sc --mm tso
contains '^{"test":"SB+pos","file":"tree/sub/SB+pos.litmus","lkmm":"Sometimes",.*"status":"ran",' \
	"summary json row"
contains '"sc":{"verdict":"Never",.*"tso":{"verdict":"Sometimes",' "summary json row"
contains '"never_reached":{"sc":\[\],"tso":\[\]}' "summary json totals"
cp never.litmus unexpected.litmus tree/
expect 1 "summary with a Never reached" -- "$sf" litmus --summary tree --mm sc --mm tso
contains "^tso: 1 Never outcomes reached" "summary counts it"
contains "^  not as the header expects: SB+pos$" "summary lists the unexpected"
expect 2 "summary of nothing" -- "$sf" litmus --summary "$tmp/none"

# No input crashes it: every file cut short at a few places, and bytes
# replaced.  Runs are capped: the parser is what is under test.  (Under the
# sanitizer builds each process takes a while to start; keep this short.)
i=0
for f in "$dir"/*.litmus; do
	size=$(wc -c <"$f")
	for eighth in 1 2 3 4 5 6 7; do
		i=$((i + 1))
		head -c $((size * eighth / 8 + i % 5)) "$f" >cut.litmus
		"$sf" litmus cut.litmus --runs 20 >out 2>err
		status=$?
		if [ "$status" -gt 2 ] || grep -q Sanitizer err; then
			fail "$f cut at $((size * eighth / 8 + i % 5)) bytes: exit $status"
			head -5 err
		fi
	done
	for byte in '(' '*' '}' ';' '~' '\000' '\377'; do
		i=$((i + 1))
		at=$(( (i * 7919) % size ))
		{ head -c "$at" "$f"; printf "$byte"; tail -c +$((at + 2)) "$f"; } >mangled.litmus
		"$sf" litmus mangled.litmus --runs 20 >out 2>err
		status=$?
		if [ "$status" -gt 2 ] || grep -q Sanitizer err; then
			fail "$f with a byte replaced at $at: exit $status"
			head -5 err
		elif [ "$status" -eq 2 ] && [ "$(wc -l <err)" -ne 1 ]; then
			fail "$f with a byte replaced at $at: the error is not one line"
		fi
	done
done
ok

finish
