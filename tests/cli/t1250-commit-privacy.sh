#!/bin/sh
# Personal data in commit messages and in the free text of a commit's
# author and committer is refused, by commit-msg, by check --commit-msg and
# --range, and by the server: each finding at its line and column in the
# message, the data itself not repeated.  The author's and committer's own
# name and address (a Signed-off-by: trailer) are who made the commit, not
# a finding; a phone number or an address inside the name field is.
. "$(dirname "$0")/history-lib.sh"

setup_server || exit 2
cd "$TRASH/work" || exit 2
openreg hooks install >/dev/null || exit 2

msg() { printf "$@" >"$TRASH/msg"; }

# commit-msg, as git runs it, and check --commit-msg
msg 'Overleg met Ahmed El Amrani\n\nBel hem op 06-12345678 of mail jan@voorbeeld.nl,\nIBAN nl91abna0417164300, BSN 111 222 333.\n'
test_expect commit-msg-message 1 scrubbed openreg hooks run commit-msg "$TRASH/msg"
test_expect check-commit-msg 1 scrubbed openreg check --commit-msg "$TRASH/msg"
msg 'Contacten maart\n\nSigned-off-by: C O Mitter <committer@example.org>\nCo-authored-by: A U Thor <author@example.org>\n'
test_expect commit-msg-own-identity 0 openreg hooks run commit-msg "$TRASH/msg"
msg 'Contacten maart\n\nCo-authored-by: Anna de Vries <anna@voorbeeld.nl>\n'
test_expect commit-msg-other-identity 1 scrubbed openreg hooks run commit-msg "$TRASH/msg"
msg 'Contacten maart\n# tel 06-12345678: a comment git leaves out\n# ------------------------ >8 ------------------------\njan@voorbeeld.nl\n'
test_expect commit-msg-comments-left-out 0 openreg hooks run commit-msg "$TRASH/msg"
msg 'Contacten maart (zie jan[at]voorbeeld[dot]nl, ０６１２３４５６７８)\n'
test_expect commit-msg-spellings 1 scrubbed openreg hooks run commit-msg "$TRASH/msg"
msg 'Contacten maart\n'
GIT_AUTHOR_NAME='Anna de Vries 06-12345678' test_expect commit-msg-phone-in-author-name 1 \
	scrubbed openreg hooks run commit-msg "$TRASH/msg"
GIT_COMMITTER_NAME='Anna <anna@voorbeeld.nl>' test_expect commit-msg-email-in-committer-name 1 \
	scrubbed openreg hooks run commit-msg "$TRASH/msg"
GIT_AUTHOR_EMAIL='0612345678@voorbeeld.nl' test_expect commit-msg-phone-as-address 1 \
	scrubbed openreg hooks run commit-msg "$TRASH/msg"
test_assert "no finding repeats the data" \
	sh -c '! grep -l -e Ahmed -e 12345678 -e voorbeeld -e 111 -e abna "$1"/commit-msg-*.err "$1"/check-*.err' - "$TRASH"

# git commit runs the hook: the commit is not made
echo '# opmerking' >>records/organisations/stichting-brug.yaml
test_tick
test_expect git-commit-refused 1 scrubbed git commit -q -a -m 'Overleg met mevrouw De Vries, tel 06-12345678'
test_assert "nothing was committed" sh -c '[ "$(git rev-parse HEAD)" = "$(git rev-parse origin/main)" ]'

# with --no-verify it is committed, but the server refuses it, and check --range says so
test_tick
git commit -q --no-verify -a -m 'Opmerking bij De Brug' -m 'Gebeld met 06-12345678.' && name_commit HEAD phone || exit 2
test_expect range-message 1 scrubbed openreg check --range origin/main..HEAD
test_expect push-message 1 push main
test_assert "the server did not move" unchanged_main origin/main
git reset -q --hard origin/main
echo '# opmerking' >>records/organisations/stichting-brug.yaml
test_tick
GIT_AUTHOR_NAME='Anna de Vries (tel 06-12345678)' GIT_COMMITTER_EMAIL='111222333@voorbeeld.nl' \
	git commit -q --no-verify -a -m 'Opmerking bij De Brug' && name_commit HEAD identity || exit 2
test_expect push-identity 1 push main
test_assert "the server did not move" unchanged_main origin/main
git reset -q --hard origin/main

# a clean message, the author's own trailer: accepted
echo '# opmerking' >>records/organisations/stichting-brug.yaml
test_tick
git commit -q -a -m 'Opmerking bij De Brug' -m "Signed-off-by: $GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL>" || exit 2
test_expect push-clean 0 push main


test_done
