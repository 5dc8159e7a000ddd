#!/bin/sh
# t1100-hooks-install: hooks go where git runs them (core.hooksPath
# honoured), a hook whose openreg is gone says so in one line and refuses,
# and a server gets git's own protections, which pre-receive verifies
# before anything else.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main || exit 2

# a copy of the program that can be taken away
mkdir -p bin && cp "$SRC/openreg" bin/openreg || exit 2
OREG=$TRASH/bin/openreg

# scrubbed COMMAND...: the trash folder's path out of stdout and stderr
scrubbed() {
	"$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"
	rc=$?
	sed "s|$TRASH|TRASH|g; s/[[:space:]]*\$//" <"$TRASH/.raw.out"
	sed "s|$TRASH|TRASH|g; s/[[:space:]]*\$//" <"$TRASH/.raw.err" >&2
	return $rc
}
inside() { (d=$1; shift; cd "$d" && scrubbed "$@"); }

bad_contact() { # DIR: stage a contact with a misspelt kind
	mkdir -p "$1/records/contacts/2025" &&
	printf 'date: 2025-06-10\norganisations:\n  - stichting-brug\nkind: structurel\n' \
		>"$1/records/contacts/2025/2025-06-10-overleg.yaml" &&
	git -C "$1" add -A
}

new_register work &&
cp -R "$SRC/records/." work/records/ &&
commit_all work -m 'Register' -m 'Reference: Kamerstuk 32 824, nr. 445' || exit 2

# ---------------------------------------------------------------------
# core.hooksPath: relative (from the top of the working tree), absolute, ~

git -C work config core.hooksPath .githooks || exit 2
test_expect hookspath-relative 0 inside work/records "$OREG" hooks install
test_assert 'git rev-parse --git-path hooks is where the hooks are' \
	sh -c 'test -x "work/$(git -C work rev-parse --git-path hooks)/pre-commit"'
test_assert 'nothing was written to .git/hooks' sh -c '! test -e work/.git/hooks/pre-commit'
bad_contact work || exit 2
test_tick
test_expect hookspath-refuses 1 inside work git commit -q -m 'Overleg'
test_assert 'the invalid record was not committed' sh -c 'test "$(git -C work rev-list --count HEAD)" = 1'
git -C work reset -q --hard || exit 2

git -C work config core.hooksPath "$TRASH/shared-hooks" || exit 2
test_expect hookspath-absolute 0 inside work "$OREG" hooks install
test_assert 'the absolute hooks folder has the hooks' test -x shared-hooks/commit-msg
git -C work config core.hooksPath '~/hooks' || exit 2
test_expect hookspath-home 0 inside work "$OREG" hooks install
test_assert '~ is the home folder' test -x home/hooks/pre-commit
git -C work config --unset core.hooksPath || exit 2
test_expect hooks-default 0 inside work "$OREG" hooks install

# ---------------------------------------------------------------------
# a hook whose openreg is gone: one line, and it refuses

mv bin/openreg bin/openreg.moved || exit 2
bad_contact work || exit 2
test_tick
test_expect missing-program-commit 1 inside work git commit -q -m 'Overleg'
test_assert 'nothing was committed without the check' sh -c 'test "$(git -C work rev-list --count HEAD)" = 1'
git -C work reset -q --hard || exit 2
mv bin/openreg.moved bin/openreg || exit 2

# ---------------------------------------------------------------------
# the server: git's settings, set and reported, verified by pre-receive

git init -q --bare server.git || exit 2
test_expect install-server 0 inside server.git "$OREG" hooks install --server
test_assert 'git fsck on receive is on' sh -c 'test "$(git -C server.git config receive.fsckObjects)" = true'
test_assert 'non-fast-forward pushes are off' \
	sh -c 'test "$(git -C server.git config receive.denyNonFastForwards)" = true'
test_assert 'deletions are off' sh -c 'test "$(git -C server.git config receive.denyDeletes)" = true'
git -C work remote add origin ../server.git || exit 2
test_expect push-clean 0 inside work git push -q origin main

git init -q --bare allow.git && git -C allow.git config openreg.allowDeletion true || exit 2
test_expect install-server-allow-deletion 0 inside allow.git "$OREG" hooks install --server
test_assert 'deletions stay as git has them' sh -c '! git -C allow.git config receive.denyDeletes'

for setting in receive.fsckObjects receive.denyNonFastForwards receive.denyDeletes; do
	git -C server.git config "$setting" false || exit 2
	n=$((${n:-0} + 1))
	printf 'name: Stichting %s\nkind: overig\n' "$n" >"work/records/organisations/stichting-$n.yaml" &&
	commit_all work -m "Stichting $n" || exit 2
	test_expect "push-without-$setting" 1 inside work git push -q origin main
	git -C server.git config "$setting" true || exit 2
done
# transfer.fsckObjects is the fallback git itself uses for receive.fsckObjects
git -C server.git config --unset receive.fsckObjects && git -C server.git config transfer.fsckObjects true || exit 2
test_expect push-transfer-fsck 0 inside work git push -q origin main

# the server's hook with its openreg gone
mv bin/openreg bin/openreg.moved || exit 2
printf 'name: Stichting Laatste\nkind: overig\n' >work/records/organisations/stichting-laatste.yaml &&
commit_all work -m 'Stichting Laatste' || exit 2
test_expect missing-program-push 1 inside work git push -q origin main
test_expect missing-program-push-gitlab 1 inside work env GL_ID=user-1 git push -q origin main
mv bin/openreg.moved bin/openreg || exit 2

test_done
