#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every correct scenario, under every model it is correct for, at 4x its
# default sizes (each parameter, within its range): clean, and in the TSan
# build with no ThreadSanitizer report -- long schedules and traces grow the
# engine's own memory inside tasks, which TSan must never see (issue 17.1).
#
# usage: sizes.sh SCHEDFUZZ SOURCE_DIR SANITIZER
set -u
sf=$1 src=$2 sanitizer=$3
. "$src/lib.sh"
runs=200
[ "$sanitizer" = none ] && runs=2000

"$sf" list --json >list.json || fail "list --json"
python3 - >jobs <<'PY' || fail "list --json: not the JSON expected"
import json
for s in json.load(open("list.json")):
    params = " ".join("--param %s=%d" % (p["name"], min(p["max"], 4 * p["default"]))
                      for p in s["params"] if p["default"] > 0)
    for mm, verdict in s["verdict"].items():
        if verdict == "correct":
            print(s["name"], mm, params)
PY
[ -s jobs ] && ok || fail "no correct scenario listed"
while read -r scenario mm params; do
	# shellcheck disable=SC2086
	timeout 300 "$sf" explore "$scenario" --mm "$mm" $params --runs "$runs" --out . >out 2>&1
	status=$?
	if [ $status -eq 0 ] && ! grep -q ThreadSanitizer out; then
		ok
	else
		fail "$scenario $mm $params: exit $status"
		show out
	fi
done <jobs
echo "$(wc -l <jobs) correct scenario x model pairs at 4x their default sizes, $runs runs each"
finish
