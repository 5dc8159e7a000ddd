#!/usr/bin/env bash
#
# sourcemeta.sh DIR - validate a register's records with @sourcemeta/jsonschema
# (npm; a native C++ validator): one "jsonschema validate SCHEMA FOLDER" per
# record type, --extension .yaml to pick up the records, --format-assertion so
# that "format: date" is asserted (2020-12 only annotates formats by default)
# and --fast (the schema compiled for speed rather than for error messages).
#
# It reads YAML itself and takes an unquoted 2024-03-05 for a string (as
# YAML 1.2 does), so it reads the same files as openreg and the floor.  The
# npm package's bin is a Node.js wrapper that spawns the native binary; this
# runs the binary itself (no Node.js start-up, and peak RSS is the validator's).
# Exit 0 when every record is valid.
set -u
[ $# -eq 1 ] || { echo "usage: sourcemeta.sh DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
pkg=$here/node_modules/@sourcemeta/jsonschema
bin=$pkg/build/github-releases/jsonschema-linux-$(uname -m)
[ -x "$bin" ] || bin=$here/node_modules/.bin/jsonschema
cd "$1" || exit 2
rc=0
for t in organisations:organisation contacts:contact exclusions:exclusion; do
	folder=${t%%:*} schema=${t#*:}
	[ -d "records/$folder" ] || continue
	"$bin" validate "schemas/$schema.schema.yaml" "records/$folder" \
		--extension .yaml --format-assertion --fast || rc=1
done
exit $rc
