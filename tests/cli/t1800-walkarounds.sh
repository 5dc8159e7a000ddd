#!/bin/sh
# t1800-walkarounds: what an outside reviewer tried after reading the
# README, beyond the cases of t1000 (exclusions), t11xx (history) and t12xx
# (privacy): each pushed with real git to a bare server whose pre-receive
# hook must refuse it, next to the honest changes that must pass.  What is
# still let through is listed at the end as a known gap, with its reason.
# Commits are made with --no-verify: the client's hooks are the attacker's.
. "$(dirname "$0")/history-lib.sh"

# notes ID TEXT: notes for organisation ID (a YAML double-quoted string's inside)
notes() {
	printf 'notes: "%s"\n' "$2" >>"$TRASH/work/records/organisations/$1.yaml"
}

# refused CASE [REFSPEC]: push what is committed; the server must refuse it and stay as it was
refused() {
	before=$(server_tip)
	test_expect "$1" 1 push "${2:-main}"
	test_assert "$1: the server is unchanged" test "$(server_tip)" = "$before"
	reset_work || exit 2
}

# gap CASE REASON [REFSPEC]: a walk-around the server still lets through.  While it
# is let through, it is counted as skipped with its reason (it cannot be taken
# back: the server refuses rewinds); once refused, it passes and says so.
gap() {
	if push "${3:-main}" >/dev/null 2>&1; then
		test_skip "$1" "known gap: $2"
	else
		test_assert "$1 (a known gap, now refused: make it a refused case)" true
	fi
	reset_work || exit 2
}

# The sample register (its exclusion 'samidoun' has no organisation record) on a server.
setup_server || exit 2

# ---------------------------------------------------------------------
# 1. An organisation record under the exclusion's own id, with another
# name: the exclusion has no organisation record, so the id is the link

organisation samidoun 'Vredesgroep Oost' && commit 'Nieuwe organisatie' || exit 2
refused same-id-as-exclusion
organisation samidoun 'Vredesgroep Oost' &&
contact 2025-06-02-overleg-vredesgroep 2025-06-02 samidoun && commit 'Overleg' || exit 2
refused same-id-as-exclusion-contact

# ---------------------------------------------------------------------
# 2. Personal data written with other separators, or another form of address

in_notes() { # CASE TEXT: TEXT in the notes of a new organisation, refused
	organisation vredesgroep 'Vredesgroep Oost' && notes vredesgroep "$2" && commit 'Nieuwe organisatie' || exit 2
	refused "$1"
}
in_notes bsn-underscores 'bsn 111_222_333'
in_notes bsn-slashes 'nummer 111/222/333'
in_notes iban-slashes 'rekening NL91/ABNA/0417/1643/00'
in_notes title-mej 'Gesprek met mej. Jansen'

# ---------------------------------------------------------------------
# 3. Personal data in a contact's id, an organisation's id, a branch's name, a tag's message and tagger

organisation vredesgroep 'Vredesgroep Oost' &&
contact 2025-06-02-jan-0612345678 2025-06-02 vredesgroep && commit 'Overleg' || exit 2
refused phone-in-contact-id
organisation vredesgroep-0612345678 'Vredesgroep Oost' && commit 'Nieuwe organisatie' || exit 2
refused phone-in-organisation-id
commit 'Lege wijziging' --allow-empty || exit 2
refused phone-in-branch-name HEAD:refs/heads/jan-0612345678
git -C "$TRASH/work" tag -a -m 'Vastgesteld; vragen: 06-12345678' v2025 &&
git -C "$TRASH/work" -c advice.nestedTag=false tag -a -m 'Vastgesteld' v2025-outer v2025 || exit 2
refused phone-in-tag-message refs/tags/v2025
refused phone-in-tagged-tag-message refs/tags/v2025-outer
GIT_COMMITTER_NAME='C O Mitter (tel 0612345678)' git -C "$TRASH/work" tag -a -m 'Vastgesteld' v2025-tagger || exit 2
refused phone-in-tagger-name refs/tags/v2025-tagger

# ---------------------------------------------------------------------
# Controls: references, dates and ids with numbers that are no personal data

