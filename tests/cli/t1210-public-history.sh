#!/bin/sh
# Public means public, for the whole history.  An organisation that was
# public and is made confidential later is absent from every public output
# of a later date: the overview, its correction log, log, show and diff;
# an earlier public document stays reproducible with --as-of.  Public
# output never names commit authors.  An unreadable record is named in a
# public diff only when the reader may see it.
. "$(dirname "$0")/lib.sh"

new_register reg || exit 2
cd reg || exit 2
mkdir -p records/organisations records/contacts/2024
at() { # DATE MESSAGE: commit everything at DATE
	git add -A && GIT_COMMITTER_DATE="$1 10:00:00 +0100" GIT_AUTHOR_DATE="$1 10:00:00 +0100" \
		GIT_AUTHOR_NAME="Anna Ambtenaar" GIT_AUTHOR_EMAIL=anna@ministerie.example \
		git commit -q --no-verify -m "$2"
}
cat > records/organisations/open.yaml <<'YAML'
name: Stichting Altijd Open
kind: overig
city: Utrecht
partnerships:
  - {from: 2024-01-01, themes: [taal], endorsed: 2023-12-01}
YAML
cat > records/organisations/later-geheim.yaml <<'YAML'
name: Stichting Later Geheim
kind: zelforganisatie
city: Plaatsje
partnerships:
  - {from: 2024-01-01, themes: [werk], endorsed: 2023-12-01}
YAML
at 2024-01-05 "Two partners" || exit 2
cat > records/organisations/geheim.yaml <<'YAML'
name: Stichting Altijd Geheim
kind: zelforganisatie
city: Ergens
visibility: confidential
partnerships:
  - {from: 2024-01-01, themes: [werk], endorsed: 2023-12-01}
YAML
at 2024-02-01 "A confidential partner" || exit 2
first=$(git rev-parse HEAD)
# made confidential on 1 March (it asked to be: its members are threatened)
cat >> records/organisations/later-geheim.yaml <<'YAML'
visibility: confidential
YAML
sed -i 's/^city: Utrecht/city: Utrecht-Centrum/' records/organisations/open.yaml
at 2024-03-01 "Hide one partner" || exit 2
hidden=$(git rev-parse HEAD)
# then both organisation files break: one public, one confidential
printf 'name: [broken\n' >> records/organisations/geheim.yaml
printf 'name: [broken\n' >> records/organisations/open.yaml
at 2024-04-01 "Break two files" || exit 2
broken=$(git rev-parse HEAD)
git checkout -q "$hidden" -- records && at 2024-04-02 "Repair them" || exit 2

out=$TRASH/out
mkdir -p "$out"
for lang in nl en; do
	for format in md html csv json; do
		openreg overview --year 2024 --format $format --lang $lang >"$out/now-$lang.$format" 2>>"$out/stderr"
		openreg overview --year 2024 --corrections-since 2024-02-15 --format $format --lang $lang \
			>"$out/corrections-$lang.$format" 2>>"$out/stderr"
		openreg overview --year 2024 --as-of 2024-03-15 --corrections-since 2024-02-15 --format $format \
			--lang $lang >"$out/corrections-asof-$lang.$format" 2>>"$out/stderr"
		openreg overview --year 2024 --as-of 2024-02-15 --format $format --lang $lang \
			>"$out/before-$lang.$format" 2>>"$out/stderr"
	done
done
for format in text json; do
	openreg log organisation/open --format $format >"$out/log-open.$format" 2>>"$out/stderr"
done
for format in text md json; do
	openreg diff "$first" "$hidden" --format $format >"$out/diff-hide.$format" 2>>"$out/stderr"
	openreg diff "$hidden" "$broken" --format $format >"$out/diff-broken.$format" 2>>"$out/stderr"
done
openreg show organisation/open >"$out/show-open.yaml" 2>>"$out/stderr"

test_assert "every public output was made without complaint" sh -c '! [ -s "$1" ]' - "$out/stderr"
for f in "$out"/now-* "$out"/corrections-* "$out"/log-* "$out"/diff-* "$out"/show-*; do
	test_assert "$(basename "$f"): the organisation hidden later is absent" \
		sh -c '! grep -q -e "Later Geheim" -e "later-geheim" -e Plaatsje "$1"' - "$f"
done
for f in "$out"/*; do
	test_assert "$(basename "$f"): no author, no e-mail, no always-confidential partner" \
		sh -c '! grep -q -e Anna -e ministerie.example -e "Altijd Geheim" -e "altijd-geheim" "$1"' - "$f"
done
for f in "$out"/before-*; do
	test_assert "$(basename "$f"): before it was hidden, the public document had it" \
		grep -q "Later Geheim" "$f"
done
# the correction log still lists what is public: the test can fail
for f in "$out"/corrections-*.md; do
	test_assert "$(basename "$f"): the public change is a correction" grep -q "Altijd Open" "$f"
done
test_expect log-hidden-later 2 openreg log organisation/later-geheim
test_expect log-hidden-later-json 2 openreg log organisation/later-geheim --format json
test_expect show-hidden-later 2 openreg show organisation/later-geheim
test_expect show-hidden-later-before 0 openreg show organisation/later-geheim --as-of 2024-02-15
test_expect log-open 0 openreg log organisation/open
test_expect log-confidential-has-author 0 openreg log organisation/later-geheim --confidential
test_expect diff-hide 0 openreg diff "$first" "$hidden"
test_expect diff-broken 1 openreg diff "$hidden" "$broken"
test_expect diff-broken-confidential 1 openreg diff "$hidden" "$broken" --confidential
test_expect diff-broken-en 1 openreg diff "$hidden" "$broken" --lang en
test_expect corrections-nl-md 0 openreg overview --year 2024 --corrections-since 2024-02-15
test_assert "the confidential correction log shows the author" \
	sh -c '"$1" overview --year 2024 --corrections-since 2024-02-15 --confidential | grep -q "Anna Ambtenaar"' - "$OPENREG"

test_done
