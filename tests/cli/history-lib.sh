# tests/cli/history-lib.sh - what the t11xx tests of the history rules
# share: a clone "work" of the sample register and a bare "server.git" with
# 'openreg hooks install --server', and helpers to write records, commit
# them without the local hooks and name commits in scrubbed output.
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main &&
git config --global advice.detachedHead false || exit 2

: >"$TRASH/names"

# name_commit REV NAME: call REV (in work) NAME in scrubbed output
name_commit() {
	id=$(git -C "$TRASH/work" rev-parse "$1") || return 1
	echo "$id <$2>" >>"$TRASH/names"
}

scrub() {
	script="s|$TRASH|TRASH|g; s/[[:space:]]*\$//"
	while read -r id name; do
		short=$(echo "$id" | cut -c1-7)
		script="$script; s/$id/$name/g; s/$short/$name/g"
	done <"$TRASH/names"
	sed -e "$script"
}

scrubbed() {
	"$@" >"$TRASH/.raw.out" 2>"$TRASH/.raw.err"
	rc=$?
	scrub <"$TRASH/.raw.out"
	scrub <"$TRASH/.raw.err" >&2
	return $rc
}

# inside DIR COMMAND...: run COMMAND in DIR, its output scrubbed
inside() { (d=$1; shift; cd "$d" && scrubbed "$@"); }

# push ARG...: git push from work to the server, its output scrubbed
push() { inside "$TRASH/work" git push -q origin "$@"; }

# commit MESSAGE [OPTION...]: stage everything in work and commit without the local hooks
commit() {
	test_tick
	(m=$1; shift; cd "$TRASH/work" && git add -A && git commit -q --no-verify -m "$m" "$@")
}

# server_tip: the server's main
server_tip() { git -C "$TRASH/server.git" rev-parse refs/heads/main; }

# reset_work: work's main back to the server's, and a clean tree
reset_work() {
	git -C "$TRASH/work" checkout -q -f main && git -C "$TRASH/work" fetch -q origin &&
	git -C "$TRASH/work" reset -q --hard origin/main && git -C "$TRASH/work" clean -q -fdx
}

# unchanged_server: the server's main is still REV
unchanged_main() { [ "$(server_tip)" = "$(git -C "$TRASH/work" rev-parse "$1")" ]; }

organisation() { # ID NAME
	printf 'name: %s\nkind: zelforganisatie\ncity: Utrecht\n' "$2" >"$TRASH/work/records/organisations/$1.yaml"
}

contact() { # ID DATE ORGANISATION [KIND]
	y=$(echo "$2" | cut -c1-4)
	mkdir -p "$TRASH/work/records/contacts/$y" &&
	printf 'date: %s\norganisations:\n  - %s\nkind: %s\nthemes:\n  - taal\nform: overleg\n' \
		"$2" "$3" "${4:-structureel}" >"$TRASH/work/records/contacts/$y/$1.yaml"
}

REF='Reference: Kamerstuk 32 824, nr. 445'

# setup_server: the sample register in work, pushed to a server with the hooks
setup_server() {
	new_register "$TRASH/work" &&
	cp -R "$SRC/records/." "$TRASH/work/records/" &&
	commit "Register: the sample records" -m "$REF" &&
	name_commit HEAD initial &&
	git init -q --bare "$TRASH/server.git" &&
	(cd "$TRASH/server.git" && openreg hooks install --server >/dev/null) &&
	git -C "$TRASH/work" remote add origin ../server.git &&
	git -C "$TRASH/work" push -q origin main
}
