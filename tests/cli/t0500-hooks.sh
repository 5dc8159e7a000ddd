#!/bin/sh
# t0500-hooks: the installed git hooks, run by real git: pre-commit and
# commit-msg in a clone (and in a linked worktree, and before the first
# commit), pre-receive in a bare server repository inside git's object
# quarantine, with the merge of two clean branches, the history rules,
# new branches and branch deletion.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main &&
git config --global advice.detachedHead false || exit 2

# Commit ids in the output are replaced by names given with name_commit,
# so that a change to the sample records does not change the goldens.
: >"$TRASH/names"

# name_commit DIR NAME: call DIR's HEAD NAME in scrubbed output
name_commit() {
	id=$(git -C "$1" rev-parse HEAD) || return 1
	echo "$id <$2>" >>"$TRASH/names"
}

# scrub: the trash folder's path, git's padding of remote lines, and the
# named commits, out of a stream
scrub() {
	script="s|$TRASH|TRASH|g; s/[[:space:]]*\$//"
	while read -r id name; do
		short=$(echo "$id" | cut -c1-7)
		script="$script; s/$id/$name/g; s/$short/$name/g"
	done <"$TRASH/names"
	sed -e "$script"
}

# scrubbed COMMAND...: run COMMAND, its stdout and stderr scrubbed
scrubbed() {
	"$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"
	rc=$?
	scrub <"$TRASH/.raw.out"
	scrub <"$TRASH/.raw.err" >&2
	return $rc
}

# inside DIR COMMAND...: run COMMAND in DIR, its output scrubbed
inside() {
	(d=$1; shift; cd "$d" && scrubbed "$@")
}

# same FILE1 FILE2: the two files are equal
same() {
	cmp -s "$1" "$2" || { diff -u "$1" "$2" >&2; return 1; }
}

# snapshot NAME: the server's refs and object files, to compare later
snapshot() {
	git -C server.git for-each-ref >"$TRASH/$1.refs" &&
	(cd server.git && find objects -type f | sort) >"$TRASH/$1.objects"
}

# unchanged NAME: the server's refs and object files are as at snapshot NAME
unchanged() {
	snapshot "$1.now" &&
	same "$TRASH/$1.refs" "$TRASH/$1.now.refs" &&
	same "$TRASH/$1.objects" "$TRASH/$1.now.objects"
}

# restore_main: put the server's main back to where it was at the
# snapshot before-history (should a known bug have let a push in), and the
# clone's with it
restore_main() {
	git -C server.git update-ref refs/heads/main "$(sed -n 's| commit	refs/heads/main$||p' "$TRASH/before-history.refs")" &&
	git -C work fetch -q origin && git -C work reset -q --hard origin/main &&
	snapshot before-history # the objects a bug let in stay
}

# commit DIR MESSAGE [OPTION...]: stage everything in DIR and commit, quietly
commit() {
	test_tick
	(d=$1; m=$2; shift 2; cd "$d" && git add -A && git commit -q "$@" -m "$m")
}

head_is() { # DIR REV: DIR's HEAD is REV
	[ "$(git -C "$1" rev-parse HEAD)" = "$(git -C "$1" rev-parse "$2")" ]
}

organisation() { # FILE NAME
	mkdir -p "$(dirname "$1")" &&
	printf 'name: %s\nkind: zelforganisatie\ncity: Utrecht\n' "$2" >"$1"
}

contact() { # FILE DATE ORGANISATION [KIND]
	mkdir -p "$(dirname "$1")" &&
	printf 'date: %s\norganisations:\n  - %s\nkind: %s\nthemes:\n  - taal\nform: overleg\n' \
		"$2" "$3" "${4:-structureel}" >"$1"
}

exclusion() { # FILE NAME SINCE [ORGANISATION]
	mkdir -p "$(dirname "$1")" &&
	{
		printf 'name: %s\n' "$2"
		[ -z "${4:-}" ] || printf 'organisation: %s\n' "$4"
		printf 'grounds:\n  - advies-veiligheidsdiensten\nsource: Advies AIVD, brief van 2 april 2025\n'
		printf 'since: %s\n' "$3"
	} >"$1"
}

REF='Reference: Advies AIVD, brief van 2 april 2025'

