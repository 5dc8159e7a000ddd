#!/bin/sh
# t1620-vocabulary: the schemas are standard JSON Schema 2020-12 for other
# validators too: Ajv in strict mode accepts every shipped schema once told
# of the extension keywords that schemas/openreg.meta.schema.yaml declares,
# and the meta-schema checks their values.  Needs node and npm (Ajv is
# installed into tests/trash/npm); skipped when they are missing or offline.
. "$(dirname "$0")/lib.sh"

META=$SRC/schemas/openreg.meta.schema.yaml
NPM_DIR=$SRC/tests/trash/npm
AJV_CHECK=$SRC/tests/cli/ajv-check.js

test_assert "every x- keyword of the schemas is declared in the meta-schema" sh -c '
	for k in $(grep -ho "^ *x-[a-z-]*:" "$1"/schemas/*.schema.yaml | tr -d " :" | sort -u); do
		grep -q "^  $k:" "$2" || { echo "$k is not declared" >&2; exit 1; }
	done' - "$SRC" "$META"

ajv_ready() {
	command -v node >/dev/null 2>&1 || return 1
	[ -d "$NPM_DIR/node_modules/ajv-formats" ] && return 0
	command -v npm >/dev/null 2>&1 || return 1
	mkdir -p "$NPM_DIR" &&
	timeout 300 npm install --prefix "$NPM_DIR" --cache "$NPM_DIR/.npm" --no-audit --no-fund --silent \
		ajv@8.20.0 ajv-formats@3.0.1 yaml@2.9.1 >"$TRASH/npm.log" 2>&1
}

if ! ajv_ready; then
	test_skip "Ajv strict accepts the shipped schemas" "node, npm or the npm registry is not available"
	test_skip "Ajv refuses a wrong x-visibility" "no Ajv"
	test_skip "Ajv strict refuses an undeclared x- keyword" "no Ajv"
	test_done
fi

ajv() {
	NODE_PATH=$NPM_DIR/node_modules node "$AJV_CHECK" "$META" "$@" >"$TRASH/ajv.out" 2>&1
	ajv_status=$?
	sed "s|$SRC/||; s|$TRASH/||" "$TRASH/ajv.out"
	return $ajv_status
}

schemas=$(ls "$SRC"/schemas/*.schema.yaml | grep -v '/openreg\.meta\.schema\.yaml$')
test_expect ajv-shipped 0 ajv $schemas
sed 's/^x-visibility: public$/x-visibility: secret/' "$SRC/schemas/organisation.schema.yaml" >bad-visibility.schema.yaml
test_assert "the sed made a wrong x-visibility" grep -q '^x-visibility: secret$' bad-visibility.schema.yaml
test_expect ajv-bad-visibility 1 ajv bad-visibility.schema.yaml
sed 's/^x-visibility: public$/x-colour: blue/' "$SRC/schemas/organisation.schema.yaml" >unknown.schema.yaml
test_expect ajv-unknown-keyword 1 ajv unknown.schema.yaml

test_done
