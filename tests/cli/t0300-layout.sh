#!/bin/sh
# t0300-layout: what the layout rule says of things under records/ that
# cannot be a corpus file: symbolic links, FIFOs, folders named like
# records, nested repositories, file names that are not UTF-8, line ends
# and byte-order marks, and a folder of 100,000 records.
. "$(dirname "$0")/lib.sh"

at() {
	(d=$1; shift; cd "$d" && openreg "$@")
}

# org FILE NAME: write a small valid organisation record
org() {
	printf 'name: %s\nkind: zelforganisatie\ncity: Utrecht\n' "$2" >"$1"
}

new_register reg &&
mkdir reg/records/organisations &&
org reg/records/organisations/stichting-brug.yaml 'Stichting Brug' || exit 2

# symbolic links, to a record inside the register and to a file outside it
new_register links &&
mkdir links/records/organisations &&
org links/records/organisations/stichting-brug.yaml 'Stichting Brug' &&
ln -s stichting-brug.yaml links/records/organisations/de-brug.yaml &&
ln -s /etc/hostname links/records/organisations/hostname.yaml &&
ln -s ../../schemas links/records/organisations/schemas || exit 2
test_expect symlinks 1 at links validate
test_expect symlink-named 1 at links validate records/organisations/de-brug.yaml
test_expect symlinks-json 1 at links validate --format json

# a symbolic link as the records folder itself
new_register linkedrecords &&
rmdir linkedrecords/records &&
ln -s ../reg/records linkedrecords/records || exit 2
test_expect symlink-records-folder 1 at linkedrecords validate

# a FIFO must not make validate wait for a writer
new_register fifo &&
mkdir fifo/records/organisations &&
org fifo/records/organisations/stichting-brug.yaml 'Stichting Brug' &&
mkfifo fifo/records/organisations/pijp.yaml || exit 2
test_expect fifo 1 timeout 10 sh -c 'cd fifo && exec "$0" validate' "$OPENREG"
test_expect fifo-named 1 timeout 10 sh -c 'cd fifo && exec "$0" validate records/organisations/pijp.yaml' "$OPENREG"

# a folder named like a record, empty and with a record in it; an empty
# folder elsewhere is nothing to report
new_register dir &&
mkdir -p dir/records/organisations/leeg.yaml dir/records/organisations/vol.yaml \
	dir/records/contacts/2026 dir/records/exclusions &&
org dir/records/organisations/vol.yaml/stichting-brug.yaml 'Stichting Brug' || exit 2
test_expect folder-named-like-record 1 at dir validate

# a nested repository and a submodule (a .git file) inside records/
new_register nested &&
mkdir -p nested/records/organisations nested/records/organisations/module &&
git init -q nested/records/organisations/repo &&
org nested/records/organisations/repo/stichting-brug.yaml 'Stichting Brug' &&
echo 'gitdir: ../../../.git/modules/module' >nested/records/organisations/module/.git &&
org nested/records/organisations/module/stichting-brug.yaml 'Stichting Brug' || exit 2
test_expect nested-repository 1 at nested validate
test_expect nested-repository-named 1 at nested validate records/organisations/repo

# a file name that is not UTF-8
new_register latin1 &&
mkdir latin1/records/organisations &&
org "latin1/records/organisations/$(printf '\377')ntegratie.yaml" 'Stichting Integratie' || exit 2
test_expect name-not-utf8 1 at latin1 validate
test_expect name-not-utf8-json 1 at latin1 validate --format json

# CRLF line ends and a byte-order mark are fine
new_register crlf &&
mkdir -p crlf/records/organisations crlf/records/contacts/2024 &&
printf 'name: Stichting Brug\r\nkind: zelforganisatie\r\naliases:\r\n  - De Brug\r\nnotes: >-\r\n  Twee\r\n  regels.\r\n' \
	>crlf/records/organisations/stichting-brug.yaml &&
printf '\357\273\277date: 2024-03-12\norganisations:\n  - stichting-brug\nkind: incidenteel\n' \
	>crlf/records/contacts/2024/2024-03-12-overleg.yaml &&
printf '\357\273\277name: Stichting Werk\r\nkind: overig\r\n' \
	>crlf/records/organisations/stichting-werk.yaml || exit 2
test_expect crlf-and-bom 0 at crlf validate

# CRLF and BOM keep lines and columns right
new_register crlfbad &&
mkdir -p crlfbad/records/organisations crlfbad/records/contacts/2024 &&
printf 'name: Stichting Brug\r\nkind: zelforganisatie\r\nkvk: 58213964\r\n' \
	>crlfbad/records/organisations/stichting-brug.yaml &&
printf '\357\273\277date: 2024-03-12\norganisations:\n  - stichting-brug\nkind: incidentel\n' \
	>crlfbad/records/contacts/2024/2024-03-12-overleg.yaml || exit 2
test_expect crlf-and-bom-positions 1 at crlfbad validate

# 100,000 records in one folder (awk writes them: a shell loop would take minutes)
new_register many &&
mkdir many/records/organisations || exit 2
awk 'BEGIN { for (i = 0; i < 100000; i++) { f = sprintf("many/records/organisations/org-%d.yaml", i);
	printf "name: Stichting %d\nkind: overig\n", i > f; close(f) } }' || exit 2
printf 'name: 12\nkind: overig\n' > many/records/organisations/org-99999.yaml
test_expect many-records 1 at many validate

test_done
