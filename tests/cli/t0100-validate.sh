#!/bin/sh
# t0100-validate: openreg validate on whole registers, on paths, with
# --schema, its usage errors, and help and version.
. "$(dirname "$0")/lib.sh"

# at DIR ARGS...: run openreg ARGS in folder DIR.
at() {
	(d=$1; shift; cd "$d" && openreg "$@")
}

# scrubbed COMMAND...: run COMMAND with the trash folder's absolute path in
# its stderr replaced by TRASH, so that golden files hold no machine's path.
scrubbed() {
	"$@" 2>"$TRASH/scrubbed.err"
	scrubbed_status=$?
	sed "s|$TRASH|TRASH|g; s|${TRASH#/}|TRASH|g" "$TRASH/scrubbed.err" >&2
	return $scrubbed_status
}

# the sample register of the project, copied
new_register sample &&
cp -R "$SRC/records/." sample/records/ || exit 2

test_expect sample-clean 0 at sample validate
test_expect sample-clean-json 0 at sample validate --format json
test_expect sample-clean-format-equals 0 at sample validate --format=json
test_expect sample-dot 0 at sample validate .
test_expect sample-absolute-path 0 scrubbed at sample validate "$TRASH/sample/records/organisations"

# two broken files: every finding of both, sorted, in one run
new_register broken &&
cp -R "$SRC/records/." broken/records/ &&
sed -e 's/^kind: incidenteel$/kind: incidentel/' -e 's/^unit: .*/unit: bel 06-12345678/' \
	"$SRC/records/contacts/2024/2024-03-12-overleg-stichting-brug.yaml" \
	>broken/records/contacts/2024/2024-03-12-overleg-stichting-brug.yaml &&
sed -e 's/^kvk: "58213964"$/kvk: 58213964/' -e 's/^    endorsed: 2025-03-18$/    endorsed: 2025-04-18/' \
	"$SRC/records/organisations/stichting-brug.yaml" \
	>broken/records/organisations/stichting-brug.yaml || exit 2
cmp -s "$SRC/records/organisations/stichting-brug.yaml" broken/records/organisations/stichting-brug.yaml &&
	{ echo "the sed did not break stichting-brug.yaml" >&2; exit 2; }

test_expect two-broken-files 1 at broken validate
test_expect two-broken-files-json 1 at broken validate --format json
test_expect path-one-file 1 at broken validate records/organisations/stichting-brug.yaml
test_expect path-one-folder 1 at broken validate records/contacts
test_expect path-clean-folder 0 at broken validate records/exclusions
test_expect path-dot-slash 1 at broken validate ./records//organisations/
test_expect path-twice 1 at broken validate records/organisations/stichting-brug.yaml records/organisations/stichting-brug.yaml
test_expect path-nonexistent 2 at broken validate records/organisations/nope.yaml
test_expect path-outside 2 at broken validate ../x
test_expect path-absolute-outside 2 at broken validate /etc/hostname
test_expect path-in-subfolder 1 at broken/records validate organisations/stichting-brug.yaml

# usage errors
test_expect usage-unknown-option 2 at sample validate --frobnicate
test_expect usage-format-xml 2 at sample validate --format xml
test_expect usage-format-missing 2 at sample validate --format
test_expect usage-schema-without-files 2 at sample validate --schema x.schema.yaml
test_expect usage-schema-empty 2 at sample validate --schema= x.yaml
test_expect validate-help 0 at sample validate -h

# not a register
mkdir empty
test_expect no-register 2 at empty validate

# a register without records/ is an empty, clean register
new_register norecords && rmdir norecords/records
test_expect no-records-folder 0 at norecords validate

# a broken schema: an unknown keyword is an error where it is written
new_register badschema &&
cp -R "$SRC/records/." badschema/records/ &&
sed 's/^    minLength: 1$/    minLenght: 1/' "$SRC/schemas/contact.schema.yaml" >badschema/schemas/contact.schema.yaml || exit 2
test_expect schema-unknown-keyword 1 at badschema validate

