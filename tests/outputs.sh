#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Outputs that cannot be written (issue 17.3): explore's reproducer and
# replay's pictures exit 2 with a message and leave no empty or partial
# file, temporary included.  A full disk is simulated with `ulimit -f`
# (SIGXFSZ ignored, so write(2) fails with EFBIG), which needs no root.
# And reproducer names and replay's exit status (issue 17.7).
#
# usage: outputs.sh SCHEDFUZZ SOURCE_DIR
set -u
sf=$1 src=$2
. "$src/lib.sh"
trap '' XFSZ
nothing_left() { # DIR WHAT: DIR holds no file, hidden ones included
	if [ -z "$(ls -A "$1" 2>/dev/null)" ]; then ok; else fail "$2 left: $(ls -A "$1")"; fi
}

# explore that cannot save its reproducer: a full disk, a path through a file.
mkdir full
# (Through a pipe: the limit would stop the test's own output file too.)
(ulimit -f 0; "$sf" explore demo/lost-update --out full 2>&1; echo "status $?") | cat >out
contains "^status 2" "explore on a full disk: exit status"
contains "could not write the reproducer full/demo-lost-update-tasks2-sc-final-count" \
	"explore on a full disk"
contains "invariant final-count" "explore on a full disk still tells the failure"
nothing_left full "explore on a full disk"
: >afile
expect 2 "explore --out through a file" -- "$sf" explore demo/lost-update --out afile/sub
contains "could not write the reproducer" "explore --out through a file"
expect 2 "explore --json, unsaved" -- "$sf" explore demo/lost-update --out afile/sub --json
contains '"reproducer":null' "explore --json, unsaved"

# The reproducer to draw.
expect 1 "explore" -- "$sf" explore demo/lost-update --out .
repro=$(ls ./demo-lost-update-*.repro)

# Pictures that cannot be written: no such directory, a full disk.
expect 2 "timeline into a missing directory" -- "$sf" replay "$repro" --timeline no/t.svg
contains "cannot write no/t.svg" "timeline into a missing directory"
mkdir pics
(ulimit -f 2; "$sf" replay "$repro" --timeline pics/t.html --chrome-trace pics/c.json 2>&1
 echo "status $?") | cat >out
contains "^status 2" "pictures on a full disk: exit status"
contains "cannot write pics/" "pictures on a full disk"
nothing_left pics "pictures on a full disk"
expect 1 "pictures" -- "$sf" replay "$repro" --timeline pics/t.html --chrome-trace pics/c.json
[ -s pics/t.html ] && [ -s pics/c.json ] && [ "$(ls -A pics | wc -l)" -eq 2 ] && ok ||
	fail "pictures: $(ls -A pics)"

# Reproducer names carry the parameters: four runs, four files.
mkdir params
for t in 2 3 4 5; do
	"$sf" explore demo/lost-update --param tasks=$t --out params >/dev/null 2>&1
done
[ "$(ls params | wc -l)" -eq 4 ] && ok || fail "four --param runs left $(ls params)"
[ -f "$(ls params/demo-lost-update-tasks5-sc-final-count-*.repro)" ] && ok ||
	fail "no tasks5 in the names: $(ls params)"

# replay's exit status: 1 failed as recorded, 0 clean as recorded, 4 not as recorded.
expect 1 "replay as recorded" -- "$sf" replay "$repro"
sed 's/^expect .*/expect deadlock/' "$repro" >other.repro
expect 4 "replay, another failure than recorded" -- "$sf" replay other.repro
contains "NOT as recorded" "replay, another failure than recorded"
sed 's/^expect .*/expect clean/' "$repro" >clean.repro
expect 4 "replay, failing where clean was recorded" -- "$sf" replay clean.repro
sed 's/^expect .*/expect clean/; s/^scenario .*/scenario demo\/locked-counter/' "$repro" \
	>fixed.repro
expect 0 "replay, clean as recorded" -- "$sf" replay fixed.repro
sed 's/^scenario .*/scenario demo\/locked-counter/' "$repro" >gone.repro
expect 4 "replay, clean where a failure was recorded" -- "$sf" replay gone.repro
expect 0 "--against the fix: clean" -- "$sf" replay "$repro" --against demo/locked-counter
expect 1 "--against itself: fails" -- "$sf" replay "$repro" --against demo/lost-update

finish
