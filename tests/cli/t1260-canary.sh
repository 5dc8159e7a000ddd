#!/bin/sh
# The canary register (tests/fixtures/canary-register.sh): every public
# command, in every format and language, at several dates, holds none of
# its markers; no output at all holds a personal field or an e-mail address
# of an author; and an organisation made confidential is absent, old name
# included, from every public document of a date after it was hidden.
. "$(dirname "$0")/lib.sh"

sh "$SRC/tests/fixtures/canary-register.sh" reg >/dev/null || exit 2
cd reg || exit 2
export GIT_COMMITTER_NAME='Tess KNRA81' GIT_COMMITTER_EMAIL='knre81@szw.example'
export GIT_COMMITTER_DATE='2024-06-02 10:00:00 +0100' GIT_AUTHOR_DATE='2024-06-02 10:00:00 +0100'
openreg publish overview --year 2023 --format md -o "$TRASH/published.md" >/dev/null 2>&1 || exit 2

pub=$TRASH/public conf=$TRASH/confidential late=$TRASH/late
mkdir -p "$pub" "$conf" "$late"
: >"$TRASH/stderr"

# run KIND NAME COMMAND...: output of COMMAND into KIND/NAME (late: public, of a date after the hiding)
run() {
	run_dir=$1 f=$2
	shift 2
	"$@" >"$run_dir/$f" 2>>"$TRASH/stderr"
	echo "# $f: $?" >>"$TRASH/status"
}

first=$(git rev-list --max-parents=0 HEAD)
hidden=$(git rev-list -n 1 --grep KNRM41 HEAD)
for lang in nl en; do
	for fmt in md html csv json; do
		for y in 2023 2024; do
			run "$pub" "overview-$y-early.$lang.$fmt" openreg overview --year $y --as-of 2023-12-31 --format $fmt --lang $lang
			run "$late" "overview-$y-late.$lang.$fmt" openreg overview --year $y --as-of 2024-04-01 --format $fmt --lang $lang
			run "$late" "overview-$y.$lang.$fmt" openreg overview --year $y --format $fmt --lang $lang
			run "$late" "corrections-$y.$lang.$fmt" openreg overview --year $y --corrections-since 2023-10-01 \
				--format $fmt --lang $lang
			run "$late" "corrections-tag-$y.$lang.$fmt" openreg overview --year $y --corrections-since overview-2023-1 \
				--format $fmt --lang $lang
			run "$conf" "overview-$y.$lang.$fmt" openreg overview --year $y --confidential --format $fmt --lang $lang
			run "$conf" "corrections-$y.$lang.$fmt" openreg overview --year $y --confidential \
				--corrections-since 2023-10-01 --format $fmt --lang $lang
		done
		run "$conf" "contacts.$lang.$fmt" openreg contacts --since 2023-01-01 --all-kinds --format $fmt --lang $lang
	done
	for t in organisations partnerships started ended deleted corrections; do
		run "$late" "table-$t.$lang.csv" openreg overview --year 2024 --corrections-since 2023-10-01 --format csv \
			--table $t --lang $lang --csv-dialect excel-nl
	done
	openreg overview --year 2024 --format datapackage --lang $lang --corrections-since 2023-10-01 \
		-o "$late/datapackage-$lang/" 2>>"$TRASH/stderr"
	openreg overview --year 2024 --confidential --format datapackage --lang $lang -o "$conf/datapackage-$lang/" \
		2>>"$TRASH/stderr"
	openreg contacts --since 2023-01-01 --format csv --lang $lang -o "$conf/contacts-$lang/" 2>>"$TRASH/stderr"
	for fmt in text md json; do
		run "$late" "diff-all.$lang.$fmt" openreg diff "$first" HEAD --format $fmt --lang $lang
		run "$late" "diff-hide.$lang.$fmt" openreg diff "$hidden~1" "$hidden" --format $fmt --lang $lang
		run "$pub" "diff-early.$lang.$fmt" openreg diff "$first" "$hidden~1" --format $fmt --lang $lang
		run "$conf" "diff-all.$lang.$fmt" openreg diff "$first" HEAD --format $fmt --lang $lang --confidential
	done
done
for r in open-partner buurthuis weg later-geheim geheim; do
	for fmt in text json; do
		run "$late" "log-$r.$fmt" openreg log organisation/$r --format $fmt
		run "$conf" "log-$r.$fmt" openreg log organisation/$r --format $fmt --confidential
	done
	run "$pub" "show-$r-2023-07-01" openreg show organisation/$r --as-of 2023-07-01
	for d in 2023-07-01 2024-04-01 2024-12-31; do
		[ $d = 2023-07-01 ] || run "$late" "show-$r-$d" openreg show organisation/$r --as-of $d
		run "$conf" "show-$r-$d" openreg show organisation/$r --as-of $d --confidential
	done
done
for c in $(git ls-files records/contacts); do
	id=$(basename "$c" .yaml)
	run "$late" "log-contact-$id" openreg log contact/$id
	run "$conf" "log-contact-$id" openreg log contact/$id --confidential
	run "$conf" "show-contact-$id" openreg show contact/$id --confidential
done
# JSON, like the text on standard error, is the full report, not a public one
run "$conf" "check-range.json" openreg check --range "$first..HEAD" --format json
for fmt in codequality sarif junit; do
	run "$late" "check-range.$fmt" openreg check --range "$first..HEAD" --format $fmt
	run "$late" "check.$fmt" openreg check --format $fmt
	run "$late" "validate.$fmt" openreg validate --format $fmt
done
for fmt in text json; do
	run "$late" "publications.$fmt" openreg publications --format $fmt
done
run "$late" verify openreg verify "$TRASH/published.md"

marked() { # PATTERN DIR: the files of DIR that hold PATTERN
	grep -rlE "$1" "$2" >"$TRASH/hits" 2>/dev/null
	[ -s "$TRASH/hits" ] && { echo "holds $1:" >&2; sed 's/^/  /' "$TRASH/hits" >&2; return 1; }
	return 0
}
count() { find "$1" -type f | wc -l; }
test_assert "there are public documents ($(count "$pub") early, $(count "$late") late)" \
	sh -c '[ "$(find "$1" "$2" -type f -size +0 | wc -l)" -gt 150 ]' - "$pub" "$late"
test_assert "no public output holds a marker" marked 'KNR[COWXHAEMP]' "$pub"
test_assert "no public output after the hiding holds a marker" marked 'KNR[COWXHAEMP]' "$late"
test_assert "no public output after the hiding names the hidden organisation" marked 'Later Geheim|later-geheim' "$late"
test_assert "no output holds a personal field or an author's address" marked 'KNR[PE]|szw\.example' "$conf"
test_assert "no error output holds a marker" marked 'KNR[COWXHAEMP]' "$TRASH/stderr"
# the markers are there to be found: the test can fail
test_assert "confidential documents show the confidential values" \
	sh -c 'grep -q KNRO01 "$1/overview-2023.nl.md" && grep -q KNRC13 "$1/log-contact-2023-03-10-overleg" &&
		grep -q KNRW03 "$1/contacts.nl.md"' - "$conf"
test_assert "the old name is public before the hiding" grep -q "Later Geheim" "$pub/overview-2023-early.nl.md"
test_assert "the register's history holds every marker" \
	sh -c 'git log --format="%an %cn" | grep -q KNRA62 && git log --format=%ae | grep -q knre11 &&
		git log --format=%B | grep -q KNRM52 && git show HEAD:records/contacts/2023/2023-05-10-overleg.yaml |
		grep -q KNRP15 && git cat-file -p publicatie/overview-2023-1 | grep -q KNRA81'

test_done
