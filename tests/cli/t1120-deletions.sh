#!/bin/sh
# t1120-deletions: nothing that mattered is deleted, over the whole
# first-parent history of the branch.  A contact is withdrawn, never
# deleted; a partnership period is ended or withdrawn, never removed; an
# organisation that any contact or partnership ever referred to stays,
# also when what referred to it went long ago; deleting in two steps does
# not get round it.
. "$(dirname "$0")/history-lib.sh"

# The history before the server's rules: Shanti's only contact went, and
# Werkbedrijf Midden-Utrecht's partnership and contacts, in the register's
# early days.
new_register work &&
cp -R "$SRC/records/." work/records/ &&
commit "Register: the sample records" -m "$REF" &&
git -C work rm -q records/contacts/2024/2024-06-25-telefonisch-tempelvereniging-shanti.yaml &&
commit 'Contact met Shanti verwijderd' &&
awk '/^partnerships:/ { skip = 1; next } skip && /^[^ ]/ { skip = 0 } !skip' \
	work/records/organisations/werkbedrijf-midden-utrecht.yaml >x &&
mv x work/records/organisations/werkbedrijf-midden-utrecht.yaml &&
(cd work && grep -rl -e '- werkbedrijf-midden-utrecht$' records/contacts | xargs git rm -q) &&
commit 'Werkbedrijf Midden-Utrecht eruit' &&
name_commit HEAD early &&
git init -q --bare server.git &&
(cd server.git && openreg hooks install --server >/dev/null) &&
git -C work remote add origin ../server.git &&
git -C work push -q origin main || exit 2
test_assert 'the organisations are no longer referred to at the tip' sh -c '
	! grep -rq -e "- tempelvereniging-shanti\$" -e "- werkbedrijf-midden-utrecht\$" work/records/contacts &&
	! grep -q partnerships work/records/organisations/werkbedrijf-midden-utrecht.yaml'

# ---------------------------------------------------------------------
# an organisation that the history once referred to

git -C work rm -q records/organisations/tempelvereniging-shanti.yaml &&
commit 'Tempelvereniging Shanti opgeruimd' && name_commit HEAD delete-shanti || exit 2
test_expect org-once-referred 1 push main
test_assert 'Shanti stays on the server' unchanged_main origin/main
test_expect org-once-referred-check 1 inside work openreg check --range origin/main..main
reset_work || exit 2

git -C work rm -q records/organisations/werkbedrijf-midden-utrecht.yaml &&
commit 'Werkbedrijf opgeruimd' && name_commit HEAD delete-werkbedrijf || exit 2
test_expect org-once-partner 1 push main
reset_work || exit 2

# an organisation that nothing ever referred to may go
organisation stichting-nooit 'Stichting Nooit Gebruikt' && commit 'Stichting Nooit' && push main &&
git -C work reset -q --hard origin/main &&
git -C work rm -q records/organisations/stichting-nooit.yaml && commit 'Stichting Nooit opgeruimd' || exit 2
test_expect org-never-referred 0 push main

# ---------------------------------------------------------------------
# contacts

git -C work rm -q records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml &&
commit 'Werkbezoek Podium verwijderd' && name_commit HEAD delete-contact || exit 2
test_expect contact-deleted 1 push main
reset_work || exit 2

# two steps: the contacts first, the organisation in the next push
git -C work rm -q records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml &&
commit 'Stap 1: het contact' && name_commit HEAD step-1 || exit 2
test_expect two-step-first 1 push main
git -C work rm -q records/organisations/podium-de-ontmoeting.yaml &&
commit 'Stap 2: de organisatie' && name_commit HEAD step-2 || exit 2
test_expect two-step-together 1 push main
reset_work || exit 2

# control: a withdrawn contact
f=work/records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml
printf 'withdrawn:\n  date: 2025-10-01\n  reason: dubbel ingevoerd, zie het werkbezoek van 23 september\n' >>"$f" &&
commit 'Werkbezoek Podium ingetrokken' || exit 2
test_expect contact-withdrawn 0 push main
test_expect withdrawn-without-reason 1 inside work sh -c '
	sed "/reason:/d" records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml >x &&
	mv x records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml && "$0" validate' "$OPENREG"
reset_work || exit 2

# control: a contact moved to the year of its corrected date is not deleted
git -C work mv records/contacts/2025/2025-01-14-kwartaaloverleg-werkplaats.yaml \
	records/contacts/2024/2025-01-14-kwartaaloverleg-werkplaats.yaml &&
sed -i 's/^date: 2025-01-14$/date: 2024-12-30/' work/records/contacts/2024/2025-01-14-kwartaaloverleg-werkplaats.yaml &&
commit 'Kwartaaloverleg: de datum was 30 december' || exit 2
test_expect contact-moved 0 push main

# ---------------------------------------------------------------------
# partnership periods

f=work/records/organisations/stichting-brug.yaml
awk '/^partnerships:/ { skip = 1; next } skip && /^[^ ]/ { skip = 0 } !skip' "$f" >x && mv x "$f" &&
commit 'Partnerschap De Brug eruit' && name_commit HEAD remove-period || exit 2
test_expect period-removed 1 push main
reset_work || exit 2

# its from changed is a removal too
sed -i '0,/^  - from: \(.*\)$/s//  - from: 2020-01-01/' "$f" &&
commit 'Partnerschap De Brug: andere begindatum' && name_commit HEAD move-period || exit 2
test_expect period-from-changed 1 push main
reset_work || exit 2

# controls: a period ended with until; a period withdrawn
awk '{ print } /^  - from:/ && !done { print "    until: 2025-12-31"; done = 1 }' "$f" >x && mv x "$f" &&
commit 'Partnerschap De Brug beeindigd' || exit 2
test_expect period-ended 0 push main
awk '{ print } /^  - from:/ && !done { print "    withdrawn:\n      date: 2026-01-05\n      reason: nooit getekend"; done = 1 }' \
	"$f" >x && mv x "$f" &&
commit 'Partnerschap De Brug ingetrokken' || exit 2
test_expect period-withdrawn 0 push main

test_done
