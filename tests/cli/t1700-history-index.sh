#!/bin/sh
# The history index: every answer of openreg log is the same with and
# without it, on the demo register and on a generated history with merges
# (merge requests, a merge that itself changes a record, an octopus, a
# fast-forward, a record deleted and added again, a folder that becomes a
# file), as the branch moves on, after it is rewound (cut where the chains part), when the index is
# damaged and when it cannot be written.
. "$(dirname "$0")/lib.sh"

# same_logs LABEL: openreg log of every path the history ever held (with
# every commit and message: --confidential --format json), with the index
# and with openreg.historyIndex false: the same output, errors and exit
# status.
same_logs() {
	git log --all --format= --name-only -- records | sort -u > "$TRASH/paths" || return 1
	differ=0
	while read -r p; do
		same_with_index "$1" log --confidential --format json "$p" || differ=1
	done < "$TRASH/paths"
	[ "$(wc -l < "$TRASH/paths")" -gt 4 ] && [ $differ = 0 ]
}

# same_index LABEL: the index built with git comparing the trees (OPENREG_HISTORY_DIFF=git) is byte for
# byte the one the walk builds (=walk), and so is the one built when git cannot be run
same_index() {
	rm -rf "$TRASH/walk-index" "$TRASH/git-index" &&
	OPENREG_HISTORY_DIFF=walk "$OPENREG" index --rebuild && cp -R .git/openreg "$TRASH/walk-index" &&
	OPENREG_HISTORY_DIFF=git "$OPENREG" index --rebuild && cp -R .git/openreg "$TRASH/git-index" &&
	diff -r "$TRASH/walk-index" "$TRASH/git-index" &&
	OPENREG_HISTORY_DIFF=git PATH=/nonexistent "$OPENREG" index --rebuild &&
	diff -r "$TRASH/walk-index" .git/openreg
}

# same_extension LABEL BASE: the index extended from BASE to HEAD is the same both ways
same_extension() {
	head=$(git symbolic-ref -q HEAD) && at=$(git rev-parse HEAD) && base=$(git rev-parse "$2") || return 1
	for how in walk git; do
		git update-ref --no-deref HEAD "$base" &&
		OPENREG_HISTORY_DIFF=walk "$OPENREG" index --rebuild &&
		git update-ref --no-deref HEAD "$at" && git symbolic-ref HEAD "$head" &&
		OPENREG_HISTORY_DIFF=$how "$OPENREG" index && rm -rf "$TRASH/$how-index" &&
		cp -R .git/openreg "$TRASH/$how-index" || return 1
	done
	diff -r "$TRASH/walk-index" "$TRASH/git-index"
}

# 1. the demo register
sh "$SRC/tests/fixtures/demo-register.sh" demo > /dev/null || exit 2
cd demo || exit 2
test_expect demo-build 0 openreg index
test_expect demo-stat 0 openreg index --stat
test_expect demo-verify 0 openreg index --verify
test_assert 'demo: every log is the same with and without the index' same_logs demo
test_assert 'demo: the index was not rebuilt by log' sh -c '[ "$(ls .git/openreg | wc -l)" = 2 ]'
test_assert 'demo: git comparing the trees builds the same index' same_index demo
# progress: on a terminal, for work that takes longer than OPENREG_PROGRESS_DELAY seconds (default 1)
if command -v script > /dev/null 2>&1; then
	tty() {
		script -qfec "$1" /dev/null < /dev/null | tr '\r' '\n' | sed '/^$/d'
	}
	tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' index --rebuild" > "$TRASH/progress-index"
	test_assert 'index --rebuild shows its progress on a terminal' sh -c '
		grep -q "^Indexing the history: 100% ([0-9]*/[0-9]*), done\.$" "$1" &&
		grep -q "^Reading references: 100% ([0-9]*/[0-9]*), done\.$" "$1"' - "$TRASH/progress-index"
	tty "'$OPENREG' index --rebuild" > "$TRASH/progress-quick"
	test_assert 'no progress for quick work' sh -c '! grep -q "Indexing\|Reading" "$1"' - "$TRASH/progress-quick"
	tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' index --rebuild -q" > "$TRASH/progress-quiet"
	test_assert 'no progress with -q' sh -c '! grep -q "Indexing\|Reading" "$1"' - "$TRASH/progress-quiet"
else
	test_skip "progress on a terminal" "no script(1)"
