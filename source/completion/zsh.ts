// The zsh completion script: the same walk over the words as the bash one, answered with compadd.
// It is either eval'd (it then registers itself with compdef) or installed as _dockswab in $fpath,
// where compinit autoloads it and the file's body runs as the function _dockswab: then it defines
// the real function and calls it for the Tab that loaded it.
import type {CompletionCommand} from '../cli-args';
import {casePattern, choiceOptions, optionWords, valueOptionWords} from './words';

function commandCase(command: CompletionCommand): string {
	const operands = command.operands === 'images' ? 'images=1' : `fixed=(${command.operands.join(' ')})`;
	return `\t\t\t\t${command.name === '' ? "''" : command.name}) options=(${optionWords(command).join(' ')}); ${operands} ;;`;
}

export function zshScript(commands: readonly CompletionCommand[]): string {
	const valueOptions = casePattern(valueOptionWords(commands));
	return `#compdef dockswab
# dockswab completion for zsh. Load it with: eval "$(dockswab completion zsh)" (after compinit)
_dockswab() {
	local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" command="" word
	local -a connection options fixed
	local images="" i
	for (( i = 2; i < CURRENT; i++ )); do
		word="\${words[i]}"
		case "$word" in
			-H|--host|-c|--context) (( i + 1 < CURRENT )) && connection+=("$word" "\${words[i+1]}"); (( i++ )) ;;
			--host=*|--context=*) connection+=("$word") ;;
			${valueOptions}) (( i++ )) ;;
			-*) ;;
			*) [[ -z $command ]] && command="$word" ;;
		esac
	done
	case "$prev" in
		-c|--context) compadd -- \${(f)"$(dockswab __complete contexts "$cur" 2>/dev/null)"}; return ;;
${choiceOptions(commands)
	.map(({long, choices}) => `\t\t${long}) compadd -- ${choices.join(' ')}; return ;;`)
	.join('\n')}
		${valueOptions}) return 1 ;;
		*)
			case "$command" in
${commands.map(commandCase).join('\n')}
				*) return 1 ;;
			esac
			if [[ $cur == -* ]]; then
				compadd -- $options
			elif [[ -n $images ]]; then
				compadd -- \${(f)"$(dockswab $connection __complete images "$cur" 2>/dev/null)"}
			else
				compadd -- $fixed
			fi
			;;
	esac
}
if [[ \${funcstack[1]} == _dockswab ]]; then
	_dockswab "$@"
else
	compdef _dockswab dockswab
fi
`;
}