# ---------------------------------------------------------------------
# 1. Setup: a register with the sample records; install the hooks.

new_register work &&
cp -R "$SRC/records/." work/records/ &&
commit work "Register: the sample records

Reference: Kamerstuk 32 824, nr. 445" &&
name_commit work initial || exit 2

test_expect install 0 inside work openreg hooks install
test_assert 'install writes executable hooks that call this openreg' \
	sh -c 'test -x work/.git/hooks/pre-commit && test -x work/.git/hooks/commit-msg &&
		grep -q "hooks run pre-commit" work/.git/hooks/pre-commit &&
		grep -q "hooks run commit-msg" work/.git/hooks/commit-msg &&
		{ grep -qF "$1" work/.git/hooks/pre-commit || [ -n "$2" ]; }' - \
	"$(cd "$(dirname "$OPENREG")" && pwd -P)/$(basename "$OPENREG")" "${OPENREG_WRAPPED:-}"
# (under make valgrind, $OPENREG is a wrapper around the program the hook names)
cp work/.git/hooks/pre-commit "$TRASH/pre-commit.first"
test_expect install-again 0 inside work openreg hooks install
test_assert 'installing again writes the same hook' same "$TRASH/pre-commit.first" work/.git/hooks/pre-commit

# a hook of someone else's is left alone without --force
printf '#!/bin/sh\necho my own hook\n' >work/.git/hooks/commit-msg
cp work/.git/hooks/commit-msg "$TRASH/foreign-hook"
test_expect install-foreign-hook 3 inside work openreg hooks install
test_assert 'a foreign hook is not overwritten' same "$TRASH/foreign-hook" work/.git/hooks/commit-msg
test_expect install-force 0 inside work openreg hooks install --force
test_assert '--force replaces the foreign hook' grep -q 'hooks run commit-msg' work/.git/hooks/commit-msg
test_expect install-server-in-clone 2 inside work openreg hooks install --server

# ---------------------------------------------------------------------
# 2. pre-commit

contact work/records/contacts/2025/2025-06-10-overleg-brug.yaml 2025-06-10 stichting-brug structurel &&
(cd work && git add -A) || exit 2
git -C work rev-parse HEAD >"$TRASH/head-before"
test_tick
test_expect pre-commit-refuses 1 inside work git commit -q -m 'Overleg met De Brug'
test_assert 'a refused commit leaves HEAD alone' head_is work "$(cat "$TRASH/head-before")"
test_assert 'a refused commit leaves the change staged' \
	sh -c 'test "$(git -C work diff --cached --name-status)" = "A	records/contacts/2025/2025-06-10-overleg-brug.yaml"'

contact work/records/contacts/2025/2025-06-10-overleg-brug.yaml 2025-06-10 stichting-brug &&
(cd work && git add -A) || exit 2
test_tick
test_expect pre-commit-accepts 0 inside work git commit -q -m 'Overleg met De Brug'
name_commit work before-schaduwnetwerk
test_assert 'the clean contact is committed' \
	sh -c 'git -C work cat-file -e HEAD:records/contacts/2025/2025-06-10-overleg-brug.yaml && test -z "$(git -C work status --porcelain)"'

# ---------------------------------------------------------------------
# 3. commit-msg: an exclusion needs a Reference: trailer

exclusion work/records/exclusions/vereniging-schaduwnetwerk.yaml 'Vereniging Schaduwnetwerk' 2025-04-02 &&
(cd work && git add -A) || exit 2
git -C work rev-parse HEAD >"$TRASH/head-before"
test_tick
test_expect commit-msg-refuses 1 inside work git commit -q -m 'Uitsluiting Schaduwnetwerk'
test_assert 'no commit without the trailer' head_is work "$(cat "$TRASH/head-before")"
# a trailer in a comment line does not count
test_expect commit-msg-comment-trailer 1 inside work git commit -q --cleanup=strip -m 'Uitsluiting Schaduwnetwerk

# Reference: Advies AIVD'
test_expect commit-msg-accepts 0 inside work git commit -q -m "Uitsluiting Schaduwnetwerk

$REF"
test_assert 'the exclusion is committed' \
	git -C work cat-file -e HEAD:records/exclusions/vereniging-schaduwnetwerk.yaml

