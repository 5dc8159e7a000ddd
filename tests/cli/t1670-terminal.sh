#!/bin/sh
# t1670-terminal: on a terminal (a pseudo-terminal made by script(1)) the
# findings are coloured (file bold, error red, warning yellow) and followed
# by the offending line with a caret under the column, made safe to print;
# --color and NO_COLOR decide the colour; -q silences notes, -v adds a
# summary; nothing of this reaches a pipe.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	test_skip "terminal output" "no script(1)"
	test_done
fi

# tty COMMAND...: run COMMAND (a string for sh) on a pseudo-terminal; its output, a CR a line end
tty() {
	script -qfec "$1" /dev/null </dev/null | tr '\r' '\n' | sed '/^$/d'
}

new_register reg && cd reg || exit 2
mkdir -p records/organisations records/contacts/2025
printf 'name: Stichting Brug\nkind: zelforganisatie\n' >records/organisations/stichting-brug.yaml
# a tab, a multibyte letter and a right-to-left override before the error's column
printf 'date: 2025-05-01\norganisations:\n  - stichting-brug\nkind: structurel\nsubject: "\t\303\251\342\200\256x"\nform: overlegg\n' \
	>records/contacts/2025/2025-05-01-overleg.yaml
git add -A && git commit -q -m start || exit 2

test_expect tty-colour 0 tty "'$OPENREG' validate"
test_expect tty-never 0 tty "'$OPENREG' validate --color=never"
test_expect tty-no-color 0 tty "NO_COLOR=1 '$OPENREG' validate"
test_expect tty-no-color-empty 0 tty "NO_COLOR= '$OPENREG' validate -q"
test_expect tty-dumb 0 tty "TERM=dumb '$OPENREG' validate -q"
test_expect tty-check 0 tty "'$OPENREG' check --color=never"
test_expect tty-check-rev 0 tty "'$OPENREG' check --color=never --rev HEAD"
test_expect pipe-always 1 openreg validate --color=always
test_expect pipe-plain 1 openreg validate
test_assert "no escape sequence reaches a pipe by default" sh -c '! grep -q "$(printf "\033")" "$1"' - "$TRASH/pipe-plain.err"
test_assert "the right-to-left override is not printed" sh -c '! grep -q "$(printf "\342\200\256")" "$1"' - "$TRASH/tty-never.out"

# -v and -q
git rm -q --cached records/contacts/2025/2025-05-01-overleg.yaml && rm records/contacts/2025/2025-05-01-overleg.yaml
test_expect verbose-validate 0 openreg validate -v
test_expect verbose-check 0 openreg check -v
test_expect verbose-check-staged 0 openreg check -v --staged
test_expect quiet-tty 0 tty "'$OPENREG' validate -q"
test_expect note-tty 0 tty "'$OPENREG' validate"
test_expect quiet-wins 0 openreg validate -v -q

# progress: on a terminal, for work that takes longer than OPENREG_PROGRESS_DELAY seconds
tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' check" >"$TRASH/progress-check"
test_assert "check shows progress on a terminal" grep -q "^Checking records: 100% (1/1), done\.$" "$TRASH/progress-check"
tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' validate" >"$TRASH/progress-validate"
test_assert "validate shows progress on a terminal" grep -q "^Checking records: 100% (1/1), done\.$" "$TRASH/progress-validate"
tty "'$OPENREG' check" >"$TRASH/progress-quick"
test_assert "no progress for quick work" sh -c '! grep -q Checking "$1"' - "$TRASH/progress-quick"
tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' check -q" >"$TRASH/progress-quiet"
test_assert "no progress with -q" sh -c '! grep -q Checking "$1"' - "$TRASH/progress-quiet"
OPENREG_PROGRESS_DELAY=0 openreg check 2>"$TRASH/progress-pipe.err"
test_assert "no progress into a pipe" test ! -s "$TRASH/progress-pipe.err"

# a range's commits are counted one by one as they are checked: diff and check --range
git reset -q --hard
start=$(git rev-parse HEAD)
printf 'name: Stichting Oever\nkind: zelforganisatie\n' >records/organisations/stichting-oever.yaml
git add -A && git commit -q -m oever || exit 2
printf 'name: Stichting Kade\nkind: zelforganisatie\n' >records/organisations/stichting-kade.yaml
git add -A && git commit -q -m kade || exit 2
tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' diff $start" >"$TRASH/progress-diff"
test_assert "diff shows the range's progress on a terminal" grep -q "^Checking commits: 100% (2/2), done\.$" "$TRASH/progress-diff"
tty "OPENREG_PROGRESS_DELAY=0 '$OPENREG' check --range $start..HEAD" >"$TRASH/progress-range"
test_assert "check --range shows it too" grep -q "^Checking commits: 100% (2/2), done\.$" "$TRASH/progress-range"
tty "'$OPENREG' diff $start" >"$TRASH/progress-diff-quick"
test_assert "no progress for a quick diff" sh -c '! grep -q Checking "$1"' - "$TRASH/progress-diff-quick"
OPENREG_PROGRESS_DELAY=0 openreg diff "$start" >/dev/null 2>"$TRASH/progress-diff-pipe.err"
test_assert "no progress of diff into a pipe" test ! -s "$TRASH/progress-diff-pipe.err"

test_done
