#!/bin/sh
# t1000-exclusion-attacks: every way around the exclusion rule that an
# attacker with push rights tried, each pushed with real git to a bare
# server whose pre-receive hook must refuse it with a finding that names the
# exclusion, the level and the reason; and the honest cases next to them,
# which must pass.  Commits are made with --no-verify: the client's hooks are
# the attacker's to skip, the server's are not.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main || exit 2

# scrub: the trash folder's path and git's padding of remote lines
scrub() {
	sed -e "s|$TRASH|TRASH|g; s/[[:space:]]*\$//"
}

# inside DIR COMMAND...: run COMMAND in DIR, its output scrubbed
inside() {
	(d=$1; shift; cd "$d" && "$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"; rc=$?
		scrub <"$TRASH/.raw.out"; scrub <"$TRASH/.raw.err" >&2; exit $rc)
}

# snapshot / unchanged: the server's refs, to show a refused push left it alone
snapshot() {
	git -C server.git for-each-ref >"$TRASH/server.refs"
}
unchanged() {
	git -C server.git for-each-ref | cmp -s - "$TRASH/server.refs"
}

# organisation ID NAME [MORE YAML]: an organisation record; NAME is a YAML
# double-quoted string's inside, so \u202e and friends can be written
organisation() {
	mkdir -p work/records/organisations &&
	printf 'name: "%s"\nkind: zelforganisatie\ncity: Utrecht\n%s' "$2" "${3:-}" \
		>"work/records/organisations/$1.yaml"
}

# contact ID DATE ORGANISATION [MORE YAML]
contact() {
	y=$(echo "$2" | cut -c1-4)
	mkdir -p "work/records/contacts/$y" &&
	printf 'date: %s\norganisations:\n  - %s\nkind: incidenteel\nthemes:\n  - taal\nform: overleg\n%s' \
		"$2" "$3" "${4:-}" >"work/records/contacts/$y/$1.yaml"
}

commit() { # MESSAGE
	test_tick
	(cd work && git add -A && git commit -q --no-verify -m "$1")
}

# attack CASE NAME: an organisation called NAME and a contact with it,
# pushed; the server must refuse, and is left as it was
attack() {
	organisation attack "$2" &&
	contact 2025-06-02-overleg-attack 2025-06-02 attack &&
	commit "Overleg ($1)" || exit 2
	snapshot
	test_expect "$1" 1 inside work git push -q origin main
	test_assert "$1: the server is unchanged" unchanged
	git -C work reset -q --hard origin/main || exit 2
}

# ---------------------------------------------------------------------
# The register: three exclusions, one honest partner, a server.

new_register work &&
mkdir -p work/records/exclusions &&
cat >work/records/exclusions/samidoun.yaml <<'EOF' &&
name: Samidoun
aliases:
  - Samidoun Palestinian Prisoner Solidarity Network
grounds:
  - steun-terroristische-organisatie
source: Kamerstuk 32 824, nr. 445
since: 2024-11-21
EOF
cat >work/records/exclusions/al-waad.yaml <<'EOF' &&
name: "Al W\u00e1\u00e1d Cultureel Centrum"
grounds:
  - advies-veiligheidsdiensten
source: Ambtsbericht AIVD, kenmerk AIVD/2025-0117
since: 2025-03-10
EOF
cat >work/records/exclusions/taalaanbieders.yaml <<'EOF' &&
name: Taalaanbieders Nederland
grounds:
  - buitenlandse-beinvloeding
source: Ambtsbericht AIVD, kenmerk AIVD/2025-0201
since: 2025-01-15
EOF
organisation taalhuis-utrecht 'Stichting Taalhuis Utrecht' &&
commit 'Register opgezet

Reference: Kamerstuk 32 824, nr. 445' || exit 2
git init -q --bare server.git &&
(cd server.git && "$OPENREG" hooks install --server >/dev/null) &&
git -C work remote add origin ../server.git &&
git -C work push -q origin main || exit 2

# ---------------------------------------------------------------------
# 1. Look-alike names that used to pass with no finding at all

