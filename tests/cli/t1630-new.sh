#!/bin/sh
# t1630-new: openreg new writes a record that every rule accepts, in its
# folder, under an id made from its name or its date and subject (folded to
# ASCII, unique), with the schema line for editors; asks on a terminal for
# what is missing; and refuses, with the findings openreg check gives, a
# record the rules refuse.
. "$(dirname "$0")/lib.sh"

at() {
	(cd "$1" && shift && "$@")
}
git config --global init.defaultBranch main
test_tick
openreg init --template sample reg >/dev/null || exit 2
cd reg || exit 2

test_expect org 0 openreg new organisation --name 'Stichting Samen Sterk' --kind zelforganisatie --set city=Utrecht
test_expect org-file 0 cat records/organisations/stichting-samen-sterk.yaml
test_expect org-again 0 openreg new organisation --name 'Stichting Samen Sterk' --kind zelforganisatie
test_expect org-folded 0 openreg new organisation --name 'Çağrı Vakfı — Ünye' --kind overig
test_expect org-quoted 0 openreg new organisation --name 'Werk: Nu' --kind overig --set kvk=12345678 \
	--set website=https://example.org/werk
test_expect org-quoted-file 0 cat records/organisations/werk-nu.yaml
test_expect org-id 0 openreg new organisation --name 'Iets Anders' --kind overig --id iets
test_expect org-id-taken 2 openreg new organisation --name 'Iets' --kind overig --id iets
test_expect org-id-path 2 openreg new organisation --name 'Iets' --kind overig --id ../../x
test_assert "no file outside the register" test ! -e ../x.yaml
test_expect org-no-letters 2 openreg new organisation --name '—' --kind overig

test_expect contact 0 openreg new contact --date 2025-05-01 --organisation stichting-samen-sterk \
	--organisation gemeente-utrecht --kind structureel --theme taal --subject 'Eerste overleg over taal'
test_expect contact-file 0 cat records/contacts/2025/2025-05-01-eerste-overleg-over-taal.yaml
test_expect contact-no-subject 0 openreg new contact --date 2024-11-02 --organisation gemeente-utrecht \
	--kind incidenteel
test_expect contact-id-other-year 0 openreg new contact --date 2023-11-02 --organisation gemeente-utrecht \
	--kind incidenteel --subject 'gemeente utrecht'
test_expect exclusion 0 openreg new exclusion --name 'Stichting Nachtschade' --ground advies-veiligheidsdiensten \
	--source 'Ambtsbericht AIVD, kenmerk AIVD/2025-0200' --since 2025-04-02
test_expect screening 0 openreg new screening --organisation stichting-samen-sterk --date 2025-05-03 \
	--outcome geen-match --set rationale='Ander KvK-nummer, ander bestuur' --set decided-by='team integriteit' \
	--source OpenSanctions --set 'sources=list=KvK handelsregister; date=2025-05-03'
test_expect screening-file 0 cat records/screenings/2025-05-03-stichting-samen-sterk.yaml
test_expect screening-missing 2 openreg new screening --organisation stichting-samen-sterk
test_expect screening-bad-item 2 openreg new screening --organisation stichting-samen-sterk --date 2025-05-03 \
	--outcome geen-match --set rationale=x --set decided-by=y --set 'sources=list=a; versie'
test_expect from-subfolder 0 at records/contacts openreg new organisation --name 'Buurthuis Oost' --kind overig
test_expect every-new-record-checks 0 openreg check

# usage errors: exit 2, nothing written
test_expect missing-required 2 openreg new contact --subject x
test_expect unknown-type 2 openreg new vereniging --name x
test_expect unknown-field 2 openreg new organisation --name x --kind overig --since 2024-01-01
test_expect unknown-set-field 2 openreg new organisation --name x --kind overig --set colour=blue
test_expect set-without-value 2 openreg new organisation --name x --kind overig --set city
test_expect twice 2 openreg new organisation --name x --name y --kind overig
test_expect no-type 2 openreg new
test_expect outside 2 at .. openreg new organisation --name x --kind overig
test_assert "nothing written by the usage errors" sh -c 'test -z "$(git status --porcelain | grep -v "^??")" &&
	test ! -e records/organisations/x.yaml && test ! -e ../records'

