#!/bin/sh
# t1510-publish: a sent document sealed by an annotated tag, listed, and
# proven byte for byte by verify; corrections counted against what was sent.
. "$(dirname "$0")/lib.sh"

sh "$SRC/tests/fixtures/demo-register.sh" demo >/dev/null || exit 2
cd demo || exit 2
GIT_COMMITTER_DATE='2025-06-10 11:00:00 +0200'
export GIT_COMMITTER_DATE

test_expect publish-overview 0 openreg publish overview --year 2024 --as-of 2025-01-31 --format html -o sent.html
test_assert "the tag is annotated and on the commit the document was built from" \
	sh -c 'test "$(git cat-file -t publicatie/overview-2024-1)" = tag &&
		test "$(git rev-parse publicatie/overview-2024-1^{commit})" = "$(git rev-list -1 --first-parent --before="2025-01-31 23:59:59 +0100" HEAD)"'
test_assert "the seal holds the file's hash" \
	sh -c 'git cat-file tag publicatie/overview-2024-1 | grep -q "^sha256: $(sha256sum sent.html | cut -c1-64)$"'
test_expect verify-identical 0 openreg verify sent.html
# a second publication of the same year gets the next number; a contacts list its since date
test_expect publish-again 0 openreg publish overview --year 2024 --format md -o sent-2.md
test_expect publish-contacts 0 openreg publish contacts --since 2023-01-01 --format csv -o contacts.csv
test_expect publications 0 openreg publications
test_expect publications-json 0 openreg publications --format json
test_expect verify-contacts 0 openreg verify contacts.csv
# one byte changed, or a file never sent: not a publication (exit 1)
cp sent.html altered.html && printf ' ' >>altered.html
test_expect verify-altered 1 openreg verify altered.html
test_expect verify-missing 2 openreg verify nothing-here.html
# corrections against what was sent: the publication tag as the base
test_expect corrections-since-tag 0 openreg overview --year 2024 --corrections-since overview-2024-1
test_expect corrections-since-unknown 2 openreg overview --year 2024 --corrections-since overview-1999-1
# what cannot be sealed
test_expect publish-no-output 2 openreg publish overview --year 2024
test_expect publish-folder 2 openreg publish overview --year 2024 --format datapackage -o pkg
test_expect publish-no-document 2 openreg publish --year 2024 -o x.md
test_expect publish-bad-reference 2 openreg publish overview --year 2024 --reference 'SZW 12' -o ref.md
test_assert "a refused reference leaves no tag" sh -c '! git rev-parse -q --verify refs/tags/publicatie/overview-2024-3'
test_expect publish-good-reference 0 openreg publish overview --year 2024 --reference 2025-0000012345 --sent 2025-06-12 -o ref.md
test_assert "the reference and the date of sending are in the document" sh -c 'grep -q "^- Kenmerk: 2025-0000012345$" ref.md &&
	grep -q "^- Datum: 12 juni 2025$" ref.md'
# forged seals: a lightweight tag, and an annotated tag whose seal names another commit, are no publications
git tag publicatie/overview-2024-9 HEAD
git cat-file tag publicatie/overview-2024-1 | sed -n '/^$/,$p' | sed 1d >seal.txt
git tag -a -F seal.txt publicatie/overview-2024-8 HEAD
test_expect publications-after-forgery 0 openreg publications
git tag -d publicatie/overview-2024-1 >/dev/null
test_expect verify-without-its-tag 1 openreg verify sent.html
test_done
