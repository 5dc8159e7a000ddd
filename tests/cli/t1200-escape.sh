#!/bin/sh
# Every output is safe to open: a register whose names, an author and a
# commit message carry terminal escapes (ESC]0;..BEL retitles a terminal,
# ESC[2J clears it), C1 controls, bidirectional controls (U+202E, U+2066,
# U+2069) and spreadsheet formulas (" =1+1", fullwidth "＝1+1") and a
# GitLab mention ("@all").  No command, in any format or language, may
# write one of the control characters raw; CSV never starts a cell with a
# formula; Markdown never leaves a mention active.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
EVIL_NAME="Evil${ESC}]0;pwned${BEL}${ESC}[2J Author"

new_register reg || exit 2
cd reg || exit 2
# the register before: schemas only, so that diff shows every record as added
touch records/.keep
git add -A && GIT_COMMITTER_DATE='2023-12-01 10:00:00 +0100' GIT_AUTHOR_DATE='2023-12-01 10:00:00 +0100' \
	git commit -q --no-verify -m "Empty register" || exit 2
base=$(git rev-parse HEAD)
mkdir -p records/organisations records/contacts/2024
cat > records/organisations/evil.yaml <<'YAML'
name: "Evil\e]0;pwned\a\e[2J \u202Egnp.exe\u2066x\u2069 @all"
aliases: ["＝1+1", "\x85\x9b2J", "-2+3", "@SUM(A1)"]
kind: maatschappelijke-organisatie
city: " =1+1"
partnerships:
  - {from: 2024-01-01, themes: [taal], endorsed: 2023-01-01}
notes: "\e[31mred\e[0m \u202E"
YAML
cat > records/organisations/plain.yaml <<'YAML'
name: Stichting Gewoon
kind: overig
city: Utrecht
YAML
cat > records/contacts/2024/2024-01-15-overleg.yaml <<'YAML'
date: 2024-01-15
organisations: [evil, plain]
kind: structureel
themes: [taal]
subject: "Overleg \e]0;x\a \u2066y\u2069"
participants: [bestuur]
YAML
test_tick && git add -A &&
	GIT_AUTHOR_NAME=$EVIL_NAME GIT_COMMITTER_NAME=$EVIL_NAME \
	git commit -q --no-verify -m "Add ${ESC}]0;msg${BEL} $(printf '\342\200\256')evil" || exit 2
# a change a month later, for the correction log
sed -i 's/^city: .*/city: "＝1+1 \\u2069"/' records/organisations/plain.yaml
git add -A && GIT_COMMITTER_DATE='2024-02-01 10:00:00 +0100' GIT_AUTHOR_DATE='2024-02-01 10:00:00 +0100' \
	git commit -q --no-verify -m "Move $(printf '\342\201\246')plain" || exit 2

test_expect log-text-confidential 0 openreg log organisation/evil --confidential
test_expect overview-csv 0 openreg overview --year 2024 --format csv
test_expect diff-md 1 openreg diff "$base" --format md

out=$TRASH/out
mkdir -p "$out"
for lang in nl en; do
	for format in md html csv json; do
		for level in "" --confidential; do
			openreg overview --year 2024 --format $format --lang $lang $level \
				>"$out/overview$level-$lang.$format" 2>>"$out/stderr"
			openreg overview --year 2024 --corrections-since 2024-01-10 --format $format --lang $lang $level \
				>"$out/corrections$level-$lang.$format" 2>>"$out/stderr"
		done
		openreg contacts --since 2024-01-01 --format $format --lang $lang >"$out/contacts-$lang.$format" \
			2>>"$out/stderr"
	done
done
for level in "" --confidential; do
	for format in text json; do
		openreg log organisation/evil --format $format $level >"$out/log$level.$format" 2>>"$out/stderr"
	done
	for format in text md json; do
		openreg diff "$base" --format $format $level >"$out/diff$level.$format" 2>>"$out/stderr"
	done
	openreg show organisation/evil $level >"$out/show$level.yaml" 2>>"$out/stderr"
	openreg show contact/2024-01-15-overleg --confidential >"$out/show-contact.yaml" 2>>"$out/stderr"
done
for format in text json codequality sarif junit; do
	openreg check --format $format >"$out/check.$format" 2>"$out/check.$format.err"
done

test_assert "every output was made without complaint" sh -c '! [ -s "$1" ]' - "$out/stderr"
for f in "$out"/*; do
	test_assert "$(basename "$f"): no raw C0, C1 or bidirectional control" \
		sh -c '! LC_ALL=C grep -qP "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c" "$1"' - "$f"
done
# the markers are there, escaped: the test can fail
test_assert "the terminal escape is shown as text" grep -q 'Evil\\u{1b}\]0;pwned\\u{7}\\u{1b}\[2J' "$out/log--confidential.text"
test_assert "the public log names no author" sh -c '! grep -q -e "Author" -e "author" "$1" "$2"' - "$out/log.text" "$out/log.json"
test_assert "the author name is shown escaped" grep -q 'Author: Evil\\u{1b}' "$TRASH/log-text-confidential.out"
for f in "$out"/*.csv; do
	test_assert "$(basename "$f"): no cell starts a formula" \
		sh -c '! LC_ALL=C grep -qP "(^|,)\"[ \t]*(=|\+|-|@|\xef\xbc[\x9d\x8b\x8d\xa0])" "$1"' - "$f"
done
test_assert "the CSV guards ' =1+1'" grep -q "\"' =1+1\"" "$out/overview-nl.csv"
test_assert "the CSV guards '＝1+1'" grep -q "\"'＝1+1" "$out/overview-nl.csv"
for f in "$out"/*.md "$out"/diff*.md; do
	test_assert "$(basename "$f"): @all is escaped" sh -c '! grep -qE "(^|[^\\])@all" "$1" && grep -q "\\\\@all" "$1"' - "$f"
done
for f in "$out"/*.html; do
	test_assert "$(basename "$f"): no markup from the names" sh -c '! grep -q "<script" "$1"' - "$f"
done
for f in "$out"/*.json "$out"/check.json "$out"/check.sarif "$out"/check.codequality; do
	test_assert "$(basename "$f") is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f"
done

test_done
