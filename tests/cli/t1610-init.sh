#!/bin/sh
# t1610-init: openreg init lays out a register that passes its own rules,
# commits it with a Reference: trailer, installs the hooks, finds the
# shipped schemas in the build tree and in an installation, and refuses
# to lay anything over a register or over files of the same names.
. "$(dirname "$0")/lib.sh"

# scrubbed COMMAND...: COMMAND with this machine's trash path in its output replaced by TRASH
scrubbed() {
	"$@" >"$TRASH/scrubbed.out" 2>"$TRASH/scrubbed.err"
	scrubbed_status=$?
	sed "s|$TRASH|TRASH|g" "$TRASH/scrubbed.out"
	sed "s|$TRASH|TRASH|g" "$TRASH/scrubbed.err" >&2
	return $scrubbed_status
}
git config --global init.defaultBranch main

# at DIR COMMAND...: run COMMAND in folder DIR
at() {
	(cd "$1" && shift && "$@")
}

test_tick
test_expect init-new-folder 0 scrubbed openreg init reg
git -C reg ls-files >"$TRASH/files.out"
test_expect ls-files 0 cat "$TRASH/files.out"
test_expect first-commit 0 git -C reg log --format='%s%n%n%b' -1
test_assert "the first commit is the only one" test "$(git -C reg rev-list --count HEAD)" = 1
test_assert "the schemas are the shipped ones" diff -r "$SRC/schemas" reg/schemas
test_assert "the record folders are there, empty" \
	sh -c 'test -d reg/records/organisations && test -d reg/records/contacts && test -d reg/records/exclusions &&
		test -z "$(find reg/records -type f)"'
test_assert "pre-commit hook installed" test -x reg/.git/hooks/pre-commit
test_assert "commit-msg hook installed" test -x reg/.git/hooks/commit-msg
test_expect vscode-settings 0 cat reg/.vscode/settings.json
test_assert "settings.json is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' reg/.vscode/settings.json
test_assert "extensions.json is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' reg/.vscode/extensions.json
test_expect new-register-check 0 at reg openreg check
test_expect new-register-validate 0 at reg openreg validate
test_expect new-register-status 0 git -C reg status --porcelain

# refusals: exit 2, nothing written
test_expect refuse-again 2 scrubbed openreg init reg
mkdir -p reg/sub
test_expect refuse-inside 2 scrubbed at reg/sub openreg init
mkdir -p own && printf 'root = true\n' >own/.editorconfig
test_expect refuse-editorconfig 2 openreg init own
test_assert "the user's .editorconfig is untouched" test "$(cat own/.editorconfig)" = "root = true"
test_assert "nothing else written" test "$(ls -A own)" = .editorconfig
mkdir -p half/schemas
test_expect refuse-schemas 2 openreg init half
test_expect refuse-template 2 openreg init --template big x
test_assert "no folder for a refused template" test ! -e x
test_expect refuse-two-folders 2 openreg init a b
test_expect refuse-reference-empty 2 openreg init --reference= y

# a repository cloned from an empty project on the git host
git init -q --bare server.git && git clone -q server.git clone 2>/dev/null
test_tick
test_expect init-in-clone 0 scrubbed at clone openreg init --reference "Kamerstuk 32 824, nr. 445"
test_assert "the clone's branch has the first commit" test "$(git -C clone rev-list --count HEAD)" = 1

# the sample register: every rule passes, the Reference: trailer admits its exclusions
test_tick
test_expect init-sample 0 scrubbed openreg init --template sample --reference 'Kamerstuk 32 824, nr. 445' sample
test_assert "the sample's records, all committed" \
	test "$(git -C sample ls-files records | wc -l)" = "$(cd "$SRC" && git ls-files records | wc -l)"
test_expect sample-check-rev 0 at sample openreg check --rev HEAD
test_expect sample-check-range 0 at sample openreg check --range ..HEAD

# an installation: the schemas under share/openreg beside bin/, found from the program's own path
(cd "$SRC" && make -s install-share DESTDIR="$TRASH/inst" PREFIX=/usr >/dev/null) &&
	mkdir -p inst/usr/bin && cp "$OPENREG" inst/usr/bin/openreg || exit 2
test_tick
test_expect init-installed 0 scrubbed inst/usr/bin/openreg init --template sample installed
test_assert "the installed schemas were used" diff -r inst/usr/share/openreg/schemas installed/schemas
test_expect init-no-share 3 env OPENREG_SHAREDIR="$TRASH/nowhere" "$OPENREG" init nowhere
test_assert "nothing laid out without the schemas" test ! -e nowhere

test_done
