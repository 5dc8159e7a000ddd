#!/bin/sh
# t1150-pre-commit: the laptop says what the server will say.  pre-commit
# applies the history rules that HEAD can judge to the index (deleted
# exclusions, contacts and referenced organisations, removed partnership
# periods, schemas/ changed together with records); commit-msg asks a
# change of schemas/ for its Reference: and Policy-Change: trailers.
. "$(dirname "$0")/history-lib.sh"

new_register work &&
cp -R "$SRC/records/." work/records/ &&
commit "Register: the sample records" -m "$REF" &&
git -C work rm -q records/contacts/2024/2024-06-25-telefonisch-tempelvereniging-shanti.yaml &&
commit 'Contact met Shanti verwijderd' || exit 2
(cd work && openreg hooks install >/dev/null) || exit 2

# try COMMIT-MESSAGE...: commit what is staged, with the hooks
try() { test_tick; inside work git commit -q "$@"; }
head_count() { git -C work rev-list --count HEAD; }
N=$(head_count)

git -C work rm -q records/exclusions/samidoun.yaml || exit 2
test_expect exclusion-deleted 1 try -m 'Samidoun eraf' -m "$REF"
git -C work reset -q --hard || exit 2

git -C work rm -q records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml || exit 2
test_expect contact-deleted 1 try -m 'Werkbezoek weg'
git -C work reset -q --hard || exit 2

git -C work rm -q records/organisations/tempelvereniging-shanti.yaml || exit 2
test_expect org-once-referred 1 try -m 'Shanti weg'
git -C work reset -q --hard || exit 2

f=work/records/organisations/stichting-brug.yaml
awk '/^partnerships:/ { skip = 1; next } skip && /^[^ ]/ { skip = 0 } !skip' "$f" >x && mv x "$f" &&
git -C work add -A || exit 2
test_expect period-removed 1 try -m 'Partnerschap weg'
git -C work reset -q --hard || exit 2

sed -i 's/^      - inc$/      - inc\n      - samidoun/' work/schemas/register.yaml &&
contact 2025-06-10-overleg-brug 2025-06-10 stichting-brug && git -C work add -A || exit 2
test_expect schemas-with-records 1 try -m 'Rechtsvorm en overleg' -m "$REF"
git -C work rm -q --cached records/contacts/2025/2025-06-10-overleg-brug.yaml &&
rm work/records/contacts/2025/2025-06-10-overleg-brug.yaml || exit 2
test_expect schemas-without-reference 1 try -m 'Rechtsvorm'
test_expect weakening-without-reason 1 try -m 'Rechtsvorm' -m "$REF"
test_assert 'nothing was committed' sh -c "test \"\$(git -C work rev-list --count HEAD)\" = $N"
test_expect weakening-with-reason 0 try -m 'Rechtsvorm' -m "$REF
Policy-Change: een proef"

# control: a withdrawn contact
printf 'withdrawn:\n  date: 2025-10-01\n  reason: dubbel ingevoerd\n' \
	>>work/records/contacts/2025/2025-09-23-werkbezoek-podium-de-ontmoeting.yaml &&
git -C work add -A || exit 2
test_expect contact-withdrawn 0 try -m 'Werkbezoek ingetrokken'

test_done