attack cyrillic-lookalikes '\u0405\u0430m\u0456d\u043eun'
attack fullwidth '\uff33\uff41\uff4d\uff49\uff44\uff4f\uff55\uff4e'
attack mathematical-bold '\U0001d412\U0001d41a\U0001d426\U0001d422\U0001d41d\U0001d428\U0001d42e\U0001d427'
attack rtl-override-backwards '\u202enuodimaS'

# ---------------------------------------------------------------------
# 2. Names that used to pass with only a warning

attack one-cyrillic-a 'S\u0430midoun'
attack one-greek-omicron 'Samid\u03bfun'
attack zero-width-space 'Sami\u200bdoun'
attack zero-width-joiner 'Sami\u200ddoun'
attack word-joiner 'Sami\u2060doun'
attack soft-hyphen 'Sami\u00addoun'
attack no-break-space 'Sami\u00a0doun'
attack hyphen 'Sami-doun'
attack digit-zero 'Samid0un'
attack dot-below 'S\u1ea1midoun'
attack decomposed-accents 'Al Wa\u0301a\u0301d Cultureel Centrum'
attack composed-accents 'Al W\u00e1\u00e1d Cultureel Centrum'

# ---------------------------------------------------------------------
# 3. Word order

attack word-order 'Palestinian Prisoner Solidarity Network Samidoun'

# ---------------------------------------------------------------------
# 4. Every exclusion is compared, not only the first that comes close:
# a partner named Samidoun with an alias close to Al Waad

organisation attack 'Samidoun' '  # a partner since before the exclusion
aliases:
  - "Al Waad Cultureel Centrun"
partnerships:
  - from: 2024-01-01
    themes: [taal]
    endorsed: 2023-12-01
' &&
commit 'Partnerschap' || exit 2
snapshot
test_expect every-exclusion-compared 1 inside work git push -q origin main
test_assert 'every-exclusion-compared: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# 5. Legal forms: "federatie" is no legal form, so this is no longer the
# same name; it holds every word of the excluded name, so it possibly is

attack federatie-is-no-legal-form 'Federatie Taalaanbieders Nederland'
attack st-is-no-legal-form 'St Samidoun'
attack cv-is-no-legal-form 'Samidoun CV'

# ---------------------------------------------------------------------
# 6. An organisation record alone, without a contact, gets its finding:
# an error for a match (refused), a warning for a possible match

organisation attack 'Stichting Samidoun' && commit 'Nieuwe organisatie' || exit 2
snapshot
test_expect organisation-match-without-contact 1 inside work git push -q origin main
test_assert 'organisation-match-without-contact: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

organisation attack 'Stichting Samidoun Nederland' && commit 'Nieuwe organisatie' || exit 2
test_expect organisation-possible-match-warns 0 inside work git push -q origin main

# ... and a contact with it is refused
contact 2025-06-03-overleg-attack 2025-06-03 attack && commit 'Overleg' || exit 2
snapshot
test_expect contact-with-possible-match 1 inside work git push -q origin main
test_assert 'contact-with-possible-match: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# Controls: honest changes pass

# a screening settles the possible match: the contact may land
mkdir -p work/records/screenings &&
cat >work/records/screenings/2025-06-01-samidoun-nederland.yaml <<'EOF' &&
organisation: attack
exclusion: samidoun
date: 2025-06-01
outcome: geen-match
rationale: >-
  Een buurtvereniging in Utrecht met dezelfde naam; KvK, bestuur en
  activiteiten verschillen van die van de uitgesloten organisatie.
decided-by: integriteitscoördinator SZW
sources:
  - list: OpenSanctions default
    version: "20250601"
  - list: KvK handelsregister
    date: 2025-06-01
EOF
contact 2025-06-03-overleg-attack 2025-06-03 attack && commit 'Screening en overleg' || exit 2
test_expect control-settled-by-screening 0 inside work git push -q origin main

# a legitimate organisation that shares one word with an exclusion
organisation solidarity-rotterdam 'Stichting Solidarity Network Rotterdam' &&
contact 2025-06-04-overleg-solidarity 2025-06-04 solidarity-rotterdam &&
commit 'Overleg met Solidarity Network Rotterdam' || exit 2
test_expect control-one-shared-word 0 inside work git push -q origin main