organisation vredesgroep 'Vredesgroep Oost' &&
notes vredesgroep 'Ambtsbericht AIVD/2025-0117, brief 2024/11/21, Kamerstuk 32 824, nr. 445' &&
contact 2025-06-02-overleg-vredesgroep-2 2025-06-02 vredesgroep && commit 'Overleg' || exit 2
test_expect control-numbers-no-personal-data 0 push main
commit 'Lege wijziging' --allow-empty || exit 2
test_expect control-branch-name 0 push HEAD:refs/heads/overleg-2025-06-02
git -C "$TRASH/work" tag -a -m 'Vastgesteld op 2025-06-02, kenmerk 2025/0117' v2025-06 || exit 2
test_expect control-tag-message 0 push refs/tags/v2025-06
# a date and a number after it read together pass the eleven-test of a BSN (202301011): they are no BSN
contact 2023-01-01-1 2023-01-01 vredesgroep && commit 'Overleg' || exit 2
test_expect control-date-and-number-in-id 0 push main
git -C "$TRASH/work" tag publicatie/contacts-2023-01-01-1 || exit 2
test_expect control-date-and-number-in-tag 0 push refs/tags/publicatie/contacts-2023-01-01-1

# ---------------------------------------------------------------------
# Known gaps: still let through

organisation gap-arabic '"\u0635\u0627\u0645\u062f\u0648\u0646"' &&
contact 2025-06-03-overleg-gap-arabic 2025-06-03 gap-arabic && commit 'Overleg' || exit 2
gap arabic-script-name 'Any-Latin gives samdwn for the Arabic spelling, too far from samidoun'

organisation gap-compound 'Samidounbeweging' &&
contact 2025-06-03-overleg-gap-compound 2025-06-03 gap-compound && commit 'Overleg' || exit 2
gap compound-word 'an excluded name inside a longer compound word is not compared'

organisation gap-digits 'Vredesgroep West' &&
notes gap-digits 'bel \u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668' && commit 'Nieuwe organisatie' || exit 2
refused arabic-indic-digits

organisation gap-words 'Vredesgroep Noord' &&
notes gap-words 'jan apenstaartje voorbeeld punt nl' && commit 'Nieuwe organisatie' || exit 2
refused email-apenstaartje

organisation gap-initials 'Vredesgroep Zuid' &&
notes gap-initials 'Gesprek met A.B. Jansen en wethouder Pietersen' && commit 'Nieuwe organisatie' || exit 2
gap initials-and-office 'initials or an office before a surname are not recognised as a name'


mkdir -p "$TRASH/work/records/screenings" &&
printf 'organisation: vredesgroep\ndate: 2025-06-01\noutcome: twijfel\nrationale: Zie de notitie.\ndecided-by: Bakker\nsources:\n  - list: KvK\n    date: 2025-06-01\n' \
	>"$TRASH/work/records/screenings/2025-06-01-vredesgroep.yaml" && commit 'Screening' || exit 2
gap surname-decided-by 'decided-by is free text: a surname alone is not told from a unit'

echo 'Gesprek met dhr. Jansen, bsn 111222333, tel 06-12345678' >"$TRASH/work/notities.txt" &&
mkdir -p "$TRASH/work/docs" && echo 'Verslag: mevr. de Vries, jan@voorbeeld.nl' >"$TRASH/work/docs/verslag.md" &&
commit 'Notities' || exit 2
refused files-outside-records

# a NUL byte does not hide the text after it; a file's name is read too; a
# text file in schemas/ that is no schema is no schema's
printf 'PNG\0\0\0 bsn 111222333' >"$TRASH/work/logo.png" && commit 'Logo' || exit 2
refused bsn-after-nul-byte
mkdir -p "$TRASH/work/docs" && echo 'Verslag van het overleg.' >"$TRASH/work/docs/verslag-0612345678.txt" &&
commit 'Verslag' || exit 2
refused phone-in-other-file-name
echo 'Contact: jan@voorbeeld.nl' >"$TRASH/work/schemas/notities.txt" && commit 'Notities' || exit 2
refused email-in-schemas-text-file

# the honest control: a README and a binary file outside the records pass
printf '# Register\n\nZie records/ voor de organisaties; vragen via de afdeling Integratie.\n' >"$TRASH/work/README.md" &&
printf 'PNG\0\0\0\211\001\002 IHDR 2025-06-01 ' >"$TRASH/work/logo.png" && commit 'Leesmij' || exit 2
test_expect files-outside-records-control 0 push main

test_done
