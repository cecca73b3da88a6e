#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# replay --timeline and --chrome-trace: the files parse, the picture holds
# what --trace tells (buffered stores, their flushes, reads-from arrows,
# stale reads, the failure), one run always gives the same bytes, and a path
# that cannot be written is a usage error.  python3 comes with meson.
#
# usage: timeline.sh SCHEDFUZZ SOURCE_DIR
set -u
sf=$1 src=$2
. "$src/tests/lib.sh"
check() { if "$@"; then ok; else fail "$what: $*"; fi; }

drain=$src/corpus/drain/gen-v1/known/drain-lost.tso.repro
sb=$src/corpus/demo/sb/known/store-buffering.tso.repro
purge=$src/corpus/purge/rewrite/known/purge-incomplete.repro

# What --trace says the picture must hold, counted from its text alone.
cat >expect.py <<'EOF'
import re, sys

line_re = re.compile(r'^\s*(\d*)\s+cpu(\d+)\s+(\S+)\s+(?:(\S+:\d+)\s+)?(.*)$')

def site(what):
    """op(expr) at the start of what: the expression without a leading '&'."""
    m = re.match(r'(\w+)', what)
    if not m or what[m.end():m.end() + 1] != '(':
        return what, ''
    depth, i = 0, m.end()
    for j in range(i, len(what)):
        depth += {'(': 1, ')': -1}.get(what[j], 0)
        if depth == 0:
            return what[j + 1:], what[i + 1:j].lstrip('&')
    return '', ''

ops, flushes = [], 0
for line in open(sys.argv[1]):
    m = line_re.match(line.rstrip('\n'))
    if not m or line.startswith('  step'):
        continue
    step, cpu, what = m.group(1), int(m.group(2)), m.group(5)
    if what.endswith(' becomes visible'):
        flushes += 1
        ops.append(('flush', cpu, site(what[3:])[1], ''))
    elif step:
        rest, expr = site(what)
        ops.append(('op', cpu, expr, rest))

written = {e for k, c, e, r in ops if k == 'op' and e and ':= ' in r}
buffered = rf = stale = 0
pending = []
for kind, cpu, expr, rest in ops:
    if kind == 'flush':
        pending.remove(next(p for p in pending if p == (cpu, expr)))
        continue
    if rest.startswith(' = ') and expr in written:
        rf += 1
    if rest.startswith(' = ') and 'from its own store buffer' not in rest and \
       any(c != cpu and e == expr for c, e in pending):
        stale += 1
    if '(into the store buffer)' in rest:
        buffered += 1
        pending.append((cpu, expr))
print(buffered, flushes, rf, stale)
EOF

cat >count.py <<'EOF'
import re, sys, xml.dom.minidom
xml.dom.minidom.parse(sys.argv[1])
text = open(sys.argv[1]).read()
def n(cls): return len(re.findall(r'class="%s[" ]' % cls, text))
print(n('sb'), n('flush'), n('rf'), n('stale'), n('fail'))
EOF

cat >chrome.py <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d['traceEvents']
names = {e['args']['name'] for e in ev if e['name'] == 'thread_name'}
assert {'cpu0', 'cpu1'} <= names, names
assert all(isinstance(e['ts'], int) and e['pid'] == 1 for e in ev)
sb = sum(1 for e in ev if e['ph'] == 'X' and e.get('cat') == 'store_buffer')
starts = sorted(e['id'] for e in ev if e['ph'] == 's')
ends = sorted(e['id'] for e in ev if e['ph'] == 'f')
assert starts == ends, (starts, ends)
fails = sum(1 for e in ev if e.get('cat') == 'fail')
print(sb, fails)
EOF

