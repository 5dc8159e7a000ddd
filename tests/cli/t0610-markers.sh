#!/bin/sh
# Safety: a register whose every confidential and personal field holds a
# unique marker.  No public document, in any format or language, may hold
# a MARK-CONF or MARK-PERS marker; no document at all may hold a MARK-PERS.
. "$(dirname "$0")/lib.sh"

new_register reg || exit 2
cd reg || exit 2
# the shipped schemas hold no personal field; a register may configure one
sed -i 's/^properties:$/properties:\n  contact-person:\n    type: string\n    x-visibility: personal\n    x-allow: [person-name, email, phone]/' \
	schemas/contact.schema.yaml
mkdir -p records/organisations records/contacts/2024 records/exclusions

# a public partner with confidential notes
cat > records/organisations/partner-open.yaml <<'YAML'
name: Stichting Open Partner
aliases:
  - Open Partner
kvk: "12345678"
kind: maatschappelijke-organisatie
city: Utrecht
website: https://open.example
partnerships:
  - from: 2024-01-01
    themes:
      - taal
    endorsed: 2023-12-01
    agreement: SZW-2024-0001
notes: MARK-CONF-1
YAML
# a confidential organisation: everything of it is confidential
cat > records/organisations/partner-geheim.yaml <<'YAML'
name: MARK-CONF-2 Geheime Partner
aliases:
  - MARK-CONF-3
kvk: "87654321"
kind: zelforganisatie
city: MARK-CONF-4
website: https://mark-conf-5.example
visibility: confidential
partnerships:
  - from: 2024-02-01
    themes:
      - werk
    endorsed: 2024-01-15
    agreement: MARK-CONF-6
notes: MARK-CONF-7
YAML
# a public organisation with structural contacts only
cat > records/organisations/buurthuis.yaml <<'YAML'
name: Buurthuis De Kern
kind: overig
city: Zwolle
notes: MARK-CONF-8
YAML
for n in 1 2 3; do
	cat > records/contacts/2024/2024-0$n-10-overleg-$n.yaml <<YAML
date: 2024-0$n-10
organisations:
  - partner-open
  - partner-geheim
  - buurthuis
kind: structureel
themes:
  - maatschappelijke-samenhang
form: overleg
subject: MARK-CONF-1$n
participants:
  - bestuur
  - wethouder
contact-person: MARK-PERS-$n, mevrouw MARK-PERS-1$n
unit: MARK-CONF-2$n
YAML
done
cat > records/contacts/2024/2024-05-10-signalering.yaml <<'YAML'
date: 2024-05-10
organisations:
  - buurthuis
kind: signalering
subject: MARK-CONF-30
participants:
  - medewerker
contact-person: MARK-PERS-30
unit: MARK-CONF-31
YAML
cat > records/exclusions/verboden.yaml <<'YAML'
name: Verboden Beweging Noord MARK-CONF-40
aliases:
  - Andere Verboden Naam MARK-CONF-41
kvk: "11223344"
grounds:
  - advies-veiligheidsdiensten
source: MARK-CONF-42
since: 2023-01-01
notes: MARK-CONF-43
YAML
test_tick
git add -A && git commit -q --no-verify -m "A register full of markers" -m "Reference: test" || exit 2

test_expect the-register-is-clean 0 openreg check

out=$TRASH/out
mkdir -p "$out"
for format in md html csv json; do
	for lang in nl en; do
		openreg overview --year 2024 --format $format --lang $lang >"$out/public-$lang.$format" 2>>"$out/stderr"
		openreg overview --year 2024 --format $format --lang $lang --confidential \
			>"$out/confidential-$lang.$format" 2>>"$out/stderr"
		openreg contacts --since 2023-01-01 --format $format --lang $lang >"$out/contacts-$lang.$format" 2>>"$out/stderr"
		openreg contacts --since 2023-01-01 --all-kinds --format $format --lang $lang \
			>"$out/contacts-all-$lang.$format" 2>>"$out/stderr"
	done
done

for f in "$out"/public-*; do
	test_assert "$(basename "$f"): no confidential or personal marker" sh -c '! grep -q "MARK-" "$1"' - "$f"
	test_assert "$(basename "$f"): the public partners are there" \
		sh -c 'grep -q "Stichting Open Partner" "$1" && grep -q "Buurthuis De Kern" "$1"' - "$f"
done
for f in "$out"/*; do
	test_assert "$(basename "$f"): no personal marker" sh -c '! grep -q "MARK-PERS" "$1"' - "$f"
done
# the markers are planted where confidential documents may show them: the test can fail
for f in "$out"/confidential-*; do
	test_assert "$(basename "$f"): shows the confidential organisation and notes" \
		sh -c 'grep -q "MARK-CONF-2" "$1" && grep -q "MARK-CONF-7" "$1"' - "$f"
done
test_assert "every document was made without complaint" sh -c '! [ -s "$1" ]' - "$out/stderr"

test_done