fi
OPENREG_PROGRESS_DELAY=0 "$OPENREG" index --rebuild 2> "$TRASH/progress-pipe.err"
test_assert 'no progress into a pipe' test ! -s "$TRASH/progress-pipe.err"
cd "$TRASH" || exit 2

# 2. a generated history with merges
new_register gen && cd gen || exit 2
git checkout -q -b main
ORG=records/organisations
mkdir -p $ORG records/contacts/2024

# org ID [CITY]: write an organisation
org() {
	printf 'name: %s\nkind: stichting\ncity: %s\n' "$1" "${2:-Utrecht}" > "$ORG/$1.yaml"
}
# contact ID DATE ORG [SUBJECT]: write a contact
contact() {
	printf 'date: %s\norganisations:\n  - %s\nkind: structureel\nthemes:\n  - taal\nform: overleg\nsubject: %s\n' \
		"$2" "$3" "${4:-Overleg}" > "records/contacts/2024/$1.yaml"
}
merge() {
	git checkout -q main && test_tick && git merge -q --no-ff --no-edit "$@"
}

for i in 1 2 3 4 5; do org "org-$i"; done
commit_all . -m "Five organisations" || exit 2
contact 2024-01-10-a 2024-01-10 org-1
commit_all . -m "A contact" || exit 2
# a merge request of two commits
git checkout -q -b mr-1
org org-2 Amsterdam && commit_all . -m "org-2 moves"
contact 2024-01-11-b 2024-01-11 org-2 && commit_all . -m "Contact b"
# main moves on meanwhile
git checkout -q main
org org-3 Gouda && commit_all . -m "org-3 moves"
merge mr-1 || exit 2
# both sides change org-4; the merge resolves it with a third version
git checkout -q -b mr-2
org org-4 Delft && commit_all . -m "org-4 to Delft"
git checkout -q main
org org-4 Breda && commit_all . -m "org-4 to Breda"
git checkout -q main && test_tick && git merge -q --no-ff --no-edit mr-2 2>/dev/null
org org-4 Zwolle && git add -A && git commit -q --no-verify --no-edit || exit 2
# an octopus of three merge requests
for b in mr-3 mr-4 mr-5; do
	git checkout -q -b $b main
	contact "2024-02-0${b#mr-}-x" "2024-02-0${b#mr-}" org-5 "Overleg $b" && commit_all . -m "Contact $b"
done
merge mr-3 mr-4 mr-5 || exit 2
# a fast-forward: no merge commit
git checkout -q -b mr-6
org org-1 Leiden && commit_all . -m "org-1 to Leiden"
git checkout -q main && git merge -q --ff-only mr-6 || exit 2
# deleted, then added again
git rm -q "$ORG/org-5.yaml" && commit_all . -m "org-5 goes"
org org-5 Ede && commit_all . -m "org-5 comes back"
# a renamed record, and a commit whose clock runs behind
git mv "$ORG/org-3.yaml" "$ORG/org-3b.yaml" && commit_all . -m "org-3 renamed"
GIT_COMMITTER_DATE='2023-06-01 10:00:00 +0100' git commit -q --no-verify --allow-empty -m "Clock behind"
# a folder that becomes a file and back
mkdir -p records/contacts/2025 && contact 2025-x 2024-03-01 org-1 && mv records/contacts/2024/2025-x.yaml records/contacts/2025/
commit_all . -m "2025 folder"
rm -r records/contacts/2025 && echo 'not a folder' > records/contacts/2025 && commit_all . -m "2025 a file"
rm records/contacts/2025 && mkdir -p records/contacts/2025 && contact 2025-y 2024-03-02 org-2 &&
	mv records/contacts/2024/2025-y.yaml records/contacts/2025/ && commit_all . -m "2025 a folder again"

test_expect gen-build 0 openreg index
test_assert 'generated: every log is the same with and without the index' same_logs generated
test_assert 'generated: the index names the commits the merges brought' sh -c \
	'"$1" index --stat | grep -qx "merged commits 6"' - "$OPENREG"

