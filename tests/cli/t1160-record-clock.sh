#!/bin/sh
# t1160-record-clock: --as-of reads the register's monotone record clock.
# A commit dated back (let in by a server with a wide tolerance) never
# appears in the past: an overview --as-of before and after its push is
# byte-identical; documents state the record time they used.  A withdrawn
# contact leaves the counts from the day it was withdrawn.
. "$(dirname "$0")/history-lib.sh"

# at DATE COMMAND...: run COMMAND with author and committer date DATE
at() { d=$1; shift; GIT_COMMITTER_DATE="$d" GIT_AUTHOR_DATE="$d" "$@"; }
commit_at() { # DATE MESSAGE
	(cd work && git add -A && at "$1" git commit -q --no-verify -m "$2" -m "$REF")
}

new_register work && cp -R "$SRC/records/." work/records/ &&
commit_at '2025-01-10 10:00:00 +0100' 'Register' && name_commit HEAD january &&
contact 2025-02-20-overleg-brug 2025-02-20 stichting-brug && commit_at '2025-03-01 10:00:00 +0100' 'Overleg' &&
name_commit HEAD march &&
organisation stichting-xenon 'Stichting Xenon' && commit_at '2025-06-01 10:00:00 +0200' 'Xenon' &&
name_commit HEAD june &&
git init -q --bare server.git && (cd server.git && openreg hooks install --server >/dev/null) &&
git -C work remote add origin ../server.git && git -C work push -q origin main || exit 2

overview() { # DIR AS-OF OUT
	(cd "$1" && openreg overview --year 2025 --confidential --as-of "$2") >"$3"
}
for d in 2025-02-01 2025-02-20 2025-04-15; do
	overview work $d "before-$d.md" || exit 2
done

# dated back to 15 February, on top of the tip; the server lets it in
contact 2025-02-10-overleg-brug 2025-02-10 stichting-brug &&
commit_at '2025-02-15 10:00:00 +0100' 'Overleg, teruggedateerd' && name_commit HEAD backdated || exit 2
git -C server.git config openreg.clockTolerance 40000000 || exit 2
test_expect backdated-push 0 push main
git clone -q server.git clone || exit 2
for d in 2025-02-01 2025-02-20 2025-04-15; do
	overview clone $d "after-$d.md" || exit 2
	test_assert "overview --as-of $d is the same before and after the push" same_file "before-$d.md" "after-$d.md"
done
# from its record time on (the tip's, 1 June) the contact counts
(cd clone && openreg overview --year 2025 --confidential --format json --as-of 2025-04-15) >april.json &&
(cd clone && openreg overview --year 2025 --confidential --format json --as-of 2025-06-15) >june.json || exit 2
test_expect counted-from-record-time 1 inside . diff april.json june.json
# the document states the record time: June, not February
test_expect overview-tip-record-time 0 inside clone sh -c "\"\$0\" overview --year 2025 --format json | grep '\"source\"'" "$OPENREG"
test_expect show-in-the-backdated-window 2 inside clone openreg show contact/2025-02-10-overleg-brug --confidential --as-of 2025-02-20
test_expect show-at-record-time 0 inside clone openreg show contact/2025-02-10-overleg-brug --confidential --as-of 2025-06-01

# ---------------------------------------------------------------------
# a withdrawn contact leaves the counts from the day it was withdrawn

(cd clone && openreg overview --year 2025 --confidential --format json) >before-withdrawal.json || exit 2
printf 'withdrawn:\n  date: 2025-07-01\n  reason: dubbel ingevoerd\n' \
	>>clone/records/contacts/2025/2025-02-10-overleg-brug.yaml &&
(cd clone && git add -A && at '2025-07-02 10:00:00 +0200' git commit -q --no-verify -m 'Ingetrokken') || exit 2
(cd clone && openreg overview --year 2025 --confidential --format json) >after-withdrawal.json || exit 2
echo "$(git -C clone rev-parse HEAD) <withdrawal>" >>names || exit 2
test_expect withdrawn-counts 1 inside . diff before-withdrawal.json after-withdrawal.json
test_assert 'the past is unchanged' sh -c '
	(cd clone && "$1" overview --year 2025 --confidential --as-of 2025-04-15) | cmp -s - after-2025-04-15.md' - "$OPENREG"

test_done
