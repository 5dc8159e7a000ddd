#!/bin/sh
# openreg check: the rules across records and over history, read from git.
. "$(dirname "$0")/lib.sh"

REF='Reference: Kamerstuk 32 824, nr. 445'

new_register reg &&
cp -R "$SRC/records/." reg/records/ &&
commit_all reg -m "Sample register" -m "$REF" || exit 2
cd reg || exit 2

test_expect clean-worktree 0 openreg check
test_expect clean-rev 0 openreg check --rev HEAD
test_expect clean-staged 0 openreg check --staged
test_expect clean-range 0 openreg check --range ..HEAD
test_expect clean-json 0 openreg check --format json
test_expect usage-two-modes 2 openreg check --staged --rev HEAD
test_expect usage-bad-range 2 openreg check --range HEAD
test_expect usage-bad-format 2 openreg check --format xml
test_expect unknown-rev 2 openreg check --rev no-such-branch

# ref: a contact names an organisation that does not exist
cat > records/contacts/2025/2025-06-02-overleg-onbekend.yaml <<'YAML'
date: 2025-06-02
organisations:
  - gemeente-utrecht
  - stichting-bestaat-niet
kind: incidenteel
themes:
  - taal
YAML
test_expect ref-missing 1 openreg check
git add records/contacts/2025/2025-06-02-overleg-onbekend.yaml
test_expect ref-missing-staged 1 openreg check --staged
git reset -q && rm records/contacts/2025/2025-06-02-overleg-onbekend.yaml

# exclusion: a contact on or after the exclusion's start, matched by id
cat > records/contacts/2025/2025-04-01-overleg-al-waad.yaml <<'YAML'
date: 2025-04-01
organisations:
  - al-waad-cultureel-centrum
kind: incidenteel
themes:
  - taal
YAML
test_expect exclusion-by-id 1 openreg check
git add -A && test_expect exclusion-by-id-staged 1 openreg check --staged
# before the exclusion began, the same contact is allowed
sed -i 's/^date: 2025-04-01/date: 2025-03-07/' records/contacts/2025/2025-04-01-overleg-al-waad.yaml
git mv -f records/contacts/2025/2025-04-01-overleg-al-waad.yaml records/contacts/2025/2025-03-07-overleg-al-waad.yaml
git add -A && test_expect exclusion-before-since 0 openreg check --staged
git reset -q --hard

# exclusion by KvK number, and by a name that differs only in case, accents,
# punctuation and "Stichting"
mkdir -p records/organisations
cat > records/organisations/front-kvk.yaml <<'YAML'
name: Ontmoetingshuis Zuid
kind: zelforganisatie
kvk: "70358214"
YAML
cat > records/organisations/front-naam.yaml <<'YAML'
name: "STICHTING Samídoun!"
kind: overig
YAML
cat > records/organisations/front-dichtbij.yaml <<'YAML'
name: Samidoen
kind: overig
YAML
cat > records/contacts/2025/2025-06-03-overleg-fronts.yaml <<'YAML'
date: 2025-06-03
organisations:
  - front-kvk
  - front-naam
  - front-dichtbij
kind: incidenteel
themes:
  - werk
YAML
test_expect exclusion-by-kvk-name-and-close-name 1 openreg check
git add -A && test_expect exclusion-by-kvk-name-staged 1 openreg check --staged
git reset -q --hard && git clean -q -fd

# a partnership that overlaps an exclusion
cat > records/organisations/front-partner.yaml <<'YAML'
name: Samidoun Nederland
kind: overig
partnerships:
  - from: 2024-01-01
    themes:
      - taal
    endorsed: 2023-12-01
YAML
test_expect exclusion-partnership-all 1 openreg check
rm records/organisations/front-partner.yaml

# contact ids are unique across year folders
cp records/contacts/2024/2024-01-11-kwartaaloverleg-kenniscentrum.yaml \
	records/contacts/2023/2024-01-11-kwartaaloverleg-kenniscentrum.yaml
test_expect unique-contact-id 1 openreg check
rm records/contacts/2023/2024-01-11-kwartaaloverleg-kenniscentrum.yaml