# picture NAME REPRO [REPLAY ARGS...]: both pictures and the trace, status 1.
picture() {
	name=$1 file=$2
	shift 2
	what="$name"
	"$sf" replay "$file" "$@" --trace --timeline "$name.svg" --chrome-trace "$name.json" \
		>"$name.trace" 2>&1
	got=$?
	check [ "$got" -eq 1 ]
	set -- $(python3 expect.py "$name.trace")
	want_sb=$1 want_flush=$2 want_rf=$3 want_stale=$4
	if counts=$(python3 count.py "$name.svg" 2>&1); then ok; else
		fail "$name.svg is not well-formed XML: $counts"; return; fi
	set -- $counts
	check [ "$1" -eq "$want_sb" ]
	check [ "$2" -eq "$want_flush" ]
	check [ "$3" -eq "$want_rf" ]
	check [ "$4" -eq "$want_stale" ]
	check [ "$5" -eq 1 ]
	if chrome=$(python3 chrome.py "$name.json" 2>&1); then ok; else
		fail "$name.json is not a Chrome trace: $chrome"; return; fi
	set -- $chrome
	check [ "$1" -eq "$want_sb" ]
	check [ "$2" -eq 1 ]
	# The same run again: the same bytes.
	"$sf" replay "$file" --timeline again.svg --chrome-trace again.json >/dev/null 2>&1
	check cmp -s "$name.svg" again.svg
	check cmp -s "$name.json" again.json
}

# Must show: drain/gen-v1's stale read of lru_drain_gen, past cpu1's buffered store.
picture drain "$drain"
what="drain counts"
set -- $(python3 count.py drain.svg)
check [ "$1" -eq 4 ]			# gen, unlock; pvec->nr, unlock: 4 buffered stores
check [ "$3" -eq 2 ]			# both reads of lru_drain_gen took what setup left
check [ "$4" -eq 1 ]			# ... the caller's while cpu1 still buffers gen := 1
check grep -q 'class="rf init" fill="none" stroke="#d11a1a"' drain.svg
check grep -q 'READ_ONCE(ctx-&gt;lru_drain_gen) = 0 (stale)' drain.svg
check grep -q 'class="fail-step"' drain.svg

picture sb "$sb"
picture purge "$purge"
what="purge"
check grep -q 'class="rf cross"' purge.svg

# A raw schedule, as libFuzzer saves it; the page form of the picture.
what="raw"
printf '\001\000\000\000\001\001' >raw
"$sf" replay --scenario demo/sb --mm tso raw --timeline sb.html --json >out 2>&1
check [ $? -eq 1 ]
check grep -q '"as_recorded":true' out
check grep -q '^<!DOCTYPE html>' sb.html
check grep -q '<svg ' sb.html
check python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' sb.html

# A clean run draws no failure.
what="clean"
printf '\001\001\001\001\001\001' >clean
"$sf" replay --scenario demo/sb --mm tso clean --timeline clean.svg >out 2>&1
check [ $? -eq 0 ]
check [ "$(python3 count.py clean.svg | cut -d' ' -f5)" -eq 0 ]
check grep -q 'class="rf cross"' clean.svg

# lkmm: the stale read points at the store that had not reached its CPU.
what="lkmm stale read"
"$sf" replay "$src/corpus/demo/mp/known/message-passing.lkmm.repro" --timeline mp.svg \
	--chrome-trace mp.json >out 2>&1
check [ $? -eq 1 ]
check grep -q "stale: cpu0's WRITE_ONCE(ctx-&gt;data) := 42 (step 1) has not propagated to cpu1" \
	mp.svg
check grep -q '"stale":"cpu0.s WRITE_ONCE(ctx->data) := 42 not yet propagated to cpu1"' mp.json

# Bad paths: one line saying so, status 2, before any run.
for flag in --timeline --chrome-trace; do
	ext=.svg
	[ "$flag" = --chrome-trace ] && ext=.json
	what="$flag to a missing directory"
	"$sf" replay "$sb" $flag "$tmp/no/such/dir/x$ext" >out 2>&1
	check [ $? -eq 2 ]
	check [ "$(wc -l <out)" -eq 1 ]
	check grep -q "cannot write $tmp/no/such/dir/x$ext" out
	# A format the name does not say (x.png holding SVG): refused, nothing written.
	for bad in x.png x.svg.txt x; do
		what="$flag $bad"
		"$sf" replay "$sb" $flag "$bad" >out 2>&1
		check [ $? -eq 2 ]
		check [ "$(wc -l <out)" -eq 1 ]
		check grep -q ": $flag writes .*, not '$bad'" out
		check [ ! -e "$bad" ]
	done
	what="$flag without a file"
	"$sf" replay "$sb" $flag >out 2>&1
	check [ $? -eq 2 ]
done

finish