# ---------------------------------------------------------------------
# 4. The server: pre-receive inside git's object quarantine

git init -q --bare server.git || exit 2
test_expect install-server 0 inside server.git openreg hooks install --server
test_expect install-client-in-bare 2 inside server.git openreg hooks install
test_assert 'install --server writes hooks/pre-receive' \
	sh -c 'test -x server.git/hooks/pre-receive && grep -q "hooks run pre-receive" server.git/hooks/pre-receive'
git -C work remote add origin ../server.git || exit 2
test_expect push-clean-main 0 inside work git push -q origin main
test_assert 'the server has main' sh -c 'test "$(git -C server.git rev-parse main)" = "$(git -C work rev-parse main)"'

contact work/records/contacts/2025/2025-06-12-overleg-brug.yaml 2025-06-12 stichting-brug structurel &&
commit work 'Overleg met De Brug, zonder hook' --no-verify || exit 2
snapshot before-bad-push
test_expect push-refused 1 inside work git push -q origin main
test_assert 'a refused push leaves the refs and objects of the server alone' unchanged before-bad-push
test_expect push-refused-gitlab 1 inside work env GL_ID=user-1 git push -q origin main
test_assert 'the GitLab push leaves the server alone too' unchanged before-bad-push
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# 5. Two clean branches whose merge breaks the exclusion rule

organisation work/records/organisations/stichting-xenon.yaml 'Stichting Xenon' &&
commit work 'Stichting Xenon' &&
git -C work push -q origin main || exit 2

git -C work checkout -q -b contact-xenon &&
contact work/records/contacts/2025/2025-06-02-overleg-xenon.yaml 2025-06-02 stichting-xenon &&
commit work 'Overleg met Stichting Xenon' &&
name_commit work contact-xenon || exit 2
git -C work checkout -q -b exclude-xenon main &&
exclusion work/records/exclusions/stichting-xenon.yaml 'Stichting Xenon' 2025-05-01 stichting-xenon &&
commit work "Uitsluiting Stichting Xenon

$REF" &&
name_commit work exclude-xenon || exit 2
test_expect push-branch-a 0 inside work git push -q origin contact-xenon
test_expect push-branch-b 0 inside work git push -q origin exclude-xenon

# The commit-msg hook does not ask a merge for a Reference: trailer for the
# exclusion changes it takes from the merged branch, whose own commit
# carries it; git merge runs commit-msg, so a clean merge must pass.
git -C work checkout -q -b probe main || exit 2
test_tick
test_assert 'a clean merge of a branch with a referenced exclusion passes commit-msg' \
	git -C work merge -q --no-ff -m 'Merge exclude-xenon' exclude-xenon 2>/dev/null
git -C work merge --abort 2>/dev/null
git -C work checkout -q main && git -C work branch -q -D probe || exit 2

git -C work checkout -q main &&
test_tick &&
git -C work merge -q --no-ff -m 'Merge contact-xenon' contact-xenon &&
test_tick &&
git -C work merge -q --no-ff --no-verify -m 'Merge exclude-xenon' exclude-xenon &&
name_commit work merge || exit 2
test_assert 'the merge is made locally' \
	git -C work cat-file -e main:records/exclusions/stichting-xenon.yaml
test_expect merge-check-range 1 inside work openreg check --range origin/main..main
snapshot before-merge-push
test_expect merge-push-refused 1 inside work git push -q origin main
test_assert 'the refused merge leaves the server alone' unchanged before-merge-push
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# 6. The history rules, through push

# an exclusion is never deleted, with a trailer or not
git -C work rm -q records/exclusions/samidoun.yaml &&
commit work "Samidoun niet meer uitgesloten

Reference: Kamerstuk 32 824, nr. 445" --no-verify &&
name_commit work delete-exclusion || exit 2
snapshot before-history
test_expect history-delete-exclusion 1 inside work git push -q origin main
test_assert 'the deleted exclusion did not reach the server' unchanged before-history
git -C work reset -q --hard origin/main || exit 2

# an organisation that a contact refers to stays, even with the contact gone
git -C work rm -q records/organisations/podium-de-ontmoeting.yaml \
	records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml &&
