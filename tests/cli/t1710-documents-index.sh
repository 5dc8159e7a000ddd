#!/bin/sh
# The documents with the history index: every overview and contacts list
# (the whole document, its warnings and exit status), every show --as-of
# and log --as-of, is the same with and without the index, on the demo
# register and on a generated history full of deletions (in a merge, of a
# whole folder, deleted and added again, deleted twice, a broken file, a
# contact changed before the deletion, a commit whose clock runs behind);
# the index answers without the folders of old commits; a damaged or stale
# index changes nothing.
. "$(dirname "$0")/lib.sh"

# same_documents LABEL COMMAND...: each "openreg ARGS" line of the file
# $TRASH/commands run with the index and with openreg.historyIndex false:
# the same output, errors and exit status.
same_documents() {
	differ=0
	while read -r line; do
		# shellcheck disable=SC2086
		same_with_index "$1" $line || differ=1
	done < "$TRASH/commands"
	[ $differ = 0 ]
}

# 1. the demo register
sh "$SRC/tests/fixtures/demo-register.sh" demo > /dev/null || exit 2
cd demo || exit 2
test_expect demo-build 0 openreg index
cat > "$TRASH/commands" <<'EOF'
overview --year 2023 --as-of 2023-06-30
overview --year 2023 --as-of 2024-01-31
overview --year 2023
overview --year 2024 --as-of 2025-01-31
overview --year 2024 --format json
overview --year 2024 --confidential --format csv --table deleted
overview --year 2024 --corrections-since 2025-01-31 --format json
overview --year 2025 --as-of 2025-03-03
overview --year 2025 --as-of 2025-03-04 --format json
overview --year 2023 --as-of 2022-12-31
overview --year 2023 --as-of 2030-01-01
contacts --since 2023-01-01
contacts --since 2023-01-01 --as-of 2024-12-31 --format json
contacts --since 2023-03-01 --as-of 2025-03-04 --all-kinds --format json
contacts --since 2025-01-01 --format csv --table deleted
show organisation/moskee-vrede --as-of 2025-03-02
show organisation/moskee-vrede --as-of 2025-03-04
show organisation/stichting-de-brug --as-of 2022-01-01
log organisation/moskee-vrede --as-of 2025-03-02
EOF
test_assert 'demo: every document is the same with and without the index' same_documents demo
cd "$TRASH" || exit 2

# 2. a generated history of deletions
new_register gen && cd gen || exit 2
git checkout -q -b main
ORG=records/organisations
mkdir -p $ORG records/contacts/2023 records/contacts/2024 records/contacts/2025

# at DATE COMMAND...: run COMMAND with the commit dated DATE (Amsterdam's winter offset)
at() {
	when="$1 +0100"
	shift
	GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when "$@"
}
# org ID [PARTNERSHIP-FROM]: write an organisation, with a partnership when given
org() {
	printf 'name: Stichting %s\nkind: maatschappelijke-organisatie\ncity: Utrecht\n' "$1" > "$ORG/$1.yaml"
	if [ -n "${2:-}" ]; then
		printf 'partnerships:\n  - from: %s\n    themes:\n      - taal\n' "$2" >> "$ORG/$1.yaml"
	fi
}
# contact ID DATE KIND ORG...: write a contact
contact() {
	c_id=$1 c_date=$2 c_kind=$3
	shift 3
	{
		echo "date: $c_date"
		echo "organisations:"
		for o in "$@"; do echo "  - $o"; done
		echo "kind: $c_kind"
		echo "themes:"
		echo "  - werk"
		echo "form: overleg"
		echo "subject: Overleg."
	} > "records/contacts/${c_date%%-*}/$c_date-$c_id.yaml"
}
ci() { # DATE MESSAGE
	git add -A && at "$1" git commit -q --no-verify -m "$2"
}

