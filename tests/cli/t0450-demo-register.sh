#!/bin/sh
# The demo register: built the same on every run, clean at its tip, and
# its forced-in deletion is what the history rules refuse.
. "$(dirname "$0")/lib.sh"

sh "$SRC/tests/fixtures/demo-register.sh" demo > /dev/null || exit 2
sh "$SRC/tests/fixtures/demo-register.sh" demo-again > /dev/null || exit 2

test_assert 'the demo register is the same on every run' \
	sh -c '[ "$(git -C demo rev-parse HEAD)" = "$(git -C demo-again rev-parse HEAD)" ]'
test_expect first-parent-history 0 git -C demo log --first-parent --format='%h %cd %s' --date=short
cd demo || exit 2
test_expect tip-is-clean 0 openreg check --rev HEAD
test_expect history-refuses-the-forced-deletion 1 openreg check --range ..HEAD
test_expect published-2024-overview-commit 0 git rev-parse --short "$(git rev-list -1 --first-parent --before='2025-01-31 23:59:59 +0100' HEAD)"

test_done
