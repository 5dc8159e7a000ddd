#!/bin/sh
# t1130-time: the register's clock moves forward.  pre-receive refuses a
# commit dated before its first parent or after the server's clock (beyond
# openreg.clockTolerance, 5 minutes by default), and a push that changes
# which commits a branch's first-parent history holds; --as-of reads a
# monotone record clock, so a backdated commit never appears in the past.
. "$(dirname "$0")/history-lib.sh"

setup_server || exit 2
tip_time() { git -C work log -1 --format=%ct "${1:-HEAD}"; }

# backdated by five months, on top of the tip
contact 2025-06-10-overleg-brug 2025-06-10 stichting-brug &&
test_tick && T=$(( $(tip_time) - 150 * 86400 )) &&
(cd work && git add -A && GIT_COMMITTER_DATE="@$T +0100" git commit -q --no-verify -m 'Overleg met De Brug') &&
name_commit HEAD backdated || exit 2
test_expect backdated 1 push main
test_assert 'main did not move' unchanged_main origin/main
test_expect backdated-check-range 0 inside work openreg check --range origin/main..main
reset_work || exit 2

# within the tolerance: four minutes earlier is a clock that runs a little behind
contact 2025-06-10-overleg-brug 2025-06-10 stichting-brug &&
test_tick && T=$(( $(tip_time) - 240 )) &&
(cd work && git add -A && GIT_COMMITTER_DATE="@$T +0100" git commit -q --no-verify -m 'Overleg met De Brug') &&
name_commit HEAD behind || exit 2
test_expect four-minutes-behind 0 push main
# ... but not with no tolerance at all
git -C server.git config openreg.clockTolerance 0 || exit 2
contact 2025-06-11-overleg-brug 2025-06-11 stichting-brug &&
T=$(( $(tip_time) - 60 )) &&
(cd work && git add -A && GIT_COMMITTER_DATE="@$T +0100" git commit -q --no-verify -m 'Nog een overleg') &&
name_commit HEAD minute-behind || exit 2
test_expect no-tolerance 1 push main
git -C server.git config --unset openreg.clockTolerance && reset_work || exit 2

# dated in the future
contact 2025-06-12-overleg-brug 2025-06-12 stichting-brug &&
(cd work && git add -A && GIT_COMMITTER_DATE='2099-01-01 10:00:00 +0100' git commit -q --no-verify -m 'Overleg') &&
name_commit HEAD future || exit 2
test_expect future 1 push main
reset_work || exit 2

# a backdated commit on a new branch, and on a tag
git -C work checkout -q -b zijtak && contact 2025-06-13-overleg-brug 2025-06-13 stichting-brug &&
T=$(( $(tip_time) - 30 * 86400 )) &&
(cd work && git add -A && GIT_COMMITTER_DATE="@$T +0100" git commit -q --no-verify -m 'Overleg op een zijtak') &&
name_commit HEAD backdated-branch || exit 2
test_expect backdated-new-branch 1 push zijtak
test_expect backdated-tag 1 push zijtak:refs/tags/terug
git -C work checkout -q main && git -C work branch -q -D zijtak || exit 2

# a fast-forward that changes main's first-parent history: a branch that
# merged main, pushed as main
git -C work checkout -q -b foxtrot && contact 2025-06-14-overleg-brug 2025-06-14 stichting-brug &&
commit 'Overleg op foxtrot' && git -C work checkout -q main &&
organisation stichting-xenon 'Stichting Xenon' && commit 'Stichting Xenon' && push main &&
name_commit HEAD xenon && git -C work checkout -q foxtrot && test_tick &&
git -C work merge -q --no-edit main && name_commit HEAD foxtrot-merge || exit 2
test_expect foxtrot 1 push foxtrot:main
test_assert 'main did not move' unchanged_main main
git -C work checkout -q main && git -C work branch -q -D foxtrot || exit 2
# control: the same branch merged into main
git -C work checkout -q -b zijtak2 && contact 2025-06-15-overleg-brug 2025-06-15 stichting-brug &&
commit 'Overleg op zijtak2' && git -C work checkout -q main && test_tick &&
git -C work merge -q --no-ff --no-edit zijtak2 || exit 2
test_expect reviewed-merge 0 push main

test_done
