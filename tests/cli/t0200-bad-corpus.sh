#!/bin/sh
# t0200-bad-corpus: every broken record of tests/fixtures/bad/ gives exactly
# the diagnostics in its .expected file.
#
# A case is tests/fixtures/bad/<NN>-<slug>.yaml, one defect each, whose first
# line (after a byte-order mark, if any) is '# path: records/...': where the
# file goes in a register.  The case's register is the project's schemas/,
# the whole sample records/ and this file at its path; there
# 'openreg validate <path>' must exit 1, print nothing on stdout and exactly
# <NN>-<slug>.expected on stderr.  UPDATE_GOLDEN=1 rewrites the .expected
# files from the current output.
. "$(dirname "$0")/lib.sh"

CORPUS=$SRC/tests/fixtures/bad
BOM=$(printf '\357\273\277')

# fixture_path FILE: the register path named on the first line of FILE.
fixture_path() {
	line=$(head -n 1 "$1")
	line=${line#"$BOM"}
	case "$line" in
	"# path: records/"*) ;;
	*) echo "$1: the first line must be '# path: records/...'" >&2; return 1 ;;
	esac
	p=${line#"# path: "}
	case "/$p/" in
	*/../*) echo "$1: the path must stay inside the register" >&2; return 1 ;;
	esac
	printf '%s\n' "$p"
}

# check_case FILE: build the case's register, validate, compare.
check_case() {
	f=$1
	base=$(basename "$f" .yaml)
	nn=${base%%-*}
	reg=reg-$nn
	rel=$(fixture_path "$f") || return 1
	new_register "$reg" &&
	cp -R "$SRC/records/." "$reg/records/" &&
	mkdir -p "$(dirname "$reg/$rel")" &&
	cp "$f" "$reg/$rel" || return 1
	(cd "$reg" && openreg validate "$rel") >"$base.out" 2>"$base.err"
	got=$?
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$base.err" "$CORPUS/$base.expected"
	fi
	ok=0
	[ "$got" = 1 ] || { echo "$base: exit status $got, expected 1" >&2; ok=1; }
	if [ -s "$base.out" ]; then
		echo "$base: unexpected stdout:" >&2
		cat "$base.out" >&2
		ok=1
	fi
	if [ ! -f "$CORPUS/$base.expected" ]; then
		echo "$base: $CORPUS/$base.expected is missing" >&2
		ok=1
	elif ! diff -u "$CORPUS/$base.expected" "$base.err" >&2; then
		ok=1
	fi
	return $ok
}

# every .yaml has its .expected and every .expected its .yaml
corpus_is_paired() {
	ok=0
	for f in "$CORPUS"/*.yaml; do
		[ -f "$f" ] || continue
		[ -f "${f%.yaml}.expected" ] || { echo "no ${f%.yaml}.expected" >&2; ok=1; }
	done
	for f in "$CORPUS"/*.expected; do
		[ -f "$f" ] || continue
		[ -f "${f%.expected}.yaml" ] || { echo "no ${f%.expected}.yaml" >&2; ok=1; }
	done
	return $ok
}

# file names are <NN>-<slug>.yaml with distinct NN
corpus_is_numbered() {
	ls "$CORPUS" | sed -n 's/\.yaml$//p' >names &&
	! grep -v '^[0-9][0-9]-[a-z0-9-]*$' names >&2 &&
	[ "$(cut -d- -f1 names | sort | uniq -d | wc -l)" -eq 0 ]
}

corpus_has_40() {
	n=$(ls "$CORPUS" | grep -c '\.yaml$')
	[ "$n" -ge 40 ] || { echo "only $n cases, expected at least 40" >&2; return 1; }
}

for f in "$CORPUS"/*.yaml; do
	[ -f "$f" ] || continue
	test_assert "$(basename "$f" .yaml)" check_case "$f"
done

test_assert "the corpus has at least 40 cases" corpus_has_40
test_assert "every case has its .expected and vice versa" corpus_is_paired
test_assert "cases are named <NN>-<slug> with distinct numbers" corpus_is_numbered

test_done
