#!/bin/sh
# t1650-manual: every command in the command table has -h and a manual
# page with OPTIONS, EXIT STATUS, EXAMPLES and SEE ALSO; the options a page
# lists are exactly the options the program accepts (the common ones are in
# openreg(1)); every page renders without warnings; the README's synopsis
# lines are the program's.
. "$(dirname "$0")/lib.sh"

MAN=$SRC/cmd/man

# page_options PAGE: the options of the OPTIONS section (".It Fl -x , Fl y"), one a line, sorted
page_options() {
	awk '/^\.Sh /{ in_opts = ($2 == "OPTIONS" || $2 == "COMMON") } in_opts && /^\.It Fl/ {
		for (i = 2; i < NF; i++) if ($i == "Fl") print "-" $(i + 1) }' "$1" | sort -u
}
# binary_options CMD: the options openreg CMD accepts, without the common ones, sorted
binary_options() {
	openreg help --options "$1" | cut -f1 | sort -u >"$TRASH/all.opts"
	comm -23 "$TRASH/all.opts" "$TRASH/common.opts"
}
openreg help --options version | cut -f1 | sort -u >"$TRASH/common.opts"

test_assert "the common options are those of openreg(1)" sh -c \
	'awk "/^\.Sh /{c = (\$2 == \"COMMON\")} c && /^\.It Fl/ {for (i = 2; i < NF; i++) if (\$i == \"Fl\") print \"-\" \$(i + 1)}" \
		"$1/openreg.1" | sort -u | cmp -s - "$2"' - "$MAN" "$TRASH/common.opts"

for c in $(openreg help --commands); do
	page=$MAN/openreg-$c.1
	test_assert "$c -h prints its synopsis" sh -c '"$1" "$2" -h | head -n 1 | grep -q "^usage: openreg $2"' - "$OPENREG" "$c"
	if [ ! -f "$page" ]; then
		test_assert "openreg-$c.1 exists" false
		continue
	fi
	page_options "$page" >"$TRASH/page-$c.opts"
	binary_options "$c" >"$TRASH/binary-$c.opts"
	test_assert "openreg-$c.1 lists exactly the options of $c" diff -u "$TRASH/binary-$c.opts" "$TRASH/page-$c.opts"
	test_assert "openreg-$c.1 has OPTIONS, EXIT STATUS, EXAMPLES and SEE ALSO" sh -c \
		'grep -q "^\.Sh OPTIONS" "$1" && grep -q "^\.Sh EXIT STATUS" "$1" && grep -q "^\.Sh EXAMPLES" "$1" &&
		 grep -q "^\.Sh SEE ALSO" "$1"' - "$page"
	test_assert "openreg(1) names openreg-$c(1)" grep -q "^\.It Xr openreg-$c 1\$" "$MAN/openreg.1"
done

if command -v groff >/dev/null 2>&1; then
	for page in "$MAN"/*.[0-9]; do
		test_expect "render-$(basename "$page")" 0 sh -c 'groff -mandoc -Tutf8 -ww -z "$1" 2>&1' - "$page"
	done
else
	test_skip "the pages render without warnings" "no groff"
fi

# the README's synopsis lines: each command's, exactly; and no stale one
awk '/^```/{ code = !code; next } code && /^openreg [a-z]+( |$)/ { print }' "$SRC/README.md" >"$TRASH/readme.lines"
for c in $(openreg help --commands); do
	synopsis=$(openreg help "$c" | sed -n '1s/^usage: //p')
	test_assert "README shows the synopsis of $c" grep -qxF "$synopsis" "$TRASH/readme.lines"
done
test_assert "every synopsis line of the README is the program's" sh -c '
	grep -F " [" "$1" | while IFS= read -r line; do
		c=$(echo "$line" | cut -d" " -f2)
		"$2" help "$c" 2>/dev/null | sed -n "1s/^usage: //p" | grep -qxF "$line" ||
			{ echo "stale in README: $line" >&2; exit 1; }
	done' - "$TRASH/readme.lines" "$OPENREG"

test_done
