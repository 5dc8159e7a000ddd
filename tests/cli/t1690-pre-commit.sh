#!/bin/sh
# t1690-pre-commit: .pre-commit-hooks.yaml is strict YAML that declares the
# two hooks, and each hook's entry, run as the pre-commit framework runs it
# (entry, then for commit-msg the message file), refuses what openreg's own
# hooks refuse and accepts the rest.
. "$(dirname "$0")/lib.sh"

MANIFEST=$SRC/.pre-commit-hooks.yaml
printf '%s\n' 'type: array' 'minItems: 2' 'items:' '  type: object' \
	'  required: [id, name, entry, language, stages]' '  properties:' \
	'    language: {const: system}' '    entry: {type: string, pattern: "^openreg "}' >manifest.schema.yaml
test_expect manifest 0 openreg validate --schema manifest.schema.yaml "$MANIFEST"

# entry ID: the hook's entry command
entry() {
	awk -v id="$1" '$0 == "- id: " id { on = 1; next } /^- id:/ { on = 0 } on && /^  entry:/ { sub(/^  entry: /, ""); print }' \
		"$MANIFEST"
}
test_assert "openreg-check runs check --staged" test "$(entry openreg-check)" = "openreg check --staged"
test_assert "openreg-commit-msg runs check --commit-msg" test "$(entry openreg-commit-msg)" = "openreg check --commit-msg"

git config --global init.defaultBranch main
test_tick
openreg init --template sample reg >/dev/null && cd reg || exit 2
PATH=$(dirname "$OPENREG"):$PATH

printf 'name: Stichting Nachtschade\ngrounds:\n  - advies-veiligheidsdiensten\nsource: Ambtsbericht\nsince: 2025-04-02\n' \
	>records/exclusions/stichting-nachtschade.yaml && git add records || exit 2
printf 'Uitsluiting Nachtschade\n' >msg-plain
printf 'Uitsluiting Nachtschade\n\nReference: Ambtsbericht AIVD\n' >msg-reference
test_expect staged-clean 0 $(entry openreg-check)
test_expect msg-without-reference 1 $(entry openreg-commit-msg) msg-plain
test_expect msg-with-reference 0 $(entry openreg-commit-msg) msg-reference
mkdir -p records/contacts/2025 &&
printf 'date: 2025-05-01\norganisations:\n  - nergens\nkind: structureel\n' >records/contacts/2025/2025-05-01-x.yaml &&
git add records || exit 2
test_expect staged-refused 1 $(entry openreg-check)

if command -v pre-commit >/dev/null 2>&1; then
	test_assert "pre-commit accepts the manifest" pre-commit validate-manifest "$MANIFEST"
else
	test_skip "pre-commit accepts the manifest" "the pre-commit framework is not installed"
fi

test_done
