# bash completion for openreg: commands, options and their values, record
# ids for log and show, revisions.  It asks the program itself (openreg help
# --commands, openreg help --options COMMAND), so it follows the program's
# option tables.  Installed by make install; or: source this file.

_openreg_revisions() {
	git for-each-ref --format='%(refname:short)' refs/heads refs/tags refs/remotes 2>/dev/null
	echo HEAD
}

# organisation/<id>, contact/<id>, ...: the records folder's <type>s/ folders
_openreg_records() {
	local top
	top=$(git rev-parse --show-toplevel 2>/dev/null) || return
	git -C "$top" ls-files -- 'records/*.yaml' 2>/dev/null |
		sed -n 's|^records/\([a-z][a-z-]*\)s/\(.*/\)\{0,1\}\([^/]*\)\.yaml$|\1/\3|p'
}

_openreg_types() {
	local top
	top=$(git rev-parse --show-toplevel 2>/dev/null) || return
	awk '/^[^ #]/ { in_types = /^types:/ } in_types && /^  [a-z][a-z-]*:/ { sub(/:.*/, ""); print $1 }' \
		"$top/schemas/register.yaml" 2>/dev/null
}

# the values of option $1 of command $2 that start with $3 (a|b|c, REV, FILE, ...);
# status 1 when the option takes no value
_openreg_values() {
	local values
	values=$(openreg help --options "$2" 2>/dev/null | awk -F'\t' -v o="$1" '$1 == o { print $2 }')
	case "$values" in
	'') return 1 ;;
	*'|'*) compgen -W "${values//|/ }" -- "$3" ;;
	REV) compgen -W "$(_openreg_revisions)" -- "$3" ;;
	A..B) compgen -W "$(_openreg_revisions | sed 's/$/../')" -- "$3" ;;
	FILE|DIR) compgen -f -- "$3" ;;
	esac
	return 0
}

_openreg() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]} opt
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(openreg help --commands 2>/dev/null)" -- "$cur"))
		return
	fi
	# --opt=VALUE: bash splits at '='
	if [ "$cur" = "=" ]; then
		opt=$prev cur=
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 3 ]; then
		opt=${COMP_WORDS[COMP_CWORD-2]}
	else
		opt=$prev
	fi
	# the value of an option that takes one
	case "$opt" in
	-*)
		if _openreg_values "$opt" "$cmd" "" >/dev/null; then
			COMPREPLY=($(_openreg_values "$opt" "$cmd" "$cur"))
			return
		fi
		;;
	esac
	case "$cur" in
	-*)
		COMPREPLY=($(compgen -W "$(openreg help --options "$cmd" 2>/dev/null | cut -f1)" -- "$cur"))
		return
		;;
	esac
	case "$cmd" in
	log | show) COMPREPLY=($(compgen -W "$(_openreg_records)" -- "$cur")) ;;
	diff) COMPREPLY=($(compgen -W "$(_openreg_revisions)" -- "$cur")) ;;
	new) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_openreg_types)" -- "$cur")) ;;
	help) COMPREPLY=($(compgen -W "$(openreg help --commands 2>/dev/null)" -- "$cur")) ;;
	hooks)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "install run" -- "$cur"))
		elif [ "${COMP_WORDS[2]}" = run ] && [ "$COMP_CWORD" -eq 3 ]; then
			COMPREPLY=($(compgen -W "pre-commit commit-msg pre-receive" -- "$cur"))
		fi
		;;
	validate | init) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -F _openreg openreg