# log answers from the index: it does not read the folders of every commit
git count-objects -v | grep -q '^count: [1-9]' || exit 2
old_tree=$(git rev-parse "main~8:$ORG")
cp ".git/objects/$(echo "$old_tree" | cut -c1-2)/$(echo "$old_tree" | cut -c3-)" "$TRASH/tree.keep" || exit 2
rm -f ".git/objects/$(echo "$old_tree" | cut -c1-2)/$(echo "$old_tree" | cut -c3-)"
test_expect log-without-old-folders 0 openreg log organisation/org-4
git config openreg.historyIndex false
test_assert 'without the index the same log needs the old folders' sh -c \
	'! "$1" log organisation/org-4 > /dev/null 2>&1' - "$OPENREG"
git config --unset openreg.historyIndex
cp "$TRASH/tree.keep" ".git/objects/$(echo "$old_tree" | cut -c1-2)/$(echo "$old_tree" | cut -c3-)" || exit 2

# the same, with every object in one pack as git repack writes it (deltas against newer versions)
rebuilt_same_logs() {
	"$OPENREG" index --rebuild && same_logs "$1"
}
git repack -q -a -d -f && git prune-packed
test_assert 'generated: git comparing the trees builds the same index' same_index generated
test_assert 'generated: and extends it the same way' same_extension generated main~7
test_assert 'repacked: every log is the same' rebuilt_same_logs repacked
test_assert 'repacked: git comparing the trees builds the same index' same_index repacked

# 3. the branch moves on: the index is extended, not rebuilt
org org-6 Hoorn && commit_all . -m "org-6"
test_expect extend-one 0 openreg log organisation/org-6
test_assert 'one commit more: a second layer' sh -c '"$1" index --stat | grep -qx "layers 2"' - "$OPENREG"
org org-6 Enkhuizen && commit_all . -m "org-6 moves"
test_assert 'two commits more: the two new layers merged' sh -c \
	'"$1" index && "$1" index --stat > ../st && grep -qx "layers 2" ../st && grep -qx "commits 17" ../st' - "$OPENREG"
test_assert 'after extending: every log is the same' same_logs extended
test_expect extended-verify 0 openreg index --verify

# 4. the branch is rewound and goes another way: what the two chains share is kept, the rest is built
#    after it
git reset -q --hard main~3
org org-7 Urk && commit_all . -m "org-7 instead"
test_assert 'rewound: every log is the same' same_logs rewound
test_assert 'rewound: the index is at HEAD, in one layer' sh -c \
	'"$1" index --stat > ../st && grep -qx "tip $(git rev-parse HEAD)" ../st && grep -qx "layers 1" ../st' - "$OPENREG"
test_expect rewound-verify 0 openreg index --verify
# rewound inside the last layer: the layers before it stay as they are
org org-7 Emmeloord && commit_all . -m "org-7 moves" && "$OPENREG" index
org org-7 Lemmer && commit_all . -m "org-7 moves on" && "$OPENREG" index
git reset -q --hard HEAD~1
org org-7 Bant && commit_all . -m "org-7 moves elsewhere"
test_assert 'rewound in the last layer: every log is the same' same_logs rewound-last
test_assert 'rewound in the last layer: the first layer is kept' sh -c \
	'"$1" index && "$1" index --stat > ../st && grep -qx "tip $(git rev-parse HEAD)" ../st && grep -qx "layers 2" ../st' - "$OPENREG"
test_expect rewound-last-verify 0 openreg index --verify
test_assert 'rewound: git comparing the trees builds the same index' same_index rewound

# 5. a damaged index is found and built anew
"$OPENREG" index --rebuild || exit 2
layer=$(ls .git/openreg/history-index-*.layer)
size=$(wc -c < "$layer")
chmod u+w "$layer"
printf 'XXXX' | dd of="$layer" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
test_expect damaged-verify 1 openreg index --verify
test_assert 'damaged: every log is the same' same_logs damaged
test_expect damaged-rebuilt-verify 0 openreg index --verify
layer=$(ls .git/openreg/history-index-*.layer)
chmod u+w "$layer"
printf 'X' | dd of="$layer" bs=1 seek=20 conv=notrunc 2>/dev/null
test_expect damaged-header-verify 1 openreg index --verify
test_expect damaged-header-log 0 openreg log organisation/org-7
test_expect damaged-header-rebuilt-verify 0 openreg index --verify
rm -f .git/openreg/history-index && : > .git/openreg/history-index
test_expect empty-chain-verify 1 openreg index --verify
test_expect empty-chain-log 0 openreg log organisation/org-7
rm -f .git/openreg/history-index-*.layer
test_expect lost-layer-verify 1 openreg index --verify
test_expect lost-layer-log 0 openreg log organisation/org-7
test_expect rebuild 0 openreg index --rebuild
test_assert 'rebuild: one layer' sh -c '[ "$(ls .git/openreg/history-index-*.layer | wc -l)" = 1 ]'