# a screening with outcome match makes later contacts errors
cat >work/records/screenings/2025-06-05-taalhuis.yaml <<'EOF' &&
organisation: taalhuis-utrecht
date: 2025-06-05
outcome: match
rationale: Staat op de lijst van de EU als dekmantel van een uitgesloten organisatie.
decided-by: integriteitscoördinator SZW
sources:
  - list: EU consolidated list
    date: 2025-06-05
EOF
contact 2025-06-04-overleg-taalhuis 2025-06-04 taalhuis-utrecht &&
contact 2025-06-06-overleg-taalhuis 2025-06-06 taalhuis-utrecht &&
commit 'Screening Taalhuis' || exit 2
snapshot
test_expect screening-match-later-contact 1 inside work git push -q origin main
test_assert 'screening-match-later-contact: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# 7. Exclusions change only forward: each edit that would neutralise one
# is refused, whatever trailer it carries; commits made in July 2025

commit_on() { # MESSAGE: commit as on 2025-07-01
	(cd work && git add -A &&
		GIT_COMMITTER_DATE='2025-07-01 10:00:00 +0200' GIT_AUTHOR_DATE='2025-07-01 10:00:00 +0200' \
		git commit -q --no-verify -m "$1")
}

# forward CASE: commit the edit made to work/, push it, expect a refusal
forward() {
	commit_on "Uitsluiting bijgewerkt ($1)

Reference: Kamerstuk 32 824, nr. 445" || exit 2
	snapshot
	test_expect "$1" 1 inside work git push -q origin main
	test_assert "$1: the server is unchanged" unchanged
	git -C work reset -q --hard origin/main || exit 2
}

# first, honestly: organisation records for two exclusions, linked, and a KvK number
organisation samidoun-org 'Samidoun' &&
organisation taal-nl 'Taalaanbieders Nederland' &&
sed -i 's/^since:/organisation: samidoun-org\nsince:/' work/records/exclusions/samidoun.yaml &&
printf 'kvk: "41234567"\norganisation: taal-nl\n' >>work/records/exclusions/taalaanbieders.yaml &&
commit_on 'Organisaties bij de uitsluitingen

Reference: Ambtsbericht AIVD, kenmerk AIVD/2025-0201' || exit 2
test_expect forward-add-identifiers 0 inside work git push -q origin main

sed -i 's/^since: .*/since: 2030-01-01/' work/records/exclusions/samidoun.yaml
forward since-moved-later

echo 'until: 2025-06-01' >>work/records/exclusions/samidoun.yaml &&
contact 2025-06-10-overleg-lifted 2025-06-10 samidoun-org
forward until-backdated

echo 'until: 2024-11-01' >>work/records/exclusions/samidoun.yaml
forward until-before-since

sed -i 's/^name: .*/name: Iets Anders/; /^aliases:/,/^  - /d' work/records/exclusions/samidoun.yaml
forward name-replaced-aliases-removed

sed -i '/^kvk:/d; /^organisation:/d' work/records/exclusions/taalaanbieders.yaml &&
rm work/records/organisations/taal-nl.yaml
forward kvk-and-organisation-removed

sed -i 's/^  - buitenlandse-beinvloeding/  - tegenwerken-integratie/' work/records/exclusions/taalaanbieders.yaml
forward ground-replaced

sed -i 's/^source: .*/source: Een ander document/' work/records/exclusions/samidoun.yaml
forward source-replaced-quietly

# an empty trailer is no trailer (libgit2 gives its value as "\n")
sed -i 's/^source: .*/source: Kamerstuk 32 824, nr. 445 en nr. 446/' work/records/exclusions/samidoun.yaml &&
commit_on 'Bron aangevuld

Reference:' || exit 2
snapshot
test_expect empty-reference-trailer 1 inside work git push -q origin main
test_assert 'empty-reference-trailer: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# controls: a source extended, a name kept as alias, a lift dated ahead
sed -i 's/^source: .*/source: Kamerstuk 32 824, nr. 445; bevestigd in nr. 450/' \
	work/records/exclusions/samidoun.yaml &&
printf 'until: 2025-08-01\n' >>work/records/exclusions/al-waad.yaml &&
sed -i 's/^name: .*/name: Al Waad Centrum\naliases:\n  - "Al W\\u00e1\\u00e1d Cultureel Centrum"/' \
	work/records/exclusions/al-waad.yaml &&
commit_on 'Uitsluitingen bijgewerkt

