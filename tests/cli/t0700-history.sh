#!/bin/sh
# openreg log, show and diff: record history and change review, on a
# register whose history runs through merges like merged merge requests.
. "$(dirname "$0")/lib.sh"

REF='Reference: Kamerstuk 32 824, nr. 445'
ORG=records/organisations
CONTACT=records/contacts/2023/2023-10-05-overleg-stichting-brug.yaml

# on DAY [TIME]: the author and committer date of the next commit, in CET
on() {
	GIT_AUTHOR_DATE="$1 ${2:-10:00:00} +0100"
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# commit_as AUTHOR MESSAGE...: commit everything, without hooks
commit_as() {
	who=$1
	shift
	git add -A && GIT_AUTHOR_NAME=$who git commit -q --no-verify "$@"
}

# merge BRANCH: merge a merge request into main, as the git host does
merge() {
	git checkout -q main && git merge -q --no-ff --no-edit "$1"
}

new_register reg && cp -R "$SRC/records/." reg/records/ || exit 2
cd reg || exit 2
# the shipped schemas hold no personal field; a register may configure one
sed -i 's/^properties:$/properties:\n  contact-person:\n    type: string\n    x-visibility: personal\n    x-allow: [person-name]/' \
	schemas/contact.schema.yaml
git checkout -q -b main
on 2024-01-02 && commit_as 'A U Thor' -m "Sample register" -m "$REF" || exit 2

# a merge request ends the partnership of gemeente Utrecht and renames the city
git checkout -q -b mr-utrecht-einde
on 2024-02-10
sed -i 's/^    endorsed: 2025-01-20/    until: 2026-01-31\n    endorsed: 2025-01-20/' $ORG/gemeente-utrecht.yaml
commit_as 'Ann Example' -m "End the partnership of gemeente Utrecht"
on 2024-02-11
sed -i 's/^city: Utrecht/city: "Utrecht (stad)"/' $ORG/gemeente-utrecht.yaml
commit_as 'Ann Example' -m "Name the city precisely"
on 2024-02-12 && merge mr-utrecht-einde || exit 2

# straight on main: the website (public) and the notes (confidential) change
on 2024-03-05
sed -i 's|^website: .*|website: https://utrecht.nl|; s|^notes: .*|notes: Partner namens de G4.|' $ORG/gemeente-utrecht.yaml
commit_as 'Bob Beheer' -m "Update Utrecht"
# only the confidential notes: invisible in the public log
on 2024-04-01
sed -i 's|^notes: .*|notes: "Partner namens de G4, zie verslag: \\"april\\"."|' $ORG/gemeente-utrecht.yaml
commit_as 'Bob Beheer' -m "Notes only"

# an organisation added and deleted again
on 2024-05-01
cat > $ORG/tijdelijk-platform.yaml <<'YAML'
name: Tijdelijk Platform
kind: overig
city: Almere
YAML
commit_as 'Ann Example' -m "Add Tijdelijk Platform"
on 2024-06-01
git rm -q $ORG/tijdelijk-platform.yaml
commit_as 'Ann Example' -m "Remove Tijdelijk Platform"

# a contact: the subject and the participants (confidential) and the contact person (personal) change
on 2024-07-01
sed -i 's/^subject: .*/subject: Vervolggesprek MARKER-CONFIDENTIAL./; s/^  - bestuur/  - wethouder/' $CONTACT
echo 'contact-person: MARKER-PERSONAL' >>$CONTACT
commit_as 'Ann Example' -m "Correct the contact"
mid=$(git rev-parse HEAD)

# a merge request adds an organisation with a hostile name that also breaks
# the endorsement rule (endorsed after from)
git checkout -q -b mr-hostile
on 2024-08-01
cat > $ORG/hostile.yaml <<'YAML'
name: "<script>alert(1)</script> | *bold* `code` @all #1 [x](http://evil)\nsecond line"
kind: overig
aliases:
  - "a|b"
partnerships:
  - from: 2024-01-01
    themes:
      - taal
    endorsed: 2024-02-01
YAML
commit_as 'Eve <Hostile>' -m "Add a hostile name"
on 2024-08-02 && merge mr-hostile || exit 2
git branch -q -D mr-utrecht-einde mr-hostile

test_expect log-by-path 0 openreg log $ORG/gemeente-utrecht.yaml
test_expect log-by-type-and-id 0 openreg log organisation/gemeente-utrecht
test_expect log-confidential 0 openreg log organisation/gemeente-utrecht --confidential
test_expect log-json 0 openreg log organisation/gemeente-utrecht --format json
test_expect log-deleted-by-id 0 openreg log organisation/tijdelijk-platform
test_expect log-deleted-by-path 0 openreg log $ORG/tijdelijk-platform.yaml
test_expect log-contact-public 2 openreg log contact/2023-10-05-overleg-stichting-brug
test_expect log-contact-confidential 0 openreg log contact/2023-10-05-overleg-stichting-brug --confidential
test_expect log-hidden-organisation 2 openreg log organisation/stichting-brug
test_expect log-unknown-record 2 openreg log organisation/bestaat-niet
test_expect log-unknown-type 2 openreg log vereniging/x
test_expect log-bad-name 2 openreg log gemeente-utrecht
test_expect log-deleted-contact-by-id 2 openreg log contact/2099-01-01-nooit
test_expect log-usage 2 openreg log
test_expect log-bad-format 2 openreg log organisation/gemeente-utrecht --format xml

test_expect show-head 0 openreg show organisation/gemeente-utrecht
test_expect show-before-merge 0 openreg show organisation/gemeente-utrecht --as-of 2024-02-11
test_expect show-after-merge 0 openreg show organisation/gemeente-utrecht --as-of 2024-02-12
test_expect show-rev 0 openreg show $ORG/gemeente-utrecht.yaml --rev "$mid"
test_expect show-rev-confidential 0 openreg show $ORG/gemeente-utrecht.yaml --rev "$mid" --confidential
test_expect show-not-yet 2 openreg show organisation/tijdelijk-platform --as-of 2024-04-30
test_expect show-while-it-existed 0 openreg show organisation/tijdelijk-platform --as-of 2024-05-15
test_expect show-after-deletion 2 openreg show organisation/tijdelijk-platform
test_expect show-before-history 2 openreg show organisation/gemeente-utrecht --as-of 2023-12-31
test_expect show-bad-date 2 openreg show organisation/gemeente-utrecht --as-of 2024-02-30
test_expect show-bad-rev 2 openreg show organisation/gemeente-utrecht --rev no-such-branch
test_expect show-both 2 openreg show organisation/gemeente-utrecht --rev HEAD --as-of 2024-02-12
test_expect show-hidden-organisation 2 openreg show organisation/stichting-brug
test_expect show-contact-confidential 0 openreg show contact/2023-10-05-overleg-stichting-brug --confidential
test_expect show-hostile 0 openreg show organisation/hostile

test_expect diff-clean-text 0 openreg diff main~2 main~1
test_expect diff-text 1 openreg diff "$mid"
test_expect diff-md 1 openreg diff "$mid" HEAD --format md
test_expect diff-json 1 openreg diff "$mid" HEAD --format json
test_expect diff-whole-history 1 openreg diff main~7 main
test_expect diff-contact-public 0 openreg diff "$mid~1" "$mid"
test_expect diff-contact-confidential 0 openreg diff "$mid~1" "$mid" --confidential
test_expect diff-contact-confidential-md 0 openreg diff "$mid~1" "$mid" --format md --confidential
test_expect diff-bad-rev 2 openreg diff no-such-branch
test_expect diff-usage 2 openreg diff
test_expect diff-bad-format 2 openreg diff HEAD --format html

# personal values never appear in any output; confidential ones only with --confidential
test_assert "no output holds a personal value" sh -c '! grep -l MARKER-PERSONAL "$0"/*.out "$0"/*.err' "$TRASH"
test_assert "public outputs hold no confidential value" \
	sh -c 'for f in "$0"/*.out; do case "$f" in *confidential*) ;; *) ! grep -q MARKER-CONFIDENTIAL "$f" || exit 1 ;; esac; done' "$TRASH"
test_assert "confidential outputs do show the confidential value" grep -q MARKER-CONFIDENTIAL "$TRASH/diff-contact-confidential.out"
test_assert "the Markdown holds no raw HTML, table pipe or code span from the names" \
	sh -c '! grep -E -e "(^|[^\\])(<script|@all|\`code)" -e "a[|]b" "$0/diff-md.out"' "$TRASH"
test_assert "log --format json is JSON" python3 -m json.tool "$TRASH/log-json.out" /dev/null
test_assert "diff --format json is JSON" python3 -m json.tool "$TRASH/diff-json.out" /dev/null

# what show prints reads back, with the strict loader, to the same values:
# committed over the records it came from, it is no change at all
git checkout -q -b roundtrip
for r in hostile gemeente-utrecht stichting-brug; do
	openreg show organisation/$r --confidential >$ORG/$r.yaml.new && mv $ORG/$r.yaml.new $ORG/$r.yaml
done
on 2024-09-01 && commit_as 'T Ester' -m "Records as show prints them"
test_expect show-roundtrip 1 openreg diff HEAD~1 HEAD --confidential
git checkout -q main

# a record committed broken (hooks skipped): nothing of it can be redacted, so nothing is shown
git checkout -q -b broken main
printf 'name: [unclosed\n' >$ORG/gemeente-utrecht.yaml
on 2024-10-01 && commit_as 'T Ester' -m "A broken record"
test_expect log-unreadable 0 openreg log organisation/gemeente-utrecht
test_expect show-unreadable 1 openreg show organisation/gemeente-utrecht
test_expect diff-unreadable 1 openreg diff HEAD~1
test_expect diff-unreadable-confidential 1 openreg diff HEAD~1 --confidential
git checkout -q main

test_done
