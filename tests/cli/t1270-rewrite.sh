#!/bin/sh
# When personal data did reach the register's history, the administrator
# allows one rewrite on the server: openreg.allowRewrite names the branch,
# its tip and the rewritten tip.  The hook accepts that one push (every
# new commit is checked), then removes the key, sets
# receive.denyNonFastForwards again and records the rewrite in
# openreg.rewritten; any other rewrite stays refused.
. "$(dirname "$0")/history-lib.sh"

setup_server || exit 2
server=$TRASH/server.git
cd "$TRASH/work" || exit 2

# a name the rules do not know reaches the history
contact 2025-06-10-overleg-brug 2025-06-10 stichting-brug &&
echo 'subject: Overleg met Thijmen Bakker over de taalcafes' >>records/contacts/2025/2025-06-10-overleg-brug.yaml &&
commit 'Overleg met De Brug' && name_commit HEAD with-name || exit 2
test_expect push-with-name 0 push main
old=$(git rev-parse HEAD)

# the history is rewritten without it (git filter-repo in real life; here the last commit)
sed -i 's/ met Thijmen Bakker//' records/contacts/2025/2025-06-10-overleg-brug.yaml
git add -A && git commit -q --amend --no-verify -C HEAD && name_commit HEAD rewritten || exit 2
new=$(git rev-parse HEAD)
test_expect rewrite-refused 1 push -f main

# the administrator allows this one rewrite; git's own refusal steps aside for it
git -C "$server" config openreg.allowRewrite "refs/heads/main $old $new"
git -C "$server" config receive.denyNonFastForwards false
# another rewritten tip is still refused
git commit -q --amend --no-verify -m 'Overleg met De Brug (anders)' && name_commit HEAD other || exit 2
test_expect other-rewrite-refused 1 push -f main
test_assert "the key is still there" sh -c 'git -C "$1" config openreg.allowRewrite >/dev/null' - "$server"
git reset -q --hard "$new"
test_expect rewrite-allowed 0 push -f main
test_assert "the server's main is the rewritten tip" unchanged_main "$new"
test_assert "the key is used up" sh -c '! git -C "$1" config openreg.allowRewrite' - "$server"
test_assert "git refuses rewrites again" sh -c '[ "$(git -C "$1" config receive.denyNonFastForwards)" = true ]' - "$server"
test_assert "the server recorded the rewrite" \
	sh -c 'git -C "$1" config --get-all openreg.rewritten | grep -q " refs/heads/main $2 $3$"' - "$server" "$old" "$new"

# once: the next rewrite is refused again
git commit -q --amend --no-verify -m 'Overleg met De Brug (nogmaals)' && name_commit HEAD again || exit 2
test_expect rewrite-again-refused 1 push -f main

# without the key, turning git's protection off refuses every push
git -C "$server" config receive.denyNonFastForwards false
git reset -q --hard "$new"
echo '# x' >>records/organisations/stichting-brug.yaml && commit 'Opmerking' || exit 2
test_expect protection-off-refused 1 push main

test_done