# a symbolic link committed under records/
ln -s ../organisations/gemeente-utrecht.yaml records/contacts/2024/link.yaml
commit_all . -m "Add a link"
test_expect symlink-in-commit 1 openreg check --rev HEAD
git reset -q --hard HEAD~1

# history: deleting an exclusion, an organisation that contacts refer to,
# and exclusion changes without a Reference: trailer
base=$(git rev-parse HEAD)
git rm -q records/exclusions/anatolische-stem.yaml
commit_all . -m "Remove an exclusion" -m "$REF"
test_expect history-exclusion-deleted 1 openreg check --range "$base..HEAD"
git reset -q --hard "$base"

for f in $(grep -l 'kenniscentrum-nieuwkomers' -r records/contacts); do git rm -q "$f"; done
git rm -q records/organisations/kenniscentrum-nieuwkomers.yaml
commit_all . -m "Remove an organisation and its contacts"
test_expect history-organisation-deleted 1 openreg check --range "$base..HEAD"
git reset -q --hard "$base"

sed -i 's/^source: .*/source: Ambtsbericht AIVD, kenmerk AIVD\/2025-0999/' records/exclusions/anatolische-stem.yaml
commit_all . -m "Correct the source"
test_expect history-no-reference 1 openreg check --range "$base..HEAD"
git commit -q --amend --no-verify -m "Correct the source" -m "$REF"
# a replaced source needs a trailer that names the new one
test_expect history-reference-not-naming-source 1 openreg check --range "$base..HEAD"
NEWREF='Reference: Ambtsbericht AIVD, kenmerk AIVD/2025-0999'
git commit -q --amend --no-verify -m "Correct the source" -m "$NEWREF"
test_expect history-with-reference 0 openreg check --range "$base..HEAD"
printf 'Correct the source\n\n# Reference: in a comment does not count\n' > msg
git add -A 2>/dev/null; git reset -q --soft "$base"
test_expect commit-msg-without-reference 1 openreg check --commit-msg msg
printf 'Correct the source\n\n%s\n' "$NEWREF" > msg
test_expect commit-msg-with-reference 0 openreg check --commit-msg msg
rm msg
git reset -q --hard "$base"

# the merge case: each side clean, the result breaks the exclusion rule
git checkout -q -b contact-side
cat > records/contacts/2025/2025-12-22-werkbezoek-shanti.yaml <<'YAML'
date: 2025-12-22
organisations:
  - tempelvereniging-shanti
kind: structureel
themes:
  - maatschappelijke-samenhang
YAML
commit_all . -m "Werkbezoek Tempelvereniging Shanti"
git checkout -q -b exclusion-side "$base"
cat > records/exclusions/tempelvereniging-shanti.yaml <<'YAML'
name: Tempelvereniging Shanti
organisation: tempelvereniging-shanti
grounds:
  - buitenlandse-beinvloeding
source: Ambtsbericht AIVD, kenmerk AIVD/2025-0200
since: 2025-12-20
YAML
commit_all . -m "Exclude Tempelvereniging Shanti" -m "$REF"
test_expect merge-side-contact 0 openreg check --range "$base..contact-side"
test_expect merge-side-exclusion 0 openreg check --range "$base..exclusion-side"
test_tick
git merge -q --no-verify --no-edit contact-side
test_expect merge-result 1 openreg check --range "$base..HEAD"

# every format, on the merge result
test_expect format-json 1 openreg check --rev HEAD --format json
test_expect format-codequality 1 openreg check --rev HEAD --format codequality
test_expect format-sarif 1 openreg check --rev HEAD --format sarif
test_expect format-junit 1 openreg check --rev HEAD --format junit
test_expect report-files 1 openreg check --rev HEAD --report junit=junit.xml --report sarif=sarif.json
test_assert "--report writes the same bytes as --format" sh -c \
	'"$0" check --rev HEAD --format junit | cmp -s - junit.xml && "$0" check --rev HEAD --format sarif | cmp -s - sarif.json' "$OPENREG"

test_done