# a broken register.yaml: an unknown key
new_register badconfig &&
cp -R "$SRC/records/." badconfig/records/ &&
sed 's/^records: records /recrods: records /' "$SRC/schemas/register.yaml" >badconfig/schemas/register.yaml || exit 2
test_expect register-unknown-key 1 at badconfig validate

# register.yaml names a schema that is not there
new_register noschema &&
rm noschema/schemas/exclusion.schema.yaml
test_expect register-missing-schema 1 at noschema validate

# --schema FILE: JSON Schema alone, any root value
mkdir s
cat >s/small.schema.yaml <<'EOS'
$schema: https://json-schema.org/draft/2020-12/schema
type: [object, number, array]
properties:
  name: {type: string, const: Samidoun}
  count: {type: integer, minimum: 1, maximum: 10}
  tags: {type: array, maxItems: 2, items: {type: string}}
  contact:
    oneOf:
      - {type: string, pattern: '^[a-z]+$'}
      - {type: string, minLength: 5}
  reference:
    anyOf:
      - {type: string}
      - {type: integer}
  status:
    not: {enum: [deleted]}
  period: {$ref: '#/$defs/period'}
items: {type: number}
minimum: 0
$defs:
  period:
    allOf:
      - {type: object, required: [from]}
      - {properties: {from: {type: string, format: date}}}
EOS
cat >s/good.yaml <<'EOS'
name: Samidoun
count: 10
tags: [a, b]
contact: abc
reference: 12
status: active
period: {from: 2024-02-29}
EOS
printf '{"name": "Samidoun", "count": 1, "contact": "ABCDEF", "reference": "x"}\n' >s/good.json
printf '42\n' >s/number.yaml
printf '[1, 2.5, 3]\n' >s/array.json
cat >s/bad.yaml <<'EOS'
name: Samidoen
count: 11
tags: [a, b, c]
contact: abcdef
reference: 1.5
status: deleted
period: {until: 2024-02-30}
EOS
printf '{"count": 0, "contact": "AB", "period": {"from": "2023-02-29"}}\n' >s/bad.json
printf -- '-1\n' >s/negative.yaml
printf '[1, "two"]\n' >s/array-bad.json
printf '"a string"\n' >s/string.json
printf 'a: [1\n' >s/broken.yaml

test_expect schema-valid-yaml 0 at s validate --schema small.schema.yaml good.yaml
test_expect schema-valid-json 0 at s validate --schema small.schema.yaml good.json
test_expect schema-valid-number 0 at s validate --schema small.schema.yaml number.yaml
test_expect schema-valid-array 0 at s validate --schema small.schema.yaml array.json
test_expect schema-valid-several 0 at s validate --schema=small.schema.yaml good.yaml good.json number.yaml array.json
test_expect schema-invalid-yaml 1 at s validate --schema small.schema.yaml bad.yaml
test_expect schema-invalid-json 1 at s validate --schema small.schema.yaml bad.json
test_expect schema-invalid-number 1 at s validate --schema small.schema.yaml negative.yaml
test_expect schema-invalid-array 1 at s validate --schema small.schema.yaml array-bad.json
test_expect schema-invalid-root-type 1 at s validate --schema small.schema.yaml string.json
test_expect schema-invalid-json-format 1 at s validate --format json --schema small.schema.yaml bad.json
test_expect schema-instance-not-yaml 1 at s validate --schema small.schema.yaml broken.yaml
test_expect schema-instance-missing 2 at s validate --schema small.schema.yaml nope.yaml
test_expect schema-file-missing 2 at s validate --schema nope.schema.yaml good.yaml
test_expect schema-file-broken 1 at s validate --schema broken.yaml good.yaml
test_expect schema-register-schema 1 at s validate --schema "$SRC/schemas/contact.schema.yaml" bad.yaml

# help and version
test_expect help 0 openreg help
test_expect help-validate 0 openreg help validate
test_expect help-unknown 2 openreg help frobnicate
test_expect dash-h 0 openreg -h
test_expect dash-dash-help 0 openreg --help
test_expect version 0 openreg version
test_expect dash-dash-version 0 openreg --version
test_expect version-extra-argument 2 openreg version now
test_expect no-command 2 openreg
test_expect unknown-command 2 openreg frobnicate

test_done