# 6. an index that cannot be written: the commands work without writing it
rm -rf .git/openreg
: > .git/openreg
org org-8 Lelystad && commit_all . -m "org-8"
test_expect read-only-log 0 openreg log organisation/org-8
test_expect read-only-index 3 openreg index
test_expect read-only-stat 2 openreg index --stat
test_assert 'read-only: every log is the same' same_logs read-only
test_assert 'read-only: nothing was written' test -f .git/openreg
rm -f .git/openreg
test_assert 'another writer holds the lock: log works, the lock stays' sh -c '
	mkdir .git/openreg && : > .git/openreg/history-index.lock &&
	"$1" log organisation/org-8 > /dev/null && test -f .git/openreg/history-index.lock &&
	! test -f .git/openreg/history-index' - "$OPENREG"
test_expect locked-rebuild 3 openreg index --rebuild
rm -f .git/openreg/history-index.lock

# 7. a shallow clone has no index, and log works as before
cd "$TRASH" || exit 2
git clone -q --depth 3 "file://$TRASH/gen" shallow || exit 2
cd shallow || exit 2
test_expect shallow-index 2 openreg index
test_expect shallow-log 0 openreg log organisation/org-8
test_assert 'shallow: no index written' test ! -e .git/openreg/history-index

# 8. a server: post-receive extends the index after each accepted push
cd "$TRASH" || exit 2
git clone -q --bare gen server.git || exit 2
test_assert 'hooks install --server' sh -c 'cd server.git && "$1" hooks install --server > /dev/null' - "$OPENREG"
test_assert 'install --server writes hooks/post-receive' \
	sh -c 'test -x server.git/hooks/post-receive && grep -q "hooks run post-receive" server.git/hooks/post-receive'
git clone -q server.git work && cd work || exit 2
printf 'name: org-9\nkind: overig\ncity: Zeist\n' > records/organisations/org-9.yaml
commit_all . -m "org-9" && git push -q origin HEAD:main 2> "$TRASH/push.err" || { cat "$TRASH/push.err"; exit 2; }
cd "$TRASH/server.git" || exit 2
test_assert 'after a push: the server index is at the pushed commit' sh -c \
	'"$1" index --stat > ../st && grep -qx "tip $(git rev-parse HEAD)" ../st && ! grep -q "not written" ../st' - "$OPENREG"
test_expect server-verify 0 openreg index --verify
cd "$TRASH/work" || exit 2
printf 'name: org-9\nkind: overig\ncity: Baarn\n' > records/organisations/org-9.yaml
commit_all . -m "org-9 moves" && git push -q origin HEAD:main 2> "$TRASH/push.err" || { cat "$TRASH/push.err"; exit 2; }
cd "$TRASH/server.git" || exit 2
test_assert 'a second push: extended in a layer of its own' sh -c \
	'"$1" index --stat > ../st && grep -qx "tip $(git rev-parse HEAD)" ../st && grep -qx "layers 2" ../st' - "$OPENREG"
test_expect server-log 0 openreg log organisation/org-9
test_expect post-receive-no-input 0 sh -c '"$1" hooks run post-receive < /dev/null' - "$OPENREG"

# 9. "ever referred to" (pre-receive, check --range): the same answers from the index as from the walk,
#    for records in the plain style and in others, in folders and files that count and that do not
cd "$TRASH" || exit 2
new_register refs && cd refs || exit 2
git checkout -q -b main
mkdir -p $ORG records/contacts/2023/sub records/contacts/2024
for o in a-org b-org c-org d-org e-org f-org g-org h-org i-org; do
	printf 'name: %s\nkind: overig\n' "$o" > "$ORG/$o.yaml"
done
printf 'name: b-org\nkind: overig\npartnerships:\n  - from: 2020-01-01\n    themes: [taal]\n    endorsed: 2020-01-01\n' \
	> "$ORG/b-org.yaml"
