#!/bin/sh
# t1300-forged-trees: a tree made by hand so that openreg and git would read
# different files is refused as a corrupt repository by every command and
# by the server's pre-receive hook.
#
# The attack (issue 9): records/organisations holds samidoun-nl.yaml twice,
# first "Vredesgroep Oost", then "Samidoun Nederland".  A reader that takes
# the first entry sees a harmless organisation, git checks out the second;
# a 2025 contact with it would pass as clean.  The same in
# records/exclusions would make an exclusion say two things at once.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main || exit 2

REF='Reference: Kamerstuk 32 824, nr. 445'

# scrubbed COMMAND...: run COMMAND; its stderr without the trash path, git's
# padding of remote lines, and object ids (the forged trees' ids depend on
# the sample records; cases below check that the right tree is named)
scrubbed() {
	"$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"
	rc=$?
	cat "$TRASH/.raw.out"
	sed -e "s|$TRASH|TRASH|g" -e 's/[[:space:]]*$//' -e 's/[0-9a-f]\{40\}/<id>/g' \
		-e 's/[0-9a-f]\{7\}\.\.[0-9a-f]\{7\}/<range>/g' "$TRASH/.raw.err" >&2
	return $rc
}

# inside DIR COMMAND...: run COMMAND in DIR, scrubbed
inside() {
	(d=$1; shift; cd "$d" && scrubbed "$@")
}

# names_tree: the message of the last scrubbed run named tree ID
names_tree() {
	grep -q "the repository is corrupt: tree $1 " "$TRASH/.raw.err"
}

contact() { # FILE DATE ORGANISATION
	mkdir -p "$(dirname "$1")" &&
	printf 'date: %s\norganisations:\n  - %s\nkind: structureel\nthemes:\n  - taal\nform: overleg\n' \
		"$2" "$3" >"$1"
}

# replace_in TREE NAME ID: TREE with its entry NAME pointing at ID (git mktree)
replace_in() {
	git ls-tree "$1" | sed "s/[0-9a-f]\{40\}\(	$2\)\$/$3\1/" | git mktree
}

# forge FOLDER NAME FIRST SECOND MESSAGE: in the repository here, commit on
# HEAD what is staged, with FOLDER (records/organisations) holding NAME twice:
# the blobs of the files FIRST and SECOND.  Prints the folder's tree id.
forge() {
	first=$(git hash-object -w "$3") &&
	second=$(git hash-object -w "$4") &&
	staged=$(git write-tree) &&
	folder=$({ git ls-tree "$staged:$1" | grep -v "	$2\$"
		printf '100644 blob %s\t%s\n100644 blob %s\t%s\n' "$first" "$2" "$second" "$2"; } | git mktree) &&
	records=$(replace_in "$staged:records" "$(basename "$1")" "$folder") &&
	root=$(replace_in "$staged" records "$records") &&
	test_tick &&
	commit=$(git commit-tree "$root" -p HEAD -m "$5") &&
	git update-ref refs/heads/main "$commit" &&
	git reset -q --hard &&
	echo "$folder"
}

new_register work &&
cp -R "$SRC/records/." work/records/ &&
commit_all work -m "Register: the sample records" -m "$REF" || exit 2

git init -q --bare server.git &&
(cd server.git && openreg hooks install --server >/dev/null) &&
git -C work remote add origin ../server.git &&
git -C work push -q origin main || exit 2

printf 'name: Vredesgroep Oost\nkind: zelforganisatie\ncity: Utrecht\n' >vredesgroep.yaml
printf 'name: Samidoun Nederland\nkind: zelforganisatie\ncity: Utrecht\n' >samidoun.yaml

# ---------------------------------------------------------------------
# 1. samidoun-nl.yaml twice in records/organisations, with a 2025 contact

contact work/records/contacts/2025/2025-06-10-overleg-vredesgroep.yaml 2025-06-10 samidoun-nl &&
git -C work add -A &&
ORG=$(cd work && forge records/organisations samidoun-nl.yaml ../vredesgroep.yaml ../samidoun.yaml \
	'Overleg met Vredesgroep Oost') || exit 2

test_assert 'git fsck reports the forged organisations folder as duplicateEntries' \
	sh -c 'git -C work fsck 2>&1 | grep -q "^error in tree $1: duplicateEntries"' - "$ORG"
test_assert 'git checks out the second entry, Samidoun' \
	grep -q 'Samidoun Nederland' work/records/organisations/samidoun-nl.yaml

test_expect organisations-check-rev 3 inside work openreg check --rev HEAD
test_assert 'the message names the forged tree' names_tree "$ORG"
test_expect organisations-check-range 3 inside work openreg check --range origin/main..main
test_assert 'check --range names the forged tree' names_tree "$ORG"
test_expect organisations-overview 3 inside work openreg overview --year 2025
test_expect organisations-overview-as-of 3 inside work openreg overview --year 2025 --as-of 2025-12-31
test_expect organisations-contacts 3 inside work openreg contacts --since 2023-01-01 --until 2023-12-31
test_expect organisations-log 3 inside work openreg log records/organisations/samidoun-nl.yaml
test_assert 'git comparing the trees: the same refusal' sh -c '
	cd work && OPENREG_HISTORY_DIFF=git "$1" log records/organisations/samidoun-nl.yaml 2> ../git.err
	[ $? = 3 ] && OPENREG_HISTORY_DIFF=walk "$1" log records/organisations/samidoun-nl.yaml 2> ../walk.err
	[ $? = 3 ] && cmp ../walk.err ../git.err' - "$OPENREG"
