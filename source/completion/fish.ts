// The fish completion script: one `complete` line per option and operand, each guarded by the
// subcommand it belongs to. The subcommand and the connection options are found by the same walk
// over the words as in the bash script, since fish's own __fish_use_subcommand takes the value of
// `-c prod` for a subcommand, and image references must come from the engine the line names.
import type {CompletionCommand} from '../cli-args';
import {valueOptionWords} from './words';

function optionLine(condition: string, option: CompletionCommand['options'][number]): string {
	const short = option.short ? ` -s ${option.short.slice(1)}` : '';
	const choices = option.choices ? ` -x -a '${option.choices.join(' ')}'` : null;
	const value = option.long === '--context' ? " -x -a '(dockswab __complete contexts (commandline -ct) 2>/dev/null)'" : (choices ?? (option.takesValue ? ' -x' : ''));
	return `complete -c dockswab${condition}${short} -l ${option.long.slice(2)}${value}`;
}

/** `__dockswab_walk command|connection`: the subcommand typed before the cursor, or the connection options given, one a line. */
function walkFunction(commands: readonly CompletionCommand[]): string {
	return `function __dockswab_walk --argument-names want
	set -l words (commandline -opc)
	set -l command
	set -l connection
	set -l i 2
	while test $i -le (count $words)
		set -l word $words[$i]
		switch $word
			case -H --host -c --context
				set i (math $i + 1)
				test $i -le (count $words); and set -a connection $word $words[$i]
			case '--host=*' '--context=*'
				set -a connection $word
			case ${valueOptionWords(commands).join(' ')}
				set i (math $i + 1)
			case '-*'
			case '*'
				test -z "$command"; and set command $word
		end
		set i (math $i + 1)
	end
	if test "$want" = command
		echo $command
	else
		printf '%s\\n' $connection
	end
end
function __dockswab_command_is --argument-names name
	test "$(__dockswab_walk command)" = "$name"
end`;
}

export function fishScript(commands: readonly CompletionCommand[]): string {
	const [main, ...subcommands] = commands;
	const lines = ['# dockswab completion for fish. Install it with: dockswab completion fish > ~/.config/fish/completions/dockswab.fish', walkFunction(commands), 'complete -c dockswab -f'];
	const everywhere = new Set(main!.options.map(option => option.long));
	for (const option of main!.options) lines.push(optionLine('', option));
	lines.push(`complete -c dockswab -n "__dockswab_command_is ''" -a '${(main!.operands as readonly string[]).join(' ')}'`);
	for (const command of subcommands) {
		const condition = ` -n '__dockswab_command_is ${command.name}'`;
		for (const option of command.options) if (!everywhere.has(option.long)) lines.push(optionLine(condition, option));
		// The engine is asked only for a word that is not an option, as in the bash script.
		if (command.operands === 'images')
			lines.push(
				`complete -c dockswab -n '__dockswab_command_is ${command.name}; and not string match -q -- "-*" (commandline -ct)' -a '(dockswab (__dockswab_walk connection) __complete images (commandline -ct) 2>/dev/null)'`,
			);
		else if (command.operands.length > 0) lines.push(`complete -c dockswab${condition} -a '${command.operands.join(' ')}'`);
	}
	return `${lines.join('\n')}\n`;
}
