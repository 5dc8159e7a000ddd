#!/bin/sh
# t1720-incremental: the incremental checks find exactly what the full check
# finds.  From one clean register, each case makes one change and compares,
# on findings of the records:
#   check --staged        the pre-commit hook's check of the index
#   check --range B..C    the server's check of the push, commit by commit
#   diff --confidential   the review's rule results of B..C
# with check --rev C, which reads and checks every record.  The cases are
# the ones an incremental check could get wrong: an exclusion that matches
# an organisation only through a look-alike spelling, an alias, word order,
# a KvK number or a link; one that matches nothing; an exclusion moved
# earlier; a screening; an organisation renamed, deleted or given a name
# that matches; and a change of the rules themselves.  Each push then goes
# to a server whose real pre-receive hook must refuse it exactly when the
# full check finds an error.  Last, a tree git cannot read where only a
# lookup goes: the incremental check must fail, not pass.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main || exit 2

# organisation ID NAME [MORE YAML] (NAME as inside a YAML double-quoted string)
organisation() {
	mkdir -p work/records/organisations &&
	printf 'name: "%s"\nkind: zelforganisatie\ncity: Utrecht\n%b' "$2" "${3:-}" \
		>"work/records/organisations/$1.yaml"
}

# contact ID DATE ORGANISATION
contact() {
	y=$(echo "$2" | cut -c1-4)
	mkdir -p "work/records/contacts/$y" &&
	printf 'date: %s\norganisations:\n  - %s\nkind: structureel\nthemes:\n  - taal\nform: overleg\n' \
		"$2" "$3" >"work/records/contacts/$y/$1.yaml"
}

# exclusion ID NAME SINCE [MORE YAML]
exclusion() {
	mkdir -p work/records/exclusions &&
	printf 'name: "%s"\ngrounds:\n  - advies-veiligheidsdiensten\nsource: Ambtsbericht AIVD, kenmerk AIVD/2025-0001\nsince: %s\n%b' \
		"$2" "$3" "${4:-}" >"work/records/exclusions/$1.yaml"
}

commit() { # MESSAGE
	test_tick
	(cd work && git add -A && git commit -q --no-verify -m "$1")
}

# ---------------------------------------------------------------------
# The register: organisations with names an exclusion may reach in
# different ways, each with a contact in 2025; no finding anywhere.

new_register work &&
organisation lookalike 'Stichting \u0405\u0430m\u0456d\u043eun' &&
organisation vrede-noord 'Stichting Vrede Noord' 'aliases:\n  - Vredesbond Noord\n' &&
organisation horizon 'Centrum Horizon Oost' &&
organisation registered 'Buurtwerk Lombok' 'kvk: "12345678"\n' &&
organisation linked 'Buurthuis De Brug' &&
organisation al-amal 'Stichting Al Amal Rotterdam' &&
organisation kring 'Vereniging Kring West' &&
organisation taalhuis 'Stichting Taalhuis Utrecht' 'partnerships:
  - from: 2024-01-01
    themes:
      - taal
    endorsed: 2023-12-01
' &&
for o in lookalike vrede-noord horizon registered linked al-amal kring taalhuis; do
	contact "2025-03-03-overleg-$o" 2025-03-03 "$o" || exit 2
done &&
exclusion kring-zuid 'Kring Zuid' 2026-01-01 &&
commit 'Register opgezet

Reference: Kamerstuk 32 824, nr. 445' || exit 2
git -C work tag base &&
git init -q --bare server.git &&
(cd server.git && "$OPENREG" hooks install --server >/dev/null) &&
git -C work remote add origin ../server.git &&
git -C work push -q origin main || exit 2

# findings FILE: the findings of the records, one a line, sorted; the rule
# over history judges commits, which the full check of one tree cannot
findings() {
	grep '^records/.*\]$' "$1" | grep -v ' \[history\]$' | LC_ALL=C sort -u
}

# same CASE WHAT FILE: FILE's findings are the full check's
same() {
	findings "$3" >"$TRASH/.a" && findings "$TRASH/full.txt" >"$TRASH/.b"
	test_assert "$1: $2 finds what the full check finds" cmp -s "$TRASH/.a" "$TRASH/.b" ||
		diff -u "$TRASH/.b" "$TRASH/.a" >&2
}

# equivalent CASE MESSAGE: the work tree holds the change
equivalent() {
	(cd work && git add -A && "$OPENREG" check --staged) >/dev/null 2>"$TRASH/staged.txt"
	commit "$2" || exit 2
	(cd work && "$OPENREG" check --rev HEAD) >/dev/null 2>"$TRASH/full.txt"
	full=$?
	(cd work && "$OPENREG" check --range base..HEAD) >/dev/null 2>"$TRASH/range.txt"
	(cd work && "$OPENREG" diff --confidential --lang en base HEAD) >"$TRASH/diff.txt" 2>&1
	findings "$TRASH/full.txt" >"$TRASH/$1.full"
	test_expect "$1" 0 cat "$TRASH/$1.full"
	same "$1" "check --staged" "$TRASH/staged.txt"
	same "$1" "check --range" "$TRASH/range.txt"
	same "$1" "diff" "$TRASH/diff.txt"
	(cd work && git push -q origin main) >/dev/null 2>&1
	pushed=$?
	if [ "$full" = 0 ]; then
		test_assert "$1: the server takes it, as the full check finds no error" test "$pushed" = 0
	else
		test_assert "$1: the server refuses it, as the full check finds an error" test "$pushed" != 0
	fi
	git -C server.git update-ref refs/heads/main "$(git -C work rev-parse base)" &&
	git -C work reset -q --hard base || exit 2
}