commit work 'Podium De Ontmoeting opgeruimd' --no-verify &&
name_commit work delete-organisation || exit 2
test_assert 'the final tree of that commit is clean' inside work openreg check
test_expect history-delete-organisation 1 inside work git push -q origin main
test_assert 'the deleted organisation did not reach the server' unchanged before-history
git -C work reset -q --hard origin/main || exit 2

# ... also when the contact goes in one commit and the organisation in the next
git -C work rm -q records/contacts/2024/2024-06-25-telefonisch-tempelvereniging-shanti.yaml &&
commit work 'Contact met Shanti verwijderd' --no-verify &&
git -C work rm -q records/organisations/tempelvereniging-shanti.yaml &&
commit work 'Tempelvereniging Shanti opgeruimd' --no-verify || exit 2
# Deleting the contacts first does not let the organisation go: the push's
# base still has them.
test_assert 'an organisation a contact ever referred to is not deleted, in two commits' \
	sh -c '! git -C work push -q origin main 2>/dev/null'
restore_main || exit 2

# an organisation with a partnership of its own stays too
git -C work rm -q records/organisations/platform-gelijke-kansen.yaml &&
(cd work && grep -rl -e '- platform-gelijke-kansen$' records/contacts | xargs git rm -q) &&
commit work 'Platform Gelijke Kansen opgeruimd' --no-verify &&
name_commit work delete-partner || exit 2
test_expect history-delete-partner 1 inside work git push -q origin main
test_assert 'the deleted partner did not reach the server' unchanged before-history
git -C work reset -q --hard origin/main || exit 2

# a change to the exclusions without a trailer
awk '{ print } /^aliases:/ { print "  - Samidoun Holland" }' work/records/exclusions/samidoun.yaml >"$TRASH/x" &&
mv "$TRASH/x" work/records/exclusions/samidoun.yaml &&
commit work 'Samidoun: nog een alias' --no-verify &&
name_commit work no-trailer || exit 2
test_assert 'the alias change is a clean record' inside work openreg validate
test_expect history-no-trailer 1 inside work git push -q origin main
test_assert 'the change without trailer did not reach the server' unchanged before-history
git -C work reset -q --hard origin/main || exit 2

# A forced push brings no new commit, but the final tree is compared with
# the old one by the history rules too: rewinding main cannot drop an
# exclusion.
test_assert 'a forced push that drops an exclusion is refused' \
	sh -c '! git -C work push -q origin +"$1":refs/heads/main 2>/dev/null' - \
	"$(sed -n 's/ <before-schaduwnetwerk>$//p' "$TRASH/names")"
restore_main || exit 2

# A merge that changes an exclusion itself (no parent has the change)
# needs a Reference: trailer like any other commit.
git -C work checkout -q -b side main &&
contact work/records/contacts/2025/2025-07-01-overleg-brug.yaml 2025-07-01 stichting-brug incidenteel &&
commit work 'Overleg op een zijtak' &&
git -C work checkout -q main &&
test_tick &&
git -C work merge -q --no-ff --no-commit side 2>/dev/null &&
sed 's/^since: 2024-11-21$/since: 2024-12-01/' work/records/exclusions/samidoun.yaml >"$TRASH/x" &&
mv "$TRASH/x" work/records/exclusions/samidoun.yaml &&
commit work 'Merge side' --no-verify &&
git -C work branch -q -D side || exit 2
test_assert 'the merge commit itself changes the exclusion' \
	sh -c '! git -C work diff --quiet HEAD^2 HEAD -- records/exclusions/samidoun.yaml'
test_assert 'a merge that changes an exclusion itself needs a trailer' \
	sh -c '! git -C work push -q origin main 2>/dev/null'
restore_main || exit 2

# ---------------------------------------------------------------------
# 7. A linked worktree uses the same hooks