printf 'name: c-org\nkind: overig\npartnerships: []\n' > "$ORG/c-org.yaml"
commit_all . -m "Organisations" || exit 2
# cx names a-org and b-org; cy (flow style) d-org and e-org; a file in a subfolder f-org; a file that is no
# record g-org; cz named h-org and then i-org; cw names a-org from a path earlier in byte order, then goes
printf 'date: 2024-01-02\norganisations:\n  - a-org\n  - b-org\nkind: incidenteel\n' > records/contacts/2024/cx.yaml
printf '{date: 2024-01-03, "organisations": [d-org, "e-org"], kind: incidenteel}\n' > records/contacts/2024/cy.yaml
printf 'date: 2023-01-04\norganisations:\n- f-org\nkind: incidenteel\n' > records/contacts/2023/sub/cv.yaml
printf 'organisations:\n  - g-org\n' > records/contacts/2024/notes.txt
printf 'date: 2024-01-05\norganisations:\n  - h-org\nkind: incidenteel\n' > records/contacts/2024/cz.yaml
commit_all . -m "Contacts" || exit 2
printf 'date: 2024-01-05\norganisations:\n  - i-org\nkind: incidenteel\n' > records/contacts/2024/cz.yaml
printf 'date: 2023-01-06\norganisations:\n  - a-org\nkind: incidenteel\n' > records/contacts/2023/cw.yaml
commit_all . -m "cz names i-org, cw a-org" || exit 2
git rm -q records/contacts/2023/cw.yaml && commit_all . -m "cw withdrawn the wrong way" || exit 2
"$OPENREG" index > /dev/null || exit 2

# same_checks LABEL: deleting each organisation in a commit of its own, check --range says the same with the
# index as without it (openreg.historyIndex false: the walk)
same_checks() {
	differ=0
	for o in a-org b-org c-org d-org e-org f-org g-org h-org i-org; do
		git checkout -q -b "del-$o" main && git rm -q "$ORG/$o.yaml" && commit_all . -m "$o goes" || return 1
		"$OPENREG" check --range main..HEAD > "$TRASH/with.out" 2> "$TRASH/with.err"
		echo "exit $?" >> "$TRASH/with.out"
		git config openreg.historyIndex false
		"$OPENREG" check --range main..HEAD > "$TRASH/without.out" 2> "$TRASH/without.err"
		echo "exit $?" >> "$TRASH/without.out"
		git config --unset openreg.historyIndex
		if ! cmp -s "$TRASH/with.out" "$TRASH/without.out" || ! cmp -s "$TRASH/with.err" "$TRASH/without.err"; then
			echo "$1: deleting $o: check --range differs with the index:" >&2
			diff -u "$TRASH/without.err" "$TRASH/with.err" >&2
			differ=1
		fi
		cat "$TRASH/with.err" >> "$TRASH/$1.all"
		git checkout -q main && git branch -q -D "del-$o" || return 1
	done
	[ $differ = 0 ]
}
test_assert 'ever referred to: the same with and without the index' same_checks refs
test_expect refs-answers 0 cat "$TRASH/refs.all"
layer=$(ls .git/openreg/history-index-*.layer)
chmod u+w "$layer"
printf 'XXXX' | dd of="$layer" bs=1 seek=$(($(wc -c < "$layer") - 40)) conv=notrunc 2>/dev/null
test_assert 'ever referred to, damaged index: the same' same_checks refs-damaged
# the index answers without reading the records again: with a past version of a contact gone from the
# object store, the walk cannot answer and the index can
"$OPENREG" index --rebuild > /dev/null || exit 2
past=$(git rev-parse main~2:records/contacts/2024/cz.yaml)
mv ".git/objects/$(echo "$past" | cut -c1-2)/$(echo "$past" | cut -c3-)" "$TRASH/past.keep" || exit 2
git checkout -q -b del-h main && git rm -q "$ORG/h-org.yaml" && commit_all . -m "h-org goes" || exit 2
test_expect refs-from-index 1 openreg check --range main..HEAD
git config openreg.historyIndex false
test_expect refs-walk-needs-the-records 2 openreg check --range main..HEAD
git config --unset openreg.historyIndex
mv "$TRASH/past.keep" ".git/objects/$(echo "$past" | cut -c1-2)/$(echo "$past" | cut -c3-)" || exit 2
git checkout -q main || exit 2
cd "$TRASH/gen" || exit 2

# 10. options
test_expect usage-two-modes 2 openreg index --stat --verify
test_expect usage-unknown 2 openreg index --fast
test_expect usage-argument 2 openreg index HEAD

test_done
