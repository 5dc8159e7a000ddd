#!/bin/sh
# Participants are recorded by role, never by name: every value of a field
# with x-roles is one of the roles of rules.privacy.roles in register.yaml,
# compared with case and accents aside.  A name, or an unknown word, is
# refused with its line and column, the roles allowed and the closest one;
# the name itself is not repeated.  Adding a role, or dropping x-roles,
# weakens the rules.
. "$(dirname "$0")/lib.sh"

new_register reg || exit 2
cd reg || exit 2
mkdir -p records/organisations records/contacts/2024
printf 'name: Stichting Partner\nkind: overig\n' > records/organisations/partner.yaml
test_tick
git add -A && git commit -q --no-verify -m "A partner" -m "Reference: test" || exit 2

participants() { # CASE STATUS VALUE...: a contact with these participants
	c=$1 st=$2
	shift 2
	f=records/contacts/2024/2024-03-01-overleg.yaml
	{
		printf 'date: 2024-03-01\norganisations: [partner]\nkind: structureel\nparticipants:\n'
		for p in "$@"; do printf '  - %s\n' "$p"; done
	} > "$f"
	test_expect "$c" "$st" openreg validate "$f"
	rm -f "$f"
}
participants roles 0 bestuur wethouder beleidsadviseur
participants roles-case-and-accents 0 Coördinator BESTUUR
participants name 1 'Ahmed El Amrani'
participants name-with-title 1 'dhr. A. de Vries'
participants unknown-word-close 1 directeur
participants unknown-word-far 1 ervaringsdeskundige
participants name-among-roles 1 bestuur 'Fatima' wethouder
participants fullwidth-name 1 'Ａｈｍｅｄ'
participants invisible-in-role 1 "$(printf 'best\342\200\213uur')"
# a flow sequence: the column is the value's
printf 'date: 2024-03-01\norganisations: [partner]\nkind: structureel\nparticipants: [bestuur, Jan Jansen]\n' \
	> records/contacts/2024/2024-03-01-flow.yaml
test_expect flow-sequence 1 openreg validate records/contacts/2024/2024-03-01-flow.yaml
rm records/contacts/2024/2024-03-01-flow.yaml

# the register's own list
cp schemas/register.yaml register.yaml.orig
sed -i 's/^    roles:$/    roles: [bestuur, ervaringsdeskundige]\n    old-roles:/' schemas/register.yaml
sed -i 's/^    old-roles:$//; /^      - [a-z]*$/d' schemas/register.yaml
test_assert "the list was replaced" grep -q 'roles: \[bestuur, ervaringsdeskundige\]' schemas/register.yaml
participants own-list 0 ervaringsdeskundige
participants own-list-refuses-default 1 wethouder
# a role that is no role
sed -i 's/roles: \[bestuur, ervaringsdeskundige\]/roles: [bestuur, Jan Jansen, bestuur, "", 12]/' schemas/register.yaml
test_expect bad-role-list 1 openreg validate
sed -i 's/^    roles: .*/    roles: bestuur/' schemas/register.yaml
test_expect role-list-not-a-list 1 openreg validate
cp register.yaml.orig schemas/register.yaml

# a role that is a given name is a name
sed -i 's/^      - bestuur$/      - bestuur\n      - ahmed/' schemas/register.yaml
test_expect role-is-a-given-name 1 openreg validate
cp register.yaml.orig schemas/register.yaml

# the register's own given names: after 'default', or instead of it
contact_subject() { # CASE STATUS SUBJECT
	printf 'date: 2024-03-01\norganisations: [partner]\nkind: structureel\nsubject: "%s"\n' "$3" \
		> records/contacts/2024/2024-03-01-overleg.yaml
	test_expect "$1" "$2" openreg validate records/contacts/2024/2024-03-01-overleg.yaml
	rm -f records/contacts/2024/2024-03-01-overleg.yaml
}
contact_subject own-given-name-unknown 0 'Overleg met Thijmen Bakker'
sed -i 's/^    given-names: \[default\]/    given-names: [default, Thijmen]/' schemas/register.yaml
contact_subject own-given-name 1 'Overleg met Thijmen Bakker'
contact_subject own-given-name-and-default 1 'Overleg met Fatima Bakker'
sed -i 's/^    given-names: .*/    given-names: [Thijmen]/' schemas/register.yaml
contact_subject own-given-names-only 0 'Overleg met Fatima Bakker'
sed -i 's/^    given-names: .*/    given-names: [default, "Jan Jansen", 12, x]/' schemas/register.yaml
test_expect bad-given-names 1 openreg validate
cp register.yaml.orig schemas/register.yaml

# without roles in register.yaml, the default list holds
sed -i '/^    roles:$/d; /^      - [a-z]*$/d' schemas/register.yaml
participants default-list 0 bestuur directie voorzitter coordinator wethouder beleidsadviseur onderzoeker \
	woordvoerder medewerker
cp register.yaml.orig schemas/register.yaml

# x-roles in a schema must be a boolean
sed -i 's/^    x-roles: true$/    x-roles: yes/' schemas/contact.schema.yaml
test_expect x-roles-not-boolean 1 openreg validate
git checkout -q schemas

# the change procedure: a role added, x-roles dropped
base=$(git rev-parse HEAD)
sed -i 's/^      - bestuur$/      - bestuur\n      - sleutelfiguur/' schemas/register.yaml
test_tick
git commit -q -a --no-verify -m "Een rol erbij" -m "Reference: besluit" || exit 2
test_expect role-added-weakens 1 openreg check --range "$base..HEAD"
git reset -q --hard "$base"
sed -i '/^    x-roles: true$/d' schemas/contact.schema.yaml
test_tick
git commit -q -a --no-verify -m "Deelnemers vrij" -m "Reference: besluit" || exit 2
test_expect x-roles-dropped-weakens 1 openreg check --range "$base..HEAD"
git reset -q --hard "$base"
sed -i 's/^    given-names: \[default\]/    given-names: [Thijmen]/' schemas/register.yaml
test_tick
git commit -q -a --no-verify -m "Minder namen" -m "Reference: besluit" || exit 2
test_expect given-names-taken-out-weakens 1 openreg check --range "$base..HEAD"
git reset -q --hard "$base"

test_assert "no finding repeats a name" sh -c '! grep -l -e Ahmed -e Amrani -e Fatima -e Jansen -e Vries "$1"/*.err' - "$TRASH"

test_done