(cd work && git worktree add -q ../wt -b wt-branch) || exit 2
contact wt/records/contacts/2025/2025-06-20-overleg-brug.yaml 2025-06-20 stichting-brug structurel &&
(cd wt && git add -A) || exit 2
git -C wt rev-parse HEAD >"$TRASH/head-before"
test_tick
test_expect worktree-refuses 1 inside wt git commit -q -m 'Overleg met De Brug, in de worktree'
test_assert 'no commit in the worktree' head_is wt "$(cat "$TRASH/head-before")"
contact wt/records/contacts/2025/2025-06-20-overleg-brug.yaml 2025-06-20 stichting-brug &&
(cd wt && git add -A) || exit 2
test_tick
test_expect worktree-accepts 0 inside wt git commit -q -m 'Overleg met De Brug, in de worktree'
test_assert 'the worktree commit is on wt-branch' \
	git -C work cat-file -e wt-branch:records/contacts/2025/2025-06-20-overleg-brug.yaml
exclusion wt/records/exclusions/stichting-nachtschade.yaml 'Stichting Nachtschade' 2025-04-02 &&
(cd wt && git add -A) || exit 2
test_tick
test_expect worktree-commit-msg 1 inside wt git commit -q -m 'Uitsluiting Nachtschade'
(cd wt && git reset -q --hard) || exit 2

# ---------------------------------------------------------------------
# 8. New branches and deleted branches on the server

test_expect push-new-branch-clean 0 inside work git push -q origin wt-branch
git -C work checkout -q -b broken main &&
contact work/records/contacts/2025/2025-06-25-overleg-brug.yaml 2025-06-25 stichting-brug structurel &&
commit work 'Overleg met De Brug op een nieuwe tak' --no-verify &&
contact work/records/contacts/2025/2025-06-26-overleg-brug.yaml 2025-06-26 stichting-brug &&
commit work 'Nog een overleg' || exit 2
git -C work checkout -q main || exit 2
snapshot before-branch
test_expect push-new-branch-broken 1 inside work git push -q origin broken
test_assert 'the broken branch is not on the server' unchanged before-branch
# the default branch's own history is not the new branch's: a branch from
# an old commit of main is judged by what it adds
git -C work checkout -q -b from-initial "$(sed -n 's/ <initial>$//p' "$TRASH/names")" &&
contact work/records/contacts/2025/2025-06-27-overleg-brug.yaml 2025-06-27 stichting-brug &&
commit work 'Overleg vanaf het begin' &&
git -C work checkout -q main || exit 2
test_expect push-new-branch-old-base 0 inside work git push -q origin from-initial

test_expect delete-branch-refused 1 inside work git push -q origin :contact-xenon
test_assert 'the branch is still there' git -C server.git rev-parse -q --verify --no-revs refs/heads/contact-xenon
git -C server.git config openreg.allowDeletion true &&
git -C server.git config receive.denyDeletes false || exit 2
test_expect delete-branch-allowed 0 inside work git push -q origin :contact-xenon
test_assert 'the branch is gone' sh -c '! git -C server.git rev-parse -q --verify refs/heads/contact-xenon'

# ---------------------------------------------------------------------
# 9. The first commit of a new clone: no HEAD yet

git init -q --bare empty.git &&
(cd empty.git && openreg hooks install --server >/dev/null) &&
git clone -q empty.git fresh 2>/dev/null &&
(cd fresh && openreg hooks install >/dev/null) || exit 2
test_assert 'the clone has no commit yet' sh -c '! git -C fresh rev-parse -q --verify HEAD'
cp -R "$SRC/schemas" fresh/schemas &&
contact fresh/records/contacts/2025/2025-06-02-overleg-xenon.yaml 2025-06-02 stichting-xenon &&
(cd fresh && git add -A) || exit 2
test_tick
test_expect unborn-refuses 1 inside fresh git commit -q -m 'Eerste overleg'
test_assert 'still no commit' sh -c '! git -C fresh rev-parse -q --verify HEAD'
organisation fresh/records/organisations/stichting-xenon.yaml 'Stichting Xenon' &&
exclusion fresh/records/exclusions/stichting-nachtschade.yaml 'Stichting Nachtschade' 2025-04-02 &&
(cd fresh && git add -A) || exit 2
test_tick
test_expect unborn-commit-msg 1 inside fresh git commit -q -m 'Het register begint'
test_expect unborn-accepts 0 inside fresh git commit -q -m "Het register begint

$REF"
test_assert 'the first commit is made' git -C fresh rev-parse -q --verify --no-revs HEAD
test_expect unborn-push 0 inside fresh git push -q origin main

test_done