REF='Reference: Ambtsbericht AIVD, kenmerk AIVD/2025-0001'

exclusion samidoun 'Samidoun' 2025-01-01
equivalent exclusion-lookalike "Uitsluiting Samidoun

$REF"

exclusion vredesbond 'Vredesbond Noord' 2025-01-01
equivalent exclusion-alias "Uitsluiting Vredesbond Noord

$REF"

exclusion horizon-oost 'Oost Horizon Centrum' 2025-01-01
equivalent exclusion-word-order "Uitsluiting Oost Horizon Centrum

$REF"

exclusion lombok-collectief 'Collectief Lombok Zuidwest' 2025-01-01 'kvk: "12345678"\n'
equivalent exclusion-kvk "Uitsluiting op KvK-nummer

$REF"

exclusion brug 'Nergens Genoemd' 2025-01-01 'organisation: linked\n'
equivalent exclusion-link "Uitsluiting van een gekoppelde organisatie

$REF"

exclusion amal 'Al Amal' 2025-01-01
equivalent exclusion-possible "Uitsluiting Al Amal

$REF"

exclusion nergens 'Collectief Nergens Anders' 2025-01-01
equivalent exclusion-matching-nothing "Uitsluiting zonder treffer

$REF"

exclusion kring-zuid 'Kring Zuid' 2025-01-01 'aliases:\n  - Kring West\n'
equivalent exclusion-moved-earlier "Uitsluiting Kring Zuid eerder en met oude naam

$REF"

mkdir -p work/records/screenings &&
printf 'organisation: taalhuis\ndate: 2025-01-15\noutcome: match\nrationale: Uit het dossier blijkt dat dit dezelfde organisatie is.\ndecided-by: integriteitsbureau\nsources:\n  - list: KvK handelsregister\n    date: 2025-01-15\n' \
	>work/records/screenings/taalhuis-2025.yaml
equivalent screening-match "Screening Taalhuis

$REF"

git -C work mv records/organisations/horizon.yaml records/organisations/horizon-oost.yaml
equivalent organisation-renamed-file "Organisatie hernoemd"

rm work/records/organisations/registered.yaml
equivalent organisation-deleted "Organisatie verwijderd"

organisation al-amal 'Stichting Kring Zuid Rotterdam'
equivalent organisation-name-now-matches "Naam gewijzigd"

sed -i 's/^date: 2025-03-03$/date: 2025-03-04/' work/records/contacts/2025/2025-03-03-overleg-lookalike.yaml
equivalent contact-changed "Contact verschoven"

# the rules change: every record is checked again
sed -i 's/^  - kind$/  - kind\n  - subject/' work/schemas/contact.schema.yaml
equivalent schemas-changed "Een onderwerp is verplicht

Reference: besluit DG SI, 12 maart 2025"

# a tree git cannot read, in a folder the change leaves alone but whose
# records a rule looks up (is a new contact's id used in another year?):
# the check fails, as a listing of every record would, and never passes
# because a lookup found nothing
mkdir -p work/records/contacts/2016 && contact 2016-05-01-overleg-taalhuis 2016-05-01 taalhuis &&
(cd work && git add -A &&
	hollow() { # TREE: TREE with records/contacts/2016 pointing at a tree that is not there
		contacts=$(git ls-tree "$1:records/contacts" |
			sed "s/$(git rev-parse "$1:records/contacts/2016")/1111111111111111111111111111111111111111/" |
			git mktree --missing) &&
		records=$(git ls-tree "$1:records" | sed "s/$(git rev-parse "$1:records/contacts")/$contacts/" |
			git mktree --missing) &&
		git ls-tree "$1" | sed "s/$(git rev-parse "$1:records")/$records/" | git mktree --missing
	} &&
	test_tick && before=$(echo Kapot | git commit-tree "$(hollow "$(git write-tree)")" -p base) &&
	printf 'date: 2025-04-01\norganisations:\n  - taalhuis\nkind: structureel\nthemes:\n  - taal\nform: overleg\n' \
		>records/contacts/2025/2025-04-01-overleg-taalhuis.yaml && git add -A &&
	test_tick && git update-ref refs/heads/broken "$(echo Overleg | git commit-tree "$(hollow "$(git write-tree)")" -p "$before")" &&
	git update-ref refs/heads/hollow "$before" && git reset -q --hard base) || exit 2
test_expect missing-tree-range 3 sh -c 'cd work && "$0" check --range hollow..broken' "$OPENREG"
test_expect missing-tree-diff 3 sh -c 'cd work && "$0" diff --confidential hollow broken' "$OPENREG"

test_done