for o in a b c d e f g h k; do org "org-$o"; done
org org-p 2024-02-01
ci '2023-11-01 10:00' 'Organisations' || exit 2
contact one 2024-01-10 structureel org-a org-b
contact two 2024-01-11 incidenteel org-b
contact three 2024-01-12 structureel org-c
contact four 2024-02-01 structureel org-d org-a
contact five 2024-02-02 signalering org-e
contact six 2023-12-01 structureel org-f
ci '2024-02-05 10:00' 'Contacts' || exit 2
# deleted before the year began: not the year's
git rm -q "$ORG/org-k.yaml" && ci '2023-12-20 10:00' 'org-k goes' || exit 2
# a contact stops naming org-c before org-c goes; another names it later
contact three 2024-01-12 structureel org-a
contact seven 2024-03-01 structureel org-c org-a
ci '2024-03-02 10:00' 'Contacts change' || exit 2
# a merge request deletes org-b and its incidental contact
git checkout -q -b mr-1
git rm -q "$ORG/org-b.yaml" records/contacts/2024/2024-01-11-two.yaml && ci '2024-04-01 10:00' 'org-b goes' || exit 2
git checkout -q main
contact eight 2024-04-02 structureel org-g && ci '2024-04-02 11:00' 'Contact eight' || exit 2
at '2024-04-03 10:00' git merge -q --no-ff --no-edit mr-1 || exit 2
# org-c goes; org-d goes and comes back; org-e (signalering only) goes
git rm -q "$ORG/org-c.yaml" "$ORG/org-d.yaml" "$ORG/org-e.yaml" && ci '2024-05-01 10:00' 'Three go' || exit 2
org org-d && ci '2024-05-02 10:00' 'org-d is back' || exit 2
# org-g goes twice: added again with a partnership, then deleted again
git rm -q "$ORG/org-g.yaml" && ci '2024-06-01 10:00' 'org-g goes' || exit 2
org org-g 2024-06-15 && ci '2024-06-16 10:00' 'org-g is back' || exit 2
git rm -q "$ORG/org-g.yaml" && ci '2024-07-01 10:00' 'org-g goes again' || exit 2
# a broken file, then deleted; a partnership's organisation deleted
printf 'name: [broken\n' > "$ORG/org-h.yaml" && ci '2024-08-01 10:00' 'org-h broken' || exit 2
git rm -q "$ORG/org-h.yaml" "$ORG/org-p.yaml" && ci '2024-08-02 10:00' 'org-h and org-p go' || exit 2
# a commit whose clock runs behind, in the middle of the year
at '2023-06-01 10:00' git commit -q --no-verify --allow-empty -m 'Clock behind' || exit 2
contact nine 2024-09-01 structureel org-f && ci '2024-09-02 10:00' 'Contact nine' || exit 2
git rm -q "$ORG/org-f.yaml" && ci '2024-09-03 10:00' 'org-f goes' || exit 2
# the whole folder goes, and comes back without org-a
git rm -q -r "$ORG" && ci '2024-10-01 10:00' 'No organisations' || exit 2
mkdir -p "$ORG" && org org-d && org org-q && ci '2024-10-02 10:00' 'Organisations again' || exit 2
contact ten 2025-01-10 structureel org-q && ci '2025-01-11 10:00' 'Contact ten' || exit 2
git rm -q "$ORG/org-q.yaml" && ci '2025-02-01 10:00' 'org-q goes' || exit 2

test_expect gen-build 0 openreg index
cat > "$TRASH/commands" <<'EOF'
overview --year 2024
overview --year 2024 --format json
overview --year 2024 --confidential --format csv --table deleted
overview --year 2024 --as-of 2024-05-01
overview --year 2024 --as-of 2024-08-01 --format json
overview --year 2024 --as-of 2024-09-03
overview --year 2023 --as-of 2024-01-31
overview --year 2025
overview --year 2024 --corrections-since 2024-06-01 --format json
contacts --since 2024-01-01
contacts --since 2024-01-01 --format json
contacts --since 2023-06-01 --as-of 2024-09-30 --all-kinds --format json
contacts --since 2024-06-01 --until 2025-06-01 --format csv --table deleted
show organisation/org-b --as-of 2024-03-31
show organisation/org-b --as-of 2024-04-30
log organisation/org-g --as-of 2024-06-30
EOF
test_assert 'generated: every document is the same with and without the index' same_documents generated
# the same with the index built from git's comparison of the trees (as a long history is)
test_assert 'generated: the index built anew from the trees git compares' sh -c \
	'OPENREG_HISTORY_DIFF=git "$1" index --rebuild' - "$OPENREG"