Reference: Kamerstuk 32 824, nr. 450' || exit 2
test_expect control-forward-changes 0 inside work git push -q origin main

# ---------------------------------------------------------------------
# 8. A contact that did happen is recorded as an incident, never deleted

INCIDENT='incident:
  explanation: Bij een bijeenkomst bleek pas achteraf wie de organisatie was.
  reported-to: integriteitscoördinator SZW
  reference: SZW/2025-0412
'
contact 2025-06-20-bijeenkomst-samidoun 2025-06-20 samidoun-org "$INCIDENT" &&
commit_on 'Incident vastgelegd' || exit 2
snapshot
test_expect incident-without-reference 1 inside work git push -q origin main
test_assert 'incident-without-reference: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

contact 2025-06-20-bijeenkomst-samidoun 2025-06-20 samidoun-org "$INCIDENT" &&
commit_on 'Incident vastgelegd

Reference: SZW/2025-0412' || exit 2
test_expect incident-recorded-is-a-warning 0 inside work git push -q origin main

# the contact cannot be deleted instead, whatever the trailer says
git -C work rm -q records/contacts/2025/2025-06-20-bijeenkomst-samidoun.yaml &&
commit_on 'Contact verwijderd

Reference: SZW/2025-0412' || exit 2
snapshot
test_expect incident-contact-deleted 1 inside work git push -q origin main
test_assert 'incident-contact-deleted: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# the incident cannot be quietly rewritten either
sed -i 's/achteraf/vooraf/' work/records/contacts/2025/2025-06-20-bijeenkomst-samidoun.yaml &&
commit_on 'Incident aangepast' || exit 2
snapshot
test_expect incident-changed-without-reference 1 inside work git push -q origin main
test_assert 'incident-changed-without-reference: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# ---------------------------------------------------------------------
# 9. The register's screening lists: a new organisation is screened against
# the lists register.yaml names, read at the revision being checked; a
# possible match is refused until a screening settles it

mkdir -p work/screening &&
cat >work/screening/sanctions.json <<'JSON' &&
{"id": "NK-quds", "schema": "Organization", "properties": {"name": ["Al-Quds Benevolent Society"], "alias": ["Quds Charity Foundation"], "weakAlias": ["Qudsfonds"], "previousName": ["Palestine Relief Fund Europe"], "registrationNumber": ["KvK 6543 2109"]}, "datasets": ["eu_fsf"]}
{"id": "NK-person", "schema": "Person", "properties": {"name": ["Buurthuis De Linde"]}}
JSON
printf 'id,name,aliases,registration_number\nEU-7,Stichting Verre Vrienden,Verre Vrienden Foundation,\n' \
	>work/screening/eu.csv &&
commit_on 'Sanctielijsten toegevoegd' &&
sed -i 's/^rules:$/rules:\n  screening:\n    lists:\n      - screening\/sanctions.json\n      - screening\/eu.csv/' \
	work/schemas/register.yaml &&
commit_on 'Nieuwe organisaties worden gescreend op de sanctielijsten

Reference: besluit DG SI, 1 juli 2025' || exit 2
test_expect lists-configured 0 inside work git push -q origin main

# listed ID CASE NAME [MORE YAML]: a new organisation alone, pushed; refused
listed() {
	organisation "$1" "$3" "${4:-}" && commit_on "Nieuwe organisatie ($2)" || exit 2
	snapshot
	test_expect "$2" 1 inside work git push -q origin main
	test_assert "$2: the server is unchanged" unchanged
	git -C work reset -q --hard origin/main || exit 2
}

listed quds list-name 'Al-Quds Benevolent Society'
listed quds list-lookalike 'Al-Quds B\u0435nevol\u0435nt S\u043eciety'
listed quds list-alias-only 'Stichting Quds Charity Foundation'
listed quds list-weak-alias-only 'Qudsfonds'
listed quds list-previous-name-only 'Palestine Relief Fund Europe'
listed quds list-registration-number 'Buurtcentrum Oost' 'kvk: "65432109"
'
listed vrienden list-csv 'Verre Vrienden'
listed vrienden list-csv-word-order 'Vrienden Verre'

