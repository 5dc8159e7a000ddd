#!/bin/sh
# t1680-messages: messages that say the fix: did you mean for enum values
# (a typo, or a difference of case only) and for record ids; the hint to
# quote a value that holds ': ' or starts with a YAML indicator; none of
# them where it would mislead.
. "$(dirname "$0")/lib.sh"

new_register reg && cd reg || exit 2
mkdir -p records/organisations records/contacts/2025
printf 'name: Stichting Samen Sterk\nkind: zelforganisatie\n' >records/organisations/stichting-samen-sterk.yaml
printf 'name: Gemeente Utrecht\nkind: gemeente\n' >records/organisations/gemeente-utrecht.yaml

contact() { # FILE ORGANISATION KIND
	printf 'date: 2025-05-01\norganisations:\n  - %s\nkind: %s\n' "$2" "$3" >"records/contacts/2025/$1.yaml"
}
contact 2025-05-01-typo stichting-samen-sterk structurel
contact 2025-05-01-case stichting-samen-sterk Structureel
contact 2025-05-01-far stichting-samen-sterk wekelijks
contact 2025-05-01-swap stichting-samen-sterk strcutureel
test_expect enum 1 openreg validate records/contacts

rm records/contacts/2025/*.yaml
contact 2025-05-02-id-typo stichting-samen-sterkk structureel
contact 2025-05-02-id-far stichting-onbekend structureel
contact 2025-05-02-id-short ab structureel
git add -A && git commit -q -m start || exit 2
test_expect ref 1 openreg check

rm records/contacts/2025/*.yaml
printf 'name: Werk: Nu\nkind: overig\n' >records/organisations/werk-nu.yaml
printf 'name: Thuis\nkind: overig\ncity: @home\n' >records/organisations/thuis.yaml
printf 'name: Ster\nkind: overig\ncity: *ster\n' >records/organisations/ster.yaml
printf 'name: "Werk: Nu"\nkind: overig\nnotes: a: b\n' >records/organisations/notes.yaml
printf 'name: Sleutel\nkind: overig\nnaam van de stichting die hier staat\n  : x\n' >records/organisations/sleutel.yaml
test_expect quote-hints 1 openreg validate records/organisations

test_done