test_expect organisations-log-other 3 inside work openreg log records/organisations/gemeente-utrecht.yaml
test_expect organisations-show 3 inside work openreg show records/organisations/samidoun-nl.yaml
test_expect organisations-show-other 3 inside work openreg show records/organisations/gemeente-utrecht.yaml
test_expect organisations-diff 3 inside work openreg diff origin/main main
test_assert 'each command names the forged tree' names_tree "$ORG"
# the commit before it is read as ever
test_assert 'the commit before it is read as ever' \
	sh -c 'cd work && "$1" show records/organisations/gemeente-utrecht.yaml --rev origin/main | grep -q "^name: gemeente Utrecht"' \
	- "$OPENREG"

# The server as 'hooks install --server' leaves it refuses the push (git's
# own check when receive.fsckObjects is on, openreg's otherwise).
main_before=$(git -C server.git rev-parse main)
test_assert 'the server as installed refuses the forged push' \
	sh -c '! git -C work push -q origin main 2>/dev/null && test "$(git -C server.git rev-parse main)" = "$1"' \
	- "$main_before"

# With git's check of duplicate entries off, openreg's own reader refuses it.
git -C server.git config receive.fsck.duplicateEntries ignore || exit 2
test_expect organisations-push 1 inside work git push -q origin main
test_assert 'pre-receive names the forged tree' names_tree "$ORG"
test_assert 'the server keeps its main' sh -c 'test "$(git -C server.git rev-parse main)" = "$1"' - "$main_before"

# ---------------------------------------------------------------------
# 2. samidoun.yaml twice in records/exclusions: lifted, and not

git -C work reset -q --hard origin/main || exit 2
sed 's/^since: .*/since: 2024-11-21\nuntil: 2024-11-22/' work/records/exclusions/samidoun.yaml >lifted.yaml
EXCL=$(cd work && forge records/exclusions samidoun.yaml ../lifted.yaml records/exclusions/samidoun.yaml \
	"Uitsluiting Samidoun

$REF") || exit 2

test_assert 'git fsck reports the forged exclusions folder as duplicateEntries' \
	sh -c 'git -C work fsck 2>&1 | grep -q "^error in tree $1: duplicateEntries"' - "$EXCL"
test_expect exclusions-check-rev 3 inside work openreg check --rev HEAD
test_assert 'the message names the forged exclusions tree' names_tree "$EXCL"
test_expect exclusions-push 1 inside work git push -q origin main
test_assert 'pre-receive names the forged exclusions tree' names_tree "$EXCL"
test_assert 'the server keeps its main' sh -c 'test "$(git -C server.git rev-parse main)" = "$1"' - "$main_before"

# the server is not poisoned: an ordinary push afterwards is accepted
git -C work reset -q --hard origin/main &&
contact work/records/contacts/2025/2025-06-11-overleg-utrecht.yaml 2025-06-11 gemeente-utrecht &&
commit_all work -m 'Overleg met de gemeente Utrecht' || exit 2
test_expect ordinary-push-after 0 inside work git push -q origin main

# ---------------------------------------------------------------------
# 3. Other forged names, pushed past git's check: '.git' and '..' folders

for name in .GIT .git. git~1 ..; do
	git -C work reset -q --hard origin/main &&
	bad=$(cd work && staged=$(git write-tree) &&
		folder=$({ git ls-tree "$staged:records/organisations"
			printf '100644 blob %s\t%s\n' "$(git hash-object -w ../samidoun.yaml)" "$name"; } | git mktree) &&
		records=$(replace_in "$staged:records" organisations "$folder") &&
		root=$(replace_in "$staged" records "$records") && test_tick &&
		git update-ref refs/heads/main "$(git commit-tree "$root" -p HEAD -m "Naam $name")" &&
		echo "$folder") || exit 2
	git -C server.git config receive.fsck.hasDotgit ignore &&
	git -C server.git config receive.fsck.hasDotdot ignore || exit 2
	test_assert "pre-receive refuses an entry named '$name'" \
		sh -c '! (cd work && git push -q origin main) 2>"$2" && grep -q "tree $1 .* git refuses to check out" "$2" &&
			test "$(git -C server.git rev-parse main)" = "$(git -C work rev-parse origin/main)"' \
		- "$bad" "$TRASH/dotname.err"
	test_assert "check --rev refuses an entry named '$name'" \
		sh -c 'cd work && "$2" check --rev HEAD 2>&1 >/dev/null | grep -q "tree $1 "' \
		- "$bad" "$OPENREG"
done

test_done