# the same in the pre-commit hook and in a check of one commit
organisation quds 'Quds Charity Foundation' && (cd work && git add -A) || exit 2
test_expect list-pre-commit 1 inside work "$OPENREG" check --staged
commit_on 'Nieuwe organisatie' || exit 2
test_expect list-check-rev 1 inside work "$OPENREG" check --rev HEAD
git -C work reset -q --hard origin/main || exit 2
organisation quds 'Quds Charity Foundation' || exit 2
test_expect list-check-worktree 1 inside work "$OPENREG" check
rm work/records/organisations/quds.yaml || exit 2

# a name changed in a later push is screened like a new organisation
organisation linde 'Buurthuis De Linde' && commit_on 'Nieuwe organisatie' || exit 2
test_expect control-list-unrelated-name 0 inside work git push -q origin main
listed linde list-renamed-later 'Buurthuis De Linde' 'aliases:
  - Quds Charity Foundation
'

# the entity taken off the list in the same push as the organisation comes:
# the list as the push found it applies as well
sed -i '/NK-quds/d' work/screening/sanctions.json && commit_on 'Lijst bijgewerkt' || exit 2
listed quds list-entry-removed-same-push 'Quds Charity Foundation'

# a generic word added weakens the rules too (nederland is one already)
sed -i '/^rules:$/,$ s/^  exclusion:$/  exclusion:\n    generic-words: [nederland, samidoun]/' work/schemas/register.yaml &&
commit_on 'Generieke woorden

Reference: besluit DG SI, 2 juli 2025' || exit 2
snapshot
test_expect generic-word-added-quietly 1 inside work git push -q origin main
test_assert 'generic-word-added-quietly: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# a list taken out of the rules weakens them: that needs a Policy-Change: trailer
sed -i '/screening\/sanctions.json/d' work/schemas/register.yaml &&
commit_on 'Sanctielijst niet meer gebruikt

Reference: besluit DG SI, 2 juli 2025' || exit 2
snapshot
test_expect list-taken-out-quietly 1 inside work git push -q origin main
test_assert 'list-taken-out-quietly: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2

# the list taken out of the rules in the same push: the rules in force apply
sed -i '/screening\/sanctions.json/d' work/schemas/register.yaml &&
commit_on 'Sanctielijst niet meer gebruikt

Reference: besluit DG SI, 2 juli 2025
Policy-Change: de lijst is vervangen' && git -C work rm -q screening/sanctions.json || exit 2
listed quds list-removed-same-push 'Quds Charity Foundation'

# a list the rules name must be there
git -C work rm -q screening/eu.csv && commit_on 'Lijst verwijderd' || exit 2
snapshot
test_expect list-missing 1 inside work git push -q origin main
test_assert 'list-missing: the server is unchanged' unchanged
git -C work reset -q --hard origin/main || exit 2
printf 'naam,alias\nVerre Vrienden,\n' >work/screening/eu.csv && commit_on 'Lijst vervangen' || exit 2
test_expect control-list-not-read-without-new-organisation 0 inside work git push -q origin main
listed oost list-unreadable 'Buurthuis Oost'

# seven entities alike: the five closest are findings, the rest counted
printf 'id,name\nEU-1,Verre Vrienden\nEU-2,Stichting Verre Vrienden\nEU-3,Vrienden Verre\nEU-4,Verre-Vrienden\nEU-5,VERRE VRIENDEN\nEU-6,Verre Vrienden B.V.\nEU-7,Verre Vrienden U.A.\n' \
	>work/screening/eu.csv && commit_on 'Lijst hersteld' || exit 2
test_expect control-list-repaired 0 inside work git push -q origin main
listed vrienden list-many-entities 'Verre Vrienden'

# control: a screening settles it, in the same push
cat >work/records/screenings/2025-07-01-quds.yaml <<'EOF' &&
organisation: quds
date: 2025-07-01
outcome: geen-match
rationale: Een Utrechtse stichting met dezelfde naam; KvK-nummer en bestuur verschillen van de vermelde organisatie.
decided-by: integriteitscoördinator SZW
sources:
  - list: screening/sanctions.json
    date: 2025-07-01
EOF
organisation quds 'Quds Charity Foundation' && commit_on 'Screening en nieuwe organisatie' || exit 2
test_expect control-list-settled-by-screening 0 inside work git push -q origin main

test_done
