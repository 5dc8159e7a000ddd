#!/bin/sh
# t1660-completion: the bash completion offers the commands, each command's
# options and their values, record ids for log and show, record types for
# new and revisions, all from the program's own tables and the register;
# the zsh completion loads and offers the commands (when zsh is installed).
. "$(dirname "$0")/lib.sh"

git config --global init.defaultBranch main
test_tick
openreg init --template sample reg >/dev/null && cd reg || exit 2
PATH=$(dirname "$OPENREG"):$PATH
export PATH

# complete WORD...: what bash completion offers for the last word, one a line
complete_bash() {
	bash -c '. "$1/cmd/completion/openreg.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _openreg
		printf "%s\n" "${COMPREPLY[@]}"' - "$SRC" "$@"
}

if command -v bash >/dev/null 2>&1 && [ "$(basename "$OPENREG")" = openreg ]; then
	complete_bash openreg '' >"$TRASH/commands.got"
	openreg help --commands >"$TRASH/commands.want"
	test_assert "every command is offered" cmp -s "$TRASH/commands.got" "$TRASH/commands.want"
	test_expect commands-prefix 0 complete_bash openreg ch
	test_expect check-options 0 complete_bash openreg check --
	test_expect format-values 0 complete_bash openreg check --format ''
	test_expect format-equals 0 complete_bash openreg validate --format = j
	test_expect color-values 0 complete_bash openreg show --color ''
	test_expect log-records 0 complete_bash openreg log organisation/stichting-b
	test_expect show-records 0 complete_bash openreg show exclusion/sam
	test_expect new-types 0 complete_bash openreg new ''
	test_expect diff-revisions 0 complete_bash openreg diff ''
	test_expect rev-values 0 complete_bash openreg show organisation/gemeente-utrecht --rev ''
	test_expect range-values 0 complete_bash openreg check --range ''
	test_expect hooks-run 0 complete_bash openreg hooks run ''
	test_expect help-commands 0 complete_bash openreg help o
	test_assert "every command's options are offered" sh -c '
		for c in $("$1" help --commands); do
			"$1" help --options "$c" | cut -f1 | sort >"$2/want"
			bash -c ". \"\$1/cmd/completion/openreg.bash\"; COMP_WORDS=(openreg $c -); COMP_CWORD=2; _openreg;
				printf \"%s\n\" \"\${COMPREPLY[@]}\"" - "$3" | sort >"$2/got"
			cmp -s "$2/want" "$2/got" || { echo "$c" >&2; exit 1; }
		done' - "$OPENREG" "$TRASH" "$SRC"
else
	test_skip "bash completion" "no bash, or openreg runs through a wrapper"
fi

if command -v zsh >/dev/null 2>&1; then
	test_assert "the zsh completion loads" zsh -fc 'autoload -Uz compinit && compinit -u -d "$1/zcomp" &&
		fpath=("$2/cmd/completion" $fpath) && autoload -Uz _openreg' - "$TRASH" "$SRC"
else
	test_skip "the zsh completion loads" "no zsh"
fi

test_done
