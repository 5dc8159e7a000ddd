#!/bin/sh
# Hostile YAML: each refused with the exact finding, none crashes, hangs or
# exhausts memory (the suite also runs under the sanitizers and valgrind).
. "$(dirname "$0")/lib.sh"

new_register reg &&
mkdir -p reg/records/organisations || exit 2
cd reg
o=records/organisations

# an alias bomb ("billion laughs"): the first alias is refused, nothing expands
{
	echo 'name: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	for x in b c d e f g h i; do
		prev=$(echo abcdefgh | cut -c$(( $(printf '%d' "'$x") - 97 )))
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "$x" "$x" "$prev" "$prev" "$prev" "$prev" \
			"$prev" "$prev" "$prev" "$prev" "$prev"
	done
	echo 'kind: overig'
} > $o/alias-bomb.yaml
test_expect alias-bomb 1 timeout 10 "$OPENREG" validate $o/alias-bomb.yaml

# 10,000 levels of nesting
awk 'BEGIN { printf "name: x\nkind: overig\nnotes: "; for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }' \
	> $o/deep.yaml
test_expect deep-nesting 1 timeout 10 "$OPENREG" validate $o/deep.yaml

# a 100 MB value: refused by size without being read
{ printf 'name: '; head -c 100000000 /dev/zero | tr '\0' a; echo; } > $o/huge.yaml
test_expect hundred-megabyte-scalar 1 timeout 10 "$OPENREG" validate $o/huge.yaml
rm -f $o/huge.yaml

# a key of a million bytes
{ head -c 1000000 /dev/zero | tr '\0' k; printf ': 1\nname: x\nkind: overig\n'; } > $o/long-key.yaml
test_expect megabyte-key 1 timeout 10 "$OPENREG" validate $o/long-key.yaml

# a very long line that is still within the limits, and one over them
{ printf 'name: x\nkind: overig\nnotes: "'; head -c 60000 /dev/zero | tr '\0' n; printf '"\n'; } > $o/long-line.yaml
# (loaded: the only finding is the schema's maximum length for notes)
test_expect long-line-within-limits 1 "$OPENREG" validate $o/long-line.yaml
{ printf 'name: x\nkind: overig\nnotes: "'; head -c 500000 /dev/zero | tr '\0' n; printf '"\n'; } > $o/longer-line.yaml
test_expect long-line-over-the-limit 1 "$OPENREG" validate $o/longer-line.yaml
rm -f $o/*

# encodings: invalid UTF-8, an overlong form, a lone surrogate escape, a NUL byte,
# a UTF-16 byte-order mark; and what is accepted: a UTF-8 BOM, CRLF and CR line ends
printf 'name: caf\351\nkind: overig\n' > $o/latin1.yaml
printf 'name: \300\257\nkind: overig\n' > $o/overlong.yaml
printf 'name: "\\udc00"\nkind: overig\n' > $o/surrogate.yaml
printf 'name: a\000b\nkind: overig\n' > $o/nul.yaml
printf '\377\376n\000a\000' > $o/utf16.yaml
printf '\357\273\277name: bom\r\nkind: overig\r\n' > $o/bom-crlf.yaml
printf 'name: cr\rkind: overig\r' > $o/cr.yaml
printf 'name: x\nkind:\toverig\naliases:\n\t- y\n' > $o/tabs.yaml
test_expect encodings 1 "$OPENREG" validate

test_done
