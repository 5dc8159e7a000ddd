#!/usr/bin/env bash
#
# ajv-cli.sh DIR - validate a register's records with ajv-cli (npm), the way
# its users run it: one "ajv validate" per record type, with Ajv's 2020-12
# dialect (--spec=draft2020), the formats of ajv-formats (-c ajv-formats; so
# "format: date" is asserted) and --strict=false (strict mode refuses the
# schemas' x-visibility, x-ref ... annotations as unknown keywords).
#
# ajv-cli reads .yaml schemas and records itself, with js-yaml 3 (YAML 1.1:
# an unquoted 2024-03-05 becomes a Date and fails "type: string"), so give it
# a register generated with "genreg --quoted-dates".  Exit 0 when every record
# is valid; ajv-cli prints "<file> valid" or "<file> invalid" and the errors.
set -u
[ $# -eq 1 ] || { echo "usage: ajv-cli.sh DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
ajv=$here/node_modules/.bin/ajv
cd "$1" || exit 2
rc=0
for t in organisation:'records/organisations/*.yaml' \
	contact:'records/contacts/*/*.yaml' \
	exclusion:'records/exclusions/*.yaml'; do
	schema=${t%%:*} glob=${t#*:}
	# a type without records: ajv-cli would stop at an empty glob
	compgen -G "$glob" >/dev/null || continue
	"$ajv" validate --spec=draft2020 -c ajv-formats --strict=false \
		-s "schemas/$schema.schema.yaml" -d "$glob" || rc=1
done
exit $rc
