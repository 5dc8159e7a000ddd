#!/bin/sh
# t1540-contacts-complete: the one-off confidential list holds every
# organisation contacted in the period according to the history: deleted
# ones too (with the deletion's commit and date), withdrawn contacts and
# incidents apart, whether an organisation is excluded now and how many of
# its contacts fell on days an exclusion held; the period ends at --until,
# else at the as-of date, and the document says so.
. "$(dirname "$0")/lib.sh"

sh "$SRC/tests/fixtures/demo-register.sh" demo >/dev/null || exit 2
cd demo || exit 2
git config user.name 'Rapporteur' && git config user.email r@szw.example
# a contact recorded in error and withdrawn; a contact with an excluded organisation, recorded as an incident
cat >records/contacts/2025/2025-05-20-dubbel.yaml <<'EOF2'
date: 2025-05-20
organisations: [kenniscentrum-taal]
kind: structureel
themes: [taal]
withdrawn:
  date: 2025-05-28
  reason: dubbel ingevoerd; zie 2025-03-11
EOF2
cat >records/contacts/2025/2025-05-21-bijeenkomst.yaml <<'EOF2'
date: 2025-05-21
organisations: [vereniging-nieuwe-buren, buurtnetwerk-oost]
kind: incidenteel
themes: [werk]
incident:
  explanation: Vereniging Nieuwe Buren sloot onaangekondigd aan bij een bijeenkomst
  reported-to: integriteitscoördinator
  reference: INC-2025-004
EOF2
git add -A && GIT_COMMITTER_DATE='2025-06-03T10:00:00+02:00' GIT_AUTHOR_DATE='2025-06-03T10:00:00+02:00' \
	git commit -q --no-verify -m 'Correcties en een incident' -m 'Reference: INC-2025-004' || exit 2

test_expect contacts-now 0 openreg contacts --since 2023-01-01
test_assert "the deleted organisation is listed, with its deletion" sh -c 'sed -n "/^## Sindsdien verwijderd/,/^## /p" "$1" |
	grep -q "^| Moskee Vrede | religieuze organisatie | Zaanstad | .* | [0-9a-f]\{40\} | 3 maart 2025 |$"' - "$TRASH/contacts-now.out"
test_assert "the withdrawn contact is not counted" sh -c 'grep -q "^| Kenniscentrum Taal | .* | 4 | 0 | 4 |" "$1"' - "$TRASH/contacts-now.out"
test_assert "the incident counts as a contact while excluded" sh -c 'grep -q "^| Vereniging Nieuwe Buren | .* | ja | 1 |$" "$1"' - "$TRASH/contacts-now.out"
test_expect contacts-tables 0 openreg contacts --since 2023-01-01 --format csv -o tables/
test_expect contacts-withdrawn-csv 0 cat tables/withdrawn.csv
test_expect contacts-incidents-csv 0 cat tables/incidents.csv
test_expect contacts-deleted-csv 0 cat tables/deleted.csv
# before the deletion the organisation is in the main list, and nothing is deleted yet
test_expect contacts-as-of-2024 0 openreg contacts --since 2023-01-01 --as-of 2024-12-31
test_assert "as of 2024-12-31 the period ends then, not at the commit's date" sh -c 'grep -q "^- Verslagperiode: 1 januari 2023 tot en met 31 december 2024$" "$1"' \
	- "$TRASH/contacts-as-of-2024.out"
test_expect contacts-until 0 openreg contacts --since 2023-01-01 --until 2023-12-31 --format json
test_expect contacts-datapackage 0 openreg contacts --since 2023-01-01 --format datapackage -o pkg
test_assert "the data package names the contacts tables" sh -c 'grep -q "\"name\": \"withdrawn\"" pkg/datapackage.json &&
	grep -q "\"name\": \"incidents\"" pkg/datapackage.json && test -s pkg/deleted.csv'
test_done
