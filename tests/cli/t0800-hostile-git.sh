#!/bin/sh
# Repositories in strange states: openreg check says what is wrong and
# never crashes, hangs or passes what it could not read (hooks fail closed).
. "$(dirname "$0")/lib.sh"

REF='Reference: Kamerstuk 32 824, nr. 445'

# scrub: replace the trash path and commit ids, so that goldens hold on any machine
scrub() {
	"$@" 2> "$TRASH/scrub.err" > /dev/null
	status=$?
	sed -e "s|$TRASH|TRASH|g" -e 's/[0-9a-f]\{40\}/<id>/g' "$TRASH/scrub.err" >&2
	return $status
}

new_register reg &&
cp -R "$SRC/records/." reg/records/ &&
commit_all reg -m "Sample register" -m "$REF" || exit 2

# an unborn branch: nothing committed yet
new_register unborn || exit 2
cd unborn
test_expect unborn-staged-nothing 2 openreg check --staged
git add schemas
test_expect unborn-rev 2 openreg check --rev HEAD
test_expect unborn-staged 0 openreg check --staged
test_expect unborn-range 2 openreg check --range ..HEAD
cd ..

# a detached HEAD
git -C reg checkout -q --detach HEAD
cd reg
test_expect detached-staged 0 openreg check --staged
test_expect detached-rev 0 openreg check --rev HEAD
cd ..
git -C reg checkout -q -

# a bare repository: commits yes, a working tree or index no
git clone -q --bare reg bare.git
cd bare.git
test_expect bare-rev 0 openreg check --rev HEAD
test_expect bare-worktree 2 openreg check
test_expect bare-staged 2 openreg check --staged
cd ..

# a locked index is still read (git's lock keeps writers out, not readers)
cp reg/records/contacts/2024/2024-01-11-kwartaaloverleg-kenniscentrum.yaml reg/records/contacts/2024/copy-x.yaml
git -C reg add records/contacts/2024/copy-x.yaml
: > reg/.git/index.lock
cd reg
test_expect locked-index-staged 0 openreg check --staged
cd ..
rm -f reg/.git/index.lock
git -C reg reset -q && rm reg/records/contacts/2024/copy-x.yaml

# loose_copy NAME: a clone of reg with every object loose, so that one can be broken
loose_copy() {
	git clone -q --no-local reg "$1" &&
	mv "$1"/.git/objects/pack/*.pack "$1.pack" &&
	rm -f "$1"/.git/objects/pack/* &&
	git -C "$1" unpack-objects -q < "$1.pack" &&
	rm -f "$1.pack"
}

blob=$(git -C reg rev-parse HEAD:records/organisations/gemeente-utrecht.yaml)
loose=$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)

# a missing object: the check fails closed, with the object named
loose_copy missing || exit 2
rm -f "missing/.git/objects/$loose"
cd missing
test_expect missing-object 3 scrub openreg check --rev HEAD
cd ..

# a corrupt object
loose_copy corrupt || exit 2
chmod u+w "corrupt/.git/objects/$loose" && printf 'not a zlib stream' > "corrupt/.git/objects/$loose"
cd corrupt
test_expect corrupt-object 3 scrub openreg check --rev HEAD
cd ..

# commit dates out of order, and a merge with three parents
git -C reg checkout -q -b one
printf 'name: Eerste Tak\nkind: overig\n' > reg/records/organisations/eerste-tak.yaml
commit_all reg -m "One"
git -C reg checkout -q -b two one~1
printf 'name: Tweede Tak\nkind: overig\n' > reg/records/organisations/tweede-tak.yaml
git -C reg add -A
GIT_COMMITTER_DATE='2020-01-01 10:00:00 +0100' git -C reg commit -q --no-verify -m "Two, dated in the past"
git -C reg checkout -q -b three one~1
printf 'name: Derde Tak\nkind: overig\n' > reg/records/organisations/derde-tak.yaml
commit_all reg -m "Three"
test_tick
git -C reg merge -q --no-verify -m "Octopus" one two > /dev/null
base=$(git -C reg rev-parse one~1)
cd reg
test_expect octopus-range 0 openreg check --range "$base..HEAD"
test_assert 'the octopus merge has three parents' sh -c '[ "$(git rev-list --parents -n 1 HEAD | wc -w)" = 4 ]'
cd ..

# a shallow clone of the demo register: a date beyond its boundary is an error, not an empty report;
# at its tip the documents are built, saying that the history is cut short
sh "$SRC/tests/fixtures/demo-register.sh" demo > /dev/null || exit 2
git clone -q --depth 2 "file://$TRASH/demo" shallow 2>/dev/null
cd shallow
test_expect shallow-as-of-beyond 2 openreg overview --year 2023 --as-of 2023-06-30
test_expect shallow-overview-tip 0 openreg overview --year 2025 --format csv
test_expect shallow-check-tip 0 openreg check --rev HEAD
cd ..

# a repository owned by someone else (run as root only: chown needs it)
if [ "$(id -u)" = 0 ] && id nobody > /dev/null 2>&1; then
	git clone -q reg foreign && chown -R nobody foreign
	cd foreign
	test_expect foreign-owner 3 scrub openreg check --rev HEAD
	cd ..
	chown -R "$(id -u)" foreign
fi

test_done
