#!/bin/sh
# t1640-first-change: the README's tutorial, run: a server repository with
# the pre-receive hook, openreg init in a clone of it, openreg new, commit
# (through the client hooks) and push (through the server hook), a review
# of the change with openreg diff, and a refused change that neither the
# client nor the server lets through.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main || exit 2

# scrubbed COMMAND...: COMMAND with the trash path, git's remote padding and commit ids out of its output
scrubbed() {
	"$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"
	rc=$?
	sed "s|$TRASH|TRASH|g; s/[[:space:]]*\$//; s/[0-9a-f]\{40\}/<commit>/g; s/[0-9a-f]\{7\}/<commit>/g" "$TRASH/.raw.out"
	sed "s|$TRASH|TRASH|g; s/[[:space:]]*\$//; s/[0-9a-f]\{40\}/<commit>/g; s/[0-9a-f]\{7\}/<commit>/g" "$TRASH/.raw.err" >&2
	return $rc
}

# in the server: a bare repository with the hook (the git host's side)
git init -q --bare server.git || exit 2
test_expect server-hook 0 scrubbed sh -c 'cd server.git && "$1" hooks install --server' - "$OPENREG"

# an officer clones the empty project and starts the register
git clone -q server.git work 2>/dev/null && cd work || exit 2
test_tick
test_expect init 0 scrubbed openreg init
test_expect push-first 0 scrubbed git push -q origin main

# a first record, on a branch, as a merge request would have it
git checkout -q -b stichting-samen || exit 2
test_expect new-organisation 0 openreg new organisation --name 'Stichting Samen Sterk' --kind zelforganisatie \
	--set city=Utrecht
test_expect new-contact 0 openreg new contact --date 2025-05-01 --organisation stichting-samen-sterk \
	--kind structureel --theme taal --subject 'Kennismaking'
git add records || exit 2
test_tick
test_expect commit 0 git commit -q -m 'Stichting Samen Sterk en de kennismaking'
test_expect push-branch 0 scrubbed git push -q origin stichting-samen
test_expect review 0 scrubbed openreg diff main stichting-samen --format md --confidential
test_expect check-range 0 openreg check --range main..stichting-samen

# the merge, on the server
git checkout -q main && git merge -q --no-ff --no-edit stichting-samen || exit 2
test_tick
test_expect push-merge 0 scrubbed git push -q origin main
test_assert "the server has the merge" test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"

# an exclusion without a Reference: trailer: refused by the commit-msg hook,
# and by the server when the client hook is skipped
test_expect new-exclusion 0 openreg new exclusion --name 'Stichting Nachtschade' \
	--ground advies-veiligheidsdiensten --source 'Ambtsbericht AIVD, kenmerk AIVD/2025-0200' --since 2025-04-02
git add records || exit 2
test_tick
test_expect commit-without-reference 1 git commit -q -m 'Uitsluiting Nachtschade'
test_tick
git commit -q --no-verify -m 'Uitsluiting Nachtschade' || exit 2
test_expect push-without-reference 1 scrubbed git push -q origin main
test_tick
git commit -q --amend --no-verify -m 'Uitsluiting Nachtschade' -m 'Reference: Ambtsbericht AIVD, kenmerk AIVD/2025-0200' ||
	exit 2
test_expect push-with-reference 0 scrubbed git push -q origin main

test_done
