# tests/cli/lib.sh - the command-line test library, in the shape of git's t/test-lib.sh.
#
# A test script sources this file, then calls test_expect for each case.
# Each script runs in its own trash folder with a fixed environment, so
# that output is the same on every machine.  Golden files live in
# tests/cli/golden/<script>/<case>.out and .err; a missing golden file
# means the stream must be empty.  UPDATE_GOLDEN=1 rewrites them.

set -u
TEST_NAME=$(basename "$0" .sh)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OPENREG=${OPENREG:-$SRC/openreg}
GOLDEN=$SRC/tests/cli/golden/$TEST_NAME
TRASH=$SRC/tests/trash/$TEST_NAME

LC_ALL=C TZ=UTC
HOME=$TRASH/home
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$TRASH/home/.gitconfig
GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL=author@example.org
GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL=committer@example.org
GIT_AUTHOR_DATE='2024-01-02 10:00:00 +0100' GIT_COMMITTER_DATE='2024-01-02 10:00:00 +0100'
GIT_CEILING_DIRECTORIES=$SRC/tests/trash
export LC_ALL TZ HOME GIT_CEILING_DIRECTORIES GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES

rm -rf "$TRASH"
mkdir -p "$TRASH/home"
cd "$TRASH" || exit 2

test_count=0
test_failed=0
test_skipped=0

openreg() {
	"$OPENREG" "$@"
}

# test_tick: advance the fixed dates by one minute, like git's.
test_tick() {
	test_tick_n=$(( ${test_tick_n:-0} + 60 ))
	GIT_COMMITTER_DATE="@$((1704186000 + test_tick_n)) +0100"
	GIT_AUTHOR_DATE=$GIT_COMMITTER_DATE
	export GIT_COMMITTER_DATE GIT_AUTHOR_DATE
}

# commit_all DIR MESSAGE...: commit everything, without hooks
commit_all() {
	dir=$1
	shift
	test_tick
	git -C "$dir" add -A && git -C "$dir" commit -q --no-verify "$@"
}

# new_register DIR: a register with the project's schemas and no records (the
# meta-schema, which no rule reads, left out, so commit ids do not move with it).
new_register() {
	mkdir -p "$1/records" "$1/schemas" &&
	for new_register_f in "$SRC"/schemas/*; do
		case "$new_register_f" in */openreg.meta.schema.yaml) ;; *) cp "$new_register_f" "$1/schemas/" || return 1 ;; esac
	done &&
	git init -q "$1"
}

_compare() { # golden actual label
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		mkdir -p "$GOLDEN"
		if [ -s "$2" ]; then cp "$2" "$1"; else rm -f "$1"; fi
		return 0
	fi
	if [ -f "$1" ]; then
		diff -u "$1" "$2" >&2 && return 0
	elif [ -s "$2" ]; then
		echo "unexpected $3 (no golden file $1):" >&2
		cat "$2" >&2
	else
		return 0
	fi
	return 1
}

# test_expect CASE STATUS COMMAND...: run COMMAND, compare its exit status
# with STATUS and its stdout and stderr with the golden files of CASE.
test_expect() {
	case_name=$1
	want=$2
	shift 2
	test_count=$((test_count + 1))
	"$@" >"$TRASH/$case_name.out" 2>"$TRASH/$case_name.err"
	got=$?
	ok=1
	[ "$got" = "$want" ] || { echo "$case_name: exit status $got, expected $want" >&2; ok=0; }
	_compare "$GOLDEN/$case_name.out" "$TRASH/$case_name.out" stdout || ok=0
	_compare "$GOLDEN/$case_name.err" "$TRASH/$case_name.err" stderr || ok=0
	if [ $ok = 1 ]; then
		echo "ok $test_count - $case_name"
	else
		echo "not ok $test_count - $case_name"
		test_failed=$((test_failed + 1))
	fi
}

# test_assert DESCRIPTION COMMAND...: a case judged by a shell command alone.
test_assert() {
	desc=$1
	shift
	test_count=$((test_count + 1))
	if "$@"; then
		echo "ok $test_count - $desc"
	else
		echo "not ok $test_count - $desc"
		test_failed=$((test_failed + 1))
	fi
}

# test_skip DESCRIPTION REASON: a case that cannot run here (a tool is missing,
# no network); counted apart, never as passed.
test_skip() {
	test_count=$((test_count + 1))
	test_skipped=$((test_skipped + 1))
	echo "ok $test_count # skip $1: $2"
}

# node_modules PACKAGE@VERSION...: install npm packages once into tests/trash/npm (shared by the
# tests, which may run at the same time: a lock folder keeps it to one install); prints the
# node_modules folder.  Fails without node and npm, or offline.
node_modules() {
	nm_dir=$SRC/tests/trash/npm
	command -v node >/dev/null 2>&1 || return 1
	mkdir -p "$SRC/tests/trash"
	nm_tries=0
	until mkdir "$nm_dir.lock" 2>/dev/null; do
		nm_tries=$((nm_tries + 1))
		[ $nm_tries -gt 600 ] && return 1
		sleep 1
	done
	nm_ok=0
	for nm_p in "$@"; do
		[ -d "$nm_dir/node_modules/${nm_p%@*}" ] || nm_ok=1
	done
	if [ $nm_ok = 1 ]; then
		command -v npm >/dev/null 2>&1 && mkdir -p "$nm_dir" &&
			timeout 300 npm install --prefix "$nm_dir" --cache "$nm_dir/.npm" --no-audit --no-fund --silent \
				"$@" >"$TRASH/npm.log" 2>&1
		nm_ok=$?
	fi
	rmdir "$nm_dir.lock"
	[ $nm_ok = 0 ] && echo "$nm_dir/node_modules"
}

# same_with_index LABEL ARGS...: "openreg ARGS" in the current repository
# gives the same output, errors and exit status with the history index and
# with openreg.historyIndex false; a difference is shown on standard error.
same_with_index() {
	swi_label=$1
	shift
	"$OPENREG" "$@" > "$TRASH/with.out" 2> "$TRASH/with.err"
	echo "exit $?" >> "$TRASH/with.out"
	git config openreg.historyIndex false
	"$OPENREG" "$@" > "$TRASH/without.out" 2> "$TRASH/without.err"
	echo "exit $?" >> "$TRASH/without.out"
	git config --unset openreg.historyIndex
	if ! cmp -s "$TRASH/with.out" "$TRASH/without.out" || ! cmp -s "$TRASH/with.err" "$TRASH/without.err"; then
		echo "$swi_label: openreg $* differs with the index:" >&2
		diff -u "$TRASH/without.out" "$TRASH/with.out" | head -n 20 >&2
		diff -u "$TRASH/without.err" "$TRASH/with.err" | head -n 5 >&2
		return 1
	fi
}

# the last line is the one tests/run counts
test_done() {
	echo "# $test_count tests, $test_failed failed, $test_skipped skipped"
	[ "$test_failed" = 0 ]
	exit $?
}
