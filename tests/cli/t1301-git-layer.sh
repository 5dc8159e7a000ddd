#!/bin/sh
# t1301-git-layer: libgit2 is used behind lib/git/ only, so that every tree
# openreg reads goes through the one verified reader (lib/git/tree.c).
. "$(dirname "$0")/lib.sh"

# includers FILE-PATTERN: the sources of lib/ and cmd/ that include it
includers() {
	(cd "$SRC" && grep -l -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*$1" lib/*.c lib/*.h lib/*/*.c lib/*/*.h \
		cmd/*.c cmd/*.h 2>/dev/null | grep -v '^lib/git/')
}

test_assert 'only lib/git/ includes <git2.h>' sh -c '[ -z "$1" ] || { echo "$1" >&2; false; }' - "$(includers '<git2\.h>')"
test_assert 'only lib/git/ includes git.h' sh -c '[ -z "$1" ] || { echo "$1" >&2; false; }' - "$(includers '"(git/)?git\.h"')"
test_assert 'lib/git/ reads no tree through libgit2 tree objects' \
	sh -c '! grep -n "git_tree_\(lookup\|entry_by\|walk\)" "$1"/lib/git/*.c >&2' - "$SRC"

test_done