# refused by the rules: the findings openreg check gives, and no file
test_expect bad-enum 1 openreg new contact --date 2025-05-02 --organisation gemeente-utrecht --kind Structureel
test_expect missing-organisation 1 openreg new contact --date 2025-05-02 --organisation stichting-samen-sterkk \
	--kind structureel
test_expect excluded-organisation 1 openreg new contact --date 2025-05-02 \
	--organisation al-waad-cultureel-centrum --kind incidenteel
test_assert "refused records are not written" sh -c '! ls records/contacts/2025 | grep -q 2025-05-02'
mkdir -p ../same/records/contacts/2025 && cp -R schemas ../same/ && cp -R records/organisations records/exclusions ../same/records/ &&
	printf 'date: 2025-05-02\norganisations:\n  - al-waad-cultureel-centrum\nkind: incidenteel\n' \
	>records/contacts/2025/2025-05-02-al-waad-cultureel-centrum.yaml || exit 2
openreg check 2>"$TRASH/check.err"
rm records/contacts/2025/2025-05-02-al-waad-cultureel-centrum.yaml
test_assert "new gives the finding check gives" sh -c \
	'grep "\[exclusion\]" "$1/check.err" | sed "s/:[0-9]*:[0-9]*:/:/" >"$1/a" &&
	 grep "\[exclusion\]" "$1/excluded-organisation.err" | sed "s/:[0-9]*:[0-9]*:/:/" >"$1/b" &&
	 test -s "$1/a" && cmp -s "$1/a" "$1/b"' - "$TRASH"

# -e: the editor runs on the new file, which is judged again afterwards
printf '#!/bin/sh\necho "city: Zwolle" >>"$1"\n' >"$TRASH/add-city" && chmod +x "$TRASH/add-city"
test_expect edit 0 env EDITOR="$TRASH/add-city" VISUAL= "$OPENREG" new organisation --name 'Zwolle Samen' --kind overig -e
test_expect edit-file 0 cat records/organisations/zwolle-samen.yaml
printf '#!/bin/sh\necho "colour: blue" >>"$1"\n' >"$TRASH/break" && chmod +x "$TRASH/break"
test_expect edit-breaks 1 env VISUAL="$TRASH/break" "$OPENREG" new organisation --name 'Kleur' --kind overig -e
test_assert "a record broken in the editor is kept for the user to fix" test -f records/organisations/kleur.yaml

# on a terminal, it asks for what is missing
if command -v script >/dev/null 2>&1; then
	printf '2025-06-01\nstichting-samen-sterk, gemeente-utrecht\nstructureel\n' |
		script -qfec "$OPENREG new contact --subject 'Tweede overleg'" /dev/null >"$TRASH/asked.out" 2>&1
	# The terminal may echo the typed answers before or after a prompt,
	# depending on when script(1) hands them over: look for each prompt, in
	# order, with whatever echo there is removed.
	tr -d '\r' <"$TRASH/asked.out" | tr '\n' ' ' |
		sed -e 's/2025-06-01 //; s/stichting-samen-sterk, gemeente-utrecht //; s/structureel //' >"$TRASH/asked.flat"
	test_assert "asked on the terminal, then wrote the record" \
		grep -q 'Date (YYYY-MM-DD): *Organisations, one or more separated by commas: *Kind (structureel|incidenteel|signalering): *records/contacts/2025/2025-06-01-tweede-overleg.yaml' "$TRASH/asked.flat"
	test_expect asked-file 0 cat records/contacts/2025/2025-06-01-tweede-overleg.yaml
else
	test_skip "asked on the terminal" "no script(1)"
	test_skip "asked-file" "no script(1)"
fi

test_done
