#!/bin/sh
# openreg overview and openreg contacts: the documents for Parliament,
# compiled from the sample register's history in every format and language.
. "$(dirname "$0")/lib.sh"

REF='Reference: Kamerstuk 32 824, nr. 445'

# commit_at DATE MESSAGE...: commit everything at a fixed date, without hooks
commit_at() {
	when=$1
	shift
	GIT_COMMITTER_DATE="$when" GIT_AUTHOR_DATE="$when" git add -A &&
	GIT_COMMITTER_DATE="$when" GIT_AUTHOR_DATE="$when" git commit -q --no-verify "$@"
}

new_register reg &&
cp -R "$SRC/records/." reg/records/ || exit 2
cd reg || exit 2
test_tick
commit_at "$GIT_COMMITTER_DATE" -m "Sample register" -m "$REF" || exit 2

# 2024-06-01: an organisation whose name must come out harmless in every format
cat > records/organisations/naam-test.yaml <<'YAML'
name: "=cmd|' /C calc'!A0 <b>Bold</b> & \"quoted\" *star* _under_ [link](http://x.example) | pipe\nline two"
kind: maatschappelijke-organisatie
city: "@Zwolle"
partnerships:
  - from: 2024-05-01
    themes:
      - taal
    endorsed: 2024-04-01
YAML
commit_at '2024-06-01 12:00:00 +0200' -m "Add an organisation with a difficult name" || exit 2

# 2025-01-15: a correction to 2024 (a city), and a deletion the history rules would refuse
sed -i 's/^city: Eindhoven/city: Helmond/' records/organisations/syrische-nederlanders-zuid.yaml
commit_at '2025-01-15 09:30:00 +0100' -m "Correct a city" || exit 2
git rm -q records/organisations/kenniscentrum-nieuwkomers.yaml
commit_at '2025-02-03 16:00:00 +0100' -m "Remove an organisation (forced)" || exit 2

for year in 2024 2025; do
	for format in md html csv json; do
		for lang in nl en; do
			test_expect "overview-$year-$lang.$format" 0 openreg overview --year $year --format $format --lang $lang
			test_expect "overview-$year-$lang-confidential.$format" 0 \
				openreg overview --year $year --format $format --lang $lang --confidential
		done
	done
done
test_expect overview-default-is-dutch-markdown 0 openreg overview --year 2024
for format in md html csv json; do
	test_expect "contacts-since-2023.$format" 0 openreg contacts --since 2023-01-01 --format $format
done
test_expect contacts-since-2023-en.md 0 openreg contacts --since 2023-01-01 --lang en
test_expect contacts-all-kinds.md 0 openreg contacts --since 2024-01-01 --until 2024-12-31 --all-kinds
test_expect contacts-as-of.csv 0 openreg contacts --since 2023-01-01 --as-of 2024-03-01 --format csv

# record time: the register as it stood on a day, or at a commit
test_expect overview-as-of-2024-03-01.md 0 openreg overview --year 2024 --as-of 2024-03-01
test_expect overview-rev.json 0 openreg overview --year 2024 --rev HEAD~2 --format json
test_expect overview-corrections.md 0 openreg overview --year 2024 --corrections-since 2024-03-01
test_expect overview-corrections.json 0 openreg overview --year 2024 --corrections-since 2024-03-01 --format json --lang en
test_expect as-of-before-history 2 openreg overview --year 2024 --as-of 2023-12-31
test_expect contacts-as-of-before-history 2 openreg contacts --since 2023-01-01 --as-of 2020-01-01
test_expect corrections-before-history 2 openreg overview --year 2024 --corrections-since 2020-01-01
test_expect unknown-rev 2 openreg overview --year 2024 --rev no-such-branch
test_expect usage-no-year 2 openreg overview
test_expect usage-bad-year 2 openreg overview --year 24
test_expect usage-bad-date 2 openreg overview --year 2024 --as-of 2024-02-30
test_expect usage-as-of-and-rev 2 openreg overview --year 2024 --as-of 2024-03-01 --rev HEAD
test_expect usage-bad-format 2 openreg overview --year 2024 --format pdf
test_expect usage-bad-lang 2 openreg overview --year 2024 --lang de
test_expect usage-contacts-no-since 2 openreg contacts
test_expect usage-contacts-until-before-since 2 openreg contacts --since 2024-01-01 --until 2023-01-01
test_expect usage-contacts-no-confidential-option 2 openreg contacts --since 2024-01-01 --confidential

# same inputs, same bytes; -o writes the same document atomically
test_assert "two runs give the same bytes" sh -c \
	'"$0" overview --year 2024 --format html >a.html 2>/dev/null && "$0" overview --year 2024 --format html >b.html 2>/dev/null && cmp -s a.html b.html' "$OPENREG"
test_expect output-file 0 openreg overview --year 2024 --format html -o out.html
test_assert "-o holds what stdout holds" cmp -s a.html out.html
test_assert "-o leaves no temporary file" sh -c '! ls out.html.tmp-* 2>/dev/null | grep -q .'
test_expect output-file-unwritable 3 openreg overview --year 2024 -o no-such-folder/out.md
test_assert "an unwritable -o leaves nothing behind" sh -c '! ls no-such-folder 2>/dev/null'
rm -f a.html b.html out.html

# HTML: one file, nothing fetched, nothing run
for f in "$GOLDEN"/*.html.out; do
	test_assert "$(basename "$f"): no external resources or scripts" \
		sh -c '! grep -Eiq "<link|<script|<img|<iframe|<object|<embed|src=|href=|url\(|@import|=\"?https?:" "$1"' - "$f"
done
test_assert "confidential HTML marks every printed page" \
	sh -c 'grep -q "@top-center{content:\"Departementaal vertrouwelijk\"" "$1" &&
		grep -q "@bottom-center{content:\"Departementaal vertrouwelijk\"" "$1" && grep -q "counter(pages)" "$1"' \
	- "$GOLDEN/overview-2024-nl-confidential.html.out"
# the difficult name: no markup survives, no formula runs
test_assert "HTML escapes the name" sh -c '! grep -q "<b>" "$1" && grep -q "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" "$1"' \
	- "$GOLDEN/overview-2024-nl.html.out"
test_assert "CSV neutralises formulas" sh -c 'grep -q "^\"openbaar\",\"naam-test\",\"'"'"'=cmd|" "$1" && grep -q ",\"'"'"'@Zwolle\"," "$1"' \
	- "$GOLDEN/overview-2024-nl.csv.out"
test_assert "CSV records end in CRLF" sh -c 'head -n 1 "$1" | tail -c 2 | od -An -tx1 | grep -q "0d 0a" && tail -c 2 "$1" | od -An -tx1 | grep -q "0d 0a"' \
	- "$GOLDEN/overview-2024-nl.csv.out"
test_assert "Markdown escapes the name" sh -c 'grep -q "\\\\<b\\\\>Bold\\\\</b\\\\> \\\\& \"quoted\" \\\\\\*star\\\\\\* \\\\_under\\\\_ \\\\\\[link\\\\\\](http\\\\://x.example) \\\\| pipe line two" "$1"' \
	- "$GOLDEN/overview-2024-nl.md.out"
if command -v python3 >/dev/null 2>&1; then
	for f in "$GOLDEN"/*.json.out; do
		test_assert "$(basename "$f") is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f"
	done
fi

test_done
