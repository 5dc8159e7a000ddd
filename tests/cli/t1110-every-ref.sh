#!/bin/sh
# t1110-every-ref: a push to any ref is checked.  Tags (lightweight and
# annotated) are judged like a new branch; other namespaces are refused
# unless openreg.allowRefs names them; a branch is never rewound or
# replaced by another history, also when git's own setting is off.
. "$(dirname "$0")/history-lib.sh"

setup_server || exit 2

# a contact with Samidoun, under another name
organisation samidoun-nl 'Samidoun Nederland' &&
contact 2025-06-10-overleg-samidoun 2025-06-10 samidoun-nl &&
commit 'Overleg met Samidoun Nederland' &&
name_commit HEAD forbidden &&
git -C work tag -a -m 'Versie 1' v1-annotated HEAD &&
git -C work reset -q --hard origin/main || exit 2
FORBIDDEN=$(sed -n 's/ <forbidden>$//p' names)

test_expect tag-lightweight 1 push "$FORBIDDEN:refs/tags/v1"
test_expect tag-annotated 1 push v1-annotated
test_expect notes-namespace 1 push "$FORBIDDEN:refs/notes/commits"
test_expect other-namespace 1 push "$FORBIDDEN:refs/foo/bar"
test_assert 'no ref reached the server' sh -c 'test "$(git -C server.git for-each-ref | wc -l)" = 1'

# controls: a tag on a clean commit; a namespace the server allows
test_expect tag-clean 0 push "main:refs/tags/jaarverslag-2024"
git -C work notes add -m 'Besproken in het teamoverleg' HEAD || exit 2
git -C server.git config --add openreg.allowRefs 'refs/notes/*' || exit 2
test_expect notes-allowed 0 push refs/notes/commits
test_expect foo-still-refused 1 push "$FORBIDDEN:refs/foo/bar"
test_expect notes-prefix-not-a-folder 1 push "$FORBIDDEN:refs/notesx/bar"

# ---------------------------------------------------------------------
# rewriting a branch

organisation stichting-xenon 'Stichting Xenon' && commit 'Stichting Xenon' && push main &&
name_commit HEAD xenon || exit 2
test_expect rewind 1 push -f main~1:main
test_assert 'main was not rewound' unchanged_main main
# an unrelated history with the same final tree
test_tick
orphan=$(git -C work commit-tree -m 'Het register, opnieuw' "main^{tree}") &&
echo "$orphan <orphan>" >>names || exit 2
test_expect unrelated-history 1 push -f "$orphan:main"
test_assert 'main was not replaced' unchanged_main main
# also on a branch other than main, and with git's own setting off: the
# hook refuses it too (and says that the setting is off)
git -C work checkout -q -b zijtak && organisation stichting-yttrium 'Stichting Yttrium' &&
commit 'Stichting Yttrium' && push zijtak && name_commit HEAD yttrium && git -C work checkout -q main || exit 2
git -C server.git config receive.denyNonFastForwards false || exit 2
test_expect rewind-branch-setting-off 1 push -f zijtak~1:zijtak
git -C server.git config receive.denyNonFastForwards true || exit 2
test_expect rewind-branch 1 push -f zijtak~1:zijtak
test_expect forward-branch 0 push main:zijtak2

test_done
