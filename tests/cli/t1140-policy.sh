#!/bin/sh
# t1140-policy: the policy is judged by the policy in force.  A commit that
# changes schemas/ changes nothing else and carries a Reference: trailer;
# a weakening also says why in Policy-Change:, and even then applies only
# from the next push: a pushed record passes the rules of the branch as it
# stood before the push as well as its own.
. "$(dirname "$0")/history-lib.sh"

setup_server || exit 2

# why TEXT: the Reference: and Policy-Change: trailers, in one paragraph
why() { printf '%s\nPolicy-Change: %s' "$REF" "$1"; }

samidoun_contact() {
	organisation samidoun-nl 'Samidoen' &&
	contact 2025-06-10-overleg-samidoun 2025-06-10 samidoun-nl
}

# ---------------------------------------------------------------------
# 1. a legal form 'samidoun', with a Samidoun contact

add_legal_form() {
	# (names compare by their folded forms too, so a legal form can no
	# longer make an excluded name pass; a lower distance can)
	sed -i 's/^    close-name-distance: 2 /    close-name-distance: 0 /' work/schemas/register.yaml
}
add_legal_form && samidoun_contact &&
commit 'Samidoun als rechtsvorm, en een overleg' && name_commit HEAD legal-form-with-contact || exit 2
test_assert 'under its own rules the commit is clean' inside work openreg check --rev HEAD
test_expect legal-form-with-contact 1 push main
test_assert 'main did not move' unchanged_main origin/main
test_expect legal-form-with-contact-check 1 inside work openreg check --range origin/main..main
reset_work || exit 2

# the same in two commits, the rule with both trailers: the contact is
# still judged by the rules before the push
add_legal_form &&
commit 'Samidoun als rechtsvorm' -m "$(why 'proef')" && name_commit HEAD legal-form ||
	exit 2
samidoun_contact && commit 'Overleg met Samidoun' && name_commit HEAD contact-after-rule || exit 2
test_expect legal-form-then-contact 1 push main
reset_work || exit 2

# a weakening without Policy-Change:, and a change of schemas/ without Reference:
add_legal_form && commit 'Samidoun als rechtsvorm' -m "$REF" && name_commit HEAD no-reason || exit 2
test_expect weakening-without-reason 1 push main
reset_work || exit 2
sed -i 's/^close-name-distance: 2 /close-name-distance: 3 /' work/schemas/register.yaml &&
sed -i 's/^    close-name-distance: 2 /    close-name-distance: 3 /' work/schemas/register.yaml &&
commit 'Strenger vergelijken' && name_commit HEAD no-reference || exit 2
test_expect schemas-without-reference 1 push main
reset_work || exit 2

# ---------------------------------------------------------------------
# 2. the exclusions' folder renamed, the five exclusions deleted, and a
# Samidoun contact

sed -i 's/^    folder: exclusions .*$/    folder: uitsluitingen/' work/schemas/register.yaml &&
git -C work rm -q -r records/exclusions && samidoun_contact &&
commit 'Uitsluitingen elders' -m "$(why 'nieuwe indeling')" && name_commit HEAD folder-renamed ||
	exit 2
test_assert 'under its own rules the commit is clean' inside work openreg check --rev HEAD
test_expect folder-renamed 1 push main
reset_work || exit 2

# ---------------------------------------------------------------------
# 3. the privacy patterns emptied and the subject made public, with a BSN in it

sed -i 's/^    patterns: \[bsn, email, phone, iban\]/    patterns: []/' work/schemas/register.yaml &&
awk '/^  subject:$/ { s = 1 } s && /^    x-visibility: confidential$/ { print "    x-visibility: public"; s = 0; next } { print }' \
	work/schemas/contact.schema.yaml >x && mv x work/schemas/contact.schema.yaml &&
sed -i 's/^    x-visibility: confidential$/    x-visibility: public/' work/schemas/contact.schema.yaml &&
commit 'Openbaarheid' -m "$(why 'alles openbaar')" && name_commit HEAD public || exit 2
contact 2025-06-11-overleg-brug 2025-06-11 stichting-brug &&
printf 'subject: Overleg met de voorzitter, BSN 111222333, tel 06-12345678\n' >>work/records/contacts/2025/2025-06-11-overleg-brug.yaml &&
commit 'Overleg met De Brug' && name_commit HEAD bsn || exit 2
test_assert 'under its own rules the BSN is allowed' inside work openreg check --rev HEAD
test_expect privacy-weakened 1 push main
reset_work || exit 2
# the same weakening without Policy-Change: says what it weakens
git -C work checkout -q "$(sed -n 's/ <public>$//p' names)" -- schemas &&
commit 'Openbaarheid' -m "$REF" && name_commit HEAD public-no-reason || exit 2
test_expect privacy-weakened-without-reason 1 push main
reset_work || exit 2
# a type made public by default: the message names the new and the old visibility
awk '/^  contact:$/ { s = 1 } s && /^    visibility: confidential$/ { print "    visibility: public"; s = 0; next } { print }' \
	work/schemas/register.yaml >x && mv x work/schemas/register.yaml &&
commit 'Contacten openbaar' -m "$REF" && name_commit HEAD type-public-no-reason || exit 2
test_expect type-made-public-without-reason 1 push main
reset_work || exit 2

# ---------------------------------------------------------------------
# controls: a policy change alone with its trailers; used in the next push

awk '{ print } /^      - [{]const: gelijke-kansen,/ && !d { print "      - {const: veiligheid, title: veiligheid, x-title-en: security}"; d = 1 }' \
	work/schemas/contact.schema.yaml >x && mv x work/schemas/contact.schema.yaml &&
commit 'Thema veiligheid' -m "$(why 'nieuw thema in de Actieagenda')" || exit 2
test_expect policy-change-alone 0 push main
contact 2025-06-12-overleg-brug 2025-06-12 stichting-brug &&
sed -i 's/^  - taal$/  - veiligheid/' work/records/contacts/2025/2025-06-12-overleg-brug.yaml &&
commit 'Overleg over veiligheid' || exit 2
test_expect policy-used-next-push 0 push main
# a stricter rule needs no reason, only a reference
sed -i 's/^    close-name-distance: 2 /    close-name-distance: 3 /' work/schemas/register.yaml &&
commit 'Strenger vergelijken' -m "$REF" || exit 2
test_expect stricter-rule 0 push main

test_done
