// The bash completion script. Words are read from COMP_LINE up to the cursor rather than from
// COMP_WORDS: bash splits COMP_WORDS at ':' (COMP_WORDBREAKS), which would cut `app:1.0` and
// `tcp://host:2375` into pieces. Candidates are then trimmed up to the last ':' of the word, as
// bash will insert them after that break.
import type {CompletionCommand} from '../cli-args';
import {casePattern, choiceOptions, optionWords, valueOptionWords} from './words';

function commandCase(command: CompletionCommand): string {
	const operands = command.operands === 'images' ? `images=1` : `fixed=${JSON.stringify(command.operands.join(' '))}`;
	return `\t\t\t\t${command.name === '' ? '""' : command.name}) options=${JSON.stringify(optionWords(command).join(' '))}; ${operands} ;;`;
}

export function bashScript(commands: readonly CompletionCommand[]): string {
	const valueOptions = casePattern(valueOptionWords(commands));
	return `# dockswab completion for bash. Load it with: eval "$(dockswab completion bash)"
_dockswab() {
	local -a words connection
	if [[ -n \${COMP_LINE+set} ]]; then
		local line="\${COMP_LINE:0:COMP_POINT}"
		read -ra words <<< "$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	else
		words=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
	fi
	local cword=$((\${#words[@]} - 1))
	local cur="\${words[cword]}" prev="" command="" i word
	((cword > 0)) && prev="\${words[cword-1]}"
	for ((i = 1; i < cword; i++)); do
		word="\${words[i]}"
		case "$word" in
			-H|--host|-c|--context) ((i + 1 < cword)) && connection+=("$word" "\${words[i+1]}"); ((i++)) ;;
			--host=*|--context=*) connection+=("$word") ;;
			${valueOptions}) ((i++)) ;;
			-*) ;;
			*) [[ -z $command ]] && command="$word" ;;
		esac
	done
	local -a candidates
	case "$prev" in
		-c|--context) mapfile -t candidates < <(dockswab __complete contexts "$cur" 2>/dev/null) ;;
${choiceOptions(commands)
	.map(({long, choices}) => `\t\t${long}) mapfile -t candidates < <(compgen -W "${choices.join(' ')}" -- "$cur") ;;`)
	.join('\n')}
		${valueOptions}) COMPREPLY=(); return 0 ;;
		*)
			local options="" fixed="" images=""
			case "$command" in
${commands.map(commandCase).join('\n')}
				*) return 0 ;;
			esac
			if [[ $cur == -* ]]; then
				mapfile -t candidates < <(compgen -W "$options" -- "$cur")
			elif [[ -n $images ]]; then
				mapfile -t candidates < <(dockswab "\${connection[@]}" __complete images "$cur" 2>/dev/null)
			else
				mapfile -t candidates < <(compgen -W "$fixed" -- "$cur")
			fi
			;;
	esac
	local broken=""
	[[ $COMP_WORDBREAKS == *:* && $cur == *:* ]] && broken="\${cur%"\${cur##*:}"}"
	COMPREPLY=("\${candidates[@]#"$broken"}")
}
complete -F _dockswab dockswab
`;
}