test_assert 'generated, index from git: every document is the same' same_documents generated-git
test_expect gen-overview-2024 0 openreg overview --year 2024 --format json
test_expect gen-contacts-2024 0 openreg contacts --since 2024-01-01 --format csv --table deleted

# the index answers without the organisations' folders of old commits; the walk needs them
old_tree=$(git rev-parse "main~6:$ORG")
loose=".git/objects/$(echo "$old_tree" | cut -c1-2)/$(echo "$old_tree" | cut -c3-)"
cp "$loose" "$TRASH/tree.keep" || exit 2
rm -f "$loose"
test_assert 'with the index the deleted section needs no old folder' sh -c \
	'"$1" overview --year 2024 --format json > ../no-folder.json && "$1" overview --year 2024 --format json |
	cmp -s - ../no-folder.json && grep -q org-c ../no-folder.json' - "$OPENREG"
git config openreg.historyIndex false
test_assert 'without the index the same overview needs it' sh -c \
	'! "$1" overview --year 2024 > /dev/null 2>&1' - "$OPENREG"
git config --unset openreg.historyIndex
cp "$TRASH/tree.keep" "$loose" || exit 2

# 3. the branch moves on and is rewound: the index is brought along, the documents stay the same
contact eleven 2025-02-10 structureel org-d && ci '2025-02-10 10:00' 'Contact eleven' || exit 2
git rm -q "$ORG/org-d.yaml" && ci '2025-02-11 10:00' 'org-d goes' || exit 2
test_assert 'moved on: every document is the same' same_documents moved-on
git reset -q --hard HEAD~1
org org-r && ci '2025-02-12 10:00' 'org-r' || exit 2
test_assert 'rewound: every document is the same' same_documents rewound

# 4. a damaged index changes nothing: each part of a layer damaged in turn
"$OPENREG" index --rebuild || exit 2
layer=$(ls .git/openreg/history-index-*.layer)
cp "$layer" "$TRASH/layer.keep"
size=$(wc -c < "$layer")
damaged_same() {
	for at in 12 60 $((size / 4)) $((size / 2)) $((size * 3 / 4)) $((size - 60)) $((size - 40)) $((size - 8)); do
		chmod u+w "$layer" && cp "$TRASH/layer.keep" "$layer" || return 1
		printf 'X' | dd of="$layer" bs=1 seek=$at conv=notrunc 2>/dev/null
		same_documents "damaged at $at" || return 1
	done
	cp "$TRASH/layer.keep" "$layer"
}
cat > "$TRASH/commands" <<'EOF'
overview --year 2024 --format json
contacts --since 2024-01-01 --format json
overview --year 2024 --as-of 2024-08-01
EOF
test_assert 'damaged: every document is the same' damaged_same

# 5. progress on a terminal, for work that takes longer than OPENREG_PROGRESS_DELAY seconds; never into a pipe
if command -v script >/dev/null 2>&1; then
	tty() {
		script -qfec "$1" /dev/null </dev/null | tr '\r' '\n' | sed '/^$/d'
	}
	tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' overview --year 2024 -o ../progress.md" > "$TRASH/progress-index"
	test_assert 'overview shows its progress on a terminal' sh -c \
		'grep -q "^Reading contacts: 100% (7/7), done\.$" "$1" && grep -q "^Reading organisations: 100%" "$1" &&
		! grep -q "Reading the history" "$1"' - "$TRASH/progress-index"
	git config openreg.historyIndex false
	tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' contacts --since 2024-01-01 -o ../progress.md" > "$TRASH/progress-walk"
	git config --unset openreg.historyIndex
	test_assert 'without the index the walk shows its progress too' \
		grep -q "^Reading the history for deletions: 100% ([0-9]*/[0-9]*), done\.$" "$TRASH/progress-walk"
	OPENREG_PROGRESS_DELAY=0 "$OPENREG" overview --year 2024 > /dev/null 2> "$TRASH/progress-pipe.err"
	test_assert 'no progress into a pipe' sh -c '! grep -q Reading "$1"' - "$TRASH/progress-pipe.err"
else
	test_skip "progress on a terminal" "no script(1)"
fi

test_done
