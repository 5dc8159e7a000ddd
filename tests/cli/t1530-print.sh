#!/bin/sh
# t1530-print: every HTML document printed on A4 by a real browser (headless
# Chromium) loses no character: pdftotext finds the marking and "pagina x van y"
# on every page of a confidential document, the page number on every page of
# a public one, and every organisation name and every note whole.  Skipped,
# and counted as skipped, when chromium or pdftotext is missing (CI installs
# both: .ci/install-deps --ci).
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
documents="overview-nl overview-nl-confidential overview-en-confidential contacts-nl contacts-en"
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
	for d in $documents; do
		test_skip "$d prints whole on A4" "chromium or pdftotext (poppler-utils) is not installed"
	done
	test_done
fi

sh "$SRC/tests/fixtures/demo-register.sh" demo >/dev/null || exit 2
cd demo || exit 2
# long names and notes that must wrap, never be cut: the hardest cells of all
git config user.name 'Rapporteur' && git config user.email r@szw.example
cat >records/organisations/lange-naam.yaml <<'EOF'
name: Stichting Samenwerkingsverband Maatschappelijke Organisaties Voor Inburgering, Participatie En Gelijke Kansen In De Regio Noordoost-Brabant
kind: koepelorganisatie
city: "'s-Hertogenbosch"
notes: >-
  Deze toelichting is opzettelijk lang, zodat zij in een smalle kolom over vele
  regels moet worden afgebroken: eerst het overleg over de taalcursussen, daarna
  de afspraken over de werkervaringsplaatsen, en ten slotte de evaluatie van het
  programma. Een woord dat niet past: Arbeidsmarktparticipatiebevorderingsprogramma.
partnerships:
  - from: 2024-02-01
    until: 2024-12-31
    themes: [taal, werk, open-en-vrije-samenleving, maatschappelijke-samenhang, gelijke-kansen]
    endorsed: 2024-01-15
EOF
git add -A && GIT_COMMITTER_DATE='2025-06-03T10:00:00+02:00' GIT_AUTHOR_DATE='2025-06-03T10:00:00+02:00' \
	git commit -q -m 'Lange naam' -m 'Reference: test' || exit 2

openreg overview --year 2024 --format html -o overview-nl.html 2>/dev/null &&
openreg overview --year 2024 --confidential --format html -o overview-nl-confidential.html 2>/dev/null &&
openreg overview --year 2024 --confidential --lang en --format html -o overview-en-confidential.html 2>/dev/null &&
openreg contacts --since 2023-01-01 --format html -o contacts-nl.html 2>/dev/null &&
openreg contacts --since 2023-01-01 --lang en --format html -o contacts-en.html 2>/dev/null || exit 2

print() { # print NAME: NAME.html to NAME.pdf
	profile=$(mktemp -d "$TRASH/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
		--print-to-pdf="$PWD/$1.pdf" --no-pdf-header-footer "file://$PWD/$1.html" >/dev/null 2>&1
	rm -rf "$profile"
	test -s "$1.pdf"
}

# squash: text without spaces or hyphens, because pdftotext breaks lines and
# joins a word broken after a hyphen without the hyphen
squash() { tr -d ' \n\r\t\f-' | sed 's/\xc2\xa0//g'; }

# every_page PDF TEXT...: each page's text holds every TEXT
every_page() {
	pdf=$1
	shift
	pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
	[ "${pages:-0}" -ge 1 ] || return 1
	p=1
	while [ "$p" -le "$pages" ]; do
		pdftotext -f "$p" -l "$p" "$pdf" - >"$pdf.page" 2>/dev/null || return 1
		for want in "$@"; do
			w=$(printf '%s' "$want" | sed "s/{p}/$p/; s/{n}/$pages/")
			grep -qF "$w" "$pdf.page" || { echo "$pdf page $p of $pages lacks '$w'" >&2; return 1; }
		done
		p=$((p + 1))
	done
}

# all_whole PDF HTML: every name and note of the document's tables appears whole in the PDF's text
all_whole() {
	pdftotext -raw "$1" - | squash >"$1.all"
	# the first cell of each row is a name; notes are the Toelichting/Notes cells (the last column)
	{ sed -n 's/^<tr><td>\([^<]*\)<\/td>.*/\1/p' "$2"; sed -n 's/.*<td>\([^<]*\)<\/td><\/tr>$/\1/p' "$2"; } |
		sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g' | sort -u >"$1.want"
	[ -s "$1.want" ] || return 1
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		w=$(printf '%s' "$line" | squash)
		grep -qF -- "$w" "$1.all" || { echo "$1: '$line' is not whole in the printed text" >&2; return 1; }
	done <"$1.want"
}

for d in $documents; do
	case $d in
	*-en*) page='page {p} of {n}' ;;
	*) page='pagina {p} van {n}' ;;
	esac
	case $d in
	overview-nl) marking= ;;
	*-en*) marking='Departmental confidential' ;;
	*) marking='Departementaal vertrouwelijk' ;;
	esac
	if ! print "$d"; then
		test_assert "$d prints to PDF" false
		continue
	fi
	test_assert "$d: A4" sh -c 'pdfinfo "$1" | grep -q "(A4)"' - "$d.pdf"
	if [ -n "$marking" ]; then
		test_assert "$d: marking and page number on every page" every_page "$d.pdf" "$marking" "$page"
	else
		test_assert "$d: page number on every page" every_page "$d.pdf" "$page"
		test_assert "$d: no marking on a public document" sh -c '! pdftotext "$1" - | grep -qi vertrouwelijk' - "$d.pdf"
	fi
	test_assert "$d: every name and note whole" all_whole "$d.pdf" "$d.html"
done
# the confidential overview's wide table gets a landscape page; the public one stays portrait
test_assert "confidential overview has a landscape page" sh -c 'pdfinfo -f 1 -l 9 "$1" | grep -q "841.92 x 59[0-9.]* pts"' \
	- overview-nl-confidential.pdf
test_assert "public overview is portrait throughout" sh -c '! pdfinfo -f 1 -l 9 "$1" | grep -q "841.92 x 59[0-9.]* pts"' \
	- overview-nl.pdf
# the check itself can fail: a name that is not in the PDF is found missing
echo '<tr><td>Een naam die nergens staat</td></tr>' >missing.html
if ! all_whole overview-nl.pdf missing.html 2>/dev/null; then
	test_assert "a missing name is noticed" true
else
	test_assert "a missing name is noticed" false
fi
test_done
