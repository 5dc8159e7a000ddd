#!/bin/sh
# t1010-screen: openreg screen on the sample register, against a
# FollowTheMoney JSON-lines file and a CSV list: every candidate with its
# source, level, score and reason, best first; exit 1 when something
# compares, 0 when nothing does, 2 for usage.  Hostile lines (not JSON,
# other schemas, controls in names, a runaway quote) neither crash nor
# reach the terminal raw.
. "$(dirname "$0")/lib.sh"

# "today", for the exclusions screened without --as-of or --rev: 2025-09-01
SOURCE_DATE_EPOCH=1756728000
export SOURCE_DATE_EPOCH

new_register reg &&
cp -R "$SRC/records/." reg/records/ &&
commit_all reg -q -m 'Register' || exit 2
cd reg || exit 2

cat >../list.json <<'JSON'
{"id": "NK-samidoun", "schema": "Organization", "properties": {"name": ["Samidoun Palestinian Prisoner Solidarity Network"], "alias": ["Samidoun", "\u202enuodimaS"]}, "datasets": ["eu_fsf"]}
{"id": "NK-person", "schema": "Person", "properties": {"name": ["Samidoun"]}}
{"id": "NK-acme", "schema": "Company", "properties": {"name": ["Acme Holding B.V."], "registrationNumber": ["KvK 4123 4567"]}}
not json at all
{"id": "NK-bell", "schema": "LegalEntity", "properties": {"name": ["Sami\u0007doun \u001b[31mred"]}}
[1, 2, 3]
{"id": "NK-deep", "schema": "Organization", "properties": {"name": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}
{"id": "NK-public", "schema": "PublicBody", "properties": {"name": ["Gemeente Rotterdam"], "previousName": ["Samidoun Nederland"]}}
JSON
printf 'id,name,aliases,registration_number\nC1,"Stichting Samidoen, Zuid",Samidoen;Samidoun Zuid,\nC2,Acme,,41234567\nC3,De Brug,,\nC4,Stichting Nederland,,\nC5,Horizon Jongerencentrum,,\n' >../list.csv
printf 'naam,alias\nX,Y\n' >../no-name.csv
printf 'id,name\nQ1,"never closed\n' >../open-quote.csv

test_expect fullwidth-name 1 openreg screen 'Ｓａｍｉｄｏｕｎ' --list ../list.json --list ../list.csv
test_expect json-format 1 openreg screen 'Stichting Sami-doun Zuid' --list ../list.csv --list ../list.json --format json
test_expect kvk 1 openreg screen 'Iets Anders' --kvk 41234567 --list ../list.json --list ../list.csv
test_expect organisation-record 1 openreg screen --organisation stichting-brug --list ../list.csv
test_expect nothing-compares 0 openreg screen 'Taalhuis Utrecht' --list ../list.json --list ../list.csv
# a listed name that is one generic word once its legal form is dropped is not in every "... Nederland"
test_expect generic-word-alone 0 openreg screen 'Vluchtelingenwerk Nederland' --list ../list.csv
test_expect generic-word-same-name 1 openreg screen 'Nederland' --list ../list.csv
test_expect as-of 1 openreg screen 'Samidoun' --as-of 2024-01-03
# valid time: an exclusion lifted by the day screened for is reported as lifted
# and alone does not fail; one not yet in force is upcoming and does
test_expect lifted-today 0 openreg screen 'Jongerencentrum Horizon'
test_expect lifted-json 0 openreg screen 'Jongerencentrum Horizon' --format json
test_expect in-force-as-of 1 openreg screen 'Jongerencentrum Horizon' --as-of 2024-01-03
test_expect in-force-at-rev 1 openreg screen 'Jongerencentrum Horizon' --rev HEAD
test_expect upcoming-as-of 1 openreg screen 'Anatolische Stem' --as-of 2024-01-03 --format json
test_expect lifted-after-current 1 openreg screen 'Jongerencentrum Horizon' --list ../list.csv
test_expect csv-without-name 2 openreg screen 'Samidoun' --list ../no-name.csv
test_expect csv-open-quote 2 openreg screen 'Samidoun' --list ../open-quote.csv
test_expect missing-list 2 openreg screen 'Samidoun' --list ../nope.json
test_expect usage-no-name 2 openreg screen
test_expect usage-both 2 openreg screen 'Samidoun' --organisation stichting-brug
test_expect unknown-organisation 2 openreg screen --organisation geen-idee
test_assert 'no control character reaches the terminal' \
	sh -c '! LC_ALL=C grep -q "$(printf "[\001-\010\033]")" "$1"/*.out' - "$TRASH"

test_done
