#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tools/bench/time-to-bug --quick runs, with any --budget, and its table is
# whole: every known bug a row per strategy, random finding each.  Not a
# timing: the figures are the benchmark's to print (tools/bench/README.md).
#
# usage: time-to-bug.sh SCHEDFUZZ SOURCE_DIR
sf=$1 src=$2
. "$(dirname "$0")/lib.sh"

cat >check.py <<'EOF_PY'
import json, subprocess, sys
rows = json.load(open(sys.argv[2]))
known = json.loads(subprocess.run([sys.argv[1], "list", "--json"], capture_output=True,
                                  text=True).stdout)
bugs = {(s["name"], mm) for s in known for mm, v in s["verdict"].items()
        if v == "buggy" and not (s["bug"] or "").startswith("sanitizer:")}
random = {(r["scenario"], r["mm"]): r for r in rows if r["strategy"] == "random"}
strategies = {r["strategy"] for r in rows}
missing = bugs - set(random)
missed = [k for k, r in random.items() if r["found"] < 1]
if not bugs or missing or missed or not {"random", "pct d=3", "dfs pb=2"} <= strategies:
    sys.exit("missing %s, missed %s, strategies %s" % (missing, missed, strategies))
EOF_PY

# The quick mode as it is, then a budget of 1.0 seconds (which explore once refused).
for args in "--quick" "--quick --budget 1.0 --seeds 1"; do
	what="time-to-bug $args"
	# shellcheck disable=SC2086
	"$src/tools/bench/time-to-bug" $args --schedfuzz "$sf" --no-libfuzzer --no-native \
		--no-throughput --json >table.json 2>err
	if [ $? -eq 0 ]; then ok; else fail "$what: exit status"; show err; continue; fi
	if python3 check.py "$sf" table.json >out 2>&1; then ok; else fail "$what"; show out; fi
done

"$src/tools/bench/time-to-bug" --quick --budget 0 --schedfuzz "$sf" >out 2>&1
[ $? -eq 2 ] && ok || fail "time-to-bug --budget 0: not refused"
finish
