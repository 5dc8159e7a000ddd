#!/bin/sh
# t1600-options: the one option parser of every command: --opt VALUE,
# --opt=VALUE, -xVALUE, clusters, options after operands, "--", and the
# usage errors (exit 2) for what it does not accept; -h from the tables.
. "$(dirname "$0")/lib.sh"

new_register reg &&
cp -R "$SRC/records/." reg/records/ &&
commit_all reg -m 'The sample register' -m 'Reference: Kamerstuk 32 824, nr. 445' &&
cd reg || exit 2
ORG=records/organisations/stichting-brug.yaml

# the same answer however the value is attached
test_expect format-separate 0 openreg validate --format json
test_expect format-equals 0 openreg validate --format=json
test_assert "--format=json is --format json" cmp -s "$TRASH/format-separate.out" "$TRASH/format-equals.out"
test_expect format-after-operand 0 openreg validate records --format json
test_assert "an option after an operand counts" cmp -s "$TRASH/format-separate.out" "$TRASH/format-after-operand.out"
test_expect jobs-attached 0 openreg check -j2
test_expect jobs-separate 0 openreg check -j 2
test_expect jobs-long-equals 0 openreg check --jobs=2
test_expect jobs-zero 2 openreg check -j0
test_expect jobs-not-number 2 openreg check --jobs two
test_expect output-short-attached 0 openreg overview --year 2024 -oov.md
test_assert "-oFILE wrote FILE" test -s ov.md
test_expect output-long-equals 0 openreg overview --year=2024 --output=ov2.md
test_assert "--output=FILE wrote the same document" cmp -s ov.md ov2.md

# "--" ends the options: what follows is an operand, even if it looks like one
test_expect dash-dash-operand 2 openreg validate -- --format
test_expect dash-dash-then-file 0 openreg validate -- "$ORG"

# usage errors: one line saying what is wrong, the synopsis, exit 2
test_expect unknown-long 2 openreg show --frobnicate "$ORG"
test_expect unknown-long-with-value 2 openreg show --frobnicate=1 "$ORG"
test_expect unknown-short 2 openreg log -x "$ORG"
test_expect unknown-in-cluster 2 openreg check -xj2
test_expect flag-given-value 2 openreg log --confidential=yes "$ORG"
test_expect missing-value-choices 2 openreg log "$ORG" --format
test_expect missing-value-plain 2 openreg show "$ORG" --rev
test_expect bad-choice 2 openreg diff HEAD --format=xml
test_expect empty-choice 2 openreg diff HEAD --format=
test_expect empty-value-separate 2 openreg show "$ORG" --rev ""
test_expect empty-value-equals 2 openreg check --commit-msg=
test_expect empty-value-short 2 openreg overview --year 2024 -o ""
# no option of any command takes an empty value: the parser says so, before the command looks at it
for c in $(openreg help --commands); do
	for o in $(openreg help --options "$c" | sed -n 's/^\(--[a-z-]*\)	.*/\1/p'); do
		doc=; [ "$c" = publish ] && doc=overview # publish names its document first
		openreg "$c" $doc "$o=" >/dev/null 2>"$TRASH/empty.err"
		status=$?
		test_assert "$c $o= is a usage error from the parser" \
			test "$status" = 2 -a "$(grep -c "^openreg: $o takes " "$TRASH/empty.err")" = 1
	done
done
test_expect choice-case-matters 2 openreg validate --format JSON
test_expect prefix-not-accepted 2 openreg validate --form json
test_expect too-many-operands 2 openreg show "$ORG" "$ORG"
test_expect hooks-run-options-elsewhere 2 openreg hooks --force run pre-commit

# a lone "-" is an operand, not an option
test_expect lone-dash 2 openreg show -

# -h and --help of every command, from its table; "help CMD" prints the same
for c in $(openreg help --commands); do
	test_expect "help-$c" 0 openreg "$c" -h
	openreg "$c" --help >"$TRASH/long-$c.out" 2>&1
	test_assert "$c --help is $c -h" cmp -s "$TRASH/help-$c.out" "$TRASH/long-$c.out"
	openreg help "$c" >"$TRASH/helpcmd-$c.out" 2>&1
	test_assert "help $c is $c -h" cmp -s "$TRASH/help-$c.out" "$TRASH/helpcmd-$c.out"
done
test_expect help-after-bad-option 2 openreg validate --frobnicate -h
test_expect help-commands 0 openreg help --commands
test_expect help-options-check 0 openreg help --options check
test_expect help-options-nothing 2 openreg help --options

test_done
